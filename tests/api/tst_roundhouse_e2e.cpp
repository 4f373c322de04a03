// Roundhouse end to end, all real parts: a git repository made here (a bare repository as
// the remote), Debian's docker-registry on a free loopback port, PostgreSQL, the daemon with
// one build worker. A push signed like GitHub signs it ends as a release whose image skopeo
// inspects, whose SBOM is a referrer of the image and lists the packages of every layer, and
// whose cosign signature verifies (with our verifier and with the openssl CLI) under the
// public key the daemon serves. A rebuild of the same commit gives the same digest and
// uploads nothing. The build is metered for Waybill.
#include "BaseImageFixture.h"
#include "DaemonFixture.h"
#include "HttpClient.h"

#include "../roundhouse/GitFixture.h"

#include "oci/image/Cosign.h"
#include "oci/registry/EmbeddedRegistry.h"
#include "oci/registry/RegistryClient.h"
#include "support/TestPostgres.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace enclii;

namespace {

const QString kAdmin = QStringLiteral("admin@test.local");
const QString kPassword = QStringLiteral("correct horse battery staple");
const QString kRepo = QStringLiteral("https://github.com/madfam-org/enclii.git");
const QByteArray kSecret = "a webhook secret of some length";

QJsonObject json(const QByteArray &b)
{
    return QJsonDocument::fromJson(b).object();
}

} // namespace

class TestRoundhouseE2e : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY2(m_pg.isValid(), qPrintable(m_pg.error()));
        QString error;
        m_registry = test::startMirrorWithBase(m_scratch.path(), &error);
        QVERIFY2(m_registry, qPrintable(error));

        QVERIFY2(m_git.isValid(), qPrintable(m_git.lastError()));
        QVERIFY(m_git.write(QStringLiteral("apps/switchyard-api/server.py"), "print('switchyard')\n"));
        QVERIFY(m_git.write(QStringLiteral("apps/switchyard-api/requirements.txt"), "flask==3.0.0\nrequests==2.31.0  # http\n"));
        QVERIFY(m_git.write(QStringLiteral("apps/switchyard-api/bin/start"), "#!/bin/sh\nexec python3 server.py\n", true));
        QVERIFY(m_git.write(QStringLiteral("docs/readme.md"), "not built\n"));
        m_commit = m_git.commitAndPush(QStringLiteral("switchyard: first"));
        QVERIFY(!m_commit.isEmpty());

        daemon::Config config;
        config.registry = m_registry->address();
        config.baseImageMirror = m_registry->address();
        // The job carries the normalised URL (no .git): that is what the rewrite sees.
        config.gitRewrites = {QStringLiteral("https://github.com/madfam-org/enclii=file://") + m_git.remote()};
        m_fixture.buildWorkers = 1;
        QVERIFY2(m_fixture.start(m_pg.connectionString(), kAdmin, kPassword, QByteArray(32, '\x46'), config), qPrintable(m_fixture.error));
        const auto r = test::httpRequest(m_fixture.base + QStringLiteral("/v1/repos/secret"), "PUT",
                                         QJsonDocument(QJsonObject{{QStringLiteral("repo"), kRepo}, {QStringLiteral("secret"), QString::fromUtf8(kSecret)}}).toJson(),
                                         "application/json", test::bearer(m_fixture.adminToken));
        QCOMPARE(r.status, 200);
    }

    void aSignedPushEndsAsAVerifiedRelease()
    {
        const QJsonObject commit{{QStringLiteral("id"), m_commit}, {QStringLiteral("added"), QJsonArray{QStringLiteral("apps/switchyard-api/server.py")}},
                                 {QStringLiteral("modified"), QJsonArray()}, {QStringLiteral("removed"), QJsonArray()}};
        const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("ref"), QStringLiteral("refs/heads/main")},
                                                          {QStringLiteral("before"), QString(40, u'0').replace(0, 1, u'1')},
                                                          {QStringLiteral("after"), m_commit},
                                                          {QStringLiteral("commits"), QJsonArray{commit}},
                                                          {QStringLiteral("repository"), QJsonObject{{QStringLiteral("clone_url"), kRepo}}}})
                                    .toJson(QJsonDocument::Compact);
        const auto hook = test::httpRequest(m_fixture.base + QStringLiteral("/v1/webhooks/github"), "POST", body, "application/json",
                                            {{"X-GitHub-Event", "push"}, {"X-GitHub-Delivery", "e2e-1"},
                                             {"X-Hub-Signature-256", "sha256=" + QMessageAuthenticationCode::hash(body, kSecret, QCryptographicHash::Sha256).toHex()}});
        QVERIFY2(hook.status == 202, hook.body.constData());
        const QJsonArray queued = hook.json().value(QStringLiteral("queued")).toArray();
        QCOMPARE(queued.size(), 1);
        m_build = queued[0].toObject().value(QStringLiteral("id")).toInteger();

        const QJsonObject build = waitForBuild(m_build);
        QVERIFY2(build.value(QStringLiteral("state")).toString() == QLatin1String("succeeded"), QJsonDocument(build).toJson().constData());
        for (const auto &s : build.value(QStringLiteral("steps")).toArray())
            QVERIFY2(s.toObject().value(QStringLiteral("state")).toString() == QLatin1String("succeeded"), qPrintable(QJsonDocument(s.toObject()).toJson()));
        const QJsonObject image = build.value(QStringLiteral("image")).toObject();
        m_digest = image.value(QStringLiteral("digest")).toString();
        QVERIFY(m_digest.startsWith(QLatin1String("sha256:")));
        const QString repository = QStringLiteral("enclii/switchyard-api");
        QCOMPARE(image.value(QStringLiteral("reference")).toString(), m_registry->address() + u'/' + repository + u'@' + m_digest);
        QVERIFY(build.value(QStringLiteral("release")).toObject().value(QStringLiteral("id")).toInteger() > 0);
        QCOMPARE(m_pg.query(QStringLiteral("SELECT count(*) FROM releases WHERE build_id = %1 AND image_digest = '%2'").arg(m_build).arg(m_digest)).toInt(), 1);

        // skopeo reads what was pushed, by tag (the commit) and by digest.
        QProcess skopeo;
        skopeo.start(QStringLiteral("skopeo"), {QStringLiteral("inspect"), QStringLiteral("--tls-verify=false"),
                                                QStringLiteral("docker://%1/%2:%3").arg(m_registry->address(), repository, m_commit)});
        QVERIFY(skopeo.waitForFinished(60000));
        QVERIFY2(skopeo.exitCode() == 0, skopeo.readAllStandardError().constData());
        const QJsonObject inspected = json(skopeo.readAllStandardOutput());
        QCOMPARE(inspected.value(QStringLiteral("Digest")).toString(), m_digest);
        QCOMPARE(inspected.value(QStringLiteral("Labels")).toObject().value(QStringLiteral("org.opencontainers.image.revision")).toString(), m_commit);
        QCOMPARE(inspected.value(QStringLiteral("Layers")).toArray().size(), 2); // the base's and ours

        // skopeo copies it out and umoci unpacks it: the base's files and ours, run as non-root.
        QTemporaryDir unpack;
        QProcess copy;
        copy.start(QStringLiteral("skopeo"), {QStringLiteral("copy"), QStringLiteral("-q"), QStringLiteral("--src-tls-verify=false"),
                                              QStringLiteral("docker://%1/%2@%3").arg(m_registry->address(), repository, m_digest),
                                              QStringLiteral("oci:%1/layout:image").arg(unpack.path())});
        QVERIFY(copy.waitForFinished(60000));
        QVERIFY2(copy.exitCode() == 0, copy.readAllStandardError().constData());
        QProcess umoci;
        umoci.start(QStringLiteral("umoci"), {QStringLiteral("unpack"), QStringLiteral("--image"), unpack.path() + QStringLiteral("/layout:image"),
                                              unpack.path() + QStringLiteral("/bundle")});
        QVERIFY(umoci.waitForFinished(60000));
        QVERIFY2(umoci.exitCode() == 0, umoci.readAllStandardError().constData());
        QFile server(unpack.path() + QStringLiteral("/bundle/rootfs/app/server.py"));
        QVERIFY(server.open(QIODevice::ReadOnly));
        QCOMPARE(server.readAll(), QByteArray("print('switchyard')\n"));
        QVERIFY(QFileInfo(unpack.path() + QStringLiteral("/bundle/rootfs/app/bin/start")).isExecutable());
        QVERIFY(QFileInfo::exists(unpack.path() + QStringLiteral("/bundle/rootfs/var/lib/dpkg/status")));
        QVERIFY(!QFileInfo::exists(unpack.path() + QStringLiteral("/bundle/rootfs/app/.git")));
        QFile runtime(unpack.path() + QStringLiteral("/bundle/config.json"));
        QVERIFY(runtime.open(QIODevice::ReadOnly));
        const QJsonObject process = json(runtime.readAll()).value(QStringLiteral("process")).toObject();
        QCOMPARE(process.value(QStringLiteral("user")).toObject().value(QStringLiteral("uid")).toInt(), 65532);
        QCOMPARE(process.value(QStringLiteral("cwd")).toString(), QStringLiteral("/app"));

        oci::RegistryClient client(registryOptions());
        // The SBOM: a CycloneDX referrer of the image, listing the base's debs and our pypi packages.
        const auto referrers = client.referrers(repository, m_digest, QStringLiteral("application/vnd.cyclonedx+json"));
        QVERIFY2(referrers.ok(), qPrintable(referrers.ok() ? QString() : referrers.error().toString()));
        QCOMPARE(referrers->size(), 1);
        const auto sbomManifest = client.getManifest(repository, referrers->first().digest);
        QVERIFY(sbomManifest.ok());
        const QString sbomBlob = json(sbomManifest->bytes).value(QStringLiteral("layers")).toArray().first().toObject().value(QStringLiteral("digest")).toString();
        const auto sbom = client.pullBlob(repository, sbomBlob);
        QVERIFY(sbom.ok());
        const QJsonObject bom = json(*sbom);
        QCOMPARE(bom.value(QStringLiteral("bomFormat")).toString(), QStringLiteral("CycloneDX"));
        QCOMPARE(bom.value(QStringLiteral("specVersion")).toString(), QStringLiteral("1.5"));
        QStringList purls;
        for (const auto &c : bom.value(QStringLiteral("components")).toArray())
            purls << c.toObject().value(QStringLiteral("purl")).toString();
        QVERIFY2(purls.contains(QStringLiteral("pkg:pypi/flask@3.0.0")), qPrintable(purls.join(u' ')));
        QVERIFY2(std::any_of(purls.begin(), purls.end(), [](const QString &p) { return p.startsWith(QLatin1String("pkg:deb/debian/libc6@2.36-9")); }),
                 qPrintable(purls.join(u' ')));
        QCOMPARE(build.value(QStringLiteral("sbom")).toObject().value(QStringLiteral("packages")).toInt(), 4);

        // The signature: cosign's layout, verified with the key the daemon serves.
        const auto pub = test::httpRequest(m_fixture.base + QStringLiteral("/v1/signing/public-key"));
        QCOMPARE(pub.status, 200);
        QVERIFY(pub.body.startsWith("-----BEGIN PUBLIC KEY-----"));
        const auto sigManifest = client.getManifest(repository, oci::Cosign::signatureTag(m_digest));
        QVERIFY2(sigManifest.ok(), qPrintable(sigManifest.ok() ? QString() : sigManifest.error().toString()));
        const QJsonObject layer = json(sigManifest->bytes).value(QStringLiteral("layers")).toArray().first().toObject();
        QCOMPARE(layer.value(QStringLiteral("mediaType")).toString(), QStringLiteral("application/vnd.dev.cosign.simplesigning.v1+json"));
        const QString signature = layer.value(QStringLiteral("annotations")).toObject().value(QStringLiteral("dev.cosignproject.cosign/signature")).toString();
        const auto payload = client.pullBlob(repository, layer.value(QStringLiteral("digest")).toString());
        QVERIFY(payload.ok());
        const auto verdict = oci::Cosign::verifySignature(pub.body, *payload, signature, m_digest, m_registry->address() + u'/' + repository);
        QVERIFY2(verdict.ok(), qPrintable(verdict.reason));
        QVERIFY(!oci::Cosign::verifySignature(pub.body, *payload, signature, QStringLiteral("sha256:") + QString(64, u'0')).ok());
        // And independently of our code: openssl over the exact payload bytes.
        QTemporaryDir dir;
        writeFile(dir.filePath(QStringLiteral("pub.pem")), pub.body);
        writeFile(dir.filePath(QStringLiteral("payload")), *payload);
        writeFile(dir.filePath(QStringLiteral("sig.der")), QByteArray::fromBase64(signature.toLatin1()));
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"), {QStringLiteral("dgst"), QStringLiteral("-sha256"), QStringLiteral("-verify"), dir.filePath(QStringLiteral("pub.pem")),
                                                  QStringLiteral("-signature"), dir.filePath(QStringLiteral("sig.der")), dir.filePath(QStringLiteral("payload"))});
        QVERIFY(openssl.waitForFinished(30000));
        QVERIFY2(openssl.exitCode() == 0, openssl.readAll().constData());

        // Waybill heard of it, once.
        QCOMPARE(m_pg.query(QStringLiteral("SELECT count(*) FROM usage_events WHERE type = 'build.completed' AND idempotency_key = 'build/%1/completed'").arg(m_build)).toInt(), 1);
        // The log tells the story.
        const auto logs = test::httpRequest(m_fixture.base + QStringLiteral("/v1/builds/%1/logs").arg(m_build), "GET", {}, {}, test::bearer(m_fixture.adminToken));
        QCOMPARE(logs.status, 200);
        QVERIFY(logs.body.contains("checked out"));
        QVERIFY(logs.body.contains("signed sha256:"));
    }

    void aRebuildOfTheSameCommitReusesEverything()
    {
        const auto r = test::httpRequest(m_fixture.base + QStringLiteral("/v1/services/switchyard-api/builds"), "POST",
                                         QJsonDocument(QJsonObject{{QStringLiteral("commit"), m_commit}}).toJson(), "application/json",
                                         test::bearer(m_fixture.adminToken));
        QCOMPARE(r.status, 202);
        const QJsonObject build = waitForBuild(r.json().value(QStringLiteral("id")).toInteger());
        QVERIFY2(build.value(QStringLiteral("state")).toString() == QLatin1String("succeeded"), QJsonDocument(build).toJson().constData());
        QCOMPARE(build.value(QStringLiteral("image")).toObject().value(QStringLiteral("digest")).toString(), m_digest); // reproducible
        const QJsonObject push = build.value(QStringLiteral("steps")).toArray()[4].toObject();
        QCOMPARE(push.value(QStringLiteral("name")).toString(), QStringLiteral("push"));
        QVERIFY2(push.value(QStringLiteral("detail")).toString().startsWith(QLatin1String("0 B uploaded")), qPrintable(push.value(QStringLiteral("detail")).toString()));
    }

    void badInputFailsWithTheReason()
    {
        // A commit the repository does not have: failed at once, no retry, the reason kept.
        const QString ghost = QStringLiteral("0123456789abcdef0123456789abcdef01234567");
        auto r = test::httpRequest(m_fixture.base + QStringLiteral("/v1/services/switchyard-api/builds"), "POST",
                                   QJsonDocument(QJsonObject{{QStringLiteral("commit"), ghost}}).toJson(), "application/json",
                                   test::bearer(m_fixture.adminToken));
        QCOMPARE(r.status, 202);
        QJsonObject build = waitForBuild(r.json().value(QStringLiteral("id")).toInteger());
        QCOMPARE(build.value(QStringLiteral("state")).toString(), QStringLiteral("failed"));
        QCOMPARE(build.value(QStringLiteral("attempts")).toInt(), 1);
        QVERIFY(build.value(QStringLiteral("lastError")).toString().contains(ghost));
        QCOMPARE(build.value(QStringLiteral("steps")).toArray()[0].toObject().value(QStringLiteral("state")).toString(), QStringLiteral("failed"));
    }

private:
    oci::RegistryClient::Options registryOptions() const
    {
        oci::RegistryClient::Options o;
        o.registry = m_registry->address();
        return o;
    }

    QJsonObject waitForBuild(qint64 id)
    {
        QElapsedTimer t;
        t.start();
        QJsonObject b;
        while (t.elapsed() < 120000) {
            b = test::httpRequest(m_fixture.base + QStringLiteral("/v1/builds/%1").arg(id), "GET", {}, {}, test::bearer(m_fixture.adminToken)).json();
            const QString state = b.value(QStringLiteral("state")).toString();
            if (state == QLatin1String("succeeded") || state == QLatin1String("failed") || state == QLatin1String("cancelled"))
                return b;
            QTest::qWait(100);
        }
        return b;
    }

    static void writeFile(const QString &path, const QByteArray &bytes)
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(bytes);
    }

    QTemporaryDir m_scratch;
    test::TestPostgres m_pg{QStringLiteral("roundhouse_e2e")};
    std::unique_ptr<oci::EmbeddedRegistry> m_registry;
    test::GitFixture m_git;
    test::DaemonFixture m_fixture;
    QString m_commit;
    QString m_digest;
    qint64 m_build = 0;
};

QTEST_GUILESS_MAIN(TestRoundhouseE2e)
#include "tst_roundhouse_e2e.moc"
