#include "EcosystemView.h"

#include "catalog/Catalog.h"
#include "core/Capacity.h"
#include "spec/SpecJson.h"

#include <QJsonArray>
#include <QSet>

namespace enclii::api {

using core::Quantity;

namespace {

QJsonArray strings(const QStringList &l)
{
    return spec::stringArray(l);
}

QJsonObject quantities(Quantity cpu, Quantity memory)
{
    return {{QStringLiteral("cpu"), cpu.toString(Quantity::Kind::Cpu)},
            {QStringLiteral("memory"), memory.toString(Quantity::Kind::Memory)},
            {QStringLiteral("cpuMillis"), double(cpu.millicores())},
            {QStringLiteral("memoryBytes"), double(memory.bytes())}};
}

QJsonObject exact(Quantity cpu, Quantity memory)
{
    return {{QStringLiteral("cpuMillis"), double(cpu.millicores())}, {QStringLiteral("memoryBytes"), double(memory.bytes())}};
}

QJsonObject totals(const core::ResourceTotals &t)
{
    return {{QStringLiteral("requests"), exact(t.cpuRequests, t.memoryRequests)},
            {QStringLiteral("limits"), exact(t.cpuLimits, t.memoryLimits)}};
}

QJsonObject resources(const core::Resources &r)
{
    return {{QStringLiteral("requests"), quantities(r.requests.cpu, r.requests.memory)},
            {QStringLiteral("limits"), quantities(r.limits.cpu, r.limits.memory)}};
}

QJsonObject waveOf(const core::EcosystemSpec &eco, const core::ServiceSpec &s)
{
    for (const auto &w : eco.waves)
        for (const auto &step : w.steps)
            if (step.services.contains(s.name) || step.repos.contains(s.project))
                return {{QStringLiteral("order"), w.order}, {QStringLiteral("name"), w.name}, {QStringLiteral("step"), step.name}};
    return {};
}

QJsonObject edge(const QString &from, const QString &to, const QString &kind, const QString &label = {})
{
    return {{QStringLiteral("from"), from}, {QStringLiteral("to"), to}, {QStringLiteral("kind"), kind}, {QStringLiteral("label"), label}};
}

QJsonObject scenario(const core::CapacityScenario &sc)
{
    return {{QStringLiteral("name"), sc.name},
            {QStringLiteral("requests"), exact(sc.totals.cpuRequests, sc.totals.memoryRequests)},
            {QStringLiteral("limits"), exact(sc.totals.cpuLimits, sc.totals.memoryLimits)},
            {QStringLiteral("cpuPercent"), qRound(sc.cpuPercent * 10) / 10.0},
            {QStringLiteral("memoryPercent"), qRound(sc.memoryPercent * 10) / 10.0},
            {QStringLiteral("fits"), sc.fits},
            {QStringLiteral("overflowingApps"), strings(sc.overflowingApps)}};
}

} // namespace

QJsonObject serviceNode(const catalog::Snapshot &snap, const QString &name)
{
    const core::ServiceSpec *s = snap.specs.service(name);
    if (!s)
        return {};
    const core::EcosystemSpec &eco = snap.specs.ecosystem;
    const core::Repo *repo = eco.repo(s->project);
    QJsonArray domains, deps;
    for (const auto &d : s->domains)
        domains << QJsonObject{{QStringLiteral("host"), d.host}, {QStringLiteral("tls"), d.tls}};
    for (const auto &d : s->dependencies)
        deps << QJsonObject{{QStringLiteral("kind"), d.kind}, {QStringLiteral("service"), d.service},
                            {QStringLiteral("engine"), d.engine}, {QStringLiteral("name"), d.name}};
    QJsonValue autoscaling = QJsonValue::Null;
    if (s->autoscaling)
        autoscaling = QJsonObject{{QStringLiteral("minReplicas"), s->autoscaling->minReplicas},
                                  {QStringLiteral("maxReplicas"), s->autoscaling->maxReplicas},
                                  {QStringLiteral("targetCPUUtilizationPercent"), s->autoscaling->targetCPUUtilizationPercent},
                                  {QStringLiteral("targetMemoryUtilizationPercent"), s->autoscaling->targetMemoryUtilizationPercent}};
    return {{QStringLiteral("id"), QStringLiteral("service:") + s->name},
            {QStringLiteral("kind"), QStringLiteral("service")},
            {QStringLiteral("name"), s->name},
            {QStringLiteral("tier"), repo ? repo->tier : 0},
            {QStringLiteral("repo"), s->project},
            {QStringLiteral("component"), s->component},
            {QStringLiteral("namespace"), s->namespaceName},
            {QStringLiteral("description"), s->description},
            {QStringLiteral("domains"), domains},
            {QStringLiteral("port"), s->port},
            {QStringLiteral("replicas"), s->replicas},
            {QStringLiteral("autoscaling"), autoscaling},
            {QStringLiteral("resources"), resources(s->resources)},
            {QStringLiteral("strategy"), s->deploy.strategy},
            {QStringLiteral("wave"), waveOf(eco, *s)},
            {QStringLiteral("dependencies"), deps},
            {QStringLiteral("defaulted"), strings(s->defaulted)},
            {QStringLiteral("revision"), snap.revisions.value(s->name)}};
}

QJsonObject ecosystemView(const catalog::Snapshot &snap)
{
    const core::EcosystemSpec &eco = snap.specs.ecosystem;
    QJsonArray tiers, nodes, edges, waves, criteria, namespaces, allowed, denied, budgets;

    for (const auto &t : eco.tiers)
        tiers << spec::toJson(t);

    QSet<QString> infraNames;
    for (const auto &i : eco.infrastructure) {
        infraNames.insert(i.name);
        nodes << QJsonObject{{QStringLiteral("id"), QStringLiteral("infra:") + i.name}, {QStringLiteral("kind"), QStringLiteral("infrastructure")},
                             {QStringLiteral("name"), i.name}, {QStringLiteral("infraKind"), i.kind},
                             {QStringLiteral("provider"), i.provider}, {QStringLiteral("description"), i.description},
                             {QStringLiteral("holds"), strings(i.holds)}};
    }
    for (const auto &r : eco.repos) {
        if (!r.deployed) {
            nodes << QJsonObject{{QStringLiteral("id"), QStringLiteral("library:") + r.name}, {QStringLiteral("kind"), QStringLiteral("library")},
                                 {QStringLiteral("name"), r.name}, {QStringLiteral("tier"), r.tier},
                                 {QStringLiteral("purpose"), r.purpose}, {QStringLiteral("deployed"), false},
                                 {QStringLiteral("usedBy"), strings(r.usedBy)}};
            for (const auto &u : r.usedBy)
                edges << edge(QStringLiteral("library:") + r.name, QStringLiteral("repo:") + u, QStringLiteral("library"), QStringLiteral("used by"));
            continue;
        }
        nodes << QJsonObject{{QStringLiteral("id"), QStringLiteral("repo:") + r.name}, {QStringLiteral("kind"), QStringLiteral("repo")},
                             {QStringLiteral("name"), r.name}, {QStringLiteral("tier"), r.tier},
                             {QStringLiteral("purpose"), r.purpose}, {QStringLiteral("namespace"), r.namespaceName},
                             {QStringLiteral("deployed"), true}, {QStringLiteral("components"), strings(r.components)},
                             {QStringLiteral("auth"), r.auth}, {QStringLiteral("dependsOn"), strings(r.dependsOn)},
                             {QStringLiteral("type"), r.type}, {QStringLiteral("hosting"), r.hosting},
                             {QStringLiteral("usedBy"), strings(r.usedBy)}};
        for (const auto &c : r.components)
            edges << edge(QStringLiteral("repo:") + r.name, QStringLiteral("service:") + c, QStringLiteral("component"));
    }

    // Data edges: a dependency of kind database, cache, objectStore or search goes to the
    // infrastructure of the same kind (the first one listed).
    QHash<QString, QString> infraByKind;
    for (const auto &i : eco.infrastructure)
        if (!infraByKind.contains(i.kind))
            infraByKind.insert(i.kind, i.name);

    QList<core::ServiceSpec> services = snap.specs.services;
    for (const auto &s : services) {
        nodes << serviceNode(snap, s.name);
        const QString id = QStringLiteral("service:") + s.name;
        for (const auto &d : s.dependencies) {
            if (d.kind == QLatin1String("auth"))
                edges << edge(id, QStringLiteral("service:") + d.service, QStringLiteral("auth"), QStringLiteral("OIDC"));
            else if (d.kind == QLatin1String("service"))
                edges << edge(id, QStringLiteral("service:") + d.service, QStringLiteral("service"));
            else if (infraByKind.contains(d.kind))
                edges << edge(id, QStringLiteral("infra:") + infraByKind.value(d.kind), QStringLiteral("data"),
                              d.name.isEmpty() ? d.engine : d.name);
        }
    }
    auto endpoint = [&](const QString &name) {
        return infraNames.contains(name) ? QStringLiteral("infra:") + name : QStringLiteral("service:") + name;
    };
    for (const auto &f : eco.platformFlow)
        edges << edge(endpoint(f.from), endpoint(f.to), QStringLiteral("platform"), f.label);

    for (const auto &w : eco.waves)
        waves << spec::toJson(w);
    for (const auto &g : eco.criteria)
        criteria << spec::toJson(g);
    for (const auto &n : eco.namespaces)
        namespaces << spec::toJson(n);
    for (const auto &r : eco.allowed)
        allowed << spec::toJson(r);
    for (const auto &r : eco.denied)
        denied << spec::toJson(r);
    for (const auto &b : eco.budgets)
        budgets << QJsonObject{{QStringLiteral("app"), b.app}, {QStringLiteral("service"), b.service},
                               {QStringLiteral("requests"), quantities(b.resources.requests.cpu, b.resources.requests.memory)},
                               {QStringLiteral("limits"), quantities(b.resources.limits.cpu, b.resources.limits.memory)}};

    const auto &c = eco.cluster;
    auto withStorage = [](Quantity cpu, Quantity mem, Quantity storage) {
        QJsonObject o = exact(cpu, mem);
        o.insert(QStringLiteral("storageBytes"), double(storage.bytes()));
        return o;
    };
    const QJsonObject cluster{{QStringLiteral("provider"), c.provider}, {QStringLiteral("nodeType"), c.nodeType},
                              {QStringLiteral("nodes"), c.nodes}, {QStringLiteral("overheadPercent"), c.overheadPercent},
                              {QStringLiteral("overhead"), strings(c.overhead)},
                              {QStringLiteral("perNode"), withStorage(c.cpuPerNode, c.memoryPerNode, c.storagePerNode)},
                              {QStringLiteral("total"), withStorage(c.totalCpu(), c.totalMemory(), c.totalStorage())},
                              {QStringLiteral("allocatable"), exact(c.allocatableCpu(), c.allocatableMemory())}};

    const core::CapacityPlan plan = core::planCapacity(snap.specs);
    QJsonArray apps;
    for (const auto &a : plan.apps)
        apps << QJsonObject{{QStringLiteral("app"), a.app}, {QStringLiteral("tier"), a.tier},
                            {QStringLiteral("waveOrder"), a.waveOrder}, {QStringLiteral("services"), strings(a.services)},
                            {QStringLiteral("min"), totals(a.atMin)}, {QStringLiteral("max"), totals(a.atMax)}};
    const QJsonObject capacity{{QStringLiteral("allocatable"), exact(plan.allocatableCpu, plan.allocatableMemory)},
                               {QStringLiteral("apps"), apps},
                               {QStringLiteral("scenarios"), QJsonArray{scenario(plan.atMin), scenario(plan.atMax)}},
                               {QStringLiteral("unschedulable"), strings(plan.unschedulable)}};

    return {{QStringLiteral("apiVersion"), QStringLiteral("enclii.dev/v1")},
            {QStringLiteral("name"), eco.name},
            {QStringLiteral("description"), eco.description},
            {QStringLiteral("principle"), eco.principle},
            {QStringLiteral("revision"), snap.ecosystemRevision},
            {QStringLiteral("tiers"), tiers},
            {QStringLiteral("nodes"), nodes},
            {QStringLiteral("edges"), edges},
            {QStringLiteral("waves"), waves},
            {QStringLiteral("criteria"), criteria},
            {QStringLiteral("namespaces"), namespaces},
            {QStringLiteral("traffic"), QJsonObject{{QStringLiteral("allowed"), allowed}, {QStringLiteral("denied"), denied}}},
            {QStringLiteral("cluster"), cluster},
            {QStringLiteral("budgets"), budgets},
            {QStringLiteral("capacity"), capacity}};
}

} // namespace enclii::api
