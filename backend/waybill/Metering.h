#pragma once

#include "waybill/Decimal.h"
#include "waybill/UsageEvent.h"

#include <QDateTime>
#include <QList>
#include <QMap>
#include <QString>

namespace enclii::waybill {

// The metrics meter() produces, with their units.
namespace metric {
// Compute: replicas x max(vCPU, memory GB) per billed minute. Kept in GB-minutes, not GB-hours,
// because a minute is 1/60 hour, which no finite decimal holds: summing hours per window would
// round in every window and hourly sums would drift from the daily total. Convert once, at the
// end, with minutesToHours() or Money::mulDiv(rate per hour, 60).
inline const QString ComputeGbMinutes = QStringLiteral("compute.gb_minutes");
// Storage: volume size in GB per billed minute, same grid as compute.
inline const QString StorageGbMinutes = QStringLiteral("storage.gb_minutes");
// Builds: each build's minutes rounded up to a whole minute; failed builds count like completed ones.
inline const QString BuildMinutes = QStringLiteral("build.minutes");
// Bandwidth: the exact sum of the reported GB.
inline const QString BandwidthGb = QStringLiteral("bandwidth.gb");
// Custom domains: one per domain per UTC day on which it was attached at any instant.
inline const QString DomainDays = QStringLiteral("domain.days");
} // namespace metric

struct MeterProblem
{
    QString idempotencyKey; // empty for problems that belong to no single event (an overflowed total)
    QString message;
    friend bool operator==(const MeterProblem &, const MeterProblem &) = default;
};

struct MeterResult
{
    // project -> metric -> quantity. Zero quantities are left out, so equal usage is an equal map.
    QMap<QString, QMap<QString, Decimal>> usage;
    // Events that were refused or could not be applied, in the order they were met.
    QList<MeterProblem> problems;

    // The quantity, or 0 when there is none.
    Decimal quantity(const QString &project, const QString &metric) const;
    friend bool operator==(const MeterResult &, const MeterResult &) = default;
};

// Usage per project and metric in the half-open UTC window [windowStart, windowEnd).
//
// A pure function of the events and the window: no clock, no stored state, so a daemon that
// restarts and meters again gets the same figures. Pass every event before windowEnd that can
// matter - for each resource, its lifecycle events since (at least) its last one before the start
// of windowStart's UTC day; passing the whole history is always right. Later events are ignored.
//
// The rules:
//  - Order and duplicates. Events are sorted by (timestamp, idempotency key), then by their
//    content, so the result never depends on arrival order; of several events sharing a key only
//    the first in that order counts (a different body under a reused key is reported).
//    Lifecycle events of one resource at the same millisecond therefore apply in key order.
//  - Invalid events (validateUsageEvent()) are skipped and reported.
//  - Deployments (per project and resource). started opens an interval with its size; scaled
//    closes it and opens a new one with the new size (quantities it leaves out keep their value);
//    stopped closes it. started on a running deployment acts as scaled. scaled or stopped on one
//    that is not running is reported and ignored. An interval still open at windowEnd is cut there.
//  - Volumes: created / resized / deleted exactly like started / scaled / stopped, sized by gb.
//  - Minutes. An interval is billed one minute for every whole UTC minute whose first instant
//    (hh:mm:00.000) lies inside it, at the size in force at that instant. So a run from 10:00:30
//    to 10:05:10 bills 10:01..10:05, 5 minutes; a 40-second run inside one minute bills none;
//    and two intervals of one deployment never both bill the same minute. Unlike "round each
//    interval up", this splits exactly at any window boundary and across scale events, which is
//    what makes hourly windows sum to the daily one.
//  - Builds and bandwidth are point events, counted in the window that holds their timestamp
//    (a build is billed at its completion time, not spread over its run).
//  - Domains: per (project, domain) and UTC day, one domain-day if the domain was attached at any
//    instant of that day, counted in the window that holds the first such instant.
//  - Problems are reported by the window that holds the offending event, so a partition of windows
//    reports each once. A total that overflows is reported and left in the map as not valid.
MeterResult meter(const QList<UsageEvent> &events, const QDateTime &windowStart, const QDateTime &windowEnd);

// GB-minutes (or any per-minute quantity) as per-hour, rounded to 9 decimals with `mode`:
// 135 GB-minutes is 2.25 GB-hours. For display and reports; price with Money::mulDiv instead.
Decimal minutesToHours(const Decimal &minutes, Rounding mode);

} // namespace enclii::waybill
