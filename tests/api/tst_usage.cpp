// /v1/usage/events against a real daemon on a throwaway PostgreSQL: answers and status codes,
// exact numbers, a burst of retries stored once, the batch modes, the 1,000-event limit, who
// may post and read, and the daemon's own emitter.
#include "Daemon.h"
#include "DaemonFixture.h"

#include "support/TestPostgres.h"
#include "waybill/UsageIngest.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

using namespace enclii;
using test::bearer;
using test::httpRequest;

namespace {

const QString kSpecs = QStringLiteral(ENCLII_SOURCE_DIR "/specs");
const QString kAdmin = QStringLiteral("admin@test.local");
const QString kPassword = QStringLiteral("correct horse battery staple");

// One "now" for the whole run, so that stamp(10) names the same instant in every test.
const qint64 kNowMs = QDateTime::currentMSecsSinceEpoch();

QString stamp(qint64 minutesAgo, qint64 extraMs = 0)
{
    return QDateTime::fromMSecsSinceEpoch(kNowMs - minutesAgo * 60000 + extraMs, Qt::UTC).toString(Qt::ISODateWithMs);
}

QByteArray bandwidth(const QString &key, const QByteArray &gb, const QString &at, const QString &project = QStringLiteral("janua"))
{
    return QStringLiteral(R"({"idempotencyKey":"%1","type":"bandwidth.usage","project":"%2","resource":"edge","quantities":{"gb":%3},"timestamp":"%4"})")
        .arg(key, project, QString::fromLatin1(gb), at)
        .toUtf8();
}

QByteArray batch(const QList<QByteArray> &events, const QByteArray &mode = {})
{
    QByteArray out = "{\"events\":[";
    for (qsizetype i = 0; i < events.size(); ++i)
        out += (i ? "," : "") + events[i];
    out += "]";
    if (!mode.isEmpty())
        out += ",\"mode\":\"" + mode + "\"";
    return out + "}";
}

QStringList statusesOf(const QJsonObject &o)
{
    QStringList out;
    for (const auto &v : o.value(QStringLiteral("items")).toArray())
        out << v.toObject().value(QStringLiteral("status")).toString();
    return out;
}

} // namespace

class TestUsage : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY2(m_pg.isValid(), qPrintable(m_pg.error()));
        QVERIFY2(m_fixture.start(m_pg.connectionString(), kAdmin, kPassword, QByteArray(32, '\x33')), qPrintable(m_fixture.error));
        m_base = m_fixture.base;
        m_admin = m_fixture.adminToken;
    }

    void oneEventCreatedThenDuplicateThenConflict()
    {
        const QString at = stamp(10);
        auto r = post(bandwidth(QStringLiteral("http-1"), "\"1.25\"", at));
        QCOMPARE(r.status, 201);
        QCOMPARE(r.json().value(QStringLiteral("status")).toString(), QStringLiteral("accepted"));
        // The same event again, its quantity now a JSON number written differently: a duplicate.
        r = post(bandwidth(QStringLiteral("http-1"), "1.250", at));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(QStringLiteral("status")).toString(), QStringLiteral("duplicate"));
        // Another body under the key: 409, and the stored event is unchanged.
        r = post(bandwidth(QStringLiteral("http-1"), "2", at));
        QCOMPARE(r.status, 409);
        QCOMPARE(r.json().value(QStringLiteral("code")).toString(), QStringLiteral("idempotency-conflict"));
        QCOMPARE(r.contentType, QByteArray("application/problem+json"));
        QCOMPARE(m_pg.query(QStringLiteral("SELECT quantities->>'gb' FROM usage_events WHERE idempotency_key = 'http-1'")), QStringLiteral("1.25"));
    }

    void numbersAreExact()
    {
        // 0.1 as a JSON number is one tenth, not 0.1000000000000000055511151231257827.
        QCOMPARE(post(bandwidth(QStringLiteral("exact-1"), "0.1", stamp(9))).status, 201);
        QCOMPARE(post(bandwidth(QStringLiteral("exact-2"), "12345678901234567890.000000001", stamp(9))).status, 201);
        QCOMPARE(m_pg.query(QStringLiteral("SELECT string_agg(quantities->>'gb', ',' ORDER BY idempotency_key) FROM usage_events "
                                           "WHERE idempotency_key LIKE 'exact-%'")),
                 QStringLiteral("0.1,12345678901234567890.000000001"));
        auto r = post(bandwidth(QStringLiteral("exact-3"), "1e3", stamp(9)));
        QCOMPARE(r.status, 422);
        QVERIFY2(r.json().value(QStringLiteral("detail")).toString().contains(QStringLiteral("exponents are not accepted")), r.body.constData());
    }

    void badBodies()
    {
        auto r = post("{not json");
        QCOMPARE(r.status, 400);
        QCOMPARE(r.json().value(QStringLiteral("code")).toString(), QStringLiteral("invalid-json"));
        r = post(bandwidth(QStringLiteral("ct"), "1", stamp(1)), "text/plain");
        QCOMPARE(r.status, 415);
        r = post(R"({"events":[{}],"mode":"most"})");
        QCOMPARE(r.status, 422);
        r = post(bandwidth(QStringLiteral("future"), "1", stamp(-10)));
        QCOMPARE(r.status, 422);
        QVERIFY2(r.json().value(QStringLiteral("detail")).toString().contains(QStringLiteral("ahead of the server's clock")), r.body.constData());
        r = post(bandwidth(QStringLiteral("late"), "1", stamp(49 * 60)));
        QCOMPARE(r.status, 422);
        QVERIFY2(r.json().value(QStringLiteral("detail")).toString().contains(QStringLiteral("grace window")), r.body.constData());
        QCOMPARE(count(QStringLiteral("idempotency_key IN ('future', 'late', 'ct')")), 0);
    }

    void burstOfTheSameEventIsStoredOnce()
    {
        // 1,000 requests in flight at once over 8 client connections pools.
        const QByteArray body = bandwidth(QStringLiteral("burst-http"), "\"0.5\"", stamp(3));
        std::vector<std::unique_ptr<QNetworkAccessManager>> nams;
        for (int i = 0; i < 8; ++i)
            nams.push_back(std::make_unique<QNetworkAccessManager>());
        QMap<int, int> byStatus;
        int finished = 0;
        QEventLoop loop;
        for (int i = 0; i < 1000; ++i) {
            QNetworkRequest request(QUrl(m_base + QStringLiteral("/v1/usage/events")));
            request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
            request.setRawHeader("Authorization", "Bearer " + m_admin.toLatin1());
            QNetworkReply *reply = nams[i % 8]->post(request, body);
            connect(reply, &QNetworkReply::finished, &loop, [&, reply] {
                ++byStatus[reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt()];
                reply->deleteLater();
                if (++finished == 1000)
                    loop.quit();
            });
        }
        QTimer::singleShot(120000, &loop, &QEventLoop::quit);
        loop.exec();
        QCOMPARE(finished, 1000);
        QCOMPARE(byStatus.value(201), 1);
        QCOMPARE(byStatus.value(200), 999);
        QCOMPARE(count(QStringLiteral("idempotency_key = 'burst-http'")), 1);
    }

    void allOrNothingBatchWithABadItemStoresNothing()
    {
        const QString at = stamp(20);
        const QByteArray body = batch({bandwidth(QStringLiteral("b-1"), "1", at), bandwidth(QStringLiteral("b-2"), "-1", at),
                                       bandwidth(QStringLiteral("b-3"), "1", at), bandwidth(QStringLiteral("http-1"), "9", stamp(10))});
        auto r = post(body);
        // http-1 is stored with 1.25 GB: a conflict.
        QCOMPARE(r.status, 422);
        QCOMPARE(r.json().value(QStringLiteral("code")).toString(), QStringLiteral("batch-refused"));
        QCOMPARE(statusesOf(r.json()), (QStringList{QStringLiteral("rejected"), QStringLiteral("invalid"), QStringLiteral("rejected"),
                                                    QStringLiteral("conflict")}));
        const QJsonObject bad = r.json().value(QStringLiteral("items")).toArray().at(1).toObject();
        QCOMPARE(bad.value(QStringLiteral("idempotencyKey")).toString(), QStringLiteral("b-2"));
        QCOMPARE(bad.value(QStringLiteral("index")).toInt(), 1);
        QVERIFY(bad.value(QStringLiteral("reason")).toString().contains(QStringLiteral("negative")));
        QCOMPARE(r.json().value(QStringLiteral("invalid")).toInt(), 1);
        QCOMPARE(r.json().value(QStringLiteral("conflicts")).toInt(), 1);
        QCOMPARE(count(QStringLiteral("idempotency_key LIKE 'b-%'")), 0);

        // Without the bad items: 201, all new.
        r = post(batch({bandwidth(QStringLiteral("b-1"), "1", at), bandwidth(QStringLiteral("b-3"), "1", at)}, "all-or-nothing"));
        QCOMPARE(r.status, 201);
        QCOMPARE(statusesOf(r.json()), (QStringList{QStringLiteral("accepted"), QStringLiteral("accepted")}));
        // Again: 200, all duplicates.
        r = post(batch({bandwidth(QStringLiteral("b-1"), "1", at), bandwidth(QStringLiteral("b-3"), "1", at)}));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(QStringLiteral("duplicates")).toInt(), 2);
    }

    void partialBatchStoresTheGoodOnes()
    {
        const QString at = stamp(25);
        const QByteArray body = batch({bandwidth(QStringLiteral("p-1"), "1", at), R"({"idempotencyKey":"p-2","type":"bandwidth.usage"})",
                                       bandwidth(QStringLiteral("p-3"), "3", at), bandwidth(QStringLiteral("b-1"), "1", stamp(20))},
                                      "partial");
        auto r = post(body);
        QCOMPARE(r.status, 200);
        QCOMPARE(statusesOf(r.json()), (QStringList{QStringLiteral("accepted"), QStringLiteral("invalid"), QStringLiteral("accepted"),
                                                    QStringLiteral("duplicate")}));
        QCOMPARE(r.json().value(QStringLiteral("mode")).toString(), QStringLiteral("partial"));
        QCOMPARE(count(QStringLiteral("idempotency_key LIKE 'p-%'")), 2);
        // Nothing storable at all: 422 even in partial mode.
        r = post(batch({R"({"idempotencyKey":"p-9"})"}, "partial"));
        QCOMPARE(r.status, 422);
    }

    void moreThanAThousandEventsIs413()
    {
        QList<QByteArray> events;
        const QString at = stamp(2);
        for (int i = 0; i < 1001; ++i)
            events << bandwidth(QStringLiteral("many-%1").arg(i), "1", at);
        auto r = post(batch(events, "partial"));
        QCOMPARE(r.status, 413);
        QCOMPARE(r.json().value(QStringLiteral("code")).toString(), QStringLiteral("too-many-events"));
        QCOMPARE(count(QStringLiteral("idempotency_key LIKE 'many-%'")), 0);
        events.removeLast();
        r = post(batch(events, "partial"));
        QCOMPARE(r.status, 201);
        QCOMPARE(count(QStringLiteral("idempotency_key LIKE 'many-%'")), 1000);
    }

    void financeReadsTheEvents()
    {
        // The daemon's own emitter goes through the same path.
        waybill::UsageEvent e;
        e.type = waybill::UsageType::DomainAdded;
        e.project = QStringLiteral("forgesight");
        e.resource = QStringLiteral("forgesight.dev");
        e.timestamp = QDateTime::fromMSecsSinceEpoch(QDateTime::currentMSecsSinceEpoch(), Qt::UTC);
        e.idempotencyKey = QStringLiteral("domain-forgesight.dev");
        QCOMPARE(m_fixture.daemon->usageIngest()->record(e).status, waybill::UsageIngest::Status::Accepted);

        auto r = httpRequest(m_base + QStringLiteral("/v1/usage/events?project=forgesight"), "GET", {}, {}, bearer(m_admin));
        QCOMPARE(r.status, 200);
        const QJsonArray items = r.json().value(QStringLiteral("items")).toArray();
        QCOMPARE(items.size(), 1);
        const QJsonObject item = items.first().toObject();
        QCOMPARE(item.value(QStringLiteral("type")).toString(), QStringLiteral("domain.added"));
        QCOMPARE(item.value(QStringLiteral("source")).toString(), QStringLiteral("encliid"));
        QCOMPARE(item.value(QStringLiteral("timestamp")).toString(), e.timestamp.toString(Qt::ISODateWithMs));

        // By time, paged; quantities come back as the exact strings.
        QUrlQuery q;
        q.addQueryItem(QStringLiteral("project"), QStringLiteral("janua"));
        q.addQueryItem(QStringLiteral("from"), stamp(9, -1));
        q.addQueryItem(QStringLiteral("to"), stamp(8));
        r = httpRequest(m_base + QStringLiteral("/v1/usage/events?") + q.toString(QUrl::FullyEncoded), "GET", {}, {}, bearer(m_admin));
        QCOMPARE(r.status, 200);
        QStringList gbs;
        for (const auto &v : r.json().value(QStringLiteral("items")).toArray())
            gbs << v.toObject().value(QStringLiteral("quantities")).toObject().value(QStringLiteral("gb")).toString();
        gbs.sort();
        QCOMPARE(gbs, (QStringList{QStringLiteral("0.1"), QStringLiteral("12345678901234567890.000000001")}));

        int seen = 0;
        QString after;
        for (int page = 0; page < 100; ++page) {
            const QString url = m_base + QStringLiteral("/v1/usage/events?project=janua&limit=400") +
                                (after.isEmpty() ? QString() : QStringLiteral("&after=") + after);
            r = httpRequest(url, "GET", {}, {}, bearer(m_admin));
            QCOMPARE(r.status, 200);
            seen += int(r.json().value(QStringLiteral("items")).toArray().size());
            after = r.json().value(QStringLiteral("next")).toString();
            if (after.isEmpty())
                break;
        }
        QCOMPARE(seen, count(QStringLiteral("project = 'janua'")));
        QCOMPARE(httpRequest(m_base + QStringLiteral("/v1/usage/events?limit=0"), "GET", {}, {}, bearer(m_admin)).status, 400);
        QCOMPARE(httpRequest(m_base + QStringLiteral("/v1/usage/events?from=yesterday"), "GET", {}, {}, bearer(m_admin)).status, 400);
        QCOMPARE(httpRequest(m_base + QStringLiteral("/v1/usage/events?after=12"), "GET", {}, {}, bearer(m_admin)).status, 400);
    }

    void servicesPostWithTheEmitterRole()
    {
        // A builder registered as a confidential client with the emitter role: it may post
        // usage and do nothing else.
        const QString secret = QStringLiteral("emitter-secret-0123456789abcdef");
        const QString hash = QString::fromLatin1(QCryptographicHash::hash(secret.toUtf8(), QCryptographicHash::Sha256).toHex());
        bool ok = false;
        m_pg.query(QStringLiteral("INSERT INTO oauth_clients (client_id, name, secret_hash, grant_types, roles) VALUES "
                                  "('builder', 'Builder', '%1', '{client_credentials}', '{emitter}')").arg(hash), &ok);
        QVERIFY(ok);
        auto r = httpRequest(m_base + QStringLiteral("/oauth/token"), "POST", "grant_type=client_credentials", "application/x-www-form-urlencoded",
                             {{"Authorization", "Basic " + QByteArray("builder:" + secret.toLatin1()).toBase64()}});
        QCOMPARE(r.status, 200);
        const QString token = r.json().value(QStringLiteral("access_token")).toString();
        r = httpRequest(m_base + QStringLiteral("/v1/usage/events"), "POST", bandwidth(QStringLiteral("from-builder"), "1", stamp(1)),
                        "application/json", bearer(token));
        QCOMPARE(r.status, 201);
        QCOMPARE(m_pg.query(QStringLiteral("SELECT source FROM usage_events WHERE idempotency_key = 'from-builder'")),
                 QStringLiteral("api:client:builder"));
        QCOMPARE(httpRequest(m_base + QStringLiteral("/v1/usage/events"), "GET", {}, {}, bearer(token)).status, 403);
        QCOMPARE(httpRequest(m_base + QStringLiteral("/v1/ecosystem"), "GET", {}, {}, bearer(token)).status, 403);
        // People cannot be given the service role.
        r = httpRequest(m_base + QStringLiteral("/v1/users"), "POST",
                        R"({"email":"e@test.local","password":"long enough password","roles":["emitter"]})", "application/json", bearer(m_admin));
        QCOMPARE(r.status, 422);
        // An admin's API token scoped to usage.write posts; one scoped to billing.read does not.
        r = httpRequest(m_base + QStringLiteral("/v1/tokens"), "POST", R"({"name":"ci-usage","scopes":["usage.write"],"expiresInDays":1})",
                        "application/json", bearer(m_admin));
        QCOMPARE(r.status, 201);
        const QString pat = r.json().value(QStringLiteral("token")).toString();
        QCOMPARE(httpRequest(m_base + QStringLiteral("/v1/usage/events"), "POST", bandwidth(QStringLiteral("from-pat"), "1", stamp(1)),
                             "application/json", bearer(pat)).status, 201);
        QCOMPARE(httpRequest(m_base + QStringLiteral("/v1/usage/events"), "GET", {}, {}, bearer(pat)).status, 403);
    }

private:
    test::HttpResult post(const QByteArray &body, const QByteArray &type = "application/json")
    {
        return httpRequest(m_base + QStringLiteral("/v1/usage/events"), "POST", body, type, bearer(m_admin));
    }

    int count(const QString &where)
    {
        bool ok = false;
        const int n = m_pg.query(QStringLiteral("SELECT count(*) FROM usage_events WHERE ") + where, &ok).trimmed().toInt();
        return ok ? n : -1;
    }

    test::TestPostgres m_pg{QStringLiteral("usageapi")};
    test::DaemonFixture m_fixture;
    QString m_base;
    QString m_admin;
};

QTEST_GUILESS_MAIN(TestUsage)
#include "tst_usage.moc"
