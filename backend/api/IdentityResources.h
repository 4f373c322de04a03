#pragma once

#include "http/Router.h"

#include <QHash>
#include <QMutex>
#include <QString>

#include <optional>

namespace enclii::store {
struct ClientRow;
class IdentityRepository;
class AuditLog;
}
namespace enclii::auth {
class Authenticator;
class KeyRing;
class TokenValidator;
}

namespace enclii::api {

struct ProviderSettings
{
    QString mode = QStringLiteral("builtin"); // builtin | external | disabled
    QString issuer;                           // our public URL (builtin) or the external issuer
    QString audience = QStringLiteral("enclii");
    int accessTokenSeconds = 900;
    int idTokenSeconds = 900;
    int refreshTokenSeconds = 30 * 24 * 3600;
    int codeSeconds = 60;
    int leewaySeconds = 60;
};

// Counts failures per key in a sliding window; used for sign-in attempts per address and per
// account. In memory: each replica limits on its own, which bounds guessing per replica.
class AttemptLimiter
{
public:
    AttemptLimiter(int maxFailures, int windowSeconds) : m_max(maxFailures), m_window(windowSeconds) {}
    // Seconds until key may try again; 0 when it may now.
    int retryAfter(const QString &key);
    void fail(const QString &key);
    void succeed(const QString &key);

private:
    QMutex m_mutex;
    QHash<QString, QList<qint64>> m_failures;
    int m_max;
    int m_window;
};

// The built-in OpenID Connect provider (discovery, JWKS, authorize with PKCE, token,
// userinfo, revocation, end-session), and the identity API: /v1/me, /v1/auth/config,
// users and roles, API tokens, key rotation. With an external issuer only /v1/me and
// /v1/auth/config are served.
class IdentityResources
{
public:
    IdentityResources(ProviderSettings settings, store::IdentityRepository *repo, store::AuditLog *audit, auth::KeyRing *keys,
                      auth::Authenticator *authenticator = nullptr);

    void registerRoutes(http::Router &router);

private:
    http::Response discovery(const http::Request &);
    http::Response jwks(const http::Request &);
    http::Response authorizeForm(const http::Request &);
    http::Response authorizeSubmit(const http::Request &);
    http::Response token(const http::Request &);
    http::Response userinfo(const http::Request &);
    http::Response revoke(const http::Request &);
    http::Response logout(const http::Request &);
    http::Response me(const http::Request &);
    http::Response authConfig(const http::Request &);
    http::Response listUsers(const http::Request &);
    http::Response createUser(const http::Request &);
    http::Response setRoles(const http::Request &);
    http::Response listTokens(const http::Request &);
    http::Response createToken(const http::Request &);
    http::Response revokeToken(const http::Request &);
    http::Response rotateKeys(const http::Request &);

    // RFC 6749 §2.3 client authentication; a response when it fails.
    std::optional<http::Response> authenticateClient(const http::Request &req, const QHash<QString, QString> &form,
                                                     store::ClientRow *client);
    http::Response tokenForCode(const QHash<QString, QString> &form, const QString &clientId);
    http::Response tokenForRefresh(const QHash<QString, QString> &form, const QString &clientId);
    http::Response tokenForClient(const QString &clientId, const QHash<QString, QString> &form);
    // Access, id and refresh tokens for a user: rotatedRefresh is the successor a refresh
    // grant already stored; without it, offline_access starts a new session (family).
    http::Response issueTokens(qint64 userId, const QString &clientId, const QString &scope, const QString &nonce,
                               const QString &rotatedRefresh);

    ProviderSettings m_settings;
    store::IdentityRepository *m_repo;
    store::AuditLog *m_audit;
    auth::KeyRing *m_keys;
    auth::Authenticator *m_authenticator;
    AttemptLimiter m_perAddress{20, 600};
    AttemptLimiter m_perAccount{5, 900};
};

} // namespace enclii::api
