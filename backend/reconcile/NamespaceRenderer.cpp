// A namespace's own objects: the Namespace, and its budget as a ResourceQuota and LimitRange.
#include "Render_p.h"

#include <algorithm>

using namespace Qt::StringLiterals;
using enclii::core::Quantity;

namespace enclii::reconcile::detail {

namespace {

QJsonObject cpuAndMemory(Quantity cpu, Quantity memory)
{
    return {{u"cpu"_s, cpu.toString(Quantity::Kind::Cpu)}, {u"memory"_s, memory.toString(Quantity::Kind::Memory)}};
}

// The most pods a service can have at once: its maximum replicas, the rollout's surge above
// them, and for a canary a full canary track beside the stable one (at weight 100, before
// promotion, both tracks run). A quota without that headroom would stall every rollout made
// at maximum scale: with maxUnavailable 0 the surge pod is refused and nothing moves.
int peakPods(const core::ServiceSpec &s)
{
    const int max = s.maxReplicas();
    const int canaryTrack = s.deploy.strategy == QLatin1String("canary") ? max : 0;
    return max + surgePods(s, max) + canaryTrack;
}

} // namespace

QJsonObject namespaceObject(const core::SpecSet &specs, const QString &namespaceName)
{
    QJsonObject labels = namespaceLabels(specs, namespaceName);
    // Pod Security Admission: our pods meet the restricted profile, so nothing less may run here.
    labels.insert(u"pod-security.kubernetes.io/enforce"_s, u"restricted"_s);
    labels.insert(u"pod-security.kubernetes.io/audit"_s, u"restricted"_s);
    labels.insert(u"pod-security.kubernetes.io/warn"_s, u"restricted"_s);
    return stamped(object(u"v1"_s, u"Namespace"_s, metadata(namespaceName, {}, labels), {}));
}

QJsonObject resourceQuota(const core::SpecSet &specs, const QString &namespaceName)
{
    Quantity cpuRequests, memoryRequests, cpuLimits, memoryLimits;
    int pods = 0;
    for (const core::ServiceSpec *s : servicesIn(specs, namespaceName)) {
        const int n = peakPods(*s);
        pods += n;
        cpuRequests += s->resources.requests.cpu * n;
        memoryRequests += s->resources.requests.memory * n;
        cpuLimits += s->resources.limits.cpu * n;
        memoryLimits += s->resources.limits.memory * n;
    }
    const QJsonObject hard{
        {u"pods"_s, QString::number(pods)},
        {u"requests.cpu"_s, cpuRequests.toString(Quantity::Kind::Cpu)},
        {u"requests.memory"_s, memoryRequests.toString(Quantity::Kind::Memory)},
        {u"limits.cpu"_s, cpuLimits.toString(Quantity::Kind::Cpu)},
        {u"limits.memory"_s, memoryLimits.toString(Quantity::Kind::Memory)},
        // Traffic enters through the ingress controller only; no service may open its own door.
        {u"services.loadbalancers"_s, u"0"_s},
        {u"services.nodeports"_s, u"0"_s}};
    return stamped(object(u"v1"_s, u"ResourceQuota"_s,
                          metadata(u"app-budget"_s, namespaceName, namespaceLabels(specs, namespaceName)),
                          {{u"hard"_s, hard}}));
}

QJsonObject limitRange(const core::SpecSet &specs, const QString &namespaceName)
{
    // A container that names no resources (a debug container, a one-off job) gets the smallest
    // requests and limits of the namespace's services; none may exceed the largest limits.
    const auto services = servicesIn(specs, namespaceName);
    const core::Resources &first = services.first()->resources;
    Quantity minCpuRequest = first.requests.cpu, minMemoryRequest = first.requests.memory;
    Quantity minCpuLimit = first.limits.cpu, minMemoryLimit = first.limits.memory;
    Quantity maxCpuLimit = first.limits.cpu, maxMemoryLimit = first.limits.memory;
    for (const core::ServiceSpec *s : services) {
        const core::Resources &r = s->resources;
        minCpuRequest = std::min(minCpuRequest, r.requests.cpu);
        minMemoryRequest = std::min(minMemoryRequest, r.requests.memory);
        minCpuLimit = std::min(minCpuLimit, r.limits.cpu);
        minMemoryLimit = std::min(minMemoryLimit, r.limits.memory);
        maxCpuLimit = std::max(maxCpuLimit, r.limits.cpu);
        maxMemoryLimit = std::max(maxMemoryLimit, r.limits.memory);
    }
    const QJsonObject limit{{u"type"_s, u"Container"_s},
                            {u"defaultRequest"_s, cpuAndMemory(minCpuRequest, minMemoryRequest)},
                            {u"default"_s, cpuAndMemory(minCpuLimit, minMemoryLimit)},
                            {u"max"_s, cpuAndMemory(maxCpuLimit, maxMemoryLimit)}};
    return stamped(object(u"v1"_s, u"LimitRange"_s,
                          metadata(u"container-defaults"_s, namespaceName, namespaceLabels(specs, namespaceName)),
                          {{u"limits"_s, QJsonArray{limit}}}));
}

} // namespace enclii::reconcile::detail
