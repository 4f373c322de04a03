#include "EventsResource.h"

#include "http/EventStream.h"
#include "roundhouse/BuildQueue.h"
#include "roundhouse/BuildRecord.h"
#include "store/EventFeed.h"
#include "store/Listener.h"

#include <QJsonDocument>
#include <QSet>
#include <QTimer>

#include <spdlog/spdlog.h>

namespace enclii::api {

namespace {

constexpr int kBatch = 1000;

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

} // namespace

EventsResource::EventsResource(store::EventFeed &feed, roundhouse::BuildQueue &queue, roundhouse::BuildRecord &record,
                               QString connectionString, QObject *parent)
    : QObject(parent), m_feed(feed), m_queue(queue), m_record(record),
      m_listener(std::make_unique<store::Listener>(std::move(connectionString), QString::fromLatin1(store::EventFeed::kChannel))),
      m_stream(std::make_unique<http::EventStream>([this](qint64 after, int limit) { return load(after, limit); }))
{
    connect(m_listener.get(), &store::Listener::notified, this, &EventsResource::pump);
    connect(m_listener.get(), &store::Listener::reconnected, this, &EventsResource::pump);
    auto *timer = new QTimer(this);
    timer->setInterval(5000);
    connect(timer, &QTimer::timeout, this, &EventsResource::pump);
    timer->start();
    // The feed is for following, not for history (builds, logs and releases keep that): a day
    // of it is kept for reconnecting clients.
    auto *pruner = new QTimer(this);
    pruner->setInterval(10 * 60 * 1000);
    connect(pruner, &QTimer::timeout, this, [this] {
        try {
            if (const int n = m_feed.prune(kRetentionSeconds))
                spdlog::debug("event feed: pruned {} event(s)", n);
        } catch (const std::exception &e) {
            spdlog::warn("event feed: pruning failed: {}", e.what());
        }
    });
    pruner->start();
}

EventsResource::~EventsResource() = default;

bool EventsResource::start(QString *error)
{
    try {
        m_stream->setLastId(m_feed.lastId());
    } catch (const std::exception &e) {
        spdlog::warn("event feed: cannot read the last event id: {}", e.what());
    }
    return m_listener->start(error);
}

void EventsResource::registerRoutes(http::Router &router)
{
    router.add("GET", QStringLiteral("/v1/events"), [this](const http::Request &r) { return m_stream->open(r); },
               http::RouteAccess{QStringLiteral("catalog.read"), {}});
}

int EventsResource::clientCount() const
{
    return m_stream->clientCount();
}

void EventsResource::pump()
{
    try {
        for (int round = 0; round < 100; ++round) {
            const QList<http::StreamEvent> events = load(m_stream->lastId(), kBatch);
            if (events.isEmpty())
                return;
            m_stream->publish(events);
            if (events.size() < kBatch / 2)
                return;
        }
    } catch (const std::exception &e) {
        spdlog::warn("event feed: {}", e.what()); // the next NOTIFY or timer tick tries again
    }
}

QList<http::StreamEvent> EventsResource::load(qint64 afterId, int limit)
{
    const QList<store::FeedEvent> rows = m_feed.since(afterId, limit);
    // A build's rows in this batch become one event, at the position of its last row.
    QHash<qint64, qint64> lastRowOfBuild;
    for (const store::FeedEvent &r : rows)
        if (r.topic == QLatin1String("build"))
            lastRowOfBuild[r.payload.value(QStringLiteral("build")).toInteger()] = r.id;
    QList<http::StreamEvent> out;
    qint64 lastId = afterId;
    for (const store::FeedEvent &r : rows) {
        lastId = r.id;
        if (r.topic == QLatin1String("build")) {
            const qint64 build = r.payload.value(QStringLiteral("build")).toInteger();
            if (lastRowOfBuild.value(build) != r.id)
                continue;
            const auto job = m_queue.job(build);
            if (!job)
                continue;
            out << http::StreamEvent{r.id, "build", compact(roundhouse::buildJson(*job, m_record.steps(build)))};
        } else {
            out << http::StreamEvent{r.id, r.topic.toUtf8(), compact(r.payload)};
        }
    }
    // Rows skipped at the end still move the stream on: a heartbeat event carries the id.
    if (!rows.isEmpty() && (out.isEmpty() || out.last().id != lastId))
        out << http::StreamEvent{lastId, "position", QByteArrayLiteral("{}")};
    return out;
}

} // namespace enclii::api
