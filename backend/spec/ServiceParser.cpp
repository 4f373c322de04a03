#include "Parsers.h"

#include <yaml-cpp/yaml.h>

#include <QRegularExpression>

namespace enclii::spec {

using core::Quantity;

bool isDnsLabel(const QString &s)
{
    static const QRegularExpression re(QStringLiteral("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"));
    return re.match(s).hasMatch();
}

bool isDnsName(const QString &s)
{
    if (s.isEmpty() || s.size() > 253)
        return false;
    const QStringList labels = s.split(u'.');
    for (const auto &l : labels)
        if (!isDnsLabel(l))
            return false;
    return labels.size() >= 2;
}

namespace {

// Follows a dotted path ("spec.autoscaling.minReplicas") through nested mappings.
// (Recursive on purpose: assigning one YAML::Node to another overwrites the first's content.)
bool pathExists(const YAML::Node &node, QStringView path)
{
    if (!node.IsMap())
        return false;
    const qsizetype dot = path.indexOf(u'.');
    const YAML::Node next = node[path.left(dot).toString().toStdString()];
    if (!next.IsDefined())
        return false;
    return dot < 0 || pathExists(next, path.mid(dot + 1));
}

void checkHeader(MapReader &doc, ParseContext &ctx, const char *kind)
{
    const QString apiVersion = doc.string("apiVersion", true);
    if (doc.has("apiVersion") && apiVersion != QLatin1String("enclii.dev/v1"))
        ctx.error(doc.child("apiVersion"), QStringLiteral("apiVersion"),
                  QStringLiteral("\"%1\" is not supported; expected enclii.dev/v1").arg(apiVersion));
    const QString k = doc.string("kind", true);
    if (doc.has("kind") && k != QLatin1String(kind))
        ctx.error(doc.child("kind"), QStringLiteral("kind"), QStringLiteral("expected %1").arg(QLatin1String(kind)));
}

void requireLabel(MapReader &m, ParseContext &ctx, const char *key, const QString &value)
{
    if (m.has(key) && !isDnsLabel(value))
        ctx.error(m.child(key), m.childPath(key),
                  QStringLiteral("\"%1\" is not a valid name; use lower-case letters, digits and '-', "
                                 "starting and ending with a letter or digit, at most 63 characters").arg(value));
}

std::optional<core::HttpProbe> parseProbe(MapReader &probes, const char *key, ParseContext &ctx)
{
    if (!probes.has(key)) {
        probes.child(key);
        return std::nullopt;
    }
    MapReader p = probes.map(key);
    if (!p.valid())
        return std::nullopt;
    core::HttpProbe probe;
    probe.path = p.string("path", true);
    if (p.has("path") && !probe.path.startsWith(u'/'))
        ctx.error(p.child("path"), p.childPath("path"), QStringLiteral("must start with '/'"));
    probe.port = p.integer("port", true, 0, 1, 65535);
    probe.initialDelaySeconds = p.integer("initialDelaySeconds", false, 0, 0, 3600);
    probe.periodSeconds = p.integer("periodSeconds", false, 10, 1, 3600);
    probe.timeoutSeconds = p.integer("timeoutSeconds", false, 1, 1, 3600);
    probe.failureThreshold = p.integer("failureThreshold", false, 3, 1, 100);
    p.finish();
    return probe;
}

core::ResourceList parseResourceList(MapReader &res, const char *key, ParseContext &)
{
    core::ResourceList out;
    MapReader r = res.map(key, true);
    if (!r.valid())
        return out;
    if (auto q = r.quantity("cpu", true, Quantity::Kind::Cpu))
        out.cpu = *q;
    if (auto q = r.quantity("memory", true, Quantity::Kind::Memory))
        out.memory = *q;
    r.finish();
    return out;
}

void parseDeploy(MapReader &spec, core::DeployStrategy &d, ParseContext &ctx)
{
    MapReader m = spec.map("deploy");
    if (!m.valid())
        return;
    d.strategy = m.oneOf("strategy", {QStringLiteral("rolling"), QStringLiteral("canary"), QStringLiteral("recreate")},
                         QStringLiteral("rolling"));
    d.autoDeploy = m.boolean("autoDeploy", true);
    if (m.has("rolling")) {
        MapReader r = m.map("rolling");
        d.maxSurge = r.string("maxSurge", false, d.maxSurge);
        d.maxUnavailable = r.string("maxUnavailable", false, d.maxUnavailable);
        static const QRegularExpression intOrPercent(QStringLiteral("^(100%|\\d{1,2}%|\\d{1,4})$"));
        for (const char *key : {"maxSurge", "maxUnavailable"}) {
            if (r.has(key) && !intOrPercent.match(r.string(key)).hasMatch())
                ctx.error(r.child(key), r.childPath(key), QStringLiteral("expected a count such as 1 or a percentage such as 25%"));
        }
        auto isZero = [](QString v) { return v.remove(u'%').toInt() == 0; };
        if (isZero(d.maxSurge) && isZero(d.maxUnavailable))
            ctx.error(r.node(), r.path(), QStringLiteral("maxSurge and maxUnavailable cannot both be 0; a rollout could never progress"));
        if (d.strategy != QLatin1String("rolling") && d.strategy == m.string("strategy"))
            ctx.error(m.child("rolling"), m.childPath("rolling"), QStringLiteral("only allowed with strategy: rolling"));
        r.finish();
    } else {
        m.child("rolling");
    }
    MapReader c = m.map("canary", d.strategy == QLatin1String("canary"));
    if (m.has("canary") && d.strategy != QLatin1String("canary") && d.strategy == m.string("strategy"))
        ctx.error(m.child("canary"), m.childPath("canary"), QStringLiteral("only allowed with strategy: canary"));
    if (!c.valid()) {
        m.finish();
        return;
    }
    c.list("steps", true, [&](const YAML::Node &n, const QString &path) {
        MapReader s(n, path, ctx);
        if (!s.valid()) {
            ctx.error(n, path, QStringLiteral("expected a step such as {weight: 10, pause: 5m}"));
            return;
        }
        core::CanaryStep step;
        step.weight = s.integer("weight", true, 0, 1, 100);
        if (s.has("pause")) {
            if (s.string("pause") == QLatin1String("indefinite"))
                step.pauseIndefinite = true;
            else
                step.pauseSeconds = s.duration("pause", false, 0).value_or(0);
        }
        s.finish();
        d.canarySteps << step;
    });
    if (c.has("steps") && d.canarySteps.isEmpty())
        ctx.error(c.child("steps"), c.childPath("steps"), QStringLiteral("a canary needs at least one step; the last has weight 100"));
    int lastWeight = 0;
    for (int i = 0; i < d.canarySteps.size(); ++i) {
        if (d.canarySteps[i].weight <= lastWeight)
            ctx.error(c.child("steps"), QStringLiteral("%1.steps[%2].weight").arg(c.path()).arg(i),
                      QStringLiteral("weights must increase from step to step"));
        lastWeight = d.canarySteps[i].weight;
    }
    if (!d.canarySteps.isEmpty() && d.canarySteps.last().weight != 100)
        ctx.error(c.child("steps"), c.childPath("steps"), QStringLiteral("the last step must have weight 100"));

    d.rollback = c.oneOf("rollback", {QStringLiteral("automatic"), QStringLiteral("manual")}, QStringLiteral("automatic"));
    MapReader a = c.map("analysis");
    if (a.valid()) {
        core::CanaryAnalysis &an = d.analysis;
        an.intervalSeconds = a.duration("interval", false, 60).value_or(60);
        if (an.intervalSeconds < 1)
            ctx.error(a.child("interval"), a.childPath("interval"), QStringLiteral("must be at least 1s"));
        MapReader sr = a.map("successRate");
        if (sr.valid()) {
            an.minSuccessRatePercent = sr.number("minPercent", true, 99.0, 0.0, 100.0);
            sr.finish();
        }
        MapReader lat = a.map("latency");
        if (lat.valid()) {
            an.latencyPercentile = lat.integer("percentile", false, 99, 1, 99);
            an.maxLatencyMs = lat.integer("maxMs", true, 500, 1, 600000);
            lat.finish();
        }
        an.failureLimit = a.integer("failureLimit", false, 1, 0, 100);
        an.inconclusiveLimit = a.integer("inconclusiveLimit", false, 2, 0, 100);
        an.errorLimit = a.integer("errorLimit", false, 3, 0, 100);
        a.list("queries", false, [&](const YAML::Node &n, const QString &path) {
            MapReader q(n, path, ctx);
            if (!q.valid()) {
                ctx.error(n, path, QStringLiteral("expected {name, query, successCondition}"));
                return;
            }
            core::CanaryQuery cq;
            cq.name = q.string("name", true);
            cq.query = q.string("query", true);
            cq.successCondition = q.string("successCondition", true);
            q.finish();
            an.queries << cq;
        });
        a.finish();
    }
    c.finish();
    m.finish();
}

void parseDependencies(MapReader &spec, core::ServiceSpec &s, ParseContext &ctx)
{
    static const QStringList kinds = {QStringLiteral("auth"), QStringLiteral("database"), QStringLiteral("cache"),
                                      QStringLiteral("objectStore"), QStringLiteral("search"), QStringLiteral("service")};
    spec.list("dependencies", false, [&](const YAML::Node &n, const QString &path) {
        MapReader m(n, path, ctx);
        if (!m.valid()) {
            ctx.error(n, path, QStringLiteral("expected a dependency such as {kind: auth, service: janua-api}"));
            return;
        }
        core::Dependency d;
        d.kind = m.oneOf("kind", kinds, {}, true);
        const bool needsService = d.kind == QLatin1String("auth") || d.kind == QLatin1String("service");
        d.service = m.string("service", needsService);
        d.engine = m.string("engine", !needsService && !d.kind.isEmpty());
        d.name = m.string("name");
        if (needsService && m.has("engine"))
            ctx.error(m.child("engine"), m.childPath("engine"), QStringLiteral("only for database, cache, objectStore and search"));
        if (!needsService && m.has("service"))
            ctx.error(m.child("service"), m.childPath("service"), QStringLiteral("only for auth and service dependencies"));
        m.finish();
        s.dependencies << d;
    });
}

} // namespace

core::ServiceSpec parseService(const YAML::Node &root, ParseContext &ctx)
{
    core::ServiceSpec s;
    MapReader doc(root, QString(), ctx);
    checkHeader(doc, ctx, "Service");

    MapReader meta = doc.map("metadata", true);
    s.name = meta.string("name", true);
    requireLabel(meta, ctx, "name", s.name);
    s.project = meta.string("project", true);
    requireLabel(meta, ctx, "project", s.project);
    s.component = meta.string("component", true);
    requireLabel(meta, ctx, "component", s.component);
    s.namespaceName = meta.string("namespace", true);
    requireLabel(meta, ctx, "namespace", s.namespaceName);
    s.description = meta.string("description");
    MapReader labels = meta.map("labels");
    if (labels.valid()) {
        // Kubernetes label syntax: an optional DNS prefix and '/', then a name of at most 63
        // characters; values at most 63 characters of the same alphabet (or empty).
        static const QRegularExpression key(QStringLiteral("^([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$"));
        static const QRegularExpression value(QStringLiteral("^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$"));
        for (auto it = labels.node().begin(); it != labels.node().end(); ++it) {
            const QString name = it->first.IsScalar() ? QString::fromStdString(it->first.Scalar()) : QString();
            const QString path = labels.path() + u'.' + name;
            if (!key.match(name).hasMatch()) {
                ctx.error(it->first, path, QStringLiteral("\"%1\" is not a valid label key, such as enclii.dev/tier").arg(name));
                continue;
            }
            if (s.labels.contains(name)) {
                ctx.error(it->first, path, QStringLiteral("appears twice; keep one"));
                continue;
            }
            const auto v = scalarString(it->second, path, ctx);
            if (v && !value.match(*v).hasMatch())
                ctx.error(it->second, path, QStringLiteral("\"%1\" is not a valid label value (at most 63 letters, digits, '-', '_', '.')").arg(*v));
            else if (v)
                s.labels.insert(name, *v);
        }
    }
    meta.list("defaulted", false, [&](const YAML::Node &n, const QString &path) {
        auto v = scalarString(n, path, ctx);
        if (!v)
            return;
        if (!pathExists(root, *v))
            ctx.error(n, path, QStringLiteral("\"%1\" names no field of this document").arg(*v));
        else
            s.defaulted << *v;
    });
    meta.finish();

    MapReader spec = doc.map("spec", true);
    if (!spec.valid()) {
        doc.finish();
        return s;
    }

    MapReader build = spec.map("build", true);
    if (build.valid()) {
        s.build.repo = build.string("repo", true);
        if (build.has("repo") && !s.build.repo.contains(QLatin1String("://")) && !s.build.repo.startsWith(QLatin1String("git@")))
            ctx.error(build.child("repo"), build.childPath("repo"), QStringLiteral("expected a clone URL such as https://github.com/org/repo.git"));
        s.build.branch = build.string("branch", false, s.build.branch);
        s.build.path = build.string("path", false, s.build.path);
        if (s.build.path.startsWith(u'/') || s.build.path.split(u'/').contains(QStringLiteral("..")))
            ctx.error(build.child("path"), build.childPath("path"), QStringLiteral("must be a relative path inside the repository (no '/' prefix, no '..')"));
        s.build.builder = build.oneOf("builder", {QStringLiteral("native"), QStringLiteral("dockerfile")}, s.build.builder);
        s.build.dockerfile = build.string("dockerfile", false, s.build.builder == QLatin1String("dockerfile") ? QStringLiteral("Dockerfile") : QString());
        s.build.baseImage = build.string("baseImage", s.build.builder == QLatin1String("native"));
        if (build.has("dockerfile") && s.build.builder != QLatin1String("dockerfile"))
            ctx.error(build.child("dockerfile"), build.childPath("dockerfile"), QStringLiteral("only for builder: dockerfile"));
        if (build.has("baseImage") && s.build.builder != QLatin1String("native"))
            ctx.error(build.child("baseImage"), build.childPath("baseImage"), QStringLiteral("only for builder: native; a Dockerfile names its own base"));
        build.finish();
    }

    MapReader runtime = spec.map("runtime");
    if (runtime.valid()) {
        s.port = runtime.integer("port", false, 0, 1, 65535);
        s.command = runtime.stringList("command");
        s.args = runtime.stringList("args");
        runtime.finish();
    }

    MapReader probes = spec.map("probes");
    if (probes.valid()) {
        s.probes.liveness = parseProbe(probes, "liveness", ctx);
        s.probes.readiness = parseProbe(probes, "readiness", ctx);
        s.probes.startup = parseProbe(probes, "startup", ctx);
        probes.finish();
    }

    MapReader res = spec.map("resources", true);
    if (res.valid()) {
        s.resources.requests = parseResourceList(res, "requests", ctx);
        s.resources.limits = parseResourceList(res, "limits", ctx);
        res.finish();
        if (s.resources.requests.cpu > s.resources.limits.cpu)
            ctx.error(res.child("requests"), QStringLiteral("spec.resources.requests.cpu"),
                      QStringLiteral("request %1 is above the limit %2").arg(s.resources.requests.cpu.toString(Quantity::Kind::Cpu),
                                                                              s.resources.limits.cpu.toString(Quantity::Kind::Cpu)));
        if (s.resources.requests.memory > s.resources.limits.memory)
            ctx.error(res.child("requests"), QStringLiteral("spec.resources.requests.memory"),
                      QStringLiteral("request %1 is above the limit %2").arg(s.resources.requests.memory.toString(Quantity::Kind::Memory),
                                                                              s.resources.limits.memory.toString(Quantity::Kind::Memory)));
    }

    const auto errorsBefore = ctx.diagnostics.size();
    s.replicas = spec.integer("replicas", true, 1, 0, 1000);
    const bool replicasValid = ctx.diagnostics.size() == errorsBefore;
    MapReader as = spec.map("autoscaling");
    if (as.valid()) {
        core::Autoscaling a;
        a.minReplicas = as.integer("minReplicas", true, 1, 1, 1000);
        a.maxReplicas = as.integer("maxReplicas", true, 1, 1, 1000);
        a.targetCPUUtilizationPercent = as.integer("targetCPUUtilizationPercent", false, 0, 1, 100);
        a.targetMemoryUtilizationPercent = as.integer("targetMemoryUtilizationPercent", false, 0, 1, 100);
        if (a.minReplicas > a.maxReplicas)
            ctx.error(as.child("minReplicas"), as.childPath("minReplicas"),
                      QStringLiteral("%1 is above maxReplicas %2").arg(a.minReplicas).arg(a.maxReplicas));
        else if (replicasValid && (s.replicas < a.minReplicas || s.replicas > a.maxReplicas))
            ctx.error(spec.child("replicas"), QStringLiteral("spec.replicas"),
                      QStringLiteral("%1 is outside autoscaling's %2..%3").arg(s.replicas).arg(a.minReplicas).arg(a.maxReplicas));
        if (a.targetCPUUtilizationPercent == 0 && a.targetMemoryUtilizationPercent == 0)
            ctx.error(as.node(), as.path(), QStringLiteral("needs targetCPUUtilizationPercent or targetMemoryUtilizationPercent"));
        as.finish();
        s.autoscaling = a;
    }

    spec.list("env", false, [&](const YAML::Node &n, const QString &path) {
        MapReader e(n, path, ctx);
        if (!e.valid()) {
            ctx.error(n, path, QStringLiteral("expected {name, value} or {name, secretRef: {name, key}}"));
            return;
        }
        core::EnvVar v;
        v.name = e.string("name", true);
        static const QRegularExpression envName(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
        if (e.has("name") && !envName.match(v.name).hasMatch())
            ctx.error(e.child("name"), e.childPath("name"), QStringLiteral("expected letters, digits and '_', not starting with a digit"));
        v.value = e.string("value");
        MapReader ref = e.map("secretRef");
        if (ref.valid()) {
            v.secretName = ref.string("name", true);
            v.secretKey = ref.string("key", true);
            if (ref.has("name") && !isDnsName(v.secretName) && !isDnsLabel(v.secretName))
                ctx.error(ref.child("name"), ref.childPath("name"), QStringLiteral("\"%1\" is not a valid Secret name").arg(v.secretName));
            if (ref.has("key") && v.secretKey.isEmpty())
                ctx.error(ref.child("key"), ref.childPath("key"), QStringLiteral("must not be empty"));
            ref.finish();
        }
        if (e.has("value") == ref.valid())
            ctx.error(n, path, QStringLiteral("give exactly one of value and secretRef"));
        e.finish();
        s.env << v;
    });

    spec.list("domains", false, [&](const YAML::Node &n, const QString &path) {
        MapReader m(n, path, ctx);
        if (!m.valid()) {
            ctx.error(n, path, QStringLiteral("expected {host: example.com, tls: true}"));
            return;
        }
        core::Domain d;
        d.host = m.string("host", true);
        if (m.has("host") && !isDnsName(d.host))
            ctx.error(m.child("host"), m.childPath("host"), QStringLiteral("\"%1\" is not a valid host name").arg(d.host));
        d.tls = m.boolean("tls", true);
        m.finish();
        s.domains << d;
    });

    parseDeploy(spec, s.deploy, ctx);

    MapReader net = spec.map("network");
    if (net.valid()) {
        s.network.ingress = net.oneOf("ingress", {QStringLiteral("public"), QStringLiteral("internal"), QStringLiteral("none")},
                                      QStringLiteral("none"));
        s.network.allowFrom = net.stringList("allowFrom");
        net.finish();
    }
    if (!s.domains.isEmpty() && s.network.ingress != QLatin1String("public"))
        ctx.error(net.has("ingress") ? net.child("ingress") : spec.child("domains"), QStringLiteral("spec.network.ingress"),
                  QStringLiteral("a service with domains must have ingress: public"));

    parseDependencies(spec, s, ctx);

    MapReader slo = spec.map("slo");
    if (slo.valid()) {
        s.slo.availabilityPercent = slo.number("availabilityPercent", false, 99.9, 0.0, 100.0);
        s.slo.latencyP99Ms = slo.integer("latencyP99Ms", false, 0, 1, 600000);
        slo.finish();
    }

    if (s.port == 0 && (s.probes.liveness || s.probes.readiness || s.probes.startup || !s.domains.isEmpty()))
        ctx.error(spec.node(), QStringLiteral("spec.runtime.port"), QStringLiteral("probes and domains need a runtime port"));

    spec.finish();
    doc.finish();
    return s;
}

} // namespace enclii::spec
