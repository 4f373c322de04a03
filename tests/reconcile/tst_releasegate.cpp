// What the reconciler is given to apply, between releases, deploy requests and canary
// rollouts: a canary service's stable track changes only through a rollout; other services
// run their newest release, or the one someone asked for.
#include "ReconcileFixture.h"

#include "canary/ReleaseGate.h"
#include "canary/RolloutStore.h"

#include <QTest>

using namespace enclii;

namespace {

const QString kCanary = QStringLiteral("dhanam-api"); // strategy: canary in the seed
const QString kRolling = QStringLiteral("avala-api");

} // namespace

class TestReleaseGate : public QObject
{
    Q_OBJECT
private slots:
    void init()
    {
        m_f = std::make_unique<testing::ReconcileFixture>(QStringLiteral("releasegate"));
        QVERIFY2(m_f->ok, qPrintable(m_f->error));
        QCOMPARE(m_f->specs.service(kCanary)->deploy.strategy, QStringLiteral("canary"));
        QVERIFY(m_f->specs.service(kRolling)->deploy.strategy != QLatin1String("canary"));
        m_rollouts = std::make_unique<canary::RolloutStore>(*m_f->db);
        m_started.clear();
        m_gate = std::make_unique<canary::ReleaseGate>(*m_f->db, [this](const core::ServiceSpec &s, const QString &image,
                                                                         const QString &revision, const QString &actor) {
            m_started << image;
            m_rollouts->start({s.name, s.project, s.namespaceName, image, revision, s.deploy, actor, 0}, QDateTime::currentDateTimeUtc());
        });
    }

    void aRollingServiceRunsItsNewestRelease()
    {
        m_f->release(kRolling, QStringLiteral("1"));
        const qint64 r2 = m_f->release(kRolling, QStringLiteral("2"));
        QCOMPARE(gate().value(kRolling).id, r2);
        QVERIFY(m_started.isEmpty());
    }

    void aCanaryServicesFirstReleaseDeploysDirectly()
    {
        const qint64 r1 = m_f->release(kCanary, QStringLiteral("1"));
        QCOMPARE(gate().value(kCanary).id, r1);
        QVERIFY(m_started.isEmpty());
    }

    void aNewReleaseBecomesOneRolloutAndTheStableStays()
    {
        const qint64 r1 = m_f->release(kCanary, QStringLiteral("1"));
        gate();
        const qint64 r2 = m_f->release(kCanary, QStringLiteral("2"));
        QCOMPARE(gate().value(kCanary).id, r1);
        QCOMPARE(gate().value(kCanary).id, r1);
        QCOMPARE(m_started.size(), 1); // not once per pass
        QCOMPARE(m_started.first(), image(r2));
        QCOMPARE(rolloutState(), QStringLiteral("pending"));

        // Rolled back: the stable stays, and the same release is not tried again by itself.
        setRolloutState(QStringLiteral("rolled_back"));
        QCOMPARE(gate().value(kCanary).id, r1);
        QCOMPARE(m_started.size(), 1);

        // A newer release is; once its rollout is promoting, the stable track takes it.
        const qint64 r3 = m_f->release(kCanary, QStringLiteral("3"));
        QCOMPARE(gate().value(kCanary).id, r1);
        QCOMPARE(m_started.size(), 2);
        setRolloutState(QStringLiteral("promoting"));
        QCOMPARE(gate().value(kCanary).id, r3);
        setRolloutState(QStringLiteral("succeeded"));
        QCOMPARE(gate().value(kCanary).id, r3);
        QCOMPARE(m_started.size(), 2);
    }

    void whatWasDeployedBeforeTheGateIsTheStable()
    {
        const qint64 r1 = m_f->release(kCanary, QStringLiteral("1"));
        m_f->sql(QStringLiteral("INSERT INTO deployments (service, project, namespace, component, wave, release_id)"
                                  " VALUES ('%1', 'dhanam', 'enclii-dhanam', 'api', 'tier-2', %2)").arg(kCanary).arg(r1));
        const qint64 r2 = m_f->release(kCanary, QStringLiteral("2"));
        QCOMPARE(gate().value(kCanary).id, r1);
        QCOMPARE(m_started, QStringList{image(r2)});
    }

    void aRequestedReleaseWinsUntilANewerOneIsMade()
    {
        const qint64 r1 = m_f->release(kRolling, QStringLiteral("1"));
        const qint64 manual = m_f->release(kRolling, QStringLiteral("2"), false); // built without auto-deploy
        QCOMPARE(gate().value(kRolling).id, r1);
        const auto request = m_f->repository->requestDeploy(manual, QStringLiteral("dev@enclii.dev"), QStringLiteral("hotfix"));
        QVERIFY(request);
        QCOMPARE(request->service, kRolling);
        QVERIFY(!request->autoDeploy);
        QCOMPARE(gate().value(kRolling).id, manual);
        // Back to an older release on request...
        QVERIFY(m_f->repository->requestDeploy(r1, QStringLiteral("dev@enclii.dev"), QStringLiteral("back")));
        QCOMPARE(gate().value(kRolling).id, r1);
        // ...until the next auto-deploy release.
        QTest::qWait(5); // created_at after the request's requested_at
        const qint64 r3 = m_f->release(kRolling, QStringLiteral("3"));
        QCOMPARE(gate().value(kRolling).id, r3);
        QVERIFY(!m_f->repository->requestDeploy(999999, QStringLiteral("dev@enclii.dev"), {}));
    }

    void goingBackOnACanaryServiceIsARolloutToo()
    {
        const qint64 r1 = m_f->release(kCanary, QStringLiteral("1"));
        gate();
        const qint64 r2 = m_f->release(kCanary, QStringLiteral("2"));
        gate();
        setRolloutState(QStringLiteral("succeeded"));
        QCOMPARE(gate().value(kCanary).id, r2);
        QVERIFY(m_f->repository->requestDeploy(r1, QStringLiteral("oncall@enclii.dev"), QStringLiteral("r2 misbehaves")));
        QCOMPARE(gate().value(kCanary).id, r2);
        QCOMPARE(m_started.last(), image(r1));
    }

    void cleanup() { m_f.reset(); }

private:
    QHash<QString, reconcile::ReleaseRef> gate() { return m_gate->gate(m_f->specs, m_f->repository->currentReleases()); }
    QString image(qint64 release)
    {
        return m_f->sql(QStringLiteral("SELECT image_ref FROM releases WHERE id = %1").arg(release));
    }
    QString rolloutState() { return m_f->sql(QStringLiteral("SELECT state FROM rollouts ORDER BY id DESC LIMIT 1")); }
    void setRolloutState(const QString &state)
    {
        m_f->sql(QStringLiteral("UPDATE rollouts SET state = '%1', finished_at = CASE WHEN '%1' IN ('succeeded', 'rolled_back')"
                                  " THEN now() END WHERE id = (SELECT max(id) FROM rollouts)").arg(state));
    }

    std::unique_ptr<testing::ReconcileFixture> m_f;
    std::unique_ptr<canary::RolloutStore> m_rollouts;
    std::unique_ptr<canary::ReleaseGate> m_gate;
    QStringList m_started;
};

QTEST_GUILESS_MAIN(TestReleaseGate)
#include "tst_releasegate.moc"
