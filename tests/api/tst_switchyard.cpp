// Switchyard over real HTTP, with the daemon composed in-process on a throwaway PostgreSQL.
#include "Daemon.h"
#include "OidcTestClient.h"

#include "support/TestPostgres.h"

#include <QJsonArray>
#include <QProcess>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace enclii;

namespace {

const QString kSpecs = QStringLiteral(ENCLII_SOURCE_DIR "/specs");

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// The dhanam-api document from the seed file (the first of its documents).
QByteArray dhanamApi()
{
    const QByteArray all = readFile(kSpecs + QStringLiteral("/services/dhanam.yaml"));
    const QList<QByteArray> docs = all.split('\n');
    QByteArray out;
    bool started = false;
    for (const auto &line : docs) {
        if (line.startsWith("---")) {
            if (started)
                break;
            continue;
        }
        if (line.startsWith("apiVersion"))
            started = true;
        if (started)
            out += line + '\n';
    }
    return out;
}

} // namespace

class TestSwitchyard : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY2(m_pg.isValid(), qPrintable(m_pg.error()));
        daemon::Config config;
        config.listen = QStringLiteral("127.0.0.1:0");
        config.databaseUrl = m_pg.connectionString();
        config.specsDir = kSpecs;
        config.maxBodyBytes = 256 * 1024;
        config.stateDir = m_state.path();
        qputenv("ENCLII_ADMIN_EMAIL", "admin@test.local");
        qputenv("ENCLII_ADMIN_PASSWORD", "correct horse battery staple");
        m_daemon = std::make_unique<daemon::Daemon>(config);
        QString error;
        QVERIFY2(m_daemon->start(&error), qPrintable(error));
        m_base = m_daemon->url();
        QVERIFY(dhanamApi().contains("name: dhanam-api"));
        m_token = test::signIn(m_base, QStringLiteral("admin@test.local"), QStringLiteral("correct horse battery staple"))
                      .value(QStringLiteral("access_token")).toString();
        QVERIFY(!m_token.isEmpty());
    }

    void healthAndReadiness()
    {
        auto r = api(m_base + QStringLiteral("/healthz"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
        r = api(m_base + QStringLiteral("/readyz"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(QStringLiteral("checks")).toObject().value(QStringLiteral("database")).toString(), QStringLiteral("ok"));
    }

    void ecosystemHasTheWholeMap()
    {
        const auto r = api(m_base + QStringLiteral("/v1/ecosystem"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.contentType, QByteArray("application/json"));
        const QJsonObject eco = r.json();
        QCOMPARE(eco.value(QStringLiteral("name")).toString(), QStringLiteral("madfam"));
        QCOMPARE(eco.value(QStringLiteral("tiers")).toArray().size(), 5);
        int services = 0, repos = 0, libraries = 0, infra = 0;
        for (const auto &n : eco.value(QStringLiteral("nodes")).toArray()) {
            const QString kind = n.toObject().value(QStringLiteral("kind")).toString();
            services += kind == QLatin1String("service");
            repos += kind == QLatin1String("repo");
            libraries += kind == QLatin1String("library");
            infra += kind == QLatin1String("infrastructure");
        }
        QCOMPARE(services, 33);
        QCOMPARE(repos, 15);
        QCOMPARE(libraries, 2);
        QVERIFY(infra >= 5);
        QSet<QString> edgeKinds;
        for (const auto &e : eco.value(QStringLiteral("edges")).toArray())
            edgeKinds.insert(e.toObject().value(QStringLiteral("kind")).toString());
        for (const char *k : {"component", "auth", "platform", "data", "library"})
            QVERIFY2(edgeKinds.contains(QLatin1String(k)), k);
        const QJsonObject capacity = eco.value(QStringLiteral("capacity")).toObject();
        const QJsonArray scenarios = capacity.value(QStringLiteral("scenarios")).toArray();
        QCOMPARE(scenarios.size(), 2);
        QVERIFY(scenarios[0].toObject().value(QStringLiteral("fits")).toBool());
        QVERIFY(!scenarios[1].toObject().value(QStringLiteral("fits")).toBool());
        QCOMPARE(capacity.value(QStringLiteral("allocatable")).toObject().value(QStringLiteral("cpuMillis")).toInt(), 8400);
        QVERIFY(!eco.value(QStringLiteral("waves")).toArray().isEmpty());
        QVERIFY(!eco.value(QStringLiteral("criteria")).toArray().isEmpty());

        // Conditional GET: the same ETag gives 304 with no body.
        const QByteArray etag = r.header("ETag");
        QVERIFY(!etag.isEmpty());
        const auto again = api(m_base + QStringLiteral("/v1/ecosystem"), "GET", {}, {}, {{"If-None-Match", etag}});
        QCOMPARE(again.status, 304);
        QVERIFY(again.body.isEmpty());
        QVERIFY(again.header("Content-Length").isEmpty());
        // A list, and the weak form, match too (RFC 9110 §13.1.2); another tag does not.
        QCOMPARE(api(m_base + QStringLiteral("/v1/ecosystem"), "GET", {}, {}, {{"If-None-Match", "\"x\", W/" + etag}}).status, 304);
        QCOMPARE(api(m_base + QStringLiteral("/v1/ecosystem"), "GET", {}, {}, {{"If-None-Match", "\"other\""}}).status, 200);
    }

    void projectsAndServices()
    {
        auto r = api(m_base + QStringLiteral("/v1/projects"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(QStringLiteral("items")).toArray().size(), 17);
        r = api(m_base + QStringLiteral("/v1/projects/forgesight"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(QStringLiteral("services")).toArray().size(), 3);
        r = api(m_base + QStringLiteral("/v1/services?project=electrochem-sim"));
        QCOMPARE(r.json().value(QStringLiteral("items")).toArray().size(), 3);
        r = api(m_base + QStringLiteral("/v1/services/switchyard-api"));
        QCOMPARE(r.status, 200);
        const QJsonObject s = r.json();
        QCOMPARE(s.value(QStringLiteral("replicas")).toInt(), 3);
        QCOMPARE(s.value(QStringLiteral("domains")).toArray().first().toObject().value(QStringLiteral("host")).toString(),
                 QStringLiteral("api.enclii.dev"));
        QCOMPARE(s.value(QStringLiteral("spec")).toObject().value(QStringLiteral("kind")).toString(), QStringLiteral("Service"));
    }

    void errorsAreProblemDocuments_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::newRow("unknown route") << "GET" << "/v1/nothing" << 404 << "not-found";
        QTest::newRow("unknown service") << "GET" << "/v1/services/nope" << 404 << "not-found";
        QTest::newRow("unknown project") << "GET" << "/v1/projects/nope" << 404 << "not-found";
        QTest::newRow("wrong method") << "DELETE" << "/v1/ecosystem" << 405 << "method-not-allowed";
        QTest::newRow("bad revision") << "GET" << "/v1/services/switchyard-api/revisions/x" << 400 << "bad-revision";
        QTest::newRow("missing revision") << "GET" << "/v1/services/switchyard-api/revisions/99" << 404 << "not-found";
        QTest::newRow("diff without from") << "GET" << "/v1/services/switchyard-api/diff" << 400 << "bad-revision";
        QTest::newRow("audit limit not a number") << "GET" << "/v1/audit?limit=lots" << 400 << "bad-query";
        QTest::newRow("audit before not a number") << "GET" << "/v1/audit?before=-3" << 400 << "bad-query";
    }
    void errorsAreProblemDocuments()
    {
        QFETCH(QString, method);
        QFETCH(QString, path);
        QFETCH(int, status);
        QFETCH(QString, code);
        const auto r = api(m_base + path, method.toLatin1());
        QCOMPARE(r.status, status);
        QCOMPARE(r.contentType, QByteArray("application/problem+json"));
        const QJsonObject p = r.json();
        QCOMPARE(p.value(QStringLiteral("status")).toInt(), status);
        QCOMPARE(p.value(QStringLiteral("code")).toString(), code);
        QCOMPARE(p.value(QStringLiteral("type")).toString(), QStringLiteral("https://enclii.dev/problems/") + code);
        QVERIFY(!p.value(QStringLiteral("title")).toString().isEmpty());
        QVERIFY(!p.value(QStringLiteral("detail")).toString().isEmpty());
        if (status == 405)
            QCOMPARE(r.header("Allow"), QByteArray("GET, HEAD"));
    }

    void applyValidatesStoresAndDiffs()
    {
        const QString url = m_base + QStringLiteral("/v1/services/dhanam-api");
        const int before = api(url).json().value(QStringLiteral("revision")).toInt();
        QVERIFY(before >= 1);

        // The same document: unchanged, no new revision.
        auto r = api(url, "PUT", dhanamApi(), "application/yaml");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(QStringLiteral("changed")).toBool(), false);
        QCOMPARE(r.json().value(QStringLiteral("revision")).toInt(), before);

        // Scaled up: a new revision.
        QByteArray scaled = dhanamApi();
        scaled.replace("maxReplicas: 6", "maxReplicas: 5");
        r = api(url, "PUT", scaled, "application/yaml");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(QStringLiteral("changed")).toBool(), true);
        QCOMPARE(r.json().value(QStringLiteral("revision")).toInt(), before + 1);

        r = api(url + QStringLiteral("/revisions"));
        QCOMPARE(r.json().value(QStringLiteral("items")).toArray().size(), before + 1);
        QCOMPARE(r.json().value(QStringLiteral("items")).toArray().first().toObject().value(QStringLiteral("author")).toString(),
                 QStringLiteral("admin@test.local"));

        r = api(url + QStringLiteral("/diff?from=%1").arg(before));
        QCOMPARE(r.status, 200);
        const QJsonArray changes = r.json().value(QStringLiteral("changes")).toArray();
        QCOMPARE(changes.size(), 1);
        QCOMPARE(changes[0].toObject().value(QStringLiteral("path")).toString(), QStringLiteral("spec.autoscaling.maxReplicas"));
        QCOMPARE(changes[0].toObject().value(QStringLiteral("from")).toInt(), 6);
        QCOMPARE(changes[0].toObject().value(QStringLiteral("to")).toInt(), 5);

        // The ecosystem view follows at once.
        const auto eco = api(m_base + QStringLiteral("/v1/ecosystem")).json();
        bool seen = false;
        for (const auto &n : eco.value(QStringLiteral("nodes")).toArray()) {
            const auto o = n.toObject();
            if (o.value(QStringLiteral("name")).toString() == QLatin1String("dhanam-api")) {
                QCOMPARE(o.value(QStringLiteral("autoscaling")).toObject().value(QStringLiteral("maxReplicas")).toInt(), 5);
                seen = true;
            }
        }
        QVERIFY(seen);

        // JSON bodies are accepted too.
        const auto spec = api(url).json().value(QStringLiteral("spec")).toObject();
        r = api(url, "PUT", QJsonDocument(spec).toJson(), "application/json");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(QStringLiteral("changed")).toBool(), false);

        // Ids beyond 32 bits page fine.
        QCOMPARE(api(m_base + QStringLiteral("/v1/audit?before=3000000000")).status, 200);

        // And the audit log names the change.
        r = api(m_base + QStringLiteral("/v1/audit?target=Service/dhanam-api&limit=1"));
        QCOMPARE(r.json().value(QStringLiteral("items")).toArray().first().toObject().value(QStringLiteral("actor")).toString(),
                 QStringLiteral("admin@test.local"));
    }

    void invalidApplyIs422AndStoresNothing_data()
    {
        QTest::addColumn<QByteArray>("from");
        QTest::addColumn<QByteArray>("to");
        QTest::addColumn<QString>("expected");
        QTest::newRow("typo") << QByteArray("  replicas:") << QByteArray("  replcas:") << "spec.replcas: unknown field; did you mean \"replicas\"?";
        QTest::newRow("bad quantity") << QByteArray("cpu: 50m") << QByteArray("cpu: 50q") << "unknown suffix \"q\"";
        QTest::newRow("unknown dependency") << QByteArray("service: janua-api") << QByteArray("service: janua") << "depends on service \"janua\", which no spec defines";
        QTest::newRow("taken domain") << QByteArray("host: api.dhanam.app") << QByteArray("host: api.enclii.dev") << "domain api.enclii.dev is already used by switchyard-api";
        QTest::newRow("name mismatch") << QByteArray("name: dhanam-api") << QByteArray("name: dhanam-apx") << "differs from the name in the URL";
    }
    void invalidApplyIs422AndStoresNothing()
    {
        QFETCH(QByteArray, from);
        QFETCH(QByteArray, to);
        QFETCH(QString, expected);
        const QString url = m_base + QStringLiteral("/v1/services/dhanam-api");
        const int before = api(url).json().value(QStringLiteral("revision")).toInt();
        QByteArray body = dhanamApi();
        QVERIFY(body.contains(from));
        body.replace(body.indexOf(from), from.size(), to);
        const auto r = api(url, "PUT", body, "application/yaml");
        QCOMPARE(r.status, 422);
        QCOMPARE(r.contentType, QByteArray("application/problem+json"));
        const QJsonObject p = r.json();
        QCOMPARE(p.value(QStringLiteral("code")).toString(), QStringLiteral("validation-failed"));
        const QJsonArray errors = p.value(QStringLiteral("errors")).toArray();
        QVERIFY(!errors.isEmpty());
        bool found = false;
        for (const auto &e : errors)
            found = found || e.toObject().value(QStringLiteral("text")).toString().contains(expected);
        QVERIFY2(found, r.body.constData());
        QCOMPARE(api(url).json().value(QStringLiteral("revision")).toInt(), before);
    }

    void wrongMediaTypeIs415()
    {
        const auto r = api(m_base + QStringLiteral("/v1/services/dhanam-api"), "PUT", dhanamApi(), "text/plain");
        QCOMPARE(r.status, 415);
        QCOMPARE(r.json().value(QStringLiteral("code")).toString(), QStringLiteral("unsupported-media-type"));
    }

    void bodyOverTheLimitIs413()
    {
        // Through an ordinary client: the answer arrives, the body is refused.
        const auto r = api(m_base + QStringLiteral("/v1/services/dhanam-api"), "PUT", QByteArray(400 * 1024, 'a'), "application/yaml");
        QCOMPARE(r.status, 413);
        QCOMPARE(r.json().value(QStringLiteral("code")).toString(), QStringLiteral("payload-too-large"));

        // A 25 MB declared body is refused from its headers, before the body is read.
        const QByteArray answer = test::rawExchange(m_daemon->port(),
                                                    "PUT /v1/services/dhanam-api HTTP/1.1\r\nHost: x\r\nContent-Type: application/yaml\r\n"
                                                    "Content-Length: 26214400\r\n\r\n",
                                                    QByteArray(64 * 1024, 'a'));
        QVERIFY2(answer.startsWith("HTTP/1.1 413"), answer.left(200).constData());
        QVERIFY(answer.contains("Connection: close"));
    }

    void chunkedBodyIs411()
    {
        const QByteArray answer = test::rawExchange(
            m_daemon->port(), "PUT /v1/services/dhanam-api HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
        QVERIFY2(answer.startsWith("HTTP/1.1 411"), answer.left(200).constData());
    }

    void metricsAreExposed()
    {
        const auto r = api(m_base + QStringLiteral("/metrics"));
        QCOMPARE(r.status, 200);
        QVERIFY(r.contentType.startsWith("text/plain; version=0.0.4"));
        QVERIFY(r.body.contains("# TYPE enclii_http_requests_total counter"));
        QVERIFY(r.body.contains("enclii_http_requests_total{method=\"GET\",route=\"/v1/ecosystem\",status=\"200\"}"));
        QVERIFY(r.body.contains("enclii_http_request_duration_seconds_bucket{route=\"/healthz\",le=\"+Inf\"}"));
        QVERIFY(r.body.contains("enclii_db_pool_size 4"));
    }

    void readyzIs503WhenTheDatabaseIsGone()
    {
        // Last: stops this fixture's database server.
        if (m_pg.isExternal())
            QSKIP("the database is shared; not stopping it");
        // From the maintenance database: no new connections to ours, and the open ones cut.
        QString maintenance = m_pg.connectionString();
        maintenance.replace(QStringLiteral("dbname=") + m_pg.databaseName(), QStringLiteral("dbname=postgres"));
        QProcess psql;
        psql.start(QStringLiteral("psql"), {maintenance, QStringLiteral("-v"), QStringLiteral("ON_ERROR_STOP=1"), QStringLiteral("-c"),
                                            QStringLiteral("ALTER DATABASE \"%1\" ALLOW_CONNECTIONS false; "
                                                           "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '%1'")
                                                .arg(m_pg.databaseName())});
        QVERIFY(psql.waitForFinished(20000));
        QVERIFY2(psql.exitCode() == 0, psql.readAllStandardError().constData());
        auto r = api(m_base + QStringLiteral("/readyz"));
        QCOMPARE(r.status, 503);
        QCOMPARE(r.json().value(QStringLiteral("code")).toString(), QStringLiteral("database-unavailable"));
        r = api(m_base + QStringLiteral("/v1/services/dhanam-api"));
        QCOMPARE(r.status, 503);
        QCOMPARE(r.json().value(QStringLiteral("code")).toString(), QStringLiteral("database-unavailable"));
    }

private:
    // Every /v1 call as the signed-in administrator.
    test::HttpResult api(const QString &url, const QByteArray &method = "GET", const QByteArray &body = {},
                         const QByteArray &type = {}, QList<QPair<QByteArray, QByteArray>> headers = {})
    {
        headers += test::bearer(m_token);
        return test::httpRequest(url, method, body, type, headers);
    }

    QTemporaryDir m_state;
    QString m_token;
    test::TestPostgres m_pg{QStringLiteral("api")};
    std::unique_ptr<daemon::Daemon> m_daemon;
    QString m_base;
};

QTEST_GUILESS_MAIN(TestSwitchyard)
#include "tst_switchyard.moc"
