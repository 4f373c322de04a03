// The client over TLS, with certificates the openssl CLI makes for each run: the cluster CA,
// an API server certificate, client certificates (RSA and EC) the server requires, a second
// CA that must not be trusted; kubeconfig and in-cluster configurations end to end.

#include "FakeApiServer.h"
#include "FakeCluster.h"

#include "kube/client/KubeClient.h"
#include "kube/client/KubeConfig.h"

#include <QFile>
#include <QProcess>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QTemporaryDir>
#include <QTest>

using namespace enclii::kube;
using namespace enclii::kube::test;

namespace {

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

KubeClient::Options fast()
{
    KubeClient::Options o;
    o.qps = 0;
    o.maxAttempts = 1;
    o.requestTimeoutMs = 10000;
    return o;
}

} // namespace

class TestKubeTls : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void verifiesTheServerAndPresentsAClientCertificate();
    void ecClientKey();
    void untrustedServerIsRefused();
    void missingClientCertificateIsRefused();
    void insecureSkipsVerification();
    void tlsServerNameChecksAnotherName();
    void kubeconfigEndToEnd();
    void inClusterEndToEnd();
    void unreadableKeyIsAConfigError();

private:
    bool openssl(const QStringList &args);
    QString file(const QString &name) const { return m_dir.filePath(name); }
    bool issue(const QString &name, const QString &subject, const QString &extensions, const QStringList &keyArgs,
               const QString &ca = QStringLiteral("ca"));
    void startServer(const QString &certName);
    KubeConfig baseConfig() const;

    QTemporaryDir m_dir;
    std::unique_ptr<FakeApiServer> m_server;
    std::unique_ptr<FakeCluster> m_cluster;
};

bool TestKubeTls::openssl(const QStringList &args)
{
    QProcess p;
    p.setWorkingDirectory(m_dir.path());
    p.start(QStringLiteral("openssl"), args);
    if (!p.waitForFinished(60000) || p.exitCode() != 0) {
        qWarning().noquote() << "openssl" << args.join(QLatin1Char(' ')) << "failed:" << p.readAllStandardError();
        return false;
    }
    return true;
}

bool TestKubeTls::issue(const QString &name, const QString &subject, const QString &extensions,
                        const QStringList &keyArgs, const QString &ca)
{
    QFile ext(file(name + QStringLiteral(".ext")));
    if (!ext.open(QIODevice::WriteOnly))
        return false;
    ext.write(extensions.toUtf8());
    ext.close();
    return openssl(QStringList{QStringLiteral("genpkey")} + keyArgs + QStringList{QStringLiteral("-out"), name + QStringLiteral(".key")})
        && openssl({QStringLiteral("req"), QStringLiteral("-new"), QStringLiteral("-key"), name + QStringLiteral(".key"),
                    QStringLiteral("-subj"), subject, QStringLiteral("-out"), name + QStringLiteral(".csr")})
        && openssl({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), name + QStringLiteral(".csr"),
                    QStringLiteral("-CA"), ca + QStringLiteral(".crt"), QStringLiteral("-CAkey"), ca + QStringLiteral(".key"),
                    QStringLiteral("-CAcreateserial"), QStringLiteral("-days"), QStringLiteral("2"),
                    QStringLiteral("-extfile"), name + QStringLiteral(".ext"), QStringLiteral("-out"),
                    name + QStringLiteral(".crt")});
}

void TestKubeTls::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QStringList rsa{QStringLiteral("-algorithm"), QStringLiteral("RSA"), QStringLiteral("-pkeyopt"),
                          QStringLiteral("rsa_keygen_bits:2048")};
    const QStringList ec{QStringLiteral("-algorithm"), QStringLiteral("EC"), QStringLiteral("-pkeyopt"),
                         QStringLiteral("ec_paramgen_curve:P-256")};
    for (const QString &ca : {QStringLiteral("ca"), QStringLiteral("other-ca")})
        QVERIFY(openssl({QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                         QStringLiteral("-nodes"), QStringLiteral("-keyout"), ca + QStringLiteral(".key"),
                         QStringLiteral("-out"), ca + QStringLiteral(".crt"), QStringLiteral("-days"), QStringLiteral("2"),
                         QStringLiteral("-subj"), QStringLiteral("/CN=") + ca, QStringLiteral("-addext"),
                         QStringLiteral("basicConstraints=critical,CA:TRUE"), QStringLiteral("-addext"),
                         QStringLiteral("keyUsage=critical,keyCertSign,cRLSign")}));
    QVERIFY(issue(QStringLiteral("server"), QStringLiteral("/CN=kube-apiserver"),
                  QStringLiteral("subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n"), rsa));
    QVERIFY(issue(QStringLiteral("named-server"), QStringLiteral("/CN=kube-apiserver"),
                  QStringLiteral("subjectAltName=DNS:kubernetes.default.svc\nextendedKeyUsage=serverAuth\n"), ec));
    QVERIFY(issue(QStringLiteral("client"), QStringLiteral("/O=system:masters/CN=encliid"),
                  QStringLiteral("extendedKeyUsage=clientAuth\n"), rsa));
    QVERIFY(issue(QStringLiteral("ec-client"), QStringLiteral("/CN=encliid-ec"), QStringLiteral("extendedKeyUsage=clientAuth\n"), ec));
    QVERIFY(issue(QStringLiteral("stranger"), QStringLiteral("/CN=stranger"), QStringLiteral("extendedKeyUsage=clientAuth\n"), rsa,
                  QStringLiteral("other-ca")));
}

void TestKubeTls::startServer(const QString &certName)
{
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificate(QSslCertificate(readAll(file(certName + QStringLiteral(".crt")))));
    const QByteArray keyPem = readAll(file(certName + QStringLiteral(".key")));
    QSslKey key(keyPem, QSsl::Rsa);
    if (key.isNull())
        key = QSslKey(keyPem, QSsl::Ec);
    QVERIFY(!key.isNull());
    tls.setPrivateKey(key);
    // As an API server that authenticates clients by certificate: the cluster CA signs them.
    tls.setCaCertificates(QSslCertificate::fromData(readAll(file(QStringLiteral("ca.crt")))));
    tls.setPeerVerifyMode(QSslSocket::VerifyPeer);
    m_server = std::make_unique<FakeApiServer>([this](const FakeRequest &r) { return m_cluster->handle(r); });
    m_cluster = std::make_unique<FakeCluster>(m_server.get());
    QVERIFY(m_server->listenTls(tls));
}

KubeConfig TestKubeTls::baseConfig() const
{
    KubeConfig c;
    c.server = m_server->url();
    c.certificateAuthorityPem = readAll(file(QStringLiteral("ca.crt")));
    c.clientCertificatePem = readAll(file(QStringLiteral("client.crt")));
    c.clientKeyPem = readAll(file(QStringLiteral("client.key")));
    c.defaultNamespace = QStringLiteral("shop");
    return c;
}

void TestKubeTls::verifiesTheServerAndPresentsAClientCertificate()
{
    startServer(QStringLiteral("server"));
    KubeClient client(baseConfig(), fast());
    const KubeResult<QJsonObject> r = client.get(QStringLiteral("ConfigMap"), {}, QStringLiteral("x"));
    QVERIFY2(r.error().isNotFound(), qPrintable(r.error().toString())); // an HTTP answer: TLS went through
    QCOMPARE(m_server->requests().size(), 1);
    QCOMPARE(m_server->requests().first().clientCertificateName, QStringLiteral("encliid"));
}

void TestKubeTls::ecClientKey()
{
    startServer(QStringLiteral("server"));
    KubeConfig c = baseConfig();
    c.clientCertificatePem = readAll(file(QStringLiteral("ec-client.crt")));
    c.clientKeyPem = readAll(file(QStringLiteral("ec-client.key")));
    KubeClient client(c, fast());
    const KubeResult<QJsonObject> r = client.get(QStringLiteral("ConfigMap"), {}, QStringLiteral("x"));
    QVERIFY2(r.error().isNotFound(), qPrintable(r.error().toString()));
    QCOMPARE(m_server->requests().first().clientCertificateName, QStringLiteral("encliid-ec"));
}

void TestKubeTls::untrustedServerIsRefused()
{
    startServer(QStringLiteral("server"));
    KubeConfig c = baseConfig();
    c.certificateAuthorityPem = readAll(file(QStringLiteral("other-ca.crt")));
    KubeClient client(c, fast());
    const KubeResult<QJsonObject> r = client.get(QStringLiteral("ConfigMap"), {}, QStringLiteral("x"));
    QVERIFY(!r.ok());
    QCOMPARE(r.error().kind, KubeError::Kind::Network);
    QVERIFY(r.error().toString().contains(QStringLiteral("certificate")));
    QCOMPARE(m_server->requests().size(), 0);

    // Nor does the system trust store stand in for the cluster CA.
    c.certificateAuthorityPem.clear();
    KubeClient system(c, fast());
    QCOMPARE(system.get(QStringLiteral("ConfigMap"), {}, QStringLiteral("x")).error().kind, KubeError::Kind::Network);
    QCOMPARE(m_server->requests().size(), 0);
}

void TestKubeTls::missingClientCertificateIsRefused()
{
    startServer(QStringLiteral("server"));
    KubeConfig c = baseConfig();
    c.clientCertificatePem.clear();
    c.clientKeyPem.clear();
    KubeClient anonymous(c, fast());
    QCOMPARE(anonymous.get(QStringLiteral("ConfigMap"), {}, QStringLiteral("x")).error().kind, KubeError::Kind::Network);

    c.clientCertificatePem = readAll(file(QStringLiteral("stranger.crt")));
    c.clientKeyPem = readAll(file(QStringLiteral("stranger.key")));
    KubeClient stranger(c, fast());
    QCOMPARE(stranger.get(QStringLiteral("ConfigMap"), {}, QStringLiteral("x")).error().kind, KubeError::Kind::Network);
    QCOMPARE(m_server->requests().size(), 0);
}

void TestKubeTls::insecureSkipsVerification()
{
    startServer(QStringLiteral("server"));
    KubeConfig c = baseConfig();
    c.certificateAuthorityPem.clear();
    c.insecureSkipTlsVerify = true;
    KubeClient client(c, fast());
    QVERIFY(client.get(QStringLiteral("ConfigMap"), {}, QStringLiteral("x")).error().isNotFound());
    QVERIFY(c.describe().contains(QStringLiteral("TLS verification OFF")));
}

void TestKubeTls::tlsServerNameChecksAnotherName()
{
    startServer(QStringLiteral("named-server")); // valid for kubernetes.default.svc only
    KubeConfig c = baseConfig();
    KubeClient byAddress(c, fast());
    QCOMPARE(byAddress.get(QStringLiteral("ConfigMap"), {}, QStringLiteral("x")).error().kind, KubeError::Kind::Network);
    c.tlsServerName = QStringLiteral("kubernetes.default.svc");
    KubeClient byName(c, fast());
    const KubeResult<QJsonObject> r = byName.get(QStringLiteral("ConfigMap"), {}, QStringLiteral("x"));
    QVERIFY2(r.error().isNotFound(), qPrintable(r.error().toString()));
}

void TestKubeTls::kubeconfigEndToEnd()
{
    startServer(QStringLiteral("server"));
    const QByteArray yaml = "apiVersion: v1\nkind: Config\ncurrent-context: test\n"
                            "clusters:\n- name: test\n  cluster:\n    server: "
        + m_server->url().toEncoded() + "\n    certificate-authority-data: " + readAll(file(QStringLiteral("ca.crt"))).toBase64()
        + "\nusers:\n- name: admin\n  user:\n    client-certificate-data: "
        + readAll(file(QStringLiteral("client.crt"))).toBase64() + "\n    client-key-data: "
        + readAll(file(QStringLiteral("client.key"))).toBase64()
        + "\ncontexts:\n- name: test\n  context: {cluster: test, user: admin, namespace: shop}\n";
    QFile f(file(QStringLiteral("kubeconfig")));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(yaml);
    f.close();
    const KubeResult<KubeConfig> config = KubeConfig::fromKubeconfigFile(f.fileName());
    QVERIFY2(config.ok(), qPrintable(config.error().toString()));
    KubeClient client(*config, fast());
    const QJsonObject ns{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                         {QStringLiteral("kind"), QStringLiteral("Namespace")},
                         {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), QStringLiteral("shop")}}}};
    const KubeResult<QJsonObject> applied = client.apply(ns);
    QVERIFY2(applied.ok(), qPrintable(applied.error().toString()));
    QVERIFY(m_cluster->contains(QStringLiteral("/api/v1/namespaces/shop")));
}

void TestKubeTls::inClusterEndToEnd()
{
    startServer(QStringLiteral("server"));
    QTemporaryDir account;
    const auto mount = [&](const QString &name, const QByteArray &content) {
        QFile f(account.filePath(name));
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(content);
    };
    mount(QStringLiteral("token"), "first-token\n");
    mount(QStringLiteral("ca.crt"), readAll(file(QStringLiteral("ca.crt"))));
    mount(QStringLiteral("namespace"), "enclii");
    const KubeResult<KubeConfig> config =
        KubeConfig::inCluster(account.path(), QStringLiteral("127.0.0.1"), QString::number(m_server->url().port()));
    QVERIFY2(config.ok(), qPrintable(config.error().toString()));
    KubeConfig c = *config;
    // The fake API server requires client certificates; a real one takes the token alone.
    c.clientCertificatePem = readAll(file(QStringLiteral("client.crt")));
    c.clientKeyPem = readAll(file(QStringLiteral("client.key")));
    KubeClient client(c, fast());
    QVERIFY(client.get(QStringLiteral("Lease"), {}, QStringLiteral("leader")).error().isNotFound());
    QCOMPARE(m_server->requests().last().path, QStringLiteral("/apis/coordination.k8s.io/v1/namespaces/enclii/leases/leader"));
    QCOMPARE(m_server->requests().last().header("authorization"), QByteArray("Bearer first-token"));

    mount(QStringLiteral("token"), "second-rotated-token\n");
    QVERIFY(client.get(QStringLiteral("Lease"), {}, QStringLiteral("leader")).error().isNotFound());
    QCOMPARE(m_server->requests().last().header("authorization"), QByteArray("Bearer second-rotated-token"));
}

void TestKubeTls::unreadableKeyIsAConfigError()
{
    startServer(QStringLiteral("server"));
    KubeConfig c = baseConfig();
    c.clientKeyPem = "-----BEGIN PRIVATE KEY-----\nU0VDUkVUS0VZTUFURVJJQUw=\n-----END PRIVATE KEY-----\n";
    KubeClient client(c, fast());
    const KubeError e = client.get(QStringLiteral("ConfigMap"), {}, QStringLiteral("x")).error();
    QCOMPARE(e.kind, KubeError::Kind::Config);
    QVERIFY(e.message.contains(QStringLiteral("client key")));
    QVERIFY(!e.toString().contains(QStringLiteral("U0VDUkVU")));
    QCOMPARE(m_server->requests().size(), 0);
}

QTEST_GUILESS_MAIN(TestKubeTls)
#include "tst_kubetls.moc"
