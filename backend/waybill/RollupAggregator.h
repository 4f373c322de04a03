#pragma once

#include "waybill/Decimal.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <functional>
#include <memory>

namespace enclii::waybill {

// One row of usage_rollups that check mode found wrong.
struct RollupDifference
{
    QString granularity; // "hour", "day", "month"
    QDateTime windowStart;
    QString project;
    QString resource;
    QString metric;
    std::optional<Decimal> stored;   // nullopt: no row where one belongs
    std::optional<Decimal> expected; // nullopt: a row where none belongs
    QString toString() const;
};

// Rolls usage events up into usage_rollups: hourly rows metered from the events (meter(), per
// project, resource and metric), daily rows summed from the hourly ones, monthly rows from the
// daily ones, all on UTC boundaries.
//
// One aggregator is active across all replicas: the one holding a session-level PostgreSQL
// advisory lock (kLockKey) on its own connection. Every write runs on that same connection, so
// an aggregator that loses its connection loses the lock and cannot write; another replica's
// next runOnce() takes over.
//
// A pass:
//  1. Late events. Storing an event marks its hour dirty (a trigger on usage_events, in the
//     same transaction). Marks for hours already rolled up are recomputed: a build or bandwidth
//     report its hour; a lifecycle event (deployment, volume, domain) its hour and every later
//     rolled-up hour of its resource, since it changes what ran after it.
//  2. New hours. Every closed hour (ended more than settleMs ago) after hourly_through is
//     metered, hoursPerChunk at a time.
// Each chunk is one REPEATABLE READ transaction that writes the hourly rows (upserts, and
// deletes the rows whose usage went away), re-derives the days and months they fall in,
// deletes the marks it read and moves hourly_through. Recomputing a window writes the same
// rows, so a pass killed at any point (kill -9 included) leaves committed chunks whole and is
// simply run again.
class RollupAggregator
{
public:
    static constexpr qint64 kLockKey = 0x656e636c69690001; // "enclii" + 1: the aggregator's advisory lock

    struct Options
    {
        qint64 settleMs = 60 * 1000; // an hour is rolled up once it has been over this long
        int hoursPerChunk = 6;       // hours per transaction (bounds the events held in memory)
        int marksPerChunk = 5000;    // dirty marks per transaction
        std::function<QDateTime()> clock; // now, UTC; the system clock when empty
        // Called inside each chunk's transaction just before it commits (tests pause or fail here).
        std::function<void()> beforeCommit;
    };

    struct RunReport
    {
        bool leader = false;
        int chunks = 0;         // transactions committed
        int hoursMetered = 0;   // hourly windows computed (a window per chunk and hour)
        int marksCleared = 0;
        int unreadableEvents = 0;
        QDateTime hourlyThrough; // after the pass; invalid when nothing was ever rolled up
        QString error;           // the pass stopped early (the committed chunks stand)
    };

    RollupAggregator(QString connectionString, Options options);
    explicit RollupAggregator(QString connectionString);
    ~RollupAggregator();
    RollupAggregator(const RollupAggregator &) = delete;
    RollupAggregator &operator=(const RollupAggregator &) = delete;

    // Takes the lock unless held already (connecting first when needed). False when another
    // aggregator holds it or the database cannot be reached (*error says which).
    bool tryLead(QString *error = nullptr);
    bool isLeader() const;
    // Gives the lock up (closes the connection).
    void resign();

    // One pass as described above; does nothing but report when this is not the leader.
    RunReport runOnce();

    // Check mode: meters every rolled-up hour in [from, to) again and compares with the stored
    // hourly rows, then checks that every daily and monthly row touching the range is the sum of
    // the rows below it. Writes nothing and needs no lock. An empty list means all is right.
    QList<RollupDifference> check(const QDateTime &from, const QDateTime &to, QString *error = nullptr);

    // The end of the rolled-up hours (invalid when none), as stored.
    QDateTime hourlyThrough(QString *error = nullptr);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace enclii::waybill
