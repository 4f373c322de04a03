#include "TestRegistry.h"

#include "auth/crypto/Base64Url.h"
#include "auth/crypto/RsaKey.h"

#include <QDateTime>
#include <QFile>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSemaphore>
#include <QTemporaryDir>
#include <QThread>
#include <QUrlQuery>
#include <QUuid>

#include <atomic>
#include <csignal>
#include <optional>

namespace enclii::test {

namespace {

const QString kService = QStringLiteral("enclii-test-registry");
const QString kIssuer = QStringLiteral("enclii-test-token-service");
constexpr int kTokenSeconds = 300;

bool constantTimeEquals(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

// "repository:name:pull,push" -> an access entry granting what was asked.
std::optional<QJsonObject> accessFor(const QString &scope)
{
    const QStringList parts = scope.split(QLatin1Char(':'));
    if (parts.size() != 3)
        return std::nullopt;
    QJsonArray actions;
    for (const QString &a : parts[2].split(QLatin1Char(','), Qt::SkipEmptyParts))
        actions.append(a);
    return QJsonObject{{QStringLiteral("type"), parts[0]},
                       {QStringLiteral("name"), parts[1]},
                       {QStringLiteral("actions"), actions}};
}

// The token service of Docker's token authentication, on a thread of its own.
class TokenServer : public QThread
{
public:
    TokenServer(QString username, QString password, auth::RsaKey key, QByteArray certificateDer)
        : m_username(std::move(username))
        , m_password(std::move(password))
        , m_key(std::move(key))
        , m_certificateDer(std::move(certificateDer))
    {
    }
    ~TokenServer() override
    {
        quit();
        wait();
    }

    int startAndWait()
    {
        start();
        m_ready.acquire();
        return m_port;
    }
    std::atomic<int> issued{0};
    std::atomic<int> refused{0};

protected:
    void run() override
    {
        QHttpServer server;
        server.route(QStringLiteral("/token"), [this](const QHttpServerRequest &request) { return answer(request); });
        m_port = server.listen(QHostAddress::LocalHost, 0);
        m_ready.release();
        if (m_port > 0)
            exec();
    }

private:
    QHttpServerResponse answer(const QHttpServerRequest &request)
    {
        const QByteArray expected = "Basic " + (m_username + QLatin1Char(':') + m_password).toUtf8().toBase64();
        if (!constantTimeEquals(request.value("Authorization"), expected)) {
            ++refused;
            return QHttpServerResponse(QJsonObject{{QStringLiteral("details"), QStringLiteral("incorrect username or password")}},
                                       QHttpServerResponder::StatusCode::Unauthorized);
        }
        const QUrlQuery query = request.query();
        QJsonArray access;
        for (const QString &scope : query.allQueryItemValues(QStringLiteral("scope"), QUrl::FullyDecoded))
            for (const QString &one : scope.split(QLatin1Char(' '), Qt::SkipEmptyParts))
                if (const auto entry = accessFor(one))
                    access.append(*entry);
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        const QJsonObject claims{{QStringLiteral("iss"), kIssuer},
                                 {QStringLiteral("sub"), m_username},
                                 {QStringLiteral("aud"), query.queryItemValue(QStringLiteral("service"))},
                                 {QStringLiteral("exp"), now + kTokenSeconds},
                                 {QStringLiteral("nbf"), now - 10},
                                 {QStringLiteral("iat"), now},
                                 {QStringLiteral("jti"), QUuid::createUuid().toString(QUuid::WithoutBraces)},
                                 {QStringLiteral("access"), access}};
        // x5c rather than kid: distribution 2.x reads kid as a libtrust fingerprint, 3.x as
        // an RFC 7638 thumbprint, while both verify an x5c chain against rootcertbundle.
        const QJsonObject header{{QStringLiteral("alg"), QStringLiteral("RS256")},
                                 {QStringLiteral("typ"), QStringLiteral("JWT")},
                                 {QStringLiteral("x5c"), QJsonArray{QString::fromLatin1(m_certificateDer.toBase64())}}};
        const QByteArray signingInput = auth::base64UrlEncode(QJsonDocument(header).toJson(QJsonDocument::Compact))
            + '.' + auth::base64UrlEncode(QJsonDocument(claims).toJson(QJsonDocument::Compact));
        const QString token = QString::fromLatin1(signingInput + '.' + auth::base64UrlEncode(m_key.signRs256(signingInput)));
        ++issued;
        return QHttpServerResponse(QJsonObject{{QStringLiteral("token"), token},
                                               {QStringLiteral("access_token"), token},
                                               {QStringLiteral("expires_in"), kTokenSeconds},
                                               {QStringLiteral("issued_at"),
                                                QDateTime::currentDateTimeUtc().toString(Qt::ISODate)}});
    }

    const QString m_username;
    const QString m_password;
    const auth::RsaKey m_key;
    const QByteArray m_certificateDer;
    QSemaphore m_ready;
    int m_port = 0;
};

} // namespace

struct TestRegistry::Private
{
    Options options;
    QTemporaryDir dir;
    QString error;
    std::unique_ptr<oci::EmbeddedRegistry> registry;
    std::unique_ptr<TokenServer> tokenServer;
    QUrl realm;

    bool startTokenServer(oci::EmbeddedRegistry::TokenAuth *auth);
};

bool TestRegistry::Private::startTokenServer(oci::EmbeddedRegistry::TokenAuth *auth)
{
    const QString keyPath = dir.filePath(QStringLiteral("token-key.pem"));
    const QString certPath = dir.filePath(QStringLiteral("token-cert.pem"));
    QProcess openssl;
    openssl.setProcessChannelMode(QProcess::MergedChannels);
    openssl.start(QStringLiteral("openssl"),
                  {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                   QStringLiteral("-nodes"), QStringLiteral("-sha256"), QStringLiteral("-days"), QStringLiteral("2"),
                   QStringLiteral("-subj"), QStringLiteral("/CN=") + kIssuer, QStringLiteral("-keyout"), keyPath,
                   QStringLiteral("-out"), certPath});
    if (!openssl.waitForFinished(60000) || openssl.exitCode() != 0) {
        error = QStringLiteral("openssl could not make the token signing certificate: %1")
                    .arg(QString::fromUtf8(openssl.readAll()));
        return false;
    }
    QFile keyFile(keyPath);
    QFile certFile(certPath);
    if (!keyFile.open(QIODevice::ReadOnly) || !certFile.open(QIODevice::ReadOnly)) {
        error = QStringLiteral("cannot read the token key or certificate");
        return false;
    }
    QString why;
    std::optional<auth::RsaKey> key = auth::RsaKey::fromPrivatePem(keyFile.readAll(), &why);
    if (!key) {
        error = why;
        return false;
    }
    // A PEM body is the base64 of the DER.
    QByteArray base64;
    for (const QByteArray &line : certFile.readAll().split('\n'))
        if (!line.startsWith("-----"))
            base64 += line.trimmed();
    tokenServer = std::make_unique<TokenServer>(options.username, options.password, *key,
                                                QByteArray::fromBase64(base64));
    const int port = tokenServer->startAndWait();
    if (port <= 0) {
        error = QStringLiteral("the token service could not listen on 127.0.0.1");
        return false;
    }
    realm = QUrl(QStringLiteral("http://127.0.0.1:%1/token").arg(port));
    *auth = {realm.toString(), kService, kIssuer, certPath};
    return true;
}

TestRegistry::TestRegistry()
    : TestRegistry(Options())
{
}

TestRegistry::TestRegistry(Options options)
    : d(std::make_unique<Private>())
{
    d->options = std::move(options);
    if (!d->dir.isValid()) {
        d->error = QStringLiteral("cannot create a temporary folder: %1").arg(d->dir.errorString());
        return;
    }
    oci::EmbeddedRegistry::Options o;
    o.stateDir = d->dir.filePath(QStringLiteral("registry"));
    o.startTimeoutMs = d->options.startTimeoutMs;
    o.stopGraceMs = 2000;
    if (d->options.tokenAuth) {
        oci::EmbeddedRegistry::TokenAuth auth;
        if (!d->startTokenServer(&auth))
            return;
        o.tokenAuth = auth;
    }
    d->registry = std::make_unique<oci::EmbeddedRegistry>(o);
    if (!d->registry->start())
        d->error = d->registry->error();
}

TestRegistry::~TestRegistry() = default;

bool TestRegistry::isValid() const
{
    return d->error.isEmpty() && d->registry && d->registry->isRunning();
}

QString TestRegistry::error() const
{
    return d->error;
}

QString TestRegistry::address() const
{
    return d->registry ? d->registry->address() : QString();
}

QUrl TestRegistry::url() const
{
    return d->registry ? d->registry->url() : QUrl();
}

int TestRegistry::port() const
{
    return d->registry ? d->registry->port() : 0;
}

QString TestRegistry::stateDir() const
{
    return d->dir.filePath(QStringLiteral("registry"));
}

oci::EmbeddedRegistry &TestRegistry::registry()
{
    return *d->registry;
}

oci::RegistryClient::Options TestRegistry::clientOptions() const
{
    oci::RegistryClient::Options o;
    o.registry = address();
    if (d->options.tokenAuth)
        o.credentials = {d->options.username, d->options.password};
    return o;
}

void TestRegistry::kill()
{
    const qint64 pid = d->registry ? d->registry->pid() : 0;
    if (pid <= 0)
        return;
    ::kill(pid_t(pid), SIGKILL);
    // isRunning() treats a zombie as gone: its socket is closed already.
    for (int i = 0; i < 250 && d->registry->isRunning(); ++i)
        QThread::msleep(20);
}

bool TestRegistry::restart()
{
    if (!d->registry)
        return false;
    if (!d->registry->start()) {
        d->error = d->registry->error();
        return false;
    }
    d->error.clear();
    return true;
}

QUrl TestRegistry::tokenRealm() const
{
    return d->realm;
}

int TestRegistry::tokensIssued() const
{
    return d->tokenServer ? d->tokenServer->issued.load() : 0;
}

int TestRegistry::tokensRefused() const
{
    return d->tokenServer ? d->tokenServer->refused.load() : 0;
}

} // namespace enclii::test
