#pragma once

#include "http/Router.h"

#include <QObject>

#include <memory>

namespace enclii::http {
class EventStream;
struct StreamEvent;
}
namespace enclii::store {
class EventFeed;
class Listener;
}
namespace enclii::roundhouse {
class BuildQueue;
class BuildRecord;
}

namespace enclii::api {

// GET /v1/events (catalog.read): the one Server-Sent Events stream the console follows.
// Rows come from the events table (written by triggers, so a worker in another process is
// heard too); a NOTIFY wakes this process, which reads the new rows and sends them. A "build"
// row is sent as the build's current summary (several rows for one build in a batch become
// one event); a "log" row as the line. Resumes after Last-Event-ID from the table.
class EventsResource : public QObject
{
    Q_OBJECT
public:
    EventsResource(store::EventFeed &feed, roundhouse::BuildQueue &queue, roundhouse::BuildRecord &record,
                   QString connectionString, QObject *parent = nullptr);
    ~EventsResource() override;

    // Starts listening; false with the reason (the stream then still works, with polling).
    bool start(QString *error);
    void registerRoutes(http::Router &router);
    int clientCount() const;
    static constexpr int kRetentionSeconds = 24 * 3600;

    // Reads and sends what is new; also run by a slow timer in case a NOTIFY was missed.
    void pump();

private:
    QList<http::StreamEvent> load(qint64 afterId, int limit);

    store::EventFeed &m_feed;
    roundhouse::BuildQueue &m_queue;
    roundhouse::BuildRecord &m_record;
    std::unique_ptr<store::Listener> m_listener;
    std::unique_ptr<http::EventStream> m_stream;
};

} // namespace enclii::api
