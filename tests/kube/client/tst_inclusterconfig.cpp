// KubeConfig::inCluster: a pod's service account directory and the service variables.

#include "kube/client/KubeConfig.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace enclii::kube;

namespace {

const QByteArray kCaPem = "-----BEGIN CERTIFICATE-----\nMIIBfakeCA\n-----END CERTIFICATE-----\n";

void write(const QString &path, const QByteArray &content)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(content);
}

// What the kubelet mounts at /var/run/secrets/kubernetes.io/serviceaccount.
void mountAccount(const QTemporaryDir &dir, const QByteArray &ns = "shop")
{
    write(dir.filePath(QStringLiteral("token")), "eyJhbGciOiJSUzI1NiJ9.payload.signature\n");
    write(dir.filePath(QStringLiteral("ca.crt")), kCaPem);
    if (!ns.isNull())
        write(dir.filePath(QStringLiteral("namespace")), ns);
}

} // namespace

class TestInClusterConfig : public QObject
{
    Q_OBJECT

private slots:
    void readsTheServiceAccount();
    void ipv6ServiceAddress();
    void namespaceDefaults();
    void outsideAClusterIsAClearError();
    void missingPiecesAreClearErrors();
};

void TestInClusterConfig::readsTheServiceAccount()
{
    QTemporaryDir dir;
    mountAccount(dir);
    const KubeResult<KubeConfig> r = KubeConfig::inCluster(dir.path(), QStringLiteral("10.43.0.1"), QStringLiteral("443"));
    QVERIFY2(r.ok(), qPrintable(r.error().toString()));
    QCOMPARE(r->server, QUrl(QStringLiteral("https://10.43.0.1:443")));
    QCOMPARE(r->tokenFile, QDir(dir.path()).absoluteFilePath(QStringLiteral("token")));
    QVERIFY(r->token.isEmpty()); // read per request: the kubelet rotates it
    QCOMPARE(r->certificateAuthorityPem, kCaPem);
    QCOMPARE(r->defaultNamespace, QStringLiteral("shop"));
    QVERIFY(r->contextName.isEmpty());
    QVERIFY(r->describe().contains(QStringLiteral("in-cluster service account")));
    QVERIFY(!r->describe().contains(QStringLiteral("payload")));
}

void TestInClusterConfig::ipv6ServiceAddress()
{
    QTemporaryDir dir;
    mountAccount(dir);
    const KubeResult<KubeConfig> r = KubeConfig::inCluster(dir.path(), QStringLiteral("fd00:10:43::1"), QStringLiteral("6443"));
    QVERIFY2(r.ok(), qPrintable(r.error().toString()));
    QCOMPARE(r->server.toString(), QStringLiteral("https://[fd00:10:43::1]:6443"));
}

void TestInClusterConfig::namespaceDefaults()
{
    QTemporaryDir dir;
    mountAccount(dir, QByteArray());
    const KubeResult<KubeConfig> r = KubeConfig::inCluster(dir.path(), QStringLiteral("10.43.0.1"), QStringLiteral("443"));
    QVERIFY(r.ok());
    QCOMPARE(r->defaultNamespace, QStringLiteral("default"));
}

void TestInClusterConfig::outsideAClusterIsAClearError()
{
    QTemporaryDir dir;
    mountAccount(dir);
    const KubeResult<KubeConfig> r = KubeConfig::inCluster(dir.path(), QString(), QString());
    QVERIFY(!r.ok());
    QCOMPARE(r.error().kind, KubeError::Kind::Config);
    QVERIFY(r.error().message.contains(QStringLiteral("KUBERNETES_SERVICE_HOST")));
    QVERIFY(!KubeConfig::inCluster(dir.path(), QStringLiteral("10.43.0.1"), QStringLiteral("http")).ok());
    QVERIFY(!KubeConfig::inCluster(dir.path(), QStringLiteral("bad host/x"), QStringLiteral("443")).ok());
}

void TestInClusterConfig::missingPiecesAreClearErrors()
{
    QTemporaryDir dir;
    mountAccount(dir);
    QFile::remove(dir.filePath(QStringLiteral("ca.crt")));
    const KubeResult<KubeConfig> noCa = KubeConfig::inCluster(dir.path(), QStringLiteral("10.43.0.1"), QStringLiteral("443"));
    QVERIFY(noCa.error().message.contains(QStringLiteral("ca.crt")));

    QFile::remove(dir.filePath(QStringLiteral("token")));
    const KubeResult<KubeConfig> noToken = KubeConfig::inCluster(dir.path(), QStringLiteral("10.43.0.1"), QStringLiteral("443"));
    QVERIFY(noToken.error().message.contains(QStringLiteral("automountServiceAccountToken")));

    write(dir.filePath(QStringLiteral("token")), " \n");
    const KubeResult<KubeConfig> empty = KubeConfig::inCluster(dir.path(), QStringLiteral("10.43.0.1"), QStringLiteral("443"));
    QVERIFY(empty.error().message.contains(QStringLiteral("empty or malformed")));
}

QTEST_APPLESS_MAIN(TestInClusterConfig)
#include "tst_inclusterconfig.moc"
