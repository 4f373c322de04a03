// The rollout loop killed with SIGKILL mid-rollout: two encliid processes share one PostgreSQL
// and one cluster (a simulated cluster in this test process, reached through a kubeconfig,
// scraped by a real Prometheus given with --prometheus-url). The first leads, deploys the
// stable release and takes a good release to its 50 % step; it is killed there. The second
// takes the leader lock once the first's session is gone and carries the same rollout on from
// its rows to the end: 10 -> 50 -> 100 %, succeeded, the stable track on the new release under
// its canonical name, the canary gone.
#include "CanarySpecs.h"
#include "HttpClient.h"
#include "support/TestPostgres.h"

#include "../canary/TestPrometheus.h"
#include "kube/sim/SimCluster.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace enclii;

namespace {

const QString kBinary = QStringLiteral(ENCLIID_BINARY);

kube::sim::SimOptions simOptions()
{
    kube::sim::SimOptions o;
    o.syntheticRequestsPerSecond = 20;
    return o;
}

} // namespace

class TestRolloutKill : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY2(m_pg.isValid(), qPrintable(m_pg.error()));
        QVERIFY(test::copySpecsWithShortCanary(m_specs.path()));
        QVERIFY(m_sim.listen() > 0);
        QFile kubeconfig(m_scratch.filePath(QStringLiteral("kubeconfig")));
        QVERIFY(kubeconfig.open(QIODevice::WriteOnly));
        kubeconfig.write(QStringLiteral("apiVersion: v1\nkind: Config\nclusters:\n- name: sim\n  cluster:\n    server: %1\n"
                                        "users:\n- name: test\n  user: {}\ncontexts:\n- name: sim\n  context: {cluster: sim, user: test}\n"
                                        "current-context: sim\n").arg(m_sim.url().toString()).toUtf8());
        kubeconfig.close();
        QVERIFY2(m_prometheus.start(QStringLiteral("127.0.0.1:%1").arg(m_sim.url().port()), QStringLiteral("/sim/v1/metrics")),
                 qPrintable(m_prometheus.log()));
    }

    void aKilledLeadersRolloutIsFinishedByTheNext()
    {
        QTemporaryDir stateA, stateB;
        const int portA = test::freePort();
        QProcess a;
        start(a, stateA.path(), portA);
        QVERIFY(waitReady(portA));
        const qint64 r1 = m_pg.query(test::dhanamReleaseSql(u'1')).trimmed().toLongLong();
        QVERIFY2(QTest::qWaitFor([&] {
            const QJsonObject d = get(portA, "/v1/deployments/dhanam-api");
            return d.value("release").toObject().value("id").toInteger() == r1 && d.value("state") == QLatin1String("ready");
        }, 120000), "the stable release did not become ready");

        m_pg.query(test::dhanamReleaseSql(u'2'));
        qint64 id = 0;
        QVERIFY2(QTest::qWaitFor([&] {
            const QJsonArray items = get(portA, "/v1/rollouts?service=dhanam-api").value("items").toArray();
            if (items.isEmpty())
                return false;
            id = items.first().toObject().value("id").toInteger();
            return items.first().toObject().value("step").toObject().value("index").toInt() == 1; // 50 %
        }, 120000), "the rollout did not reach its 50 % step");
        a.kill(); // SIGKILL: no goodbye; the leader lock goes with its session
        QVERIFY(a.waitForFinished(10000));

        const int portB = test::freePort();
        QProcess b;
        start(b, stateB.path(), portB);
        QVERIFY(waitReady(portB));
        QJsonObject r;
        QVERIFY2(QTest::qWaitFor([&] {
            r = get(portB, QStringLiteral("/v1/rollouts/%1").arg(id));
            return r.value("state") == QLatin1String("succeeded");
        }, 180000), qPrintable(QJsonDocument(r).toJson()));
        // One rollout, carried on: every step done, no other rollout started for the release.
        QCOMPARE(get(portB, "/v1/rollouts?service=dhanam-api").value("items").toArray().size(), 1);
        for (const QJsonValue &s : r.value("steps").toArray())
            QCOMPARE(s.toObject().value("status").toString(), QStringLiteral("done"));
        QVERIFY2(QTest::qWaitFor([&] {
            const QJsonObject d = get(portB, "/v1/deployments/dhanam-api");
            return d.value("release").toObject().value("id").toInteger() == r1 + 1 && d.value("state") == QLatin1String("ready");
        }, 60000), "the stable track did not take the release");
        const auto canary = test::httpRequest(m_sim.url().toString() + "/apis/apps/v1/namespaces/enclii-dhanam/deployments/dhanam-api-canary");
        QCOMPARE(canary.status, 404);
        const QJsonObject stable =
            test::httpRequest(m_sim.url().toString() + "/apis/apps/v1/namespaces/enclii-dhanam/deployments/dhanam-api").json();
        QCOMPARE(stable.value("spec").toObject().value("template").toObject().value("spec").toObject().value("containers").toArray()
                     .first().toObject().value("image").toString(), test::dhanamImage(u'2'));
        b.terminate();
        QVERIFY(b.waitForFinished(30000));
    }

private:
    void start(QProcess &p, const QString &state, int port)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("DATABASE_URL"), m_pg.url());
        env.insert(QStringLiteral("ENCLII_MASTER_KEY"), QString::fromLatin1(QByteArray(32, '\x48').toBase64()));
        env.insert(QStringLiteral("ENCLII_BUILD_WORKERS"), QStringLiteral("0"));
        env.insert(QStringLiteral("ENCLII_SAMPLE_SECONDS"), QStringLiteral("1"));
        p.setProcessEnvironment(env);
        p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        p.start(kBinary, {QStringLiteral("serve"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port), QStringLiteral("--state-dir"), state,
                          QStringLiteral("--specs"), m_specs.path(), QStringLiteral("--auth"), QStringLiteral("disabled"),
                          QStringLiteral("--kubeconfig"), m_scratch.filePath(QStringLiteral("kubeconfig")),
                          QStringLiteral("--prometheus-url"), m_prometheus.url()});
        QVERIFY(p.waitForStarted(10000));
    }

    bool waitReady(int port)
    {
        return QTest::qWaitFor([&] {
            return test::httpRequest(QStringLiteral("http://127.0.0.1:%1/readyz").arg(port), "GET", {}, {}, {}, 2000).status == 200;
        }, 60000);
    }

    QJsonObject get(int port, const QString &path)
    {
        return test::httpRequest(QStringLiteral("http://127.0.0.1:%1%2").arg(port).arg(path)).json();
    }

    QTemporaryDir m_scratch;
    QTemporaryDir m_specs;
    test::TestPostgres m_pg{QStringLiteral("rollout_kill")};
    kube::sim::SimCluster m_sim{simOptions()};
    test::TestPrometheus m_prometheus;
};

QTEST_GUILESS_MAIN(TestRolloutKill)
#include "tst_rollout_kill.moc"
