#include "UsageReports.h"

#include "RollupMeter_p.h"

#include "store/Database.h"
#include "store/PqxxUtil_p.h"

#include <pqxx/pqxx>

namespace enclii::waybill {

using namespace detail;
using store::detail::qstr;

UsageReports::UsageReports(store::Database &db, std::function<QDateTime()> clock) : m_db(db), m_clock(std::move(clock)) {}

QDateTime UsageReports::now() const
{
    return (m_clock ? m_clock() : QDateTime::currentDateTimeUtc()).toUTC();
}

QList<RollupPoint> UsageReports::rollups(const RollupQuery &q)
{
    QList<RollupPoint> out;
    const long long from = q.from.isValid() ? q.from.toMSecsSinceEpoch() : 0LL;
    const long long to = q.to.isValid() ? q.to.toMSecsSinceEpoch() : 253402300800000LL; // 10000-01-01
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::read_transaction tx(c);
        const auto rows = tx.exec_params(
            "SELECT (extract(epoch FROM window_start) * 1000)::bigint, project, CASE WHEN $6 THEN resource ELSE '' END AS res,"
            "       metric, sum(quantity)::text"
            " FROM usage_rollups"
            " WHERE granularity = $1 AND ($2 = '' OR project = $2) AND ($3 = '' OR metric = $3)"
            "   AND window_start >= timestamptz 'epoch' + $4::bigint * interval '1 millisecond'"
            "   AND window_start < timestamptz 'epoch' + $5::bigint * interval '1 millisecond'"
            " GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4 LIMIT $7",
            q.granularity.toStdString(), q.project.toStdString(), q.metric.toStdString(), from, to, q.byResource, q.limit);
        for (const auto &r : rows)
            out << RollupPoint{QDateTime::fromMSecsSinceEpoch(r[0].as<long long>(), Qt::UTC), qstr(r[1]), qstr(r[2]), qstr(r[3]),
                               Decimal::parse(qstr(r[4])).value_or(Decimal())};
    });
    return out;
}

MonthUsage UsageReports::month(const QString &project, const QDateTime &instant)
{
    const qint64 nowMs = floorTo(now().toMSecsSinceEpoch(), 60 * 1000);
    const qint64 at = instant.isValid() ? instant.toMSecsSinceEpoch() : nowMs;
    MonthUsage m;
    const qint64 start = monthStartMs(at);
    const qint64 end = nextMonthStartMs(at);
    const qint64 asOf = std::clamp(nowMs, start, end);
    m.monthStart = QDateTime::fromMSecsSinceEpoch(start, Qt::UTC);
    m.monthEnd = QDateTime::fromMSecsSinceEpoch(end, Qt::UTC);
    m.asOf = QDateTime::fromMSecsSinceEpoch(asOf, Qt::UTC);
    m_db.withConnection([&](pqxx::connection_base &c) {
        m.usage.clear();
        // One snapshot for the stored hours and the live rest, so nothing is counted twice or lost.
        pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx(c);
        const auto w = tx.exec("SELECT (extract(epoch FROM hourly_through) * 1000)::bigint FROM usage_rollup_state")[0][0];
        const qint64 through = w.is_null() ? start : std::clamp<qint64>(w.as<long long>(), start, asOf);
        if (!w.is_null())
            m.rolledUpThrough = QDateTime::fromMSecsSinceEpoch(w.as<long long>(), Qt::UTC);
        m.complete = !w.is_null() && w.as<long long>() >= end;
        for (const auto &r : tx.exec_params("SELECT metric, sum(quantity)::text FROM usage_rollups"
                                            " WHERE granularity = 'hour' AND project = $1"
                                            "   AND window_start >= timestamptz 'epoch' + $2::bigint * interval '1 millisecond'"
                                            "   AND window_start < timestamptz 'epoch' + $3::bigint * interval '1 millisecond'"
                                            " GROUP BY metric",
                                            project.toStdString(), static_cast<long long>(start), static_cast<long long>(through)))
            m.usage[qstr(r[0])] = Decimal::parse(qstr(r[1])).value_or(Decimal());
        MeterScope scope;
        scope.project = project;
        int unreadable = 0;
        for (qint64 day = floorTo(through, kDayMs); day < asOf; day += kDayMs) {
            const Window window{std::max(day, through), std::min(day + kDayMs, asOf)};
            if (window.startMs >= window.endMs)
                continue;
            for (const auto &[key, quantity] : meterDay(tx, day, {window}, scope, &unreadable))
                m.usage[key.metric] += quantity;
        }
    });
    const Decimal elapsed = Decimal::fromInt(asOf - start);
    for (auto it = m.usage.cbegin(); it != m.usage.cend(); ++it)
        m.forecast[it.key()] = asOf >= end || elapsed.isZero()
            ? *it
            : Decimal::mulDiv(*it, Decimal::fromInt(end - start), elapsed, Rounding::HalfEven);
    return m;
}

} // namespace enclii::waybill
