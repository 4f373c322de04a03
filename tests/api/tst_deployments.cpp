// The deployment routes over HTTP against the daemon composed in-process, reconciling into
// its simulated cluster: a release becomes a deployment that rolls out and turns ready, with
// its pods, resources, history and sampled metrics; drift shows in /v1/drift and on the event
// stream (drift and deployment events); /v1/cluster shows the simulated nodes, the waves and
// the leader; bad queries and unknown services are problem documents.
#include "DaemonFixture.h"
#include "HttpClient.h"

#include "support/TestPostgres.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpSocket>
#include <QTest>

using namespace enclii;

namespace {

const QString kAdmin = QStringLiteral("admin@test.local");
const QString kPassword = QStringLiteral("correct horse battery staple");
const QString kService = QStringLiteral("waybill-api");

// Reads a Server-Sent Events stream on a raw socket, frame by frame, into (type, data) pairs.
class EventTap
{
public:
    bool open(quint16 port, const QByteArray &token, const QByteArray &topics)
    {
        m_socket.connectToHost(QHostAddress::LocalHost, port);
        if (!QTest::qWaitFor([&] { return m_socket.state() == QAbstractSocket::ConnectedState; }, 5000))
            return false;
        m_socket.write("GET /v1/events?topics=" + topics + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token + "\r\n\r\n");
        return QTest::qWaitFor([&] { return pump(), m_headSeen; }, 5000);
    }

    // Waits for an event of `type` whose data satisfies `want`.
    QJsonObject waitFor(const QByteArray &type, const std::function<bool(const QJsonObject &)> &want, int ms = 30000)
    {
        QJsonObject found;
        const bool seen = QTest::qWaitFor([&] {
            pump();
            for (const auto &[t, data] : m_events)
                if (t == type && want(data)) {
                    found = data;
                    return true;
                }
            return false;
        }, ms);
        return seen ? found : QJsonObject();
    }

private:
    void pump()
    {
        m_buffer += m_socket.readAll();
        if (!m_headSeen) {
            const qsizetype end = m_buffer.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            m_headSeen = m_buffer.startsWith("HTTP/1.1 200");
            m_buffer.remove(0, end + 4);
        }
        for (qsizetype end; (end = m_buffer.indexOf("\n\n")) >= 0;) {
            QByteArray type;
            QJsonObject data;
            for (const QByteArray &line : m_buffer.left(end).split('\n')) {
                if (line.startsWith("event: "))
                    type = line.mid(7);
                else if (line.startsWith("data: "))
                    data = QJsonDocument::fromJson(line.mid(6)).object();
            }
            m_buffer.remove(0, end + 2);
            if (!type.isEmpty())
                m_events.append({type, data});
        }
    }

    QTcpSocket m_socket;
    QByteArray m_buffer;
    bool m_headSeen = false;
    QList<QPair<QByteArray, QJsonObject>> m_events;
};

} // namespace

class TestDeployments : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY2(m_pg.isValid(), qPrintable(m_pg.error()));
        // No simulated users: the test sets the one load it measures, and the replica count
        // stays the spec's instead of following an autoscaler.
        qputenv("ENCLII_SIM_LOAD", "0");
        daemon::Config config;
        config.sampleSeconds = 1;
        QVERIFY2(m_fixture.start(m_pg.connectionString(), kAdmin, kPassword, QByteArray(32, '\x46'), config), qPrintable(m_fixture.error));
        m_port = quint16(QUrl(m_fixture.base).port());
        m_token = m_fixture.adminToken.toUtf8();
    }

    void everyServiceIsListedPendingUntilReleased()
    {
        QVERIFY(QTest::qWaitFor([&] { return items().size() == 33; }, 20000));
        for (const QJsonValue &v : items()) {
            const QJsonObject d = v.toObject();
            for (const char *key : {"service", "project", "namespace", "component", "wave", "release", "desiredReplicas", "readyReplicas",
                                    "updatedReplicas", "availableReplicas", "state", "conditions", "lastAppliedAt", "lastDrift", "simulated"})
                QVERIFY2(d.contains(QLatin1String(key)), key);
            QVERIFY(d.value("release").isNull());
            QCOMPARE(d.value("state").toString(), QStringLiteral("pending"));
            QVERIFY(d.value("simulated").toBool());
        }
        QCOMPARE(items(QStringLiteral("?project=enclii")).size(), 6);
        QCOMPARE(items(QStringLiteral("?service=janua-api")).first().toObject().value("wave").toString(), QStringLiteral("platform-core"));
    }

    void aReleaseRollsOutAndTurnsReady()
    {
        EventTap tap;
        QVERIFY(tap.open(m_port, m_token, "deployment"));
        const QString digest = QString(64, u'b');
        const QString id = m_pg.query(QStringLiteral(
            "WITH j AS (INSERT INTO build_jobs (service, project, repo, commit_sha, reason, state) VALUES"
            " ('waybill-api', 'enclii', 'https://example.invalid/enclii.git', '%1', 'push', 'succeeded') RETURNING id)"
            " INSERT INTO releases (build_id, service, project, commit_sha, image_ref, image_digest, auto_deploy)"
            " SELECT id, 'waybill-api', 'enclii', '%1', 'ghcr.io/madfam-org/waybill-api@sha256:%2', 'sha256:%2', true FROM j RETURNING id")
                                              .arg(QString(40, u'c'), digest)).trimmed();
        QVERIFY(id.toLongLong() > 0);
        const QJsonObject live = tap.waitFor("deployment", [&](const QJsonObject &d) {
            return d.value("service") == kService && d.value("release").toObject().value("id").toInteger() == id.toLongLong();
        });
        QCOMPARE(live.value("release").toObject().value("digest").toString(), "sha256:" + digest);
        QVERIFY(tap.waitFor("deployment", [&](const QJsonObject &d) {
            return d.value("service") == kService && d.value("state") == QLatin1String("ready");
        }, 90000).value("readyReplicas").toInt() >= 2);

        const auto r = get("/v1/deployments/" + kService);
        QCOMPARE(r.status, 200);
        const QJsonObject d = r.json();
        QCOMPARE(d.value("state").toString(), QStringLiteral("ready"));
        QVERIFY(!d.value("lastAppliedAt").toString().isEmpty());
        QCOMPARE(d.value("resources").toObject().value("requests").toObject().value("cpu").toString(), QStringLiteral("100m"));
        QCOMPARE(d.value("resources").toObject().value("limits").toObject().value("memory").toString(), QStringLiteral("512Mi"));
        QJsonObject available;
        for (const QJsonValue &c : d.value("conditions").toArray())
            if (c.toObject().value("type") == QLatin1String("Available"))
                available = c.toObject();
        QCOMPARE(available.value("status").toString(), QStringLiteral("True"));
        const QJsonArray events = d.value("events").toArray();
        QVERIFY(events.size() >= 2);
        QCOMPARE(events.first().toObject().value("type").toString(), QStringLiteral("ready")); // newest first
        QCOMPARE(events.last().toObject().value("type").toString(), QStringLiteral("deploy"));
        // Pods come from the sampler (every second here).
        QVERIFY(QTest::qWaitFor([&] { return get("/v1/deployments/" + kService).json().value("pods").toArray().size() >= 2; }, 10000));
        for (const QJsonValue &v : get("/v1/deployments/" + kService).json().value("pods").toArray()) {
            const QJsonObject p = v.toObject();
            QVERIFY(p.value("name").toString().startsWith(kService));
            QVERIFY(p.value("node").toString().startsWith(QLatin1String("sim-node-")));
            for (const char *key : {"phase", "ready", "restarts", "startedAt", "reason", "cpuMillicores", "memoryBytes"})
                QVERIFY2(p.contains(QLatin1String(key)), key);
        }
    }

    void metricsAreSampled()
    {
        // Load on the simulated service, through the simulated cluster's own API.
        const QString sim = get("/v1/cluster").json().value("server").toString();
        QVERIFY(sim.startsWith(QLatin1String("http://127.0.0.1:")));
        const auto load = test::httpRequest(sim + "/sim/v1/loads/enclii-platform/" + kService, "PUT",
                                            "{\"requestsPerSecond\": 50, \"cpuMillicoresPerRequest\": 1, \"baseLatencySeconds\": 0.02}",
                                            "application/json");
        QVERIFY2(load.status == 200 || load.status == 201, load.body.constData());
        QJsonObject series;
        QVERIFY(QTest::qWaitFor([&] {
            series = get("/v1/deployments/" + kService + "/metrics?seconds=60").json().value("series").toObject();
            const QJsonArray rps = series.value("requestsPerSecond").toArray();
            return !rps.isEmpty() && rps.last().toArray().at(1).toDouble() > 0;
        }, 20000));
        for (const char *name : {"cpuMillicores", "memoryBytes", "requestsPerSecond", "errorRatio", "latencyP95Seconds", "readyReplicas"})
            QVERIFY2(!series.value(QLatin1String(name)).toArray().isEmpty(), name);
        const QJsonArray point = series.value("cpuMillicores").toArray().last().toArray();
        QVERIFY(point.at(0).toInteger() > 1700000000000LL);
        QVERIFY(point.at(1).toDouble() > 0);
        QCOMPARE(get("/v1/deployments/" + kService + "/metrics").json().value("step").toInt(), 1);
        QVERIFY(series.value("latencyP95Seconds").toArray().last().toArray().at(1).toDouble() > 0);
        QCOMPARE(series.value("readyReplicas").toArray().last().toArray().at(1).toDouble(), 2.0);
    }

    void driftShowsInTheListAndTheStream()
    {
        EventTap tap;
        QVERIFY(tap.open(m_port, m_token, "drift,deployment"));
        const QString sim = get("/v1/cluster").json().value("server").toString();
        const auto removed = test::httpRequest(sim + "/api/v1/namespaces/enclii-platform/services/" + kService, "DELETE");
        QCOMPARE(removed.status, 200);
        const QJsonObject drift = tap.waitFor("drift", [&](const QJsonObject &x) { return x.value("service") == kService; });
        QCOMPARE(drift.value("action").toString(), QStringLiteral("recreated"));
        QCOMPARE(drift.value("kind").toString(), QStringLiteral("Service"));
        QCOMPARE(drift.value("namespace").toString(), QStringLiteral("enclii-platform"));
        QVERIFY(!tap.waitFor("deployment", [&](const QJsonObject &d) {
                        return d.value("service") == kService && d.value("lastDrift").toObject().value("action") == QLatin1String("recreated");
                    }).isEmpty());
        const QJsonArray list = get("/v1/drift?limit=5").json().value("items").toArray();
        QVERIFY(!list.isEmpty());
        QCOMPARE(list.first().toObject().value("name").toString(), kService);
        QVERIFY(list.first().toObject().value("at").toString().endsWith(u'Z'));
        QVERIFY(list.first().toObject().value("fields").isArray());
    }

    void theClusterView()
    {
        const QJsonObject c = get("/v1/cluster").json();
        QVERIFY(c.value("simulated").toBool());
        const QJsonArray nodes = c.value("nodes").toArray();
        QCOMPARE(nodes.size(), 3);
        for (const QJsonValue &v : nodes) {
            const QJsonObject n = v.toObject();
            QCOMPARE(n.value("cpuAllocatableMillicores").toInteger(), 3800);
            QVERIFY(n.value("memoryAllocatableBytes").toInteger() > 7LL << 30);
            QVERIFY(n.contains("cpuRequestedMillicores") && n.contains("memoryRequestedBytes") && n.contains("pods"));
        }
        QVERIFY(c.value("pendingPods").isArray());
        const QJsonArray waves = c.value("waves").toArray();
        QCOMPARE(waves.size(), 4);
        QCOMPARE(waves.at(1).toObject().value("name").toString(), QStringLiteral("platform-core"));
        QVERIFY(waves.at(1).toObject().value("services").toArray().contains(QJsonValue(QStringLiteral("janua-api"))));
        for (const QJsonValue &w : waves)
            QVERIFY(QStringList({"done", "deploying", "waiting", "failed"}).contains(w.toObject().value("state").toString()));
        QVERIFY(c.value("leader").toString().contains(u':'));
    }

    void refusals()
    {
        const auto unknown = get("/v1/deployments/no-such-service");
        QCOMPARE(unknown.status, 404);
        QVERIFY(unknown.contentType.startsWith("application/problem+json"));
        QCOMPARE(get("/v1/deployments/no-such-service/metrics").status, 404);
        QCOMPARE(get("/v1/deployments/" + kService + "/metrics?seconds=3601").status, 400);
        QCOMPARE(get("/v1/deployments/" + kService + "/metrics?seconds=abc").status, 400);
        QCOMPARE(get("/v1/drift?limit=0").status, 400);
        QCOMPARE(get("/v1/deployments?project=" + QString(300, u'x')).status, 400);
        QCOMPARE(test::httpRequest(m_fixture.base + "/v1/deployments").status, 401);
    }

private:
    test::HttpResult get(const QString &path)
    {
        return test::httpRequest(m_fixture.base + path, "GET", {}, {}, {{"Authorization", "Bearer " + m_token}});
    }
    QJsonArray items(const QString &query = {}) { return get("/v1/deployments" + query).json().value("items").toArray(); }

    test::TestPostgres m_pg{QStringLiteral("deployments")};
    test::DaemonFixture m_fixture;
    quint16 m_port = 0;
    QByteArray m_token;
};

QTEST_GUILESS_MAIN(TestDeployments)
#include "tst_deployments.moc"
