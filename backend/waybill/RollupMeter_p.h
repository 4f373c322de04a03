#pragma once

// Internal to Waybill: metering windows of one UTC day straight from the usage_events table,
// shared by the aggregator (hourly rollups, check mode) and the month-to-date report (the hours
// not rolled up yet).

#include "waybill/Decimal.h"

#include <QList>
#include <QPair>
#include <QString>

#include <compare>
#include <map>

namespace pqxx {
class transaction_base;
}

namespace enclii::waybill::detail {

constexpr qint64 kHourMs = 3600LL * 1000;
constexpr qint64 kDayMs = 24 * kHourMs;

inline qint64 floorTo(qint64 ms, qint64 step)
{
    return ms - ((ms % step) + step) % step;
}

// Start of the UTC month holding ms, and of the next one.
qint64 monthStartMs(qint64 ms);
qint64 nextMonthStartMs(qint64 ms);

// One metered quantity: window start (epoch ms, UTC), project, resource, metric.
struct UsageKey
{
    qint64 windowStartMs = 0;
    QString project;
    QString resource;
    QString metric;
    friend std::strong_ordering operator<=>(const UsageKey &a, const UsageKey &b)
    {
        if (a.windowStartMs != b.windowStartMs)
            return a.windowStartMs <=> b.windowStartMs;
        if (const int c = a.project.compare(b.project); c != 0)
            return c <=> 0;
        if (const int c = a.resource.compare(b.resource); c != 0)
            return c <=> 0;
        return a.metric.compare(b.metric) <=> 0;
    }
    friend bool operator==(const UsageKey &a, const UsageKey &b) { return (a <=> b) == 0; }
};
using UsageTotals = std::map<UsageKey, Decimal>;

// Which resources to meter: every one, those of one project, or a list of (project, resource).
struct MeterScope
{
    QString project;
    QList<QPair<QString, QString>> resources;
    bool everything() const { return project.isEmpty() && resources.isEmpty(); }
};

struct Window
{
    qint64 startMs = 0;
    qint64 endMs = 0;
};

// Meters each window (all inside the UTC day starting at dayStartMs, in ascending order) per
// project and resource of the scope. Reads every event the windows can depend on: the lifecycle
// events of each resource since its last full-state event before the day (a start, create,
// resize, add or stop: what fixes its state without looking further back), the day's lifecycle
// events up to the last window's end, and the point events (builds, bandwidth) inside the windows.
// Events the store cannot read back are counted in *unreadable.
UsageTotals meterDay(pqxx::transaction_base &tx, qint64 dayStartMs, const QList<Window> &windows, const MeterScope &scope,
                     int *unreadable);

} // namespace enclii::waybill::detail
