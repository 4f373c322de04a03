// WebhookNotifier against a small HTTP receiver on loopback: the Slack payload, order kept,
// 5xx and 429 (with Retry-After) retried with backoff, a 4xx refusal dropped, a receiver that
// is down retried until it is up, send() never blocking the caller even when the receiver
// stalls, and the webhook's secret path never in a log line.
#include "notify/WebhookNotifier.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <sstream>

using namespace enclii::notify;

namespace {

// Answers each POST with the next scripted status (200 once the script is used up), or holds
// the connection open without answering while `stall` is set.
class Receiver : public QObject
{
public:
    QList<int> script;
    bool stall = false;
    QList<QJsonObject> bodies; // every request received, in order
    QList<QByteArray> paths;

    quint16 listen(quint16 port = 0)
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection()) {
                connect(s, &QTcpSocket::readyRead, this, [this, s] { read(s); });
                connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
            }
        });
        m_server.listen(QHostAddress::LocalHost, port);
        return m_server.serverPort();
    }
    void close() { m_server.close(); }

private:
    void read(QTcpSocket *s)
    {
        QByteArray &buf = m_buffers[s];
        buf += s->readAll();
        const qsizetype end = buf.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        qsizetype length = 0;
        for (const QByteArray &line : buf.left(end).split('\n'))
            if (line.toLower().startsWith("content-length:"))
                length = line.mid(15).trimmed().toLongLong();
        if (buf.size() < end + 4 + length)
            return;
        paths << buf.left(buf.indexOf(' ', 5)).mid(5);
        bodies << QJsonDocument::fromJson(buf.mid(end + 4, length)).object();
        buf.clear();
        if (stall)
            return;
        const int status = script.isEmpty() ? 200 : script.takeFirst();
        QByteArray reply = "HTTP/1.1 " + QByteArray::number(status) + " X\r\nContent-Length: 2\r\n";
        if (status == 429)
            reply += "Retry-After: 0\r\n";
        s->write(reply + "\r\nok");
    }

    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

WebhookNotifier::Options options(quint16 port)
{
    WebhookNotifier::Options o;
    o.url = QUrl(QStringLiteral("http://127.0.0.1:%1/services/T000/B000/s3cr3tT0ken").arg(port));
    o.initialBackoffMs = 50;
    o.maxBackoffMs = 400;
    o.maxAttempts = 4;
    o.timeoutMs = 2000;
    return o;
}

} // namespace

class TestWebhookNotifier : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(m_log);
        spdlog::set_default_logger(std::make_shared<spdlog::logger>("test", sink));
    }

    void postsTheSlackPayloadInOrder()
    {
        Receiver r;
        WebhookNotifier n(options(r.listen()));
        n.send(Message::withFields(QStringLiteral("Rollout #1 of web promoted."), {{QStringLiteral("Service"), QStringLiteral("web")}}));
        n.send({QStringLiteral("second"), {}});
        QTRY_COMPARE(n.delivered(), 2);
        QCOMPARE(r.bodies.size(), 2);
        QCOMPARE(r.paths.first(), QByteArray("/services/T000/B000/s3cr3tT0ken"));
        const QJsonObject first = r.bodies.first();
        QCOMPARE(first.value("text").toString(), QStringLiteral("Rollout #1 of web promoted."));
        const QJsonArray blocks = first.value("blocks").toArray();
        QCOMPARE(blocks.size(), 2);
        QCOMPARE(blocks[0].toObject().value("type").toString(), QStringLiteral("section"));
        QCOMPARE(blocks[1].toObject().value("fields").toArray().first().toObject().value("text").toString(), QStringLiteral("*Service*\nweb"));
        QCOMPARE(r.bodies.last().value("text").toString(), QStringLiteral("second"));
        QVERIFY(!r.bodies.last().contains("blocks"));
    }

    void serverErrorsAndThrottlingAreRetried()
    {
        Receiver r;
        r.script = {500, 503, 429};
        WebhookNotifier n(options(r.listen()));
        n.send({QStringLiteral("keeps trying"), {}});
        n.send({QStringLiteral("behind it"), {}});
        QTRY_COMPARE(n.delivered(), 2);
        QCOMPARE(r.bodies.size(), 5); // three refusals of the first, then both
        QCOMPARE(r.bodies[3].value("text").toString(), QStringLiteral("keeps trying"));
        QCOMPARE(r.bodies[4].value("text").toString(), QStringLiteral("behind it"));
        QCOMPARE(n.dropped(), 0);
    }

    void aRefusalIsDroppedAndTheQueueMovesOn()
    {
        Receiver r;
        r.script = {404};
        WebhookNotifier n(options(r.listen()));
        n.send({QStringLiteral("refused"), {}});
        n.send({QStringLiteral("next"), {}});
        QTRY_COMPARE(n.delivered(), 1);
        QCOMPARE(n.dropped(), 1);
        QCOMPARE(r.bodies.size(), 2);
        QCOMPARE(n.queued(), 0);
    }

    void aReceiverThatIsDownIsRetriedUntilItIsUp()
    {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        const quint16 port = probe.serverPort();
        probe.close();
        WebhookNotifier n(options(port));
        n.send({QStringLiteral("patience"), {}});
        QTest::qWait(120); // a refused attempt or two
        QCOMPARE(n.delivered(), 0);
        Receiver r;
        QCOMPARE(r.listen(port), port);
        QTRY_COMPARE_WITH_TIMEOUT(n.delivered(), 1, 5000);
        QCOMPARE(r.bodies.first().value("text").toString(), QStringLiteral("patience"));
    }

    void sendNeverBlocksEvenWhenTheReceiverStalls()
    {
        Receiver r;
        r.stall = true;
        WebhookNotifier::Options o = options(r.listen());
        o.maxQueued = 5;
        WebhookNotifier n(o);
        QElapsedTimer t;
        t.start();
        for (int i = 0; i < 20; ++i)
            n.send({QStringLiteral("m%1").arg(i), {}});
        QVERIFY(t.elapsed() < 100);
        QCOMPARE(n.queued(), 5); // bounded: the oldest waiting ones went
        QCOMPARE(n.dropped(), 15);
    }

    void theWebhookSecretIsNeverLogged()
    {
        QCOMPARE(WebhookNotifier::redacted(QUrl(QStringLiteral("https://hooks.slack.com/services/T0/B0/secret"))),
                 QStringLiteral("https://hooks.slack.com/…"));
        const std::string log = m_log.str();
        QVERIFY(log.find("127.0.0.1") != std::string::npos); // the failures above were logged...
        QVERIFY(log.find("s3cr3tT0ken") == std::string::npos); // ...without the secret path
        QVERIFY(log.find("/services/") == std::string::npos);
    }

private:
    std::ostringstream m_log;
};

QTEST_GUILESS_MAIN(TestWebhookNotifier)
#include "tst_webhooknotifier.moc"
