#include "RemoteJwks.h"

#include <QEventLoop>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QThread>
#include <QTimer>

#include <spdlog/spdlog.h>

namespace enclii::auth {

bool fetchJson(const QString &url, int timeoutMs, QJsonObject *out, QString *error)
{
    QByteArray body;
    QString failure;
    int status = 0;
    std::unique_ptr<QThread> worker(QThread::create([&] {
        QNetworkAccessManager nam;
        QNetworkRequest request{QUrl(url)};
        request.setTransferTimeout(timeoutMs);
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
        request.setRawHeader("Accept", "application/json");
        QNetworkReply *reply = nam.get(request);
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
        if (!reply->isFinished())
            loop.exec();
        status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (!reply->isFinished())
            failure = QStringLiteral("no answer within %1 ms").arg(timeoutMs);
        else if (reply->error() != QNetworkReply::NoError)
            failure = reply->errorString();
        else
            body = reply->read(1 << 20);
        reply->abort(); // the reply is nam's child and goes with it
    }));
    worker->start();
    worker->wait(); // bounded: the transfer timeout and the loop's timer both end it

    if (!failure.isEmpty() || status != 200) {
        if (error)
            *error = QStringLiteral("GET %1: %2").arg(url, failure.isEmpty() ? QStringLiteral("status %1").arg(status) : failure);
        return false;
    }
    QJsonParseError parse;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parse);
    if (!doc.isObject()) {
        if (error)
            *error = QStringLiteral("GET %1: not a JSON object").arg(url);
        return false;
    }
    *out = doc.object();
    return true;
}

RemoteJwks::RemoteJwks(QString issuer, int cacheSeconds, int minRefreshSeconds, int timeoutMs)
    : m_issuer(std::move(issuer)), m_cacheSeconds(cacheSeconds), m_minRefreshSeconds(minRefreshSeconds), m_timeoutMs(timeoutMs)
{
}

namespace {

// Keys fetched over plain http could be swapped in transit; only loopback is exempt
// (a local issuer, and the tests).
bool trustworthy(const QUrl &url)
{
    if (url.scheme() == QLatin1String("https"))
        return true;
    return url.scheme() == QLatin1String("http") && QHostAddress(url.host()).isLoopback();
}

QString discoveryUrl(QString issuer)
{
    while (issuer.endsWith(u'/'))
        issuer.chop(1);
    return issuer + QStringLiteral("/.well-known/openid-configuration");
}

} // namespace

bool RemoteJwks::refresh(QString *error)
{
    if (!trustworthy(QUrl(m_issuer))) {
        if (error)
            *error = QStringLiteral("the issuer %1 is not https (only a loopback issuer may use http)").arg(m_issuer);
        return false;
    }
    if (m_jwksUri.isEmpty()) {
        QJsonObject discovery;
        if (!fetchJson(discoveryUrl(m_issuer), m_timeoutMs, &discovery, error))
            return false;
        // OIDC Discovery §4.3: the issuer must be exactly the one configured.
        if (discovery.value(QStringLiteral("issuer")).toString() != m_issuer) {
            if (error)
                *error = QStringLiteral("the discovery document's issuer is not %1").arg(m_issuer);
            return false;
        }
        const QString jwksUri = discovery.value(QStringLiteral("jwks_uri")).toString();
        if (jwksUri.isEmpty() || !trustworthy(QUrl(jwksUri))) {
            if (error)
                *error = QStringLiteral("the discovery document has no https jwks_uri");
            return false;
        }
        m_jwksUri = jwksUri;
    }
    QJsonObject jwks;
    if (!fetchJson(m_jwksUri, m_timeoutMs, &jwks, error))
        return false;
    QHash<QString, RsaKey> keys;
    for (const auto &k : jwks.value(QStringLiteral("keys")).toArray()) {
        const QJsonObject jwk = k.toObject();
        const QString kid = jwk.value(QStringLiteral("kid")).toString();
        if (kid.isEmpty())
            continue;
        QString why;
        if (auto key = RsaKey::fromJwk(jwk, &why))
            keys.insert(kid, *key);
        else
            spdlog::warn("issuer {}: skipping key {}: {}", m_issuer.toStdString(), kid.toStdString(), why.toStdString());
    }
    QMutexLocker lock(&m_mutex);
    m_keys = keys;
    return true;
}

std::optional<RsaKey> RemoteJwks::publicKey(const QString &kid, QString *error)
{
    // One fetch at a time (m_fetchMutex); validations of known kids never wait for it.
    bool fetch = false;
    {
        QMutexLocker lock(&m_mutex);
        const bool stale = !m_fetched.isValid() || m_fetched.elapsed() > qint64(m_cacheSeconds) * 1000;
        const bool unknown = !m_keys.contains(kid);
        const bool mayFetch = !m_fetched.isValid() || m_fetched.elapsed() > qint64(m_minRefreshSeconds) * 1000;
        fetch = (stale || unknown) && mayFetch;
        if (fetch) {
            m_fetched.start(); // claims this refresh; others keep using the keys they have
            ++m_fetches;
        }
    }
    if (fetch) {
        QMutexLocker fetching(&m_fetchMutex);
        QString why;
        if (!refresh(&why))
            spdlog::warn("issuer {}: cannot refresh its keys: {}", m_issuer.toStdString(), why.toStdString());
    }
    QMutexLocker lock(&m_mutex);
    auto it = m_keys.constFind(kid);
    if (it == m_keys.constEnd()) {
        if (error)
            *error = QStringLiteral("the issuer publishes no key with kid \"%1\"").arg(kid.left(64));
        return std::nullopt;
    }
    return *it;
}

} // namespace enclii::auth
