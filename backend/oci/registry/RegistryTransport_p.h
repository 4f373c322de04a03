#pragma once

// Internal to enclii_oci_registry: one HTTP exchange with a registry, with its auth,
// redirects, timeouts and retries. RegistryClient builds the Distribution API on it.

#include "oci/registry/RegistryClient.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QPair>
#include <QUrl>

#include <functional>
#include <memory>

class QNetworkAccessManager;
class QThread;

namespace enclii::oci {

struct AuthChallenge;

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

struct HttpRequest
{
    QString operation;
    QByteArray method = "GET";
    QUrl url;
    HeaderList headers;
    QByteArray body;        // the body, unless bodyFile is set
    QString bodyFile;       // or [bodyOffset, bodyOffset + bodyLength) of this file
    qint64 bodyOffset = 0;
    qint64 bodyLength = 0;
    QString scope;          // token scopes the request needs, space separated; empty: registry level
    bool retry = true;      // false: the caller handles failures itself (upload steps)
    bool authenticate = true;
    qint64 maxBodySize = 1 << 20; // in-memory response bodies above this fail
    // When set, a 2xx body is handed here as it arrives instead of kept; false aborts (the
    // callback fills the error). restart() runs before each retry, to start the sink over.
    std::function<bool(QByteArrayView, RegistryError *)> sink;
    std::function<void()> restart;
    RegistryClient::Progress uploadProgress;
    RegistryClient::Progress downloadProgress;

    void setHeader(const QByteArray &name, const QByteArray &value) { headers.append({name, value}); }
};

struct HttpResponse
{
    int status = 0;
    HeaderList headers;
    QByteArray body;
    QUrl url; // after redirects

    QByteArray header(QByteArrayView name) const; // case-insensitive; "" when absent
    bool isSuccess() const { return status >= 200 && status < 300; }
};

class RegistryTransport
{
public:
    RegistryTransport(RegistryClient::Options options, QUrl baseUrl, QString configError);
    ~RegistryTransport();

    const RegistryClient::Options &options() const { return m_options; }
    QUrl baseUrl() const { return m_baseUrl; }
    // Checks the configuration and the calling thread (see RegistryClient); the error names operation.
    bool usable(const QString &operation, RegistryError *error);

    // /v2/<path> on the registry, with query items already encoded as they should be sent.
    QUrl url(const QString &path, const QString &encodedQuery = {}) const;
    // A Location header, relative ones against the registry.
    QUrl resolve(const QByteArray &location) const;

    // Sends with auth, redirects and (when req.retry) retries of transient failures.
    // Any final HTTP status comes back as a response, except transient ones (5xx, 429)
    // that outlived the retries, which come back as errors.
    RegistryResult<HttpResponse> send(const HttpRequest &req);
    // An error for an unexpected response: kind by status, the registry's errors[] parsed.
    RegistryError errorFor(const HttpRequest &req, const HttpResponse &resp, const QString &message = {}) const;
    RegistryError error(const HttpRequest &req, RegistryError::Kind kind, const QString &message) const;

    // Sleeps on a local event loop (the thread's sockets and timers keep running).
    void pause(int ms);
    // Delay before attempt `attempt + 1` after `attempt` failures; -1 when a Retry-After
    // beyond the policy's limit says not to retry at all.
    int backoffMs(int attempt, const HttpResponse *resp) const;

    static QString describeUrl(const QUrl &url);

private:
    RegistryResult<HttpResponse> exchangeAuthenticated(const HttpRequest &req);
    RegistryResult<HttpResponse> exchangeFollowingRedirects(const HttpRequest &req, const QByteArray &authorization);
    RegistryResult<HttpResponse> exchangeOnce(const HttpRequest &req, const QUrl &url, const QByteArray &method,
                                              const QByteArray &authorization);
    RegistryResult<void> fetchToken(const HttpRequest &req, const AuthChallenge &challenge);
    QByteArray authorizationFor(const QString &scope) const;
    QByteArray basicAuthorization() const;
    bool sameOrigin(const QUrl &url) const;
    bool realmAllowed(const QUrl &realm) const;

    struct Token
    {
        QByteArray value;
        QDateTime expires;
    };
    enum class AuthMode { None, Basic, Bearer };

    RegistryClient::Options m_options;
    QUrl m_baseUrl;
    QString m_configError;
    QThread *m_thread = nullptr;
    std::unique_ptr<QNetworkAccessManager> m_nam;
    AuthMode m_authMode = AuthMode::None;
    QHash<QString, Token> m_tokens; // by normalised scope
};

} // namespace enclii::oci
