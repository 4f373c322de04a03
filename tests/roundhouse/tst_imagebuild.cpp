// The build step on its own, against a real docker-registry as the base-image mirror: the
// native assembler is reproducible; a missing or malformed base image fails for good with
// its name; a RUN-free Dockerfile builds natively with its instructions in the config; what
// the native builder cannot do (RUN without buildah, COPY outside WORKDIR, ADD of a URL, no
// Dockerfile) is refused with the reason; the SBOM step finds the base's debs and the
// service's pinned Python packages, as CycloneDX or SPDX.
#include "../api/BaseImageFixture.h"

#include "roundhouse/BuildLog.h"
#include "roundhouse/BuildRecord.h"
#include "roundhouse/ImageBuild.h"

#include "oci/image/TarReader.h"
#include "oci/registry/EmbeddedRegistry.h"
#include "store/Database.h"
#include "store/Migrator.h"
#include "support/TestPostgres.h"

#include <QJsonArray>
#include <QStandardPaths>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace enclii;
using namespace enclii::roundhouse;

class TestImageBuild : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY2(m_pg.isValid(), qPrintable(m_pg.error()));
        m_db = std::make_unique<store::Database>(store::Database::Options{m_pg.connectionString(), 2, 10000});
        QString error;
        QVERIFY2(m_db->open(&error), qPrintable(error));
        QVERIFY(store::Migrator(*m_db).migrate(&error) >= 1);
        m_record = std::make_unique<BuildRecord>(*m_db);
        // Logs need a job row to hang on.
        bool ok = false;
        m_pg.query(QStringLiteral("INSERT INTO build_jobs (id, service, project, repo, commit_sha, reason) VALUES "
                                  "(1, 's', 'p', 'r', '%1', 'manual')").arg(QString(40, u'a')), &ok);
        QVERIFY(ok);
        m_registry = test::startMirrorWithBase(m_dir.path(), &error);
        QVERIFY2(m_registry, qPrintable(error));
    }

    void nativeBuildIsReproducible()
    {
        const QString src = source({{"server.py", "print('hi')\n"}, {"requirements.txt", "flask==3.0.0\n"}});
        const auto a = build(request(src));
        QVERIFY2(a, qPrintable(m_error));
        const auto b = build(request(src, QStringLiteral("/b")));
        QVERIFY2(b, qPrintable(m_error));
        QCOMPARE(a->manifestDigest(), b->manifestDigest());
        QCOMPARE(a->layerCount(), 2);
        const QString other = source({{"server.py", "print('changed')\n"}, {"requirements.txt", "flask==3.0.0\n"}});
        const auto c = build(request(other, QStringLiteral("/c")));
        QVERIFY(c);
        QVERIFY(c->manifestDigest() != a->manifestDigest());
        // The config names the commit and the spec's runtime.
        const QJsonObject config = configOf(*a);
        QCOMPARE(config.value(QStringLiteral("Labels")).toObject().value(QStringLiteral("org.opencontainers.image.revision")).toString(), QString(40, u'c'));
        QCOMPARE(config.value(QStringLiteral("WorkingDir")).toString(), QStringLiteral("/app"));
        QVERIFY(config.value(QStringLiteral("ExposedPorts")).toObject().contains(QStringLiteral("4200/tcp")));
        QCOMPARE(config.value(QStringLiteral("Entrypoint")).toArray().first().toString(), QStringLiteral("/usr/bin/python3"));
    }

    void sbomFindsEveryLayersPackages()
    {
        auto image = build(request(source({{"requirements.txt", "flask==3.0.0\nrequests==2.31.0\n"}})));
        QVERIFY(image);
        QTemporaryDir logDir;
        BuildLog log(*m_record, 1, 1);
        QString error;
        QVERIFY2(image->makeSbom(QStringLiteral("127.0.0.1:1/p/s"), false, log, &error), qPrintable(error));
        QCOMPARE(image->sbomSummary().value(QStringLiteral("packages")).toInt(), 4);
        QCOMPARE(image->sbomSummary().value(QStringLiteral("byType")).toObject().value(QStringLiteral("deb")).toInt(), 2);
        QCOMPARE(image->sbomSummary().value(QStringLiteral("byType")).toObject().value(QStringLiteral("pypi")).toInt(), 2);
        QCOMPARE(image->sbom->artifactType, QStringLiteral("application/vnd.cyclonedx+json"));
        QVERIFY(image->sbom->referrer);
        QCOMPARE(image->sbomFormat(), QStringLiteral("CycloneDX 1.5"));
        QVERIFY2(image->makeSbom(QStringLiteral("127.0.0.1:1/p/s"), true, log, &error), qPrintable(error));
        QCOMPARE(image->sbom->artifactType, QStringLiteral("application/spdx+json"));
        QCOMPARE(image->sbomFormat(), QStringLiteral("SPDX 2.3"));
        const QJsonObject spdx = QJsonDocument::fromJson(image->sbom->blobs.last().bytes).object();
        QCOMPARE(spdx.value(QStringLiteral("spdxVersion")).toString(), QStringLiteral("SPDX-2.3"));
    }

    void missingOrMalformedBaseFailsForGood()
    {
        ImageBuildRequest r = request(source({{"x", "x"}}));
        r.spec.build.baseImage = QStringLiteral("docker.io/library/no-such-base:1");
        QVERIFY(!build(r));
        QVERIFY(m_permanent);
        QVERIFY2(m_error.contains(QLatin1String("no-such-base")), qPrintable(m_error));
        r.spec.build.baseImage = QStringLiteral("Not An//Image");
        QVERIFY(!build(r));
        QVERIFY(m_permanent);
        QVERIFY2(m_error.contains(QLatin1String("not an image reference")), qPrintable(m_error));
    }

    void runFreeDockerfileBuildsNatively()
    {
        const QString src = source({{"server.py", "print('hi')\n"},
                                    {"Dockerfile", "# the service\nARG PY=python3\nFROM debian:12-slim\nWORKDIR /srv/app\nCOPY server.py .\n"
                                                   "COPY conf/ conf/\nENV MODE=production GREETING=\"hello world\"\nEXPOSE 8080\nUSER 1000\n"
                                                   "LABEL team=platform\nCMD [\"$PY\", \"server.py\"]\n"},
                                    {"conf/app.toml", "a = 1\n"}});
        ImageBuildRequest r = request(src);
        r.spec.build.builder = QStringLiteral("dockerfile");
        r.buildahProgram = QStringLiteral("no-such-buildah"); // and it would not be used: no RUN
        const auto image = build(r);
        QVERIFY2(image, qPrintable(m_error));
        const QJsonObject config = configOf(*image);
        QCOMPARE(config.value(QStringLiteral("WorkingDir")).toString(), QStringLiteral("/srv/app"));
        QCOMPARE(config.value(QStringLiteral("User")).toString(), QStringLiteral("1000"));
        QVERIFY(config.value(QStringLiteral("ExposedPorts")).toObject().contains(QStringLiteral("8080/tcp")));
        QCOMPARE(config.value(QStringLiteral("Cmd")).toArray(), (QJsonArray{QStringLiteral("python3"), QStringLiteral("server.py")}));
        const QJsonArray env = config.value(QStringLiteral("Env")).toArray();
        QVERIFY(env.contains(QStringLiteral("MODE=production")));
        QVERIFY(env.contains(QStringLiteral("GREETING=hello world")));
        QCOMPARE(config.value(QStringLiteral("Labels")).toObject().value(QStringLiteral("team")).toString(), QStringLiteral("platform"));
        // Reproducible like the native builder.
        const auto again = build(request(src, QStringLiteral("/again")), &r);
        QVERIFY(again);
        QCOMPARE(again->manifestDigest(), image->manifestDigest());
    }

    void whatTheNativeBuilderCannotDoIsRefused_data()
    {
        QTest::addColumn<QByteArray>("dockerfile");
        QTest::addColumn<QString>("reason");
        QTest::newRow("run") << QByteArray("FROM debian:12-slim\nRUN apt-get install -y curl\n") << QStringLiteral("RUN needs a container runtime");
        QTest::newRow("outside workdir") << QByteArray("FROM debian:12-slim\nWORKDIR /app\nCOPY server.py /etc/\n") << QStringLiteral("outside WORKDIR");
        QTest::newRow("url") << QByteArray("FROM debian:12-slim\nADD https://example.com/x /app/\n") << QStringLiteral("URL");
        QTest::newRow("escape") << QByteArray("FROM debian:12-slim\nCOPY ../../etc/passwd .\n") << QStringLiteral("not inside the build context");
        QTest::newRow("no from") << QByteArray("WORKDIR /app\n") << QStringLiteral("no FROM");
        QTest::newRow("unknown") << QByteArray("FROM debian:12-slim\nFROBNICATE\n") << QStringLiteral("unknown instruction");
    }

    void whatTheNativeBuilderCannotDoIsRefused()
    {
        QFETCH(QByteArray, dockerfile);
        QFETCH(QString, reason);
        ImageBuildRequest r = request(source({{"server.py", "x"}, {"Dockerfile", dockerfile}}));
        r.spec.build.builder = QStringLiteral("dockerfile");
        r.buildahProgram = QStringLiteral("no-such-buildah");
        QVERIFY(!build(r));
        QVERIFY(m_permanent);
        QVERIFY2(m_error.contains(reason), qPrintable(m_error));
    }

    // RUN needs a runtime: buildah (chroot isolation, no daemon) builds it when installed.
    void dockerfileWithRunUsesBuildah()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("buildah")).isEmpty() || !QFileInfo::exists(QStringLiteral("/bin/busybox")))
            QSKIP("buildah or busybox-static is not installed (installers/debian-packages.txt lists both)");
        QFile busybox(QStringLiteral("/bin/busybox"));
        QVERIFY(busybox.open(QIODevice::ReadOnly));
        const QString src = source({{"busybox", busybox.readAll()},
                                    {"Dockerfile", "FROM scratch\nCOPY busybox /bin/busybox\n"
                                                   "RUN [\"/bin/busybox\", \"sh\", \"-c\", \"echo built > /built.txt\"]\n"
                                                   "CMD [\"/bin/busybox\", \"cat\", \"/built.txt\"]\n"}});
        QFile::setPermissions(src + QStringLiteral("/busybox"), QFile::permissions(src + QStringLiteral("/busybox")) | QFile::ExeOwner);
        ImageBuildRequest r = request(src);
        r.spec.build.builder = QStringLiteral("dockerfile");
        r.buildahProgram = QStringLiteral("buildah");
        const auto image = build(r);
        QVERIFY2(image, qPrintable(m_error));
        QVERIFY(image->manifestDigest().startsWith(QLatin1String("sha256:")));
        // The RUN really ran: its file is in a layer.
        bool found = false;
        for (const QString &layer : image->layerFiles) {
            QFile f(layer);
            QVERIFY(f.open(QIODevice::ReadOnly));
            oci::TarReader reader(&f);
            while (reader.next())
                found = found || reader.entry().path == QLatin1String("built.txt");
        }
        QVERIFY(found);
    }

    void missingDockerfile()
    {
        ImageBuildRequest r = request(source({{"server.py", "x"}}));
        r.spec.build.builder = QStringLiteral("dockerfile");
        QVERIFY(!build(r));
        QVERIFY(m_permanent);
        QVERIFY2(m_error.contains(QLatin1String("no Dockerfile")), qPrintable(m_error));
    }

private:
    QString source(const QList<std::pair<const char *, QByteArray>> &files)
    {
        const QString dir = m_dir.path() + QStringLiteral("/src-%1").arg(++m_sources);
        for (const auto &[name, content] : files) {
            const QString path = dir + u'/' + QString::fromLatin1(name);
            QDir().mkpath(QFileInfo(path).absolutePath());
            QFile f(path);
            f.open(QIODevice::WriteOnly);
            f.write(content);
        }
        return dir;
    }

    ImageBuildRequest request(const QString &src, const QString &workSuffix = {})
    {
        ImageBuildRequest r;
        r.spec.name = QStringLiteral("switchyard-api");
        r.spec.project = QStringLiteral("enclii");
        r.spec.port = 4200;
        r.spec.command = {QStringLiteral("/usr/bin/python3")};
        r.spec.build.path = QStringLiteral(".");
        r.spec.build.baseImage = QStringLiteral("docker.io/library/debian:12-slim");
        r.buildDir = src;
        r.checkoutDir = QFileInfo(src).absolutePath();
        r.workDir = m_dir.path() + QStringLiteral("/work-%1%2").arg(m_sources).arg(workSuffix);
        QDir().mkpath(r.workDir);
        r.repo = QStringLiteral("https://github.com/madfam-org/enclii");
        r.commit = QString(40, u'c');
        r.commitTime = QDateTime::fromSecsSinceEpoch(1700000000, Qt::UTC);
        r.baseImageMirror = m_registry->address();
        return r;
    }

    std::optional<BuiltImage> build(const ImageBuildRequest &r, const ImageBuildRequest *like = nullptr)
    {
        ImageBuildRequest req = r;
        if (like) {
            req.spec.build = like->spec.build;
            req.buildahProgram = like->buildahProgram;
        }
        BuildLog log(*m_record, 1, 1);
        StopFlag stop;
        m_error.clear();
        m_permanent = false;
        return buildImage(req, log, stop, [](double, const QString &) {}, &m_error, &m_permanent);
    }

    static QJsonObject configOf(const BuiltImage &image)
    {
        return QJsonDocument::fromJson(image.image.blobs.last().bytes).object().value(QStringLiteral("config")).toObject();
    }

    QTemporaryDir m_dir;
    test::TestPostgres m_pg{QStringLiteral("imagebuild")};
    std::unique_ptr<store::Database> m_db;
    std::unique_ptr<BuildRecord> m_record;
    std::unique_ptr<oci::EmbeddedRegistry> m_registry;
    QString m_error;
    bool m_permanent = false;
    int m_sources = 0;
};

QTEST_GUILESS_MAIN(TestImageBuild)
#include "tst_imagebuild.moc"
