#pragma once

#include "waybill/Decimal.h"

#include <QDateTime>
#include <QList>
#include <QMap>
#include <QString>

#include <functional>

namespace enclii::store {
class Database;
}

namespace enclii::waybill {

struct RollupPoint
{
    QDateTime windowStart;
    QString project;
    QString resource; // empty when summed over a project's resources
    QString metric;
    Decimal quantity;
};

struct RollupQuery
{
    QString granularity = QStringLiteral("hour"); // hour | day | month
    QString project;   // empty: every project
    QString metric;    // empty: every metric
    QDateTime from;    // window_start >= from (invalid: no bound)
    QDateTime to;      // window_start < to (invalid: no bound)
    bool byResource = false; // one point per resource instead of a sum per project
    int limit = 10000;
};

// One project's usage for one UTC month.
struct MonthUsage
{
    QDateTime monthStart;
    QDateTime monthEnd;
    QDateTime asOf;          // the usage covers [monthStart, asOf)
    QDateTime rolledUpThrough; // where the stored hourly rollups end (invalid: none yet)
    bool complete = false;   // the month is over and rolled up to its end
    QMap<QString, Decimal> usage;    // metric -> quantity
    QMap<QString, Decimal> forecast; // metric -> quantity at the month's end, at the pace so far
};

// Reads for finance: the stored rollups, and a month's usage with the part the aggregator has
// not reached yet metered live from the events (so month to date is exact to the minute).
class UsageReports
{
public:
    explicit UsageReports(store::Database &db, std::function<QDateTime()> clock = {});

    // Ordered by window, project, resource, metric; at most query.limit points.
    QList<RollupPoint> rollups(const RollupQuery &query);

    // The month holding `instant` (now when invalid) for project. Up to now for the running
    // month (the forecast extrapolates linearly to its end), up to its end for a past one.
    MonthUsage month(const QString &project, const QDateTime &instant = {});

    QDateTime now() const;

private:
    store::Database &m_db;
    std::function<QDateTime()> m_clock;
};

} // namespace enclii::waybill
