#include "kube/client/KubeTransport_p.h"

#include "kube/client/ConfigFiles_p.h"

#include <QFileInfo>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QThread>

namespace enclii::kube {

namespace {

constexpr qsizetype kMaxErrorSnippet = 300;
constexpr qint64 kTokenRereadMs = 60 * 1000; // client-go re-reads token files every minute

bool isLoopback(const QString &host)
{
    return host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0 || QHostAddress(host).isLoopback();
}

QString snippet(const QByteArray &body)
{
    QString s = QString::fromUtf8(body.left(kMaxErrorSnippet)).simplified();
    for (QChar &c : s)
        if (!c.isPrint())
            c = QLatin1Char('?');
    return body.size() > kMaxErrorSnippet ? s + QStringLiteral("...") : s;
}

QString encodedQuery(const QList<QPair<QString, QString>> &items)
{
    QStringList parts;
    for (const auto &[name, value] : items)
        parts << QString::fromLatin1(QUrl::toPercentEncoding(name) + '=' + QUrl::toPercentEncoding(value));
    return parts.join(QLatin1Char('&'));
}

} // namespace

KubeTransport::KubeTransport(KubeConfig config, KubeClient::Options options)
    : m_config(std::move(config)),
      m_options(std::move(options)),
      m_ssl(std::make_unique<QSslConfiguration>(QSslConfiguration::defaultConfiguration())),
      m_limiter(m_options.qps, m_options.burst)
{
    m_clock.start();
    const QUrl &server = m_config.server;
    const bool hasCredentials = !m_config.token.isEmpty() || !m_config.tokenFile.isEmpty()
        || !m_config.clientKeyPem.isEmpty();
    if (!server.isValid() || server.host().isEmpty()
        || (server.scheme() != QLatin1String("https") && server.scheme() != QLatin1String("http")))
        m_configError = QStringLiteral("the cluster server \"%1\" is not an http(s) URL with a host")
                            .arg(server.toString(QUrl::RemoveUserInfo).left(200));
    else if (server.scheme() == QLatin1String("http") && hasCredentials && !isLoopback(server.host()))
        m_configError = QStringLiteral("refusing to send credentials over plain http to %1; use https")
                            .arg(server.host());
    else if (server.scheme() == QLatin1String("https"))
        setUpTls();
}

KubeTransport::~KubeTransport() = default;

void KubeTransport::setUpTls()
{
    if (!m_config.certificateAuthorityPem.isEmpty()) {
        const QList<QSslCertificate> cas = QSslCertificate::fromData(m_config.certificateAuthorityPem, QSsl::Pem);
        if (cas.isEmpty()) {
            m_configError = QStringLiteral("the cluster CA data holds no readable PEM certificate");
            return;
        }
        // Only the cluster's CA: the API server's certificate is not one a public CA issues.
        m_ssl->setCaCertificates(cas);
    }
    if (m_config.insecureSkipTlsVerify)
        m_ssl->setPeerVerifyMode(QSslSocket::VerifyNone);
    if (m_config.clientCertificatePem.isEmpty())
        return;
    const QList<QSslCertificate> chain = QSslCertificate::fromData(m_config.clientCertificatePem, QSsl::Pem);
    QSslKey key;
    for (const QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec}) {
        key = QSslKey(m_config.clientKeyPem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            break;
    }
    if (chain.isEmpty() || key.isNull()) {
        m_configError = chain.isEmpty() ? QStringLiteral("the client certificate holds no readable PEM certificate")
                                        : QStringLiteral("the client key is not a readable RSA or EC private key "
                                                         "(unencrypted PEM)");
        return;
    }
    m_ssl->setLocalCertificateChain(chain);
    m_ssl->setPrivateKey(key);
}

std::optional<KubeError> KubeTransport::checkUsable(const KubeRequest &request)
{
    if (!m_configError.isEmpty())
        return error(request, KubeError::Kind::Config, m_configError);
    if (!m_thread) {
        m_thread = QThread::currentThread();
        m_nam = newNetworkAccessManager();
    }
    if (m_thread != QThread::currentThread())
        return error(request, KubeError::Kind::InvalidArgument,
                     QStringLiteral("a KubeClient is bound to the thread that first used it; create one client per "
                                    "thread"));
    QString problem;
    bearerToken(&problem);
    if (!problem.isEmpty())
        return error(request, KubeError::Kind::Config, QStringLiteral("no bearer token: %1").arg(problem));
    return std::nullopt;
}

QUrl KubeTransport::url(const KubeRequest &request) const
{
    QUrl u = m_config.server;
    QString prefix = u.path();
    while (prefix.endsWith(QLatin1Char('/')))
        prefix.chop(1);
    u.setPath(prefix + request.path);
    u.setQuery(encodedQuery(request.query), QUrl::StrictMode);
    return u;
}

qint64 KubeTransport::reserve()
{
    return m_limiter.reserve(m_clock.elapsed());
}

QByteArray KubeTransport::bearerToken(QString *problem)
{
    if (!m_config.token.isEmpty())
        return m_config.token;
    if (m_config.tokenFile.isEmpty())
        return {};
    const QFileInfo info(m_config.tokenFile);
    const bool unchanged = m_tokenAge.isValid() && m_tokenAge.elapsed() < kTokenRereadMs
        && info.lastModified() == m_tokenModified && info.size() == m_tokenSize;
    if (unchanged)
        return m_fileToken;
    QByteArray token;
    QString why;
    if (readBoundedFile(m_config.tokenFile, kMaxCredentialFileBytes, &token, &why) && cleanToken(&token)) {
        m_fileToken = token;
        m_tokenModified = info.lastModified();
        m_tokenSize = info.size();
        m_tokenAge.start();
    } else if (m_fileToken.isEmpty()) {
        *problem = why.isEmpty() ? QStringLiteral("the token file %1 is empty or malformed").arg(m_config.tokenFile) : why;
    }
    // A rewrite caught half-way keeps the previous token until the next look.
    return m_fileToken;
}

bool KubeTransport::reloadToken()
{
    if (m_config.tokenFile.isEmpty() || !m_config.token.isEmpty())
        return false;
    const QByteArray before = m_fileToken;
    m_tokenAge.invalidate();
    QString problem;
    return bearerToken(&problem) != before;
}

std::unique_ptr<QNetworkAccessManager> KubeTransport::newNetworkAccessManager()
{
    auto nam = std::make_unique<QNetworkAccessManager>();
    nam->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    return nam;
}

QNetworkReply *KubeTransport::start(const KubeRequest &request, QNetworkAccessManager *nam)
{
    if (!nam)
        nam = m_nam.get();
    QNetworkRequest nr(url(request));
    nr.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    nr.setHeader(QNetworkRequest::UserAgentHeader, m_options.userAgent);
    nr.setRawHeader("Accept", "application/json");
    if (m_config.server.scheme() == QLatin1String("https")) {
        nr.setSslConfiguration(*m_ssl);
        if (!m_config.tlsServerName.isEmpty())
            nr.setPeerVerifyName(m_config.tlsServerName);
    }
    QString problem;
    if (const QByteArray token = bearerToken(&problem); !token.isEmpty())
        nr.setRawHeader("Authorization", "Bearer " + token);
    if (!request.contentType.isEmpty())
        nr.setHeader(QNetworkRequest::ContentTypeHeader, request.contentType);
    if (request.verb == "GET")
        return nam->get(nr);
    if (request.body.isEmpty() && request.verb == "DELETE")
        return nam->deleteResource(nr);
    return nam->sendCustomRequest(nr, request.verb, request.body);
}

KubeError KubeTransport::error(const KubeRequest &request, KubeError::Kind kind, const QString &message) const
{
    KubeError e = KubeError::make(kind, request.operation, message);
    e.verb = QString::fromLatin1(request.verb);
    e.url = url(request).toString(QUrl::RemoveUserInfo | QUrl::FullyEncoded);
    return e;
}

KubeError KubeTransport::httpError(const KubeRequest &request, const KubeResponse &response) const
{
    KubeError e = error(request, KubeError::Kind::Http, {});
    e.httpStatus = response.status;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(response.body, &parseError);
    if (doc.isObject())
        e.readStatus(doc.object());
    e.httpStatus = response.status; // the HTTP status is the one that counts
    if (e.message.isEmpty())
        e.message = response.body.isEmpty() ? QStringLiteral("unexpected HTTP status %1").arg(response.status)
                                            : QStringLiteral("HTTP %1: %2").arg(response.status).arg(snippet(response.body));
    return e;
}

std::optional<KubeError> KubeTransport::replyError(const KubeRequest &request, QNetworkReply *reply) const
{
    const int code = int(reply->error());
    // Errors below 200 (and the protocol ones) mean no complete HTTP exchange; the others
    // QNetworkAccessManager derives from an HTTP status we read ourselves.
    const bool transport = (code > 0 && code < 200) || reply->error() == QNetworkReply::ProtocolUnknownError
        || reply->error() == QNetworkReply::ProtocolFailure;
    if (!transport && reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() > 0)
        return std::nullopt;
    return error(request, KubeError::Kind::Network, reply->errorString());
}

int KubeTransport::backoffMs(int attempt, const KubeResponse *response) const
{
    if (response && !response->retryAfter.isEmpty()) {
        bool isNumber = false;
        const qint64 seconds = response->retryAfter.trimmed().toLongLong(&isNumber);
        qint64 ms = isNumber ? seconds * 1000 : -1;
        if (!isNumber) {
            const QDateTime when = QDateTime::fromString(QString::fromLatin1(response->retryAfter.trimmed()), Qt::RFC2822Date);
            ms = when.isValid() ? qMax<qint64>(0, QDateTime::currentDateTimeUtc().msecsTo(when)) : -1;
        }
        if (ms > m_options.maxRetryAfterMs)
            return -1;
        if (ms >= 0)
            return int(ms);
    }
    const qint64 delay = qMin<qint64>(qint64(m_options.initialBackoffMs) << qMin(attempt - 1, 20), m_options.maxBackoffMs);
    // +-20% so clients that failed together do not all come back at once.
    return int(delay * (0.8 + 0.4 * QRandomGenerator::global()->generateDouble()));
}

} // namespace enclii::kube
