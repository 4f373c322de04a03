#include "Traffic.h"

#include "Faults.h"
#include "Json.h"
#include "ObjectStore.h"
#include "Pods.h"
#include "Resources.h"

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

constexpr double kSyntheticPeriodSeconds = 600;
constexpr double kSyntheticSwing = 0.75;
constexpr char kTrackLabel[] = "enclii.dev/track";

bool selects(const QJsonObject &selector, const QJsonObject &labels)
{
    if (selector.isEmpty())
        return false; // a Service without a selector has hand-made endpoints: none here
    for (auto it = selector.begin(); it != selector.end(); ++it)
        if (labels.value(it.key()) != it.value())
            return false;
    return true;
}

// The backend Service names of an Ingress's rules, with their hosts.
QList<QPair<QString, QString>> backends(const QJsonObject &ingress)
{
    QList<QPair<QString, QString>> out;
    for (const QJsonValue &r : json::objectAt(ingress, u"spec").value(QStringLiteral("rules")).toArray()) {
        const QJsonObject rule = r.toObject();
        const QString host = rule.value(QStringLiteral("host")).toString();
        for (const QJsonValue &p : rule.value(QStringLiteral("http")).toObject().value(QStringLiteral("paths")).toArray())
            out.append({host, json::stringAt(p.toObject(), u"backend.service.name")});
    }
    return out;
}

} // namespace

double Traffic::syntheticRate(double base, const QString &ns, const QString &service, double t)
{
    const double phase = double(qHash(ns + u'/' + service, 7) % 1000) / 1000.0 * 2 * M_PI;
    return base * (1 + kSyntheticSwing * std::sin(2 * M_PI * t / kSyntheticPeriodSeconds + phase));
}

QHash<QString, double> Traffic::routeSynthetic(const ObjectStore &store, const QList<QJsonObject> &pods) const
{
    QHash<QString, double> perPod;
    if (m_syntheticBase <= 0)
        return perPod;
    // Entrance: each stable Service's rate, moved in part to a canary Service by its ingress.
    QHash<QString, double> serviceRate; // "ns/service"
    const QList<QJsonObject> services = store.list(resources::services());
    for (const QJsonObject &svc : services) {
        if (json::objectAt(svc, u"metadata.labels").value(QLatin1String(kTrackLabel)) == QLatin1String("canary"))
            continue; // reached only through the canary ingress
        const QString ns = json::stringAt(svc, u"metadata.namespace");
        const QString name = json::stringAt(svc, u"metadata.name");
        serviceRate[ns + u'/' + name] += syntheticRate(m_syntheticBase, ns, name, m_elapsed);
    }
    if (const ResourceType *ingressType = resources::byKind(QStringLiteral("networking.k8s.io/v1"), QStringLiteral("Ingress"))) {
        const auto isCanary = [](const QJsonObject &ingress) {
            return json::objectAt(ingress, u"metadata.annotations").value(QStringLiteral("nginx.ingress.kubernetes.io/canary")).toString()
                == QLatin1String("true");
        };
        const QList<QJsonObject> ingresses = store.list(*ingressType);
        QMultiHash<QString, QString> stableByHost; // "ns/host" -> "ns/service"
        for (const QJsonObject &main : ingresses) {
            const QString ns = json::stringAt(main, u"metadata.namespace");
            if (!isCanary(main))
                for (const auto &[host, backend] : backends(main))
                    stableByHost.insert(ns + u'/' + host, ns + u'/' + backend);
        }
        for (const QJsonObject &canary : ingresses) {
            if (!isCanary(canary))
                continue;
            const double weight = std::clamp(json::objectAt(canary, u"metadata.annotations")
                                                 .value(QStringLiteral("nginx.ingress.kubernetes.io/canary-weight")).toString().toDouble(),
                                             0.0, 100.0);
            const QString ns = json::stringAt(canary, u"metadata.namespace");
            for (const auto &[host, canaryBackend] : backends(canary))
                for (const QString &from : stableByHost.values(ns + u'/' + host)) {
                    const double moved = serviceRate.value(from) * weight / 100.0;
                    serviceRate[from] -= moved;
                    serviceRate[ns + u'/' + canaryBackend] += moved;
                }
        }
    }
    // Each Service's share over its endpoints: the ready pods of its namespace it selects.
    QHash<QString, QList<const QJsonObject *>> readyByNamespace;
    for (const QJsonObject &p : pods)
        if (pods::isActive(p) && pods::isReady(p))
            readyByNamespace[json::stringAt(p, u"metadata.namespace")].append(&p);
    for (const QJsonObject &svc : services) {
        const QString ns = json::stringAt(svc, u"metadata.namespace");
        const double rate = serviceRate.value(ns + u'/' + json::stringAt(svc, u"metadata.name"));
        if (rate <= 0)
            continue;
        const QJsonObject selector = json::objectAt(svc, u"spec.selector");
        QStringList endpoints;
        for (const QJsonObject *p : readyByNamespace.value(ns))
            if (selects(selector, json::objectAt(*p, u"metadata.labels")))
                endpoints << json::stringAt(*p, u"metadata.uid");
        for (const QString &uid : endpoints)
            perPod[uid] += rate / endpoints.size();
    }
    return perPod;
}

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
    m_elapsed += std::max(0.0, seconds);
    const QList<QJsonObject> all = store.list(resources::pods());
    const QHash<QString, double> synthetic = routeSynthetic(store, all);
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
        const double rps = (serving ? load.requestsPerSecond / ready.value(key) : 0) + synthetic.value(uid);

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
