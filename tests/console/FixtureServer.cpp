#include "FixtureServer.h"

#include <QFile>
#include <QTcpSocket>
#include <QUrlQuery>

namespace enclii::test {

namespace {
constexpr qsizetype MaxRequestBytes = 1024 * 1024;
} // namespace

QByteArray FixtureServer::Exchange::queryValue(const QByteArray &key) const
{
    return QUrlQuery(QString::fromLatin1(query)).queryItemValue(QString::fromLatin1(key), QUrl::FullyDecoded).toUtf8();
}

FixtureServer::FixtureServer(QObject *parent)
    : QObject(parent)
    , m_ecosystemBody(fixture())
{
    connect(&m_server, &QTcpServer::newConnection, this, &FixtureServer::onNewConnection);
}

QByteArray FixtureServer::fixture()
{
    QFile file(QStringLiteral(ENCLII_CONSOLE_FIXTURE));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool FixtureServer::start(quint16 port)
{
    if (!m_server.listen(QHostAddress::LocalHost, port))
        return false;
    m_port = m_server.serverPort();
    return true;
}

void FixtureServer::stop()
{
    m_server.close();
    for (const QPointer<QTcpSocket> &socket : std::as_const(m_sockets))
        if (socket)
            socket->abort();
    m_sockets.clear();
    m_streams.clear();
}

QUrl FixtureServer::url() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port));
}

void FixtureServer::setEcosystem(int status, const QByteArray &body, const QByteArray &contentType)
{
    m_ecosystemStatus = status;
    m_ecosystemBody = body;
    m_ecosystemType = contentType;
}

int FixtureServer::openStreams() const
{
    int n = 0;
    for (const QPointer<QTcpSocket> &socket : m_streams)
        n += socket && socket->state() == QAbstractSocket::ConnectedState;
    return n;
}

void FixtureServer::sendEvent(const QByteArray &raw)
{
    for (const QPointer<QTcpSocket> &socket : std::as_const(m_streams))
        if (socket && socket->state() == QAbstractSocket::ConnectedState) {
            socket->write(raw);
            socket->flush();
        }
}

void FixtureServer::closeStreams()
{
    const QList<QPointer<QTcpSocket>> streams = std::exchange(m_streams, {});
    for (const QPointer<QTcpSocket> &socket : streams)
        if (socket)
            socket->abort();
}

void FixtureServer::onNewConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        socket->setParent(this);
        m_sockets.append(socket);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    }
}

void FixtureServer::onReadyRead(QTcpSocket *socket)
{
    if (socket->property("answered").toBool()) {
        socket->readAll(); // one request per connection
        return;
    }
    const QByteArray request = socket->property("buffer").toByteArray() + socket->readAll();
    const qsizetype headerEnd = request.indexOf("\r\n\r\n");
    if (headerEnd < 0 || request.size() > MaxRequestBytes) {
        socket->setProperty("buffer", request);
        return;
    }
    Exchange exchange;
    const QList<QByteArray> lines = request.left(headerEnd).split('\n');
    const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
    exchange.method = first.value(0);
    const QByteArray target = first.value(1);
    const qsizetype question = target.indexOf('?');
    exchange.path = question < 0 ? target : target.left(question);
    exchange.query = question < 0 ? QByteArray() : target.mid(question + 1);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines.at(i).indexOf(':');
        if (colon > 0)
            exchange.headers.insert(lines.at(i).left(colon).trimmed().toLower(), lines.at(i).mid(colon + 1).trimmed());
    }
    const qsizetype length = exchange.headers.value("content-length").toLongLong();
    exchange.body = request.mid(headerEnd + 4);
    if (exchange.body.size() < length) {
        socket->setProperty("buffer", request);
        return;
    }
    socket->setProperty("answered", true);
    ++m_requests[exchange.path];
    m_exchanges.append(exchange);
    respond(socket, exchange);
}

void FixtureServer::respond(QTcpSocket *socket, const Exchange &exchange)
{
    if (exchange.method == "GET" && !m_streamPath.isEmpty() && exchange.path == m_streamPath) {
        // Held open: no length, the body is whatever sendEvent() writes until the end.
        socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
                      "Connection: close\r\n\r\n");
        socket->flush();
        m_streams.append(socket);
        return;
    }

    Reply reply{404, R"({"type":"about:blank","title":"Not Found","status":404})", "application/problem+json"};
    if (std::optional<Reply> routed = m_route ? m_route(exchange) : std::nullopt) {
        reply = *routed;
    } else if (exchange.method == "GET" && exchange.path == "/healthz") {
        reply = {200, R"({"status":"ok"})", "application/json"};
    } else if (exchange.method == "GET" && exchange.path == "/v1/ecosystem") {
        reply = {m_ecosystemStatus, m_ecosystemBody, m_ecosystemType};
    }
    const QByteArray reason = reply.status < 300 ? "OK" : (reply.status == 404 ? "Not Found" : "Error");
    QByteArray response = "HTTP/1.1 " + QByteArray::number(reply.status) + ' ' + reason + "\r\n";
    response += "Content-Type: " + reply.contentType + "\r\n";
    response += "Content-Length: " + QByteArray::number(reply.body.size()) + "\r\n";
    response += "Connection: close\r\n\r\n";
    response += reply.body;
    socket->write(response);
    socket->disconnectFromHost();
}

} // namespace enclii::test
