// OciLayout against the real readers: skopeo inspects and umoci unpacks what the
// assembler produced, on a scratch base and on a base image the test assembles itself.
#include "ImageTestSupport.h"

#include "oci/image/Digest.h"
#include "oci/image/ImageAssembler.h"
#include "oci/image/MediaTypes.h"
#include "oci/image/OciLayout.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace enclii::oci;
using namespace enclii::oci::test;

namespace {

const QByteArray kDpkgStatus = "Package: libc6\nStatus: install ok installed\nVersion: 2.36-9\nArchitecture: amd64\n\n";

BuildConfig appBuild()
{
    BuildConfig b;
    b.entrypoint = {QStringLiteral("/app/server")};
    b.cmd = QStringList{QStringLiteral("--listen"), QStringLiteral(":8080")};
    b.env = {QStringLiteral("PORT=8080")};
    b.labels.insert(BuildConfig::sourceLabel(), QStringLiteral("https://git.example/shop/api"));
    return b;
}

void makeApp(const QString &root)
{
    writeFile(root + QStringLiteral("/server"), "#!/bin/sh\nexit 0\n", 0700);
    writeFile(root + QStringLiteral("/conf/app.toml"), "port = 8080\n", 0600);
    ::symlink("conf/app.toml", QFile::encodeName(root + QStringLiteral("/config")).constData());
}

QJsonObject skopeoInspect(const QString &layout, const QString &ref, bool raw = false)
{
    QStringList args{QStringLiteral("inspect")};
    if (raw)
        args << QStringLiteral("--raw");
    args << QStringLiteral("oci:%1:%2").arg(layout, ref);
    const ProcessResult r = run(QStringLiteral("skopeo"), args);
    if (r.exitCode != 0)
        qWarning("skopeo: %s", r.err.constData());
    return QJsonDocument::fromJson(r.out).object();
}

bool umociUnpack(const QString &layout, const QString &ref, const QString &bundle)
{
    const ProcessResult r = run(QStringLiteral("umoci"), {QStringLiteral("unpack"), QStringLiteral("--image"),
                                                          QStringLiteral("%1:%2").arg(layout, ref), bundle});
    if (r.exitCode != 0)
        qWarning("umoci: %s", r.err.constData());
    return r.exitCode == 0;
}

uid_t ownerOf(const QString &path)
{
    struct stat st = {};
    return ::lstat(QFile::encodeName(path).constData(), &st) == 0 ? st.st_uid : uid_t(-1);
}

} // namespace

class TestOciLayout : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (run(QStringLiteral("skopeo"), {QStringLiteral("--version")}).exitCode != 0
            || run(QStringLiteral("umoci"), {QStringLiteral("--version")}).exitCode != 0)
            QFAIL("skopeo and umoci are required (installers/debian-packages.txt)");
    }

    void scratchImageIsReadBySkopeoAndUmoci()
    {
        QTemporaryDir src, scratch, work;
        makeApp(src.path());
        QString error;
        const auto image = ImageAssembler::assemble(BaseImage::scratch(), src.path(), appBuild(), scratch.path(), &error);
        QVERIFY2(image, qPrintable(error));
        const QString dir = work.filePath(QStringLiteral("layout"));
        auto layout = OciLayout::create(dir, &error);
        QVERIFY2(layout, qPrintable(error));
        QVERIFY2(layout->addImage(*image, {}, QStringLiteral("v1"), &error), qPrintable(error));

        const QJsonObject info = skopeoInspect(dir, QStringLiteral("v1"));
        QCOMPARE(info[QStringLiteral("Digest")].toString(), image->manifest.digest);
        QCOMPARE(info[QStringLiteral("Architecture")].toString(), QStringLiteral("amd64"));
        QCOMPARE(info[QStringLiteral("Os")].toString(), QStringLiteral("linux"));
        QCOMPARE(info[QStringLiteral("Layers")].toArray(), QJsonArray{image->layer.digest});
        QCOMPARE(info[QStringLiteral("Labels")][BuildConfig::sourceLabel()].toString(), QStringLiteral("https://git.example/shop/api"));
        QVERIFY(info[QStringLiteral("Env")].toArray().contains(QStringLiteral("PORT=8080")));
        QCOMPARE(skopeoInspect(dir, QStringLiteral("v1"), true), QJsonDocument::fromJson(image->manifestJson).object());

        const QString bundle = work.filePath(QStringLiteral("bundle"));
        QVERIFY(umociUnpack(dir, QStringLiteral("v1"), bundle));
        const QString rootfs = bundle + QStringLiteral("/rootfs");
        QCOMPARE(readFile(rootfs + QStringLiteral("/app/server")), QByteArray("#!/bin/sh\nexit 0\n"));
        QCOMPARE(modeOf(rootfs + QStringLiteral("/app/server")), mode_t(0755));
        QCOMPARE(modeOf(rootfs + QStringLiteral("/app/conf/app.toml")), mode_t(0644));
        QCOMPARE(modeOf(rootfs + QStringLiteral("/app")), mode_t(0755));
        QCOMPARE(ownerOf(rootfs + QStringLiteral("/app/server")), uid_t(0));
        QCOMPARE(QFileInfo(rootfs + QStringLiteral("/app/config")).symLinkTarget(), rootfs + QStringLiteral("/app/conf/app.toml"));

        const QJsonObject runtime = QJsonDocument::fromJson(readFile(bundle + QStringLiteral("/config.json"))).object();
        const QJsonObject process = runtime[QStringLiteral("process")].toObject();
        QCOMPARE(process[QStringLiteral("args")].toArray(),
                 (QJsonArray{QStringLiteral("/app/server"), QStringLiteral("--listen"), QStringLiteral(":8080")}));
        QCOMPARE(process[QStringLiteral("cwd")].toString(), QStringLiteral("/app"));
        QCOMPARE(process[QStringLiteral("user")][QStringLiteral("uid")].toInt(), 65532);
        QVERIFY(process[QStringLiteral("env")].toArray().contains(QStringLiteral("PORT=8080")));
        QCOMPARE(runtime[QStringLiteral("annotations")][BuildConfig::sourceLabel()].toString(),
                 QStringLiteral("https://git.example/shop/api"));
    }

    void imageOnAnAssembledBase()
    {
        QTemporaryDir baseSrc, appSrc, scratch, work;
        QVERIFY(writeFile(baseSrc.filePath(QStringLiteral("var/lib/dpkg/status")), kDpkgStatus));
        QVERIFY(writeFile(baseSrc.filePath(QStringLiteral("etc/os-release")), "ID=debian\nVERSION_ID=\"12\"\n"));
        makeApp(appSrc.path());
        const QString dir = work.filePath(QStringLiteral("layout"));
        QString error;

        // The base: a root-level layer, written to the layout like any image.
        BuildConfig baseBuild;
        baseBuild.workdir = QStringLiteral("/");
        baseBuild.env = {QStringLiteral("PATH=/usr/bin:/bin")};
        baseBuild.cmd = QStringList{QStringLiteral("sh")};
        baseBuild.fileUid = 7;
        const auto base = ImageAssembler::assemble(BaseImage::scratch(), baseSrc.path(), baseBuild, scratch.path(), &error);
        QVERIFY2(base, qPrintable(error));
        auto layout = OciLayout::create(dir, &error);
        QVERIFY2(layout && layout->addImage(*base, {}, QStringLiteral("base"), &error), qPrintable(error));

        // Read it back the way a registry client would hand it over.
        auto reopened = OciLayout::open(dir, &error);
        QVERIFY2(reopened, qPrintable(error));
        const auto baseRef = reopened->resolve(QStringLiteral("base"), &error);
        QVERIFY2(baseRef, qPrintable(error));
        const auto manifestJson = reopened->readBlob(baseRef->digest, 1 << 20, &error);
        QVERIFY2(manifestJson, qPrintable(error));
        const auto parsedBase = BaseImage::fromRegistry(*manifestJson, *reopened->readBlob(base->config.digest, 1 << 20), &error);
        QVERIFY2(parsedBase, qPrintable(error));

        BuildConfig build = appBuild();
        build.baseName = QStringLiteral("local/base");
        const auto app = ImageAssembler::assemble(*parsedBase, appSrc.path(), build, scratch.path(), &error);
        QVERIFY2(app, qPrintable(error));
        QMap<QString, QString> baseFiles{{base->layer.digest, base->layerPath}};
        QVERIFY2(reopened->addImage(*app, baseFiles, QStringLiteral("app"), &error), qPrintable(error));
        QCOMPARE(reopened->manifests().size(), 2);

        const QJsonObject info = skopeoInspect(dir, QStringLiteral("app"));
        QCOMPARE(info[QStringLiteral("Layers")].toArray(), (QJsonArray{base->layer.digest, app->layer.digest}));
        const QString bundle = work.filePath(QStringLiteral("bundle"));
        QVERIFY(umociUnpack(dir, QStringLiteral("app"), bundle));
        const QString rootfs = bundle + QStringLiteral("/rootfs");
        QCOMPARE(readFile(rootfs + QStringLiteral("/var/lib/dpkg/status")), kDpkgStatus);
        QCOMPARE(ownerOf(rootfs + QStringLiteral("/var/lib/dpkg/status")), uid_t(7));
        QVERIFY(QFile::exists(rootfs + QStringLiteral("/app/server")));
        const QJsonObject process =
            QJsonDocument::fromJson(readFile(bundle + QStringLiteral("/config.json"))).object()[QStringLiteral("process")].toObject();
        QVERIFY(process[QStringLiteral("env")].toArray().contains(QStringLiteral("PATH=/usr/bin:/bin")));
        QCOMPARE(process[QStringLiteral("args")].toArray().first().toString(), QStringLiteral("/app/server"));

        // Re-adding under the same name replaces the entry instead of duplicating it.
        QVERIFY(reopened->addImage(*app, baseFiles, QStringLiteral("app"), &error));
        QCOMPARE(OciLayout::open(dir)->manifests().size(), 2);
    }

    void blobsAreVerified()
    {
        QTemporaryDir work;
        QString error;
        auto layout = OciLayout::create(work.path(), &error);
        QVERIFY(layout);
        const QByteArray blob = "hello";
        Descriptor d{QStringLiteral("application/octet-stream"), Digest::sha256(blob), blob.size(), {}, {}, {}, {}};
        QVERIFY(layout->addBlob(blob, d, &error));
        QCOMPARE(layout->readBlob(d.digest, 100).value_or(QByteArray()), blob);
        Descriptor wrong = d;
        wrong.digest = Digest::sha256("other");
        QVERIFY(!layout->addBlob(blob, wrong, &error));
        QVERIFY(!layout->hasBlob(wrong.digest));
        QVERIFY(!layout->readBlob(d.digest, 2, &error)); // bigger than allowed
        QVERIFY(writeFile(layout->blobPath(d.digest), "tampered"));
        QVERIFY(!layout->readBlob(d.digest, 100, &error));
        QVERIFY2(error.contains(QStringLiteral("corrupt")), qPrintable(error));
        QVERIFY(!layout->addManifest(wrong, QStringLiteral("x"), &error)); // blob not stored
        QVERIFY(!OciLayout::open(work.filePath(QStringLiteral("nowhere")), &error));
    }
};

QTEST_GUILESS_MAIN(TestOciLayout)
#include "tst_ocilayout.moc"
