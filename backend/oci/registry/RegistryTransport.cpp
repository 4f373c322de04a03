#include "oci/registry/RegistryTransport_p.h"

#include "oci/registry/AuthChallenge.h"
#include "oci/registry/FileSliceDevice_p.h"
#include "oci/registry/ImageReference.h"

#include <QBuffer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QThread>
#include <QTimer>
#include <QUrlQuery>

namespace enclii::oci {

Q_LOGGING_CATEGORY(lcRegistry, "enclii.oci.registry")

namespace {

constexpr int kMaxRedirects = 5;
constexpr qsizetype kMaxErrorBody = 64 * 1024;
constexpr qsizetype kMaxTokenBody = 64 * 1024;
constexpr int kMaxRegistryErrors = 10;
constexpr int kDefaultTokenSeconds = 60; // Docker's token spec: assume 60 s when expires_in is absent

// QNetworkReply errors that mean no (complete) HTTP exchange took place, as opposed to the
// ones QNetworkAccessManager derives from an HTTP status (201-299, 401-499, and
// ProtocolInvalidOperationError for a 400).
bool isTransportError(QNetworkReply::NetworkError e)
{
    const int code = int(e);
    return (code > 0 && code < 200) || e == QNetworkReply::ProtocolUnknownError || e == QNetworkReply::ProtocolFailure;
}

QString normalisedScope(const QString &scope)
{
    QStringList parts = scope.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    parts.sort();
    parts.removeDuplicates();
    return parts.join(QLatin1Char(' '));
}

QString shortened(const QString &text, int max)
{
    return text.size() <= max ? text : text.left(max) + QStringLiteral("...");
}

} // namespace

QByteArray HttpResponse::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers)
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    return {};
}

RegistryTransport::RegistryTransport(RegistryClient::Options options, QUrl baseUrl, QString configError)
    : m_options(std::move(options)), m_baseUrl(std::move(baseUrl)), m_configError(std::move(configError))
{
}

RegistryTransport::~RegistryTransport() = default;

bool RegistryTransport::usable(const QString &operation, RegistryError *error)
{
    const auto refuse = [&](const QString &message) {
        error->kind = RegistryError::Kind::InvalidArgument;
        error->operation = operation;
        error->message = message;
        return false;
    };
    if (!m_configError.isEmpty())
        return refuse(m_configError);
    if (!m_thread) {
        m_thread = QThread::currentThread();
        m_nam = std::make_unique<QNetworkAccessManager>();
        m_nam->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    }
    if (m_thread != QThread::currentThread())
        return refuse(QStringLiteral("a RegistryClient is bound to the thread that first used it; "
                                     "create one client per thread"));
    return true;
}

QUrl RegistryTransport::url(const QString &path, const QString &encodedQuery) const
{
    QUrl u = m_baseUrl;
    u.setPath(QLatin1String("/v2/") + path, QUrl::StrictMode);
    if (!encodedQuery.isEmpty())
        u.setQuery(encodedQuery, QUrl::StrictMode);
    return u;
}

QUrl RegistryTransport::resolve(const QByteArray &location) const
{
    const QUrl loc = QUrl::fromEncoded(location.trimmed(), QUrl::StrictMode);
    return loc.isRelative() ? m_baseUrl.resolved(loc) : loc;
}

QString RegistryTransport::describeUrl(const QUrl &url)
{
    // No user information ever; long upload-state queries shortened.
    return shortened(url.toString(QUrl::RemoveUserInfo | QUrl::FullyEncoded), 240);
}

RegistryError RegistryTransport::error(const HttpRequest &req, RegistryError::Kind kind, const QString &message) const
{
    RegistryError e;
    e.kind = kind;
    e.operation = req.operation;
    e.method = QString::fromLatin1(req.method);
    e.url = describeUrl(req.url);
    e.message = message;
    return e;
}

RegistryError RegistryTransport::errorFor(const HttpRequest &req, const HttpResponse &resp, const QString &message) const
{
    RegistryError e = error(req, RegistryError::Kind::Http, message);
    e.httpStatus = resp.status;
    if (resp.status == 401 || resp.status == 403)
        e.kind = RegistryError::Kind::Unauthorized;
    else if (resp.status == 404)
        e.kind = RegistryError::Kind::NotFound;
    const QJsonArray errors = QJsonDocument::fromJson(resp.body.left(kMaxErrorBody)).object()
                                  .value(QLatin1String("errors")).toArray();
    for (const QJsonValue &v : errors) {
        if (e.registryErrors.size() >= kMaxRegistryErrors)
            break;
        const QJsonObject o = v.toObject();
        RegistryErrorEntry entry;
        entry.code = shortened(o.value(QLatin1String("code")).toString(), 64);
        entry.message = shortened(o.value(QLatin1String("message")).toString(), 300);
        const QJsonValue detail = o.value(QLatin1String("detail"));
        if (detail.isObject())
            entry.detail = QString::fromUtf8(QJsonDocument(detail.toObject()).toJson(QJsonDocument::Compact));
        else if (detail.isArray())
            entry.detail = QString::fromUtf8(QJsonDocument(detail.toArray()).toJson(QJsonDocument::Compact));
        else
            entry.detail = detail.toVariant().toString();
        entry.detail = shortened(entry.detail, 200);
        e.registryErrors.append(entry);
    }
    if (e.message.isEmpty()) {
        if (e.kind == RegistryError::Kind::Unauthorized)
            e.message = m_options.credentials.isEmpty()
                ? QStringLiteral("the registry requires credentials and none are configured")
                : QStringLiteral("the registry refused the credentials or token (check the username, password and "
                                 "the account's access to this repository)");
        else
            e.message = QStringLiteral("unexpected HTTP status %1").arg(resp.status);
    }
    return e;
}

void RegistryTransport::pause(int ms)
{
    if (ms <= 0)
        return;
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec(QEventLoop::ExcludeUserInputEvents);
}

int RegistryTransport::backoffMs(int attempt, const HttpResponse *resp) const
{
    const RegistryClient::RetryPolicy &p = m_options.retry;
    if (resp && (resp->status == 429 || resp->status == 503)) {
        const QByteArray retryAfter = resp->header("Retry-After").trimmed();
        if (!retryAfter.isEmpty()) {
            bool isNumber = false;
            qint64 ms = retryAfter.toLongLong(&isNumber) * 1000;
            if (!isNumber) {
                const QDateTime when = QDateTime::fromString(QString::fromLatin1(retryAfter), Qt::RFC2822Date);
                ms = when.isValid() ? QDateTime::currentDateTimeUtc().msecsTo(when) : -2;
            }
            if (ms >= 0 && ms > p.maxRetryAfterMs)
                return -1;
            if (ms >= 0)
                return int(ms);
        }
    }
    qint64 delay = qint64(p.initialBackoffMs) << qMin(attempt - 1, 20);
    delay = qMin<qint64>(delay, p.maxBackoffMs);
    // +-20% so clients that failed together do not all come back at once.
    const double jitter = 0.8 + 0.4 * QRandomGenerator::global()->generateDouble();
    return int(delay * jitter);
}

RegistryResult<HttpResponse> RegistryTransport::send(const HttpRequest &req)
{
    const int maxAttempts = req.retry ? qMax(1, m_options.retry.maxAttempts) : 1;
    for (int attempt = 1;; ++attempt) {
        if (attempt > 1 && req.restart)
            req.restart();
        RegistryResult<HttpResponse> r = exchangeAuthenticated(req);
        const HttpResponse *resp = r.ok() ? &r.value() : nullptr;
        const bool transient = resp ? (resp->status >= 500 || resp->status == 429) : r.error().isTransient();
        if (!transient)
            return r;
        const int delay = attempt < maxAttempts ? backoffMs(attempt, resp) : -1;
        if (delay < 0) {
            RegistryError e = resp ? errorFor(req, *resp) : r.error();
            e.attempts = attempt;
            if (resp && attempt < maxAttempts)
                e.message += QStringLiteral(" (the registry asked to retry after more than %1 s)")
                                 .arg(m_options.retry.maxRetryAfterMs / 1000);
            return e;
        }
        qCDebug(lcRegistry).noquote() << req.operation << "attempt" << attempt << "failed ("
                                      << (resp ? QStringLiteral("HTTP %1").arg(resp->status) : r.error().message)
                                      << "), retrying in" << delay << "ms";
        pause(delay);
    }
}

bool RegistryTransport::sameOrigin(const QUrl &url) const
{
    return url.scheme() == m_baseUrl.scheme() && url.host().compare(m_baseUrl.host(), Qt::CaseInsensitive) == 0
        && url.port(url.scheme() == QLatin1String("https") ? 443 : 80)
        == m_baseUrl.port(m_baseUrl.scheme() == QLatin1String("https") ? 443 : 80);
}

QByteArray RegistryTransport::basicAuthorization() const
{
    if (m_options.credentials.isEmpty())
        return {};
    return "Basic " + (m_options.credentials.username + QLatin1Char(':') + m_options.credentials.password)
                          .toUtf8().toBase64();
}

QByteArray RegistryTransport::authorizationFor(const QString &scope) const
{
    switch (m_authMode) {
    case AuthMode::None:
        return {};
    case AuthMode::Basic:
        return basicAuthorization();
    case AuthMode::Bearer: {
        const auto it = m_tokens.constFind(normalisedScope(scope));
        if (it == m_tokens.cend() || it->expires <= QDateTime::currentDateTimeUtc())
            return {};
        return "Bearer " + it->value;
    }
    }
    return {};
}

RegistryResult<HttpResponse> RegistryTransport::exchangeAuthenticated(const HttpRequest &req)
{
    if (!req.authenticate)
        return exchangeFollowingRedirects(req, {});
    RegistryResult<HttpResponse> first = exchangeFollowingRedirects(req, authorizationFor(req.scope));
    if (!first.ok() || first->status != 401)
        return first;

    const QList<AuthChallenge> challenges = parseAuthChallenges(first->header("WWW-Authenticate"));
    const AuthChallenge *bearer = nullptr;
    const AuthChallenge *basic = nullptr;
    for (const AuthChallenge &c : challenges) {
        if (c.scheme == QLatin1String("bearer") && !bearer)
            bearer = &c;
        else if (c.scheme == QLatin1String("basic") && !basic)
            basic = &c;
    }
    if (bearer) {
        RegistryResult<void> token = fetchToken(req, *bearer);
        if (!token.ok())
            return token.error();
        m_authMode = AuthMode::Bearer;
    } else if (basic && !m_options.credentials.isEmpty()) {
        m_authMode = AuthMode::Basic;
    } else {
        return first; // no credentials, or a scheme we do not speak: the caller reports the 401
    }
    if (req.restart)
        req.restart();
    return exchangeFollowingRedirects(req, authorizationFor(req.scope));
}

bool RegistryTransport::realmAllowed(const QUrl &realm) const
{
    if (realm.scheme() == QLatin1String("https"))
        return true;
    if (realm.scheme() != QLatin1String("http"))
        return false;
    // Credentials travel in clear only to this machine or to the registry the operator
    // explicitly marked insecure.
    return m_options.credentials.isEmpty() || ImageReference::isLoopbackHost(realm.host())
        || (m_options.insecure && realm.host().compare(m_baseUrl.host(), Qt::CaseInsensitive) == 0);
}

RegistryResult<void> RegistryTransport::fetchToken(const HttpRequest &req, const AuthChallenge &challenge)
{
    QUrl realm(challenge.param(QStringLiteral("realm")), QUrl::StrictMode);
    HttpRequest tokenReq;
    tokenReq.operation = req.operation + QLatin1String(" (token request)");
    tokenReq.url = realm;
    tokenReq.authenticate = false;
    tokenReq.maxBodySize = kMaxTokenBody;
    if (!realm.isValid() || realm.isRelative() || realm.host().isEmpty())
        return error(req, RegistryError::Kind::Protocol,
                     QStringLiteral("the registry's Bearer challenge has no usable realm URL"));
    if (!realmAllowed(realm))
        return error(tokenReq, RegistryError::Kind::InvalidArgument,
                     QStringLiteral("refusing to send credentials to the token realm over plain http"));

    const QString scope = challenge.params.contains(QStringLiteral("scope")) ? challenge.param(QStringLiteral("scope"))
                                                                              : req.scope;
    QUrlQuery query(realm);
    if (const QString service = challenge.param(QStringLiteral("service")); !service.isEmpty())
        query.addQueryItem(QStringLiteral("service"), QString::fromLatin1(QUrl::toPercentEncoding(service)));
    for (const QString &s : scope.split(QLatin1Char(' '), Qt::SkipEmptyParts))
        query.addQueryItem(QStringLiteral("scope"), QString::fromLatin1(QUrl::toPercentEncoding(s)));
    realm.setQuery(query);
    tokenReq.url = realm;
    if (const QByteArray basicAuth = basicAuthorization(); !basicAuth.isEmpty())
        tokenReq.setHeader("Authorization", basicAuth);

    RegistryResult<HttpResponse> r = send(tokenReq);
    if (!r.ok())
        return r.error();
    if (r->status == 401 || r->status == 403) {
        RegistryError e = errorFor(tokenReq, *r);
        e.message = m_options.credentials.isEmpty()
            ? QStringLiteral("the token service requires credentials and none are configured")
            : QStringLiteral("the token service refused the credentials of user \"%1\"")
                  .arg(shortened(m_options.credentials.username, 64));
        return e;
    }
    if (!r->isSuccess())
        return errorFor(tokenReq, *r, QStringLiteral("the token service answered HTTP %1").arg(r->status));
    const QJsonObject json = QJsonDocument::fromJson(r->body).object();
    QByteArray token = json.value(QLatin1String("token")).toString().toUtf8();
    if (token.isEmpty())
        token = json.value(QLatin1String("access_token")).toString().toUtf8();
    // A token is header material: refuse anything that could break the header line.
    const bool printable = std::all_of(token.cbegin(), token.cend(), [](char c) { return c > 0x20 && c < 0x7f; });
    if (token.isEmpty() || !printable)
        return error(tokenReq, RegistryError::Kind::Protocol,
                     QStringLiteral("the token service's answer holds no usable token"));
    int seconds = json.value(QLatin1String("expires_in")).toInt(kDefaultTokenSeconds);
    seconds = qBound(10, seconds, 24 * 3600);
    // Renew a little early so a token does not expire between our check and the registry's.
    const Token t{token, QDateTime::currentDateTimeUtc().addSecs(seconds - 5)};
    m_tokens.insert(normalisedScope(req.scope), t);
    m_tokens.insert(normalisedScope(scope), t);
    return {};
}

RegistryResult<HttpResponse> RegistryTransport::exchangeFollowingRedirects(const HttpRequest &req,
                                                                           const QByteArray &authorization)
{
    QUrl url = req.url;
    QByteArray method = req.method;
    for (int hop = 0;; ++hop) {
        // Credentials stay with the registry: blob redirects to storage hosts go without them.
        const QByteArray auth = (hop == 0 || sameOrigin(url)) ? authorization : QByteArray();
        RegistryResult<HttpResponse> r = exchangeOnce(req, url, method, auth);
        if (!r.ok())
            return r;
        const int s = r->status;
        const bool redirect = s == 301 || s == 302 || s == 303 || s == 307 || s == 308;
        const QByteArray location = r->header("Location");
        if (!redirect || location.isEmpty())
            return r;
        if (hop >= kMaxRedirects)
            return error(req, RegistryError::Kind::Protocol,
                         QStringLiteral("more than %1 redirects").arg(kMaxRedirects));
        const QUrl next = url.resolved(QUrl::fromEncoded(location.trimmed(), QUrl::StrictMode));
        if (next.scheme() != QLatin1String("https")
            && !(next.scheme() == QLatin1String("http") && url.scheme() == QLatin1String("http")))
            return error(req, RegistryError::Kind::Protocol,
                         QStringLiteral("refusing a redirect from %1 to %2").arg(url.scheme(), describeUrl(next)));
        if (s == 303 && method != "HEAD")
            method = "GET";
        url = next;
        if (req.restart)
            req.restart();
    }
}

RegistryResult<HttpResponse> RegistryTransport::exchangeOnce(const HttpRequest &req, const QUrl &url,
                                                             const QByteArray &method, const QByteArray &authorization)
{
    QNetworkRequest nr(url);
    nr.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    nr.setHeader(QNetworkRequest::UserAgentHeader, m_options.userAgent);
    for (const auto &[key, value] : req.headers)
        nr.setRawHeader(key, value);
    if (!authorization.isEmpty())
        nr.setRawHeader("Authorization", authorization);

    std::unique_ptr<QIODevice> body;
    if (!req.bodyFile.isEmpty()) {
        auto slice = std::make_unique<FileSliceDevice>(req.bodyFile, req.bodyOffset, req.bodyLength);
        if (!slice->openSlice())
            return error(req, RegistryError::Kind::Io, QStringLiteral("cannot read %1 bytes at offset %2 of %3: %4")
                                                           .arg(req.bodyLength).arg(req.bodyOffset)
                                                           .arg(req.bodyFile, slice->fileError()));
        body = std::move(slice);
    } else if (method == "POST" || method == "PUT" || method == "PATCH") {
        auto buffer = std::make_unique<QBuffer>();
        buffer->setData(req.body);
        buffer->open(QIODevice::ReadOnly);
        body = std::move(buffer);
    }
    if (body)
        nr.setHeader(QNetworkRequest::ContentLengthHeader, body->size());

    // HEAD and GET through their own calls: as a custom verb, QNetworkAccessManager would
    // wait for the body a HEAD answer's Content-Length announces but never sends.
    QNetworkReply *raw = method == "HEAD" ? m_nam->head(nr)
        : method == "GET"                 ? m_nam->get(nr)
        : body                            ? m_nam->sendCustomRequest(nr, method, body.get())
                                          : m_nam->sendCustomRequest(nr, method);
    const std::unique_ptr<QNetworkReply> reply(raw);

    HttpResponse resp;
    bool timedOut = false;
    bool tooLarge = false;
    bool sinkFailed = false;
    RegistryError sinkError;
    QEventLoop loop;
    QTimer idle;
    idle.setSingleShot(true);
    idle.setInterval(qMax(1, m_options.requestTimeoutMs));

    const auto drain = [&] {
        if (!reply->isOpen())
            return; // aborted
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray data = reply->readAll();
        if (data.isEmpty() || tooLarge || sinkFailed)
            return;
        if (req.sink && status >= 200 && status < 300) {
            if (!req.sink(data, &sinkError)) {
                sinkFailed = true;
                reply->abort();
            }
            return;
        }
        const qsizetype limit = (status >= 200 && status < 300) ? req.maxBodySize : kMaxErrorBody;
        if (resp.body.size() + data.size() > limit) {
            tooLarge = status >= 200 && status < 300;
            if (tooLarge)
                reply->abort();
            return; // an oversized error body is cut, not fatal
        }
        resp.body.append(data);
    };
    QObject::connect(&idle, &QTimer::timeout, &loop, [&] {
        timedOut = true;
        reply->abort();
    });
    QObject::connect(raw, &QNetworkReply::readyRead, &loop, [&] {
        idle.start();
        drain();
    });
    QObject::connect(raw, &QNetworkReply::uploadProgress, &loop, [&](qint64 sent, qint64 total) {
        idle.start();
        if (req.uploadProgress && total > 0)
            req.uploadProgress(sent, total);
    });
    QObject::connect(raw, &QNetworkReply::downloadProgress, &loop, [&](qint64 got, qint64 total) {
        idle.start();
        if (req.downloadProgress)
            req.downloadProgress(got, total);
    });
    QObject::connect(raw, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    idle.start();
    if (!raw->isFinished())
        loop.exec(QEventLoop::ExcludeUserInputEvents);
    drain();

    if (sinkFailed) {
        sinkError.operation = req.operation;
        sinkError.method = QString::fromLatin1(method);
        sinkError.url = describeUrl(url);
        return sinkError;
    }
    if (timedOut)
        return error(req, RegistryError::Kind::Timeout,
                     QStringLiteral("no progress for %1 ms from %2").arg(m_options.requestTimeoutMs).arg(url.authority()));
    if (tooLarge)
        return error(req, RegistryError::Kind::Protocol,
                     QStringLiteral("the response is larger than %1 bytes").arg(req.maxBodySize));
    if (isTransportError(reply->error())) {
        RegistryError e = error(req, RegistryError::Kind::Network, reply->errorString());
        e.url = describeUrl(url);
        e.method = QString::fromLatin1(method);
        return e;
    }
    resp.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (resp.status == 0)
        return error(req, RegistryError::Kind::Network, reply->errorString());
    resp.headers = reply->rawHeaderPairs();
    resp.url = url;
    return resp;
}

} // namespace enclii::oci
