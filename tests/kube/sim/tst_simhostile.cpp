// Hostile and malformed input: every refusal is a meta/v1 Status with the right code, the
// server never crashes or hangs, and one bad client does not hold up the others.
#include "SimFixture.h"

#include <QElapsedTimer>
#include <QTcpSocket>

using namespace enclii::test;

namespace {

const QString kConfigMaps = QStringLiteral("/api/v1/namespaces/hostile/configmaps");

// Sends raw bytes and reads until the server closes or `responses` status lines came back.
QByteArray rawTalk(quint16 port, const QByteArray &bytes, int responses = 1, int timeoutMs = 5000)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(3000))
        return {};
    socket.write(bytes);
    QByteArray answer;
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < timeoutMs && socket.state() == QAbstractSocket::ConnectedState
           && answer.count("HTTP/1.1 ") < responses) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        socket.waitForReadyRead(20);
        answer += socket.readAll();
    }
    // A response's body may trail its head in a later segment.
    QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    socket.waitForReadyRead(50);
    answer += socket.readAll();
    return answer;
}

void expectStatus(const HttpResult &r, int code, const QString &reason)
{
    QCOMPARE(r.status, code);
    const QJsonObject s = r.json();
    QCOMPARE(s.value("kind").toString(), QStringLiteral("Status"));
    QCOMPARE(s.value("status").toString(), QStringLiteral("Failure"));
    QCOMPARE(s.value("code").toInt(), code);
    QCOMPARE(s.value("reason").toString(), reason);
}

} // namespace

class TestSimHostile : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        m_sim = std::make_unique<SimFixture>();
        m_sim->createNamespace("hostile");
    }
    void cleanupTestCase() { m_sim.reset(); }

    void malformedBodies()
    {
        expectStatus(httpRequest(m_sim->base + kConfigMaps, "POST", "{not json", "application/json"), 400, "BadRequest");
        expectStatus(httpRequest(m_sim->base + kConfigMaps, "POST", "[1,2,3]", "application/json"), 400, "BadRequest");
        expectStatus(httpRequest(m_sim->base + kConfigMaps, "POST", QByteArray(1000, '['), "application/json"), 400, "BadRequest");
        expectStatus(httpRequest(m_sim->base + kConfigMaps, "POST", QByteArray("\xff\xfe\x00\x01", 4), "application/json"), 400, "BadRequest");
        // A YAML alias bomb in an apply configuration.
        const QByteArray bomb = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\ndata: &a {x: &b [*a, *a]}\n";
        expectStatus(m_sim->apply(kConfigMaps + "/b", bomb, "attacker"), 400, "BadRequest");
        expectStatus(m_sim->apply(kConfigMaps + "/b", "- just\n- a list\n", "attacker"), 400, "BadRequest");
        expectStatus(m_sim->apply(kConfigMaps + "/b", "a: [unclosed\n", "attacker"), 400, "BadRequest");
    }

    void invalidObjects()
    {
        const HttpResult upper = m_sim->create(kConfigMaps, {{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", QJsonObject{{"name", "Bad_Name"}}}});
        expectStatus(upper, 422, "Invalid");
        QCOMPARE(at(upper.json(), "details.causes").toArray().first().toObject().value("field").toString(), QStringLiteral("metadata.name"));
        const HttpResult noName = m_sim->create(kConfigMaps, {{"apiVersion", "v1"}, {"kind", "ConfigMap"}});
        expectStatus(noName, 422, "Invalid");
        QCOMPARE(at(noName.json(), "details.causes").toArray().first().toObject().value("reason").toString(), QStringLiteral("FieldValueRequired"));
        expectStatus(m_sim->create(kConfigMaps, {{"apiVersion", "apps/v1"}, {"kind", "Deployment"}, {"metadata", QJsonObject{{"name", "x"}}}}),
                     400, "BadRequest");
        expectStatus(m_sim->create(kConfigMaps, {{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", QJsonObject{{"name", "x"}, {"namespace", "other"}}}}),
                     400, "BadRequest");
        expectStatus(m_sim->create(kConfigMaps, {{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", QJsonObject{{"name", "x"}, {"labels", QJsonObject{{"bad key!", "v"}}}}}}),
                     422, "Invalid");
        const QJsonObject pod{{"apiVersion", "v1"}, {"kind", "Pod"}, {"metadata", QJsonObject{{"name", "p"}}},
                              {"spec", QJsonObject{{"containers", QJsonArray{QJsonObject{{"name", "c"}}, QJsonObject{{"name", "c"}, {"image", "x"}}}}}}};
        const HttpResult badPod = m_sim->create("/api/v1/namespaces/hostile/pods", pod);
        expectStatus(badPod, 422, "Invalid");
        QCOMPARE(at(badPod.json(), "details.causes").toArray().size(), 2); // missing image, duplicate name
        QCOMPARE(m_sim->create(kConfigMaps, {{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", QJsonObject{{"name", "ok"}}}}).status, 201);
        expectStatus(m_sim->create(kConfigMaps, {{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", QJsonObject{{"name", "ok"}}}}), 409, "AlreadyExists");
    }

    void unknownPathsKindsAndMethods()
    {
        expectStatus(m_sim->get("/apis/widgets.example.com/v1/namespaces/hostile/widgets"), 404, "NotFound");
        expectStatus(m_sim->get("/api/v1/namespaces/hostile/widgets"), 404, "NotFound");
        expectStatus(m_sim->get("/api/v2/pods"), 404, "NotFound");
        expectStatus(m_sim->get("/nothing/here"), 404, "NotFound");
        expectStatus(m_sim->get("/api/v1/namespaces/hostile/configmaps/ok/status"), 404, "NotFound");
        expectStatus(m_sim->get(kConfigMaps + "/missing"), 404, "NotFound");
        expectStatus(httpRequest(m_sim->base + kConfigMaps, "BREW"), 405, "MethodNotAllowed");
        expectStatus(m_sim->get(kConfigMaps + "?limit=-1"), 400, "BadRequest");
        expectStatus(m_sim->get(kConfigMaps + "?watch=1&resourceVersion=abc"), 400, "BadRequest");
        QString huge = QStringLiteral("a=b");
        for (int i = 0; i < 100; ++i)
            huge += QStringLiteral(",k%1=v").arg(i);
        expectStatus(m_sim->get(kConfigMaps + "?labelSelector=" + huge), 400, "BadRequest");
        const HttpResult protobuf = httpRequest(m_sim->base + kConfigMaps, "GET", {}, {}, {{"Accept", "application/vnd.kubernetes.protobuf"}});
        expectStatus(protobuf, 406, "NotAcceptable");
    }

    void oversizedAndBrokenFraming()
    {
        const QByteArray big = rawTalk(m_sim->port, "POST /api/v1/namespaces/hostile/configmaps HTTP/1.1\r\nHost: x\r\n"
                                                    "Content-Type: application/json\r\nContent-Length: 4194304\r\n\r\n{\"a\":");
        QVERIFY2(big.startsWith("HTTP/1.1 413 "), big.left(200).constData());
        QVERIFY(big.contains("\"reason\":\"RequestEntityTooLarge\""));

        const QByteArray chunked = rawTalk(m_sim->port, "POST /api/v1/namespaces/hostile/configmaps HTTP/1.1\r\nHost: x\r\n"
                                                        "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
        QVERIFY2(chunked.startsWith("HTTP/1.1 411 "), chunked.left(200).constData());

        const QByteArray longHead = rawTalk(m_sim->port, "GET /version HTTP/1.1\r\nX-Filler: " + QByteArray(70 * 1024, 'a') + "\r\n\r\n");
        QVERIFY2(longHead.startsWith("HTTP/1.1 431 "), longHead.left(200).constData());

        const QByteArray garbage = rawTalk(m_sim->port, "\x16\x03\x01 garbage that is not http\r\n\r\n");
        QVERIFY2(garbage.startsWith("HTTP/1.1 400 "), garbage.left(200).constData());
    }

    void keepAliveAndPipelining()
    {
        const QByteArray two = rawTalk(m_sim->port, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /version HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 2);
        QCOMPARE(two.count("HTTP/1.1 200 OK"), 2);
        QVERIFY(two.contains("enclii-sim"));
    }

    void aStalledClientDoesNotBlockOthers()
    {
        QTcpSocket stalled;
        stalled.connectToHost(QHostAddress::LocalHost, m_sim->port);
        QVERIFY(stalled.waitForConnected(3000));
        stalled.write("POST /api/v1/namespaces/hostile/configmaps HTTP/1.1\r\nContent-Length: 100\r\n\r\n{\"half");
        stalled.flush();
        QElapsedTimer t;
        t.start();
        const HttpResult r = m_sim->get("/healthz");
        QCOMPARE(r.status, 200);
        QVERIFY(t.elapsed() < 2000);
        QCOMPARE(m_sim->get(kConfigMaps + "/ok").status, 200);
    }

private:
    std::unique_ptr<SimFixture> m_sim;
};

QTEST_GUILESS_MAIN(TestSimHostile)
#include "tst_simhostile.moc"
