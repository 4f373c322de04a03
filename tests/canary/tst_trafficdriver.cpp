// KubeTrafficDriver against the simulated cluster, over HTTP with our Kubernetes client:
// replica-ratio splits (3 stable + 1 canary = 25 %), the stable Service selecting both tracks
// and getting its selector back; ingress weights on a canary Ingress; promotion to the
// canonical names; an abort while the canary's HPA is scaling it up, after which nothing
// scales it back; the stable track's capacity untouched throughout.
#include "HttpClient.h"

#include "SimClient.h"

#include "canary/KubeTrafficDriver.h"
#include "canary/TrafficDriver.h"
#include "kube/client/KubeClient.h"
#include "kube/sim/SimCluster.h"
#include "kube/sim/Traffic.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace enclii;
using namespace enclii::canary;

namespace {

const QString kNs = QStringLiteral("shop");
const QString kOld = QStringLiteral("registry.local/shop/web@sha256:") + QString(64, u'1');
const QString kNew = QStringLiteral("registry.local/shop/web@sha256:") + QString(64, u'2');

QJsonObject labels(const QString &name, const QString &track)
{
    return {{"app.kubernetes.io/name", name}, {"enclii.dev/track", track}};
}

QJsonObject stableDeployment(const QString &name, int replicas, bool withReplicas = true)
{
    const QJsonObject container{{"name", "app"},
                                {"image", kOld},
                                {"ports", QJsonArray{QJsonObject{{"name", "http"}, {"containerPort", 8080}}}},
                                {"resources", QJsonObject{{"requests", QJsonObject{{"cpu", "250m"}, {"memory", "128Mi"}}},
                                                          {"limits", QJsonObject{{"cpu", "250m"}, {"memory", "256Mi"}}}}}};
    QJsonObject spec{{"selector", QJsonObject{{"matchLabels", labels(name, "stable")}}},
                     {"strategy", QJsonObject{{"type", "RollingUpdate"}, {"rollingUpdate", QJsonObject{{"maxSurge", "25%"}, {"maxUnavailable", 0}}}}},
                     {"template", QJsonObject{{"metadata", QJsonObject{{"labels", labels(name, "stable")}}},
                                              {"spec", QJsonObject{{"containers", QJsonArray{container}}}}}}};
    if (withReplicas)
        spec.insert("replicas", replicas);
    return {{"apiVersion", "apps/v1"}, {"kind", "Deployment"},
            {"metadata", QJsonObject{{"name", name}, {"namespace", kNs}, {"labels", labels(name, "stable")}}}, {"spec", spec}};
}

QJsonObject service(const QString &name)
{
    return {{"apiVersion", "v1"}, {"kind", "Service"},
            {"metadata", QJsonObject{{"name", name}, {"namespace", kNs}}},
            {"spec", QJsonObject{{"selector", labels(name, "stable")},
                                 {"ports", QJsonArray{QJsonObject{{"name", "http"}, {"port", 80}, {"targetPort", "http"}}}}}}};
}

QJsonObject ingress(const QString &name)
{
    const QJsonObject backend{{"service", QJsonObject{{"name", name}, {"port", QJsonObject{{"number", 80}}}}}};
    return {{"apiVersion", "networking.k8s.io/v1"}, {"kind", "Ingress"},
            {"metadata", QJsonObject{{"name", name}, {"namespace", kNs}}},
            {"spec", QJsonObject{{"ingressClassName", "nginx"},
                                 {"rules", QJsonArray{QJsonObject{{"host", name + ".example.com"},
                                                                  {"http", QJsonObject{{"paths", QJsonArray{QJsonObject{
                                                                                           {"path", "/"}, {"pathType", "Prefix"}, {"backend", backend}}}}}}}}}}}};
}

QJsonObject hpa(const QString &name, int min, int max)
{
    return {{"apiVersion", "autoscaling/v2"}, {"kind", "HorizontalPodAutoscaler"},
            {"metadata", QJsonObject{{"name", name}, {"namespace", kNs}}},
            {"spec", QJsonObject{{"scaleTargetRef", QJsonObject{{"apiVersion", "apps/v1"}, {"kind", "Deployment"}, {"name", name}}},
                                 {"minReplicas", min},
                                 {"maxReplicas", max},
                                 {"metrics", QJsonArray{QJsonObject{{"type", "Resource"},
                                                                    {"resource", QJsonObject{{"name", "cpu"},
                                                                                             {"target", QJsonObject{{"type", "Utilization"},
                                                                                                                    {"averageUtilization", 50}}}}}}}}}}};
}

QJsonValue at(const QJsonObject &o, const QString &path)
{
    QJsonValue v = o;
    for (const QString &k : path.split(u'.'))
        v = v.toObject().value(k);
    return v;
}

} // namespace

class TestTrafficDriver : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY(m_sim.listen());
        m_client = test::simClient(m_sim);
        m_driver = std::make_unique<KubeTrafficDriver>(*m_client);
        QVERIFY(apply({{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", QJsonObject{{"name", kNs}}}}));
    }

    void replicaRatioWithoutAnIngress()
    {
        const RolloutTarget t{kNs, QStringLiteral("api")};
        QVERIFY(apply(stableDeployment("api", 3)));
        QVERIFY(apply(service("api")));
        m_sim.advance(std::chrono::seconds(10));

        auto plan = m_driver->plan(t, 10);
        QVERIFY2(plan, qPrintable(plan.error));
        QCOMPARE(plan.value->mode, TrafficMode::Replicas);
        QCOMPARE(plan.value->canaryReplicas, 1);
        QCOMPARE(plan.value->canaryWeight, 25.0); // 3 stable + 1 canary: as exact as 4 pods allow
        QVERIFY(plan.value->precision.contains(QLatin1String("steps of 25 %")));

        auto ready = m_driver->ensureCanary(t, kNew, 1);
        QVERIFY2(ready, qPrintable(ready.error));
        QCOMPARE(*ready.value, 0);
        m_sim.advance(std::chrono::seconds(10));
        ready = m_driver->ensureCanary(t, kNew, 1);
        QCOMPARE(*ready.value, 1);
        const QJsonObject canary = get("Deployment", "api-canary");
        QCOMPARE(at(canary, "spec.template.spec.containers").toArray().first().toObject().value("image").toString(), kNew);
        QCOMPARE(at(canary, "spec.selector.matchLabels").toObject().value("enclii.dev/track").toString(), QStringLiteral("canary"));
        QCOMPARE(at(get("Service", "api-canary"), "spec.selector").toObject().value("enclii.dev/track").toString(), QStringLiteral("canary"));

        auto split = m_driver->setWeight(t, 10);
        QVERIFY2(split, qPrintable(split.error));
        QCOMPARE(split.value->canaryWeight, 25.0);
        // The stable Service now routes to both tracks; its own selector is kept aside.
        QJsonObject svc = get("Service", "api");
        QVERIFY(!at(svc, "spec.selector").toObject().contains("enclii.dev/track"));
        QVERIFY(at(svc, "metadata.annotations").toObject().contains(KubeTrafficDriver::kStableSelectorAnnotation));

        plan = m_driver->plan(t, 50);
        QCOMPARE(plan.value->canaryReplicas, 3);
        QVERIFY(m_driver->ensureCanary(t, kNew, 3));
        m_sim.advance(std::chrono::seconds(10));
        QCOMPARE(*m_driver->ensureCanary(t, kNew, 3).value, 3);
        QCOMPARE(m_driver->setWeight(t, 50).value->canaryWeight, 50.0);
        QCOMPARE(at(get("Deployment", "api"), "spec.replicas").toInt(), 3); // the stable keeps its capacity

        // Promotion: the stable rolls to the release, then the canonical names alone remain.
        auto done = m_driver->promote(t, kNew);
        QVERIFY2(done, qPrintable(done.error));
        QVERIFY(!*done.value);
        for (int i = 0; i < 30 && !*done.value; ++i) {
            m_sim.advance(std::chrono::seconds(5));
            done = m_driver->promote(t, kNew);
            QVERIFY2(done, qPrintable(done.error));
        }
        QVERIFY(*done.value);
        const QJsonObject stable = get("Deployment", "api");
        QCOMPARE(at(stable, "spec.template.spec.containers").toArray().first().toObject().value("image").toString(), kNew);
        QCOMPARE(at(stable, "status.readyReplicas").toInt(), 3);
        QVERIFY(get("Deployment", "api-canary").isEmpty());
        QVERIFY(get("Service", "api-canary").isEmpty());
        svc = get("Service", "api");
        QCOMPARE(at(svc, "spec.selector").toObject().value("enclii.dev/track").toString(), QStringLiteral("stable"));
        QVERIFY(!at(svc, "metadata.annotations").toObject().contains(KubeTrafficDriver::kStableSelectorAnnotation));
        QCOMPARE(m_driver->split(t).value->canaryWeight, 0.0);
    }

    void ingressWeightsAndAnAbortWhileTheHpaScales()
    {
        const RolloutTarget t{kNs, QStringLiteral("web")};
        QVERIFY(apply(stableDeployment("web", 2, false)));
        QVERIFY(apply(service("web")));
        QVERIFY(apply(ingress("web")));
        QVERIFY(apply(hpa("web", 2, 8)));
        m_sim.advance(std::chrono::seconds(20));
        QCOMPARE(at(get("Deployment", "web"), "status.readyReplicas").toInt(), 2);

        const auto plan = m_driver->plan(t, 10);
        QCOMPARE(plan.value->mode, TrafficMode::Ingress);
        QCOMPARE(plan.value->canaryReplicas, 1);
        QCOMPARE(plan.value->canaryWeight, 10.0);
        QVERIFY(m_driver->ensureCanary(t, kNew, 1));
        m_sim.advance(std::chrono::seconds(20));
        QCOMPARE(*m_driver->ensureCanary(t, kNew, 1).value, 1);
        QCOMPARE(at(get("HorizontalPodAutoscaler", "web-canary"), "spec.scaleTargetRef.name").toString(), QStringLiteral("web-canary"));
        const auto split = m_driver->setWeight(t, 10);
        QVERIFY2(split, qPrintable(split.error));
        QCOMPARE(split.value->canaryWeight, 10.0);
        const QJsonObject canaryIngress = get("Ingress", "web-canary");
        QCOMPARE(at(canaryIngress, "metadata.annotations").toObject().value(KubeTrafficDriver::kCanaryAnnotation).toString(), QStringLiteral("true"));
        QCOMPARE(at(canaryIngress, "metadata.annotations").toObject().value(KubeTrafficDriver::kCanaryWeightAnnotation).toString(), QStringLiteral("10"));
        const QJsonObject rule = at(canaryIngress, "spec.rules").toArray().first().toObject();
        QCOMPARE(rule.value("host").toString(), QStringLiteral("web.example.com"));
        QCOMPARE(at(rule.value("http").toObject().value("paths").toArray().first().toObject(), "backend.service.name").toString(),
                 QStringLiteral("web-canary"));
        QVERIFY(!at(get("Service", "web"), "spec.selector").toObject().isEmpty());
        QVERIFY(at(get("Service", "web"), "spec.selector").toObject().contains("enclii.dev/track")); // ingress mode leaves it alone

        // Load on the canary: its HPA scales it up.
        m_sim.traffic().setLoad({kNs, QStringLiteral("web-canary"), 200, 10, 0.02});
        m_sim.traffic().setLoad({kNs, QStringLiteral("web"), 50, 1, 0.02});
        m_sim.advance(std::chrono::seconds(40));
        const int scaledTo = at(get("Deployment", "web-canary"), "spec.replicas").toInt();
        QVERIFY2(scaledTo > 1, qPrintable(QString::number(scaledTo)));
        const int stableBefore = at(get("Deployment", "web"), "spec.replicas").toInt();

        // Abort mid-scale: no canary route, no canary HPA, no canary pods — and it stays so.
        auto done = m_driver->abort(t);
        QVERIFY2(done, qPrintable(done.error));
        for (int i = 0; i < 10 && !*done.value; ++i) {
            m_sim.advance(std::chrono::seconds(2));
            done = m_driver->abort(t);
        }
        QVERIFY(*done.value);
        QVERIFY(get("Ingress", "web-canary").isEmpty());
        QVERIFY(get("HorizontalPodAutoscaler", "web-canary").isEmpty());
        m_sim.advance(std::chrono::seconds(120)); // many HPA periods, the load still on
        const QJsonObject canary = get("Deployment", "web-canary");
        QCOMPARE(at(canary, "spec.replicas").toInt(), 0);
        QCOMPARE(at(canary, "status.replicas").toInt(), 0);
        QVERIFY(at(get("Deployment", "web"), "spec.replicas").toInt() >= stableBefore); // the stable's capacity stays
        QCOMPARE(m_driver->split(t).value->canaryWeight, 0.0);
        // Abort is idempotent.
        QVERIFY(*m_driver->abort(t).value);

        // The next rollout, another release: the drained canary Deployment is replaced, not
        // resized, so the aborted release's ReplicaSet never serves again.
        const QString next = kNew.left(kNew.size() - 1) + u'e';
        QCOMPARE(*m_driver->ensureCanary(t, next, 1).value, 0);
        QVERIFY(get("Deployment", "web-canary").isEmpty());
        for (int i = 0; i < 10 && *m_driver->ensureCanary(t, next, 1).value < 1; ++i)
            m_sim.advance(std::chrono::seconds(2));
        QCOMPARE(*m_driver->ensureCanary(t, next, 1).value, 1);
        kube::KubeClient::ListOptions canaryPods;
        canaryPods.labelSelector = QStringLiteral("enclii.dev/track=canary");
        const auto pods = m_client->list(QStringLiteral("Pod"), kNs, canaryPods);
        QVERIFY(pods.ok());
        for (const QJsonObject &pod : pods.value().items) {
            if (!at(pod, "metadata.deletionTimestamp").isString())
                QCOMPARE(at(pod, "spec.containers").toArray().first().toObject().value("image").toString(), next);
        }
    }

    void noStableTrackIsAClearError()
    {
        const auto plan = m_driver->plan({kNs, QStringLiteral("nothing")}, 10);
        QVERIFY(!plan);
        QVERIFY2(plan.error.contains(QLatin1String("does not exist")), qPrintable(plan.error));
    }

private:
    bool apply(const QJsonObject &o)
    {
        const auto r = m_client->apply(o, QStringLiteral("test"), true);
        if (!r.ok())
            qWarning("%s", qPrintable(r.error().toString()));
        return r.ok();
    }
    QJsonObject get(const QString &kind, const QString &name)
    {
        const auto r = m_client->get(kind, kNs, name);
        return r.ok() ? r.value() : QJsonObject();
    }

    kube::sim::SimCluster m_sim{test::stoppedSimClock()};
    std::unique_ptr<kube::KubeClient> m_client;
    std::unique_ptr<KubeTrafficDriver> m_driver;
};

QTEST_GUILESS_MAIN(TestTrafficDriver)
#include "tst_trafficdriver.moc"
