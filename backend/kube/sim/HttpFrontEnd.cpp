#include "HttpFrontEnd.h"

#include "Status.h"
#include "WatchStream.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>

#include <exception>

namespace enclii::kube::sim {

namespace {

constexpr qsizetype kMaxHeadBytes = 64 * 1024;
constexpr int kMaxHeaders = 100;
constexpr qint64 kMaxDrainBytes = 64 * 1024 * 1024;
constexpr int kIdleMs = 120000;
constexpr int kTransferMs = 30000;

const char *reason(int code)
{
    switch (code) {
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 411: return "Length Required";
    case 413: return "Request Entity Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Entity";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 504: return "Gateway Timeout";
    default: return code < 400 ? "OK" : "Error";
    }
}

// One client connection: requests are read and answered in turn until the client closes,
// a limit is hit, or a watch takes the connection over.
class Connection : public QObject
{
public:
    Connection(QTcpSocket *socket, const HttpFrontEnd::Handler &handler, const ObjectStore &store,
               const HttpFrontEnd::Options &options)
        : QObject(socket), m_socket(socket), m_handler(handler), m_store(store), m_options(options)
    {
        connect(socket, &QTcpSocket::readyRead, this, &Connection::onReadyRead);
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        m_deadline.setSingleShot(true);
        connect(&m_deadline, &QTimer::timeout, socket, &QTcpSocket::abort);
        m_deadline.start(kIdleMs);
    }

private:
    enum class State { Head, Body, Drain, Handed };

    void onReadyRead()
    {
        if (m_state == State::Handed) {
            m_socket->readAll(); // a watch client has nothing more to say
            return;
        }
        m_buffer += m_socket->readAll();
        while (m_state != State::Handed && m_socket->state() == QAbstractSocket::ConnectedState) {
            if (m_state == State::Drain) {
                m_drainLeft -= m_buffer.size();
                m_buffer.clear();
                if (m_drainLeft <= 0)
                    m_socket->disconnectFromHost();
                return;
            }
            if (m_state == State::Head && !readHead())
                return;
            if (m_state == State::Body) {
                if (m_buffer.size() < m_length) {
                    m_deadline.start(kTransferMs);
                    return;
                }
                m_request.body = m_buffer.left(m_length);
                m_buffer.remove(0, m_length);
                m_state = State::Head;
                dispatch();
            }
        }
    }

    // True when a whole head was read (the state moved on).
    bool readHead()
    {
        const qsizetype end = m_buffer.indexOf("\r\n\r\n");
        if (end < 0 || end > kMaxHeadBytes) {
            if (m_buffer.size() > kMaxHeadBytes)
                refuse(apiError(431, QStringLiteral("RequestHeaderFieldsTooLarge"),
                                QStringLiteral("the request line and headers exceed %1 bytes").arg(kMaxHeadBytes)), 0);
            else
                m_deadline.start(m_buffer.isEmpty() ? kIdleMs : kTransferMs);
            return false;
        }
        const QList<QByteArray> lines = m_buffer.left(end).split('\n');
        m_buffer.remove(0, end + 4);
        m_request = ApiRequest{};
        const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
        if (requestLine.size() != 3 || !requestLine[2].startsWith("HTTP/1.") || lines.size() > kMaxHeaders + 1) {
            refuse(badRequest(QStringLiteral("malformed HTTP/1.1 request line or too many headers")), 0);
            return false;
        }
        m_request.method = requestLine[0].toUpper();
        m_http10 = requestLine[2] == "HTTP/1.0";
        const QByteArray target = requestLine[1];
        const qsizetype q = target.indexOf('?');
        m_request.path = QUrl::fromPercentEncoding(target.left(q < 0 ? target.size() : q));
        if (q >= 0)
            m_request.query.setQuery(QString::fromUtf8(target.mid(q + 1)));
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            if (colon > 0)
                m_request.headers.insert(lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed());
        }
        if (m_request.headers.contains("transfer-encoding") && m_request.header("transfer-encoding").toLower() != "identity") {
            refuse(apiError(411, QStringLiteral("LengthRequired"),
                            QStringLiteral("chunked request bodies are not accepted; send a Content-Length")), 0);
            return false;
        }
        bool ok = true;
        m_length = m_request.headers.contains("content-length") ? m_request.header("content-length").toLongLong(&ok) : 0;
        if (!ok || m_length < 0) {
            refuse(badRequest(QStringLiteral("Content-Length must be a byte count")), 0);
            return false;
        }
        if (m_length > m_options.maxBodyBytes) {
            refuse(tooLarge(QStringLiteral("the request body of %1 bytes is over the limit of %2 bytes").arg(m_length).arg(m_options.maxBodyBytes)),
                   m_length);
            return false;
        }
        m_state = State::Body;
        return true;
    }

    void dispatch()
    {
        ApiResponse r;
        try {
            r = m_handler(m_request);
        } catch (const std::exception &) {
            r = ApiResponse::error(internalError(QStringLiteral("the simulated API server failed on this request")));
        }
        if (r.watch && m_request.method == "GET") {
            m_state = State::Handed;
            m_deadline.stop();
            new WatchStream(m_socket, m_store, *r.watch, m_options.bookmarkIntervalMs, m_options.defaultWatchTimeoutSeconds, m_socket);
            return;
        }
        const bool close = m_http10 || m_request.header("connection").toLower() == "close";
        write(r, close);
        m_deadline.start(kIdleMs);
    }

    void write(const ApiResponse &r, bool close)
    {
        QByteArray out = "HTTP/1.1 " + QByteArray::number(r.status) + ' ' + reason(r.status) + "\r\n";
        out += "Content-Type: " + r.contentType + "\r\n";
        out += "Content-Length: " + QByteArray::number(r.body.size()) + "\r\n";
        out += "Cache-Control: no-cache, private\r\n";
        if (close)
            out += "Connection: close\r\n";
        out += "\r\n";
        if (m_request.method != "HEAD")
            out += r.body;
        m_socket->write(out);
        if (close)
            m_socket->disconnectFromHost();
    }

    // Answers and closes; the rest of a declared body is read and dropped first so the client,
    // still sending, sees the answer rather than a reset.
    void refuse(const ApiError &e, qint64 declaredBody)
    {
        write(ApiResponse::error(e), false);
        m_state = State::Drain;
        m_drainLeft = declaredBody <= kMaxDrainBytes ? declaredBody - m_buffer.size() : 0;
        m_buffer.clear();
        m_deadline.start(kTransferMs);
        if (m_drainLeft <= 0)
            m_socket->disconnectFromHost();
    }

    QTcpSocket *m_socket;
    const HttpFrontEnd::Handler &m_handler;
    const ObjectStore &m_store;
    const HttpFrontEnd::Options &m_options;
    QTimer m_deadline;
    State m_state = State::Head;
    QByteArray m_buffer;
    ApiRequest m_request;
    qint64 m_length = 0;
    qint64 m_drainLeft = 0;
    bool m_http10 = false;
};

} // namespace

HttpFrontEnd::HttpFrontEnd(Handler handler, const ObjectStore &store, Options options, QObject *parent)
    : QObject(parent), m_handler(std::move(handler)), m_store(store), m_options(options)
{
}

HttpFrontEnd::~HttpFrontEnd() = default;

quint16 HttpFrontEnd::listen(const QHostAddress &address, quint16 port)
{
    if (!m_server) {
        m_server = new QTcpServer(this);
        connect(m_server, &QTcpServer::newConnection, this, &HttpFrontEnd::accept);
    }
    if (!m_server->listen(address, port)) {
        m_error = m_server->errorString();
        return 0;
    }
    return m_server->serverPort();
}

quint16 HttpFrontEnd::port() const
{
    return m_server ? m_server->serverPort() : 0;
}

void HttpFrontEnd::accept()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        socket->setParent(this); // closed with the server
        new Connection(socket, m_handler, m_store, m_options);
    }
}

} // namespace enclii::kube::sim
