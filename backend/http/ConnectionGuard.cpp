#include "ConnectionGuard.h"

#include "Http.h"

#include <QScopeGuard>
#include <QTcpSocket>
#include <QTimer>

#include <chrono>

namespace enclii::http {

namespace {

constexpr qint64 kMaxHeadBytes = 64 * 1024;
// After a rejection the rest of a declared body is read and dropped, so the client (which is
// still sending) sees our answer instead of a reset; past this, the connection is just closed.
constexpr qint64 kMaxDrainBytes = 64 * 1024 * 1024;
// How long a connection may go without traffic: idle between requests, inside a request's
// head, inside its body, and while a refused body is drained.
constexpr std::chrono::milliseconds kIdleTimeout{120000};
constexpr std::chrono::milliseconds kHeadTimeout{30000};
constexpr std::chrono::milliseconds kBodyTimeout{30000};
constexpr std::chrono::milliseconds kDrainTimeout{10000};

class RequestFramer : public QObject
{
public:
    RequestFramer(QTcpSocket *socket, qint64 maxBody) : QObject(socket), m_socket(socket), m_maxBody(maxBody)
    {
        // Connected before Qt HttpServer's own slot, so it sees every chunk first.
        connect(socket, &QTcpSocket::readyRead, this, &RequestFramer::onReadyRead);
        // Qt HttpServer 6.4 has no timeouts of its own: a client that trickles a head, stalls
        // in a body or sits idle would hold its socket for ever. Any traffic, either way,
        // re-arms the deadline for the state the connection is in.
        m_deadline.setSingleShot(true);
        connect(&m_deadline, &QTimer::timeout, socket, &QTcpSocket::abort);
        connect(socket, &QTcpSocket::bytesWritten, this, &RequestFramer::rearm);
        rearm();
    }

private:
    enum class State { Head, Body, Rejected };

    void rearm()
    {
        using namespace std::chrono_literals;
        switch (m_state) {
        case State::Head: m_deadline.start(m_head.isEmpty() ? kIdleTimeout : kHeadTimeout); break;
        case State::Body: m_deadline.start(kBodyTimeout); break;
        case State::Rejected: m_deadline.start(kDrainTimeout); break;
        }
    }

    void onReadyRead()
    {
        const auto rearmAfter = qScopeGuard([this] {
            if (m_state != State::Rejected)
                rearm();
        });
        if (m_state == State::Rejected) {
            drain();
            return;
        }
        const QByteArray chunk = m_socket->peek(m_socket->bytesAvailable());
        qsizetype pos = 0;
        while (pos < chunk.size() && m_state != State::Rejected) {
            if (m_state == State::Body) {
                const qint64 take = std::min<qint64>(m_remaining, chunk.size() - pos);
                m_remaining -= take;
                pos += take;
                if (m_remaining == 0)
                    m_state = State::Head;
                continue;
            }
            const qsizetype old = m_head.size();
            m_head.append(chunk.constData() + pos, chunk.size() - pos);
            const qsizetype end = m_head.indexOf("\r\n\r\n", std::max<qsizetype>(0, old - 3));
            if (end < 0) {
                if (m_head.size() > kMaxHeadBytes)
                    reject(431, QStringLiteral("request-head-too-large"),
                           QStringLiteral("the request line and headers exceed %1 bytes").arg(kMaxHeadBytes), 0);
                pos = chunk.size();
                continue;
            }
            pos += end + 4 - old;
            inspectHead(m_head.left(end));
            m_head.clear();
        }
    }

    void inspectHead(const QByteArray &head)
    {
        qint64 length = 0;
        for (const QByteArray &line : head.split('\n')) {
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0)
                continue;
            const QByteArray name = line.left(colon).trimmed().toLower();
            const QByteArray value = line.mid(colon + 1).trimmed();
            if (name == "content-length") {
                bool ok = false;
                length = value.toLongLong(&ok);
                if (!ok || length < 0) {
                    reject(400, QStringLiteral("bad-content-length"), QStringLiteral("Content-Length must be a byte count"), 0);
                    return;
                }
            } else if (name == "transfer-encoding" && value.toLower() != "identity") {
                reject(411, QStringLiteral("length-required"),
                       QStringLiteral("chunked request bodies are not accepted; send a Content-Length"), 0);
                return;
            }
        }
        if (length > m_maxBody) {
            reject(413, QStringLiteral("payload-too-large"),
                   QStringLiteral("request bodies are limited to %1 bytes; send a smaller document").arg(m_maxBody), length);
            return;
        }
        m_remaining = length;
        m_state = length > 0 ? State::Body : State::Head;
    }

    void reject(int status, const QString &code, const QString &detail, qint64 declaredBody)
    {
        m_state = State::Rejected;
        rearm();
        m_drainLeft = declaredBody <= kMaxDrainBytes ? declaredBody : 0;
        const QByteArray body = Problem{status, code, QString::fromLatin1(reasonPhrase(status)), detail, {}}.toResponse().body;
        QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n"
                         "Content-Type: application/problem+json\r\n"
                         "Content-Length: " + QByteArray::number(body.size()) + "\r\n"
                         "Connection: close\r\n\r\n" + body;
        m_socket->write(out);
        drain();
    }

    void drain()
    {
        const QByteArray dropped = m_socket->readAll(); // Qt HttpServer's slot then finds nothing
        m_drainLeft -= dropped.size();
        if (m_drainLeft <= 0)
            m_socket->disconnectFromHost();
    }

    QTcpSocket *m_socket;
    qint64 m_maxBody;
    State m_state = State::Head;
    QByteArray m_head;
    qint64 m_remaining = 0;
    qint64 m_drainLeft = 0;
    QTimer m_deadline;
};

} // namespace

GuardedTcpServer::GuardedTcpServer(qint64 maxBodyBytes, QObject *parent)
    : QTcpServer(parent), m_maxBodyBytes(maxBodyBytes)
{
}

void GuardedTcpServer::incomingConnection(qintptr socketDescriptor)
{
    auto *socket = new QTcpSocket(this); // owned by the server until Qt HttpServer takes it
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        socket->deleteLater();
        return;
    }
    new RequestFramer(socket, m_maxBodyBytes); // child of the socket
    addPendingConnection(socket);
}

} // namespace enclii::http
