#include "FixtureServer.h"

#include <QFile>
#include <QTcpSocket>

namespace enclii::test {

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
    QByteArray request = socket->property("buffer").toByteArray() + socket->readAll();
    if (!request.contains("\r\n\r\n")) {
        socket->setProperty("buffer", request);
        return;
    }
    const QList<QByteArray> line = request.left(request.indexOf("\r\n")).split(' ');
    const QByteArray method = line.value(0);
    const QByteArray path = line.value(1);
    ++m_requests[path];

    int status = 404;
    QByteArray body = R"({"type":"about:blank","title":"Not Found","status":404})";
    QByteArray type = "application/problem+json";
    if (method == "GET" && path == "/healthz") {
        status = 200;
        body = R"({"status":"ok"})";
        type = "application/json";
    } else if (method == "GET" && path == "/v1/ecosystem") {
        status = m_ecosystemStatus;
        body = m_ecosystemBody;
        type = m_ecosystemType;
    }
    const QByteArray reason = status == 200 ? "OK" : (status == 404 ? "Not Found" : "Error");
    QByteArray response = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n";
    response += "Content-Type: " + type + "\r\n";
    response += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    response += "Connection: close\r\n\r\n";
    response += body;
    socket->write(response);
    socket->disconnectFromHost();
}

} // namespace enclii::test
