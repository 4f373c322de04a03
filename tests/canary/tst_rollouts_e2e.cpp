// Rollouts end to end: RolloutService (PostgreSQL rows, the machine on a simulated clock)
// moving traffic in the simulated cluster through KubeTrafficDriver and measuring through a
// real Prometheus that scrapes the simulated pods. A good release promotes through 10/50/100
// (with the service destroyed and recreated on the same database along the way); a raised
// error rate and a latency regression (fault injection on the canary) are rolled back at the
// first step with the stable track untouched; Prometheus down is counted as errors and the
// rollout aborts, never promoted.
#include "RolloutFixture.h"
#include "TestPrometheus.h"

#include "SimClient.h"

#include "canary/KubeTrafficDriver.h"
#include "canary/RolloutService.h"
#include "kube/client/KubeClient.h"
#include "kube/sim/Faults.h"
#include "kube/sim/SimCluster.h"
#include "kube/sim/Traffic.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QTest>

using namespace enclii;
using namespace enclii::canary;

namespace {

const QString kNs = QStringLiteral("shop");
const QString kOld = QStringLiteral("registry.local/shop/app@sha256:") + QString(64, u'0');
constexpr double kRequestsPerSecond = 120;

QJsonObject stableDeployment(const QString &name)
{
    const QJsonObject labels{{"app.kubernetes.io/name", name}, {"enclii.dev/track", "stable"}};
    const QJsonObject container{{"name", "app"},
                                {"image", kOld},
                                {"ports", QJsonArray{QJsonObject{{"name", "http"}, {"containerPort", 8080}}}},
                                {"resources", QJsonObject{{"requests", QJsonObject{{"cpu", "250m"}, {"memory", "128Mi"}}},
                                                          {"limits", QJsonObject{{"cpu", "500m"}, {"memory", "256Mi"}}}}}};
    return {{"apiVersion", "apps/v1"}, {"kind", "Deployment"},
            {"metadata", QJsonObject{{"name", name}, {"namespace", kNs}, {"labels", labels}}},
            {"spec", QJsonObject{{"replicas", 3},
                                 {"selector", QJsonObject{{"matchLabels", labels}}},
                                 {"strategy", QJsonObject{{"type", "RollingUpdate"},
                                                          {"rollingUpdate", QJsonObject{{"maxSurge", "25%"}, {"maxUnavailable", 0}}}}},
                                 {"template", QJsonObject{{"metadata", QJsonObject{{"labels", labels}}},
                                                          {"spec", QJsonObject{{"containers", QJsonArray{container}}}}}}}}};
}

QJsonObject stableService(const QString &name)
{
    return {{"apiVersion", "v1"}, {"kind", "Service"},
            {"metadata", QJsonObject{{"name", name}, {"namespace", kNs}}},
            {"spec", QJsonObject{{"selector", QJsonObject{{"app.kubernetes.io/name", name}, {"enclii.dev/track", "stable"}}},
                                 {"ports", QJsonArray{QJsonObject{{"name", "http"}, {"port", 80}, {"targetPort", "http"}}}}}}};
}

core::ServiceSpec spec(const QString &name)
{
    core::ServiceSpec s;
    s.name = name;
    s.project = QStringLiteral("shop");
    s.namespaceName = kNs;
    s.deploy = test::seedStrategy();
    // The seed's shape with shorter windows: two measurements a step.
    s.deploy.canarySteps = {core::CanaryStep{10, 120, false}, core::CanaryStep{50, 120, false}, core::CanaryStep{100, 0, false}};
    return s;
}

} // namespace

class TestRolloutsE2e : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY2(m_db.ok(), qPrintable(m_db.error));
        QVERIFY(m_sim.listen());
        m_client = test::simClient(m_sim);
        m_driver = std::make_unique<KubeTrafficDriver>(*m_client);
        QVERIFY(m_client->apply({{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", QJsonObject{{"name", kNs}}}}, QStringLiteral("test")).ok());
        QVERIFY2(m_prometheus.start(QStringLiteral("127.0.0.1:%1").arg(m_sim.url().port()), QStringLiteral("/sim/v1/metrics")), qPrintable(m_prometheus.log()));
        recreateService();
    }

    void aGoodReleasePromotesThroughTenFiftyHundred()
    {
        deployStable(QStringLiteral("good"));
        const qint64 id = m_service->startRollout(spec(QStringLiteral("good")), image(QStringLiteral("good"), u'a'), QStringLiteral("r-good"),
                                                  QStringLiteral("roundhouse")).rollout.id;
        QSet<int> weights;
        for (int i = 0; i < 80 && isActive(rollout(id).state); ++i) {
            step();
            weights << rollout(id).traffic.requestedWeight;
            if (i % 3 == 2)
                recreateService(); // a new process on the same rows
        }
        const Rollout r = rollout(id);
        QVERIFY2(r.state == RolloutState::Succeeded, qPrintable(stateName(r.state) + u' ' + r.message));
        QVERIFY(weights.contains(10) && weights.contains(50) && weights.contains(100));
        QCOMPARE(primaryImage(get("Deployment", "good")), image(QStringLiteral("good"), u'a'));
        QCOMPARE(get("Deployment", "good").value("spec").toObject().value("replicas").toInt(), 3);
        QVERIFY(get("Deployment", "good-canary").isEmpty());
        QCOMPARE(selector("good").value("enclii.dev/track").toString(), QStringLiteral("stable"));
        const auto ms = m_service->store().measurements(id);
        QVERIFY(ms.size() >= 2 * 2 * 4);
        for (const StoredMeasurement &s : ms)
            QVERIFY2(s.m.verdict == Verdict::Successful || s.m.verdict == Verdict::Inconclusive,
                     qPrintable(QStringLiteral("%1/%2 %3: %4").arg(s.m.metric, s.m.track, verdictName(s.m.verdict), s.m.message)));
        QCOMPARE(m_notifier.texts.filter(QStringLiteral("#%1 ").arg(id)).size(), 2); // started, promoted
    }

    void aRaisedErrorRateIsRolledBackWithTheStableUntouched()
    {
        rolledBackByFault(QStringLiteral("errs"), [](kube::sim::Fault &f) { f.errorRate = 0.25; }, QStringLiteral("success-rate"));
    }

    void aLatencyRegressionIsRolledBackLikewise()
    {
        rolledBackByFault(QStringLiteral("slow"), [](kube::sim::Fault &f) { f.addedLatencySeconds = 0.8; }, QStringLiteral("latency-p99"));
    }

    // Last: it stops Prometheus.
    void prometheusDownIsCountedAndNeverPromoted()
    {
        deployStable(QStringLiteral("blind"));
        m_prometheus.kill();
        const qint64 id = m_service->startRollout(spec(QStringLiteral("blind")), image(QStringLiteral("blind"), u'c'), QStringLiteral("r-blind"),
                                                  QStringLiteral("roundhouse")).rollout.id;
        for (int i = 0; i < 40 && (isActive(rollout(id).state) || !rollout(id).settled); ++i)
            step(0);
        const Rollout r = rollout(id);
        QCOMPARE(stateName(r.state), QStringLiteral("aborted"));
        QVERIFY2(r.message.contains(QLatin1String("could not be measured")), qPrintable(r.message));
        const auto ms = m_service->store().measurements(id);
        QVERIFY(std::all_of(ms.begin(), ms.end(), [](const StoredMeasurement &s) { return s.m.verdict == Verdict::Error; }));
        QCOMPARE(primaryImage(get("Deployment", "blind")), kOld);
        QCOMPARE(get("Deployment", "blind-canary").value("spec").toObject().value("replicas").toInt(), 0);
    }

private:
    void rolledBackByFault(const QString &name, const std::function<void(kube::sim::Fault &)> &fault, const QString &metric)
    {
        deployStable(name);
        kube::sim::Fault f;
        f.name = name;
        f.ns = kNs;
        f.deployment = name + QStringLiteral("-canary");
        fault(f);
        m_sim.faults().set(f);
        const QJsonObject stableBefore = get("Deployment", name);
        const qint64 id = m_service->startRollout(spec(name), image(name, u'b'), QStringLiteral("r-") + name, QStringLiteral("roundhouse")).rollout.id;
        qint64 rollbackTickMs = -1;
        for (int i = 0; i < 40 && isActive(rollout(id).state); ++i) {
            step();
            if (!isActive(rollout(id).state))
                rollbackTickMs = m_lastTickMs;
        }
        // The pass that decided took the canary out of the Service; its pods go on the next.
        QCOMPARE(selector(name).value("enclii.dev/track").toString(), QStringLiteral("stable"));
        step(0);
        const Rollout r = rollout(id);
        QVERIFY2(r.state == RolloutState::RolledBack, qPrintable(stateName(r.state) + u' ' + r.message));
        QCOMPARE(r.stepIndex, 0);
        QCOMPARE(r.failingMetric, metric);
        QVERIFY(r.failingValue.has_value());
        QVERIFY(r.settled);
        qInfo("%s: from the failing measurement to traffic back on stable: %lld ms (one pass)", qPrintable(name), rollbackTickMs);
        // Traffic back on the stable track, the canary at zero, the stable exactly as it was.
        QCOMPARE(selector(name).value("enclii.dev/track").toString(), QStringLiteral("stable"));
        QCOMPARE(get("Deployment", name + QStringLiteral("-canary")).value("spec").toObject().value("replicas").toInt(), 0);
        const QJsonObject stableAfter = get("Deployment", name);
        QCOMPARE(primaryImage(stableAfter), kOld);
        QCOMPARE(stableAfter.value("spec").toObject().value("replicas").toInt(), 3);
        QCOMPARE(stableAfter.value("metadata").toObject().value("generation"), stableBefore.value("metadata").toObject().value("generation"));
        QVERIFY(m_notifier.texts.last().contains(QStringLiteral("rolled back (%1 = ").arg(metric)));
        m_sim.faults().remove(name);
    }

    void recreateService()
    {
        m_service.reset();
        RolloutService::Options o;
        o.clock = m_clock.clock();
        o.machine.analysisWindowSeconds = 30;
        m_service = std::make_unique<RolloutService>(*m_db.db, QUrl(m_prometheus.url()), m_driver.get(), &m_notifier, nullptr, o);
    }

    // One pass: the machine, then the simulated cluster and its load follow, then Prometheus scrapes.
    void step(int waitMs = 1100)
    {
        QElapsedTimer t;
        t.start();
        QVERIFY(m_service->tick() >= 0);
        m_lastTickMs = t.elapsed();
        m_clock.advance(30);
        routeTraffic();
        m_sim.advance(std::chrono::seconds(5));
        if (waitMs)
            QTest::qWait(waitMs);
    }

    // What the Services would do: requests spread evenly over the ready pods they select.
    void routeTraffic()
    {
        for (const QString &name : m_services) {
            const bool shared = !selector(name).contains("enclii.dev/track");
            const int stable = get("Deployment", name).value("status").toObject().value("readyReplicas").toInt();
            const int canary = shared ? get("Deployment", name + QStringLiteral("-canary")).value("status").toObject().value("readyReplicas").toInt() : 0;
            const double perPod = stable + canary > 0 ? kRequestsPerSecond / (stable + canary) : 0;
            m_sim.traffic().setLoad({kNs, name, perPod * stable, 2, 0.02});
            m_sim.traffic().setLoad({kNs, name + QStringLiteral("-canary"), perPod * canary, 2, 0.02});
        }
    }

    void deployStable(const QString &name)
    {
        QVERIFY(m_client->apply(stableDeployment(name), QStringLiteral("enclii")).ok());
        QVERIFY(m_client->apply(stableService(name), QStringLiteral("enclii")).ok());
        m_services << name;
        for (int i = 0; i < 5; ++i)
            step(0);
        QTest::qWait(3000); // a few scrapes of the stable track's traffic
    }

    static QString image(const QString &name, QChar digit) { return QStringLiteral("registry.local/shop/%1@sha256:%2").arg(name, QString(64, digit)); }

    Rollout rollout(qint64 id) { return *m_service->store().rollout(id); }

    QJsonObject get(const QString &kind, const QString &name)
    {
        const auto r = m_client->get(kind, kNs, name);
        return r.ok() ? r.value() : QJsonObject();
    }
    QJsonObject selector(const QString &name) { return get("Service", name).value("spec").toObject().value("selector").toObject(); }
    static QString primaryImage(const QJsonObject &d)
    {
        return d.value("spec").toObject().value("template").toObject().value("spec").toObject().value("containers").toArray().first().toObject().value("image").toString();
    }

    test::RolloutDatabase m_db{QStringLiteral("rollouts_e2e")};
    kube::sim::SimCluster m_sim{test::stoppedSimClock()};
    test::TestPrometheus m_prometheus;
    test::FakeClock m_clock;
    test::CollectingNotifier m_notifier;
    std::unique_ptr<kube::KubeClient> m_client;
    std::unique_ptr<KubeTrafficDriver> m_driver;
    std::unique_ptr<RolloutService> m_service;
    QStringList m_services;
    qint64 m_lastTickMs = 0;
};

QTEST_GUILESS_MAIN(TestRolloutsE2e)
#include "tst_rollouts_e2e.moc"
