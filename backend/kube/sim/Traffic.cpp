#include "Traffic.h"

#include "Faults.h"
#include "Json.h"
#include "ObjectStore.h"
#include "Pods.h"

#include <QSet>

#include <cmath>

namespace enclii::kube::sim {

namespace {

constexpr qint64 kMiB = 1024 * 1024;

// The share of requests at or under `bound` when latencies spread evenly over
// [mean/2, 3*mean/2]: a simple, deterministic distribution around the mean.
double shareUnder(double bound, double mean)
{
    if (mean <= 0)
        return 1;
    return std::clamp((bound - 0.5 * mean) / mean, 0.0, 1.0);
}

} // namespace

QJsonObject Load::toJson() const
{
    return {{QStringLiteral("namespace"), ns},
            {QStringLiteral("deployment"), deployment},
            {QStringLiteral("requestsPerSecond"), requestsPerSecond},
            {QStringLiteral("cpuMillicoresPerRequest"), cpuMillicoresPerRequest},
            {QStringLiteral("baseLatencySeconds"), baseLatencySeconds}};
}

bool Traffic::setLoad(const Load &load)
{
    const QString key = load.ns + u'/' + load.deployment;
    if (!m_loads.contains(key) && m_loads.size() >= kMaxLoads)
        return false;
    m_loads.insert(key, load);
    return true;
}

bool Traffic::removeLoad(const QString &ns, const QString &deployment)
{
    return m_loads.remove(ns + u'/' + deployment) > 0;
}

const PodTraffic *Traffic::pod(const QString &uid) const
{
    const auto it = m_pods.constFind(uid);
    return it == m_pods.cend() ? nullptr : &*it;
}

void Traffic::advance(const ObjectStore &store, const Faults &faults, double seconds)
{
    const QList<QJsonObject> all = store.list(resources::pods());
    // Ready pods per Deployment share its load.
    QHash<QString, int> ready;
    for (const QJsonObject &p : all)
        if (pods::isActive(p) && pods::isReady(p))
            ++ready[json::stringAt(p, u"metadata.namespace") + u'/' + deploymentOf(p)];

    QSet<QString> alive;
    for (const QJsonObject &p : all) {
        const QString uid = json::stringAt(p, u"metadata.uid");
        if (!pods::isActive(p) || json::stringAt(p, u"status.phase") != QLatin1String("Running"))
            continue;
        alive.insert(uid);
        PodTraffic &t = m_pods[uid];
        t.ns = json::stringAt(p, u"metadata.namespace");
        t.pod = json::stringAt(p, u"metadata.name");
        t.deployment = deploymentOf(p);
        t.track = json::objectAt(p, u"metadata.labels").value(QStringLiteral("enclii.dev/track")).toString();
        t.node = json::stringAt(p, u"spec.nodeName");

        const auto res = pods::resources(p);
        const qint64 cpuRequest = res.value(QStringLiteral("requests.cpu")); // millicores
        const qint64 cpuLimit = res.value(QStringLiteral("limits.cpu"));
        const qint64 memRequestBytes = res.value(QStringLiteral("requests.memory")) / 1000;
        const qint64 memLimitBytes = res.value(QStringLiteral("limits.memory")) / 1000;

        const QString key = t.ns + u'/' + t.deployment;
        const Load load = m_loads.value(key);
        const bool serving = pods::isReady(p) && ready.value(key) > 0;
        const double rps = serving ? load.requestsPerSecond / ready.value(key) : 0;

        // CPU (millicores): an idle floor plus the work of its requests, never above the limit.
        const double idle = std::max(2.0, double(cpuRequest) * 0.02);
        double cpu = idle + rps * load.cpuMillicoresPerRequest;
        if (cpuLimit > 0)
            cpu = std::min(cpu, double(cpuLimit));
        t.cpuMillicores = qint64(std::llround(cpu));
        t.cpuSeconds += cpu / 1000 * seconds;
        const qint64 baseMem = memRequestBytes > 0 ? memRequestBytes * 4 / 10 : 32 * kMiB;
        t.memoryBytes = baseMem + qint64(rps * 0.25 * kMiB);
        if (memLimitBytes > 0)
            t.memoryBytes = std::min(t.memoryBytes, memLimitBytes);

        if (rps <= 0 || seconds <= 0) {
            t.latencySeconds = 0;
            continue;
        }
        const FaultEffect fault = faults.effectFor(p);
        const double limitForLatency = cpuLimit > 0 ? double(cpuLimit) : 2.0 * double(cpuRequest);
        const double saturation = limitForLatency > 0 ? std::max(0.0, cpu / limitForLatency - 0.8) * 5 : 0;
        const double mean = load.baseLatencySeconds * (1 + saturation) + fault.addedLatencySeconds;
        const double n = rps * seconds;
        t.requestsByCode[QStringLiteral("500")] += n * fault.errorRate;
        t.requestsByCode[QStringLiteral("200")] += n * (1 - fault.errorRate);
        for (size_t b = 0; b < PodTraffic::kBuckets.size(); ++b)
            t.buckets[b] += n * shareUnder(PodTraffic::kBuckets[b], mean);
        t.count += n;
        t.sumSeconds += n * mean;
        t.latencySeconds = mean;
    }
    for (auto it = m_pods.begin(); it != m_pods.end();)
        it = alive.contains(it.key()) ? std::next(it) : m_pods.erase(it);
}

} // namespace enclii::kube::sim
