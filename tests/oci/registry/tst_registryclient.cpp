// RegistryClient against a real docker-registry (TestRegistry): every operation, token
// auth, and the registry dying during a chunked upload.

#include "support/TestRegistry.h"

#include "oci/registry/RegistryClient.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QSemaphore>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>

using namespace enclii;
using namespace enclii::oci;

namespace {

QString sha256(const QByteArray &data)
{
    return QLatin1String("sha256:") + QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
}

QByteArray randomBytes(qsizetype size)
{
    QByteArray data(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < size; ++i)
        data[i] = char(QRandomGenerator::global()->generate() & 0xff);
    return data;
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// A one-file ustar archive, written out field by field (POSIX.1-1988 header).
QByteArray tarWithOneFile(const QByteArray &name, const QByteArray &content)
{
    QByteArray header(512, '\0');
    const auto put = [&header](int offset, const QByteArray &value) { header.replace(offset, value.size(), value); };
    put(0, name);
    put(100, "0000644");
    put(108, "0000000");
    put(116, "0000000");
    put(124, QByteArray::number(content.size(), 8).rightJustified(11, '0'));
    put(136, QByteArray::number(1700000000, 8).rightJustified(11, '0'));
    put(148, "        ");
    header[156] = '0';
    put(257, QByteArray("ustar\0", 6));
    put(263, "00");
    int sum = 0;
    for (const char c : header)
        sum += static_cast<unsigned char>(c);
    put(148, QByteArray::number(sum, 8).rightJustified(6, '0') + QByteArray("\0 ", 2));
    QByteArray tar = header + content;
    tar.append(QByteArray((512 - content.size() % 512) % 512, '\0'));
    tar.append(QByteArray(1024, '\0'));
    return tar;
}

QByteArray gzip(const QByteArray &data)
{
    QProcess p;
    p.start(QStringLiteral("gzip"), {QStringLiteral("-n"), QStringLiteral("-c")});
    p.write(data);
    p.closeWriteChannel();
    p.waitForFinished(30000);
    return p.readAllStandardOutput();
}

struct MinimalImage
{
    QByteArray layer;    // tar.gz
    QByteArray config;
    QByteArray manifest;
    QString layerDigest;
    QString configDigest;
    QString manifestDigest;
};

MinimalImage makeImage(const QByteArray &greeting, const QString &architecture = QStringLiteral("amd64"))
{
    MinimalImage image;
    const QByteArray tar = tarWithOneFile("hello.txt", greeting);
    image.layer = gzip(tar);
    image.layerDigest = sha256(image.layer);
    const QJsonObject config{
        {QStringLiteral("architecture"), architecture},
        {QStringLiteral("os"), QStringLiteral("linux")},
        {QStringLiteral("config"), QJsonObject{{QStringLiteral("Cmd"), QJsonArray{QStringLiteral("/hello")}}}},
        {QStringLiteral("rootfs"), QJsonObject{{QStringLiteral("type"), QStringLiteral("layers")},
                                               {QStringLiteral("diff_ids"), QJsonArray{sha256(tar)}}}}};
    image.config = QJsonDocument(config).toJson(QJsonDocument::Compact);
    image.configDigest = sha256(image.config);
    const QJsonObject manifest{
        {QStringLiteral("schemaVersion"), 2},
        {QStringLiteral("mediaType"), QLatin1String(RegistryMediaType::OciManifest)},
        {QStringLiteral("config"), QJsonObject{{QStringLiteral("mediaType"), QStringLiteral("application/vnd.oci.image.config.v1+json")},
                                               {QStringLiteral("digest"), image.configDigest},
                                               {QStringLiteral("size"), image.config.size()}}},
        {QStringLiteral("layers"), QJsonArray{QJsonObject{
                                       {QStringLiteral("mediaType"), QStringLiteral("application/vnd.oci.image.layer.v1.tar+gzip")},
                                       {QStringLiteral("digest"), image.layerDigest},
                                       {QStringLiteral("size"), image.layer.size()}}}}};
    image.manifest = QJsonDocument(manifest).toJson(QJsonDocument::Compact);
    image.manifestDigest = sha256(image.manifest);
    return image;
}

// Pushes blobs and manifest; returns the manifest digest or an empty string.
QString pushImage(RegistryClient &client, const QString &repo, const QString &tag, const MinimalImage &image)
{
    if (!client.pushBlobData(repo, image.layer).ok() || !client.pushBlobData(repo, image.config).ok())
        return {};
    RegistryResult<QString> put = client.putManifest(repo, tag, QLatin1String(RegistryMediaType::OciManifest), image.manifest);
    return put.ok() ? put.value() : QString();
}

} // namespace

class TestRegistryClient : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void ping();
    void smallBlobRoundTrip();
    void monolithicFilePush();
    void chunkedPushInSeveralChunks();
    void mountBetweenRepositories();
    void manifestByTagAndByDigest();
    void badDigestRefused();
    void unknownManifestNamesRegistryCode();
    void listTags();
    void indexResolvesToPlatform();
    void referrersFallbackRoundTrip();
    void skopeoSeesPushedImage();
    void clientBoundToItsThread();
    void bearerTokenAuth();
    void registryDownMidPushFails();
    void registryRestartedMidPushCompletes();

private:
    RegistryResult<RegistryClient::PushedBlob> pushOnWorker(const RegistryClient::Options &options, const QString &repo,
                                                            const QString &file, qint64 killAfter,
                                                            const std::function<void()> &onKilled);

    std::unique_ptr<test::TestRegistry> m_registry;
    std::unique_ptr<RegistryClient> m_client;
    QTemporaryDir m_dir;
};

void TestRegistryClient::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_registry = std::make_unique<test::TestRegistry>();
    QVERIFY2(m_registry->isValid(), qPrintable(m_registry->error()));
    m_client = std::make_unique<RegistryClient>(m_registry->clientOptions());
}

void TestRegistryClient::cleanupTestCase()
{
    m_client.reset();
    m_registry.reset();
}

void TestRegistryClient::ping()
{
    QCOMPARE(m_client->baseUrl(), m_registry->url());
    const RegistryResult<void> r = m_client->ping();
    QVERIFY2(r.ok(), qPrintable(r.error().toString()));

    RegistryClient::Options nowhere;
    nowhere.registry = QStringLiteral("127.0.0.1:1");
    nowhere.retry.maxAttempts = 2;
    nowhere.retry.initialBackoffMs = 10;
    RegistryClient down(nowhere);
    const RegistryResult<void> refused = down.ping();
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().kind, RegistryError::Kind::Network);
    QCOMPARE(refused.error().attempts, 2);
    QVERIFY2(refused.error().toString().contains(QLatin1String("127.0.0.1:1/v2/")), qPrintable(refused.error().toString()));
}

void TestRegistryClient::smallBlobRoundTrip()
{
    const QByteArray data = "{\"hello\":\"registry\"}";
    const QString digest = sha256(data);
    RegistryResult<bool> before = m_client->blobExists(QStringLiteral("small"), digest);
    QVERIFY2(before.ok(), qPrintable(before.error().toString()));
    QVERIFY(!before.value());

    RegistryResult<RegistryClient::PushedBlob> pushed = m_client->pushBlobData(QStringLiteral("small"), data);
    QVERIFY2(pushed.ok(), qPrintable(pushed.error().toString()));
    QCOMPARE(pushed->digest, digest);
    QCOMPARE(pushed->size, data.size());
    QVERIFY(!pushed->existed);
    QVERIFY(m_client->blobExists(QStringLiteral("small"), digest).value());

    RegistryResult<QByteArray> pulled = m_client->pullBlob(QStringLiteral("small"), digest);
    QVERIFY2(pulled.ok(), qPrintable(pulled.error().toString()));
    QCOMPARE(pulled.value(), data);

    RegistryResult<QByteArray> tooSmall = m_client->pullBlob(QStringLiteral("small"), digest, 4);
    QVERIFY(!tooSmall.ok());
    QCOMPARE(tooSmall.error().kind, RegistryError::Kind::Protocol);

    RegistryResult<RegistryClient::PushedBlob> again = m_client->pushBlobData(QStringLiteral("small"), data);
    QVERIFY(again.ok());
    QVERIFY(again->existed);
}

void TestRegistryClient::monolithicFilePush()
{
    const QByteArray data = randomBytes(200 * 1024);
    const QString path = m_dir.filePath(QStringLiteral("mono.bin"));
    QVERIFY(writeFile(path, data));
    RegistryClient::PushOptions options;
    options.mode = RegistryClient::UploadMode::Monolithic;
    qint64 lastDone = -1;
    options.progress = [&](qint64 done, qint64 total) {
        QCOMPARE(total, data.size());
        lastDone = done;
    };
    RegistryResult<RegistryClient::PushedBlob> pushed = m_client->pushBlob(QStringLiteral("files/mono"), path, {}, options);
    QVERIFY2(pushed.ok(), qPrintable(pushed.error().toString()));
    QCOMPARE(pushed->digest, sha256(data));
    QCOMPARE(lastDone, data.size());

    const QString target = m_dir.filePath(QStringLiteral("mono.pulled"));
    RegistryResult<qint64> pulled = m_client->pullBlobToFile(QStringLiteral("files/mono"), pushed->digest, target);
    QVERIFY2(pulled.ok(), qPrintable(pulled.error().toString()));
    QCOMPARE(pulled.value(), data.size());
    QCOMPARE(readFile(target), data);
}

void TestRegistryClient::chunkedPushInSeveralChunks()
{
    RegistryClient::Options o = m_registry->clientOptions();
    o.chunkSize = 64 * 1024;
    o.chunkThreshold = 100 * 1024;
    RegistryClient client(o);
    const QByteArray data = randomBytes(300 * 1024 + 17); // 5 chunks, the last one short
    const QString path = m_dir.filePath(QStringLiteral("chunked.bin"));
    QVERIFY(writeFile(path, data));
    QList<qint64> progress;
    RegistryClient::PushOptions options; // Auto: above the threshold, so chunked
    options.progress = [&](qint64 done, qint64) {
        if (progress.isEmpty() || progress.last() != done)
            progress.append(done);
    };
    RegistryResult<RegistryClient::PushedBlob> pushed = client.pushBlob(QStringLiteral("files/chunked"), path, {}, options);
    QVERIFY2(pushed.ok(), qPrintable(pushed.error().toString()));
    // Every chunk boundary was reported, in order, ending at the full size.
    for (qint64 boundary = 64 * 1024; boundary < data.size(); boundary += 64 * 1024)
        QVERIFY2(progress.contains(boundary), qPrintable(QString::number(boundary)));
    QCOMPARE(progress.last(), data.size());
    QVERIFY(std::is_sorted(progress.begin(), progress.end()));
    RegistryResult<QByteArray> pulled = client.pullBlob(QStringLiteral("files/chunked"), pushed->digest);
    QVERIFY2(pulled.ok(), qPrintable(pulled.error().toString()));
    QCOMPARE(pulled.value(), data);
}

void TestRegistryClient::mountBetweenRepositories()
{
    const QByteArray data = randomBytes(10 * 1024);
    RegistryResult<RegistryClient::PushedBlob> pushed = m_client->pushBlobData(QStringLiteral("mount/source"), data);
    QVERIFY2(pushed.ok(), qPrintable(pushed.error().toString()));

    RegistryResult<bool> mounted = m_client->mountBlob(QStringLiteral("mount/target"), pushed->digest,
                                                       QStringLiteral("mount/source"));
    QVERIFY2(mounted.ok(), qPrintable(mounted.error().toString()));
    QVERIFY(mounted.value());
    QVERIFY(m_client->blobExists(QStringLiteral("mount/target"), pushed->digest).value());

    // A blob the source does not have: declined (202), nothing left behind.
    RegistryResult<bool> declined = m_client->mountBlob(QStringLiteral("mount/target"), sha256("absent"),
                                                        QStringLiteral("mount/source"));
    QVERIFY2(declined.ok(), qPrintable(declined.error().toString()));
    QVERIFY(!declined.value());

    // pushBlob with mountFrom: mounted, not uploaded.
    RegistryClient::PushOptions viaMount;
    viaMount.mountFrom = QStringLiteral("mount/source");
    RegistryResult<RegistryClient::PushedBlob> third = m_client->pushBlobData(QStringLiteral("mount/third"), data, viaMount);
    QVERIFY2(third.ok(), qPrintable(third.error().toString()));
    QVERIFY(third->mounted);
    // And a declined mount falls back to uploading through the session the registry opened.
    const QByteArray fresh = randomBytes(4096);
    RegistryResult<RegistryClient::PushedBlob> fallback = m_client->pushBlobData(QStringLiteral("mount/third"), fresh, viaMount);
    QVERIFY2(fallback.ok(), qPrintable(fallback.error().toString()));
    QVERIFY(!fallback->mounted);
    QCOMPARE(m_client->pullBlob(QStringLiteral("mount/third"), fallback->digest).value(), fresh);
}

void TestRegistryClient::manifestByTagAndByDigest()
{
    const MinimalImage image = makeImage("by tag and digest\n");
    const QString digest = pushImage(*m_client, QStringLiteral("apps/web"), QStringLiteral("v1"), image);
    QCOMPARE(digest, image.manifestDigest);

    RegistryResult<RegistryClient::Manifest> byTag = m_client->getManifest(QStringLiteral("apps/web"), QStringLiteral("v1"));
    QVERIFY2(byTag.ok(), qPrintable(byTag.error().toString()));
    QCOMPARE(byTag->bytes, image.manifest);
    QCOMPARE(byTag->digest, image.manifestDigest);
    QCOMPARE(byTag->mediaType, QLatin1String(RegistryMediaType::OciManifest));
    QVERIFY(byTag->indexDigest.isEmpty());

    RegistryResult<RegistryClient::Manifest> byDigest = m_client->getManifest(QStringLiteral("apps/web"), digest);
    QVERIFY2(byDigest.ok(), qPrintable(byDigest.error().toString()));
    QCOMPARE(byDigest->bytes, image.manifest);

    RegistryResult<RegistryClient::ManifestInfo> head = m_client->headManifest(QStringLiteral("apps/web"), QStringLiteral("v1"));
    QVERIFY2(head.ok(), qPrintable(head.error().toString()));
    QCOMPARE(head->digest, digest);
    QCOMPARE(head->size, image.manifest.size());
    QCOMPARE(head->mediaType, QLatin1String(RegistryMediaType::OciManifest));

    // Put by digest: the digest it names is returned.
    RegistryResult<QString> byDigestPut = m_client->putManifest(QStringLiteral("apps/web"), digest,
                                                                QLatin1String(RegistryMediaType::OciManifest), image.manifest);
    QVERIFY2(byDigestPut.ok(), qPrintable(byDigestPut.error().toString()));
    QCOMPARE(byDigestPut.value(), digest);
}

void TestRegistryClient::badDigestRefused()
{
    // The registry refuses content that does not hash to the digest it is pushed under.
    const QString path = m_dir.filePath(QStringLiteral("liar.bin"));
    QVERIFY(writeFile(path, "actual content"));
    RegistryResult<RegistryClient::PushedBlob> lie = m_client->pushBlob(QStringLiteral("bad/digest"), path, sha256("other content"));
    QVERIFY(!lie.ok());
    QVERIFY2(lie.error().httpStatus == 400, qPrintable(lie.error().toString()));
    QVERIFY2(lie.error().hasCode(QStringLiteral("DIGEST_INVALID")), qPrintable(lie.error().toString()));
    QCOMPARE(lie.error().attempts, 1); // a 4xx is never retried

    // The client refuses a manifest put under a digest it does not have.
    RegistryResult<QString> wrong = m_client->putManifest(QStringLiteral("bad/digest"), sha256("x"),
                                                          QLatin1String(RegistryMediaType::OciManifest), "{}");
    QVERIFY(!wrong.ok());
    QCOMPARE(wrong.error().kind, RegistryError::Kind::InvalidArgument);

    // Malformed digests and repositories never reach the wire.
    QCOMPARE(m_client->pullBlob(QStringLiteral("bad/digest"), QStringLiteral("sha256:../../etc")).error().kind,
             RegistryError::Kind::InvalidArgument);
    QCOMPARE(m_client->blobExists(QStringLiteral("../admin"), sha256("x")).error().kind, RegistryError::Kind::InvalidArgument);
}

void TestRegistryClient::unknownManifestNamesRegistryCode()
{
    const MinimalImage image = makeImage("known\n");
    QVERIFY(!pushImage(*m_client, QStringLiteral("apps/known"), QStringLiteral("v1"), image).isEmpty());
    RegistryResult<RegistryClient::Manifest> missing = m_client->getManifest(QStringLiteral("apps/known"), QStringLiteral("nope"));
    QVERIFY(!missing.ok());
    const RegistryError &e = missing.error();
    QCOMPARE(e.kind, RegistryError::Kind::NotFound);
    QCOMPARE(e.httpStatus, 404);
    QVERIFY(e.hasCode(QStringLiteral("MANIFEST_UNKNOWN")));
    const QString text = e.toString();
    QVERIFY2(text.contains(QLatin1String("get manifest apps/known:nope")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("MANIFEST_UNKNOWN")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("/v2/apps/known/manifests/nope")), qPrintable(text));
    QCOMPARE(e.attempts, 1);

    RegistryResult<RegistryClient::ManifestInfo> head = m_client->headManifest(QStringLiteral("apps/known"), QStringLiteral("nope"));
    QVERIFY(!head.ok());
    QVERIFY(head.error().isNotFound());
}

void TestRegistryClient::listTags()
{
    const MinimalImage image = makeImage("tags\n");
    const QStringList tags{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("v1.2.3"),
                           QStringLiteral("latest")};
    for (const QString &tag : tags)
        QVERIFY(!pushImage(*m_client, QStringLiteral("apps/tagged"), tag, image).isEmpty());
    // docker-registry 2.8 ignores n= and does not paginate tags; the Link-following path
    // is covered against a scripted registry in tst_registrytransport.
    RegistryResult<QStringList> listed = m_client->listTags(QStringLiteral("apps/tagged"), 2);
    QVERIFY2(listed.ok(), qPrintable(listed.error().toString()));
    QStringList sorted = listed.value();
    sorted.sort();
    QStringList expected = tags;
    expected.sort();
    QCOMPARE(sorted, expected);

    RegistryResult<QStringList> unknown = m_client->listTags(QStringLiteral("apps/never-pushed"));
    QVERIFY(!unknown.ok());
    QVERIFY(unknown.error().hasCode(QStringLiteral("NAME_UNKNOWN")));
}

void TestRegistryClient::indexResolvesToPlatform()
{
    const MinimalImage amd = makeImage("amd64\n");
    const MinimalImage arm = makeImage("arm64\n", QStringLiteral("arm64"));
    QVERIFY(!pushImage(*m_client, QStringLiteral("apps/multi"), QStringLiteral("amd64"), amd).isEmpty());
    QVERIFY(!pushImage(*m_client, QStringLiteral("apps/multi"), QStringLiteral("arm64"), arm).isEmpty());
    const auto entry = [](const MinimalImage &image, const QString &arch) {
        return QJsonObject{{QStringLiteral("mediaType"), QLatin1String(RegistryMediaType::OciManifest)},
                           {QStringLiteral("digest"), image.manifestDigest},
                           {QStringLiteral("size"), image.manifest.size()},
                           {QStringLiteral("platform"), QJsonObject{{QStringLiteral("os"), QStringLiteral("linux")},
                                                                    {QStringLiteral("architecture"), arch}}}};
    };
    const QJsonObject index{{QStringLiteral("schemaVersion"), 2},
                            {QStringLiteral("mediaType"), QLatin1String(RegistryMediaType::OciIndex)},
                            {QStringLiteral("manifests"), QJsonArray{entry(arm, QStringLiteral("arm64")),
                                                                     entry(amd, QStringLiteral("amd64"))}}};
    const QByteArray indexBytes = QJsonDocument(index).toJson(QJsonDocument::Compact);
    RegistryResult<QString> put = m_client->putManifest(QStringLiteral("apps/multi"), QStringLiteral("v1"),
                                                        QLatin1String(RegistryMediaType::OciIndex), indexBytes);
    QVERIFY2(put.ok(), qPrintable(put.error().toString()));

    RegistryResult<RegistryClient::Manifest> resolved = m_client->getManifest(QStringLiteral("apps/multi"), QStringLiteral("v1"));
    QVERIFY2(resolved.ok(), qPrintable(resolved.error().toString()));
    QCOMPARE(resolved->digest, amd.manifestDigest);
    QCOMPARE(resolved->indexDigest, put.value());

    RegistryResult<RegistryClient::Manifest> raw = m_client->getManifest(QStringLiteral("apps/multi"), QStringLiteral("v1"), {}, false);
    QVERIFY(raw.ok());
    QCOMPARE(raw->mediaType, QLatin1String(RegistryMediaType::OciIndex));
    QCOMPARE(raw->bytes, indexBytes);

    RegistryClient::Options armOptions = m_registry->clientOptions();
    armOptions.platformArchitecture = QStringLiteral("arm64");
    RegistryClient armClient(armOptions);
    QCOMPARE(armClient.getManifest(QStringLiteral("apps/multi"), QStringLiteral("v1"))->digest, arm.manifestDigest);

    RegistryClient::Options s390Options = m_registry->clientOptions();
    s390Options.platformArchitecture = QStringLiteral("s390x");
    RegistryClient s390(s390Options);
    RegistryResult<RegistryClient::Manifest> none = s390.getManifest(QStringLiteral("apps/multi"), QStringLiteral("v1"));
    QVERIFY(!none.ok());
    QVERIFY(none.error().isNotFound());
    QVERIFY2(none.error().message.contains(QLatin1String("linux/arm64, linux/amd64")), qPrintable(none.error().toString()));
}

void TestRegistryClient::referrersFallbackRoundTrip()
{
    const MinimalImage image = makeImage("signed\n");
    const QString subject = pushImage(*m_client, QStringLiteral("apps/signed"), QStringLiteral("v1"), image);
    QVERIFY(!subject.isEmpty());

    RegistryResult<QList<OciDescriptor>> none = m_client->referrers(QStringLiteral("apps/signed"), subject);
    QVERIFY2(none.ok(), qPrintable(none.error().toString()));
    QVERIFY(none->isEmpty());

    // Two artifacts about the image (a signature, an SBOM): empty config, one payload
    // layer, subject -> the image.
    const QByteArray empty = "{}";
    QVERIFY(m_client->pushBlobData(QStringLiteral("apps/signed"), empty).ok());
    const auto pushArtifact = [&](const QString &artifactType, const QByteArray &payload) {
        OciDescriptor d;
        if (!m_client->pushBlobData(QStringLiteral("apps/signed"), payload).ok())
            return d;
        const QJsonObject artifact{
            {QStringLiteral("schemaVersion"), 2},
            {QStringLiteral("mediaType"), QLatin1String(RegistryMediaType::OciManifest)},
            {QStringLiteral("artifactType"), artifactType},
            {QStringLiteral("config"), QJsonObject{{QStringLiteral("mediaType"), QLatin1String(RegistryMediaType::OciEmpty)},
                                                   {QStringLiteral("digest"), sha256(empty)},
                                                   {QStringLiteral("size"), 2}}},
            {QStringLiteral("layers"), QJsonArray{QJsonObject{{QStringLiteral("mediaType"), artifactType},
                                                              {QStringLiteral("digest"), sha256(payload)},
                                                              {QStringLiteral("size"), payload.size()}}}},
            {QStringLiteral("subject"), QJsonObject{{QStringLiteral("mediaType"), QLatin1String(RegistryMediaType::OciManifest)},
                                                    {QStringLiteral("digest"), subject},
                                                    {QStringLiteral("size"), image.manifest.size()}}}};
        const QByteArray bytes = QJsonDocument(artifact).toJson(QJsonDocument::Compact);
        RegistryResult<QString> put = m_client->putManifest(QStringLiteral("apps/signed"), sha256(bytes),
                                                            QLatin1String(RegistryMediaType::OciManifest), bytes);
        if (!put.ok())
            return d;
        d.mediaType = QLatin1String(RegistryMediaType::OciManifest);
        d.digest = put.value();
        d.size = bytes.size();
        d.artifactType = artifactType;
        return d;
    };
    const QString sigType = QStringLiteral("application/vnd.dev.cosign.artifact.sig.v1+json");
    const QString sbomType = QStringLiteral("application/spdx+json");
    OciDescriptor signature = pushArtifact(sigType, "{\"critical\":{\"image\":{\"docker-manifest-digest\":\"" + subject.toLatin1() + "\"}}}");
    OciDescriptor sbom = pushArtifact(sbomType, "{\"spdxVersion\":\"SPDX-2.3\"}");
    QVERIFY(!signature.digest.isEmpty() && !sbom.digest.isEmpty());
    signature.annotations = QJsonObject{{QStringLiteral("org.opencontainers.image.created"), QStringLiteral("2024-01-01T00:00:00Z")}};

    RegistryResult<RegistryClient::ReferrerWrite> added = m_client->addReferrer(QStringLiteral("apps/signed"), subject, signature);
    QVERIFY2(added.ok(), qPrintable(added.error().toString()));
    QCOMPARE(added.value(), RegistryClient::ReferrerWrite::IndexUpdated);
    QCOMPARE(m_client->addReferrer(QStringLiteral("apps/signed"), subject, signature).value(),
             RegistryClient::ReferrerWrite::AlreadyListed);
    QCOMPARE(m_client->addReferrer(QStringLiteral("apps/signed"), subject, sbom).value(),
             RegistryClient::ReferrerWrite::IndexUpdated);

    RegistryResult<QList<OciDescriptor>> listed = m_client->referrers(QStringLiteral("apps/signed"), subject);
    QVERIFY2(listed.ok(), qPrintable(listed.error().toString()));
    QCOMPARE(listed->size(), 2);
    QCOMPARE(listed->at(0).digest, signature.digest);
    QCOMPARE(listed->at(0).artifactType, sigType);
    QCOMPARE(listed->at(0).annotations, signature.annotations);
    QCOMPARE(listed->at(1).digest, sbom.digest);
    RegistryResult<QList<OciDescriptor>> onlySboms = m_client->referrers(QStringLiteral("apps/signed"), subject, sbomType);
    QCOMPARE(onlySboms->size(), 1);
    QCOMPARE(onlySboms->first().digest, sbom.digest);
    QCOMPARE(m_client->referrers(QStringLiteral("apps/signed"), subject, QStringLiteral("text/plain"))->size(), 0);

    // The fallback tag holds an OCI index, readable by any tag-schema client.
    RegistryResult<RegistryClient::Manifest> index = m_client->getManifest(
        QStringLiteral("apps/signed"), RegistryClient::referrersTag(subject), {QLatin1String(RegistryMediaType::OciIndex)}, false);
    QVERIFY2(index.ok(), qPrintable(index.error().toString()));
    QCOMPARE(index->mediaType, QLatin1String(RegistryMediaType::OciIndex));
    QVERIFY(RegistryClient::referrersTag(subject).startsWith(QLatin1String("sha256-")));
}

void TestRegistryClient::skopeoSeesPushedImage()
{
    const QString skopeo = QStandardPaths::findExecutable(QStringLiteral("skopeo"));
    if (skopeo.isEmpty())
        QSKIP("skopeo is not installed");
    const MinimalImage image = makeImage("seen by skopeo\n");
    QVERIFY(!pushImage(*m_client, QStringLiteral("apps/skopeo"), QStringLiteral("v7"), image).isEmpty());
    QProcess p;
    p.start(skopeo, {QStringLiteral("inspect"), QStringLiteral("--tls-verify=false"),
                     QStringLiteral("docker://%1/apps/skopeo:v7").arg(m_registry->address())});
    QVERIFY(p.waitForFinished(60000));
    QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
    const QJsonObject info = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
    QCOMPARE(info.value(QLatin1String("Digest")).toString(), image.manifestDigest);
    QCOMPARE(info.value(QLatin1String("Architecture")).toString(), QStringLiteral("amd64"));
    QCOMPARE(info.value(QLatin1String("Os")).toString(), QStringLiteral("linux"));
    QCOMPARE(info.value(QLatin1String("Layers")).toArray(), QJsonArray{image.layerDigest});
}

void TestRegistryClient::clientBoundToItsThread()
{
    RegistryClient client(m_registry->clientOptions());
    QVERIFY(client.ping().ok()); // binds it to this thread
    RegistryError fromWorker;
    std::unique_ptr<QThread> worker(QThread::create([&] { fromWorker = client.ping().error(); }));
    worker->start();
    QVERIFY(worker->wait(30000));
    QCOMPARE(fromWorker.kind, RegistryError::Kind::InvalidArgument);
    QVERIFY(fromWorker.message.contains(QLatin1String("one client per thread")));
}

void TestRegistryClient::bearerTokenAuth()
{
    test::TestRegistry::Options o;
    o.tokenAuth = true;
    test::TestRegistry secured(o);
    QVERIFY2(secured.isValid(), qPrintable(secured.error()));

    RegistryClient client(secured.clientOptions());
    const MinimalImage image = makeImage("token auth\n");
    const QString digest = pushImage(client, QStringLiteral("secure/app"), QStringLiteral("v1"), image);
    QVERIFY(!digest.isEmpty());
    QVERIFY(secured.tokensIssued() > 0);
    const int issued = secured.tokensIssued();
    // Tokens are cached per scope: reading again asks the token service for nothing new.
    QVERIFY(client.getManifest(QStringLiteral("secure/app"), QStringLiteral("v1")).ok());
    QVERIFY(client.getManifest(QStringLiteral("secure/app"), digest).ok());
    QVERIFY(secured.tokensIssued() <= issued + 1);
    const int afterReads = secured.tokensIssued();
    QVERIFY(client.getManifest(QStringLiteral("secure/app"), digest).ok());
    QCOMPARE(secured.tokensIssued(), afterReads);
    // Mount across repositories asks for both scopes in one token.
    QVERIFY(client.mountBlob(QStringLiteral("secure/other"), image.layerDigest, QStringLiteral("secure/app")).value());

    RegistryClient::Options wrong = secured.clientOptions();
    const QString badPassword = QStringLiteral("not-the-password-4711");
    wrong.credentials.password = badPassword;
    RegistryClient intruder(wrong);
    RegistryResult<RegistryClient::Manifest> refused = intruder.getManifest(QStringLiteral("secure/app"), QStringLiteral("v1"));
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().kind, RegistryError::Kind::Unauthorized);
    QCOMPARE(refused.error().httpStatus, 401);
    const QString text = refused.error().toString();
    QVERIFY2(text.contains(QLatin1String("refused the credentials of user \"builder\"")), qPrintable(text));
    QVERIFY2(!text.contains(badPassword), qPrintable(text));
    QVERIFY2(!text.contains(QString::fromLatin1(("builder:" + badPassword).toUtf8().toBase64())), qPrintable(text));
    QCOMPARE(refused.error().attempts, 1);
    QVERIFY(secured.tokensRefused() >= 1);

    RegistryClient::Options anonymousOptions = secured.clientOptions();
    anonymousOptions.credentials = {};
    RegistryClient anonymous(anonymousOptions);
    RegistryResult<void> anon = anonymous.ping();
    QVERIFY(!anon.ok());
    QCOMPARE(anon.error().kind, RegistryError::Kind::Unauthorized);
    QVERIFY2(anon.error().message.contains(QLatin1String("requires credentials")), qPrintable(anon.error().toString()));
}

RegistryResult<RegistryClient::PushedBlob> TestRegistryClient::pushOnWorker(const RegistryClient::Options &options,
                                                                            const QString &repo, const QString &file,
                                                                            qint64 killAfter,
                                                                            const std::function<void()> &onKilled)
{
    // The push runs on a plain worker thread with no event loop of its own; the progress
    // callback kills the registry once enough has gone up, and the main thread reacts.
    std::optional<RegistryResult<RegistryClient::PushedBlob>> result;
    QSemaphore killed;
    std::atomic<bool> done{false};
    std::unique_ptr<QThread> worker(QThread::create([&] {
        RegistryClient client(options);
        RegistryClient::PushOptions push;
        push.mode = RegistryClient::UploadMode::Chunked;
        bool fired = false;
        push.progress = [&](qint64 sent, qint64) {
            if (!fired && sent >= killAfter) {
                fired = true;
                m_registry->kill();
                killed.release();
            }
        };
        result = client.pushBlob(repo, file, {}, push);
        done = true;
        killed.release();
    }));
    worker->start();
    killed.acquire();
    if (!done)
        onKilled();
    worker->wait();
    return *result;
}

void TestRegistryClient::registryDownMidPushFails()
{
    RegistryClient::Options o = m_registry->clientOptions();
    o.chunkSize = 64 * 1024;
    o.retry.maxAttempts = 3;
    o.retry.initialBackoffMs = 100;
    const QByteArray data = randomBytes(512 * 1024);
    const QString path = m_dir.filePath(QStringLiteral("down.bin"));
    QVERIFY(writeFile(path, data));

    QElapsedTimer timer;
    timer.start();
    RegistryResult<RegistryClient::PushedBlob> r = pushOnWorker(o, QStringLiteral("faults/down"), path, 128 * 1024, [] {});
    QVERIFY(!r.ok());
    const RegistryError &e = r.error();
    QVERIFY2(e.kind == RegistryError::Kind::Network, qPrintable(e.toString()));
    QVERIFY2(e.attempts >= 3, qPrintable(e.toString()));
    QVERIFY2(e.operation.startsWith(QLatin1String("push blob")), qPrintable(e.toString()));
    QVERIFY2(e.message.contains(QLatin1String("refused"), Qt::CaseInsensitive)
                 || e.message.contains(QLatin1String("closed"), Qt::CaseInsensitive),
             qPrintable(e.toString()));
    QVERIFY2(timer.elapsed() >= 200, "backoff between attempts");

    QVERIFY2(m_registry->restart(), qPrintable(m_registry->error()));
}

void TestRegistryClient::registryRestartedMidPushCompletes()
{
    RegistryClient::Options o = m_registry->clientOptions();
    o.chunkSize = 64 * 1024;
    o.retry.maxAttempts = 8;
    o.retry.initialBackoffMs = 200;
    o.retry.maxBackoffMs = 2000;
    const QByteArray data = randomBytes(512 * 1024 + 3);
    const QString path = m_dir.filePath(QStringLiteral("restart.bin"));
    QVERIFY(writeFile(path, data));

    const int portBefore = m_registry->port();
    bool restarted = false;
    RegistryResult<RegistryClient::PushedBlob> r = pushOnWorker(o, QStringLiteral("faults/restart"), path, 192 * 1024, [&] {
        QThread::msleep(300); // the client meets a dead registry first
        restarted = m_registry->restart();
    });
    QVERIFY2(restarted, qPrintable(m_registry->error()));
    QCOMPARE(m_registry->port(), portBefore);
    QVERIFY2(r.ok(), qPrintable(r.error().toString()));
    QCOMPARE(r->digest, sha256(data));
    RegistryResult<QByteArray> pulled = m_client->pullBlob(QStringLiteral("faults/restart"), r->digest);
    QVERIFY2(pulled.ok(), qPrintable(pulled.error().toString()));
    QCOMPARE(pulled.value(), data);
}

QTEST_GUILESS_MAIN(TestRegistryClient)
#include "tst_registryclient.moc"
