#include "Metering.h"

#include <QHash>
#include <QSet>

#include <algorithm>
#include <limits>
#include <vector>

namespace enclii::waybill {

namespace {

constexpr qint64 kMinuteMs = 60 * 1000;
constexpr qint64 kDayMs = 24 * 60 * kMinuteMs;

qint64 floorDiv(qint64 a, qint64 b)
{
    const qint64 q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

qint64 ceilDiv(qint64 a, qint64 b)
{
    return -floorDiv(-a, b);
}

// How many multiples of `step` (since the epoch) lie in [lo, hi).
qint64 gridPointsIn(qint64 lo, qint64 hi, qint64 step)
{
    return lo < hi ? ceilDiv(hi, step) - ceilDiv(lo, step) : 0;
}

struct Stamped
{
    qint64 ms; // the lowest value for an event without a valid time
    const UsageEvent *event;
};

// By status, then value: a total order even over overflowed quantities (which compare unordered
// with operator<=> and would break std::sort's contract).
int compareQuantities(const QMap<QString, Decimal> &a, const QMap<QString, Decimal> &b)
{
    auto i = a.cbegin();
    auto j = b.cbegin();
    for (; i != a.cend() && j != b.cend(); ++i, ++j) {
        if (const int c = i.key().compare(j.key()); c != 0)
            return c;
        if (i->status() != j->status())
            return i->status() < j->status() ? -1 : 1;
        if (i->nanos() != j->nanos())
            return i->nanos() < j->nanos() ? -1 : 1;
    }
    return (i == a.cend() ? 0 : 1) - (j == b.cend() ? 0 : 1);
}

// A total order on events: (timestamp, key), then content, so that of several events under one
// key the same one comes first whatever order they arrived in.
bool before(const Stamped &x, const Stamped &y)
{
    if (x.ms != y.ms)
        return x.ms < y.ms;
    const UsageEvent &a = *x.event;
    const UsageEvent &b = *y.event;
    if (const int c = a.idempotencyKey.compare(b.idempotencyKey); c != 0)
        return c < 0;
    if (a.type != b.type)
        return a.type < b.type;
    if (const int c = a.project.compare(b.project); c != 0)
        return c < 0;
    if (const int c = a.resource.compare(b.resource); c != 0)
        return c < 0;
    return compareQuantities(a.quantities, b.quantities) < 0;
}

struct Deployment
{
    qint64 since = 0;
    Decimal replicas;
    Decimal vcpu;
    Decimal memoryGb;

    Decimal gbPerMinute() const
    {
        return Decimal::max(vcpu, memoryGb) * replicas.toInt64().value_or(0);
    }
};

struct Volume
{
    qint64 since = 0;
    Decimal gb;
};

struct Domain
{
    bool attached = false;
    qint64 since = 0;
    qint64 lastChargedDay = std::numeric_limits<qint64>::min();
};

using ResourceKey = std::pair<QString, QString>; // project, resource

class Meter
{
public:
    Meter(qint64 windowStart, qint64 windowEnd) : m_start(windowStart), m_end(windowEnd) {}

    void apply(const UsageEvent &e, qint64 t)
    {
        const ResourceKey key{e.project, e.resource};
        switch (e.type) {
        case UsageType::DeploymentStarted:
        case UsageType::DeploymentScaled: {
            auto it = m_deployments.find(key);
            if (it == m_deployments.end()) {
                if (e.type == UsageType::DeploymentScaled) {
                    report(e, t, QStringLiteral("deployment.scaled for %1/%2, which is not running; ignored")
                                     .arg(e.project, e.resource));
                    return;
                }
                it = m_deployments.insert(key, Deployment{});
            } else {
                closeDeployment(key, *it, t);
            }
            Deployment &d = *it;
            d.since = t;
            d.replicas = e.quantities.value(quantity::Replicas, d.replicas);
            d.vcpu = e.quantities.value(quantity::Vcpu, d.vcpu);
            d.memoryGb = e.quantities.value(quantity::MemoryGb, d.memoryGb);
            return;
        }
        case UsageType::DeploymentStopped: {
            const auto it = m_deployments.find(key);
            if (it == m_deployments.end()) {
                report(e, t, QStringLiteral("deployment.stopped for %1/%2, which is not running; ignored")
                                 .arg(e.project, e.resource));
                return;
            }
            closeDeployment(key, *it, t);
            m_deployments.erase(it);
            return;
        }
        case UsageType::VolumeCreated:
        case UsageType::VolumeResized: {
            auto it = m_volumes.find(key);
            if (it == m_volumes.end()) {
                if (e.type == UsageType::VolumeResized) {
                    report(e, t, QStringLiteral("volume.resized for %1/%2, which does not exist; ignored")
                                     .arg(e.project, e.resource));
                    return;
                }
                it = m_volumes.insert(key, Volume{});
            } else {
                closeVolume(key, *it, t);
            }
            it->since = t;
            it->gb = e.quantities.value(quantity::Gb);
            return;
        }
        case UsageType::VolumeDeleted: {
            const auto it = m_volumes.find(key);
            if (it == m_volumes.end()) {
                report(e, t, QStringLiteral("volume.deleted for %1/%2, which does not exist; ignored")
                                 .arg(e.project, e.resource));
                return;
            }
            closeVolume(key, *it, t);
            m_volumes.erase(it);
            return;
        }
        case UsageType::DomainAdded: {
            Domain &d = m_domains[key];
            if (!d.attached) {
                d.attached = true;
                d.since = t;
            }
            return;
        }
        case UsageType::DomainRemoved: {
            const auto it = m_domains.find(key);
            if (it == m_domains.end() || !it->attached) {
                report(e, t, QStringLiteral("domain.removed for %1/%2, which is not attached; ignored")
                                 .arg(e.project, e.resource));
                return;
            }
            closeDomain(key, *it, t);
            return;
        }
        case UsageType::BuildCompleted:
        case UsageType::BuildFailed:
            if (inWindow(t))
                add(e.project, metric::BuildMinutes, e.quantities.value(quantity::Minutes).rounded(0, Rounding::Up));
            return;
        case UsageType::BandwidthUsage:
            if (inWindow(t))
                add(e.project, metric::BandwidthGb, e.quantities.value(quantity::Gb));
            return;
        }
    }

    // Cuts whatever is still open at the window's end.
    void finish()
    {
        for (auto it = m_deployments.begin(); it != m_deployments.end(); ++it)
            closeDeployment(it.key(), *it, m_end);
        for (auto it = m_volumes.begin(); it != m_volumes.end(); ++it)
            closeVolume(it.key(), *it, m_end);
        for (auto it = m_domains.begin(); it != m_domains.end(); ++it) {
            if (it->attached)
                closeDomain(it.key(), *it, m_end);
        }
    }

    bool inWindow(qint64 t) const { return t >= m_start && t < m_end; }

    // Problems belong to the window that holds the event, so a partition of windows reports each once.
    void report(const UsageEvent &e, qint64 t, const QString &message)
    {
        if (inWindow(t))
            reportAlways(e, message);
    }
    void reportAlways(const UsageEvent &e, const QString &message)
    {
        m_result.problems.append({e.idempotencyKey, message});
    }

    MeterResult take()
    {
        for (auto p = m_result.usage.begin(); p != m_result.usage.end();) {
            for (auto m = p->begin(); m != p->end();) {
                if (!m->isValid())
                    m_result.problems.append({QString(), QStringLiteral("%1 of project %2 overflowed")
                                                             .arg(m.key(), p.key())});
                m = m->isZero() ? p->erase(m) : std::next(m);
            }
            p = p->isEmpty() ? m_result.usage.erase(p) : std::next(p);
        }
        return std::move(m_result);
    }

private:
    // Minutes on the UTC minute grid that [from, to) covers inside the window.
    qint64 billedMinutes(qint64 from, qint64 to) const
    {
        return gridPointsIn(std::max(from, m_start), std::min(to, m_end), kMinuteMs);
    }

    void closeDeployment(const ResourceKey &key, const Deployment &d, qint64 t)
    {
        if (const qint64 n = billedMinutes(d.since, t); n > 0)
            add(key.first, metric::ComputeGbMinutes, d.gbPerMinute() * n);
    }

    void closeVolume(const ResourceKey &key, const Volume &v, qint64 t)
    {
        if (const qint64 n = billedMinutes(v.since, t); n > 0)
            add(key.first, metric::StorageGbMinutes, v.gb * n);
    }

    // Charges the UTC days [since, t) touches that were not charged yet, each at its first attached
    // instant: `since` itself for its own day, midnight for the days after it.
    void closeDomain(const ResourceKey &key, Domain &d, qint64 t)
    {
        d.attached = false;
        if (t <= d.since)
            return;
        qint64 days = 0;
        if (floorDiv(d.since, kDayMs) > d.lastChargedDay && inWindow(d.since))
            ++days;
        days += gridPointsIn(std::max(d.since + 1, m_start), std::min(t, m_end), kDayMs);
        d.lastChargedDay = floorDiv(t - 1, kDayMs);
        if (days > 0)
            add(key.first, metric::DomainDays, Decimal::fromInt(days));
    }

    void add(const QString &project, const QString &name, const Decimal &value)
    {
        Decimal &total = m_result.usage[project][name];
        total += value;
    }

    qint64 m_start;
    qint64 m_end;
    QMap<ResourceKey, Deployment> m_deployments;
    QMap<ResourceKey, Volume> m_volumes;
    QMap<ResourceKey, Domain> m_domains;
    MeterResult m_result;
};

} // namespace

Decimal MeterResult::quantity(const QString &project, const QString &metric) const
{
    return usage.value(project).value(metric);
}

MeterResult meter(const QList<UsageEvent> &events, const QDateTime &windowStart, const QDateTime &windowEnd)
{
    if (!windowStart.isValid() || !windowEnd.isValid() || windowStart >= windowEnd) {
        MeterResult r;
        r.problems.append({QString(), QStringLiteral("the window [%1, %2) is empty or not valid")
                                          .arg(windowStart.toString(Qt::ISODateWithMs),
                                               windowEnd.toString(Qt::ISODateWithMs))});
        return r;
    }
    const qint64 start = windowStart.toMSecsSinceEpoch();
    const qint64 end = windowEnd.toMSecsSinceEpoch();
    Meter m(start, end);

    // Everything, the refused events included, goes through the one order, so even the list of
    // problems does not depend on arrival order.
    std::vector<Stamped> ordered;
    ordered.reserve(events.size());
    for (const UsageEvent &e : events) {
        const qint64 t = e.timestamp.isValid() ? e.timestamp.toMSecsSinceEpoch() : std::numeric_limits<qint64>::min();
        ordered.push_back({t, &e});
    }
    std::sort(ordered.begin(), ordered.end(), before);

    QHash<QString, const UsageEvent *> kept;
    QSet<QString> refused;
    kept.reserve(qsizetype(ordered.size()));
    for (const Stamped &s : ordered) {
        const UsageEvent &e = *s.event;
        if (const QString why = validateUsageEvent(e); !why.isEmpty()) {
            if (refused.contains(e.idempotencyKey))
                continue;
            refused.insert(e.idempotencyKey);
            const QString message = QStringLiteral("%1 skipped: %2").arg(usageTypeName(e.type), why);
            // An event without a valid time belongs to no window: every window reports it.
            if (e.timestamp.isValid())
                m.report(e, s.ms, message);
            else
                m.reportAlways(e, message);
            continue;
        }
        if (const auto it = kept.constFind(e.idempotencyKey); it != kept.cend()) {
            const UsageEvent &first = **it;
            if (!(first == e))
                m.report(first, first.timestamp.toMSecsSinceEpoch(),
                         QStringLiteral("idempotency key reused with a different body; the first event is kept"));
            continue;
        }
        kept.insert(e.idempotencyKey, &e);
        if (s.ms < end)
            m.apply(e, s.ms);
    }
    m.finish();
    return m.take();
}

Decimal minutesToHours(const Decimal &minutes, Rounding mode)
{
    return minutes.divided(Decimal::fromInt(60), mode);
}

} // namespace enclii::waybill
