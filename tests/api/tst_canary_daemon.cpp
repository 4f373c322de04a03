// Canary rollouts in the daemon composed in-process, as `make run` runs them: the simulated
// cluster, the embedded Prometheus scraping it, the reconciler and the release gate. A canary
// service's first release deploys directly; a release whose pods answer with errors (the
// simulated cluster's fault injection, by image) is rolled back automatically with the stable
// track untouched; a good release promotes through 10 / 50 / 100 % and the stable track ends
// on it under its canonical name. On-call's controls answer 409 on an ended rollout.
#include "CanarySpecs.h"
#include "DaemonFixture.h"
#include "HttpClient.h"
#include "support/TestPostgres.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace enclii;

namespace {

const QString kAdmin = QStringLiteral("admin@test.local");
const QString kPassword = QStringLiteral("correct horse battery staple");
const QString kService = QStringLiteral("dhanam-api"); // strategy: canary in the seed

} // namespace

class TestCanaryDaemon : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY2(m_pg.isValid(), qPrintable(m_pg.error()));
        QVERIFY(test::copySpecsWithShortCanary(m_specs.path()));
        daemon::Config config;
        config.sampleSeconds = 1;
        config.specsDir = m_specs.path();
        QVERIFY2(m_fixture.start(m_pg.connectionString(), kAdmin, kPassword, QByteArray(32, '\x47'), config), qPrintable(m_fixture.error));
        m_sim = m_fixture.daemon->simulatedClusterUrl().toString();
        QVERIFY(!m_sim.isEmpty());
    }

    void aFaultyReleaseIsRolledBackAndAGoodOnePromotes()
    {
        const qint64 r1 = release(u'1');
        QVERIFY2(QTest::qWaitFor([&] {
            const QJsonObject d = get("/v1/deployments/" + kService).json();
            return d.value("release").toObject().value("id").toInteger() == r1 && d.value("state") == QLatin1String("ready");
        }, 120000), qPrintable(get("/v1/deployments/" + kService).body));
        QVERIFY(get("/v1/rollouts?service=" + kService).json().value("items").toArray().isEmpty()); // the first deploy is direct

        // A release whose pods answer a third of their requests with 500 (the simulator's route).
        const auto made = post(QStringLiteral("/v1/simulator/releases"), R"({"service": "dhanam-api", "errorRate": 0.3})");
        QCOMPARE(made.status, 201);
        const qint64 r2 = made.json().value("release").toInteger();
        const QString badImage = made.json().value("image").toString();
        QVERIFY(badImage.startsWith(QLatin1String("sim.enclii.invalid/dhanam/dhanam-api@sha256:")));
        QCOMPARE(test::httpRequest(m_sim + "/sim/v1/faults").json().value("items").toArray().first().toObject()
                     .value("match").toObject().value("image").toString(), badImage);
        const QJsonObject bad = waitForRollout(badImage, {"rolled_back"}, 180000);
        QVERIFY2(bad.value("state") == QLatin1String("rolled_back"), qPrintable(QJsonDocument(bad).toJson()));
        QCOMPARE(bad.value("failingMetric").toString(), QStringLiteral("success-rate"));
        QVERIFY(bad.value("failingValue").toDouble() < 0.99);
        QCOMPARE(get("/v1/deployments/" + kService).json().value("release").toObject().value("id").toInteger(), r1);
        QVERIFY(r2 > r1);
        // Drained: weight 0, no autoscaler, no canary pods; the stable track kept its release.
        QVERIFY(QTest::qWaitFor([&] { return get(QStringLiteral("/v1/rollouts/%1").arg(bad.value("id").toInteger())).json().value("settled").toBool(); }, 30000));
        // Ended: on-call's controls say so.
        const auto promote = post(QStringLiteral("/v1/rollouts/%1/promote").arg(bad.value("id").toInteger()));
        QCOMPARE(promote.status, 409);

        // A good release goes 10 -> 50 -> 100 and ends as the stable track.
        const auto goodMade = post(QStringLiteral("/v1/simulator/releases"), R"({"service": "dhanam-api"})");
        QCOMPARE(goodMade.status, 201);
        const qint64 r3 = goodMade.json().value("release").toInteger();
        // While it runs, the service's status is its stable Deployment's, not the canary's beside it.
        QVERIFY(!waitForRollout(goodMade.json().value("image").toString(), {"progressing"}, 60000).isEmpty());
        const QJsonObject during = get("/v1/deployments/" + kService).json();
        QCOMPARE(during.value("release").toObject().value("id").toInteger(), r1);
        for (const QJsonValue &c : during.value("conditions").toArray())
            QVERIFY2(!c.toObject().value("message").toString().contains(QLatin1String("-canary")), qPrintable(c.toObject().value("message").toString()));
        const QJsonObject good = waitForRollout(goodMade.json().value("image").toString(), {"succeeded", "rolled_back", "aborted", "failed"}, 300000);
        QVERIFY2(good.value("state") == QLatin1String("succeeded"), qPrintable(QJsonDocument(good).toJson()));
        const QJsonObject detail = get(QStringLiteral("/v1/rollouts/%1").arg(good.value("id").toInteger())).json();
        QSet<int> weights;
        for (const QJsonValue &s : detail.value("steps").toArray())
            if (s.toObject().value("status") == QLatin1String("done"))
                weights << s.toObject().value("weight").toInt();
        QCOMPARE(weights, (QSet<int>{10, 50, 100}));
        QVERIFY(!detail.value("measurements").toArray().isEmpty());
        QVERIFY2(QTest::qWaitFor([&] {
            const QJsonObject d = get("/v1/deployments/" + kService).json();
            return d.value("release").toObject().value("id").toInteger() == r3 && d.value("state") == QLatin1String("ready");
        }, 60000), qPrintable(get("/v1/deployments/" + kService).body));
    }

    void aReleaseCanBeAskedFor()
    {
        QCOMPARE(post(QStringLiteral("/v1/simulator/releases"), R"({"service": "no-such-service"})").status, 404);
        QCOMPARE(post(QStringLiteral("/v1/simulator/releases"), R"({"service": "dhanam-api", "errorRate": 2})").status, 422);
        QCOMPARE(post(QStringLiteral("/v1/releases/999999/deploy")).status, 404);
        const auto wrongBody = post(QStringLiteral("/v1/releases/1/deploy"), "[1]");
        QCOMPARE(wrongBody.status, 400);
        const auto asked = post(QStringLiteral("/v1/releases/1/deploy"), R"({"reason": "back to the first"})");
        QCOMPARE(asked.status, 202);
        QCOMPARE(asked.json().value("strategy").toString(), QStringLiteral("canary"));
        QCOMPARE(asked.json().value("service").toString(), kService);
        // Going back on a canary service is a rollout of the old release.
        QVERIFY(QTest::qWaitFor([&] {
            const QJsonArray items = get("/v1/rollouts?service=" + kService).json().value("items").toArray();
            return !items.isEmpty() && items.first().toObject().value("image") == image(u'1');
        }, 20000));
        QVERIFY(get("/v1/audit").body.contains("release.deploy"));

        // A preview (a pull request's build) is a non-production deploy: held while the
        // project's budget holds them (Waybill writes the hold at 100 %).
        const QString preview = m_pg.query(QStringLiteral(
            "WITH j AS (INSERT INTO build_jobs (service, project, repo, commit_sha, reason, state) VALUES"
            " ('dhanam-api', 'dhanam', 'https://example.invalid/dhanam.git', '%1', 'pull_request', 'succeeded') RETURNING id)"
            " INSERT INTO releases (build_id, service, project, commit_sha, image_ref, image_digest, auto_deploy)"
            " SELECT id, 'dhanam-api', 'dhanam', '%1', '%2', 'sha256:%3', false FROM j RETURNING id").arg(QString(40, u'9'), image(u'9'), QString(64, u'9'))).trimmed();
        m_pg.query(QStringLiteral("INSERT INTO waybill_deploy_holds (project, month, reason) VALUES ('dhanam', date_trunc('month', now() AT TIME ZONE 'UTC')::date, 'budget')"));
        const auto held = post(QStringLiteral("/v1/releases/%1/deploy").arg(preview));
        QCOMPARE(held.status, 409);
        QCOMPARE(held.json().value("code").toString(), QStringLiteral("deploys-held"));
        m_pg.query(QStringLiteral("DELETE FROM waybill_deploy_holds"));
        QCOMPARE(post(QStringLiteral("/v1/releases/%1/deploy").arg(preview)).status, 202);
    }

private:
    QString image(QChar salt) const { return test::dhanamImage(salt); }
    qint64 release(QChar salt) { return m_pg.query(test::dhanamReleaseSql(salt)).trimmed().toLongLong(); }
    QJsonObject waitForRollout(const QString &image, const QStringList &states, int ms)
    {
        QJsonObject found;
        (void)QTest::qWaitFor([&] {
            for (const QJsonValue &v : get("/v1/rollouts?service=" + kService).json().value("items").toArray())
                if (v.toObject().value("image") == image) {
                    found = v.toObject();
                    return states.contains(found.value("state").toString());
                }
            return false;
        }, ms);
        return found;
    }
    test::HttpResult get(const QString &path)
    {
        return test::httpRequest(m_fixture.base + path, "GET", {}, {}, {{"Authorization", "Bearer " + m_fixture.adminToken.toUtf8()}});
    }
    test::HttpResult post(const QString &path, const QByteArray &body = {})
    {
        return test::httpRequest(m_fixture.base + path, "POST", body, body.isEmpty() ? QByteArray() : QByteArray("application/json"),
                                 {{"Authorization", "Bearer " + m_fixture.adminToken.toUtf8()}});
    }

    test::TestPostgres m_pg{QStringLiteral("canarydaemon")};
    QTemporaryDir m_specs;
    test::DaemonFixture m_fixture;
    QString m_sim;
};

QTEST_GUILESS_MAIN(TestCanaryDaemon)
#include "tst_canary_daemon.moc"
