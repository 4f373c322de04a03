#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

namespace enclii::store {

class Database;

struct FeedEvent
{
    qint64 id = 0;
    QString topic;
    QJsonObject payload;
};

// The events table (migration 0006): what GET /v1/events streams. Rows are written by
// triggers on the tables they describe; this reads them in id order and prunes old ones.
class EventFeed
{
public:
    static constexpr const char *kChannel = "enclii_events";

    explicit EventFeed(Database &db);

    QList<FeedEvent> since(qint64 afterId, int limit);
    qint64 lastId();
    // Deletes events older than the given age; returns how many.
    int prune(int olderThanSeconds);

private:
    Database &m_db;
};

} // namespace enclii::store
