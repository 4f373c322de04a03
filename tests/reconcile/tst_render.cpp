// Rendering: golden files for several seed apps, the whole seed valid and deterministic,
// render hashes, the workload rules (HPA vs replicas, rollout strategy, ports, ingress, security),
// the namespace budget, and releases that are refused.
//
// Golden files: tests/reconcile/golden/<case>.yaml, compared byte for byte with toYaml() of
// the case's objects. After an intended change to the rendering, run the test once with
// ENCLII_UPDATE_GOLDEN=1 in the environment (e.g. `ENCLII_UPDATE_GOLDEN=1 ./tst_render`):
// it rewrites the files instead of comparing them; review the diff and commit it.
#include "RenderFixture.h"

#include "reconcile/ManifestYaml.h"
#include "reconcile/ObjectValidator.h"
#include "reconcile/Renderer.h"

#include <QFile>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QTest>

#include <algorithm>

using namespace enclii;
using namespace enclii::reconcile;
using namespace Qt::StringLiterals;
using testing::releaseFor;
using testing::seedReleases;
using testing::seedSpecs;

namespace {

const QString kGoldenDir = QStringLiteral(ENCLII_SOURCE_DIR "/tests/reconcile/golden");

const core::ServiceSpec &seedService(const QString &name)
{
    const core::ServiceSpec *s = seedSpecs().service(name);
    if (!s)
        qFatal("no service %s in the seed", qPrintable(name));
    return *s;
}

QList<QJsonObject> renderOne(const core::ServiceSpec &s, const RenderOptions &options = {})
{
    QString error;
    const auto out = renderService(seedSpecs(), s, releaseFor(s), options, &error);
    if (out.isEmpty())
        qFatal("render of %s failed: %s", qPrintable(s.name), qPrintable(error));
    return out;
}

// The namespace's own objects and every service in it.
QList<QJsonObject> renderApp(const QString &namespaceName)
{
    QList<QJsonObject> out = renderNamespace(seedSpecs(), namespaceName, {});
    for (const auto &s : seedSpecs().services)
        if (s.namespaceName == namespaceName)
            out << renderOne(s);
    sortObjects(out);
    return out;
}

QJsonObject find(const QList<QJsonObject> &objects, const QString &kind, const QString &name = {})
{
    for (const auto &o : objects)
        if (o[u"kind"].toString() == kind && (name.isEmpty() || o[u"metadata"][u"name"].toString() == name))
            return o;
    return {};
}

int count(const QList<QJsonObject> &objects, const QString &kind)
{
    return int(std::count_if(objects.begin(), objects.end(), [&](const QJsonObject &o) { return o[u"kind"] == kind; }));
}

QJsonObject podSpec(const QJsonObject &deployment)
{
    return deployment[u"spec"][u"template"][u"spec"].toObject();
}

QJsonObject container(const QJsonObject &deployment)
{
    return podSpec(deployment)[u"containers"][0].toObject();
}

} // namespace

class TestRender : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY2(testing::seed().ok(), "the seed specs must load");
    }

    void golden_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QStringList>("services");  // rendered with renderService
        QTest::addColumn<QString>("namespaceName"); // and, when set, the whole namespace
        // Canary, HPA (no replicas), a domain, Janua egress, a database and a cache, the API server.
        QTest::newRow("switchyard-api") << u"switchyard-api.yaml"_s << QStringList{u"switchyard-api"_s} << QString();
        // A whole app: api + web + worker, its Namespace, budget and namespace policies.
        QTest::newRow("forgesight") << u"forgesight.yaml"_s << QStringList{} << u"enclii-forgesight"_s;
        // A worker: a metrics port only, no domain, no Ingress, internal.
        QTest::newRow("electrochem-sim-worker") << u"electrochem-sim-worker.yaml"_s
                                                << QStringList{u"electrochem-sim-worker"_s} << QString();
        // A Tier 4 static site: no dependencies, no egress beyond DNS.
        QTest::newRow("madfam-site") << u"madfam-site.yaml"_s << QStringList{} << u"enclii-madfam-site"_s;
    }
    void golden()
    {
        QFETCH(QString, file);
        QFETCH(QStringList, services);
        QFETCH(QString, namespaceName);
        QList<QJsonObject> objects;
        if (!namespaceName.isEmpty())
            objects = renderApp(namespaceName);
        for (const QString &name : services)
            objects << renderOne(seedService(name));
        const QByteArray yaml = toYaml(objects);

        const QString path = kGoldenDir + u'/' + file;
        if (qEnvironmentVariableIntValue("ENCLII_UPDATE_GOLDEN") == 1) {
            QFile out(path);
            QVERIFY2(out.open(QIODevice::WriteOnly | QIODevice::Truncate), qPrintable(path));
            out.write(yaml);
            qInfo("rewrote %s", qPrintable(path));
            return;
        }
        QFile in(path);
        QVERIFY2(in.open(QIODevice::ReadOnly), qPrintable(path + u" is missing; run with ENCLII_UPDATE_GOLDEN=1"_s));
        const QByteArray expected = in.readAll();
        if (yaml != expected) {
            const QList<QByteArray> a = yaml.split('\n'), b = expected.split('\n');
            qsizetype line = 0;
            while (line < a.size() && line < b.size() && a[line] == b[line])
                ++line;
            QFAIL(qPrintable(u"%1 differs at line %2:\n  rendered: %3\n  golden:   %4\n(ENCLII_UPDATE_GOLDEN=1 rewrites it)"_s
                                 .arg(file).arg(line + 1)
                                 .arg(QString::fromUtf8(a.value(line)), QString::fromUtf8(b.value(line)))));
        }
    }

    void wholeSeedIsValid()
    {
        QString error;
        const auto objects = renderAll(seedSpecs(), seedReleases(), {}, &error);
        QVERIFY2(!objects.isEmpty(), qPrintable(error));
        QStringList problems;
        for (const auto &o : objects)
            problems << validateObject(o);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));

        QCOMPARE(count(objects, u"Namespace"_s), 15);
        QCOMPARE(count(objects, u"ResourceQuota"_s), 15);
        QCOMPARE(count(objects, u"LimitRange"_s), 15);
        QCOMPARE(count(objects, u"NetworkPolicy"_s), 15 * 2 + 33);
        QCOMPARE(count(objects, u"Service"_s), 33);
        QCOMPARE(count(objects, u"Deployment"_s), 33);
        QCOMPARE(count(objects, u"HorizontalPodAutoscaler"_s), 33);
        QCOMPARE(count(objects, u"PodDisruptionBudget"_s), 33);
        QCOMPARE(count(objects, u"Ingress"_s), 28); // every service but the five workers
        QCOMPARE(objects.size(), 15 * 3 + 63 + 33 * 4 + 28);
    }

    void everyObjectIsLabelledAndHashed()
    {
        const auto objects = renderAll(seedSpecs(), seedReleases(), {});
        QVERIFY(!objects.isEmpty());
        for (const auto &o : objects) {
            const QJsonObject meta = o[u"metadata"].toObject();
            const QJsonObject labels = meta[u"labels"].toObject();
            const QString what = o[u"kind"].toString() + u' ' + meta[u"namespace"].toString() + u'/' + meta[u"name"].toString();
            QVERIFY2(labels[u"app.kubernetes.io/managed-by"] == u"enclii"_s, qPrintable(what));
            for (const char *key : {"app.kubernetes.io/part-of", "app.kubernetes.io/name", "app.kubernetes.io/component"})
                QVERIFY2(!labels[QLatin1StringView(key)].toString().isEmpty(), qPrintable(what + u' ' + QLatin1StringView(key)));
            const QString hash = meta[u"annotations"][QLatin1StringView(kRenderHashAnnotation)].toString();
            QCOMPARE(hash.size(), 64);
            QCOMPARE(hash, renderHash(o));
        }
        const auto forgesight = renderApp(u"enclii-forgesight"_s);
        const QJsonObject api = find(forgesight, u"Deployment"_s, u"forgesight-api"_s);
        QCOMPARE(api[u"metadata"][u"labels"][u"app.kubernetes.io/part-of"].toString(), u"forgesight"_s);
        QCOMPARE(api[u"metadata"][u"labels"][u"app.kubernetes.io/component"].toString(), u"api"_s);
        QCOMPARE(api[u"metadata"][u"labels"][u"enclii.dev/tier"].toString(), u"2"_s); // the spec's own labels
        const QJsonObject ns = find(forgesight, u"Namespace"_s);
        QCOMPARE(ns[u"metadata"][u"name"].toString(), u"enclii-forgesight"_s);
        QCOMPARE(ns[u"metadata"][u"labels"][u"app.kubernetes.io/component"].toString(), u"namespace"_s);
        QCOMPARE(ns[u"metadata"][u"labels"][u"pod-security.kubernetes.io/enforce"].toString(), u"restricted"_s);
    }

    void renderingIsDeterministic()
    {
        const QByteArray first = toYaml(renderAll(seedSpecs(), seedReleases(), {}));
        QVERIFY(!first.isEmpty());
        QCOMPARE(toYaml(renderAll(seedSpecs(), seedReleases(), {})), first);

        // Neither the order of the services nor the release hash's insertion order matters.
        core::SpecSet shuffled = seedSpecs();
        std::reverse(shuffled.services.begin(), shuffled.services.end());
        QRandomGenerator random(42);
        std::shuffle(shuffled.services.begin(), shuffled.services.end(), random);
        QHash<QString, Release> releases;
        for (auto it = shuffled.services.rbegin(); it != shuffled.services.rend(); ++it)
            releases.insert(it->name, releaseFor(*it));
        QCOMPARE(toYaml(renderAll(shuffled, releases, {})), first);
    }

    void renderHashFollowsContent()
    {
        const auto &s = seedService(u"forgesight-api"_s);
        const auto before = renderOne(s);
        QString error;
        const auto after = renderService(seedSpecs(), s, releaseFor(s, u"next"_s), {}, &error);
        QVERIFY2(!after.isEmpty(), qPrintable(error));
        auto hash = [](const QJsonObject &o) {
            return o[u"metadata"][u"annotations"][QLatin1StringView(kRenderHashAnnotation)].toString();
        };
        // A new image changes the Deployment and nothing else.
        QVERIFY(hash(find(before, u"Deployment"_s)) != hash(find(after, u"Deployment"_s)));
        for (const QString &kind : {u"Service"_s, u"Ingress"_s, u"HorizontalPodAutoscaler"_s, u"PodDisruptionBudget"_s, u"NetworkPolicy"_s})
            QCOMPARE(hash(find(before, kind)), hash(find(after, kind)));
        // The hash leaves itself out and sees everything else.
        QJsonObject d = find(before, u"Deployment"_s);
        QCOMPARE(renderHash(d), hash(d));
        QJsonObject meta = d[u"metadata"].toObject();
        meta.insert(u"name"_s, u"other"_s);
        d.insert(u"metadata"_s, meta);
        QVERIFY(renderHash(d) != hash(d));
    }

    void autoscaledDeploymentLeavesReplicasToTheHpa()
    {
        const auto objects = renderOne(seedService(u"switchyard-api"_s));
        const QJsonObject deployment = find(objects, u"Deployment"_s);
        QVERIFY(!deployment[u"spec"].toObject().contains(u"replicas"_s));
        const QJsonObject hpa = find(objects, u"HorizontalPodAutoscaler"_s);
        QCOMPARE(hpa[u"spec"][u"minReplicas"].toInt(), 3);
        QCOMPARE(hpa[u"spec"][u"maxReplicas"].toInt(), 10);
        QCOMPARE(hpa[u"spec"][u"scaleTargetRef"][u"name"].toString(), u"switchyard-api"_s);
        const QJsonArray metrics = hpa[u"spec"][u"metrics"].toArray();
        QCOMPARE(metrics.size(), 2);
        QCOMPARE(metrics[0][u"resource"][u"name"].toString(), u"cpu"_s);
        QCOMPARE(metrics[0][u"resource"][u"target"][u"averageUtilization"].toInt(), 70);
        QCOMPARE(metrics[1][u"resource"][u"name"].toString(), u"memory"_s);
        QCOMPARE(metrics[1][u"resource"][u"target"][u"averageUtilization"].toInt(), 80);

        core::ServiceSpec fixed = seedService(u"switchyard-api"_s);
        fixed.autoscaling.reset();
        const auto objectsFixed = renderOne(fixed);
        QCOMPARE(find(objectsFixed, u"Deployment"_s)[u"spec"][u"replicas"].toInt(), 3);
        QCOMPARE(count(objectsFixed, u"HorizontalPodAutoscaler"_s), 0);
    }

    void rolloutStrategyFollowsTheSpec()
    {
        auto rolling = [](const core::ServiceSpec &s) {
            return find(renderOne(s), u"Deployment"_s)[u"spec"][u"strategy"].toObject();
        };
        // Canary: the stable track surges 25% and never drops below its count.
        const QJsonObject canary = rolling(seedService(u"switchyard-api"_s));
        QCOMPARE(canary[u"type"].toString(), u"RollingUpdate"_s);
        QCOMPARE(canary[u"rollingUpdate"][u"maxSurge"].toString(), u"25%"_s);
        QVERIFY(canary[u"rollingUpdate"][u"maxUnavailable"].isDouble());
        QCOMPARE(canary[u"rollingUpdate"][u"maxUnavailable"].toInt(), 0);

        core::ServiceSpec s = seedService(u"forgesight-web"_s);
        s.deploy.maxSurge = u"1"_s;
        s.deploy.maxUnavailable = u"10%"_s;
        const QJsonObject custom = rolling(s);
        QCOMPARE(custom[u"rollingUpdate"][u"maxSurge"].toInt(), 1);
        QCOMPARE(custom[u"rollingUpdate"][u"maxUnavailable"].toString(), u"10%"_s);

        s.deploy.strategy = u"recreate"_s;
        QCOMPARE(rolling(s), (QJsonObject{{u"type"_s, u"Recreate"_s}}));
    }

    void deploymentRunsLockedDown()
    {
        const auto objects = renderAll(seedSpecs(), seedReleases(), {});
        for (const auto &d : objects) {
            if (d[u"kind"] != u"Deployment"_s)
                continue;
            const QString name = d[u"metadata"][u"name"].toString();
            const core::ServiceSpec &s = seedService(name);
            const QJsonObject pod = podSpec(d);
            const QJsonObject c = container(d);
            QCOMPARE(c[u"image"].toString(), releaseFor(s).image);
            QVERIFY(c[u"image"].toString().contains(u"@sha256:"_s));
            QCOMPARE(pod[u"securityContext"][u"runAsNonRoot"].toBool(), true);
            QCOMPARE(pod[u"securityContext"][u"seccompProfile"][u"type"].toString(), u"RuntimeDefault"_s);
            const QJsonObject sc = c[u"securityContext"].toObject();
            QCOMPARE(sc[u"runAsNonRoot"].toBool(), true);
            QCOMPARE(sc[u"readOnlyRootFilesystem"].toBool(), true);
            QCOMPARE(sc[u"allowPrivilegeEscalation"].toBool(), false);
            QCOMPARE(sc[u"capabilities"][u"drop"].toArray(), QJsonArray{u"ALL"_s});
            QCOMPARE(c[u"volumeMounts"][0][u"mountPath"].toString(), u"/tmp"_s);
            QVERIFY(pod[u"volumes"][0][u"emptyDir"].isObject());
            const QJsonObject spread = pod[u"topologySpreadConstraints"][0].toObject();
            QCOMPARE(spread[u"topologyKey"].toString(), u"kubernetes.io/hostname"_s);
            QCOMPARE(spread[u"maxSkew"].toInt(), 1);
            QCOMPARE(spread[u"whenUnsatisfiable"].toString(), u"ScheduleAnyway"_s);
            QCOMPARE(c[u"resources"][u"requests"][u"cpu"].toString(), s.resources.requests.cpu.toString(core::Quantity::Kind::Cpu));
            QCOMPARE(c[u"resources"][u"limits"][u"memory"].toString(), s.resources.limits.memory.toString(core::Quantity::Kind::Memory));
            QCOMPARE(c[u"ports"][0][u"containerPort"].toInt(), s.port);
            QCOMPARE(c[u"livenessProbe"][u"httpGet"][u"path"].toString(), s.probes.liveness->path);
            QCOMPARE(c[u"readinessProbe"][u"httpGet"][u"port"].toInt(), s.probes.readiness->port);
            // Only the reconcilers' host talks to the API server.
            QCOMPARE(pod[u"automountServiceAccountToken"].toBool(), name == u"switchyard-api"_s);
            QCOMPARE(d[u"metadata"][u"annotations"][u"enclii.dev/release"].toString(), u"r1"_s);
        }
        // Env values and secret references, in the spec's order.
        const QJsonArray env = container(find(renderOne(seedService(u"switchyard-api"_s)), u"Deployment"_s))[u"env"].toArray();
        QCOMPARE(env.size(), 3);
        QCOMPARE(env[0].toObject(), (QJsonObject{{u"name"_s, u"ENCLII_LOG_FORMAT"_s}, {u"value"_s, u"json"_s}}));
        QCOMPARE(env[1][u"valueFrom"][u"secretKeyRef"][u"name"].toString(), u"enclii-db"_s);
        QCOMPARE(env[1][u"valueFrom"][u"secretKeyRef"][u"key"].toString(), u"url"_s);
    }

    void startupProbeWhenTheSpecHasOne()
    {
        core::ServiceSpec s = seedService(u"forgesight-api"_s);
        QVERIFY(!container(find(renderOne(s), u"Deployment"_s)).contains(u"startupProbe"_s));
        s.probes.startup = core::HttpProbe{u"/startup"_s, 8000, 0, 5, 2, 30};
        const QJsonObject probe = container(find(renderOne(s), u"Deployment"_s))[u"startupProbe"].toObject();
        QCOMPARE(probe[u"httpGet"][u"path"].toString(), u"/startup"_s);
        QCOMPARE(probe[u"failureThreshold"].toInt(), 30);
    }

    void workerHasNoIngress()
    {
        const auto objects = renderOne(seedService(u"electrochem-sim-worker"_s));
        QStringList kinds;
        for (const auto &o : objects)
            kinds << o[u"kind"].toString();
        QCOMPARE(kinds, (QStringList{u"NetworkPolicy"_s, u"Service"_s, u"Deployment"_s,
                                     u"HorizontalPodAutoscaler"_s, u"PodDisruptionBudget"_s}));
        QCOMPARE(find(objects, u"Service"_s)[u"spec"][u"ports"][0][u"port"].toInt(), 9090);
    }

    void serviceWithoutPortHasNoServiceObject()
    {
        core::ServiceSpec s = seedService(u"electrochem-sim-worker"_s);
        s.port = 0;
        s.probes = {};
        const auto objects = renderOne(s);
        QCOMPARE(count(objects, u"Service"_s), 0);
        QCOMPARE(count(objects, u"Ingress"_s), 0);
        QVERIFY(!container(find(objects, u"Deployment"_s)).contains(u"ports"_s));
        const QJsonObject policy = find(objects, u"NetworkPolicy"_s)[u"spec"].toObject();
        QVERIFY(!policy.contains(u"ingress"_s)); // nothing may come in
        QCOMPARE(policy[u"policyTypes"].toArray(), (QJsonArray{u"Ingress"_s, u"Egress"_s}));
        for (const auto &o : objects)
            QVERIFY2(validateObject(o).isEmpty(), qPrintable(validateObject(o).join(u'\n')));
    }

    void ingressPerDomainWithTls()
    {
        RenderOptions options;
        options.ingressClassName = u"traefik"_s;
        options.ingressAnnotations.insert(u"cert-manager.io/cluster-issuer"_s, u"letsencrypt"_s);
        const QJsonObject ingress = find(renderOne(seedService(u"forgesight-web"_s), options), u"Ingress"_s);
        QCOMPARE(ingress[u"spec"][u"ingressClassName"].toString(), u"traefik"_s);
        QCOMPARE(ingress[u"metadata"][u"annotations"][u"cert-manager.io/cluster-issuer"].toString(), u"letsencrypt"_s);
        const QJsonArray rules = ingress[u"spec"][u"rules"].toArray();
        QCOMPARE(rules.size(), 2);
        QCOMPARE(rules[0][u"host"].toString(), u"forgesight.quest"_s);
        QCOMPARE(rules[1][u"host"].toString(), u"app.forgesight.quest"_s);
        QCOMPARE(rules[1][u"http"][u"paths"][0][u"backend"][u"service"][u"port"][u"number"].toInt(), 3000);
        const QJsonArray tls = ingress[u"spec"][u"tls"].toArray();
        QCOMPARE(tls.size(), 2);
        QCOMPARE(tls[1][u"hosts"].toArray(), QJsonArray{u"app.forgesight.quest"_s});
        QCOMPARE(tls[1][u"secretName"].toString(), u"app-forgesight-quest-tls"_s);

        QCOMPARE(find(renderOne(seedService(u"forgesight-web"_s)), u"Ingress"_s)[u"spec"][u"ingressClassName"].toString(), u"nginx"_s);

        core::ServiceSpec plain = seedService(u"forgesight-web"_s);
        plain.domains[1].tls = false;
        const QJsonObject noTls = find(renderOne(plain), u"Ingress"_s);
        QCOMPARE(noTls[u"spec"][u"rules"].toArray().size(), 2);
        QCOMPARE(noTls[u"spec"][u"tls"].toArray().size(), 1);
    }

    void disruptionBudgetAllowsOnePodAtATime()
    {
        for (const QString &name : {u"switchyard-api"_s, u"madfam-site-web"_s}) {
            const QJsonObject pdb = find(renderOne(seedService(name)), u"PodDisruptionBudget"_s);
            QCOMPARE(pdb[u"spec"][u"maxUnavailable"].toInt(), 1);
            QVERIFY(!pdb[u"spec"].toObject().contains(u"minAvailable"_s));
            QCOMPARE(pdb[u"spec"][u"selector"][u"matchLabels"].toObject(),
                     (QJsonObject{{u"app.kubernetes.io/name"_s, name}}));
        }
        core::ServiceSpec single = seedService(u"madfam-site-web"_s);
        single.autoscaling.reset();
        single.replicas = 1;
        QCOMPARE(find(renderOne(single), u"PodDisruptionBudget"_s)[u"spec"][u"maxUnavailable"].toInt(), 1);
    }

    void namespaceBudget()
    {
        const auto objects = renderNamespace(seedSpecs(), u"enclii-forgesight"_s, {});
        // forgesight-api (canary, max 10): 10 + 3 surge + 10 canary track = 23 pods;
        // forgesight-web (rolling 25%, max 5): 5 + 2 = 7; forgesight-worker (max 8): 8 + 2 = 10.
        const QJsonObject hard = find(objects, u"ResourceQuota"_s)[u"spec"][u"hard"].toObject();
        QCOMPARE(hard[u"pods"].toString(), u"40"_s);
        QCOMPARE(hard[u"requests.cpu"].toString(), u"5775m"_s);              // 23x200m + 7x25m + 10x100m
        QCOMPARE(hard[u"requests.memory"].toString(), u"13504Mi"_s);         // 23x512Mi + 7x64Mi + 10x128Mi
        QCOMPARE(hard[u"limits.cpu"].toString(), u"34750m"_s);               // 23x1 + 7x250m + 10x1
        QCOMPARE(hard[u"limits.memory"].toString(), u"59136Mi"_s);           // 23x2Gi + 7x256Mi + 10x1Gi
        QCOMPARE(hard[u"services.loadbalancers"].toString(), u"0"_s);
        QCOMPARE(hard[u"services.nodeports"].toString(), u"0"_s);

        const QJsonObject limit = find(objects, u"LimitRange"_s)[u"spec"][u"limits"][0].toObject();
        QCOMPARE(limit[u"type"].toString(), u"Container"_s);
        QCOMPARE(limit[u"defaultRequest"].toObject(), (QJsonObject{{u"cpu"_s, u"25m"_s}, {u"memory"_s, u"64Mi"_s}}));
        QCOMPARE(limit[u"default"].toObject(), (QJsonObject{{u"cpu"_s, u"250m"_s}, {u"memory"_s, u"256Mi"_s}}));
        QCOMPARE(limit[u"max"].toObject(), (QJsonObject{{u"cpu"_s, u"1"_s}, {u"memory"_s, u"2Gi"_s}}));

        QVERIFY(renderNamespace(seedSpecs(), u"no-such-namespace"_s, {}).isEmpty());
    }

    void badReleaseIsRefused_data()
    {
        QTest::addColumn<QString>("image");
        QTest::addColumn<QString>("message");
        const QString hex(64, u'a');
        QTest::newRow("tag only") << u"ghcr.io/madfam-org/forgesight-api:1.4.2"_s << u"is not pinned by digest"_s;
        QTest::newRow("no image") << QString() << u"no image"_s;
        QTest::newRow("sha512") << (u"ghcr.io/madfam-org/forgesight-api@sha512:"_s + hex) << u"digest algorithm must be sha256"_s;
        QTest::newRow("short digest") << u"ghcr.io/madfam-org/forgesight-api@sha256:abc123"_s << u"64 lowercase hex digits"_s;
        QTest::newRow("uppercase digest") << (u"ghcr.io/madfam-org/forgesight-api@sha256:"_s + QString(64, u'A'))
                                          << u"64 lowercase hex digits"_s;
        QTest::newRow("not hex") << (u"ghcr.io/madfam-org/forgesight-api@sha256:"_s + QString(64, u'g'))
                                 << u"64 lowercase hex digits"_s;
        QTest::newRow("tag and digest") << (u"ghcr.io/madfam-org/forgesight-api:latest@sha256:"_s + hex)
                                        << u"names a tag as well as a digest"_s;
        QTest::newRow("uppercase repository") << (u"ghcr.io/Madfam/forgesight-api@sha256:"_s + hex)
                                              << u"is not a valid repository name"_s;
        QTest::newRow("blank inside") << (u"ghcr.io/madfam org/api@sha256:"_s + hex) << u"is not a valid repository name"_s;
        QTest::newRow("no repository") << (u"@sha256:"_s + hex) << u"is not a valid repository name"_s;
    }
    void badReleaseIsRefused()
    {
        QFETCH(QString, image);
        QFETCH(QString, message);
        const auto &s = seedService(u"forgesight-api"_s);
        QString error;
        QVERIFY(renderService(seedSpecs(), s, {s.name, image, u"r2"_s}, {}, &error).isEmpty());
        QVERIFY2(error.startsWith(u"release for forgesight-api refused: "_s), qPrintable(error));
        QVERIFY2(error.contains(message), qPrintable(error));

        // One bad release refuses the whole rendering, naming the service.
        auto releases = seedReleases();
        releases[s.name].image = image;
        error.clear();
        QVERIFY(renderAll(seedSpecs(), releases, {}, &error).isEmpty());
        QVERIFY2(error.contains(u"forgesight-api"_s) && error.contains(message), qPrintable(error));
    }

    void goodDigestsAreAccepted_data()
    {
        QTest::addColumn<QString>("image");
        const QString digest = u"@sha256:"_s + QString(64, u'0');
        QTest::newRow("ghcr") << u"ghcr.io/madfam-org/forgesight-api"_s + digest;
        QTest::newRow("registry with port") << u"localhost:5000/enclii/switchyard-api"_s + digest;
        QTest::newRow("docker hub short") << u"nginx"_s + digest;
        QTest::newRow("separators") << u"registry.example.com/a__b/c.d-e"_s + digest;
    }
    void goodDigestsAreAccepted()
    {
        QFETCH(QString, image);
        QString error;
        QVERIFY2(isImageByDigest(image, &error), qPrintable(error));
    }

    void releaseMustMatchItsService()
    {
        QString error;
        const auto &s = seedService(u"forgesight-api"_s);
        Release r = releaseFor(seedService(u"dhanam-api"_s));
        QVERIFY(renderService(seedSpecs(), s, r, {}, &error).isEmpty());
        QCOMPARE(error, u"release for forgesight-api: it names service \"dhanam-api\""_s);

        auto releases = seedReleases();
        releases.insert(u"ghost-api"_s, Release{u"ghost-api"_s, releaseFor(s).image, u"r1"_s});
        QVERIFY(renderAll(seedSpecs(), releases, {}, &error).isEmpty());
        QCOMPARE(error, u"release for ghost-api: no such service in the spec set"_s);
    }

    void servicesWithoutReleaseAreLeftOut()
    {
        QHash<QString, Release> releases;
        releases.insert(u"forgesight-api"_s, releaseFor(seedService(u"forgesight-api"_s)));
        const auto objects = renderAll(seedSpecs(), releases, {});
        QCOMPARE(count(objects, u"Namespace"_s), 15); // namespaces come from the specs
        QCOMPARE(count(objects, u"Deployment"_s), 1);
        QCOMPARE(count(objects, u"NetworkPolicy"_s), 15 * 2 + 1);
    }

    void objectsAreSortedByKindNamespaceName()
    {
        const auto objects = renderAll(seedSpecs(), seedReleases(), {});
        const QStringList order{u"Namespace"_s, u"ResourceQuota"_s, u"LimitRange"_s, u"NetworkPolicy"_s, u"Service"_s,
                                u"Deployment"_s, u"HorizontalPodAutoscaler"_s, u"PodDisruptionBudget"_s, u"Ingress"_s};
        for (qsizetype i = 1; i < objects.size(); ++i) {
            const auto key = [&](const QJsonObject &o) {
                return std::make_tuple(order.indexOf(o[u"kind"].toString()), o[u"metadata"][u"namespace"].toString(),
                                       o[u"metadata"][u"name"].toString());
            };
            QVERIFY(key(objects[i - 1]) < key(objects[i]));
        }
        QCOMPARE(objects.first()[u"metadata"][u"name"].toString(), u"enclii-avala"_s);
        QCOMPARE(objects.last()[u"kind"].toString(), u"Ingress"_s);
    }
};

QTEST_GUILESS_MAIN(TestRender)
#include "tst_render.moc"
