// encliid pointed at an external OpenID Connect issuer, as it is pointed at Janua in
// production. The issuer here is a second encliid process with its built-in provider: a real
// OIDC issuer with discovery and JWKS over HTTP, found only through its URL.
#include "Daemon.h"
#include "OidcTestClient.h"

#include "support/TestPostgres.h"

#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace enclii;
using test::bearer;
using test::httpRequest;

class TestExternalIssuer : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY2(m_pg.isValid(), qPrintable(m_pg.error()));
        // Traversable by the postgres user, so the issuer's embedded cluster lives in this
        // folder and goes with it (a private folder would put it under /var/lib/enclii/clusters).
        QFile::setPermissions(m_issuerState.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup
                                                         | QFile::ExeGroup | QFile::ReadOther | QFile::ExeOther);
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        const int port = probe.serverPort();
        probe.close();
        m_issuerUrl = QStringLiteral("http://127.0.0.1:%1").arg(port);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("ENCLII_ADMIN_EMAIL"), QStringLiteral("ops@janua.test"));
        env.insert(QStringLiteral("ENCLII_ADMIN_PASSWORD"), QStringLiteral("issuer admin password"));
        m_issuer.setProcessEnvironment(env);
        m_issuer.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_issuer.start(QStringLiteral(ENCLIID_BINARY),
                       {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port), QStringLiteral("--state-dir"), m_issuerState.path(),
                        QStringLiteral("--specs"), QStringLiteral(ENCLII_SOURCE_DIR "/specs"), QStringLiteral("--log-level"), QStringLiteral("warn")});
        QVERIFY(m_issuer.waitForStarted());
        int status = 0;
        for (int i = 0; i < 120 && status != 200; ++i) {
            QTest::qWait(500);
            status = httpRequest(m_issuerUrl + QStringLiteral("/readyz"), "GET", {}, {}, {}, 2000).status;
        }
        QCOMPARE(status, 200);

        daemon::Config config;
        config.listen = QStringLiteral("127.0.0.1:0");
        config.databaseUrl = m_pg.connectionString();
        config.specsDir = QStringLiteral(ENCLII_SOURCE_DIR "/specs");
        config.stateDir = m_state.path();
        config.authMode = QStringLiteral("external");
        config.oidcIssuer = m_issuerUrl; // compared byte for byte with the tokens' iss
        m_daemon = std::make_unique<daemon::Daemon>(config);
        QString error;
        QVERIFY2(m_daemon->start(&error), qPrintable(error));
    }

    void cleanupTestCase()
    {
        m_daemon.reset();
        m_issuer.terminate();
        m_issuer.waitForFinished(30000);
    }

    void tokensFromTheIssuerAreAccepted()
    {
        const QString token = test::signIn(m_issuerUrl, QStringLiteral("ops@janua.test"), QStringLiteral("issuer admin password"))
                                  .value(QStringLiteral("access_token")).toString();
        QVERIFY(!token.isEmpty());
        const auto me = httpRequest(m_daemon->url() + QStringLiteral("/v1/me"), "GET", {}, {}, bearer(token));
        QCOMPARE(me.status, 200);
        QCOMPARE(me.json().value(QStringLiteral("email")).toString(), QStringLiteral("ops@janua.test"));
        QCOMPARE(me.json().value(QStringLiteral("roles")).toArray(), QJsonArray{QStringLiteral("admin")});
        QCOMPARE(httpRequest(m_daemon->url() + QStringLiteral("/v1/ecosystem"), "GET", {}, {}, bearer(token)).status, 200);
        const auto cfg = httpRequest(m_daemon->url() + QStringLiteral("/v1/auth/config")).json();
        QCOMPARE(cfg.value(QStringLiteral("mode")).toString(), QStringLiteral("external"));
        QCOMPARE(cfg.value(QStringLiteral("issuer")).toString(), m_issuerUrl);
        // The external mode has no provider of its own.
        QCOMPARE(httpRequest(m_daemon->url() + QStringLiteral("/oauth/token"), "POST").status, 404);
    }

    void tokensFromAnotherIssuerAreRefused()
    {
        // This daemon's own tokens would name another issuer; a token for the right issuer
        // but signed by a key the issuer does not publish is refused too.
        const QString token = test::signIn(m_issuerUrl, QStringLiteral("ops@janua.test"), QStringLiteral("issuer admin password"))
                                  .value(QStringLiteral("access_token")).toString();
        QList<QByteArray> parts = token.toLatin1().split('.');
        parts[2] = parts[2].left(parts[2].size() - 4) + "AAAA";
        const auto r = httpRequest(m_daemon->url() + QStringLiteral("/v1/me"), "GET", {}, {}, bearer(QString::fromLatin1(parts.join('.'))));
        QCOMPARE(r.status, 401);
    }

    void unknownKidsDoNotFloodTheIssuer()
    {
        // Forged kids make the daemon look for new keys at most once per refresh interval:
        // the issuer's own metrics count how often its JWKS was fetched.
        const int before = jwksFetches();
        for (int i = 0; i < 20; ++i) {
            const QByteArray forged = test::base64Url(QStringLiteral(R"({"alg":"RS256","kid":"forged-%1"})").arg(i).toLatin1()) + '.'
                                      + test::base64Url(R"({"sub":"x"})") + ".c2ln";
            QCOMPARE(httpRequest(m_daemon->url() + QStringLiteral("/v1/me"), "GET", {}, {}, {{"Authorization", "Bearer " + forged}}).status, 401);
        }
        QVERIFY2(jwksFetches() - before <= 1, qPrintable(QStringLiteral("%1 fetches").arg(jwksFetches() - before)));
    }

private:
    int jwksFetches()
    {
        const QString metrics = QString::fromUtf8(httpRequest(m_issuerUrl + QStringLiteral("/metrics")).body);
        static const QRegularExpression line(QStringLiteral("enclii_http_requests_total\\{method=\"GET\",route=\"/.well-known/jwks.json\",status=\"200\"\\} (\\d+)"));
        return line.match(metrics).captured(1).toInt();
    }

    test::TestPostgres m_pg{QStringLiteral("external")};
    QTemporaryDir m_state;
    QTemporaryDir m_issuerState;
    QProcess m_issuer;
    QString m_issuerUrl;
    std::unique_ptr<daemon::Daemon> m_daemon;
};

QTEST_GUILESS_MAIN(TestExternalIssuer)
#include "tst_external_issuer.moc"
