#pragma once

#include "Http.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>

namespace enclii::http {

// One Server-Sent Event. id orders the feed (the client resumes after it with Last-Event-ID);
// data is one line (compact JSON).
struct StreamEvent
{
    qint64 id = 0;
    QByteArray type;
    QByteArray data;
};

// The open Server-Sent Events connections of one feed, and the fan-out to them (the HTML
// Standard's text/event-stream). A client that connects with Last-Event-ID (or ?after=) first
// gets what it missed from replay(), then every published event. Lives on the server's
// thread. A keep-alive comment every 15 s keeps proxies and the connection guard from
// closing a quiet stream; a client whose socket backs up past a bound is dropped rather than
// buffered without end (it reconnects and replays from the database).
class EventStream : public QObject
{
    Q_OBJECT
public:
    using Replay = std::function<QList<StreamEvent>(qint64 afterId, int limit)>;
    static constexpr int kMaxClients = 256;
    static constexpr qint64 kMaxBackloggedBytes = 4 * 1024 * 1024;

    explicit EventStream(Replay replay, QObject *parent = nullptr);
    ~EventStream() override;

    // The response to a GET on the feed: a stream, or 503 when too many clients are open.
    // ?topics=a,b keeps only those event types.
    Response open(const Request &request);
    // Writes events to every client whose filter takes them; ids must increase.
    void publish(const QList<StreamEvent> &events);

    int clientCount() const { return int(m_clients.size()); }
    qint64 lastId() const { return m_lastId; }
    void setLastId(qint64 id) { m_lastId = id; }

    static QByteArray format(const StreamEvent &e);

private:
    struct Client
    {
        QPointer<QTcpSocket> socket;
        QList<QByteArray> topics; // empty: all
    };
    void attach(QTcpSocket *socket, qint64 after, QList<QByteArray> topics);
    bool send(Client &client, const QByteArray &bytes);
    void keepAlive();

    Replay m_replay;
    QList<Client> m_clients;
    QTimer m_keepAlive;
    qint64 m_lastId = 0;
};

} // namespace enclii::http
