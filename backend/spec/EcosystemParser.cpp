#include "Parsers.h"

#include <yaml-cpp/yaml.h>

namespace enclii::spec {

using core::Quantity;

namespace {

template<typename Fn>
void eachMap(MapReader &parent, const char *key, bool required, ParseContext &ctx, const QString &example, Fn fn)
{
    parent.list(key, required, [&](const YAML::Node &n, const QString &path) {
        MapReader m(n, path, ctx);
        if (!m.valid()) {
            ctx.error(n, path, QStringLiteral("expected a mapping such as %1").arg(example));
            return;
        }
        fn(m);
        m.finish();
    });
}

QList<int> intList(MapReader &m, const char *key, ParseContext &ctx)
{
    QList<int> out;
    m.list(key, false, [&](const YAML::Node &n, const QString &path) {
        bool ok = false;
        const int v = n.IsScalar() && n.Tag() != "!" ? QString::fromStdString(n.Scalar()).toInt(&ok) : 0;
        if (!ok || v < 1 || v > 65535)
            ctx.error(n, path, QStringLiteral("expected a port number from 1 to 65535"));
        else
            out << v;
    });
    return out;
}

core::TrafficRule parseRule(MapReader &m, ParseContext &ctx)
{
    core::TrafficRule r;
    r.from = m.string("from", true);
    r.to = m.string("to", true);
    r.ports = intList(m, "ports", ctx);
    r.except = m.string("except");
    r.description = m.string("description");
    return r;
}

void parseCluster(MapReader &spec, core::ClusterSpec &c, ParseContext &ctx)
{
    MapReader m = spec.map("cluster", true);
    if (!m.valid())
        return;
    c.provider = m.string("provider", true);
    c.nodeType = m.string("nodeType", true);
    c.nodes = m.integer("nodes", true, 0, 1, 10000);
    MapReader per = m.map("perNode", true);
    if (per.valid()) {
        c.cpuPerNode = per.quantity("cpu", true, Quantity::Kind::Cpu).value_or(Quantity());
        c.memoryPerNode = per.quantity("memory", true, Quantity::Kind::Memory).value_or(Quantity());
        c.storagePerNode = per.quantity("storage", true, Quantity::Kind::Memory).value_or(Quantity());
        per.finish();
    }
    c.overheadPercent = m.integer("overheadPercent", true, 0, 0, 99);
    c.overhead = m.stringList("overhead");
    m.finish();
    Q_UNUSED(ctx);
}

} // namespace

core::EcosystemSpec parseEcosystem(const YAML::Node &root, ParseContext &ctx)
{
    core::EcosystemSpec e;
    MapReader doc(root, QString(), ctx);
    const QString apiVersion = doc.string("apiVersion", true);
    if (doc.has("apiVersion") && apiVersion != QLatin1String("enclii.dev/v1"))
        ctx.error(doc.child("apiVersion"), QStringLiteral("apiVersion"),
                  QStringLiteral("\"%1\" is not supported; expected enclii.dev/v1").arg(apiVersion));
    doc.string("kind", true);

    MapReader meta = doc.map("metadata", true);
    e.name = meta.string("name", true);
    if (meta.has("name") && !isDnsLabel(e.name))
        ctx.error(meta.child("name"), QStringLiteral("metadata.name"), QStringLiteral("\"%1\" is not a valid name").arg(e.name));
    e.description = meta.string("description");
    meta.finish();

    MapReader spec = doc.map("spec", true);
    if (!spec.valid()) {
        doc.finish();
        return e;
    }
    e.principle = spec.string("principle");

    eachMap(spec, "tiers", true, ctx, QStringLiteral("{id: 1, name: Platform Infrastructure}"), [&](MapReader &m) {
        core::Tier t;
        t.id = m.integer("id", true, 0, 1, 99);
        t.name = m.string("name", true);
        t.description = m.string("description");
        t.deployed = m.boolean("deployed", true);
        e.tiers << t;
    });

    eachMap(spec, "repos", true, ctx, QStringLiteral("{name: enclii, tier: 1, purpose: ...}"), [&](MapReader &m) {
        core::Repo r;
        r.name = m.string("name", true);
        if (m.has("name") && !isDnsLabel(r.name))
            ctx.error(m.child("name"), m.childPath("name"), QStringLiteral("\"%1\" is not a valid name").arg(r.name));
        r.tier = m.integer("tier", true, 0, 1, 99);
        r.purpose = m.string("purpose", true);
        r.deployed = m.boolean("deployed", true);
        r.namespaceName = m.string("namespace", r.deployed);
        if (m.has("namespace") && !isDnsLabel(r.namespaceName))
            ctx.error(m.child("namespace"), m.childPath("namespace"), QStringLiteral("\"%1\" is not a valid namespace name").arg(r.namespaceName));
        r.components = m.stringList("components", r.deployed);
        r.auth = m.string("auth");
        r.dependsOn = m.stringList("dependsOn");
        r.usedBy = m.stringList("usedBy", !r.deployed);
        r.type = m.string("type");
        r.hosting = m.string("hosting");
        if (!r.deployed && !r.components.isEmpty())
            ctx.error(m.child("components"), m.childPath("components"), QStringLiteral("a repository that is not deployed has no components"));
        e.repos << r;
    });

    eachMap(spec, "infrastructure", false, ctx, QStringLiteral("{name: postgresql, kind: database}"), [&](MapReader &m) {
        core::Infrastructure i;
        i.name = m.string("name", true);
        i.kind = m.oneOf("kind", {QStringLiteral("database"), QStringLiteral("cache"), QStringLiteral("objectStore"),
                                  QStringLiteral("registry"), QStringLiteral("ingress"), QStringLiteral("cluster"),
                                  QStringLiteral("monitoring"), QStringLiteral("search"), QStringLiteral("mail"),
                                  QStringLiteral("notification"), QStringLiteral("billing")}, {}, true);
        i.provider = m.string("provider");
        i.description = m.string("description");
        i.holds = m.stringList("holds");
        e.infrastructure << i;
    });

    eachMap(spec, "namespaces", true, ctx, QStringLiteral("{name: enclii-platform, purpose: ...}"), [&](MapReader &m) {
        core::NamespaceInfo n;
        n.name = m.string("name", true);
        if (m.has("name") && !isDnsLabel(n.name))
            ctx.error(m.child("name"), m.childPath("name"), QStringLiteral("\"%1\" is not a valid namespace name").arg(n.name));
        n.purpose = m.string("purpose");
        e.namespaces << n;
    });

    MapReader traffic = spec.map("traffic", true);
    if (traffic.valid()) {
        eachMap(traffic, "allowed", true, ctx, QStringLiteral("{from: internet, to: cloudflare-tunnel}"),
                [&](MapReader &m) { e.allowed << parseRule(m, ctx); });
        eachMap(traffic, "denied", true, ctx, QStringLiteral("{from: app, to: other-app-database}"),
                [&](MapReader &m) { e.denied << parseRule(m, ctx); });
        traffic.finish();
    }

    parseCluster(spec, e.cluster, ctx);

    eachMap(spec, "budgets", false, ctx, QStringLiteral("{app: janua, service: janua-api, requests: ..., limits: ...}"), [&](MapReader &m) {
        core::Budget b;
        b.app = m.string("app", true);
        b.service = m.string("service", true);
        for (const char *key : {"requests", "limits"}) {
            MapReader r = m.map(key, true);
            if (!r.valid())
                continue;
            core::ResourceList &list = QLatin1String(key) == QLatin1String("requests") ? b.resources.requests : b.resources.limits;
            list.cpu = r.quantity("cpu", true, Quantity::Kind::Cpu).value_or(Quantity());
            list.memory = r.quantity("memory", true, Quantity::Kind::Memory).value_or(Quantity());
            r.finish();
        }
        e.budgets << b;
    });

    eachMap(spec, "platformFlow", false, ctx, QStringLiteral("{from: switchyard-api, to: roundhouse-api, label: enqueue}"), [&](MapReader &m) {
        e.platformFlow << core::FlowEdge{m.string("from", true), m.string("to", true), m.string("label")};
    });

    eachMap(spec, "waves", true, ctx, QStringLiteral("{order: 1, name: infrastructure-bootstrap, steps: [...]}"), [&](MapReader &m) {
        core::Wave w;
        w.order = m.integer("order", true, 0, 1, 99);
        w.name = m.string("name", true);
        w.title = m.string("title");
        w.weeks = m.string("weeks");
        eachMap(m, "steps", true, ctx, QStringLiteral("{name: 1. Janua, services: [janua-api]}"), [&](MapReader &s) {
            core::WaveStep st;
            st.name = s.string("name", true);
            st.repos = s.stringList("repos");
            st.services = s.stringList("services");
            st.infrastructure = s.stringList("infrastructure");
            st.planned = s.stringList("planned");
            st.note = s.string("note");
            w.steps << st;
        });
        e.waves << w;
    });

    eachMap(spec, "successCriteria", true, ctx, QStringLiteral("{group: Platform Health, items: [...]}"), [&](MapReader &m) {
        core::CriteriaGroup g;
        g.name = m.string("group", true);
        eachMap(m, "items", true, ctx, QStringLiteral("{id: self-deploy, text: ...}"), [&](MapReader &i) {
            g.items << core::Criterion{i.string("id", true), i.string("text", true), i.string("measure")};
        });
        e.criteria << g;
    });

    spec.finish();
    doc.finish();
    return e;
}

} // namespace enclii::spec
