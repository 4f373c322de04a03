#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QNetworkAccessManager>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>
#include <QUrl>

#include <chrono>
#include <functional>
#include <optional>

class QNetworkReply;
class QNetworkRequest;
class QTcpServer;
class QTcpSocket;

namespace enclii::ui {

// The person behind the console, as GET /v1/me describes them.
struct SessionUser
{
    QString subject;
    QString email;
    QString name;
    QStringList roles;                              // admin, finance, oncall, owner:<project> ...
    QStringList permissions;                        // global: catalog.read, billing.read ...
    QHash<QString, QStringList> projectPermissions; // per project

    bool isEmpty() const { return subject.isEmpty(); }
    // The name if there is one, else the e-mail, else the subject.
    QString displayName() const;
    static SessionUser fromJson(const QJsonObject &me);
};

// Signing in to encliid from a native app: OpenID Connect authorization code with PKCE
// (RFC 7636) through the system browser and a loopback redirect (RFC 8252 §7.3). Tokens
// live in memory and in the OS keychain (QtKeychain), never in QSettings or a file.
//
//   SignedOut --signIn()--> Authorizing --code + tokens--> SignedIn <--> Refreshing
//       ^                        |                            |
//       +---- cancel, error -----+------ signOut(), refresh refused, token rejected
//
// checkConfiguration() asks the daemon whether it wants sign-in at all (GET /v1/auth/config)
// and where its provider is (OIDC discovery), then restores a saved session from the
// keychain by refreshing it straight away. ApiClient calls it once the daemon answers.
//
// For scripts and screenshots there is no browser: useGivenToken() takes a bearer token
// from the command line or ENCLII_TOKEN (an API token "enclii_pat_..." or an access token)
// and is SignedIn with it at once. Such a token is never refreshed, revoked or written to
// the keychain; when encliid refuses it, the session ends.
class Session : public QObject
{
    Q_OBJECT

public:
    enum class State { SignedOut, Authorizing, SignedIn, Refreshing };
    Q_ENUM(State)
    // What the daemon said about sign-in: not asked yet (or no clear answer), off, required.
    enum class Requirement { Unknown, Off, Required };
    Q_ENUM(Requirement)

    explicit Session(QObject *parent = nullptr);
    ~Session() override;

    static QString keychainService();
    static QString defaultClientId();
    static QString scope();
    // ENCLII_TOKEN, trimmed; empty when unset.
    static QString environmentToken();

    QUrl baseUrl() const { return m_baseUrl; }
    // Another daemon is another session: what is in memory is dropped (the keychain keeps
    // one entry per daemon), and the configuration is asked for again.
    void setBaseUrl(const QUrl &url);
    // The keychain entry's key: the daemon base URL.
    QString keychainKey() const;

    State state() const { return m_state; }
    Requirement requirement() const { return m_requirement; }
    // True while there is an access token to send: SignedIn, or Refreshing a live session.
    bool isSignedIn() const;
    bool isKeychainBusy() const { return m_keychainJob || !m_keychainQueue.isEmpty(); }
    QString accessToken() const { return m_accessToken; }
    QDateTime accessTokenExpiry() const { return m_accessExpiry; }
    QUrl authorizationUrl() const { return m_authorizationUrl; }
    QString lastError() const { return m_lastError; }
    const SessionUser &user() const { return m_user; }
    // True while the bearer is a token given with useGivenToken(), not a sign-in.
    bool usesGivenToken() const { return m_givenToken; }

    // Whether the signed-in person may do `permission`, globally or in `project`. With sign-in
    // off on the daemon everything is allowed; without a known user nothing is.
    bool can(const QString &permission, const QString &project = {}) const;

    // Tunables. Tests turn the browser off and play the person themselves.
    void setOpenBrowser(bool open) { m_openBrowser = open; }
    void setCallbackTimeout(std::chrono::milliseconds timeout) { m_callbackTimeout = timeout; }
    void setRequestTimeout(std::chrono::milliseconds timeout) { m_requestTimeout = timeout; }

    // RFC 7636 §4.1: 32 random bytes, base64url without padding: 43 characters.
    static QByteArray createCodeVerifier();
    // RFC 7636 §4.2, S256: base64url(SHA-256(verifier)) without padding.
    static QByteArray codeChallenge(const QByteArray &verifier);
    // The claims of a compact JWS, unverified; empty when it is not one.
    static QJsonObject jwtClaims(const QByteArray &jwt);

public slots:
    void checkConfiguration();
    void signIn();
    void cancelSignIn();
    // Revokes the refresh token at the provider, deletes the keychain entry, forgets tokens.
    void signOut();
    // Silent refresh; one at a time. refreshFinished() follows. With a given token there is
    // nothing to renew: the daemon refused it, so the session ends.
    void refresh();
    // Use `token` as the bearer instead of signing in, until sign-out or another daemon URL
    // (a token belongs to the daemon it was made for). Call it after setBaseUrl(). An empty
    // token just signs out here.
    void useGivenToken(const QString &token);
    // The daemon keeps refusing our tokens: forget them (and the keychain entry) and say why.
    void endSession(const QString &reason);

signals:
    void stateChanged(enclii::ui::Session::State state);
    void requirementChanged(enclii::ui::Session::Requirement requirement);
    // The URL the person must open; the browser is opened with it too unless turned off.
    void authorizationUrlReady(const QUrl &url);
    void userChanged();
    void refreshFinished(bool ok);
    void signInFailed(const QString &message);
    // Signed out without being asked to: the provider refused a refresh, or the daemon the tokens.
    void sessionEnded(const QString &reason);
    // signOut() has told the provider and cleared the keychain; `problem` is empty if all went well.
    void signOutFinished(const QString &problem);
    // Something worth a line in the status bar that changes nothing else (keychain trouble ...).
    void notice(const QString &message);
    // Every queued keychain read, write and delete has finished.
    void keychainIdle();

private:
    struct TokenSet
    {
        QString accessToken;
        QString refreshToken;
        QByteArray idToken;
        qint64 expiresIn = 0;
    };
    struct KeychainOp
    {
        enum class Kind { Read, Write, Delete } kind;
        QString key;
        QByteArray data;
        std::function<void(bool ok, bool notFound, const QString &error, const QByteArray &data)> done;
    };

    // configuration
    void fetchAuthConfig();
    void onAuthConfigFinished(QNetworkReply *reply);
    void fetchDiscovery(const QUrl &issuer);
    void onDiscoveryFinished(QNetworkReply *reply);
    void configurationFailed(const QString &message);
    void setRequirement(Requirement requirement);
    void restoreFromKeychain();

    // authorization code + PKCE
    void startAuthorization();
    void onCallbackConnection();
    void onCallbackData(QTcpSocket *socket);
    void handleCallback(QTcpSocket *socket, const QByteArray &query);
    void answerBrowser(bool ok, const QString &message);
    void failSignIn(const QString &message);
    void stopCallbackServer();
    void exchangeCode(const QString &code);
    void onCodeExchangeFinished(QNetworkReply *reply);

    // tokens
    void onRefreshFinished(QNetworkReply *reply);
    std::optional<TokenSet> parseTokenResponse(QNetworkReply *reply, QString *error, bool *refused) const;
    QString checkIdToken(const QByteArray &idToken, bool fromCodeGrant) const;
    void acceptTokens(const TokenSet &tokens);
    void scheduleRefresh(std::chrono::milliseconds delay);
    void fetchUser();
    void onUserFinished(QNetworkReply *reply);
    void revoke(const QString &refreshToken);
    void forgetTokens();
    void setState(State state);

    // keychain: strictly one job at a time, in order, so a rotated refresh token never loses
    // the race against an older write.
    void keychainRead(std::function<void(bool, bool, const QString &, const QByteArray &)> done);
    void keychainWrite();
    void keychainDelete(std::function<void(bool, bool, const QString &, const QByteArray &)> done = {});
    void runKeychainQueue();

    QNetworkRequest makeRequest(const QUrl &url) const;
    QNetworkReply *postForm(const QUrl &url, const QList<QPair<QString, QString>> &fields);
    QUrl daemonUrl(const QString &path) const;
    void abortReplies();
    void maybeFinishSignOut();

    QNetworkAccessManager m_network;
    QUrl m_baseUrl;
    State m_state = State::SignedOut;
    Requirement m_requirement = Requirement::Unknown;
    QString m_lastError;
    bool m_openBrowser = true;
    bool m_signInWhenReady = false;
    bool m_restoring = false;
    bool m_givenToken = false; // the access token came from useGivenToken()

    // provider
    QString m_clientId;
    QString m_issuer;
    QUrl m_authorizationEndpoint;
    QUrl m_tokenEndpoint;
    QUrl m_revocationEndpoint;

    // one authorization in progress
    QByteArray m_codeVerifier;
    QByteArray m_expectedState;
    QByteArray m_nonce;
    QString m_redirectUri;
    QUrl m_authorizationUrl;
    QTcpServer *m_callbackServer = nullptr; // child; one per sign-in
    QPointer<QTcpSocket> m_browserSocket;
    QTimer m_callbackTimer;

    // tokens and the person
    QString m_accessToken;
    QString m_refreshToken;
    QDateTime m_accessExpiry;
    QString m_subject;
    SessionUser m_user;
    QTimer m_refreshTimer;

    QPointer<QNetworkReply> m_configReply;
    QPointer<QNetworkReply> m_discoveryReply;
    QPointer<QNetworkReply> m_codeReply;
    QPointer<QNetworkReply> m_refreshReply;
    QPointer<QNetworkReply> m_userReply;

    QList<KeychainOp> m_keychainQueue;
    QPointer<QObject> m_keychainJob;
    bool m_keychainWarned = false;

    int m_signOutPending = 0;
    QString m_signOutProblem;

    std::chrono::milliseconds m_callbackTimeout{5 * 60 * 1000};
    std::chrono::milliseconds m_requestTimeout{15000};
};

} // namespace enclii::ui
