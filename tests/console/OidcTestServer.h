#pragma once

#include <QAbstractHttpServer>
#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QSet>
#include <QStringList>
#include <QUrl>

namespace enclii::test {

// TEST STAND-IN for encliid's OpenID Connect provider — not the daemon's code.
//
// It follows the contract the console is written against, as closely as a test double can:
// /v1/auth/config, OIDC discovery, /oauth/authorize (redirects at once with a code, as if
// the person had signed in), /oauth/token (authorization_code with PKCE S256 checked
// against the challenge; refresh_token with rotation and reuse detection), /oauth/revoke
// (RFC 7009), /v1/me, and the bearer-protected /v1/ecosystem plus /healthz. Passing against
// it proves the console keeps the contract, not that the daemon does: tst_console_e2e signs
// in to the real daemon's provider; this stand-in is for what the daemon will not do on
// demand (refused clients, forged ID tokens, expiring tokens in seconds).
class OidcTestServer : public QAbstractHttpServer
{
    Q_OBJECT

public:
    static constexpr auto ClientId = "enclii-console";

    explicit OidcTestServer(QObject *parent = nullptr);

    bool start();
    QUrl url() const;
    QString issuer() const { return url().toString(); }

    // "builtin" (default), "disabled", or empty: no /v1/auth/config at all (an older daemon).
    void setMode(const QString &mode) { m_mode = mode; }
    void setAccessTokenLifetime(int seconds) { m_accessLifetime = seconds; }
    // The person says no on the sign-in page: the redirect carries error=access_denied.
    void setDenyAuthorization(bool deny) { m_deny = deny; }
    // The token endpoint answers invalid_client (401, with a Basic challenge as RFC 6749
    // §5.2 asks), as when the console's client is not registered.
    void setRejectClientAtTokenEndpoint(bool reject) { m_rejectClient = reject; }
    // Replaces one claim of the ID tokens issued from now on (to test the console's checks).
    void overrideIdTokenClaim(const QString &claim, const QJsonValue &value) { m_claimOverrides.insert(claim, value); }
    // What GET /v1/me answers for the signed-in person.
    void setProfile(const QJsonObject &me) { m_profile = me; }
    static QJsonObject adminProfile();
    static QJsonObject viewerProfile();

    // Every access token issued so far is refused from now on (401), as after expiry.
    void expireAccessTokens();
    // Every session ends: its refresh tokens are refused.
    void revokeAllSessions();

    // What happened.
    int requestCount(const QString &path) const { return m_requests.value(path); }
    int tokenRequests(const QString &grantType) const { return m_tokenRequests.value(grantType); }
    int successfulTokenResponses() const { return m_tokensIssued; }
    QString lastTokenError() const { return m_lastTokenError; }
    int refreshTokenReuses() const { return m_reuses; }
    bool isRefreshTokenActive(const QString &token) const;
    QStringList revokedTokens() const { return m_revokedTokens; }
    QStringList ecosystemAuthorizations() const { return m_ecosystemAuthorizations; }
    int unauthorizedAnswers() const { return m_unauthorized; }

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    struct Response
    {
        int status = 200;
        QByteArray contentType = "application/json";
        QByteArray body;
        QList<QPair<QByteArray, QByteArray>> headers;
    };
    struct PendingCode
    {
        QString redirectUri;
        QString challenge;
        QString nonce;
        bool used = false;
    };
    struct AccessToken
    {
        int session = 0;
        QDateTime expiresAt;
        bool expired = false;
    };

    Response route(const QHttpServerRequest &request, const QString &path);
    Response authorize(const QHttpServerRequest &request);
    Response token(const QHttpServerRequest &request);
    Response revoke(const QHttpServerRequest &request);
    Response me(const QHttpServerRequest &request);
    Response ecosystem(const QHttpServerRequest &request);
    Response issueTokens(int session, const QString &nonce);
    Response tokenError(int status, const QString &error, const QString &description);
    Response unauthorized(const QString &detail);
    bool bearerValid(const QHttpServerRequest &request, QByteArray *token = nullptr) const;
    static Response json(const QJsonObject &object, int status = 200);
    static QHash<QString, QString> form(const QByteArray &body);
    static QByteArray header(const QHttpServerRequest &request, const QByteArray &name);

    quint16 m_port = 0;
    QString m_mode = QStringLiteral("builtin");
    int m_accessLifetime = 3600;
    bool m_deny = false;
    bool m_rejectClient = false;
    QJsonObject m_claimOverrides;
    QJsonObject m_profile;

    QHash<QString, PendingCode> m_codes;
    QHash<QString, int> m_refreshTokens;  // token -> session
    QSet<QString> m_usedRefreshTokens;    // rotated away; presenting one again is reuse
    QSet<int> m_revokedSessions;
    QHash<QString, AccessToken> m_accessTokens;
    QHash<int, QString> m_sessionNonce;
    int m_nextSession = 1;

    QHash<QString, int> m_requests;
    QHash<QString, int> m_tokenRequests;
    int m_tokensIssued = 0;
    QString m_lastTokenError;
    int m_reuses = 0;
    QStringList m_revokedTokens;
    QStringList m_ecosystemAuthorizations;
    int m_unauthorized = 0;
};

} // namespace enclii::test
