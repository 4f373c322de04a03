#include "EventStream.h"

#include <QTcpSocket>

namespace enclii::http {

namespace {

constexpr int kReplayLimit = 5000;

} // namespace

EventStream::EventStream(Replay replay, QObject *parent) : QObject(parent), m_replay(std::move(replay))
{
    m_keepAlive.setInterval(15000);
    connect(&m_keepAlive, &QTimer::timeout, this, &EventStream::keepAlive);
    m_keepAlive.start();
}

EventStream::~EventStream()
{
    for (const Client &c : std::as_const(m_clients))
        if (c.socket)
            c.socket->disconnectFromHost();
}

QByteArray EventStream::format(const StreamEvent &e)
{
    // data must not carry a line break: the stream's framing is by lines.
    QByteArray data = e.data;
    data.replace('\r', ' ').replace('\n', ' ');
    return "id: " + QByteArray::number(e.id) + "\nevent: " + e.type + "\ndata: " + data + "\n\n";
}

Response EventStream::open(const Request &request)
{
    if (m_clients.size() >= kMaxClients)
        return unavailable(QStringLiteral("too-many-streams"),
                           QStringLiteral("%1 event streams are open already; close one or poll the list endpoints instead")
                               .arg(kMaxClients))
            .toResponse(request.path);
    bool ok = true;
    QByteArray lastId = request.header("last-event-id");
    if (lastId.isEmpty())
        lastId = request.query.queryItemValue(QStringLiteral("after")).toLatin1();
    const qint64 after = lastId.isEmpty() ? m_lastId : lastId.trimmed().toLongLong(&ok);
    if (!ok || after < 0)
        return badRequest(QStringLiteral("bad-last-event-id"),
                          QStringLiteral("Last-Event-ID (or ?after=) must be a non-negative event id, got \"%1\"")
                              .arg(QString::fromLatin1(lastId.left(40))))
            .toResponse(request.path);
    QList<QByteArray> topics;
    for (const QString &t : request.query.queryItemValue(QStringLiteral("topics")).split(u',', Qt::SkipEmptyParts))
        topics << t.trimmed().toLatin1();

    Response r;
    r.headers = {{"Content-Type", "text/event-stream; charset=utf-8"}, {"Cache-Control", "no-cache"}, {"X-Accel-Buffering", "no"}};
    QPointer<EventStream> self(this);
    r.stream = [self, after, topics](QTcpSocket *socket) {
        if (self)
            self->attach(socket, after, topics);
        else
            socket->disconnectFromHost();
    };
    return r;
}

void EventStream::attach(QTcpSocket *socket, qint64 after, QList<QByteArray> topics)
{
    Client client{socket, std::move(topics)};
    // Tell the client how long to wait before reconnecting, then what it missed.
    if (!send(client, "retry: 2000\n\n"))
        return;
    if (after < m_lastId && m_replay) {
        for (const StreamEvent &e : m_replay(after, kReplayLimit)) {
            if (e.id > m_lastId)
                break; // published next; sent then
            if ((client.topics.isEmpty() || client.topics.contains(e.type)) && !send(client, format(e)))
                return;
        }
    }
    connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
        m_clients.removeIf([socket](const Client &c) { return c.socket == socket || !c.socket; });
    });
    m_clients.append(std::move(client));
}

bool EventStream::send(Client &client, const QByteArray &bytes)
{
    QTcpSocket *s = client.socket;
    if (!s || s->state() != QAbstractSocket::ConnectedState)
        return false;
    if (s->bytesToWrite() > kMaxBackloggedBytes) {
        s->abort(); // a reader this slow resumes from the database when it reconnects
        return false;
    }
    s->write(bytes);
    return true;
}

void EventStream::publish(const QList<StreamEvent> &events)
{
    for (const StreamEvent &e : events) {
        if (e.id <= m_lastId)
            continue;
        m_lastId = e.id;
        const QByteArray bytes = format(e);
        for (Client &c : m_clients)
            if (c.topics.isEmpty() || c.topics.contains(e.type))
                send(c, bytes);
    }
    m_clients.removeIf([](const Client &c) { return !c.socket || c.socket->state() != QAbstractSocket::ConnectedState; });
}

void EventStream::keepAlive()
{
    for (Client &c : m_clients)
        send(c, ": keepalive\n\n");
    m_clients.removeIf([](const Client &c) { return !c.socket || c.socket->state() != QAbstractSocket::ConnectedState; });
}

} // namespace enclii::http
