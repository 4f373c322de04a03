// ImageAssembler: reproducible layer, config and manifest from a base image and a folder.
#include "ImageTestSupport.h"

#include "oci/image/Digest.h"
#include "oci/image/ImageAssembler.h"
#include "oci/image/ImageManifest.h"
#include "oci/image/MediaTypes.h"
#include "oci/image/TarReader.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace enclii::oci;
using namespace enclii::oci::test;

namespace {

void makeSource(const QString &root, bool reversed)
{
    QStringList files{QStringLiteral("server.py"), QStringLiteral("static/index.html"), QStringLiteral("bin/start")};
    if (reversed)
        std::reverse(files.begin(), files.end());
    for (const QString &f : files)
        writeFile(root + u'/' + f, "content of " + f.toUtf8(), f.startsWith(QStringLiteral("bin/")) ? 0755 : 0600);
}

BuildConfig sampleBuild()
{
    BuildConfig b;
    b.entrypoint = {QStringLiteral("/app/bin/start")};
    b.cmd = QStringList{QStringLiteral("--port"), QStringLiteral("8080")};
    b.env = {QStringLiteral("PORT=8080"), QStringLiteral("PATH=/app/bin:/usr/bin")};
    b.exposedPort = 8080;
    b.labels.insert(BuildConfig::sourceLabel(), QStringLiteral("https://git.example/shop/api"));
    b.labels.insert(BuildConfig::revisionLabel(), QStringLiteral("0123456789abcdef"));
    b.created = QDateTime::fromSecsSinceEpoch(1700000000, QTimeZone::utc());
    return b;
}

QJsonObject object(const QByteArray &json)
{
    return QJsonDocument::fromJson(json).object();
}

// A Docker schema 2 base with one (fake) layer, and its config.
std::pair<QByteArray, QByteArray> dockerBase(const QString &layerDigest = Digest::sha256("layer"))
{
    const QJsonObject config{
        {QStringLiteral("architecture"), QStringLiteral("arm64")},
        {QStringLiteral("os"), QStringLiteral("linux")},
        {QStringLiteral("config"),
         QJsonObject{{QStringLiteral("Env"), QJsonArray{QStringLiteral("PATH=/usr/bin"), QStringLiteral("LANG=C.UTF-8")}},
                     {QStringLiteral("Cmd"), QJsonArray{QStringLiteral("bash")}},
                     {QStringLiteral("Labels"), QJsonObject{{QStringLiteral("vendor"), QStringLiteral("base")}}},
                     {QStringLiteral("StopSignal"), QStringLiteral("SIGTERM")}}},
        {QStringLiteral("rootfs"), QJsonObject{{QStringLiteral("type"), QStringLiteral("layers")},
                                               {QStringLiteral("diff_ids"), QJsonArray{Digest::sha256("diff")}}}},
        {QStringLiteral("history"), QJsonArray{QJsonObject{{QStringLiteral("created_by"), QStringLiteral("base")}}}}};
    const QByteArray configJson = QJsonDocument(config).toJson();
    const QJsonObject manifest{
        {QStringLiteral("schemaVersion"), 2},
        {QStringLiteral("mediaType"), QString(MediaType::DockerManifest)},
        {QStringLiteral("config"), QJsonObject{{QStringLiteral("mediaType"), QString(MediaType::DockerConfig)},
                                               {QStringLiteral("digest"), Digest::sha256(configJson)},
                                               {QStringLiteral("size"), configJson.size()}}},
        {QStringLiteral("layers"), QJsonArray{QJsonObject{{QStringLiteral("mediaType"), QString(MediaType::DockerLayerGzip)},
                                                          {QStringLiteral("digest"), layerDigest},
                                                          {QStringLiteral("size"), 1234}}}}};
    return {QJsonDocument(manifest).toJson(), configJson};
}

} // namespace

class TestImageAssembler : public QObject
{
    Q_OBJECT

private slots:
    void sameInputsGiveTheSameImage()
    {
        QTemporaryDir src1, src2, scratch1, scratch2;
        ::umask(022);
        makeSource(src1.path(), false);
        ::umask(077);
        makeSource(src2.path(), true);
        ::umask(022);
        QString error;
        const auto a = ImageAssembler::assemble(BaseImage::scratch(), src1.path(), sampleBuild(), scratch1.path(), &error);
        QVERIFY2(a, qPrintable(error));
        const auto b = ImageAssembler::assemble(BaseImage::scratch(), src2.path(), sampleBuild(), scratch2.path(), &error);
        QVERIFY2(b, qPrintable(error));
        QCOMPARE(a->manifest.digest, b->manifest.digest);
        QCOMPARE(a->manifestJson, b->manifestJson);
        QCOMPARE(a->configJson, b->configJson);
        QCOMPARE(readFile(a->layerPath), readFile(b->layerPath));

        // A changed byte, a changed executable bit or a changed setting changes the image.
        writeFile(src2.filePath(QStringLiteral("server.py")), "content of server.py!");
        const auto c = ImageAssembler::assemble(BaseImage::scratch(), src2.path(), sampleBuild(), scratch2.path(), &error);
        QVERIFY(c && c->layer.digest != a->layer.digest);
        BuildConfig other = sampleBuild();
        other.env.append(QStringLiteral("DEBUG=1"));
        const auto d = ImageAssembler::assemble(BaseImage::scratch(), src1.path(), other, scratch1.path(), &error);
        QVERIFY(d && d->layer.digest == a->layer.digest && d->manifest.digest != a->manifest.digest);
    }

    void scratchImageHasTheExpectedConfigAndManifest()
    {
        QTemporaryDir src, scratch;
        makeSource(src.path(), false);
        QString error;
        const auto image = ImageAssembler::assemble(BaseImage::scratch(), src.path(), sampleBuild(), scratch.path(), &error);
        QVERIFY2(image, qPrintable(error));

        QCOMPARE(image->config.digest, Digest::sha256(image->configJson));
        QCOMPARE(image->config.mediaType, QString(MediaType::OciConfig));
        QCOMPARE(image->layer.digest, Digest::sha256OfFile(image->layerPath));
        QCOMPARE(image->layerPath, scratch.filePath(Digest::hex(image->layer.digest) + QStringLiteral(".tar.gz")));
        QCOMPARE(image->manifest.digest, Digest::sha256(image->manifestJson));

        const QJsonObject config = object(image->configJson);
        QCOMPARE(config[QStringLiteral("architecture")].toString(), QStringLiteral("amd64"));
        QCOMPARE(config[QStringLiteral("os")].toString(), QStringLiteral("linux"));
        QCOMPARE(config[QStringLiteral("created")].toString(), QStringLiteral("2023-11-14T22:13:20Z"));
        QCOMPARE(config[QStringLiteral("rootfs")][QStringLiteral("diff_ids")].toArray(), QJsonArray{image->diffId});
        const QJsonArray history = config[QStringLiteral("history")].toArray();
        QCOMPARE(history.size(), 1);
        QCOMPARE(history[0][QStringLiteral("created")].toString(), QStringLiteral("2023-11-14T22:13:20Z"));
        const QJsonObject c = config[QStringLiteral("config")].toObject();
        QCOMPARE(c[QStringLiteral("Entrypoint")].toArray(), QJsonArray{QStringLiteral("/app/bin/start")});
        QCOMPARE(c[QStringLiteral("Cmd")].toArray(), (QJsonArray{QStringLiteral("--port"), QStringLiteral("8080")}));
        QCOMPARE(c[QStringLiteral("WorkingDir")].toString(), QStringLiteral("/app"));
        QCOMPARE(c[QStringLiteral("User")].toString(), QStringLiteral("65532"));
        QVERIFY(c[QStringLiteral("ExposedPorts")].toObject().contains(QStringLiteral("8080/tcp")));
        QCOMPARE(c[QStringLiteral("Labels")][BuildConfig::sourceLabel()].toString(), QStringLiteral("https://git.example/shop/api"));

        QString why;
        const auto manifest = ImageManifest::fromJson(image->manifestJson, &why);
        QVERIFY2(manifest, qPrintable(why));
        QCOMPARE(manifest->config, image->config);
        QCOMPARE(manifest->layers, QList<Descriptor>{image->layer});
        QCOMPARE(object(image->manifestJson)[QStringLiteral("mediaType")].toString(), QString(MediaType::OciManifest));

        const QList<ImageBlob> blobs = image->blobs();
        QCOMPARE(blobs.size(), 2);
        QCOMPARE(blobs[0].source, ImageBlob::Source::File);
        QCOMPARE(blobs[1].source, ImageBlob::Source::Bytes);
        QCOMPARE(blobs[1].bytes, image->configJson);
    }

    void layerHoldsTheFolderUnderTheWorkdir()
    {
        QTemporaryDir src, scratch;
        makeSource(src.path(), false);
        BuildConfig build = sampleBuild();
        build.workdir = QStringLiteral("/srv/api");
        build.fileUid = 10001;
        build.fileGid = 10002;
        QString error;
        const auto image = ImageAssembler::assemble(BaseImage::scratch(), src.path(), build, scratch.path(), &error);
        QVERIFY2(image, qPrintable(error));
        QFile layer(image->layerPath);
        QVERIFY(layer.open(QIODevice::ReadOnly));
        TarReader reader(&layer);
        QMap<QString, int> modes;
        while (reader.next()) {
            modes.insert(reader.entry().path, reader.entry().mode);
            QCOMPARE(reader.entry().uid, 10001);
            QCOMPARE(reader.entry().gid, 10002);
            QCOMPARE(reader.entry().mtime, 0);
        }
        QVERIFY(!reader.hasError());
        QCOMPARE(modes.keys(), (QStringList{QStringLiteral("srv"), QStringLiteral("srv/api"), QStringLiteral("srv/api/bin"),
                                            QStringLiteral("srv/api/bin/start"), QStringLiteral("srv/api/server.py"),
                                            QStringLiteral("srv/api/static"), QStringLiteral("srv/api/static/index.html")}));
        QCOMPARE(modes.value(QStringLiteral("srv/api/bin/start")), 0755);
        QCOMPARE(modes.value(QStringLiteral("srv/api/server.py")), 0644); // was 0600 on disk
        QCOMPARE(object(image->configJson)[QStringLiteral("config")][QStringLiteral("WorkingDir")].toString(),
                 QStringLiteral("/srv/api"));
    }

    void dockerBaseIsConvertedAndMerged()
    {
        const auto [manifestJson, configJson] = dockerBase();
        QString error;
        const auto base = BaseImage::fromRegistry(manifestJson, configJson, &error);
        QVERIFY2(base, qPrintable(error));
        QCOMPARE(base->layers().size(), 1);
        QCOMPARE(base->layers()[0].mediaType, QString(MediaType::OciLayerGzip));
        QCOMPARE(base->manifestDigest(), Digest::sha256(manifestJson));

        QTemporaryDir src, scratch;
        makeSource(src.path(), false);
        BuildConfig build = sampleBuild();
        build.cmd.reset(); // entrypoint without cmd: the base's Cmd must go
        build.baseName = QStringLiteral("registry.example/base:1");
        const auto image = ImageAssembler::assemble(*base, src.path(), build, scratch.path(), &error);
        QVERIFY2(image, qPrintable(error));

        const QJsonObject config = object(image->configJson);
        QCOMPARE(config[QStringLiteral("architecture")].toString(), QStringLiteral("arm64"));
        QCOMPARE(config[QStringLiteral("rootfs")][QStringLiteral("diff_ids")].toArray(),
                 (QJsonArray{Digest::sha256("diff"), image->diffId}));
        QCOMPARE(config[QStringLiteral("history")].toArray().size(), 2);
        const QJsonObject c = config[QStringLiteral("config")].toObject();
        QVERIFY(!c.contains(QStringLiteral("Cmd")));
        QCOMPARE(c[QStringLiteral("StopSignal")].toString(), QStringLiteral("SIGTERM"));
        QCOMPARE(c[QStringLiteral("Env")].toArray(),
                 (QJsonArray{QStringLiteral("PATH=/app/bin:/usr/bin"), QStringLiteral("LANG=C.UTF-8"), QStringLiteral("PORT=8080")}));
        QCOMPARE(c[QStringLiteral("Labels")][QStringLiteral("vendor")].toString(), QStringLiteral("base"));
        QCOMPARE(c[QStringLiteral("Labels")][BuildConfig::revisionLabel()].toString(), QStringLiteral("0123456789abcdef"));

        const auto manifest = ImageManifest::fromJson(image->manifestJson, &error);
        QVERIFY(manifest);
        QCOMPARE(manifest->layers.size(), 2);
        QCOMPARE(manifest->layers[0].mediaType, QString(MediaType::OciLayerGzip));
        QCOMPARE(manifest->layers[0].digest, Digest::sha256("layer"));
        QCOMPARE(manifest->annotations.value(QStringLiteral("org.opencontainers.image.base.digest")), base->manifestDigest());
        QCOMPARE(image->blobs()[0].source, ImageBlob::Source::Base);
        QCOMPARE(image->blobs().size(), 3);
    }

    void badBasesAreRefused()
    {
        const auto [manifestJson, configJson] = dockerBase();
        QString error;
        QVERIFY(!BaseImage::fromRegistry(manifestJson, configJson + ' ', &error));
        QVERIFY2(error.contains(QStringLiteral("does not match")), qPrintable(error));

        const QByteArray index = R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[]})";
        QVERIFY(!BaseImage::fromRegistry(index, configJson, &error));
        QVERIFY2(error.contains(QStringLiteral("index")), qPrintable(error));

        QJsonObject m = object(manifestJson);
        m[QStringLiteral("layers")] = QJsonArray();
        QVERIFY(!BaseImage::fromRegistry(QJsonDocument(m).toJson(), configJson, &error));
        QVERIFY2(error.contains(QStringLiteral("diff_ids")), qPrintable(error));

        QVERIFY(!BaseImage::fromRegistry("{not json", configJson, &error));
        QVERIFY(!BaseImage::fromRegistry(dockerBase(QStringLiteral("sha256:XYZ")).first, configJson, &error));
        QVERIFY2(error.contains(QStringLiteral("digest")), qPrintable(error));
    }

    void badBuildConfigsAreRefused_data()
    {
        QTest::addColumn<QString>("field");
        QTest::newRow("relative workdir") << QStringLiteral("workdir");
        QTest::newRow("user name") << QStringLiteral("user");
        QTest::newRow("env without key") << QStringLiteral("env");
    }
    void badBuildConfigsAreRefused()
    {
        QFETCH(QString, field);
        BuildConfig build = sampleBuild();
        if (field == QStringLiteral("workdir"))
            build.workdir = QStringLiteral("app");
        else if (field == QStringLiteral("user"))
            build.user = QStringLiteral("nobody");
        else
            build.env.append(QStringLiteral("=oops"));
        QTemporaryDir src, scratch;
        makeSource(src.path(), false);
        QString error;
        QVERIFY(!ImageAssembler::assemble(BaseImage::scratch(), src.path(), build, scratch.path(), &error));
        QVERIFY2(error.contains(field), qPrintable(error));
        QCOMPARE(QDir(scratch.path()).entryList(QDir::Files), QStringList());
    }
};

QTEST_GUILESS_MAIN(TestImageAssembler)
#include "tst_imageassembler.moc"
