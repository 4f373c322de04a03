#include "Capacity.h"

#include <algorithm>
#include <climits>

namespace enclii::core {

ResourceTotals &ResourceTotals::operator+=(const ResourceTotals &o)
{
    cpuRequests += o.cpuRequests;
    memoryRequests += o.memoryRequests;
    cpuLimits += o.cpuLimits;
    memoryLimits += o.memoryLimits;
    return *this;
}

int waveOrderOf(const EcosystemSpec &eco, const QString &repo, const QString &service)
{
    for (const auto &wave : eco.waves) {
        for (const auto &step : wave.steps) {
            if ((!service.isEmpty() && step.services.contains(service)) || step.repos.contains(repo))
                return wave.order;
        }
    }
    return 0;
}

namespace {

ResourceTotals podsOf(const ServiceSpec &s, int replicas)
{
    ResourceTotals t;
    t.cpuRequests = s.resources.requests.cpu * replicas;
    t.memoryRequests = s.resources.requests.memory * replicas;
    t.cpuLimits = s.resources.limits.cpu * replicas;
    t.memoryLimits = s.resources.limits.memory * replicas;
    return t;
}

double percent(Quantity part, Quantity whole)
{
    return whole.isZero() ? 0.0 : 100.0 * double(part.milli()) / double(whole.milli());
}

CapacityScenario scenario(const QString &name, const QList<AppCapacity> &apps, Quantity cpu, Quantity memory,
                          ResourceTotals AppCapacity::*pick)
{
    CapacityScenario sc;
    sc.name = name;
    // An app that does not fit stays Pending and takes nothing, so a later, smaller app may still fit.
    ResourceTotals placed;
    for (const auto &app : apps) {
        const ResourceTotals &t = app.*pick;
        sc.totals += t;
        if (placed.cpuRequests + t.cpuRequests > cpu || placed.memoryRequests + t.memoryRequests > memory)
            sc.overflowingApps << app.app;
        else
            placed += t;
    }
    sc.fits = sc.overflowingApps.isEmpty();
    sc.cpuPercent = percent(sc.totals.cpuRequests, cpu);
    sc.memoryPercent = percent(sc.totals.memoryRequests, memory);
    return sc;
}

} // namespace

CapacityPlan planCapacity(const SpecSet &specs)
{
    const EcosystemSpec &eco = specs.ecosystem;
    CapacityPlan plan;
    plan.allocatableCpu = eco.cluster.allocatableCpu();
    plan.allocatableMemory = eco.cluster.allocatableMemory();

    for (const auto &s : specs.services) {
        auto it = std::find_if(plan.apps.begin(), plan.apps.end(), [&](const AppCapacity &a) { return a.app == s.project; });
        if (it == plan.apps.end()) {
            AppCapacity app;
            app.app = s.project;
            const Repo *repo = eco.repo(s.project);
            app.tier = repo ? repo->tier : 0;
            plan.apps << app;
            it = plan.apps.end() - 1;
        }
        it->services << s.name;
        it->atMin += podsOf(s, s.minReplicas());
        it->atMax += podsOf(s, s.maxReplicas());
        const int order = waveOrderOf(eco, s.project, s.name);
        it->waveOrder = it->waveOrder == 0 ? order : std::min(it->waveOrder, order == 0 ? it->waveOrder : order);

        if (eco.cluster.nodes > 0
            && (s.resources.requests.cpu > eco.cluster.allocatableCpuPerNode()
                || s.resources.requests.memory > eco.cluster.allocatableMemoryPerNode()))
            plan.unschedulable << s.name;
    }
    // Unplaced apps (no wave) go last: they would be deployed after everything the waves name.
    std::sort(plan.apps.begin(), plan.apps.end(), [](const AppCapacity &a, const AppCapacity &b) {
        const int wa = a.waveOrder == 0 ? INT_MAX : a.waveOrder;
        const int wb = b.waveOrder == 0 ? INT_MAX : b.waveOrder;
        if (wa != wb)
            return wa < wb;
        if (a.tier != b.tier)
            return a.tier < b.tier;
        return a.app < b.app;
    });
    plan.atMin = scenario(QStringLiteral("min"), plan.apps, plan.allocatableCpu, plan.allocatableMemory, &AppCapacity::atMin);
    plan.atMax = scenario(QStringLiteral("max"), plan.apps, plan.allocatableCpu, plan.allocatableMemory, &AppCapacity::atMax);
    return plan;
}

} // namespace enclii::core
