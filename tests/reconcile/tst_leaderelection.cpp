// Two controllers on one database: one leads (the PostgreSQL session advisory lock), the other
// waits; cutting the leader's lock connection hands the lock, and the reconciling, to the
// other, and the first steps down. The repository names the leader as its connection does.
#include "ReconcileFixture.h"

#include "reconcile/LeaderElection.h"

using namespace enclii;
using namespace enclii::testing;

class TestLeaderElection : public QObject
{
    Q_OBJECT
private slots:
    void failoverToTheOtherController()
    {
        ReconcileFixture f(QStringLiteral("leader"));
        QVERIFY2(f.ok, qPrintable(f.error));
        f.release(QStringLiteral("waybill-api"));
        auto options = [&](const QString &identity) {
            auto o = ReconcileFixture::fastOptions();
            o.databaseConnection = f.pg.connectionString();
            o.identity = identity;
            return o;
        };
        reconcile::Controller alpha(f.cluster(), options("alpha:1"), f.source(), f.repository.get());
        reconcile::Controller beta(f.cluster(), options("beta:2"), f.source(), f.repository.get());
        alpha.start();
        QVERIFY(ReconcileFixture::waitFor([&] { return alpha.isLeader() && alpha.isIdle(); }));
        beta.start();
        QTest::qWait(800); // several of beta's tries
        QVERIFY(!beta.isLeader());
        QCOMPARE(f.repository->leader(), QStringLiteral("alpha:1"));
        QVERIFY(!f.live("Service", "enclii-platform", "waybill-api").isEmpty());

        // The leader's lock connection is cut (as a network failure or a killed backend would).
        const int pid = alpha.leaderBackendPid();
        QVERIFY(pid > 0);
        QCOMPARE(f.sql(QStringLiteral("SELECT pg_terminate_backend(%1)").arg(pid)), QStringLiteral("t"));
        QVERIFY(ReconcileFixture::waitFor([&] { return beta.isLeader(); }, 10000));
        QVERIFY(ReconcileFixture::waitFor([&] { return !alpha.isLeader(); }, 10000));
        alpha.resetStats();
        QVERIFY(ReconcileFixture::waitFor([&] { return f.repository->leader() == QLatin1String("beta:2"); }, 10000));

        // The new leader reconciles: a deleted Service comes back.
        QVERIFY(ReconcileFixture::waitFor([&] { return beta.isIdle(); }));
        QVERIFY(f.client().remove("Service", "enclii-platform", "waybill-api").ok());
        QVERIFY(ReconcileFixture::waitFor([&] { return !f.live("Service", "enclii-platform", "waybill-api").isEmpty(); }));
        QVERIFY(ReconcileFixture::waitFor([&] { return beta.stats().applies >= 1; }));
        QCOMPARE(alpha.stats().applies, 0);

        // The old one stays a follower: the lock is taken.
        QTest::qWait(600);
        QVERIFY(!alpha.isLeader());
        beta.stop();
        QVERIFY(ReconcileFixture::waitFor([&] { return alpha.isLeader(); }, 10000));
    }
};

QTEST_GUILESS_MAIN(TestLeaderElection)
#include "tst_leaderelection.moc"
