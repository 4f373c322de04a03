// KubeConfig::fromKubeconfig: contexts, tokens, certificates (inline data and files relative
// to the kubeconfig), KUBECONFIG merging, and errors that point at file:line.

#include "kube/client/KubeConfig.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace enclii::kube;

namespace {

const QByteArray kCaPem = "-----BEGIN CERTIFICATE-----\nMIIBfakeCA\n-----END CERTIFICATE-----\n";
const QByteArray kCertPem = "-----BEGIN CERTIFICATE-----\nMIIBfakeClient\n-----END CERTIFICATE-----\n";
const QByteArray kKeyPem = "-----BEGIN PRIVATE KEY-----\nMIIEsecretKey\n-----END PRIVATE KEY-----\n";

class Files
{
public:
    QString write(const QString &name, const QByteArray &content)
    {
        const QString path = m_dir.filePath(name);
        QDir().mkpath(QFileInfo(path).absolutePath());
        QFile f(path);
        if (f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            f.write(content);
        return path;
    }
    QString path(const QString &name) const { return m_dir.filePath(name); }

private:
    QTemporaryDir m_dir;
};

// One cluster/user/context set; `extra` lines go under the user.
QByteArray kubeconfig(const QByteArray &userLines, const QByteArray &clusterLines = "    server: https://10.0.0.1:6443\n")
{
    return "apiVersion: v1\n"
           "kind: Config\n"
           "current-context: prod\n"
           "clusters:\n"
           "- name: prod-cluster\n"
           "  cluster:\n"
        + clusterLines
        + "users:\n"
          "- name: operator\n"
          "  user:\n"
        + userLines
        + "contexts:\n"
          "- name: prod\n"
          "  context:\n"
          "    cluster: prod-cluster\n"
          "    user: operator\n"
          "    namespace: shop\n"
          "- name: staging\n"
          "  context:\n"
          "    cluster: prod-cluster\n"
          "    user: operator\n";
}

QString errorOf(const KubeResult<KubeConfig> &r)
{
    return r.ok() ? QString() : r.error().message;
}

} // namespace

class TestKubeconfig : public QObject
{
    Q_OBJECT

private slots:
    void tokenUserInCurrentContext();
    void namedContext();
    void inlineCertificateData();
    void filesRelativeToTheKubeconfig();
    void mergesFilesInOrder();
    void kubeconfigVariableListsFiles();
    void errorsPointAtFileAndLine_data();
    void errorsPointAtFileAndLine();
    void errorsAboutTheWholeFile();
    void errorsNeverShowSecrets();
};

void TestKubeconfig::tokenUserInCurrentContext()
{
    Files files;
    const QString path = files.write(QStringLiteral("config"),
                                     kubeconfig("    token: abc.def-123\n",
                                                "    server: https://10.0.0.1:6443\n"
                                                "    tls-server-name: kubernetes.default.svc\n"));
    const KubeResult<KubeConfig> r = KubeConfig::fromKubeconfigFile(path);
    QVERIFY2(r.ok(), qPrintable(errorOf(r)));
    QCOMPARE(r->server, QUrl(QStringLiteral("https://10.0.0.1:6443")));
    QCOMPARE(r->token, QByteArray("abc.def-123"));
    QCOMPARE(r->defaultNamespace, QStringLiteral("shop"));
    QCOMPARE(r->contextName, QStringLiteral("prod"));
    QCOMPARE(r->tlsServerName, QStringLiteral("kubernetes.default.svc"));
    QVERIFY(r->certificateAuthorityPem.isEmpty());
    QVERIFY(!r->insecureSkipTlsVerify);
    QVERIFY(r->describe().contains(QStringLiteral("context prod")));
    QVERIFY(!r->describe().contains(QStringLiteral("abc.def")));
}

void TestKubeconfig::namedContext()
{
    Files files;
    const QString path = files.write(QStringLiteral("config"), kubeconfig("    token: t\n"));
    const KubeResult<KubeConfig> r = KubeConfig::fromKubeconfigFile(path, QStringLiteral("staging"));
    QVERIFY2(r.ok(), qPrintable(errorOf(r)));
    QCOMPARE(r->contextName, QStringLiteral("staging"));
    QCOMPARE(r->defaultNamespace, QStringLiteral("default")); // the staging context sets none
}

void TestKubeconfig::inlineCertificateData()
{
    Files files;
    const QString path = files.write(
        QStringLiteral("config"),
        kubeconfig("    client-certificate-data: " + kCertPem.toBase64() + "\n    client-key-data: " + kKeyPem.toBase64() + "\n",
                   "    server: https://api.example.com:6443/prefix\n    certificate-authority-data: "
                       + kCaPem.toBase64() + "\n"));
    const KubeResult<KubeConfig> r = KubeConfig::fromKubeconfigFile(path);
    QVERIFY2(r.ok(), qPrintable(errorOf(r)));
    QCOMPARE(r->certificateAuthorityPem, kCaPem);
    QCOMPARE(r->clientCertificatePem, kCertPem);
    QCOMPARE(r->clientKeyPem, kKeyPem);
    QCOMPARE(r->server.path(), QStringLiteral("/prefix"));
    QVERIFY(r->token.isEmpty());
    QVERIFY(r->describe().contains(QStringLiteral("client certificate")));
}

void TestKubeconfig::filesRelativeToTheKubeconfig()
{
    Files files;
    files.write(QStringLiteral("kube/pki/ca.crt"), kCaPem);
    files.write(QStringLiteral("kube/pki/op.crt"), kCertPem);
    files.write(QStringLiteral("kube/pki/op.key"), kKeyPem);
    files.write(QStringLiteral("kube/token"), "from-file\n");
    const QString path = files.write(QStringLiteral("kube/config"),
                                     kubeconfig("    client-certificate: pki/op.crt\n"
                                                "    client-key: pki/op.key\n"
                                                "    tokenFile: token\n",
                                                "    server: https://10.0.0.1:6443\n"
                                                "    certificate-authority: pki/ca.crt\n"));
    const KubeResult<KubeConfig> r = KubeConfig::fromKubeconfigFile(path);
    QVERIFY2(r.ok(), qPrintable(errorOf(r)));
    QCOMPARE(r->certificateAuthorityPem, kCaPem);
    QCOMPARE(r->clientCertificatePem, kCertPem);
    QCOMPARE(r->clientKeyPem, kKeyPem);
    QCOMPARE(r->tokenFile, files.path(QStringLiteral("kube/token")));
    QVERIFY(r->token.isEmpty()); // read at request time, so rotations are seen
}

void TestKubeconfig::mergesFilesInOrder()
{
    Files files;
    const QString first = files.write(QStringLiteral("a"),
                                      "current-context: dev\n"
                                      "clusters:\n"
                                      "- name: shared\n"
                                      "  cluster:\n"
                                      "    server: https://first.example:6443\n");
    const QString second = files.write(QStringLiteral("b"),
                                       "current-context: other\n"
                                       "clusters:\n"
                                       "- name: shared\n"
                                       "  cluster:\n"
                                       "    server: https://second.example:6443\n"
                                       "users:\n"
                                       "- name: me\n"
                                       "  user:\n"
                                       "    token: second-token\n"
                                       "contexts:\n"
                                       "- name: dev\n"
                                       "  context: {cluster: shared, user: me, namespace: dev}\n");
    const KubeResult<KubeConfig> r =
        KubeConfig::fromKubeconfig({first, files.path(QStringLiteral("missing")), second});
    QVERIFY2(r.ok(), qPrintable(errorOf(r)));
    QCOMPARE(r->contextName, QStringLiteral("dev"));                           // first current-context
    QCOMPARE(r->server.host(), QStringLiteral("first.example"));               // first definition wins
    QCOMPARE(r->token, QByteArray("second-token"));                            // defined only later
    QCOMPARE(r->defaultNamespace, QStringLiteral("dev"));
    QVERIFY(r->origin.contains(first) && r->origin.contains(second));

    const KubeResult<KubeConfig> none = KubeConfig::fromKubeconfig({files.path(QStringLiteral("x")), files.path(QStringLiteral("y"))});
    QVERIFY(!none.ok());
    QVERIFY(none.error().message.contains(QStringLiteral("none of the kubeconfig files exists")));
}

void TestKubeconfig::kubeconfigVariableListsFiles()
{
    const QByteArray saved = qgetenv("KUBECONFIG");
    qputenv("KUBECONFIG", "/etc/a.yaml:/home/op/b.yaml::");
    QCOMPARE(KubeConfig::defaultKubeconfigFiles(), (QStringList{QStringLiteral("/etc/a.yaml"), QStringLiteral("/home/op/b.yaml")}));
    qunsetenv("KUBECONFIG");
    QCOMPARE(KubeConfig::defaultKubeconfigFiles(), QStringList{QDir::homePath() + QStringLiteral("/.kube/config")});
    if (!saved.isEmpty())
        qputenv("KUBECONFIG", saved);
}

void TestKubeconfig::errorsPointAtFileAndLine_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("where");   // ":line:column"
    QTest::addColumn<QString>("words");
    QTest::newRow("yaml syntax") << QByteArray("clusters:\n- name: a\n  cluster: {server: [\n") << QStringLiteral(":4:")
                                 << QString();
    QTest::newRow("exec plugin") << kubeconfig("    exec:\n      command: aws\n") << QStringLiteral(":11:5:")
                                 << QStringLiteral("exec credential plugin");
    QTest::newRow("bad base64") << kubeconfig("    token: t\n", "    server: https://a:1\n    certificate-authority-data: '%%%'\n")
                                << QStringLiteral(":8:33:") << QStringLiteral("not valid base64");
    QTest::newRow("missing key file") << kubeconfig("    client-certificate-data: " + kCertPem.toBase64() + "\n    client-key: nope.key\n")
                                      << QStringLiteral(":12:17:") << QStringLiteral("nope.key does not exist");
    QTest::newRow("no server") << kubeconfig("    token: t\n", "    insecure-skip-tls-verify: true\n")
                               << QStringLiteral(":5:3:") << QStringLiteral("has no server");
    QTest::newRow("bad server") << kubeconfig("    token: t\n", "    server: ftp://a\n") << QStringLiteral(":7:13:")
                                << QStringLiteral("https://");
    QTest::newRow("insecure and ca") << kubeconfig("    token: t\n", "    server: https://a:1\n    insecure-skip-tls-verify: true\n"
                                                   "    certificate-authority-data: " + kCaPem.toBase64() + "\n")
                                     << QStringLiteral(":5:3:") << QStringLiteral("keep one");
    QTest::newRow("insecure not bool") << kubeconfig("    token: t\n", "    server: https://a:1\n    insecure-skip-tls-verify: sure\n")
                                       << QStringLiteral(":8:31:") << QStringLiteral("true or false");
    QTest::newRow("cert without key") << kubeconfig("    client-certificate-data: " + kCertPem.toBase64() + "\n")
                                      << QStringLiteral(":9:3:") << QStringLiteral("both a client certificate and a client key");
    QTest::newRow("ca not pem") << kubeconfig("    token: t\n", "    server: https://a:1\n    certificate-authority-data: "
                                              + QByteArray("hello").toBase64() + "\n")
                                << QStringLiteral(":5:3:") << QStringLiteral("no PEM certificate");
    QTest::newRow("bad namespace") << QByteArray("current-context: c\nclusters:\n- name: k\n  cluster: {server: 'https://a:1'}\n"
                                                 "contexts:\n- name: c\n  context:\n    cluster: k\n    namespace: Not_Valid\n")
                                   << QStringLiteral(":9:16:") << QStringLiteral("not a valid namespace name");
    QTest::newRow("unknown cluster") << QByteArray("current-context: c\ncontexts:\n- name: c\n  context:\n    cluster: gone\n")
                                     << QStringLiteral(":5:14:") << QStringLiteral("cluster \"gone\", which is not defined");
    QTest::newRow("unknown user") << QByteArray("current-context: c\nclusters:\n- name: k\n  cluster: {server: 'https://a:1'}\n"
                                                "contexts:\n- name: c\n  context: {cluster: k, user: ghost}\n")
                                  << QStringLiteral(":7:") << QStringLiteral("user \"ghost\", which is not defined");
    QTest::newRow("list not a list") << QByteArray("clusters: {a: b}\n") << QStringLiteral(":1:11:")
                                     << QStringLiteral("clusters must be a list");
    QTest::newRow("entry without name") << QByteArray("users:\n- user: {token: t}\n") << QStringLiteral(":2:3:")
                                        << QStringLiteral("has no name");
    QTest::newRow("root not a map") << QByteArray("- a\n- b\n") << QStringLiteral(":1:1:") << QStringLiteral("is a map");
    QTest::newRow("token not scalar") << kubeconfig("    token: [a, b]\n") << QStringLiteral(":11:12:")
                                      << QStringLiteral("token must be a single value");
}

void TestKubeconfig::errorsPointAtFileAndLine()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, where);
    QFETCH(QString, words);
    Files files;
    const QString path = files.write(QStringLiteral("config"), content);
    const KubeResult<KubeConfig> r = KubeConfig::fromKubeconfigFile(path);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().kind, KubeError::Kind::Config);
    const QString message = r.error().message;
    QVERIFY2(message.startsWith(path + where), qPrintable(message));
    QVERIFY2(message.contains(words), qPrintable(message));
}

void TestKubeconfig::errorsAboutTheWholeFile()
{
    Files files;
    const KubeResult<KubeConfig> missing = KubeConfig::fromKubeconfigFile(files.path(QStringLiteral("nope")));
    QVERIFY(missing.error().message.contains(QStringLiteral("does not exist")));

    const QString noCurrent = files.write(QStringLiteral("nocurrent"),
                                          "contexts:\n- name: one\n  context: {cluster: k}\n- name: two\n  context: {cluster: k}\n");
    const QString text = KubeConfig::fromKubeconfigFile(noCurrent).error().message;
    QVERIFY2(text.contains(QStringLiteral("sets no current-context")) && text.contains(QStringLiteral("one, two")), qPrintable(text));

    const QString path = files.write(QStringLiteral("config"), kubeconfig("    token: t\n"));
    const QString unknown = KubeConfig::fromKubeconfigFile(path, QStringLiteral("qa")).error().message;
    QVERIFY2(unknown.contains(QStringLiteral("context \"qa\" is not defined")) && unknown.contains(QStringLiteral("prod, staging")),
             qPrintable(unknown));

    const QString huge = files.write(QStringLiteral("huge"), QByteArray(5 << 20, '#'));
    QVERIFY(KubeConfig::fromKubeconfigFile(huge).error().message.contains(QStringLiteral("larger than")));

    const QString binary = files.write(QStringLiteral("binary"), QByteArray("a: b\0c", 6));
    QVERIFY(KubeConfig::fromKubeconfigFile(binary).error().message.contains(QStringLiteral("not a text file")));

    const QString deep = files.write(QStringLiteral("deep"), QByteArray(100000, '[') + QByteArray(100000, ']'));
    QVERIFY(!KubeConfig::fromKubeconfigFile(deep).ok()); // an error, not a stack overflow

    const QString dir = files.write(QStringLiteral("sub/x"), "x");
    QVERIFY(KubeConfig::fromKubeconfigFile(QFileInfo(dir).absolutePath()).error().message.contains(
        QStringLiteral("not a regular file")));
}

void TestKubeconfig::errorsNeverShowSecrets()
{
    Files files;
    const QByteArray key = "-----BEGIN PRIVATE KEY-----\nTOPSECRETKEYMATERIAL\n-----END PRIVATE KEY-----\n";
    // A key without a certificate, and a malformed token: both refused without echoing them.
    const QString a = files.write(QStringLiteral("a"), kubeconfig("    client-key-data: " + key.toBase64() + "\n"));
    const QString b = files.write(QStringLiteral("b"), kubeconfig("    token: \"TOPSECRET TOKEN\"\n"));
    for (const QString &path : {a, b}) {
        const KubeResult<KubeConfig> r = KubeConfig::fromKubeconfigFile(path);
        QVERIFY(!r.ok());
        QVERIFY2(!r.error().toString().contains(QStringLiteral("TOPSECRET")), qPrintable(r.error().toString()));
    }
}

QTEST_APPLESS_MAIN(TestKubeconfig)
#include "tst_kubeconfig.moc"
