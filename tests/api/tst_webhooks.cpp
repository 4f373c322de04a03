// POST /v1/webhooks/github against a real daemon on a throwaway PostgreSQL, signed the way
// GitHub signs (the HMAC is computed here, independently of the daemon's code): ping, a push
// that queues exactly the services it touches, replays, every refusal, a branch deletion,
// pull requests; then manual builds, the job API and who may use it.
#include "Daemon.h"
#include "DaemonFixture.h"

#include "roundhouse/JobListener.h"
#include "support/TestPostgres.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace enclii;
using test::bearer;
using test::httpRequest;

namespace {

const QString kSpecs = QStringLiteral(ENCLII_SOURCE_DIR "/specs");
const QString kAdmin = QStringLiteral("admin@test.local");
const QString kPassword = QStringLiteral("correct horse battery staple");
const QByteArray kSecret = "a webhook secret of some length";
const QString kRepo = QStringLiteral("https://github.com/madfam-org/enclii.git");

QString sha(int n)
{
    return QStringLiteral("%1").arg(n, 40, 16, QLatin1Char('0')).replace(u'0', u'a').left(39) + QString::number(n % 10);
}

QByteArray pushBody(const QString &after, const QStringList &paths, const QString &ref = QStringLiteral("refs/heads/main"), bool deleted = false)
{
    QJsonObject commit{{QStringLiteral("id"), after}, {QStringLiteral("added"), QJsonArray()},
                       {QStringLiteral("modified"), QJsonArray::fromStringList(paths)}, {QStringLiteral("removed"), QJsonArray()}};
    QJsonObject o{{QStringLiteral("ref"), ref},
                  {QStringLiteral("before"), QString(40, u'1')},
                  {QStringLiteral("after"), after},
                  {QStringLiteral("deleted"), deleted},
                  {QStringLiteral("commits"), deleted ? QJsonArray() : QJsonArray{commit}},
                  {QStringLiteral("repository"), QJsonObject{{QStringLiteral("clone_url"), kRepo},
                                                             {QStringLiteral("html_url"), QStringLiteral("https://github.com/madfam-org/enclii")}}}};
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

} // namespace

class TestWebhooks : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY2(m_pg.isValid(), qPrintable(m_pg.error()));
        QVERIFY2(m_fixture.start(m_pg.connectionString(), kAdmin, kPassword, QByteArray(32, '\x44')), qPrintable(m_fixture.error));
        m_base = m_fixture.base;
        m_admin = m_fixture.adminToken;
        const auto r = httpRequest(m_base + QStringLiteral("/v1/repos/secret"), "PUT",
                                   QJsonDocument(QJsonObject{{QStringLiteral("repo"), kRepo}, {QStringLiteral("secret"), QString::fromUtf8(kSecret)}})
                                       .toJson(),
                                   "application/json", bearer(m_admin));
        QVERIFY2(r.status == 200, r.body.constData());
        // Sealed at rest: the secret's bytes are nowhere in the row.
        const QString stored = m_pg.query(QStringLiteral("SELECT encode(secret_sealed, 'escape') FROM repo_secrets"));
        QVERIFY(!stored.isEmpty());
        QVERIFY(!stored.contains(QString::fromUtf8(kSecret)));
    }

    void ping()
    {
        const QByteArray body = "{\"zen\":\"Keep it logically awesome.\",\"hook_id\":1,\"repository\":{\"clone_url\":\"https://github.com/madfam-org/enclii.git\"}}";
        const auto r = deliver("ping", body);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(QStringLiteral("pong")).toBool(), true);
    }

    void pushQueuesExactlyTheTouchedServices()
    {
        const QString commit = sha(1);
        QElapsedTimer t;
        t.start();
        const auto r = deliver("push", pushBody(commit, {QStringLiteral("apps/switchyard-api/src/main.cpp"), QStringLiteral("docs/notes.md")}),
                               "delivery-push-1");
        const qint64 ms = t.elapsed();
        QVERIFY2(r.status == 202, r.body.constData());
        QVERIFY2(ms < 1000, qPrintable(QString::number(ms)));
        const QJsonArray queued = r.json().value(QStringLiteral("queued")).toArray();
        QCOMPARE(queued.size(), 1);
        QCOMPARE(queued[0].toObject().value(QStringLiteral("service")).toString(), QStringLiteral("switchyard-api"));
        QCOMPARE(jobsFor(commit), QStringLiteral("switchyard-api|push|queued|refs/heads/main"));

        // The same delivery again: a no-op.
        const auto again = deliver("push", pushBody(commit, {QStringLiteral("apps/switchyard-api/src/main.cpp")}), "delivery-push-1");
        QCOMPARE(again.status, 200);
        QCOMPARE(again.json().value(QStringLiteral("duplicate")).toBool(), true);
        // The same push under a new delivery id (GitHub's "redeliver" keeps the id, a re-sent
        // hook may not): the queue's idempotency key still queues it once.
        const auto resent = deliver("push", pushBody(commit, {QStringLiteral("apps/switchyard-api/src/main.cpp")}), "delivery-push-1b");
        QCOMPARE(resent.status, 202);
        QCOMPARE(resent.json().value(QStringLiteral("queued")).toArray()[0].toObject().value(QStringLiteral("created")).toBool(), false);
        QCOMPARE(m_pg.query(QStringLiteral("SELECT count(*) FROM build_jobs WHERE commit_sha = '%1'").arg(commit)).trimmed(), QStringLiteral("1"));
        QCOMPARE(m_pg.query(QStringLiteral("SELECT outcome FROM webhook_deliveries WHERE delivery_id = 'delivery-push-1'")).trimmed(),
                 QStringLiteral("queued 1 job(s)"));
    }

    void pushToAnotherBranchOrUnrelatedPathsQueuesNothing()
    {
        auto r = deliver("push", pushBody(sha(2), {QStringLiteral("apps/switchyard-api/x")}, QStringLiteral("refs/heads/feature")));
        QCOMPARE(r.status, 202);
        QCOMPARE(r.json().value(QStringLiteral("queued")).toArray().size(), 0);
        r = deliver("push", pushBody(sha(3), {QStringLiteral("docs/only.md")}));
        QCOMPARE(r.json().value(QStringLiteral("queued")).toArray().size(), 0);
        r = deliver("push", pushBody(sha(4), {QStringLiteral("x")}, QStringLiteral("refs/tags/v1")));
        QCOMPARE(r.json().value(QStringLiteral("ignored")).toBool(), true);
    }

    void branchDeletionQueuesNothing()
    {
        const auto r = deliver("push", pushBody(QString(40, u'0'), {}, QStringLiteral("refs/heads/main"), true));
        QCOMPARE(r.status, 202);
        QCOMPARE(r.json().value(QStringLiteral("queued")).toArray().size(), 0);
        QVERIFY2(r.json().value(QStringLiteral("reason")).toString().contains(QStringLiteral("deletes branch main")), r.body.constData());
        QCOMPARE(m_pg.query(QStringLiteral("SELECT count(*) FROM build_jobs WHERE commit_sha = '%1'").arg(QString(40, u'0'))).trimmed(), QStringLiteral("0"));
    }

    void pullRequestsQueuePreviewsAndCloseCancelsThem()
    {
        const QString head = sha(5);
        auto pr = [&](const char *action) {
            return QJsonDocument(QJsonObject{{QStringLiteral("action"), QLatin1String(action)},
                                             {QStringLiteral("number"), 42},
                                             {QStringLiteral("pull_request"), QJsonObject{{QStringLiteral("head"), QJsonObject{{QStringLiteral("sha"), head}}},
                                                                                          {QStringLiteral("base"), QJsonObject{{QStringLiteral("ref"), QStringLiteral("main")}}}}},
                                             {QStringLiteral("repository"), QJsonObject{{QStringLiteral("clone_url"), kRepo}}}})
                .toJson(QJsonDocument::Compact);
        };
        auto r = deliver("pull_request", pr("opened"));
        QCOMPARE(r.status, 202);
        const int previews = int(r.json().value(QStringLiteral("queued")).toArray().size());
        QVERIFY2(previews >= 2, r.body.constData()); // every enclii service built from main
        QCOMPARE(m_pg.query(QStringLiteral("SELECT count(*) FROM build_jobs WHERE commit_sha = '%1' AND reason = 'pull_request' "
                                           "AND state = 'queued' AND priority < 0 AND ref = 'refs/pull/42/head'").arg(head)).trimmed(),
                 QString::number(previews));
        r = deliver("pull_request", pr("closed"));
        QCOMPARE(r.status, 202);
        QCOMPARE(r.json().value(QStringLiteral("cancelled")).toInt(), previews);
        QCOMPARE(m_pg.query(QStringLiteral("SELECT count(*) FROM build_jobs WHERE commit_sha = '%1' AND state = 'cancelled'").arg(head)).trimmed(),
                 QString::number(previews));
        r = deliver("pull_request", pr("labeled"));
        QCOMPARE(r.json().value(QStringLiteral("ignored")).toBool(), true);
    }

    void otherEventsAreAcknowledged()
    {
        const auto r = deliver("issues", "{\"action\":\"opened\",\"repository\":{\"clone_url\":\"https://github.com/madfam-org/enclii.git\"}}");
        QCOMPARE(r.status, 202);
        QCOMPARE(r.json().value(QStringLiteral("ignored")).toBool(), true);
    }

    void refusals()
    {
        const QByteArray body = pushBody(sha(6), {QStringLiteral("apps/switchyard-api/a")});
        // Bad signature: another secret, and the right one over another body.
        auto r = deliver("push", body, {}, sign("not the secret", body));
        QCOMPARE(r.status, 401);
        r = deliver("push", body, {}, sign(kSecret, body + " "));
        QCOMPARE(r.status, 401);
        // Missing header.
        r = httpRequest(m_base + QStringLiteral("/v1/webhooks/github"), "POST", body, "application/json",
                        {{"X-GitHub-Event", "push"}, {"X-GitHub-Delivery", "d-nosig"}});
        QCOMPARE(r.status, 401);
        // Wrong content type (GitHub's form encoding).
        r = httpRequest(m_base + QStringLiteral("/v1/webhooks/github"), "POST", "payload=" + body, "application/x-www-form-urlencoded",
                        {{"X-GitHub-Event", "push"}, {"X-GitHub-Delivery", "d-form"}, {"X-Hub-Signature-256", sign(kSecret, body)}});
        QCOMPARE(r.status, 415);
        // Malformed JSON (correctly signed).
        r = deliver("push", "{\"ref\": ");
        QCOMPARE(r.status, 400);
        QCOMPARE(r.json().value(QStringLiteral("code")).toString(), QStringLiteral("invalid-json"));
        // Unknown repository.
        QByteArray unknown = body;
        unknown.replace("madfam-org/enclii", "someone/else");
        r = deliver("push", unknown);
        QCOMPARE(r.status, 404);
        // A sealed secret copied into another repository's row does not open there (the
        // repository URL is the seal's associated data): that repository stays unknown.
        bool ok = false;
        m_pg.query(QStringLiteral("INSERT INTO repo_secrets (repo, secret_sealed) SELECT 'https://github.com/someone/else', secret_sealed "
                                  "FROM repo_secrets WHERE repo = 'https://github.com/madfam-org/enclii'"), &ok);
        QVERIFY2(ok, qPrintable(m_pg.error()));
        r = deliver("push", unknown);
        QCOMPARE(r.status, 404);
        // None of these queued anything or was remembered.
        QCOMPARE(m_pg.query(QStringLiteral("SELECT count(*) FROM build_jobs WHERE commit_sha = '%1'").arg(sha(6))).trimmed(), QStringLiteral("0"));
        QCOMPARE(m_pg.query(QStringLiteral("SELECT count(*) FROM webhook_deliveries WHERE delivery_id IN ('d-nosig', 'd-form')")).trimmed(),
                 QStringLiteral("0"));
    }

    void bodyOf25MegabytesIs413()
    {
        const QByteArray answer = test::rawExchange(
            m_fixture.daemon->port(),
            "POST /v1/webhooks/github HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-GitHub-Event: push\r\n"
            "X-GitHub-Delivery: d-big\r\nX-Hub-Signature-256: sha256=00\r\nContent-Length: 26214400\r\n\r\n",
            QByteArray(64 * 1024, ' '));
        QVERIFY2(answer.startsWith("HTTP/1.1 413"), answer.left(200).constData());
    }

    void manualBuildsAndTheJobApi()
    {
        const QString commit = sha(7);
        const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("commit"), commit}}).toJson();
        auto r = httpRequest(m_base + QStringLiteral("/v1/services/forgesight-api/builds"), "POST", body, "application/json", bearer(m_admin));
        QVERIFY2(r.status == 202, r.body.constData());
        const qint64 id = r.json().value(QStringLiteral("id")).toInteger();
        QVERIFY(id > 0);
        QCOMPARE(r.header("Location"), "/v1/builds/" + QByteArray::number(id));
        r = httpRequest(m_base + QStringLiteral("/v1/builds/%1").arg(id), "GET", {}, {}, bearer(m_admin));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(QStringLiteral("reason")).toString(), QStringLiteral("manual"));
        QCOMPARE(r.json().value(QStringLiteral("state")).toString(), QStringLiteral("queued"));
        r = httpRequest(m_base + QStringLiteral("/v1/builds?service=forgesight-api&state=queued"), "GET", {}, {}, bearer(m_admin));
        QCOMPARE(r.json().value(QStringLiteral("items")).toArray().size(), 1);
        QCOMPARE(httpRequest(m_base + QStringLiteral("/v1/builds?state=bogus"), "GET", {}, {}, bearer(m_admin)).status, 400);
        // Bad commit ids, unknown service.
        QCOMPARE(httpRequest(m_base + QStringLiteral("/v1/services/forgesight-api/builds"), "POST", "{\"commit\":\"abc\"}", "application/json",
                             bearer(m_admin)).status,
                 422);
        QCOMPARE(httpRequest(m_base + QStringLiteral("/v1/services/nope/builds"), "POST", body, "application/json", bearer(m_admin)).status, 404);

        // Roles: a forgesight developer may build forgesight, a dhanam developer and a viewer may not.
        const QString dev = userToken(QStringLiteral("dev.forgesight@wh.test"), QStringLiteral("developer:forgesight"));
        const QString other = userToken(QStringLiteral("dev.dhanam@wh.test"), QStringLiteral("developer:dhanam"));
        const QString viewer = userToken(QStringLiteral("viewer.forgesight@wh.test"), QStringLiteral("viewer:forgesight"));
        const QByteArray body2 = QJsonDocument(QJsonObject{{QStringLiteral("commit"), sha(8)}}).toJson();
        QCOMPARE(httpRequest(m_base + QStringLiteral("/v1/services/forgesight-api/builds"), "POST", body2, "application/json", bearer(other)).status, 403);
        QCOMPARE(httpRequest(m_base + QStringLiteral("/v1/services/forgesight-api/builds"), "POST", body2, "application/json", bearer(viewer)).status, 403);
        QCOMPARE(httpRequest(m_base + QStringLiteral("/v1/services/forgesight-api/builds"), "POST", body2, "application/json").status, 401);
        QCOMPARE(httpRequest(m_base + QStringLiteral("/v1/services/forgesight-api/builds"), "POST", body2, "application/json", bearer(dev)).status, 202);
        QCOMPARE(httpRequest(m_base + QStringLiteral("/v1/builds/%1").arg(id), "GET", {}, {}, bearer(viewer)).status, 200);
        QCOMPARE(httpRequest(m_base + QStringLiteral("/v1/builds/%1/cancel").arg(id), "POST", {}, {}, bearer(other)).status, 403);
        QCOMPARE(httpRequest(m_base + QStringLiteral("/v1/builds/%1/cancel").arg(id), "POST", {}, {}, bearer(viewer)).status, 403);
        r = httpRequest(m_base + QStringLiteral("/v1/builds/%1/cancel").arg(id), "POST", {}, {}, bearer(dev));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(QStringLiteral("state")).toString(), QStringLiteral("cancelled"));
        QCOMPARE(httpRequest(m_base + QStringLiteral("/v1/builds/%1/cancel").arg(id), "POST", {}, {}, bearer(dev)).status, 409);
        QCOMPARE(httpRequest(m_base + QStringLiteral("/v1/builds/999999"), "GET", {}, {}, bearer(m_admin)).status, 404);
        // Only administrators register webhook secrets.
        QCOMPARE(httpRequest(m_base + QStringLiteral("/v1/repos/secret"), "PUT", "{\"repo\":\"https://github.com/x/y\",\"secret\":\"0123456789abcdef\"}",
                             "application/json", bearer(dev)).status,
                 403);
    }

    // The webhook's half of "webhook to build start": from sending the signed push to an idle
    // listener's wake-up signal (the worker would claim at that moment).
    void webhookToWakeLatency()
    {
        roundhouse::JobListener listener(m_pg.connectionString());
        QString error;
        QVERIFY2(listener.start(&error), qPrintable(error));
        QElapsedTimer timer;
        qint64 wokeAtUs = -1;
        connect(&listener, &roundhouse::JobListener::jobQueued, this, [&] {
            if (wokeAtUs < 0)
                wokeAtUs = timer.nsecsElapsed() / 1000;
        });
        QList<qint64> latencies;
        for (int i = 0; i < 40; ++i) {
            const QString commit = QString::fromLatin1(QCryptographicHash::hash(QByteArray::number(1000 + i), QCryptographicHash::Sha1).toHex());
            wokeAtUs = -1;
            timer.start();
            const auto r = deliver("push", pushBody(commit, {QStringLiteral("apps/switchyard-api/src/x%1.cpp").arg(i)}));
            QCOMPARE(r.status, 202);
            QTRY_VERIFY_WITH_TIMEOUT(wokeAtUs >= 0, 1000);
            latencies << wokeAtUs;
        }
        std::sort(latencies.begin(), latencies.end());
        qInfo("signed push -> idle listener woken, %lld deliveries: p50 %.2f ms, p99 %.2f ms", qlonglong(latencies.size()),
              latencies[latencies.size() / 2] / 1000.0, latencies[latencies.size() * 99 / 100] / 1000.0);
        QVERIFY(latencies.last() < 1000 * 1000);
    }

private:
    static QByteArray sign(const QByteArray &secret, const QByteArray &body)
    {
        return "sha256=" + QMessageAuthenticationCode::hash(body, secret, QCryptographicHash::Sha256).toHex();
    }

    test::HttpResult deliver(const QByteArray &event, const QByteArray &body, QString delivery = {}, QByteArray signature = {})
    {
        if (delivery.isEmpty())
            delivery = QStringLiteral("d-%1").arg(++m_deliveries);
        if (signature.isEmpty())
            signature = sign(kSecret, body);
        return httpRequest(m_base + QStringLiteral("/v1/webhooks/github"), "POST", body, "application/json",
                           {{"X-GitHub-Event", event}, {"X-GitHub-Delivery", delivery.toLatin1()}, {"X-Hub-Signature-256", signature},
                            {"User-Agent", "GitHub-Hookshot/test"}});
    }

    QString jobsFor(const QString &commit)
    {
        return m_pg.query(QStringLiteral("SELECT string_agg(service || '|' || reason || '|' || state || '|' || ref, ',' ORDER BY service) "
                                         "FROM build_jobs WHERE commit_sha = '%1'").arg(commit)).trimmed();
    }

    QString userToken(const QString &email, const QString &role)
    {
        const QJsonObject body{{QStringLiteral("email"), email}, {QStringLiteral("password"), kPassword},
                               {QStringLiteral("name"), email}, {QStringLiteral("roles"), QJsonArray{role}}};
        const auto r = httpRequest(m_base + QStringLiteral("/v1/users"), "POST", QJsonDocument(body).toJson(), "application/json", bearer(m_admin));
        if (r.status != 201)
            qWarning("creating %s: %d %s", qPrintable(email), r.status, r.body.constData());
        return test::signIn(m_base, email, kPassword).value(QStringLiteral("access_token")).toString();
    }

    test::TestPostgres m_pg{QStringLiteral("webhooks")};
    test::DaemonFixture m_fixture;
    QString m_base;
    QString m_admin;
    int m_deliveries = 0;
};

QTEST_GUILESS_MAIN(TestWebhooks)
#include "tst_webhooks.moc"
