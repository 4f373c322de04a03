#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

#include <functional>

namespace enclii::store {

class Database;

// One stored usage event, as the table holds it. The store knows nothing of what the types
// and quantities mean (Waybill does): quantities are the JSON object text of exact decimal
// strings, the body hash whatever the caller computed.
struct UsageRow
{
    qint64 id = 0; // set by the database
    QString idempotencyKey;
    QString bodyHash;
    QString type;
    QString project;
    QString resource;
    QByteArray quantitiesJson; // {"replicas":"3","vcpu":"0.25"}
    qint64 occurredAtMs = 0;   // epoch milliseconds, UTC
    QDateTime receivedAt;      // set by the database
    QString source;
};

struct UsageQuery
{
    QString project;   // empty: every project
    qint64 fromMs = 0; // occurred_at >= from (0: no lower bound)
    qint64 toMs = 0;   // occurred_at < to (0: no upper bound)
    // Resume after this (occurred_at, id); afterId 0: from the start.
    qint64 afterMs = 0;
    qint64 afterId = 0;
    int limit = 100;
};

// The append-only usage_events table (migration 0004). Rows are only ever inserted.
class UsageRepository
{
public:
    explicit UsageRepository(Database &db);

    struct InsertOutcome
    {
        QSet<QString> inserted;               // keys this call stored
        QHash<QString, QString> existingHash; // key -> body hash, for keys that were stored before
    };

    // In one transaction: inserts every row whose idempotency key is new (one multi-row
    // INSERT ... ON CONFLICT DO NOTHING RETURNING), then looks up the body hashes of the keys
    // that already existed - including those a concurrent caller stored a moment earlier,
    // since the insert waits for that caller's transaction - and of alsoLookUp. keepIt(outcome)
    // then decides: true commits, false rolls everything back (the outcome is returned either
    // way). Rows are inserted in key order, so concurrent batches sharing keys cannot deadlock.
    InsertOutcome insertNew(const QList<UsageRow> &rows, const QStringList &alsoLookUp,
                            const std::function<bool(const InsertOutcome &)> &keepIt);

    // key -> body hash for those of keys that are stored.
    QHash<QString, QString> bodyHashes(const QStringList &keys);

    // Ordered by (occurred_at, id); at most query.limit rows.
    QList<UsageRow> list(const UsageQuery &query);

private:
    Database &m_db;
};

} // namespace enclii::store
