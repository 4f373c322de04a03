#include "RollupMeter_p.h"

#include "Metering.h"
#include "UsageEvent.h"
#include "UsageJson.h"

#include "store/PqxxUtil_p.h"

#include <pqxx/pqxx>

#include <QDateTime>
#include <QHash>

#include <algorithm>

namespace enclii::waybill::detail {

using store::detail::qstr;
using store::detail::textArrayLiteral;

qint64 monthStartMs(qint64 ms)
{
    const QDate d = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).date();
    return QDateTime(QDate(d.year(), d.month(), 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
}

qint64 nextMonthStartMs(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(monthStartMs(ms), Qt::UTC).addMonths(1).toMSecsSinceEpoch();
}

namespace {

// The SQL condition for a scope; $2 project ('' for any), $3/$4 the (project, resource) pairs
// (empty arrays for any).
const char *const kScope =
    " AND ($2 = '' OR project = $2)"
    " AND (cardinality($3::text[]) = 0 OR (project, resource) IN (SELECT * FROM unnest($3::text[], $4::text[])))";

struct ResourceEvents
{
    QList<UsageEvent> lifecycle; // sorted by time
    QList<UsageEvent> points;    // sorted by time
};

bool earlier(const UsageEvent &a, const UsageEvent &b)
{
    return a.timestamp.toMSecsSinceEpoch() < b.timestamp.toMSecsSinceEpoch();
}

void readRows(const pqxx::result &rows, QHash<QPair<QString, QString>, ResourceEvents> *out, int *unreadable)
{
    for (const auto &r : rows) {
        const auto type = usageTypeFromName(qstr(r[1]));
        const auto quantities = quantitiesFromJson(QByteArray::fromStdString(r[4].as<std::string>()));
        if (!type || !quantities) {
            ++*unreadable;
            continue;
        }
        UsageEvent e;
        e.idempotencyKey = qstr(r[0]);
        e.type = *type;
        e.project = qstr(r[2]);
        e.resource = qstr(r[3]);
        e.quantities = *quantities;
        e.timestamp = QDateTime::fromMSecsSinceEpoch(r[5].as<long long>(), Qt::UTC);
        const bool point = e.type == UsageType::BuildCompleted || e.type == UsageType::BuildFailed || e.type == UsageType::BandwidthUsage;
        ResourceEvents &re = (*out)[qMakePair(e.project, e.resource)];
        (point ? re.points : re.lifecycle).append(std::move(e));
    }
}

} // namespace

UsageTotals meterDay(pqxx::transaction_base &tx, qint64 dayStartMs, const QList<Window> &windows, const MeterScope &scope,
                     int *unreadable)
{
    UsageTotals out;
    if (windows.isEmpty())
        return out;
    QStringList projects, resources;
    for (const auto &pr : scope.resources) {
        projects << pr.first;
        resources << pr.second;
    }
    const std::string projectArray = textArrayLiteral(projects);
    const std::string resourceArray = textArrayLiteral(resources);
    const long long dayStart = dayStartMs;
    const long long firstStart = windows.first().startMs;
    const long long lastEnd = windows.last().endMs;
    QHash<QPair<QString, QString>, ResourceEvents> byResource;

    // Each resource's state at the start of the day. The predicate repeats the partial index's
    // (0008_waybill.sql) word for word so the planner can use it.
    const std::string prefix = std::string(
        "WITH last_full AS ("
        "  SELECT DISTINCT ON (project, resource) project, resource, occurred_at AS since, type"
        "  FROM usage_events"
        "  WHERE type NOT IN ('build.completed', 'build.failed', 'bandwidth.usage') AND type <> 'deployment.scaled'"
        "    AND occurred_at < timestamptz 'epoch' + $1::bigint * interval '1 millisecond'") + kScope +
        "  ORDER BY project, resource, occurred_at DESC, idempotency_key DESC"
        ")"
        " SELECT e.idempotency_key, e.type, e.project, e.resource, e.quantities::text,"
        "        (extract(epoch FROM e.occurred_at) * 1000)::bigint"
        " FROM usage_events e JOIN last_full l ON e.project = l.project AND e.resource = l.resource"
        " WHERE l.type NOT IN ('deployment.stopped', 'volume.deleted', 'domain.removed')"
        "   AND e.type NOT IN ('build.completed', 'build.failed', 'bandwidth.usage')"
        "   AND e.occurred_at >= l.since AND e.occurred_at < timestamptz 'epoch' + $1::bigint * interval '1 millisecond'";
    readRows(tx.exec_params(prefix, dayStart, scope.project.toStdString(), projectArray, resourceArray), &byResource, unreadable);

    // The day itself: lifecycle events from its start, point events inside the windows.
    const std::string day = std::string(
        "SELECT idempotency_key, type, project, resource, quantities::text, (extract(epoch FROM occurred_at) * 1000)::bigint"
        " FROM usage_events"
        " WHERE occurred_at >= timestamptz 'epoch' + $1::bigint * interval '1 millisecond'"
        "   AND occurred_at < timestamptz 'epoch' + $6::bigint * interval '1 millisecond'"
        "   AND (type NOT IN ('build.completed', 'build.failed', 'bandwidth.usage')"
        "        OR occurred_at >= timestamptz 'epoch' + $5::bigint * interval '1 millisecond')") + kScope;
    readRows(tx.exec_params(day, dayStart, scope.project.toStdString(), projectArray, resourceArray, firstStart, lastEnd),
             &byResource, unreadable);

    for (auto it = byResource.begin(); it != byResource.end(); ++it) {
        ResourceEvents &re = *it;
        std::stable_sort(re.lifecycle.begin(), re.lifecycle.end(), earlier);
        std::stable_sort(re.points.begin(), re.points.end(), earlier);
        for (const Window &w : windows) {
            QList<UsageEvent> events;
            for (const UsageEvent &e : re.lifecycle) {
                if (e.timestamp.toMSecsSinceEpoch() >= w.endMs)
                    break;
                events << e;
            }
            const auto lo = std::lower_bound(re.points.cbegin(), re.points.cend(), w.startMs,
                                             [](const UsageEvent &e, qint64 ms) { return e.timestamp.toMSecsSinceEpoch() < ms; });
            for (auto p = lo; p != re.points.cend() && p->timestamp.toMSecsSinceEpoch() < w.endMs; ++p)
                events << *p;
            if (events.isEmpty())
                continue;
            const MeterResult result = meter(events, QDateTime::fromMSecsSinceEpoch(w.startMs, Qt::UTC),
                                             QDateTime::fromMSecsSinceEpoch(w.endMs, Qt::UTC));
            for (auto p = result.usage.cbegin(); p != result.usage.cend(); ++p) {
                for (auto m = p->cbegin(); m != p->cend(); ++m)
                    out[UsageKey{w.startMs, p.key(), it.key().second, m.key()}] = *m;
            }
        }
    }
    return out;
}

} // namespace enclii::waybill::detail
