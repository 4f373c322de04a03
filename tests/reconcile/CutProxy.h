#pragma once

// A TCP relay between a client and a server on loopback that a test can cut: every open
// connection is dropped and new ones are refused until it is restored. What a network
// partition does to a watch.

#include <QHostAddress>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>

#include <vector>

namespace enclii::testing {

class CutProxy : public QObject
{
public:
    explicit CutProxy(quint16 target) : m_target(target)
    {
        m_server.listen(QHostAddress::LocalHost);
        connect(&m_server, &QTcpServer::newConnection, this, &CutProxy::accept);
    }

    quint16 port() const { return m_server.serverPort(); }

    void cut()
    {
        m_cut = true;
        for (auto &[a, b] : m_pairs) {
            if (a)
                a->abort();
            if (b)
                b->abort();
        }
        m_pairs.clear();
    }
    void restore() { m_cut = false; }

private:
    void accept()
    {
        while (QTcpSocket *client = m_server.nextPendingConnection()) {
            client->setParent(this);
            if (m_cut) {
                client->abort();
                client->deleteLater();
                continue;
            }
            auto *upstream = new QTcpSocket(this);
            upstream->connectToHost(QHostAddress::LocalHost, m_target);
            const auto relay = [](QTcpSocket *from, QTcpSocket *to) {
                connect(from, &QTcpSocket::readyRead, to, [from, to] { to->write(from->readAll()); });
                connect(from, &QTcpSocket::disconnected, to, [to] { to->disconnectFromHost(); });
            };
            connect(upstream, &QTcpSocket::connected, client, [client, upstream] { upstream->write(client->readAll()); });
            relay(client, upstream);
            relay(upstream, client);
            m_pairs.push_back({client, upstream});
        }
    }

    quint16 m_target;
    QTcpServer m_server;
    std::vector<std::pair<QPointer<QTcpSocket>, QPointer<QTcpSocket>>> m_pairs;
    bool m_cut = false;
};

} // namespace enclii::testing
