// RegistryClient against a scripted HTTP server: the behaviours a real docker-registry
// will not show on demand (5xx, 429 + Retry-After, hangs, relative Locations, paginated
// tags, redirects to storage, a native referrers API, lying content).

#include "oci/registry/RegistryClient.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

#include <functional>

using namespace enclii::oci;

namespace {

QString sha256(const QByteArray &data)
{
    return QLatin1String("sha256:") + QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
}

struct Request
{
    QByteArray method;
    QByteArray target; // path?query as sent
    QMap<QByteArray, QByteArray> headers; // lower-case names
    QByteArray body;

    QByteArray path() const { return target.left(target.indexOf('?') < 0 ? target.size() : target.indexOf('?')); }
    QUrlQuery query() const { return QUrlQuery(QString::fromLatin1(target.mid(target.indexOf('?') + 1))); }
};

struct Reply
{
    int status = 200;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    bool hang = false; // never answer
};

Reply errorReply(int status, const QByteArray &code, const QByteArray &message)
{
    return {status, {{"Content-Type", "application/json"}},
            R"({"errors":[{"code":")" + code + R"(","message":")" + message + R"(","detail":{"why":"scripted"}}]})", false};
}

// One request per connection (Connection: close), answered by a handler.
class ScriptedServer : public QObject
{
public:
    explicit ScriptedServer(std::function<Reply(const Request &)> handler)
        : m_handler(std::move(handler))
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                socket->setParent(this);
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onData(socket); });
            }
        });
    }
    QString address() const { return QStringLiteral("127.0.0.1:%1").arg(m_server.serverPort()); }
    QList<Request> requests;

private:
    void onData(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        Request req;
        const QList<QByteArray> lines = buffer.left(end).split('\n');
        const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
        req.method = first.value(0);
        req.target = first.value(1);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            if (colon > 0)
                req.headers.insert(lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed());
        }
        const qsizetype length = req.headers.value("content-length").toLongLong();
        if (buffer.size() < end + 4 + length)
            return;
        req.body = buffer.mid(end + 4, length);
        m_buffers.remove(socket);
        requests.append(req);
        const Reply reply = m_handler(req);
        if (reply.hang)
            return;
        QByteArray out = "HTTP/1.1 " + QByteArray::number(reply.status) + " Scripted\r\n";
        bool hasLength = false;
        for (const auto &[k, v] : reply.headers) {
            out += k + ": " + v + "\r\n";
            hasLength = hasLength || k.toLower() == "content-length";
        }
        if (!hasLength)
            out += "Content-Length: " + QByteArray::number(reply.body.size()) + "\r\n";
        out += "Connection: close\r\n\r\n";
        if (req.method != "HEAD")
            out += reply.body;
        socket->write(out);
        socket->disconnectFromHost();
    }

    QTcpServer m_server;
    std::function<Reply(const Request &)> m_handler;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

RegistryClient::Options fastOptions(const ScriptedServer &server)
{
    RegistryClient::Options o;
    o.registry = server.address();
    o.retry.maxAttempts = 3;
    o.retry.initialBackoffMs = 20;
    o.retry.maxBackoffMs = 100;
    return o;
}

} // namespace

class TestRegistryTransport : public QObject
{
    Q_OBJECT

private slots:
    void retriesServerErrorsThenSucceeds();
    void retriesAreBounded();
    void honoursRetryAfter();
    void neverRetriesClientErrors();
    void timesOut();
    void uploadFollowsRelativeLocations();
    void chunkedUploadResumesAfterServerError();
    void listTagsFollowsLinkPages();
    void basicAuthAndRedirectWithoutCredentials();
    void errorsNeverCarryCredentials();
    void lyingContentIsRefused();
    void nativeReferrersApi();
    void configurationChecked();
};

void TestRegistryTransport::retriesServerErrorsThenSucceeds()
{
    int calls = 0;
    ScriptedServer server([&](const Request &) { return ++calls < 3 ? errorReply(503, "UNAVAILABLE", "busy") : Reply{}; });
    RegistryClient client(fastOptions(server));
    const RegistryResult<void> r = client.ping();
    QVERIFY2(r.ok(), qPrintable(r.error().toString()));
    QCOMPARE(server.requests.size(), 3);
}

void TestRegistryTransport::retriesAreBounded()
{
    ScriptedServer server([](const Request &) { return errorReply(500, "INTERNAL", "storage down"); });
    RegistryClient client(fastOptions(server));
    const RegistryResult<bool> r = client.blobExists(QStringLiteral("app"), sha256("x"));
    QVERIFY(!r.ok());
    QCOMPARE(server.requests.size(), 3);
    QCOMPARE(r.error().attempts, 3);
    QCOMPARE(r.error().httpStatus, 500);
    QVERIFY(r.error().isTransient());
    // HEAD answers carry no body, so no registry code here; the text still says it all.
    const QString text = r.error().toString();
    QVERIFY2(text.contains(QLatin1String("HEAD http://") + server.address()), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("HTTP 500")) && text.contains(QLatin1String("after 3 attempts")), qPrintable(text));

    ScriptedServer withBody([](const Request &) { return errorReply(502, "BAD_GATEWAY", "upstream"); });
    RegistryClient client2(fastOptions(withBody));
    const RegistryResult<QStringList> tags = client2.listTags(QStringLiteral("app"));
    QVERIFY(!tags.ok());
    QVERIFY(tags.error().hasCode(QStringLiteral("BAD_GATEWAY")));
    QCOMPARE(tags.error().registryErrors.first().detail, QStringLiteral("{\"why\":\"scripted\"}"));
}

void TestRegistryTransport::honoursRetryAfter()
{
    int calls = 0;
    ScriptedServer server([&](const Request &) {
        Reply r = errorReply(429, "TOOMANYREQUESTS", "slow down");
        r.headers.append(qMakePair(QByteArray("Retry-After"), QByteArray("1")));
        return ++calls == 1 ? r : Reply{};
    });
    RegistryClient client(fastOptions(server));
    QElapsedTimer timer;
    timer.start();
    QVERIFY(client.ping().ok());
    QVERIFY2(timer.elapsed() >= 950, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(server.requests.size(), 2);

    ScriptedServer tooLong([](const Request &) {
        Reply r = errorReply(429, "TOOMANYREQUESTS", "come back tomorrow");
        r.headers.append(qMakePair(QByteArray("Retry-After"), QByteArray("86400")));
        return r;
    });
    RegistryClient impatient(fastOptions(tooLong));
    const RegistryResult<void> r = impatient.ping();
    QVERIFY(!r.ok());
    QCOMPARE(tooLong.requests.size(), 1);
    QCOMPARE(r.error().httpStatus, 429);
    QVERIFY2(r.error().message.contains(QLatin1String("retry after")), qPrintable(r.error().toString()));
}

void TestRegistryTransport::neverRetriesClientErrors()
{
    for (const int status : {400, 403, 404, 405}) {
        ScriptedServer server([&](const Request &) { return errorReply(status, "DENIED", "no"); });
        RegistryClient client(fastOptions(server));
        const RegistryResult<QStringList> r = client.listTags(QStringLiteral("app"));
        QVERIFY(!r.ok());
        QCOMPARE(server.requests.size(), 1);
        QCOMPARE(r.error().httpStatus, status);
        QCOMPARE(r.error().attempts, 1);
        QVERIFY(!r.error().isTransient());
        QCOMPARE(r.error().kind, status == 403 ? RegistryError::Kind::Unauthorized
                                 : status == 404 ? RegistryError::Kind::NotFound
                                                 : RegistryError::Kind::Http);
    }
}

void TestRegistryTransport::timesOut()
{
    ScriptedServer server([](const Request &) { return Reply{200, {}, {}, true}; });
    RegistryClient::Options o = fastOptions(server);
    o.requestTimeoutMs = 300;
    o.retry.maxAttempts = 2;
    RegistryClient client(o);
    QElapsedTimer timer;
    timer.start();
    const RegistryResult<void> r = client.ping();
    QVERIFY(!r.ok());
    QCOMPARE(r.error().kind, RegistryError::Kind::Timeout);
    QCOMPARE(server.requests.size(), 2);
    QVERIFY2(timer.elapsed() >= 550, qPrintable(QString::number(timer.elapsed()))); // coarse timers may fire 5% early
    QVERIFY2(r.error().message.contains(QLatin1String("300 ms")), qPrintable(r.error().toString()));
}

// A registry that answers upload steps with relative Locations and keeps the bytes.
struct UploadScript
{
    QByteArray received;
    QByteArray committedDigest;
    int sessions = 0;
    int failPatchNumber = -1; // answer that PATCH (1-based) with a 500 after storing half of it
    int patches = 0;

    Reply operator()(const Request &req)
    {
        const QByteArray path = req.path();
        if (req.method == "HEAD")
            return Reply{committedDigest.isEmpty() ? 404 : 200, {}, {}, false};
        if (req.method == "POST") {
            ++sessions;
            received.clear();
            return Reply{202, {{"Location", "/v2/app/blobs/uploads/s" + QByteArray::number(sessions) + "?_state=0"}}, {}, false};
        }
        if (req.method == "PATCH") {
            ++patches;
            const QList<QByteArray> range = req.headers.value("content-range").split('-');
            if (range.value(0).toLongLong() != received.size())
                return errorReply(416, "BLOB_UPLOAD_INVALID", "bad offset");
            if (patches == failPatchNumber) {
                received += req.body.left(req.body.size() / 2);
                return errorReply(500, "INTERNAL", "disk hiccup");
            }
            received += req.body;
            return Reply{202,
                         {{"Location", path + "?_state=" + QByteArray::number(received.size())},
                          {"Range", "0-" + QByteArray::number(received.size() - 1)}},
                         {},
                         false};
        }
        if (req.method == "GET" && path.contains("/uploads/")) // status of the session
            return Reply{204,
                         {{"Location", path + "?_state=" + QByteArray::number(received.size())},
                          {"Range", "0-" + QByteArray::number(received.size() - 1)}},
                         {},
                         false};
        if (req.method == "PUT") {
            received += req.body;
            const QByteArray digest = req.query().queryItemValue(QStringLiteral("digest"), QUrl::FullyDecoded).toLatin1();
            if (sha256(received).toLatin1() != digest)
                return errorReply(400, "DIGEST_INVALID", "mismatch");
            committedDigest = digest;
            return Reply{201, {{"Docker-Content-Digest", digest}, {"Location", "/v2/app/blobs/" + digest}}, {}, false};
        }
        return errorReply(405, "UNSUPPORTED", "unexpected");
    }
};

void TestRegistryTransport::uploadFollowsRelativeLocations()
{
    UploadScript script;
    ScriptedServer server(std::ref(script));
    RegistryClient client(fastOptions(server));
    const QByteArray data(5000, 'm');
    const RegistryResult<RegistryClient::PushedBlob> mono = client.pushBlobData(QStringLiteral("app"), data);
    QVERIFY2(mono.ok(), qPrintable(mono.error().toString()));
    QCOMPARE(script.received, data);
    const Request &put = server.requests.last();
    QCOMPARE(put.method, QByteArray("PUT"));
    QVERIFY2(put.target.startsWith("/v2/app/blobs/uploads/s1?_state=0&digest=sha256"), put.target.constData());

    UploadScript chunkScript;
    ScriptedServer chunkServer(std::ref(chunkScript));
    RegistryClient::Options o = fastOptions(chunkServer);
    o.chunkSize = 1000;
    RegistryClient chunked(o);
    RegistryClient::PushOptions push;
    push.mode = RegistryClient::UploadMode::Chunked;
    const QByteArray data2(4500, 'c');
    const RegistryResult<RegistryClient::PushedBlob> r = chunked.pushBlobData(QStringLiteral("app"), data2, push);
    QVERIFY2(r.ok(), qPrintable(r.error().toString()));
    QCOMPARE(chunkScript.received, data2);
    QCOMPARE(chunkScript.patches, 5);
    // Each PATCH went to the Location the previous answer gave.
    QList<QByteArray> targets;
    for (const Request &req : chunkServer.requests)
        if (req.method == "PATCH")
            targets << req.target;
    QCOMPARE(targets.value(1), QByteArray("/v2/app/blobs/uploads/s1?_state=1000"));
    QCOMPARE(targets.value(4), QByteArray("/v2/app/blobs/uploads/s1?_state=4000"));
}

void TestRegistryTransport::chunkedUploadResumesAfterServerError()
{
    UploadScript script;
    script.failPatchNumber = 2;
    ScriptedServer server(std::ref(script));
    RegistryClient::Options o = fastOptions(server);
    o.chunkSize = 1000;
    RegistryClient client(o);
    RegistryClient::PushOptions push;
    push.mode = RegistryClient::UploadMode::Chunked;
    QByteArray data;
    for (int i = 0; i < 3500; ++i)
        data.append(char('a' + i % 26));
    const RegistryResult<RegistryClient::PushedBlob> r = client.pushBlobData(QStringLiteral("app"), data, push);
    QVERIFY2(r.ok(), qPrintable(r.error().toString()));
    QCOMPARE(script.received, data);
    QCOMPARE(script.sessions, 1); // resumed from the reported offset, not restarted
    bool askedStatus = false;
    for (const Request &req : server.requests)
        askedStatus = askedStatus || (req.method == "GET" && req.path().contains("/uploads/"));
    QVERIFY(askedStatus);
}

void TestRegistryTransport::listTagsFollowsLinkPages()
{
    ScriptedServer server([](const Request &req) {
        const QString last = req.query().queryItemValue(QStringLiteral("last"));
        Reply r;
        r.headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
        if (last.isEmpty()) {
            r.body = R"({"name":"app","tags":["a","b"]})";
            r.headers.append(qMakePair(QByteArray("Link"), QByteArray(R"(</v2/app/tags/list?last=b&n=2>; rel="next")")));
        } else if (last == QLatin1String("b")) {
            r.body = R"({"name":"app","tags":["c","d"]})";
            r.headers.append(qMakePair(QByteArray("Link"), QByteArray(R"(</v2/app/tags/list?last=d&n=2>; rel="next")")));
        } else {
            r.body = R"({"name":"app","tags":["e"]})";
        }
        return r;
    });
    RegistryClient client(fastOptions(server));
    const RegistryResult<QStringList> tags = client.listTags(QStringLiteral("app"), 2);
    QVERIFY2(tags.ok(), qPrintable(tags.error().toString()));
    QCOMPARE(tags.value(), (QStringList{"a", "b", "c", "d", "e"}));
    QCOMPARE(server.requests.size(), 3);
    QCOMPARE(server.requests.first().target, QByteArray("/v2/app/tags/list?n=2"));

    const RegistryResult<QStringList> capped = client.listTags(QStringLiteral("app"), 2, 3);
    QVERIFY(!capped.ok());
    QVERIFY(capped.error().message.contains(QLatin1String("more than 3 tags")));

    ScriptedServer elsewhere([](const Request &) {
        return Reply{200, {{"Link", R"(<http://198.51.100.7/v2/app/tags/list?last=b>; rel="next")"}},
                     R"({"tags":["a"]})", false};
    });
    RegistryClient client2(fastOptions(elsewhere));
    const RegistryResult<QStringList> leaving = client2.listTags(QStringLiteral("app"));
    QVERIFY(!leaving.ok());
    QVERIFY(leaving.error().message.contains(QLatin1String("leaves the registry")));
    QCOMPARE(elsewhere.requests.size(), 1);
}

void TestRegistryTransport::basicAuthAndRedirectWithoutCredentials()
{
    const QByteArray blob = "layer bytes from storage";
    ScriptedServer storage([&](const Request &) { return Reply{200, {}, blob, false}; });
    const QByteArray expectedAuth = "Basic " + QByteArray("ci:s3cret").toBase64();
    ScriptedServer registry([&](const Request &req) {
        if (req.headers.value("authorization") != expectedAuth)
            return Reply{401, {{"WWW-Authenticate", R"(Basic realm="Registry")"}}, {}, false};
        return Reply{307, {{"Location", "http://" + storage.address().toLatin1() + "/bucket/blob?sig=abc"}}, {}, false};
    });
    RegistryClient::Options o = fastOptions(registry);
    o.credentials = {QStringLiteral("ci"), QStringLiteral("s3cret")};
    RegistryClient client(o);
    const RegistryResult<QByteArray> pulled = client.pullBlob(QStringLiteral("app"), sha256(blob));
    QVERIFY2(pulled.ok(), qPrintable(pulled.error().toString()));
    QCOMPARE(pulled.value(), blob);
    QCOMPARE(registry.requests.size(), 2); // challenge, then with Basic
    QCOMPARE(storage.requests.size(), 1);
    QVERIFY2(!storage.requests.first().headers.contains("authorization"), "credentials stay with the registry");
    QCOMPARE(storage.requests.first().target, QByteArray("/bucket/blob?sig=abc"));
}

void TestRegistryTransport::errorsNeverCarryCredentials()
{
    ScriptedServer registry([](const Request &) {
        return Reply{401, {{"WWW-Authenticate", R"(Basic realm="Registry")"}},
                     R"({"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]})", false};
    });
    RegistryClient::Options o = fastOptions(registry);
    const QString password = QStringLiteral("hunter2-very-secret");
    o.credentials = {QStringLiteral("ci"), password};
    RegistryClient client(o);
    const RegistryResult<void> r = client.ping();
    QVERIFY(!r.ok());
    QCOMPARE(r.error().kind, RegistryError::Kind::Unauthorized);
    QVERIFY(r.error().hasCode(QStringLiteral("UNAUTHORIZED")));
    const QString text = r.error().toString();
    QVERIFY2(!text.contains(password), qPrintable(text));
    QVERIFY2(!text.contains(QString::fromLatin1(("ci:" + password).toUtf8().toBase64())), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("refused the credentials")), qPrintable(text));
    QCOMPARE(registry.requests.size(), 2); // one retry with credentials, not more
}

void TestRegistryTransport::lyingContentIsRefused()
{
    const QByteArray claimed = "what was asked for";
    ScriptedServer server([](const Request &req) {
        if (req.path().contains("/manifests/"))
            return Reply{200, {{"Content-Type", RegistryMediaType::OciManifest}}, R"({"schemaVersion":2})", false};
        return Reply{200, {}, "something else entirely", false};
    });
    RegistryClient client(fastOptions(server));
    QTemporaryDir dir;
    const QString target = dir.filePath(QStringLiteral("blob"));
    const RegistryResult<qint64> r = client.pullBlobToFile(QStringLiteral("app"), sha256(claimed), target);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().kind, RegistryError::Kind::DigestMismatch);
    QVERIFY(!QFile::exists(target));
    QCOMPARE(client.pullBlob(QStringLiteral("app"), sha256(claimed)).error().kind, RegistryError::Kind::DigestMismatch);
    const RegistryResult<RegistryClient::Manifest> m = client.getManifest(QStringLiteral("app"), sha256(claimed));
    QVERIFY(!m.ok());
    QCOMPARE(m.error().kind, RegistryError::Kind::DigestMismatch);
    QCOMPARE(m.error().attempts, 1);
}

void TestRegistryTransport::nativeReferrersApi()
{
    const QString subject = sha256("subject");
    const QJsonObject sig{{QStringLiteral("mediaType"), QLatin1String(RegistryMediaType::OciManifest)},
                          {QStringLiteral("digest"), sha256("sig")},
                          {QStringLiteral("size"), 100},
                          {QStringLiteral("artifactType"), QStringLiteral("application/vnd.dev.sig")}};
    QJsonObject sbom = sig;
    sbom.insert(QStringLiteral("digest"), sha256("sbom"));
    sbom.insert(QStringLiteral("artifactType"), QStringLiteral("application/spdx+json"));
    const QByteArray index = QJsonDocument(QJsonObject{{QStringLiteral("schemaVersion"), 2},
                                                       {QStringLiteral("mediaType"), QLatin1String(RegistryMediaType::OciIndex)},
                                                       {QStringLiteral("manifests"), QJsonArray{sig, sbom}}})
                                 .toJson(QJsonDocument::Compact);
    ScriptedServer server([&](const Request &req) {
        if (req.path() == "/v2/app/referrers/" + subject.toLatin1())
            return Reply{200, {{"Content-Type", RegistryMediaType::OciIndex}}, index, false};
        return errorReply(404, "MANIFEST_UNKNOWN", "unknown");
    });
    RegistryClient client(fastOptions(server));
    // The server ignores the filter (no OCI-Filters-Applied): the client applies it.
    const RegistryResult<QList<OciDescriptor>> sboms = client.referrers(QStringLiteral("app"), subject,
                                                                        QStringLiteral("application/spdx+json"));
    QVERIFY2(sboms.ok(), qPrintable(sboms.error().toString()));
    QCOMPARE(sboms->size(), 1);
    QCOMPARE(sboms->first().digest, sha256("sbom"));
    QVERIFY(server.requests.first().target.contains("artifactType=application%2Fspdx%2Bjson"));
    QCOMPARE(client.referrers(QStringLiteral("app"), subject)->size(), 2);

    OciDescriptor d = *OciDescriptor::fromJson(sig);
    const int before = server.requests.size();
    QCOMPARE(client.addReferrer(QStringLiteral("app"), subject, d).value(), RegistryClient::ReferrerWrite::Native);
    QCOMPARE(server.requests.size(), before + 1); // nothing written
}

void TestRegistryTransport::configurationChecked()
{
    RegistryClient::Options plain;
    plain.registry = QStringLiteral("http://registry.example.com:5000");
    RegistryClient refused(plain);
    const RegistryResult<void> r = refused.ping();
    QCOMPARE(r.error().kind, RegistryError::Kind::InvalidArgument);
    QVERIFY2(r.error().message.contains(QLatin1String("insecure")), qPrintable(r.error().toString()));
    QVERIFY(refused.baseUrl().isEmpty());

    plain.insecure = true;
    QCOMPARE(RegistryClient(plain).baseUrl(), QUrl(QStringLiteral("http://registry.example.com:5000")));

    const QList<QPair<QString, QString>> bases{{"docker.io", "https://registry-1.docker.io"},
                                               {"ghcr.io", "https://ghcr.io"},
                                               {"localhost:5000", "http://localhost:5000"},
                                               {"127.0.0.1:5000", "http://127.0.0.1:5000"}};
    for (const auto &[registry, base] : bases) {
        RegistryClient::Options o;
        o.registry = registry;
        QCOMPARE(RegistryClient(o).baseUrl(), QUrl(base));
    }

    RegistryClient::Options withUser;
    withUser.registry = QStringLiteral("https://user:pw@ghcr.io");
    RegistryClient bad(withUser);
    const QString text = bad.ping().error().toString();
    QVERIFY2(!text.contains(QLatin1String("pw")), qPrintable(text));
}

QTEST_GUILESS_MAIN(TestRegistryTransport)
#include "tst_registrytransport.moc"
