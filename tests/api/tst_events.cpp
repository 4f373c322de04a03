// GET /v1/events, the Server-Sent Events feed, against a real daemon and PostgreSQL: a build
// queued through the API arrives as a "build" event with its summary; a log line written by
// a worker (here: straight into the rows, as a worker in another process would) arrives as a
// "log" event; a client that reconnects with Last-Event-ID gets what it missed and nothing
// twice; ?topics= filters; the feed needs catalog.read; a bad Last-Event-ID is a 400.
#include "DaemonFixture.h"
#include "HttpClient.h"

#include "api/EventsResource.h"
#include "store/Database.h"
#include "store/EventFeed.h"
#include "support/TestPostgres.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTest>

using namespace enclii;

namespace {

const QString kAdmin = QStringLiteral("admin@test.local");
const QString kPassword = QStringLiteral("correct horse battery staple");
const QString kCommit = QStringLiteral("a1b2c3d4e5f60718293a4b5c6d7e8f9012345678");

struct SseEvent
{
    qint64 id = 0;
    QByteArray type;
    QJsonObject data;
};

// A minimal reader for the test: opens the stream on a raw socket and parses frames.
class SseReader
{
public:
    bool open(quint16 port, const QByteArray &token, const QByteArray &extraHead = {}, const QString &query = {})
    {
        // The daemon runs on this thread: wait by spinning the event loop, never by blocking.
        m_socket.connectToHost(QHostAddress::LocalHost, port);
        if (!QTest::qWaitFor([&] { return m_socket.state() == QAbstractSocket::ConnectedState; }, 5000))
            return false;
        m_socket.write("GET /v1/events" + query.toUtf8() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\nAuthorization: Bearer " + token
                       + "\r\n" + extraHead + "\r\n");
        // The head.
        if (!QTest::qWaitFor([&] {
                m_buffer += m_socket.readAll();
                return m_buffer.contains("\r\n\r\n");
            }, 5000))
            return false;
        const qsizetype end = m_buffer.indexOf("\r\n\r\n");
        head = m_buffer.left(end);
        m_buffer.remove(0, end + 4);
        return true;
    }

    // Reads until an event satisfying `want` arrives (true), or the deadline passes.
    bool waitFor(const std::function<bool(const SseEvent &)> &want, int ms = 10000)
    {
        QElapsedTimer t;
        t.start();
        for (;;) {
            while (true) {
                const qsizetype end = m_buffer.indexOf("\n\n");
                if (end < 0)
                    break;
                const QByteArray frame = m_buffer.left(end);
                m_buffer.remove(0, end + 2);
                SseEvent e;
                bool hasData = false;
                for (const QByteArray &line : frame.split('\n')) {
                    if (line.startsWith("id: "))
                        e.id = line.mid(4).toLongLong();
                    else if (line.startsWith("event: "))
                        e.type = line.mid(7);
                    else if (line.startsWith("data: ")) {
                        e.data = QJsonDocument::fromJson(line.mid(6)).object();
                        hasData = true;
                    }
                }
                if (!hasData)
                    continue;
                events << e;
                if (want(e))
                    return true;
            }
            if (t.elapsed() > ms)
                return false;
            QTest::qWait(20);
            m_buffer += m_socket.readAll();
        }
    }

    QByteArray head;
    QList<SseEvent> events;

private:
    QTcpSocket m_socket;
    QByteArray m_buffer;
};

} // namespace

class TestEvents : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY2(m_pg.isValid(), qPrintable(m_pg.error()));
        QVERIFY2(m_fixture.start(m_pg.connectionString(), kAdmin, kPassword, QByteArray(32, '\x45')), qPrintable(m_fixture.error));
        m_port = quint16(QUrl(m_fixture.base).port());
        m_token = m_fixture.adminToken.toUtf8();
    }

    void buildAndLogEventsArriveLive()
    {
        SseReader reader;
        QVERIFY(reader.open(m_port, m_token));
        QVERIFY2(reader.head.startsWith("HTTP/1.1 200"), reader.head.constData());
        QVERIFY(reader.head.toLower().contains("content-type: text/event-stream"));

        const auto r = test::httpRequest(m_fixture.base + QStringLiteral("/v1/services/switchyard-api/builds"), "POST",
                                         QJsonDocument(QJsonObject{{QStringLiteral("commit"), kCommit}}).toJson(), "application/json",
                                         test::bearer(m_fixture.adminToken));
        QCOMPARE(r.status, 202);
        const qint64 build = QJsonDocument::fromJson(r.body).object().value(QStringLiteral("id")).toInteger();
        QVERIFY(reader.waitFor([&](const SseEvent &e) {
            return e.type == "build" && e.data.value(QStringLiteral("id")).toInteger() == build
                && e.data.value(QStringLiteral("state")).toString() == QLatin1String("queued")
                && e.data.value(QStringLiteral("service")).toString() == QLatin1String("switchyard-api");
        }));
        // A worker elsewhere writes a log line: the rows are the bus.
        bool ok = false;
        m_pg.query(QStringLiteral("INSERT INTO build_logs (build_id, seq, attempt, step, stream, text) VALUES (%1, 1, 1, 'clone', 'info', 'hello from a worker')")
                       .arg(build),
                   &ok);
        QVERIFY(ok);
        QVERIFY(reader.waitFor([&](const SseEvent &e) {
            return e.type == "log" && e.data.value(QStringLiteral("text")).toString() == QLatin1String("hello from a worker")
                && e.data.value(QStringLiteral("build")).toInteger() == build && e.data.value(QStringLiteral("seq")).toInt() == 1;
        }));
        m_build = build;
        m_lastSeen = reader.events.last().id;
    }

    void reconnectReplaysWhatWasMissed()
    {
        // Two lines while nobody listens.
        bool ok = false;
        m_pg.query(QStringLiteral("INSERT INTO build_logs (build_id, seq, attempt, step, stream, text) VALUES"
                                  " (%1, 2, 1, 'clone', 'info', 'missed one'), (%1, 3, 1, 'clone', 'info', 'missed two')")
                       .arg(m_build),
                   &ok);
        QVERIFY(ok);
        QTest::qWait(300);
        SseReader reader;
        QVERIFY(reader.open(m_port, m_token, "Last-Event-ID: " + QByteArray::number(m_lastSeen) + "\r\n"));
        QVERIFY(reader.waitFor([](const SseEvent &e) { return e.data.value(QStringLiteral("text")).toString() == QLatin1String("missed two"); }));
        QStringList texts;
        for (const SseEvent &e : reader.events) {
            QVERIFY(e.id > m_lastSeen); // nothing seen before comes again
            if (e.type == "log")
                texts << e.data.value(QStringLiteral("text")).toString();
        }
        QCOMPARE(texts, (QStringList{QStringLiteral("missed one"), QStringLiteral("missed two")}));
    }

    void topicsFilter()
    {
        SseReader reader;
        QVERIFY(reader.open(m_port, m_token, "Last-Event-ID: 0\r\n", QStringLiteral("?topics=log")));
        QVERIFY(reader.waitFor([](const SseEvent &e) { return e.data.value(QStringLiteral("text")).toString() == QLatin1String("missed two"); }));
        for (const SseEvent &e : reader.events)
            QCOMPARE(e.type, QByteArray("log"));
    }

    void oldEventsArePruned()
    {
        bool ok = false;
        m_pg.query(QStringLiteral("INSERT INTO events (topic, payload, created_at) VALUES ('log', '{}', now() - interval '2 days')"), &ok);
        QVERIFY(ok);
        const int before = m_pg.query(QStringLiteral("SELECT count(*) FROM events")).toInt();
        store::Database db({m_pg.connectionString(), 1, 10000});
        QString error;
        QVERIFY2(db.open(&error), qPrintable(error));
        store::EventFeed feed(db);
        QCOMPARE(feed.prune(api::EventsResource::kRetentionSeconds), 1);
        QCOMPARE(m_pg.query(QStringLiteral("SELECT count(*) FROM events")).toInt(), before - 1);
    }

    void refusals()
    {
        auto r = test::httpRequest(m_fixture.base + QStringLiteral("/v1/events"));
        QCOMPARE(r.status, 401);
        r = test::httpRequest(m_fixture.base + QStringLiteral("/v1/events"), "GET", {}, {},
                              {{"Authorization", "Bearer " + m_token}, {"Last-Event-ID", "yesterday"}});
        QCOMPARE(r.status, 400);
        QVERIFY(r.body.contains("Last-Event-ID"));
    }

private:
    test::TestPostgres m_pg{QStringLiteral("events")};
    test::DaemonFixture m_fixture;
    quint16 m_port = 0;
    QByteArray m_token;
    qint64 m_build = 0;
    qint64 m_lastSeen = 0;
};

QTEST_GUILESS_MAIN(TestEvents)
#include "tst_events.moc"
