#pragma once

#include "ApiTypes.h"

#include <QHostAddress>
#include <QObject>

#include <functional>

class QTcpServer;

namespace enclii::kube::sim {

class ObjectStore;

// The simulated cluster's HTTP/1.1 server on a loopback port: reads requests with bounded
// heads (64 KiB, 100 headers) and bodies (Content-Length only, 3 MiB like the real server),
// answers every refusal with a meta/v1 Status, keeps connections alive between requests and
// turns watch responses into WatchStreams. Idle, slow-head and slow-body connections are
// closed, so no client can hold a socket for ever.
class HttpFrontEnd : public QObject
{
    Q_OBJECT
public:
    using Handler = std::function<ApiResponse(const ApiRequest &)>;
    struct Options
    {
        qint64 maxBodyBytes = 3 * 1024 * 1024;
        int bookmarkIntervalMs = 60000;
        int defaultWatchTimeoutSeconds = 1800;
    };

    HttpFrontEnd(Handler handler, const ObjectStore &store, Options options, QObject *parent = nullptr);
    ~HttpFrontEnd() override;

    // Port 0 picks a free one; returns the port, or 0 with the reason in errorString().
    quint16 listen(const QHostAddress &address, quint16 port);
    QString errorString() const { return m_error; }
    quint16 port() const;

private:
    void accept();

    Handler m_handler;
    const ObjectStore &m_store;
    Options m_options;
    QTcpServer *m_server = nullptr; // child
    QString m_error;
};

} // namespace enclii::kube::sim
