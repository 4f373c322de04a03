#pragma once

#include "Router.h"

#include <QAbstractHttpServer>
#include <QHostAddress>

namespace enclii::http {

// Qt HttpServer front end: turns each request into a Request value, enforces the body
// limit, dispatches through the Router, and writes the Response. Handlers run on the
// thread of the event loop; each logs one line and feeds the request metrics.
class HttpServer : public QAbstractHttpServer
{
    Q_OBJECT
public:
    struct Options
    {
        qint64 maxBodyBytes = 1 << 20;
    };

    HttpServer(Router router, Options options, QObject *parent = nullptr);

    // Listens on address:port (port 0 picks a free one); returns the port, or 0 with the
    // reason in errorString().
    quint16 listenOn(const QHostAddress &address, quint16 port);
    QString errorString() const { return m_error; }

    Response handle(Request &request) const;
    // Replaces the routes; for composing routes that need the address the server got.
    void setRouter(Router router) { m_router = std::move(router); }
    const Router &router() const { return m_router; }

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    Router m_router;
    Options m_options;
    QString m_error;
};

} // namespace enclii::http
