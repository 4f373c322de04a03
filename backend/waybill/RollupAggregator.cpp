#include "RollupAggregator.h"

#include "RollupMeter_p.h"
#include "UsageJson.h"

#include "store/Database.h"
#include "store/PqxxUtil_p.h"

#include <pqxx/pqxx>

#include <QSet>

#include <map>
#include <set>

namespace enclii::waybill {

using namespace detail;
using store::detail::qstr;
using store::detail::textArrayLiteral;

namespace {

using Snapshot = pqxx::transaction<pqxx::repeatable_read>;

const char *const kEpochMs = "timestamptz 'epoch' + %1 * interval '1 millisecond'";

std::string at(const char *param)
{
    return QString::fromLatin1(kEpochMs).arg(QLatin1String(param)).toStdString();
}

std::string numbers(const QList<qint64> &values)
{
    QStringList text;
    for (qint64 v : values)
        text << QString::number(v);
    return textArrayLiteral(text);
}

std::optional<qint64> optionalMs(const pqxx::field &f)
{
    return f.is_null() ? std::nullopt : std::optional<qint64>(f.as<long long>());
}

std::optional<qint64> watermark(pqxx::transaction_base &tx)
{
    return optionalMs(tx.exec("SELECT (extract(epoch FROM hourly_through) * 1000)::bigint FROM usage_rollup_state")[0][0]);
}

QList<Window> hourWindows(const std::set<qint64> &hours)
{
    QList<Window> out;
    for (qint64 h : hours)
        out << Window{h, h + kHourMs};
    return out;
}

// Replaces the hourly rows of `hours` x `pairs` (every resource when pairs is empty) by totals.
void writeHours(pqxx::transaction_base &tx, const std::set<qint64> &hours, const QList<QPair<QString, QString>> &pairs,
                const UsageTotals &totals)
{
    QList<qint64> hourList(hours.cbegin(), hours.cend());
    QStringList scopeProjects, scopeResources, projects, resources, metrics, quantities;
    QList<qint64> windows;
    for (const auto &pr : pairs) {
        scopeProjects << pr.first;
        scopeResources << pr.second;
    }
    for (const auto &[key, quantity] : totals) {
        if (!quantity.isValid())
            continue; // an overflowed total is no figure; check mode will show the hour as missing
        windows << key.windowStartMs;
        projects << key.project;
        resources << key.resource;
        metrics << key.metric;
        quantities << quantity.toString();
    }
    const std::string rows[] = {numbers(windows), textArrayLiteral(projects), textArrayLiteral(resources),
                                textArrayLiteral(metrics), textArrayLiteral(quantities)};
    tx.exec_params("DELETE FROM usage_rollups r"
                   " WHERE r.granularity = 'hour'"
                   "   AND r.window_start IN (SELECT " + at("h") + " FROM unnest($1::bigint[]) h)"
                   "   AND (cardinality($2::text[]) = 0 OR (r.project, r.resource) IN (SELECT * FROM unnest($2::text[], $3::text[])))"
                   "   AND NOT EXISTS (SELECT 1 FROM unnest($4::bigint[], $5::text[], $6::text[], $7::text[]) n(w, p, res, m)"
                   "                   WHERE r.window_start = " + at("n.w") +
                   "                     AND r.project = n.p AND r.resource = n.res AND r.metric = n.m)",
                   numbers(hourList), textArrayLiteral(scopeProjects), textArrayLiteral(scopeResources), rows[0], rows[1], rows[2], rows[3]);
    if (windows.isEmpty())
        return;
    tx.exec_params("INSERT INTO usage_rollups (granularity, window_start, project, resource, metric, quantity)"
                   " SELECT 'hour', " + at("w") + ", p, r, m, q::numeric"
                   " FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[]) AS u(w, p, r, m, q)"
                   " ON CONFLICT (granularity, window_start, project, resource, metric)"
                   " DO UPDATE SET quantity = EXCLUDED.quantity, computed_at = now()"
                   "   WHERE usage_rollups.quantity <> EXCLUDED.quantity",
                   rows[0], rows[1], rows[2], rows[3], rows[4]);
}

struct Level
{
    const char *granularity;
    const char *source;
    const char *interval;
};
const Level kDay{"day", "hour", "1 day"};
const Level kMonth{"month", "day", "1 month"};

// Re-derives the `level` rows of [fromMs, toMs) (whole windows) from the rows below them.
// The session time zone is UTC (see connect()), so interval arithmetic keeps to UTC days and months.
void derive(pqxx::transaction_base &tx, const Level &level, qint64 fromMs, qint64 toMs)
{
    const long long from = fromMs, to = toMs;
    tx.exec_params("INSERT INTO usage_rollups (granularity, window_start, project, resource, metric, quantity)"
                   " SELECT $1, date_trunc($1, window_start, 'UTC'), project, resource, metric, sum(quantity)"
                   " FROM usage_rollups"
                   " WHERE granularity = $2 AND window_start >= " + at("$3::bigint") + " AND window_start < " + at("$4::bigint") +
                   " GROUP BY 2, 3, 4, 5"
                   " ON CONFLICT (granularity, window_start, project, resource, metric)"
                   " DO UPDATE SET quantity = EXCLUDED.quantity, computed_at = now()"
                   "   WHERE usage_rollups.quantity <> EXCLUDED.quantity",
                   level.granularity, level.source, from, to);
    tx.exec_params("DELETE FROM usage_rollups r"
                   " WHERE r.granularity = $1 AND r.window_start >= " + at("$3::bigint") + " AND r.window_start < " + at("$4::bigint") +
                   "   AND NOT EXISTS (SELECT 1 FROM usage_rollups s"
                   "                   WHERE s.granularity = $2 AND s.project = r.project AND s.resource = r.resource"
                   "                     AND s.metric = r.metric AND s.window_start >= r.window_start"
                   "                     AND s.window_start < r.window_start + $5::interval)",
                   level.granularity, level.source, from, to, level.interval);
}

// Days and months over the given hours, re-derived.
void deriveAbove(pqxx::transaction_base &tx, const std::set<qint64> &hours)
{
    std::set<qint64> days, months;
    for (qint64 h : hours) {
        days.insert(floorTo(h, kDayMs));
        months.insert(monthStartMs(h));
    }
    for (qint64 day : days)
        derive(tx, kDay, day, day + kDayMs);
    for (qint64 month : months)
        derive(tx, kMonth, month, nextMonthStartMs(month));
}

std::optional<Decimal> decimalOf(const pqxx::field &f)
{
    return f.is_null() ? std::nullopt : Decimal::parse(qstr(f));
}

} // namespace

QString RollupDifference::toString() const
{
    const auto text = [](const std::optional<Decimal> &d) { return d ? d->toString() : QStringLiteral("(no row)"); };
    return QStringLiteral("%1 %2 %3/%4 %5: stored %6, expected %7")
        .arg(granularity, formatUtcTimestamp(windowStart), project, resource, metric, text(stored), text(expected));
}

struct RollupAggregator::Private
{
    QString connectionString;
    Options options;
    std::unique_ptr<pqxx::connection> connection;
    bool leader = false;

    pqxx::connection &connect()
    {
        if (!connection || !connection->is_open()) {
            leader = false;
            connection = std::make_unique<pqxx::connection>(connectionString.toStdString());
            pqxx::nontransaction tx(*connection);
            // Day and month arithmetic on timestamptz follows the session's zone: make it UTC.
            tx.exec("SET TIME ZONE 'UTC'");
            tx.exec("SET application_name = 'encliid waybill aggregator'");
        }
        return *connection;
    }

    qint64 now() const
    {
        return (options.clock ? options.clock() : QDateTime::currentDateTimeUtc()).toMSecsSinceEpoch();
    }

    void commit(pqxx::transaction_base &tx)
    {
        if (options.beforeCommit)
            options.beforeCommit();
        tx.commit();
    }

    bool lateEvents(RunReport &report);
    bool newHours(RunReport &report);
};

RollupAggregator::RollupAggregator(QString connectionString, Options options) : d(std::make_unique<Private>())
{
    d->connectionString = std::move(connectionString);
    d->options = std::move(options);
    d->options.hoursPerChunk = std::max(1, d->options.hoursPerChunk);
    d->options.marksPerChunk = std::max(1, d->options.marksPerChunk);
}

RollupAggregator::RollupAggregator(QString connectionString) : RollupAggregator(std::move(connectionString), Options{}) {}

RollupAggregator::~RollupAggregator() = default;

bool RollupAggregator::tryLead(QString *error)
{
    if (d->leader && d->connection && d->connection->is_open())
        return true;
    try {
        pqxx::connection &c = d->connect();
        pqxx::nontransaction tx(c);
        d->leader = tx.exec_params("SELECT pg_try_advisory_lock($1)", static_cast<long long>(kLockKey))[0][0].as<bool>();
    } catch (const std::exception &e) {
        resign();
        if (error)
            *error = QStringLiteral("the rollup aggregator cannot reach the database: %1").arg(store::redactedError(e));
    }
    return d->leader;
}

bool RollupAggregator::isLeader() const
{
    return d->leader;
}

void RollupAggregator::resign()
{
    if (d->leader && d->connection && d->connection->is_open()) {
        // Unlock first: the server ends a closed session a moment later, and another replica
        // should not have to wait for that.
        try {
            pqxx::nontransaction tx(*d->connection);
            tx.exec_params("SELECT pg_advisory_unlock($1)", static_cast<long long>(kLockKey));
        } catch (const std::exception &) {
            // a broken connection: the server releases the lock when it notices
        }
    }
    d->leader = false;
    d->connection.reset();
}

bool RollupAggregator::Private::lateEvents(RunReport &report)
{
    for (;;) {
        Snapshot tx(*connection);
        const auto through = watermark(tx);
        const auto marks = tx.exec_params("SELECT id, project, resource, (extract(epoch FROM hour) * 1000)::bigint, lifecycle"
                                          " FROM usage_dirty ORDER BY id LIMIT $1",
                                          options.marksPerChunk);
        if (marks.empty())
            return true;
        // day -> the hours to meter again and the resources to meter in them
        std::map<qint64, std::pair<std::set<qint64>, QSet<QPair<QString, QString>>>> work;
        QList<qint64> ids;
        for (const auto &m : marks) {
            ids << m[0].as<long long>();
            const qint64 hour = m[3].as<long long>();
            if (!through || hour >= *through)
                continue; // not rolled up yet: the new-hours step meters it from a later snapshot
            const qint64 last = m[4].as<bool>() ? *through - kHourMs : hour;
            for (qint64 h = hour; h <= last; h += kHourMs) {
                auto &w = work[floorTo(h, kDayMs)];
                w.first.insert(h);
                w.second.insert(qMakePair(qstr(m[1]), qstr(m[2])));
            }
        }
        std::set<qint64> allHours;
        for (const auto &[day, w] : work) {
            MeterScope scope;
            scope.resources = QList<QPair<QString, QString>>(w.second.cbegin(), w.second.cend());
            const UsageTotals totals = meterDay(tx, day, hourWindows(w.first), scope, &report.unreadableEvents);
            writeHours(tx, w.first, scope.resources, totals);
            allHours.insert(w.first.cbegin(), w.first.cend());
            report.hoursMetered += int(w.first.size());
        }
        deriveAbove(tx, allHours);
        tx.exec_params("DELETE FROM usage_dirty WHERE id = ANY($1::bigint[])", numbers(ids));
        commit(tx);
        ++report.chunks;
        report.marksCleared += int(ids.size());
        if (int(marks.size()) < options.marksPerChunk)
            return true;
    }
}

bool RollupAggregator::Private::newHours(RunReport &report)
{
    for (;;) {
        const qint64 target = floorTo(now() - options.settleMs, kHourMs);
        Snapshot tx(*connection);
        std::optional<qint64> from = watermark(tx);
        if (!from) {
            const auto first = optionalMs(tx.exec("SELECT (extract(epoch FROM min(occurred_at)) * 1000)::bigint FROM usage_events")[0][0]);
            if (!first)
                return true;
            from = floorTo(*first, kHourMs);
        }
        if (*from >= target)
            return true;
        const qint64 to = std::min({*from + qint64(options.hoursPerChunk) * kHourMs, floorTo(*from, kDayMs) + kDayMs, target});
        std::set<qint64> hours;
        for (qint64 h = *from; h < to; h += kHourMs)
            hours.insert(h);
        const UsageTotals totals = meterDay(tx, floorTo(*from, kDayMs), hourWindows(hours), {}, &report.unreadableEvents);
        writeHours(tx, hours, {}, totals);
        deriveAbove(tx, hours);
        tx.exec_params("UPDATE usage_rollup_state SET hourly_through = " + at("$1::bigint") + ", updated_at = now()",
                       static_cast<long long>(to));
        commit(tx);
        ++report.chunks;
        report.hoursMetered += int(hours.size());
    }
}

RollupAggregator::RunReport RollupAggregator::runOnce()
{
    RunReport report;
    if (!tryLead(&report.error))
        return report;
    report.leader = true;
    try {
        d->lateEvents(report);
        d->newHours(report);
    } catch (const std::exception &e) {
        report.error = QStringLiteral("rollup pass stopped: %1").arg(store::redactedError(e));
        resign(); // the connection may be broken; the next pass starts from a fresh one
    }
    report.hourlyThrough = hourlyThrough();
    return report;
}

QDateTime RollupAggregator::hourlyThrough(QString *error)
{
    try {
        pqxx::read_transaction tx(d->connect());
        const auto ms = watermark(tx);
        return ms ? QDateTime::fromMSecsSinceEpoch(*ms, Qt::UTC) : QDateTime();
    } catch (const std::exception &e) {
        if (error)
            *error = store::redactedError(e);
        resign();
        return {};
    }
}

QList<RollupDifference> RollupAggregator::check(const QDateTime &fromTime, const QDateTime &toTime, QString *error)
{
    QList<RollupDifference> out;
    const auto add = [&out](const char *granularity, qint64 w, const QString &p, const QString &r, const QString &m,
                            std::optional<Decimal> stored, std::optional<Decimal> expected) {
        out << RollupDifference{QString::fromLatin1(granularity), QDateTime::fromMSecsSinceEpoch(w, Qt::UTC), p, r, m, stored, expected};
    };
    try {
        Snapshot tx(d->connect());
        const auto through = watermark(tx);
        if (!through)
            return out;
        const qint64 from = floorTo(fromTime.toMSecsSinceEpoch(), kHourMs);
        const qint64 to = std::min(floorTo(toTime.toMSecsSinceEpoch() + kHourMs - 1, kHourMs), *through);
        int unreadable = 0;
        for (qint64 day = floorTo(from, kDayMs); day < to; day += kDayMs) {
            std::set<qint64> hours;
            for (qint64 h = std::max(day, from); h < std::min(day + kDayMs, to); h += kHourMs)
                hours.insert(h);
            const UsageTotals expected = meterDay(tx, day, hourWindows(hours), {}, &unreadable);
            UsageTotals stored;
            const long long lo = *hours.begin(), hi = *hours.rbegin() + kHourMs;
            for (const auto &r : tx.exec_params("SELECT (extract(epoch FROM window_start) * 1000)::bigint, project, resource, metric, quantity::text"
                                                " FROM usage_rollups WHERE granularity = 'hour'"
                                                "   AND window_start >= " + at("$1::bigint") + " AND window_start < " + at("$2::bigint"),
                                                lo, hi))
                stored[UsageKey{r[0].as<long long>(), qstr(r[1]), qstr(r[2]), qstr(r[3])}] = decimalOf(r[4]).value_or(Decimal());
            for (const auto &[k, q] : expected) {
                const auto s = stored.find(k);
                if (s == stored.end() || !(s->second == q))
                    add("hour", k.windowStartMs, k.project, k.resource, k.metric,
                        s == stored.end() ? std::nullopt : std::optional<Decimal>(s->second), q);
            }
            for (const auto &[k, q] : stored)
                if (!expected.count(k))
                    add("hour", k.windowStartMs, k.project, k.resource, k.metric, q, std::nullopt);
        }
        // Days and months against the sums of the rows below them, over whole windows.
        const Level *levels[] = {&kDay, &kMonth};
        for (const Level *level : levels) {
            const bool month = level == &kMonth;
            const long long lo = month ? monthStartMs(from) : floorTo(from, kDayMs);
            const long long hi = month ? nextMonthStartMs(to - 1) : floorTo(to - 1, kDayMs) + kDayMs;
            const auto rows = tx.exec_params(
                "WITH fresh AS ("
                "  SELECT date_trunc($1, window_start, 'UTC') AS w, project, resource, metric, sum(quantity) AS q"
                "  FROM usage_rollups WHERE granularity = $2"
                "    AND window_start >= " + at("$3::bigint") + " AND window_start < " + at("$4::bigint") +
                "  GROUP BY 1, 2, 3, 4),"
                " kept AS ("
                "  SELECT window_start AS w, project, resource, metric, quantity AS q FROM usage_rollups"
                "  WHERE granularity = $1 AND window_start >= " + at("$3::bigint") + " AND window_start < " + at("$4::bigint") + ")"
                " SELECT (extract(epoch FROM w) * 1000)::bigint, project, resource, metric, k.q::text, f.q::text"
                " FROM fresh f FULL JOIN kept k USING (w, project, resource, metric)"
                " WHERE f.q IS DISTINCT FROM k.q",
                level->granularity, level->source, lo, hi);
            for (const auto &r : rows)
                add(level->granularity, r[0].as<long long>(), qstr(r[1]), qstr(r[2]), qstr(r[3]), decimalOf(r[4]), decimalOf(r[5]));
        }
    } catch (const std::exception &e) {
        if (error)
            *error = QStringLiteral("rollup check failed: %1").arg(store::redactedError(e));
        resign();
    }
    return out;
}

} // namespace enclii::waybill
