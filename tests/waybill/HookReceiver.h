#pragma once

// A Slack-compatible incoming webhook for tests: records each POSTed body and answers a
// status the test chooses. On loopback, on its own thread (the code under test blocks).

#include <QByteArray>
#include <QMutex>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

namespace enclii::test {

class HookReceiver : public QObject
{
public:
    HookReceiver()
    {
        moveToThread(&m_thread);
        m_thread.start();
        QMetaObject::invokeMethod(this, [this] {
            m_server = new QTcpServer(this);
            m_server->listen(QHostAddress::LocalHost, 0);
            connect(m_server, &QTcpServer::newConnection, this, [this] {
                while (QTcpSocket *s = m_server->nextPendingConnection()) {
                    connect(s, &QTcpSocket::readyRead, this, [this, s] { read(s); });
                    connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
                }
            });
        }, Qt::BlockingQueuedConnection);
    }
    ~HookReceiver() override
    {
        QMetaObject::invokeMethod(this, [this] { delete m_server; }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }

    QString url() const { return QStringLiteral("http://127.0.0.1:%1/hook").arg(m_server->serverPort()); }
    void setStatus(int status)
    {
        QMutexLocker lock(&m_mutex);
        m_status = status;
    }
    QList<QByteArray> bodies() const
    {
        QMutexLocker lock(&m_mutex);
        return m_bodies;
    }

private:
    void read(QTcpSocket *s)
    {
        QByteArray buffer = s->property("buffer").toByteArray() + s->readAll();
        s->setProperty("buffer", buffer);
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        const qsizetype at = buffer.toLower().indexOf("content-length:");
        const qsizetype length = at < 0 ? 0 : buffer.mid(at + 15, buffer.indexOf('\r', at) - at - 15).trimmed().toLongLong();
        if (buffer.size() < end + 4 + length)
            return;
        int status = 200;
        {
            QMutexLocker lock(&m_mutex);
            m_bodies << buffer.mid(end + 4, length);
            status = m_status;
        }
        s->setProperty("buffer", QByteArray());
        s->write("HTTP/1.1 " + QByteArray::number(status) + " X\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
        s->disconnectFromHost();
    }

    QThread m_thread;
    QTcpServer *m_server = nullptr;
    mutable QMutex m_mutex;
    QList<QByteArray> m_bodies;
    int m_status = 200;
};

} // namespace enclii::test
