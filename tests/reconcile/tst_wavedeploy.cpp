// The whole seed ecosystem deployed into the simulated cluster in wave order: a wave's
// services are applied only once every Deployment of the wave before is ready, so readiness
// comes wave by wave; a wave that misses its deadline is failed and the next one waits until
// it recovers.
#include "ReconcileFixture.h"

#include "kube/sim/Faults.h"

using namespace enclii;
using namespace enclii::testing;

namespace {

bool deploymentExists(ReconcileFixture &f, const QString &service)
{
    const core::ServiceSpec *s = f.specs.service(service);
    return !f.live("Deployment", s->namespaceName, service).isEmpty();
}

// Read from the cluster itself: rolled out, and every one of at least the spec's minimum
// replicas ready.
bool deploymentReady(ReconcileFixture &f, const QString &service)
{
    const core::ServiceSpec *s = f.specs.service(service);
    const QJsonObject d = f.live("Deployment", s->namespaceName, service);
    const int replicas = at(d, "spec.replicas").toInt();
    return !d.isEmpty() && replicas >= s->minReplicas() && at(d, "status.readyReplicas").toInt() == replicas
        && at(d, "status.updatedReplicas").toInt() == replicas && at(d, "status.replicas").toInt() == replicas;
}

} // namespace

class TestWaveDeploy : public QObject
{
    Q_OBJECT
private slots:
    void theSeedDeploysInWaveOrder()
    {
        ReconcileFixture f(QStringLiteral("waves"));
        QVERIFY2(f.ok, qPrintable(f.error));
        for (const core::ServiceSpec &s : f.specs.services)
            f.release(s.name);
        auto options = ReconcileFixture::fastOptions();
        options.workers = 4;
        reconcile::Controller controller(f.cluster(), options, f.source(), f.repository.get());
        controller.start();
        QVERIFY(ReconcileFixture::waitFor([&] { return controller.isIdle(); }));

        QHash<QString, int> waveOf;            // service -> wave position
        QHash<QString, int> readyAt;           // service -> simulated second it was first seen ready
        QList<int> wavePositions;
        const QList<reconcile::WaveStatus> waves = controller.waves();
        QCOMPARE(waves.size(), 4);
        for (qsizetype i = 0; i < waves.size(); ++i)
            for (const QString &s : waves[i].services)
                waveOf.insert(s, int(i));
        QCOMPARE(waveOf.size(), f.specs.services.size());
        QCOMPARE(waves[0].state, QStringLiteral("done")); // infrastructure: nothing of ours to wait for
        QCOMPARE(waves[1].state, QStringLiteral("deploying"));
        // Later waves are not even applied yet.
        for (auto it = waveOf.begin(); it != waveOf.end(); ++it)
            QCOMPARE(deploymentExists(f, it.key()), it.value() <= 1);

        int second = 0;
        for (; second < 600; second += 2) {
            // Readiness is read from the cluster right after the step, at that simulated second.
            f.sim.advance(std::chrono::seconds(2));
            for (auto it = waveOf.begin(); it != waveOf.end(); ++it)
                if (!readyAt.contains(it.key()) && deploymentReady(f, it.key()))
                    readyAt.insert(it.key(), second);
            // Then the controller sees the step (watch events, statuses, waves).
            QTest::qWait(150);
            QVERIFY(ReconcileFixture::waitFor([&] { return controller.isIdle(); }));
            const auto now = controller.waves();
            if (std::all_of(now.begin(), now.end(), [](const reconcile::WaveStatus &w) { return w.state == QLatin1String("done"); })
                && readyAt.size() == waveOf.size())
                break;
        }
        QStringList late;
        const auto rows = controller.deployments();
        for (auto it = rows.begin(); it != rows.end(); ++it)
            if (!readyAt.contains(it.key()))
                late << QStringLiteral("%1 %2 %3/%4").arg(it.key(), it->state).arg(it->readyReplicas).arg(it->desiredReplicas);
        QVERIFY2(readyAt.size() == waveOf.size(), qPrintable(QStringLiteral("%1 of %2 ready after %3 s; not: %4")
                                                                  .arg(readyAt.size()).arg(waveOf.size()).arg(second).arg(late.join(", "))));

        // Every service of a wave was ready before any service of the next one.
        for (int w = 1; w + 1 < 4; ++w) {
            int lastOfThis = -1, firstOfNext = INT_MAX;
            for (auto it = readyAt.begin(); it != readyAt.end(); ++it) {
                if (waveOf.value(it.key()) == w)
                    lastOfThis = std::max(lastOfThis, it.value());
                if (waveOf.value(it.key()) == w + 1)
                    firstOfNext = std::min(firstOfNext, it.value());
            }
            QVERIFY2(lastOfThis < firstOfNext, qPrintable(QStringLiteral("wave %1 last ready at %2 s, wave %3 first at %4 s")
                                                              .arg(w).arg(lastOfThis).arg(w + 1).arg(firstOfNext)));
        }
        QCOMPARE(f.sql("SELECT string_agg(state, ',' ORDER BY position) FROM deployment_waves"), QStringLiteral("done,done,done,done"));
        QCOMPARE(f.sql("SELECT count(*) FROM deployments WHERE state = 'ready'").toInt(), int(waveOf.size()));
    }

    void aWaveThatMissesItsDeadlineHoldsTheNext()
    {
        ReconcileFixture f(QStringLiteral("wavefail"));
        QVERIFY2(f.ok, qPrintable(f.error));
        f.release(QStringLiteral("janua-api"));      // wave 2
        f.release(QStringLiteral("forgesight-api")); // wave 3
        kube::sim::Fault fault;
        fault.name = QStringLiteral("janua-never-ready");
        fault.ns = QStringLiteral("enclii-janua");
        fault.deployment = QStringLiteral("janua-api");
        fault.neverReady = true;
        f.sim.faults().set(fault);
        auto options = ReconcileFixture::fastOptions();
        options.waveDeadlineSeconds = 2;
        reconcile::Controller controller(f.cluster(), options, f.source(), f.repository.get());
        controller.start();
        QVERIFY(ReconcileFixture::waitFor([&] { return controller.isIdle(); }));
        f.advance(20);
        QVERIFY(ReconcileFixture::waitFor([&] { return controller.waves().value(1).state == QLatin1String("failed"); }));
        QCOMPARE(controller.waves().value(2).state, QStringLiteral("waiting"));
        QVERIFY(!deploymentExists(f, QStringLiteral("forgesight-api")));
        QVERIFY(ReconcileFixture::waitFor([&] {
            return f.sql("SELECT state || ' ' || (conditions::text LIKE '%WaveDeadlineExceeded%') FROM deployments WHERE service = 'janua-api'")
                == QStringLiteral("failed true");
        }));
        QCOMPARE(f.sql("SELECT state FROM deployment_waves WHERE name = 'platform-core'"), QStringLiteral("failed"));
        QVERIFY(!f.sql("SELECT enclii_iso(deadline) FROM deployment_waves WHERE name = 'platform-core'").isEmpty());
        QCOMPARE(f.sql("SELECT type FROM deployment_events WHERE service = 'janua-api' ORDER BY id DESC LIMIT 1"), QStringLiteral("failed"));

        // Recovered: the wave is done after all and the next one deploys.
        f.sim.faults().remove(fault.name);
        f.sim.advance(std::chrono::seconds(60)); // the kubelet's back-off
        QVERIFY(ReconcileFixture::waitFor([&] {
            f.advance(2);
            return controller.waves().value(1).state == QLatin1String("done");
        }, 60000));
        QVERIFY(ReconcileFixture::waitFor([&] { return deploymentExists(f, QStringLiteral("forgesight-api")); }));
    }
};

QTEST_GUILESS_MAIN(TestWaveDeploy)
#include "tst_wavedeploy.moc"
