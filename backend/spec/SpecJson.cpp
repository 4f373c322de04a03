#include "SpecJson.h"

#include "Duration.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>

namespace enclii::spec {

using core::Quantity;

namespace {

QJsonArray strings(const QStringList &l)
{
    return stringArray(l);
}

QJsonObject resourceList(const core::ResourceList &r)
{
    return {{QStringLiteral("cpu"), r.cpu.toString(Quantity::Kind::Cpu)},
            {QStringLiteral("memory"), r.memory.toString(Quantity::Kind::Memory)}};
}

QJsonObject probe(const core::HttpProbe &p)
{
    return {{QStringLiteral("path"), p.path},
            {QStringLiteral("port"), p.port},
            {QStringLiteral("initialDelaySeconds"), p.initialDelaySeconds},
            {QStringLiteral("periodSeconds"), p.periodSeconds},
            {QStringLiteral("timeoutSeconds"), p.timeoutSeconds},
            {QStringLiteral("failureThreshold"), p.failureThreshold}};
}

QJsonObject deploy(const core::DeployStrategy &d)
{
    QJsonObject o{{QStringLiteral("strategy"), d.strategy}, {QStringLiteral("autoDeploy"), d.autoDeploy}};
    if (d.strategy == QLatin1String("rolling"))
        o.insert(QStringLiteral("rolling"), QJsonObject{{QStringLiteral("maxSurge"), d.maxSurge},
                                                        {QStringLiteral("maxUnavailable"), d.maxUnavailable}});
    if (d.strategy == QLatin1String("canary")) {
        QJsonArray steps;
        for (const auto &s : d.canarySteps) {
            QJsonObject step{{QStringLiteral("weight"), s.weight}};
            if (s.pauseIndefinite)
                step.insert(QStringLiteral("pause"), QStringLiteral("indefinite"));
            else if (s.pauseSeconds > 0)
                step.insert(QStringLiteral("pause"), formatDuration(s.pauseSeconds));
            steps << step;
        }
        const auto &a = d.analysis;
        QJsonArray queries;
        for (const auto &q : a.queries)
            queries << QJsonObject{{QStringLiteral("name"), q.name}, {QStringLiteral("query"), q.query},
                                   {QStringLiteral("successCondition"), q.successCondition}};
        QJsonObject analysis{
            {QStringLiteral("interval"), formatDuration(a.intervalSeconds)},
            {QStringLiteral("successRate"), QJsonObject{{QStringLiteral("minPercent"), a.minSuccessRatePercent}}},
            {QStringLiteral("latency"), QJsonObject{{QStringLiteral("percentile"), a.latencyPercentile},
                                                    {QStringLiteral("maxMs"), a.maxLatencyMs}}},
            {QStringLiteral("failureLimit"), a.failureLimit},
            {QStringLiteral("inconclusiveLimit"), a.inconclusiveLimit},
            {QStringLiteral("errorLimit"), a.errorLimit}};
        if (!queries.isEmpty())
            analysis.insert(QStringLiteral("queries"), queries);
        o.insert(QStringLiteral("canary"), QJsonObject{{QStringLiteral("steps"), steps},
                                                       {QStringLiteral("analysis"), analysis},
                                                       {QStringLiteral("rollback"), d.rollback}});
    }
    return o;
}

} // namespace

QJsonObject toJson(const core::ServiceSpec &s)
{
    QJsonObject labels;
    for (auto it = s.labels.begin(); it != s.labels.end(); ++it)
        labels.insert(it.key(), it.value());
    QJsonObject meta{{QStringLiteral("name"), s.name},
                     {QStringLiteral("project"), s.project},
                     {QStringLiteral("component"), s.component},
                     {QStringLiteral("namespace"), s.namespaceName}};
    if (!s.description.isEmpty())
        meta.insert(QStringLiteral("description"), s.description);
    if (!labels.isEmpty())
        meta.insert(QStringLiteral("labels"), labels);
    if (!s.defaulted.isEmpty())
        meta.insert(QStringLiteral("defaulted"), strings(s.defaulted));

    QJsonObject build{{QStringLiteral("repo"), s.build.repo},
                      {QStringLiteral("branch"), s.build.branch},
                      {QStringLiteral("path"), s.build.path},
                      {QStringLiteral("builder"), s.build.builder}};
    if (!s.build.dockerfile.isEmpty())
        build.insert(QStringLiteral("dockerfile"), s.build.dockerfile);
    if (!s.build.baseImage.isEmpty())
        build.insert(QStringLiteral("baseImage"), s.build.baseImage);

    QJsonObject spec{{QStringLiteral("build"), build},
                     {QStringLiteral("resources"), QJsonObject{{QStringLiteral("requests"), resourceList(s.resources.requests)},
                                                               {QStringLiteral("limits"), resourceList(s.resources.limits)}}},
                     {QStringLiteral("replicas"), s.replicas},
                     {QStringLiteral("deploy"), deploy(s.deploy)},
                     {QStringLiteral("network"), QJsonObject{{QStringLiteral("ingress"), s.network.ingress},
                                                             {QStringLiteral("allowFrom"), strings(s.network.allowFrom)}}},
                     {QStringLiteral("slo"), [&] {
                          QJsonObject o{{QStringLiteral("availabilityPercent"), s.slo.availabilityPercent}};
                          if (s.slo.latencyP99Ms > 0)
                              o.insert(QStringLiteral("latencyP99Ms"), s.slo.latencyP99Ms);
                          return o;
                      }()}};
    QJsonObject runtime;
    if (s.port > 0)
        runtime.insert(QStringLiteral("port"), s.port);
    if (!s.command.isEmpty())
        runtime.insert(QStringLiteral("command"), strings(s.command));
    if (!s.args.isEmpty())
        runtime.insert(QStringLiteral("args"), strings(s.args));
    if (!runtime.isEmpty())
        spec.insert(QStringLiteral("runtime"), runtime);
    QJsonObject probes;
    if (s.probes.liveness)
        probes.insert(QStringLiteral("liveness"), probe(*s.probes.liveness));
    if (s.probes.readiness)
        probes.insert(QStringLiteral("readiness"), probe(*s.probes.readiness));
    if (s.probes.startup)
        probes.insert(QStringLiteral("startup"), probe(*s.probes.startup));
    if (!probes.isEmpty())
        spec.insert(QStringLiteral("probes"), probes);
    if (s.autoscaling) {
        QJsonObject a{{QStringLiteral("minReplicas"), s.autoscaling->minReplicas},
                      {QStringLiteral("maxReplicas"), s.autoscaling->maxReplicas}};
        if (s.autoscaling->targetCPUUtilizationPercent > 0)
            a.insert(QStringLiteral("targetCPUUtilizationPercent"), s.autoscaling->targetCPUUtilizationPercent);
        if (s.autoscaling->targetMemoryUtilizationPercent > 0)
            a.insert(QStringLiteral("targetMemoryUtilizationPercent"), s.autoscaling->targetMemoryUtilizationPercent);
        spec.insert(QStringLiteral("autoscaling"), a);
    }
    if (!s.env.isEmpty()) {
        QJsonArray env;
        for (const auto &e : s.env) {
            QJsonObject o{{QStringLiteral("name"), e.name}};
            if (e.isSecret())
                o.insert(QStringLiteral("secretRef"), QJsonObject{{QStringLiteral("name"), e.secretName}, {QStringLiteral("key"), e.secretKey}});
            else
                o.insert(QStringLiteral("value"), e.value);
            env << o;
        }
        spec.insert(QStringLiteral("env"), env);
    }
    if (!s.domains.isEmpty()) {
        QJsonArray domains;
        for (const auto &d : s.domains)
            domains << QJsonObject{{QStringLiteral("host"), d.host}, {QStringLiteral("tls"), d.tls}};
        spec.insert(QStringLiteral("domains"), domains);
    }
    if (!s.dependencies.isEmpty()) {
        QJsonArray deps;
        for (const auto &d : s.dependencies) {
            QJsonObject o{{QStringLiteral("kind"), d.kind}};
            if (!d.service.isEmpty())
                o.insert(QStringLiteral("service"), d.service);
            if (!d.engine.isEmpty())
                o.insert(QStringLiteral("engine"), d.engine);
            if (!d.name.isEmpty())
                o.insert(QStringLiteral("name"), d.name);
            deps << o;
        }
        spec.insert(QStringLiteral("dependencies"), deps);
    }
    return {{QStringLiteral("apiVersion"), QStringLiteral("enclii.dev/v1")},
            {QStringLiteral("kind"), QStringLiteral("Service")},
            {QStringLiteral("metadata"), meta},
            {QStringLiteral("spec"), spec}};
}

QJsonArray stringArray(const QStringList &list)
{
    return QJsonArray::fromStringList(list);
}

QJsonObject toJson(const core::Tier &t)
{
    return {{QStringLiteral("id"), t.id}, {QStringLiteral("name"), t.name},
            {QStringLiteral("description"), t.description}, {QStringLiteral("deployed"), t.deployed}};
}

QJsonObject toJson(const core::NamespaceInfo &n)
{
    return {{QStringLiteral("name"), n.name}, {QStringLiteral("purpose"), n.purpose}};
}

QJsonObject toJson(const core::TrafficRule &r)
{
    QJsonArray ports;
    for (int p : r.ports)
        ports << p;
    return {{QStringLiteral("from"), r.from}, {QStringLiteral("to"), r.to}, {QStringLiteral("ports"), ports},
            {QStringLiteral("except"), r.except}, {QStringLiteral("description"), r.description}};
}

QJsonObject toJson(const core::Wave &w)
{
    QJsonArray steps;
    for (const auto &s : w.steps)
        steps << QJsonObject{{QStringLiteral("name"), s.name}, {QStringLiteral("repos"), stringArray(s.repos)},
                             {QStringLiteral("services"), stringArray(s.services)},
                             {QStringLiteral("infrastructure"), stringArray(s.infrastructure)},
                             {QStringLiteral("planned"), stringArray(s.planned)}, {QStringLiteral("note"), s.note}};
    return {{QStringLiteral("order"), w.order}, {QStringLiteral("name"), w.name}, {QStringLiteral("title"), w.title},
            {QStringLiteral("weeks"), w.weeks}, {QStringLiteral("steps"), steps}};
}

QJsonObject toJson(const core::CriteriaGroup &g)
{
    QJsonArray items;
    for (const auto &c : g.items)
        items << QJsonObject{{QStringLiteral("id"), c.id}, {QStringLiteral("text"), c.text}, {QStringLiteral("measure"), c.measure}};
    return {{QStringLiteral("group"), g.name}, {QStringLiteral("items"), items}};
}

QJsonObject toJson(const core::EcosystemSpec &e)
{
    QJsonArray tiers, repos, infra, namespaces, allowed, denied, budgets, flow, waves, criteria;
    for (const auto &t : e.tiers)
        tiers << toJson(t);
    for (const auto &r : e.repos) {
        QJsonObject o{{QStringLiteral("name"), r.name}, {QStringLiteral("tier"), r.tier},
                      {QStringLiteral("purpose"), r.purpose}, {QStringLiteral("deployed"), r.deployed}};
        auto put = [&](const char *key, const QString &v) { if (!v.isEmpty()) o.insert(QLatin1String(key), v); };
        auto putList = [&](const char *key, const QStringList &v) { if (!v.isEmpty()) o.insert(QLatin1String(key), strings(v)); };
        // What the parser requires is always written, even when empty, so the canonical
        // form loads again.
        if (r.deployed) {
            o.insert(QStringLiteral("namespace"), r.namespaceName);
            o.insert(QStringLiteral("components"), strings(r.components));
        } else {
            o.insert(QStringLiteral("usedBy"), strings(r.usedBy));
        }
        put("auth", r.auth);
        putList("dependsOn", r.dependsOn);
        if (r.deployed)
            putList("usedBy", r.usedBy);
        put("type", r.type);
        put("hosting", r.hosting);
        repos << o;
    }
    for (const auto &i : e.infrastructure)
        infra << QJsonObject{{QStringLiteral("name"), i.name}, {QStringLiteral("kind"), i.kind},
                             {QStringLiteral("provider"), i.provider}, {QStringLiteral("description"), i.description},
                             {QStringLiteral("holds"), strings(i.holds)}};
    for (const auto &n : e.namespaces)
        namespaces << toJson(n);
    for (const auto &r : e.allowed)
        allowed << toJson(r);
    for (const auto &r : e.denied)
        denied << toJson(r);
    for (const auto &b : e.budgets)
        budgets << QJsonObject{{QStringLiteral("app"), b.app}, {QStringLiteral("service"), b.service},
                               {QStringLiteral("requests"), resourceList(b.resources.requests)},
                               {QStringLiteral("limits"), resourceList(b.resources.limits)}};
    for (const auto &f : e.platformFlow)
        flow << QJsonObject{{QStringLiteral("from"), f.from}, {QStringLiteral("to"), f.to}, {QStringLiteral("label"), f.label}};
    for (const auto &w : e.waves)
        waves << toJson(w);
    for (const auto &g : e.criteria)
        criteria << toJson(g);
    const auto &c = e.cluster;
    QJsonObject cluster{{QStringLiteral("provider"), c.provider}, {QStringLiteral("nodeType"), c.nodeType},
                        {QStringLiteral("nodes"), c.nodes},
                        {QStringLiteral("perNode"), QJsonObject{{QStringLiteral("cpu"), c.cpuPerNode.toString(Quantity::Kind::Cpu)},
                                                                {QStringLiteral("memory"), c.memoryPerNode.toString(Quantity::Kind::Memory)},
                                                                {QStringLiteral("storage"), c.storagePerNode.toString(Quantity::Kind::Memory)}}},
                        {QStringLiteral("overheadPercent"), c.overheadPercent},
                        {QStringLiteral("overhead"), strings(c.overhead)}};
    QJsonObject spec{{QStringLiteral("principle"), e.principle}, {QStringLiteral("tiers"), tiers},
                     {QStringLiteral("repos"), repos}, {QStringLiteral("infrastructure"), infra},
                     {QStringLiteral("namespaces"), namespaces},
                     {QStringLiteral("traffic"), QJsonObject{{QStringLiteral("allowed"), allowed}, {QStringLiteral("denied"), denied}}},
                     {QStringLiteral("cluster"), cluster}, {QStringLiteral("budgets"), budgets},
                     {QStringLiteral("platformFlow"), flow}, {QStringLiteral("waves"), waves},
                     {QStringLiteral("successCriteria"), criteria}};
    QJsonObject meta{{QStringLiteral("name"), e.name}};
    if (!e.description.isEmpty())
        meta.insert(QStringLiteral("description"), e.description);
    return {{QStringLiteral("apiVersion"), QStringLiteral("enclii.dev/v1")}, {QStringLiteral("kind"), QStringLiteral("Ecosystem")},
            {QStringLiteral("metadata"), meta}, {QStringLiteral("spec"), spec}};
}

QByteArray canonicalBytes(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QString contentHash(const QJsonObject &o)
{
    return QString::fromLatin1(QCryptographicHash::hash(canonicalBytes(o), QCryptographicHash::Sha256).toHex());
}

} // namespace enclii::spec
