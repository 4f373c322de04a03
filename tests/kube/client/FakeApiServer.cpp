#include "FakeApiServer.h"

#include <QHostAddress>
#include <QJsonDocument>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <optional>

namespace enclii::kube::test {

namespace {

QByteArray chunk(const QByteArray &piece)
{
    return QByteArray::number(piece.size(), 16) + "\r\n" + piece + "\r\n";
}

// A whole request (head and Content-Length body) from the front of the buffer, or nothing yet.
std::optional<FakeRequest> takeRequest(QByteArray &buffer)
{
    const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return std::nullopt;
    FakeRequest req;
    const QList<QByteArray> head = buffer.first(headEnd).split('\n');
    for (const QByteArray &raw : head.sliced(1)) {
        const QByteArray field = raw.trimmed();
        if (const qsizetype colon = field.indexOf(':'); colon > 0)
            req.headers.insert(field.first(colon).trimmed().toLower(), field.sliced(colon + 1).trimmed());
    }
    const qsizetype bodyStart = headEnd + 4;
    const qsizetype length = req.headers.value("content-length", "0").toLongLong();
    if (buffer.size() < bodyStart + length)
        return std::nullopt;
    const QList<QByteArray> requestLine = head.first().simplified().split(' '); // METHOD target HTTP/1.1
    const QUrl target = QUrl::fromEncoded(requestLine.value(1));
    req.method = requestLine.value(0);
    req.path = target.path(QUrl::FullyDecoded);
    req.query = QUrlQuery(target.query(QUrl::FullyEncoded));
    req.body = buffer.sliced(bodyStart, length);
    buffer.remove(0, bodyStart + length);
    return req;
}

} // namespace

QJsonObject FakeRequest::json() const
{
    return QJsonDocument::fromJson(body).object();
}

FakeReply FakeReply::json(int status, const QJsonObject &body)
{
    FakeReply r;
    r.status = status;
    r.headers = {{"Content-Type", "application/json"}};
    r.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return r;
}

FakeReply FakeReply::failure(int code, const QString &reason, const QString &message, const QJsonObject &details)
{
    QJsonObject s{{QStringLiteral("kind"), QStringLiteral("Status")},
                  {QStringLiteral("apiVersion"), QStringLiteral("v1")},
                  {QStringLiteral("metadata"), QJsonObject()},
                  {QStringLiteral("status"), QStringLiteral("Failure")},
                  {QStringLiteral("message"), message},
                  {QStringLiteral("reason"), reason},
                  {QStringLiteral("code"), code}};
    if (!details.isEmpty())
        s.insert(QStringLiteral("details"), details);
    return json(code, s);
}

FakeReply FakeReply::stream(QList<QByteArray> pieces, Ending ending, int pieceDelayMs)
{
    FakeReply r;
    r.headers = {{"Content-Type", "application/json"}};
    r.chunked = true;
    r.pieces = std::move(pieces);
    r.pieceDelayMs = pieceDelayMs;
    r.ending = ending;
    return r;
}

FakeApiServer::FakeApiServer(Handler handler, QObject *parent) : QObject(parent), m_handler(std::move(handler)) {}

FakeApiServer::~FakeApiServer() = default;

bool FakeApiServer::listen()
{
    m_server = std::make_unique<QTcpServer>();
    connect(m_server.get(), &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *socket = m_server->nextPendingConnection())
            accept(socket);
    });
    return m_server->listen(QHostAddress::LocalHost, 0);
}

bool FakeApiServer::listenTls(const QSslConfiguration &config)
{
    auto server = std::make_unique<QSslServer>();
    server->setSslConfiguration(config);
    connect(server.get(), &QSslServer::handshakeInterruptedOnError, this, [this] { ++m_tlsFailures; });
    connect(server.get(), &QSslServer::errorOccurred, this, [this] { ++m_tlsFailures; });
    m_server = std::move(server);
    m_scheme = QStringLiteral("https");
    // A TLS connection is pending only once its handshake is done, which newConnection precedes.
    connect(m_server.get(), &QTcpServer::pendingConnectionAvailable, this, [this] {
        while (QTcpSocket *socket = m_server->nextPendingConnection())
            accept(socket);
    });
    return m_server->listen(QHostAddress::LocalHost, 0);
}

QUrl FakeApiServer::url() const
{
    return QUrl(QStringLiteral("%1://127.0.0.1:%2").arg(m_scheme).arg(m_server->serverPort()));
}

QList<FakeRequest> FakeApiServer::requests(const QByteArray &method, const QString &pathPrefix, const QString &param) const
{
    QList<FakeRequest> out;
    for (const FakeRequest &r : m_requests)
        if (r.method == method && r.path.startsWith(pathPrefix) && (param.isEmpty() || r.hasParam(param)))
            out.append(r);
    return out;
}

QList<QPair<int, FakeRequest>> FakeApiServer::openStreams() const
{
    QList<QPair<int, FakeRequest>> out;
    for (auto it = m_streams.cbegin(); it != m_streams.cend(); ++it)
        if (it->socket && it->socket->state() == QAbstractSocket::ConnectedState)
            out.append({it.key(), it->request});
    return out;
}

void FakeApiServer::push(int streamId, const QByteArray &piece)
{
    const Stream s = m_streams.value(streamId);
    if (s.socket)
        s.socket->write(chunk(piece));
}

void FakeApiServer::finish(int streamId, bool drop)
{
    const Stream s = m_streams.take(streamId);
    if (!s.socket)
        return;
    if (drop) {
        s.socket->abort();
        return;
    }
    s.socket->write("0\r\n\r\n");
    s.socket->disconnectFromHost();
}

void FakeApiServer::accept(QTcpSocket *socket)
{
    socket->setParent(this);
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onData(socket); });
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    connect(socket, &QObject::destroyed, this, [this, socket] { m_buffers.remove(socket); });
    if (socket->bytesAvailable() > 0)
        onData(socket);
}

void FakeApiServer::onData(QTcpSocket *socket)
{
    QByteArray &buffer = m_buffers[socket];
    buffer += socket->readAll();
    std::optional<FakeRequest> req = takeRequest(buffer);
    if (!req)
        return;
    m_buffers.remove(socket);
    if (const auto *tls = qobject_cast<QSslSocket *>(socket))
        req->clientCertificateName = tls->peerCertificate().subjectInfo(QSslCertificate::CommonName).join(QLatin1Char(','));
    m_requests.append(*req);
    answer(socket, *req, m_handler(*req));
}

void FakeApiServer::answer(QTcpSocket *socket, const FakeRequest &request, const FakeReply &reply)
{
    if (reply.ending == FakeReply::Ending::Silent)
        return;
    if (reply.ending == FakeReply::Ending::Refuse) {
        socket->abort();
        return;
    }
    QByteArray head = "HTTP/1.1 " + QByteArray::number(reply.status) + " Fake\r\n";
    for (const auto &[name, value] : reply.headers)
        head += name + ": " + value + "\r\n";
    head += "Connection: close\r\n";
    if (!reply.chunked) {
        socket->write(head + "Content-Length: " + QByteArray::number(reply.body.size()) + "\r\n\r\n" + reply.body);
        socket->disconnectFromHost();
        return;
    }
    socket->write(head + "Transfer-Encoding: chunked\r\n\r\n");
    socket->flush();
    sendPieces(socket, reply.pieces, reply.pieceDelayMs, reply.ending, request);
}

void FakeApiServer::sendPieces(QPointer<QTcpSocket> socket, QList<QByteArray> pieces, int delayMs,
                               FakeReply::Ending ending, FakeRequest request)
{
    if (!socket)
        return;
    if (!pieces.isEmpty()) {
        socket->write(chunk(pieces.takeFirst()));
        socket->flush();
        QTimer::singleShot(delayMs, this, [=, this] { sendPieces(socket, pieces, delayMs, ending, request); });
        return;
    }
    switch (ending) {
    case FakeReply::Ending::KeepOpen:
        m_streams.insert(m_nextStream++, Stream{socket, request});
        return;
    case FakeReply::Ending::Drop:
        socket->abort();
        return;
    default:
        socket->write("0\r\n\r\n");
        socket->disconnectFromHost();
        return;
    }
}

} // namespace enclii::kube::test
