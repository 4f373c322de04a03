#pragma once

#include "waybill/UsageEvent.h"
#include "waybill/UsageJson.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <functional>
#include <optional>

namespace enclii::store {
class Database;
struct UsageQuery;
struct UsageRow;
}

namespace enclii::waybill {

// Takes usage events in and stores each one exactly once, in the append-only usage_events
// table. The one path for events posted to /v1/usage/events and for the daemon's own
// emitters (record()). Thread-safe: it keeps no state between calls.
//
// Per event:
//  - It must be well-formed (validateUsageEvent()), with an idempotency key of at most
//    kMaxKeyLength characters, a project and resource of at most kMaxNameLength, no NUL
//    characters, and a timestamp no more than 5 minutes ahead of this server's clock and no
//    older than the grace window (48 hours unless configured): later than that, the hours it
//    belongs to may already be rolled up and invoiced.
//  - Its idempotency key names it. The same key with the same body (canonicalBody(): the same
//    type, project, resource, quantities and instant) is a duplicate: accepted and ignored,
//    whenever it comes back - even after the grace window. The same key with another body is
//    a conflict: the stored event stays as it is.
//
// A batch (at most kMaxBatch events) is one transaction: a multi-row INSERT ... ON CONFLICT
// DO NOTHING, then a lookup of the keys that were already there to tell duplicates from
// conflicts. The caller chooses what a bad item does to the rest:
//  - AllOrNothing: any invalid or conflicting item and nothing is stored; the items that would
//    have been stored are reported Rejected.
//  - Partial: the valid new items are stored; the others are reported.
class UsageIngest
{
public:
    static constexpr qsizetype kMaxBatch = 1000;
    static constexpr qsizetype kMaxKeyLength = 200;
    static constexpr qsizetype kMaxNameLength = 253;

    struct Options
    {
        qint64 graceMs = 48LL * 3600 * 1000;   // how late an event may arrive
        qint64 maxFutureMs = 5LL * 60 * 1000;  // how far ahead of our clock it may be
        std::function<QDateTime()> clock;     // now, UTC; the system clock when empty (tests set it)
    };

    enum class Status {
        Accepted,  // stored now
        Duplicate, // stored before (or earlier in this batch) with the same body; nothing to do
        Invalid,   // refused; reason says why
        Conflict,  // the key is stored (or earlier in this batch) with another body; reason says so
        Rejected,  // fine on its own, not stored because the all-or-nothing batch was refused
    };
    static QString statusName(Status s); // "accepted", "duplicate", "invalid", "conflict", "rejected"

    struct ItemResult
    {
        Status status = Status::Invalid;
        QString idempotencyKey;
        QString reason; // empty for Accepted and Duplicate
    };

    struct BatchResult
    {
        QList<ItemResult> items; // one per submitted item, in order
        BatchMode mode = BatchMode::AllOrNothing;
        int accepted = 0;
        int duplicates = 0;
        int invalid = 0;
        int conflicts = 0;
        int rejected = 0;
        QString error; // set when the batch was refused before any item was looked at (too many items)

        // All-or-nothing and something was wrong: nothing was stored.
        bool refused() const { return !error.isEmpty() || rejected > 0 || (mode == BatchMode::AllOrNothing && (invalid > 0 || conflicts > 0)); }
    };

    UsageIngest(store::Database &db, Options options);
    explicit UsageIngest(store::Database &db);

    // Items that could not even be read (ParsedEvent::problem set) count as invalid. Database
    // errors propagate as exceptions (std::exception) with nothing stored; sending the same
    // events again is always safe.
    BatchResult ingest(const QList<ParsedEvent> &items, BatchMode mode, const QString &source);
    BatchResult ingest(const QList<UsageEvent> &events, BatchMode mode, const QString &source);

    // The daemon's own emitters: one event through the same path, source "encliid". An emitter
    // derives the key from what it reports (say "deploy/<id>/started"), so a retry after a
    // crash or an exception is a duplicate, never a second charge.
    ItemResult record(const UsageEvent &event);

    const Options &options() const { return m_options; }

private:
    QDateTime now() const;
    QString checkItem(const UsageEvent &e, qint64 nowMs, bool *tooLateOnly) const;

    store::Database &m_db;
    Options m_options;
};

// A stored row back as an event; nullopt (and *error) for a row this build cannot read.
std::optional<UsageEvent> usageEventFromRow(const store::UsageRow &row, QString *error = nullptr);

} // namespace enclii::waybill
