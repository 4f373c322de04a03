#pragma once

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QUrl>

#include <functional>
#include <optional>

class QTcpSocket;

namespace enclii::test {

// A tiny loopback HTTP/1.1 server standing in for encliid: GET /healthz and
// GET /v1/ecosystem, one request per connection. It can stop and start again on the same
// port, which is how the tests take the "daemon" away and bring it back.
//
// Tests add resources with setRoute(), and a server-sent event stream with
// setEventStream(): GET on that path is held open (text/event-stream) and sendEvent()
// writes to every open stream.
class FixtureServer : public QObject
{
    Q_OBJECT

public:
    // One request as it arrived; header names in lower case.
    struct Exchange
    {
        QByteArray method;
        QByteArray path;  // without the query
        QByteArray query; // after '?', undecoded
        QHash<QByteArray, QByteArray> headers;
        QByteArray body;
        QByteArray queryValue(const QByteArray &key) const;
    };
    struct Reply
    {
        int status = 200;
        QByteArray body;
        QByteArray contentType = "application/json";
    };
    // Consulted first; nullopt falls through to the built-in resources (and then 404).
    using Route = std::function<std::optional<Reply>(const Exchange &)>;

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
    const QList<Exchange> &exchanges() const { return m_exchanges; }

    void setRoute(Route route) { m_route = std::move(route); }
    // Empty path: no stream (GET falls through to the routes).
    void setEventStream(const QByteArray &path) { m_streamPath = path; }
    int openStreams() const;
    // Raw bytes to every open stream, e.g. "event: build\ndata: {...}\n\n".
    void sendEvent(const QByteArray &raw);
    // Drops every open stream, as a daemon restart or a broken connection would.
    void closeStreams();

private:
    void onNewConnection();
    void onReadyRead(QTcpSocket *socket);
    void respond(QTcpSocket *socket, const Exchange &exchange);

    QTcpServer m_server;
    QList<QPointer<QTcpSocket>> m_sockets;
    QList<QPointer<QTcpSocket>> m_streams;
    quint16 m_port = 0;
    int m_ecosystemStatus = 200;
    QByteArray m_ecosystemBody;
    QByteArray m_ecosystemType = "application/json";
    QHash<QByteArray, int> m_requests;
    QList<Exchange> m_exchanges;
    Route m_route;
    QByteArray m_streamPath;
};

} // namespace enclii::test
