#pragma once

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QUrl>

class QTcpSocket;

namespace enclii::test {

// A tiny loopback HTTP/1.1 server standing in for encliid: GET /healthz and
// GET /v1/ecosystem, one request per connection. It can stop and start again on the same
// port, which is how the tests take the "daemon" away and bring it back.
class FixtureServer : public QObject
{
    Q_OBJECT

public:
    explicit FixtureServer(QObject *parent = nullptr);

    // tests/data/ecosystem.json as bytes; empty if unreadable.
    static QByteArray fixture();

    bool start(quint16 port = 0);
    void stop();
    bool isListening() const { return m_server.isListening(); }
    quint16 port() const { return m_port; }
    QUrl url() const;

    void setEcosystem(int status, const QByteArray &body,
                      const QByteArray &contentType = "application/json");
    int requestCount(const QByteArray &path) const { return m_requests.value(path); }

private:
    void onNewConnection();
    void onReadyRead(QTcpSocket *socket);

    QTcpServer m_server;
    QList<QPointer<QTcpSocket>> m_sockets;
    quint16 m_port = 0;
    int m_ecosystemStatus = 200;
    QByteArray m_ecosystemBody;
    QByteArray m_ecosystemType = "application/json";
    QHash<QByteArray, int> m_requests;
};

} // namespace enclii::test
