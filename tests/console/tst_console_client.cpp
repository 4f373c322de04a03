// ApiClient against a real loopback HTTP server: connecting, losing the daemon and getting
// it back (with a refetch), backoff, and RFC 9457 problem documents turned into messages.

#include "FixtureServer.h"
#include "client/ApiClient.h"

#include <QSignalSpy>
#include <QTest>

using namespace enclii::ui;
using namespace std::chrono_literals;
using State = ApiClient::State;

class TestConsoleClient : public QObject
{
    Q_OBJECT

private slots:
    void backoffDoublesUpToTheCap();
    void problemDocumentsBecomeMessages();
    void connectsAndFetchesEcosystem();
    void reportsDisconnectAndReconnects();
    void surfacesProblemFromEcosystem();
    void notJsonIsAFailureNotACrash();
    void unreachableDaemonStaysDisconnected();

private:
    static void makeQuick(ApiClient &client)
    {
        client.setPollInterval(150ms);
        client.setBackoff(100ms, 400ms);
        client.setRequestTimeout(2000ms);
    }
};

void TestConsoleClient::backoffDoublesUpToTheCap()
{
    QList<qint64> delays;
    for (int attempt = 1; attempt <= 8; ++attempt)
        delays << ApiClient::backoffDelay(attempt, 1000ms, 30000ms).count();
    QCOMPARE(delays, (QList<qint64>{1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000}));
    QCOMPARE(ApiClient::backoffDelay(100, 1000ms, 30000ms).count(), 30000);
}

void TestConsoleClient::problemDocumentsBecomeMessages()
{
    const QByteArray problem = R"({"type":"https://enclii.dev/problems/db","title":"Database unavailable",
        "status":503,"detail":"the embedded PostgreSQL is still starting","code":"db_starting"})";
    const QString message = ApiClient::problemMessage(503, problem, QStringLiteral("Service Unavailable"));
    QVERIFY2(message.contains(QLatin1String("503")), qPrintable(message));
    QVERIFY2(message.contains(QLatin1String("Database unavailable")), qPrintable(message));
    QVERIFY2(message.contains(QLatin1String("still starting")), qPrintable(message));
    QVERIFY2(message.contains(QLatin1String("db_starting")), qPrintable(message));

    const QString plain = ApiClient::problemMessage(502, "<html>bad gateway</html>", QStringLiteral("Bad Gateway"));
    QVERIFY2(plain.contains(QLatin1String("502")) && plain.contains(QLatin1String("Bad Gateway")), qPrintable(plain));
}

void TestConsoleClient::connectsAndFetchesEcosystem()
{
    enclii::test::FixtureServer server;
    QVERIFY(server.start());
    ApiClient client;
    makeQuick(client);
    client.setBaseUrl(server.url());
    QSignalSpy states(&client, &ApiClient::stateChanged);
    QSignalSpy ecosystems(&client, &ApiClient::ecosystemReceived);

    client.start();
    QCOMPARE(client.state(), State::Connecting);
    QTRY_COMPARE(client.state(), State::Connected);
    QTRY_COMPARE(ecosystems.size(), 1);
    const QJsonObject doc = ecosystems.at(0).at(0).toJsonObject();
    QVERIFY(doc.contains(QLatin1String("nodes")));
    QVERIFY(states.size() >= 2);
    QCOMPARE(states.first().at(0).value<State>(), State::Connecting);

    // Polling keeps going but does not refetch while nothing changed.
    QTRY_VERIFY(server.requestCount("/healthz") >= 3);
    QCOMPARE(ecosystems.size(), 1);
    QCOMPARE(server.requestCount("/v1/ecosystem"), 1);
}

void TestConsoleClient::reportsDisconnectAndReconnects()
{
    enclii::test::FixtureServer server;
    QVERIFY(server.start());
    const quint16 port = server.port();
    ApiClient client;
    makeQuick(client);
    client.setBaseUrl(server.url());
    QSignalSpy ecosystems(&client, &ApiClient::ecosystemReceived);
    QSignalSpy retries(&client, &ApiClient::retryScheduled);
    client.start();
    QTRY_COMPARE(client.state(), State::Connected);
    QTRY_COMPARE(ecosystems.size(), 1);

    server.stop();
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), State::Disconnected, 10000);
    QVERIFY2(!client.lastError().isEmpty(), "a disconnect says why");
    QVERIFY2(client.lastError().contains(QLatin1String("/healthz")), qPrintable(client.lastError()));
    QTRY_VERIFY(retries.size() >= 2); // it keeps trying, backing off

    QVERIFY2(server.start(port), "the port was taken while the server was down");
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), State::Connected, 10000);
    QVERIFY(client.lastError().isEmpty());
    // The daemon came back: the ecosystem is fetched again.
    QTRY_COMPARE_WITH_TIMEOUT(ecosystems.size(), 2, 10000);

    // Manual reconnect refetches straight away.
    client.reconnect();
    QTRY_COMPARE(ecosystems.size(), 3);
}

void TestConsoleClient::surfacesProblemFromEcosystem()
{
    enclii::test::FixtureServer server;
    server.setEcosystem(503,
                        R"({"type":"https://enclii.dev/problems/starting","title":"Not ready","status":503,
                            "detail":"specs are still loading","code":"not_ready"})",
                        "application/problem+json");
    QVERIFY(server.start());
    ApiClient client;
    makeQuick(client);
    client.setBaseUrl(server.url());
    QSignalSpy failures(&client, &ApiClient::ecosystemFailed);
    QSignalSpy ecosystems(&client, &ApiClient::ecosystemReceived);
    client.start();

    QTRY_VERIFY(failures.size() >= 1);
    const QString message = failures.first().at(0).toString();
    QVERIFY2(message.contains(QLatin1String("Not ready")) && message.contains(QLatin1String("specs are still loading"))
                 && message.contains(QLatin1String("not_ready")) && message.contains(QLatin1String("/v1/ecosystem")),
             qPrintable(message));
    // The daemon answers /healthz, so the connection itself is fine.
    QCOMPARE(client.state(), State::Connected);

    // Once the daemon is ready, the retry (with backoff) picks the ecosystem up.
    server.setEcosystem(200, enclii::test::FixtureServer::fixture());
    QTRY_COMPARE_WITH_TIMEOUT(ecosystems.size(), 1, 10000);
}

void TestConsoleClient::notJsonIsAFailureNotACrash()
{
    enclii::test::FixtureServer server;
    server.setEcosystem(200, "{ this is not json", "application/json");
    QVERIFY(server.start());
    ApiClient client;
    makeQuick(client);
    client.setBaseUrl(server.url());
    QSignalSpy failures(&client, &ApiClient::ecosystemFailed);
    QSignalSpy ecosystems(&client, &ApiClient::ecosystemReceived);
    client.start();
    QTRY_VERIFY(failures.size() >= 1);
    QCOMPARE(ecosystems.size(), 0);
    QVERIFY(failures.first().at(0).toString().contains(QLatin1String("JSON")));
}

void TestConsoleClient::unreachableDaemonStaysDisconnected()
{
    quint16 port = 0;
    {
        enclii::test::FixtureServer probe; // borrow a free port, then leave it closed
        QVERIFY(probe.start());
        port = probe.port();
    }
    ApiClient client;
    makeQuick(client);
    client.setBaseUrl(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)));
    QSignalSpy states(&client, &ApiClient::stateChanged);
    client.start();
    QTRY_COMPARE(client.state(), State::Disconnected);
    QVERIFY(!client.lastError().isEmpty());
    client.stop();
    QCOMPARE(client.state(), State::Disconnected);
    QVERIFY(!client.isRunning());
}

QTEST_GUILESS_MAIN(TestConsoleClient)
#include "tst_console_client.moc"
