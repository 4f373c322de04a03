// The rendered NetworkPolicies against the seed's allowed and denied flows, through a small
// evaluator of Kubernetes NetworkPolicy semantics written here, independently of the renderer:
// a connection is allowed when the source's egress and the destination's ingress both allow it;
// a pod no policy selects (for that direction) is not isolated.
#include "RenderFixture.h"

#include "reconcile/Renderer.h"

#include <QJsonArray>
#include <QTest>

using namespace enclii;
using namespace enclii::reconcile;
using namespace Qt::StringLiterals;
using testing::seedReleases;
using testing::seedSpecs;

namespace {

using Labels = QMap<QString, QString>;

// A pod (namespace set) or an address outside the cluster (namespace empty).
struct Endpoint
{
    QString name;
    QString namespaceName;
    Labels labels;
    quint32 ip = 0;
    int port = 0; // the port it serves, for the sweeps
};

quint32 ipv4(const QString &text)
{
    quint32 ip = 0;
    for (const QString &octet : text.split(u'.'))
        ip = (ip << 8) | octet.toUInt();
    return ip;
}

bool inCidr(quint32 ip, const QString &cidr)
{
    const QStringList parts = cidr.split(u'/');
    const int prefix = parts.value(1).toInt();
    const quint32 mask = prefix == 0 ? 0 : ~quint32(0) << (32 - prefix);
    return (ip & mask) == (ipv4(parts[0]) & mask);
}

class Cluster
{
public:
    explicit Cluster(const QList<QJsonObject> &objects)
    {
        for (const auto &o : objects) {
            if (o[u"kind"] == u"NetworkPolicy"_s)
                m_policies << o;
            if (o[u"kind"] == u"Namespace"_s)
                addNamespace(o[u"metadata"][u"name"].toString(), toLabels(o[u"metadata"][u"labels"].toObject()));
        }
        // Namespaces of the platform's own components, which Enclii does not render.
        for (const char *ns : {"ingress-nginx", "kube-system", "monitoring", "default"})
            addNamespace(QLatin1StringView(ns), {});
    }

    // Problems the evaluator met (a construct it does not model): the test fails on any.
    QStringList unsupported;

    bool allows(const Endpoint &from, const Endpoint &to, int port, const QString &protocol = u"TCP"_s)
    {
        return direction(from, to, port, protocol, u"Egress"_s) && direction(to, from, port, protocol, u"Ingress"_s);
    }

private:
    static Labels toLabels(const QJsonObject &o)
    {
        Labels l;
        for (auto it = o.begin(); it != o.end(); ++it)
            l.insert(it.key(), it.value().toString());
        return l;
    }

    void addNamespace(const QString &name, Labels labels)
    {
        labels.insert(u"kubernetes.io/metadata.name"_s, name); // set by the API server
        m_namespaceLabels.insert(name, labels);
    }

    bool selects(const QJsonObject &selector, const Labels &labels)
    {
        if (selector.contains(u"matchExpressions"_s))
            unsupported << u"matchExpressions"_s;
        const QJsonObject match = selector[u"matchLabels"].toObject();
        for (auto it = match.begin(); it != match.end(); ++it)
            if (labels.value(it.key()) != it.value().toString() || !labels.contains(it.key()))
                return false;
        return true;
    }

    // Does one peer of a rule (in a policy of namespace policyNs) match the endpoint?
    bool peerMatches(const QJsonObject &peer, const QString &policyNs, const Endpoint &e)
    {
        if (peer.contains(u"ipBlock"_s)) {
            const QJsonObject block = peer[u"ipBlock"].toObject();
            if (!inCidr(e.ip, block[u"cidr"].toString()))
                return false;
            for (const QJsonValue &x : block[u"except"].toArray())
                if (inCidr(e.ip, x.toString()))
                    return false;
            return true;
        }
        if (e.namespaceName.isEmpty())
            return false; // selectors only ever match pods
        const bool nsMatch = peer.contains(u"namespaceSelector"_s)
            ? selects(peer[u"namespaceSelector"].toObject(), m_namespaceLabels.value(e.namespaceName))
            : e.namespaceName == policyNs;
        const bool podMatch = !peer.contains(u"podSelector"_s) || selects(peer[u"podSelector"].toObject(), e.labels);
        return nsMatch && podMatch;
    }

    bool portMatches(const QJsonArray &ports, int port, const QString &protocol)
    {
        if (ports.isEmpty())
            return true;
        for (const QJsonValue &v : ports) {
            const QJsonObject p = v.toObject();
            if (p[u"protocol"].toString(u"TCP"_s) != protocol)
                continue;
            if (!p.contains(u"port"_s))
                return true;
            if (!p[u"port"].isDouble()) {
                unsupported << u"named port"_s;
                continue;
            }
            const int first = p[u"port"].toInt();
            const int last = p[u"endPort"].toInt(first);
            if (port >= first && port <= last)
                return true;
        }
        return false;
    }

    // Policies of `self`'s namespace that select it for this direction; with none it is not
    // isolated. Otherwise one rule of one of them must match the other end and the port.
    bool direction(const Endpoint &self, const Endpoint &other, int port, const QString &protocol, const QString &type)
    {
        if (self.namespaceName.isEmpty())
            return true; // outside the cluster: not ours to police
        const QString rulesKey = type == u"Ingress"_s ? u"ingress"_s : u"egress"_s;
        const QString peersKey = type == u"Ingress"_s ? u"from"_s : u"to"_s;
        bool isolated = false;
        for (const QJsonObject &policy : m_policies) {
            if (policy[u"metadata"][u"namespace"].toString() != self.namespaceName)
                continue;
            const QJsonObject spec = policy[u"spec"].toObject();
            if (!spec[u"policyTypes"].toArray().contains(type) || !selects(spec[u"podSelector"].toObject(), self.labels))
                continue;
            isolated = true;
            for (const QJsonValue &r : spec[rulesKey].toArray()) {
                const QJsonObject rule = r.toObject();
                const QJsonArray peers = rule[peersKey].toArray();
                bool peerOk = peers.isEmpty();
                for (const QJsonValue &p : peers)
                    peerOk = peerOk || peerMatches(p.toObject(), self.namespaceName, other);
                if (peerOk && portMatches(rule[u"ports"].toArray(), port, protocol))
                    return true;
            }
        }
        return !isolated;
    }

    QList<QJsonObject> m_policies;
    QHash<QString, Labels> m_namespaceLabels;
};

// The world: every rendered Deployment's pods, the platform's own pods, and addresses outside.
struct World
{
    QHash<QString, Endpoint> pods; // by service name
    Endpoint ingressController{u"ingress-nginx"_s, u"ingress-nginx"_s,
                               {{u"app.kubernetes.io/name"_s, u"ingress-nginx"_s}}, ipv4(u"10.42.100.1"_s)};
    Endpoint coreDns{u"coredns"_s, u"kube-system"_s, {{u"k8s-app"_s, u"kube-dns"_s}}, ipv4(u"10.42.100.2"_s)};
    Endpoint prometheus{u"prometheus"_s, u"monitoring"_s, {{u"app.kubernetes.io/name"_s, u"prometheus"_s}}, ipv4(u"10.42.100.3"_s)};
    Endpoint grafana{u"grafana"_s, u"monitoring"_s, {{u"app.kubernetes.io/name"_s, u"grafana"_s}}, ipv4(u"10.42.100.4"_s)};
    // A pod outside Enclii's namespaces that copies a service's labels.
    Endpoint impostor{u"impostor"_s, u"default"_s, {{u"app.kubernetes.io/name"_s, u"forgesight-api"_s}}, ipv4(u"10.42.100.5"_s)};
    Endpoint fakeDns{u"fake-dns"_s, u"default"_s, {{u"k8s-app"_s, u"kube-dns"_s}}, ipv4(u"10.42.100.6"_s)};
    Endpoint postgres{u"postgresql"_s, {}, {}, ipv4(u"10.0.5.10"_s)};
    Endpoint redis{u"redis"_s, {}, {}, ipv4(u"10.0.5.20"_s)};
    Endpoint apiServer{u"kube-apiserver"_s, {}, {}, ipv4(u"10.0.0.2"_s)};
    Endpoint internet{u"api.stripe.com"_s, {}, {}, ipv4(u"203.0.113.10"_s)};
    Endpoint metadata{u"cloud metadata"_s, {}, {}, ipv4(u"169.254.169.254"_s)};

    explicit World(const QList<QJsonObject> &objects)
    {
        int i = 0;
        for (const auto &o : objects) {
            if (o[u"kind"] != u"Deployment"_s)
                continue;
            const QJsonObject tmpl = o[u"spec"][u"template"].toObject();
            Endpoint e;
            e.name = o[u"metadata"][u"name"].toString();
            e.namespaceName = o[u"metadata"][u"namespace"].toString();
            const QJsonObject labels = tmpl[u"metadata"][u"labels"].toObject();
            for (auto it = labels.begin(); it != labels.end(); ++it)
                e.labels.insert(it.key(), it.value().toString());
            e.ip = ipv4(u"10.42.%1.%2"_s.arg(i / 200).arg(i % 200 + 10));
            e.port = tmpl[u"spec"][u"containers"][0][u"ports"][0][u"containerPort"].toInt();
            pods.insert(e.name, e);
            ++i;
        }
    }
};

QList<QJsonObject> renderSeed(const RenderOptions &options = {})
{
    QString error;
    const auto objects = renderAll(seedSpecs(), seedReleases(), options, &error);
    if (objects.isEmpty())
        qFatal("render failed: %s", qPrintable(error));
    return objects;
}

bool dependsOn(const core::ServiceSpec &s, const QString &service)
{
    for (const auto &d : s.dependencies)
        if ((d.kind == u"auth"_s || d.kind == u"service"_s) && d.service == service)
            return true;
    return false;
}

bool hasDependency(const core::ServiceSpec &s, const QString &kind)
{
    for (const auto &d : s.dependencies)
        if (d.kind == kind)
            return true;
    return false;
}

} // namespace

class TestNetworkPolicy : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY2(testing::seed().ok(), "the seed specs must load");
    }

    // The evaluator itself, on hand-made policies.
    void evaluatorSemantics()
    {
        const Endpoint a{u"a"_s, u"ns1"_s, {{u"app"_s, u"a"_s}}, ipv4(u"10.42.0.1"_s)};
        const Endpoint b{u"b"_s, u"ns2"_s, {{u"app"_s, u"b"_s}}, ipv4(u"10.42.0.2"_s)};
        const QJsonObject ns1{{u"kind"_s, u"Namespace"_s}, {u"metadata"_s, QJsonObject{{u"name"_s, u"ns1"_s}}}};
        const QJsonObject ns2{{u"kind"_s, u"Namespace"_s}, {u"metadata"_s, QJsonObject{{u"name"_s, u"ns2"_s}}}};
        QVERIFY(Cluster({ns1, ns2}).allows(a, b, 80)); // no policy: open

        auto policy = [](const QString &ns, const QJsonObject &spec) {
            return QJsonObject{{u"kind"_s, u"NetworkPolicy"_s},
                               {u"metadata"_s, QJsonObject{{u"name"_s, u"p"_s}, {u"namespace"_s, ns}}},
                               {u"spec"_s, spec}};
        };
        const QJsonObject denyIn = policy(u"ns2"_s, {{u"podSelector"_s, QJsonObject{}}, {u"policyTypes"_s, QJsonArray{u"Ingress"_s}}});
        QVERIFY(!Cluster({ns1, ns2, denyIn}).allows(a, b, 80));
        QVERIFY(Cluster({ns1, ns2, denyIn}).allows(b, a, 80)); // egress from ns2 is not isolated

        const QJsonObject fromA = policy(u"ns2"_s, {
            {u"podSelector"_s, QJsonObject{}},
            {u"policyTypes"_s, QJsonArray{u"Ingress"_s}},
            {u"ingress"_s, QJsonArray{QJsonObject{
                {u"from"_s, QJsonArray{QJsonObject{{u"podSelector"_s, QJsonObject{{u"matchLabels"_s, QJsonObject{{u"app"_s, u"a"_s}}}}}}}},
                {u"ports"_s, QJsonArray{QJsonObject{{u"port"_s, 80}}}}}}}});
        // A bare podSelector means the policy's own namespace: a in ns1 does not match.
        QVERIFY(!Cluster({ns1, ns2, fromA}).allows(a, b, 80));
        const Endpoint a2{u"a2"_s, u"ns2"_s, {{u"app"_s, u"a"_s}}, ipv4(u"10.42.0.3"_s)};
        QVERIFY(Cluster({ns1, ns2, fromA}).allows(a2, b, 80));
        QVERIFY(!Cluster({ns1, ns2, fromA}).allows(a2, b, 81));
        QVERIFY(!Cluster({ns1, ns2, fromA}).allows(a2, b, 80, u"UDP"_s));
    }

    void seedFlows_data()
    {
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::addColumn<int>("port"); // 0: the destination service's port
        QTest::addColumn<QString>("protocol");
        QTest::addColumn<bool>("allowed");
        auto row = [](const char *name, const QString &from, const QString &to, int port, bool allowed,
                      const QString &protocol = u"TCP"_s) {
            QTest::newRow(name) << from << to << port << protocol << allowed;
        };
        // ALL APPS -> JANUA (auth)
        row("forgesight-api -> janua-api", u"forgesight-api"_s, u"janua-api"_s, 0, true);
        row("madfam-site-web -> janua-api (static site, no auth dependency)", u"madfam-site-web"_s, u"janua-api"_s, 0, false);
        row("forgesight-api -> janua-api on another port", u"forgesight-api"_s, u"janua-api"_s, 22, false);
        row("forgesight-api -> janua-admin-ui", u"forgesight-api"_s, u"janua-admin-ui"_s, 0, false);
        // Within an app: only what allowFrom and dependencies both say.
        row("forgesight-web -> forgesight-api", u"forgesight-web"_s, u"forgesight-api"_s, 0, true);
        row("forgesight-worker -> forgesight-api (not in allowFrom)", u"forgesight-worker"_s, u"forgesight-api"_s, 0, false);
        row("forgesight-api -> forgesight-web", u"forgesight-api"_s, u"forgesight-web"_s, 0, false);
        // Direct pod-to-pod across namespaces is denied.
        row("forgesight-api -> dhanam-api", u"forgesight-api"_s, u"dhanam-api"_s, 0, false);
        row("dhanam-web -> forgesight-api", u"dhanam-web"_s, u"forgesight-api"_s, 0, false);
        row("electrochem-sim-worker -> fortuna-api", u"electrochem-sim-worker"_s, u"fortuna-api"_s, 0, false);
        // Apps cannot access platform internals (except Janua).
        row("forgesight-api -> switchyard-api", u"forgesight-api"_s, u"switchyard-api"_s, 0, false);
        row("bloom-scroll-api -> roundhouse-api", u"bloom-scroll-api"_s, u"roundhouse-api"_s, 0, false);
        row("dhanam-api -> waybill-api", u"dhanam-api"_s, u"waybill-api"_s, 0, false);
        row("janua-api -> switchyard-api", u"janua-api"_s, u"switchyard-api"_s, 0, false);
        // The platform's own flows.
        row("switchyard-ui -> switchyard-api", u"switchyard-ui"_s, u"switchyard-api"_s, 0, true);
        row("roundhouse-worker -> switchyard-api", u"roundhouse-worker"_s, u"switchyard-api"_s, 0, true);
        row("switchyard-api -> roundhouse-api", u"switchyard-api"_s, u"roundhouse-api"_s, 0, true);
        row("roundhouse-worker -> waybill-api", u"roundhouse-worker"_s, u"waybill-api"_s, 0, true);
        row("switchyard-api -> janua-api", u"switchyard-api"_s, u"janua-api"_s, 0, true);
        row("waybill-aggregator -> waybill-api (no dependency)", u"waybill-aggregator"_s, u"waybill-api"_s, 0, false);
        // The platform does not reach into the apps either.
        row("switchyard-api -> forgesight-api", u"switchyard-api"_s, u"forgesight-api"_s, 0, false);
        // Internet -> Cloudflare Tunnel -> ingress controller -> web services only.
        row("ingress -> forgesight-web", u"ingress-nginx"_s, u"forgesight-web"_s, 0, true);
        row("ingress -> switchyard-api", u"ingress-nginx"_s, u"switchyard-api"_s, 0, true);
        row("ingress -> madfam-site-web", u"ingress-nginx"_s, u"madfam-site-web"_s, 0, true);
        row("ingress -> forgesight-worker", u"ingress-nginx"_s, u"forgesight-worker"_s, 0, false);
        row("ingress -> electrochem-sim-worker", u"ingress-nginx"_s, u"electrochem-sim-worker"_s, 0, false);
        row("ingress -> roundhouse-worker", u"ingress-nginx"_s, u"roundhouse-worker"_s, 0, false);
        row("ingress -> forgesight-web on another port", u"ingress-nginx"_s, u"forgesight-web"_s, 9090, false);
        // DNS.
        row("forgesight-api -> DNS udp", u"forgesight-api"_s, u"coredns"_s, 53, true, u"UDP"_s);
        row("forgesight-api -> DNS tcp", u"forgesight-api"_s, u"coredns"_s, 53, true);
        row("madfam-site-web -> DNS udp", u"madfam-site-web"_s, u"coredns"_s, 53, true, u"UDP"_s);
        row("forgesight-api -> coredns metrics", u"forgesight-api"_s, u"coredns"_s, 9153, false);
        row("forgesight-api -> a pod posing as DNS", u"forgesight-api"_s, u"fake-dns"_s, 53, false, u"UDP"_s);
        // A pod elsewhere cannot pose as an allowed caller by copying its labels.
        row("impostor -> janua-api", u"impostor"_s, u"janua-api"_s, 0, false);
        // Metrics scrape (monitoring stack: All Services -> Prometheus).
        row("prometheus -> forgesight-worker", u"prometheus"_s, u"forgesight-worker"_s, 0, true);
        row("prometheus -> switchyard-api", u"prometheus"_s, u"switchyard-api"_s, 0, true);
        row("grafana -> forgesight-api", u"grafana"_s, u"forgesight-api"_s, 0, false);
        // Own database and cache; never anything else outside.
        row("forgesight-api -> PostgreSQL", u"forgesight-api"_s, u"postgresql"_s, 5432, true);
        row("forgesight-web -> PostgreSQL (no database)", u"forgesight-web"_s, u"postgresql"_s, 5432, false);
        row("forgesight-api -> Redis (no cache)", u"forgesight-api"_s, u"redis"_s, 6379, false);
        row("electrochem-sim-api -> Redis", u"electrochem-sim-api"_s, u"redis"_s, 6379, true);
        row("electrochem-sim-api -> Redis Sentinel", u"electrochem-sim-api"_s, u"redis"_s, 26379, true);
        row("electrochem-sim-api -> Redis host on SSH", u"electrochem-sim-api"_s, u"redis"_s, 22, false);
        row("janua-api -> Redis (sessions)", u"janua-api"_s, u"redis"_s, 6379, true);
        row("madfam-site-web -> PostgreSQL", u"madfam-site-web"_s, u"postgresql"_s, 5432, false);
        row("forgesight-api -> the internet", u"forgesight-api"_s, u"api.stripe.com"_s, 443, false);
        row("forgesight-api -> cloud metadata", u"forgesight-api"_s, u"cloud metadata"_s, 80, false);
        // The platform flow's edges to infrastructure.
        row("waybill-aggregator -> Stripe", u"waybill-aggregator"_s, u"api.stripe.com"_s, 443, true);
        row("roundhouse-worker -> registry", u"roundhouse-worker"_s, u"api.stripe.com"_s, 443, true);
        row("roundhouse-worker -> cloud metadata", u"roundhouse-worker"_s, u"cloud metadata"_s, 443, false);
        row("switchyard-api -> API server", u"switchyard-api"_s, u"kube-apiserver"_s, 6443, true);
        row("roundhouse-api -> API server", u"roundhouse-api"_s, u"kube-apiserver"_s, 6443, false);
        row("forgesight-api -> API server", u"forgesight-api"_s, u"kube-apiserver"_s, 6443, false);
    }
    void seedFlows()
    {
        QFETCH(QString, from);
        QFETCH(QString, to);
        QFETCH(int, port);
        QFETCH(QString, protocol);
        QFETCH(bool, allowed);
        const auto objects = renderSeed();
        World world(objects);
        const QList<Endpoint> others{world.ingressController, world.coreDns, world.prometheus, world.grafana,
                                     world.impostor, world.fakeDns, world.postgres, world.redis, world.apiServer,
                                     world.internet, world.metadata};
        auto endpoint = [&](const QString &name) {
            if (world.pods.contains(name))
                return world.pods.value(name);
            for (const Endpoint &e : others)
                if (e.name == name)
                    return e;
            qFatal("no endpoint %s", qPrintable(name));
        };
        const Endpoint src = endpoint(from), dst = endpoint(to);
        Cluster cluster(objects);
        QCOMPARE(cluster.allows(src, dst, port ? port : dst.port, protocol), allowed);
        QVERIFY2(cluster.unsupported.isEmpty(), qPrintable(cluster.unsupported.join(u", "_s)));
    }

    // Every pair of services: a connection is open exactly when the caller depends on the callee
    // (auth or service) and the callee's allowFrom names the caller.
    void serviceMatrixFollowsTheSpecs()
    {
        const auto objects = renderSeed();
        World world(objects);
        Cluster cluster(objects);
        int open = 0;
        for (const auto &from : seedSpecs().services) {
            for (const auto &to : seedSpecs().services) {
                if (from.name == to.name)
                    continue;
                const bool expected = dependsOn(from, to.name) && to.network.allowFrom.contains(from.name);
                const bool actual = cluster.allows(world.pods[from.name], world.pods[to.name], to.port);
                QVERIFY2(actual == expected, qPrintable(u"%1 -> %2: %3"_s.arg(from.name, to.name, actual ? u"open"_s : u"closed"_s)));
                open += actual ? 1 : 0;
                // Across namespaces, only Janua is ever reachable.
                if (actual && from.namespaceName != to.namespaceName)
                    QCOMPARE(to.name, u"janua-api"_s);
                // No app outside the platform reaches the platform's pods.
                if (to.namespaceName == u"enclii-platform"_s && from.namespaceName != u"enclii-platform"_s)
                    QVERIFY2(!actual, qPrintable(from.name + u" reaches "_s + to.name));
            }
        }
        // 29 callers of Janua; 9 web front-ends calling their API; 7 platform calls (switchyard-api
        // <- switchyard-ui, roundhouse-api, roundhouse-worker; roundhouse-api <- switchyard-api,
        // roundhouse-worker; waybill-api <- switchyard-api, roundhouse-worker).
        QCOMPARE(open, 29 + 9 + 7);
        QVERIFY(cluster.unsupported.isEmpty());
    }

    void ingressControllerReachesPublicServicesOnly()
    {
        const auto objects = renderSeed();
        World world(objects);
        Cluster cluster(objects);
        for (const auto &s : seedSpecs().services) {
            const bool isPublic = s.network.ingress == u"public"_s;
            QCOMPARE(cluster.allows(world.ingressController, world.pods[s.name], s.port), isPublic);
            QVERIFY(!cluster.allows(world.ingressController, world.pods[s.name], s.port + 1));
            QVERIFY(cluster.allows(world.prometheus, world.pods[s.name], s.port));
            QVERIFY(!cluster.allows(world.grafana, world.pods[s.name], s.port));
            QVERIFY(cluster.allows(world.pods[s.name], world.coreDns, 53, u"UDP"_s));
        }
    }

    void dataStoresOnlyForTheirUsers()
    {
        const auto objects = renderSeed();
        World world(objects);
        Cluster cluster(objects);
        for (const auto &s : seedSpecs().services) {
            const Endpoint &pod = world.pods[s.name];
            QCOMPARE(cluster.allows(pod, world.postgres, 5432), hasDependency(s, u"database"_s));
            QCOMPARE(cluster.allows(pod, world.redis, 6379), hasDependency(s, u"cache"_s));
            QVERIFY(!cluster.allows(pod, world.metadata, 80));
            // An ipBlock never opens another namespace's pods, whatever they listen on.
            for (const auto &other : seedSpecs().services)
                if (other.namespaceName != s.namespaceName)
                    QVERIFY(!cluster.allows(pod, world.pods[other.name], 5432));
        }
    }

    // With an address per database, App A cannot reach App B's database at all.
    void perDatabaseAddressesIsolateDatabases()
    {
        RenderOptions options;
        options.infrastructure.insert(u"postgresql/forgesight_prod"_s, {{u"10.0.6.1/32"_s}, {}, {5432}, {}});
        options.infrastructure.insert(u"postgresql/dhanam_prod"_s, {{u"10.0.6.2/32"_s}, {}, {5432}, {}});
        const auto objects = renderSeed(options);
        World world(objects);
        Cluster cluster(objects);
        const Endpoint forgesightDb{u"forgesight_prod"_s, {}, {}, ipv4(u"10.0.6.1"_s)};
        const Endpoint dhanamDb{u"dhanam_prod"_s, {}, {}, ipv4(u"10.0.6.2"_s)};
        QVERIFY(cluster.allows(world.pods[u"forgesight-api"_s], forgesightDb, 5432));
        QVERIFY(!cluster.allows(world.pods[u"forgesight-api"_s], dhanamDb, 5432));
        QVERIFY(cluster.allows(world.pods[u"dhanam-api"_s], dhanamDb, 5432));
        QVERIFY(!cluster.allows(world.pods[u"dhanam-api"_s], forgesightDb, 5432));
        // Apps without an entry of their own keep the shared data network.
        QVERIFY(cluster.allows(world.pods[u"fortuna-api"_s], world.postgres, 5432));
    }

    // Redis Sentinel counts as cluster overhead in the seed; run in-cluster, it is named by pods.
    void inClusterInfrastructureByPods()
    {
        RenderOptions options;
        options.infrastructure.insert(u"redis"_s, {{}, {}, {6379, 26379},
                                                   {{u"redis"_s, {{u"app.kubernetes.io/name"_s, u"redis"_s}}}}});
        QList<QJsonObject> objects = renderSeed(options);
        World world(objects);
        objects << QJsonObject{{u"kind"_s, u"Namespace"_s}, {u"metadata"_s, QJsonObject{{u"name"_s, u"redis"_s}}}};
        Cluster cluster(objects);
        const Endpoint sentinel{u"redis"_s, u"redis"_s, {{u"app.kubernetes.io/name"_s, u"redis"_s}}, ipv4(u"10.42.150.1"_s)};
        QVERIFY(cluster.allows(world.pods[u"electrochem-sim-api"_s], sentinel, 26379));
        QVERIFY(cluster.allows(world.pods[u"janua-api"_s], sentinel, 6379));
        QVERIFY(!cluster.allows(world.pods[u"forgesight-api"_s], sentinel, 6379));
        QVERIFY(!cluster.allows(world.pods[u"electrochem-sim-api"_s], world.redis, 6379)); // no address any more
    }

    void unconfiguredInfrastructureFailsClosed()
    {
        RenderOptions options;
        options.infrastructure.clear();
        const auto objects = renderSeed(options);
        World world(objects);
        Cluster cluster(objects);
        QVERIFY(!cluster.allows(world.pods[u"forgesight-api"_s], world.postgres, 5432));
        QVERIFY(!cluster.allows(world.pods[u"waybill-aggregator"_s], world.internet, 443));
        QVERIFY(cluster.allows(world.pods[u"forgesight-api"_s], world.pods[u"janua-api"_s], 8000));
    }

    void ingressControllerIsConfigurable()
    {
        RenderOptions options;
        options.ingressController = {u"cloudflared"_s, {}};
        const auto objects = renderSeed(options);
        World world(objects);
        const Endpoint tunnel{u"cloudflared"_s, u"cloudflared"_s, {{u"app"_s, u"cloudflared"_s}}, ipv4(u"10.42.100.9"_s)};
        // The model knows the namespaces it renders and a few fixed ones; add the tunnel's.
        QList<QJsonObject> withNs = objects;
        withNs << QJsonObject{{u"kind"_s, u"Namespace"_s}, {u"metadata"_s, QJsonObject{{u"name"_s, u"cloudflared"_s}}}};
        Cluster withTunnel(withNs);
        QVERIFY(withTunnel.allows(tunnel, world.pods[u"forgesight-web"_s], 3000));
        QVERIFY(!withTunnel.allows(world.ingressController, world.pods[u"forgesight-web"_s], 3000));
        QVERIFY(!withTunnel.allows(tunnel, world.pods[u"forgesight-worker"_s], 9090));
    }
};

QTEST_GUILESS_MAIN(TestNetworkPolicy)
#include "tst_networkpolicy.moc"
