#include "Session.h"

#include "ApiClient.h"

#include <qt6keychain/keychain.h>

#include <QCryptographicHash>
#include <QDesktopServices>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTcpSocket>

#include <algorithm>
#include <cstring>

namespace enclii::ui {

using namespace Qt::StringLiterals;

namespace {

constexpr auto AuthConfigPath = "/v1/auth/config";
constexpr auto DiscoveryPath = "/.well-known/openid-configuration";
constexpr auto MePath = "/v1/me";
constexpr auto CallbackPath = "/callback";
constexpr qsizetype MaxCallbackRequest = 16 * 1024;
// Refresh once this share of the access token's lifetime has passed, so a slow answer
// still lands before the token expires.
constexpr double RefreshAt = 0.8;
constexpr qint64 ClockSkewSeconds = 120;
constexpr std::chrono::milliseconds MinRefreshDelay{500};
constexpr std::chrono::milliseconds RetryAfterTransientFailure{10000};
// RFC 6749 makes expires_in optional; without it, assume a short life and renew early.
constexpr qint64 DefaultExpiresIn = 300;

QByteArray base64Url(const QByteArray &bytes)
{
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

// From the operating system's CSPRNG: these values stand between an attacker and the session.
QByteArray randomBytes(int count)
{
    QList<quint32> words((count + 3) / 4);
    QRandomGenerator::system()->fillRange(words.data(), words.size());
    return QByteArray(reinterpret_cast<const char *>(words.constData()), count);
}

QByteArray formEncode(const QList<QPair<QString, QString>> &fields)
{
    QByteArray out;
    for (const auto &[name, value] : fields) {
        if (!out.isEmpty())
            out += '&';
        out += QUrl::toPercentEncoding(name) + '=' + QUrl::toPercentEncoding(value);
    }
    return out;
}

// application/x-www-form-urlencoded, which is what RFC 6749 §4.1.2 puts in the redirect's
// query: '+' is a space. The first occurrence of a name wins.
QHash<QString, QString> formDecode(const QByteArray &query)
{
    QHash<QString, QString> out;
    for (QByteArray pair : query.split('&')) {
        if (pair.isEmpty())
            continue;
        pair.replace('+', ' ');
        const qsizetype eq = pair.indexOf('=');
        const QString name = QUrl::fromPercentEncoding(eq < 0 ? pair : pair.left(eq));
        if (!out.contains(name))
            out.insert(name, eq < 0 ? QString() : QUrl::fromPercentEncoding(pair.mid(eq + 1)));
    }
    return out;
}

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 431: return "Request Header Fields Too Large";
    default: return "Error";
    }
}

// The page the browser shows after the redirect; in the console's language.
void sendPage(QTcpSocket *socket, int status, const QString &title, const QString &text)
{
    const QString html =
        u"<!doctype html><html lang=\"%1\"><head><meta charset=\"utf-8\"><title>%2</title>"
        u"<style>body{font-family:sans-serif;margin:4em auto;max-width:36em;padding:0 1em;color:#1d2733}"
        u"h1{font-size:1.4em}</style></head><body><h1>%2</h1><p>%3</p><p>%4</p></body></html>"_s.arg(
            QLocale().bcp47Name(), title.toHtmlEscaped(), text.toHtmlEscaped(),
            Session::tr("You can close this tab and return to Enclii.").toHtmlEscaped());
    const QByteArray body = html.toUtf8();
    QByteArray response = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    response += "Content-Type: text/html; charset=utf-8\r\n";
    response += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    response += "Cache-Control: no-store\r\nReferrer-Policy: no-referrer\r\nConnection: close\r\n\r\n";
    response += body;
    socket->write(response);
    socket->disconnectFromHost();
}

QStringList stringList(const QJsonValue &value)
{
    QStringList out;
    for (const QJsonValue &v : value.toArray())
        if (v.isString())
            out << v.toString();
    return out;
}

qint64 jsonInteger(const QJsonValue &value)
{
    if (value.isString())
        return value.toString().toLongLong();
    return qint64(value.toDouble());
}

} // namespace

QString SessionUser::displayName() const
{
    if (!name.isEmpty())
        return name;
    return email.isEmpty() ? subject : email;
}

SessionUser SessionUser::fromJson(const QJsonObject &me)
{
    SessionUser user;
    user.subject = me.value("subject"_L1).toString();
    user.email = me.value("email"_L1).toString();
    user.name = me.value("name"_L1).toString();
    user.roles = stringList(me.value("roles"_L1));
    user.permissions = stringList(me.value("permissions"_L1));
    const QJsonObject projects = me.value("projectPermissions"_L1).toObject();
    for (auto it = projects.begin(); it != projects.end(); ++it)
        user.projectPermissions.insert(it.key(), stringList(it.value()));
    return user;
}

namespace {

// Every reply is deleted once finished; only the one still awaited is handled (a newer request
// may have superseded it). Clears the awaited slot when it is this reply.
bool takeAwaited(QNetworkReply *reply, QPointer<QNetworkReply> &awaited)
{
    reply->deleteLater();
    if (reply != awaited)
        return false;
    awaited.clear();
    return true;
}

} // namespace

Session::Session(QObject *parent)
    : QObject(parent)
    , m_clientId(defaultClientId())
{
    m_callbackTimer.setSingleShot(true);
    connect(&m_callbackTimer, &QTimer::timeout, this, [this] {
        const int minutes = std::max(1, int((m_callbackTimeout.count() + 30000) / 60000));
        failSignIn(tr("No answer from the browser within %n minute(s); the sign-in was given up.", nullptr, minutes));
    });
    m_refreshTimer.setSingleShot(true);
    connect(&m_refreshTimer, &QTimer::timeout, this, &Session::refresh);
}

Session::~Session()
{
    abortReplies();
    stopCallbackServer();
}

QString Session::keychainService()
{
    return u"enclii-console"_s;
}

QString Session::defaultClientId()
{
    return u"enclii-console"_s;
}

QString Session::scope()
{
    return u"openid profile email offline_access"_s;
}

QString Session::environmentToken()
{
    return qEnvironmentVariable("ENCLII_TOKEN").trimmed();
}

void Session::setBaseUrl(const QUrl &url)
{
    const QUrl normalized = url.adjusted(QUrl::StripTrailingSlash);
    if (normalized == m_baseUrl)
        return;
    abortReplies();
    stopCallbackServer();
    forgetTokens();
    m_baseUrl = normalized;
    m_clientId = defaultClientId();
    m_issuer.clear();
    m_authorizationEndpoint.clear();
    m_tokenEndpoint.clear();
    m_revocationEndpoint.clear();
    m_signInWhenReady = false;
    m_restoring = false;
    m_lastError.clear();
    setState(State::SignedOut);
    setRequirement(Requirement::Unknown);
}

QString Session::keychainKey() const
{
    return m_baseUrl.toString();
}

bool Session::isSignedIn() const
{
    return !m_accessToken.isEmpty() && (m_state == State::SignedIn || m_state == State::Refreshing);
}

bool Session::can(const QString &permission, const QString &project) const
{
    if (m_requirement == Requirement::Off)
        return true;
    if (!isSignedIn() || m_user.isEmpty())
        return false;
    if (m_user.permissions.contains(permission))
        return true;
    return !project.isEmpty() && m_user.projectPermissions.value(project).contains(permission);
}

QByteArray Session::createCodeVerifier()
{
    return base64Url(randomBytes(32));
}

QByteArray Session::codeChallenge(const QByteArray &verifier)
{
    return base64Url(QCryptographicHash::hash(verifier, QCryptographicHash::Sha256));
}

QJsonObject Session::jwtClaims(const QByteArray &jwt)
{
    const QList<QByteArray> parts = jwt.split('.');
    if (parts.size() != 3)
        return {};
    const auto decoded = QByteArray::fromBase64Encoding(parts.at(1), QByteArray::Base64UrlEncoding
                                                                          | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return {};
    return QJsonDocument::fromJson(*decoded).object();
}

// ---- configuration -------------------------------------------------------------------

void Session::checkConfiguration()
{
    if (m_configReply || m_discoveryReply || m_baseUrl.isEmpty())
        return; // the answer on its way serves every caller
    fetchAuthConfig();
}

void Session::fetchAuthConfig()
{
    QNetworkReply *reply = m_network.get(makeRequest(daemonUrl(QString::fromLatin1(AuthConfigPath))));
    m_configReply = reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onAuthConfigFinished(reply); });
}

void Session::onAuthConfigFinished(QNetworkReply *reply)
{
    if (!takeAwaited(reply, m_configReply))
        return;

    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    const QJsonObject config = QJsonDocument::fromJson(body).object();
    const QString mode = config.value("mode"_L1).toString();

    // An older daemon has no /v1/auth/config: it has no sign-in either.
    if (status == 404 || (status == 200 && mode == "disabled"_L1)) {
        if (m_state != State::SignedOut) {
            stopCallbackServer();
            forgetTokens();
            setState(State::SignedOut);
        }
        m_lastError.clear();
        setRequirement(Requirement::Off);
        if (m_signInWhenReady) {
            m_signInWhenReady = false;
            emit signInFailed(tr("Sign-in is off on this daemon."));
        }
        return;
    }
    if (reply->error() != QNetworkReply::NoError || status < 200 || status >= 300) {
        const QString why = status > 0 ? ApiClient::problemMessage(status, body, reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString())
                                       : reply->errorString();
        configurationFailed(tr("Could not ask encliid how to sign in (%1): %2").arg(reply->url().toDisplayString(), why));
        return;
    }
    if (mode != "builtin"_L1 && mode != "external"_L1) {
        configurationFailed(tr("encliid answered an unknown sign-in mode \"%1\".").arg(mode));
        return;
    }
    m_issuer = config.value("issuer"_L1).toString();
    m_clientId = config.value("consoleClientId"_L1).toString(defaultClientId());
    if (mode == "external"_L1 && m_issuer.isEmpty()) {
        configurationFailed(tr("encliid signs in through an external provider but does not say which."));
        return;
    }
    // The built-in provider publishes its metadata on the daemon itself; an external one on
    // its issuer (OIDC Discovery §4).
    fetchDiscovery(mode == "builtin"_L1 ? m_baseUrl : QUrl(m_issuer));
}

void Session::fetchDiscovery(const QUrl &issuer)
{
    QUrl url = issuer.adjusted(QUrl::StripTrailingSlash);
    url.setPath(url.path() + QString::fromLatin1(DiscoveryPath));
    QNetworkReply *reply = m_network.get(makeRequest(url));
    m_discoveryReply = reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onDiscoveryFinished(reply); });
}

void Session::onDiscoveryFinished(QNetworkReply *reply)
{
    if (!takeAwaited(reply, m_discoveryReply))
        return;

    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    if (reply->error() != QNetworkReply::NoError || status != 200) {
        const QString why = status > 0 ? ApiClient::problemMessage(status, body, reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString())
                                       : reply->errorString();
        configurationFailed(tr("Could not read the sign-in provider's metadata (%1): %2").arg(reply->url().toDisplayString(), why));
        return;
    }
    const QJsonObject meta = QJsonDocument::fromJson(body).object();
    const QString issuer = meta.value("issuer"_L1).toString();
    const QUrl authorization(meta.value("authorization_endpoint"_L1).toString());
    const QUrl token(meta.value("token_endpoint"_L1).toString());
    const QJsonValue methods = meta.value("code_challenge_methods_supported"_L1);

    if (issuer.isEmpty() || !authorization.isValid() || authorization.isRelative() || !token.isValid() || token.isRelative()) {
        configurationFailed(tr("The sign-in provider's metadata lacks its issuer or endpoints (%1).").arg(reply->url().toDisplayString()));
        return;
    }
    // OIDC Discovery §4.3: the issuer in the metadata is the one we were told to trust.
    if (!m_issuer.isEmpty() && issuer != m_issuer) {
        configurationFailed(tr("The sign-in provider calls itself %1, but encliid names %2.").arg(issuer, m_issuer));
        return;
    }
    if (!methods.isUndefined() && !stringList(methods).contains("S256"_L1)) {
        configurationFailed(tr("The sign-in provider does not support PKCE with S256."));
        return;
    }
    m_issuer = issuer;
    m_authorizationEndpoint = authorization;
    m_tokenEndpoint = token;
    m_revocationEndpoint = QUrl(meta.value("revocation_endpoint"_L1).toString());
    m_lastError.clear();
    setRequirement(Requirement::Required);

    if (m_state == State::SignedOut)
        restoreFromKeychain();
    else if (m_givenToken && m_user.isEmpty() && !m_userReply)
        fetchUser(); // who the given token speaks for
}

void Session::configurationFailed(const QString &message)
{
    m_lastError = message;
    emit notice(message);
    if (m_signInWhenReady) {
        m_signInWhenReady = false;
        emit signInFailed(message);
    }
}

void Session::setRequirement(Requirement requirement)
{
    if (requirement == m_requirement)
        return;
    m_requirement = requirement;
    emit requirementChanged(requirement);
}

void Session::restoreFromKeychain()
{
    m_restoring = true;
    const QString key = keychainKey();
    keychainRead([this, key](bool ok, bool notFound, const QString &error, const QByteArray &data) {
        if (key != keychainKey() || !m_restoring)
            return; // another daemon by now, or signed in meanwhile
        m_restoring = false;
        if (ok && m_state == State::SignedOut) {
            const QJsonObject saved = QJsonDocument::fromJson(data).object();
            const QString refreshToken = saved.value("refreshToken"_L1).toString();
            if (!refreshToken.isEmpty() && saved.value("issuer"_L1).toString() == m_issuer) {
                // The saved access token may be stale or revoked; a refresh tells for sure and
                // rotates the refresh token, so start with that.
                m_refreshToken = refreshToken;
                m_subject = saved.value("subject"_L1).toString();
                refresh();
                return;
            }
            keychainDelete(); // from another provider, or unreadable: useless now
        } else if (!ok && !notFound) {
            emit notice(tr("Could not read the saved sign-in from the system keychain: %1").arg(error));
        }
        if (m_signInWhenReady) {
            m_signInWhenReady = false;
            startAuthorization();
        }
    });
}

// ---- authorization code + PKCE --------------------------------------------------------

void Session::signIn()
{
    if (m_state == State::Authorizing) {
        // Still waiting: offer the same page again (the first tab may have been closed).
        emit authorizationUrlReady(m_authorizationUrl);
        if (m_openBrowser)
            QDesktopServices::openUrl(m_authorizationUrl);
        return;
    }
    if (isSignedIn())
        return;
    if (m_requirement == Requirement::Off) {
        emit signInFailed(tr("Sign-in is off on this daemon."));
        return;
    }
    if (m_requirement == Requirement::Unknown || m_restoring || m_state == State::Refreshing) {
        m_signInWhenReady = true; // after the configuration, or once the saved session is tried
        if (m_requirement == Requirement::Unknown)
            checkConfiguration();
        return;
    }
    startAuthorization();
}

void Session::startAuthorization()
{
    stopCallbackServer();
    m_lastError.clear();
    m_codeVerifier = createCodeVerifier();
    m_expectedState = base64Url(randomBytes(16));
    m_nonce = base64Url(randomBytes(16));

    m_callbackServer = new QTcpServer(this);
    connect(m_callbackServer, &QTcpServer::newConnection, this, &Session::onCallbackConnection);
    // RFC 8252 §7.3 and §8.3: the loopback IP literal (not "localhost", which a resolver or
    // firewall may send elsewhere) and a port the system picks now.
    if (!m_callbackServer->listen(QHostAddress(QHostAddress::LocalHost), 0)) {
        const QString why = m_callbackServer->errorString();
        failSignIn(tr("Cannot listen on 127.0.0.1 for the browser's answer: %1").arg(why));
        return;
    }
    m_redirectUri = u"http://127.0.0.1:%1%2"_s.arg(m_callbackServer->serverPort()).arg(QLatin1String(CallbackPath));

    const QList<QPair<QString, QString>> params = {
        {u"response_type"_s, u"code"_s},
        {u"client_id"_s, m_clientId},
        {u"redirect_uri"_s, m_redirectUri},
        {u"scope"_s, scope()},
        {u"state"_s, QString::fromLatin1(m_expectedState)},
        {u"nonce"_s, QString::fromLatin1(m_nonce)},
        {u"code_challenge"_s, QString::fromLatin1(codeChallenge(m_codeVerifier))},
        {u"code_challenge_method"_s, u"S256"_s},
    };
    QUrl url = m_authorizationEndpoint;
    QByteArray query = url.query(QUrl::FullyEncoded).toLatin1(); // an endpoint may carry its own
    if (!query.isEmpty())
        query += '&';
    query += formEncode(params);
    url.setQuery(QString::fromLatin1(query), QUrl::StrictMode);
    m_authorizationUrl = url;

    setState(State::Authorizing);
    m_callbackTimer.start(m_callbackTimeout);
    emit authorizationUrlReady(url);
    if (m_openBrowser && m_state == State::Authorizing && !QDesktopServices::openUrl(url))
        emit notice(tr("Could not open a web browser. Open this address to sign in: %1").arg(url.toString()));
}

void Session::cancelSignIn()
{
    if (m_state != State::Authorizing)
        return;
    answerBrowser(false, tr("The sign-in was cancelled in the console."));
    stopCallbackServer();
    if (QNetworkReply *reply = m_codeReply.data()) {
        m_codeReply.clear();
        reply->abort();
    }
    m_codeVerifier.clear();
    m_expectedState.clear();
    m_signInWhenReady = false;
    setState(State::SignedOut);
}

void Session::onCallbackConnection()
{
    while (QTcpSocket *socket = m_callbackServer ? m_callbackServer->nextPendingConnection() : nullptr) {
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onCallbackData(socket); });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    }
}

void Session::onCallbackData(QTcpSocket *socket)
{
    if (socket->property("enclii_answered").toBool()) {
        socket->readAll();
        return;
    }
    const QByteArray buffer = socket->property("enclii_buffer").toByteArray() + socket->readAll();
    auto answer = [socket](int status, const QString &title, const QString &text) {
        socket->setProperty("enclii_answered", true);
        sendPage(socket, status, title, text);
    };
    if (buffer.size() > MaxCallbackRequest) {
        answer(431, tr("Request too large"), tr("This address only takes the sign-in answer."));
        return;
    }
    if (!buffer.contains("\r\n\r\n")) {
        socket->setProperty("enclii_buffer", buffer);
        return;
    }
    const QList<QByteArray> requestLine = buffer.left(buffer.indexOf("\r\n")).split(' ');
    const QByteArray target = requestLine.value(1);
    if (requestLine.size() != 3 || !requestLine.at(2).startsWith("HTTP/1.") || !target.startsWith('/')) {
        answer(400, tr("Bad request"), tr("This address only takes the sign-in answer."));
        return;
    }
    const qsizetype question = target.indexOf('?');
    const QByteArray path = question < 0 ? target : target.left(question);
    if (path != CallbackPath) {
        answer(404, tr("Not found"), tr("This address only takes the sign-in answer."));
        return;
    }
    if (requestLine.at(0) != "GET") {
        answer(405, tr("Method not allowed"), tr("This address only takes the sign-in answer."));
        return;
    }
    socket->setProperty("enclii_answered", true);
    handleCallback(socket, question < 0 ? QByteArray() : target.mid(question + 1));
}

void Session::handleCallback(QTcpSocket *socket, const QByteArray &query)
{
    if (m_state != State::Authorizing || m_browserSocket || m_codeReply) {
        sendPage(socket, 409, tr("Sign-in already answered"), tr("This sign-in has already been answered."));
        return;
    }
    // Exactly one answer per sign-in: stop listening, but keep this connection (taken out
    // of the server's children) to tell the browser how it went.
    socket->setParent(this);
    m_browserSocket = socket;
    stopCallbackServer();

    const QHash<QString, QString> params = formDecode(query);
    // RFC 6749 §10.12: an answer without our state was not started by us (CSRF); it gets no
    // token request at all.
    if (params.value(u"state"_s).toLatin1() != m_expectedState) {
        failSignIn(tr("The browser's answer does not belong to this sign-in (the state does not match), "
                      "so nothing was exchanged. Try signing in again."));
        return;
    }
    // RFC 9207: when the provider names itself, it must be the one we asked.
    if (params.contains(u"iss"_s) && params.value(u"iss"_s) != m_issuer) {
        failSignIn(tr("The answer comes from %1, not from the provider this sign-in asked (%2).")
                       .arg(params.value(u"iss"_s), m_issuer));
        return;
    }
    if (params.contains(u"error"_s)) {
        const QString error = params.value(u"error"_s);
        const QString description = params.value(u"error_description"_s);
        const QString what = description.isEmpty() ? error : u"%1 (%2)"_s.arg(description, error);
        failSignIn(error == "access_denied"_L1 ? tr("The sign-in was refused: %1").arg(what)
                                               : tr("The provider could not sign you in: %1").arg(what));
        return;
    }
    const QString code = params.value(u"code"_s);
    if (code.isEmpty()) {
        failSignIn(tr("The browser's answer carries no authorization code."));
        return;
    }
    exchangeCode(code);
}

void Session::answerBrowser(bool ok, const QString &message)
{
    QTcpSocket *socket = m_browserSocket.data();
    m_browserSocket.clear();
    if (!socket)
        return;
    if (ok)
        sendPage(socket, 200, tr("Signed in to Enclii"), tr("The console has your sign-in."));
    else
        sendPage(socket, 400, tr("Sign-in failed"), message);
}

void Session::failSignIn(const QString &message)
{
    m_lastError = message;
    answerBrowser(false, message);
    stopCallbackServer();
    if (QNetworkReply *reply = m_codeReply.data()) {
        m_codeReply.clear();
        reply->abort();
    }
    m_codeVerifier.clear();
    m_expectedState.clear();
    m_nonce.clear();
    m_signInWhenReady = false;
    setState(State::SignedOut);
    emit signInFailed(message);
}

void Session::stopCallbackServer()
{
    m_callbackTimer.stop();
    if (!m_callbackServer)
        return;
    m_callbackServer->disconnect(this);
    m_callbackServer->close();
    // Later: this may run inside one of its own signals. Stray connections go with it.
    m_callbackServer->deleteLater();
    m_callbackServer = nullptr;
}

void Session::exchangeCode(const QString &code)
{
    QNetworkReply *reply = postForm(m_tokenEndpoint, {{u"grant_type"_s, u"authorization_code"_s},
                                                      {u"code"_s, code},
                                                      {u"redirect_uri"_s, m_redirectUri},
                                                      {u"client_id"_s, m_clientId},
                                                      {u"code_verifier"_s, QString::fromLatin1(m_codeVerifier)}});
    m_codeReply = reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onCodeExchangeFinished(reply); });
}

void Session::onCodeExchangeFinished(QNetworkReply *reply)
{
    if (!takeAwaited(reply, m_codeReply))
        return;

    QString error;
    bool refused = false;
    const std::optional<TokenSet> tokens = parseTokenResponse(reply, &error, &refused);
    if (!tokens) {
        failSignIn(tr("The provider did not sign you in: %1").arg(error));
        return;
    }
    if (tokens->idToken.isEmpty()) {
        failSignIn(tr("The provider's answer has no ID token."));
        return;
    }
    if (const QString problem = checkIdToken(tokens->idToken, true); !problem.isEmpty()) {
        failSignIn(tr("The ID token does not fit this sign-in: %1").arg(problem));
        return;
    }
    m_codeVerifier.clear();
    m_expectedState.clear();
    answerBrowser(true, {});
    acceptTokens(*tokens);
}

// ---- tokens ---------------------------------------------------------------------------

std::optional<Session::TokenSet> Session::parseTokenResponse(QNetworkReply *reply, QString *error, bool *refused) const
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    const QJsonObject json = QJsonDocument::fromJson(body).object();
    *refused = false;
    if (status == 0) {
        *error = reply->error() == QNetworkReply::OperationCanceledError
                     ? tr("no answer from %1 in time").arg(reply->url().toDisplayString())
                     : reply->errorString();
        return std::nullopt;
    }
    if (status < 200 || status >= 300) {
        // RFC 6749 §5.2: {"error": ..., "error_description": ...}; invalid_grant and friends
        // with 400 or 401 mean this grant will never work.
        const QString code = json.value("error"_L1).toString();
        const QString description = json.value("error_description"_L1).toString();
        if (!code.isEmpty()) {
            *refused = status == 400 || status == 401;
            *error = description.isEmpty() ? code : u"%1 (%2)"_s.arg(description, code);
        } else {
            *error = ApiClient::problemMessage(status, body, reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString());
        }
        return std::nullopt;
    }
    TokenSet tokens;
    tokens.accessToken = json.value("access_token"_L1).toString();
    tokens.refreshToken = json.value("refresh_token"_L1).toString();
    tokens.idToken = json.value("id_token"_L1).toString().toLatin1();
    tokens.expiresIn = jsonInteger(json.value("expires_in"_L1));
    if (tokens.expiresIn <= 0)
        tokens.expiresIn = DefaultExpiresIn;
    const QString type = json.value("token_type"_L1).toString();
    if (tokens.accessToken.isEmpty()) {
        *error = tr("the token endpoint's answer has no access token");
        return std::nullopt;
    }
    if (type.compare("Bearer"_L1, Qt::CaseInsensitive) != 0) {
        *error = tr("the token type is \"%1\", not Bearer").arg(type);
        return std::nullopt;
    }
    return tokens;
}

QString Session::checkIdToken(const QByteArray &idToken, bool fromCodeGrant) const
{
    // Only the claims are checked here, not the signature: the token came straight from the
    // token endpoint on a connection the console opened (OIDC Core §3.1.3.7 allows relying on
    // that), and encliid verifies every token it is sent against its own keys. Verifying the
    // JWS here would mean carrying the JWKS and its rotation into the console for no gain.
    const QJsonObject claims = jwtClaims(idToken);
    if (claims.isEmpty())
        return tr("it is not a JWT");
    const QString iss = claims.value("iss"_L1).toString();
    if (iss != m_issuer)
        return tr("it was issued by \"%1\", not by \"%2\"").arg(iss, m_issuer);

    const QJsonValue aud = claims.value("aud"_L1);
    const QStringList audiences = aud.isArray() ? stringList(aud) : QStringList{aud.toString()};
    if (!audiences.contains(m_clientId))
        return tr("it is meant for \"%1\", not for %2").arg(audiences.join(u", "_s), m_clientId);
    if (audiences.size() > 1 && claims.value("azp"_L1).toString() != m_clientId)
        return tr("it has several audiences and its authorized party is not %1").arg(m_clientId);

    const QString nonce = claims.value("nonce"_L1).toString();
    if (fromCodeGrant && nonce.toLatin1() != m_nonce)
        return tr("its nonce is not the one this sign-in sent");
    if (!fromCodeGrant && !nonce.isEmpty() && !m_nonce.isEmpty() && nonce.toLatin1() != m_nonce)
        return tr("its nonce is not the one of the original sign-in");

    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const qint64 exp = jsonInteger(claims.value("exp"_L1));
    if (exp <= 0)
        return tr("it has no expiry");
    if (exp + ClockSkewSeconds < now)
        return tr("it expired at %1").arg(QDateTime::fromSecsSinceEpoch(exp).toString(Qt::ISODate));

    const QString sub = claims.value("sub"_L1).toString();
    if (sub.isEmpty())
        return tr("it names no subject");
    if (!fromCodeGrant && !m_subject.isEmpty() && sub != m_subject)
        return tr("it is for another user");
    return {};
}

void Session::acceptTokens(const TokenSet &tokens)
{
    m_accessToken = tokens.accessToken;
    // With rotation the provider sends a new refresh token every time and the old one is
    // dead from now on; keep the old one only if none came (RFC 6749 §6 allows that).
    if (!tokens.refreshToken.isEmpty())
        m_refreshToken = tokens.refreshToken;
    m_accessExpiry = QDateTime::currentDateTimeUtc().addSecs(tokens.expiresIn);
    if (!tokens.idToken.isEmpty())
        m_subject = jwtClaims(tokens.idToken).value("sub"_L1).toString();
    m_lastError.clear();
    keychainWrite();
    if (!m_refreshToken.isEmpty())
        scheduleRefresh(std::chrono::milliseconds(qint64(double(tokens.expiresIn) * 1000 * RefreshAt)));
    setState(State::SignedIn);
    fetchUser();
}

void Session::scheduleRefresh(std::chrono::milliseconds delay)
{
    m_refreshTimer.start(std::max(delay, MinRefreshDelay));
}

void Session::refresh()
{
    if (m_givenToken) {
        // Nothing to renew it with: whoever asks for a refresh was refused with it.
        endSession(tr("encliid refused the token given with --token or ENCLII_TOKEN (expired, revoked, or not "
                      "for this daemon)."));
        emit refreshFinished(false);
        return;
    }
    if (m_refreshReply)
        return; // one refresh at a time: a second one would reuse a token rotation just spent
    if (m_refreshToken.isEmpty() || !m_tokenEndpoint.isValid()) {
        emit refreshFinished(false);
        return;
    }
    m_refreshTimer.stop();
    setState(State::Refreshing);
    QNetworkReply *reply = postForm(m_tokenEndpoint, {{u"grant_type"_s, u"refresh_token"_s},
                                                      {u"refresh_token"_s, m_refreshToken},
                                                      {u"client_id"_s, m_clientId}});
    m_refreshReply = reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onRefreshFinished(reply); });
}

void Session::onRefreshFinished(QNetworkReply *reply)
{
    if (!takeAwaited(reply, m_refreshReply))
        return;

    QString error;
    bool refused = false;
    std::optional<TokenSet> tokens = parseTokenResponse(reply, &error, &refused);
    if (tokens && !tokens->idToken.isEmpty()) {
        if (const QString problem = checkIdToken(tokens->idToken, false); !problem.isEmpty()) {
            tokens.reset();
            refused = true;
            error = tr("the new ID token does not fit: %1").arg(problem);
        }
    }
    if (tokens) {
        m_signInWhenReady = false;
        acceptTokens(*tokens);
        emit refreshFinished(true);
        return;
    }

    if (refused) {
        // The grant is dead (expired, revoked, or reused): nothing to keep, here or in the keychain.
        const QString reason = tr("The sign-in could not be renewed: %1").arg(error);
        m_lastError = reason; // before the state changes, so whoever follows it can show why
        forgetTokens();
        keychainDelete();
        setState(State::SignedOut);
        emit sessionEnded(reason);
    } else {
        // No answer or a server error: the refresh token may well be good still. Keep it
        // and try again soon.
        m_lastError = tr("Could not renew the sign-in: %1").arg(error);
        emit notice(m_lastError);
        if (m_accessToken.isEmpty()) {
            // Restoring a saved session: nothing usable yet. The keychain keeps the entry
            // for the next attempt.
            forgetTokens();
            setState(State::SignedOut);
        } else {
            setState(State::SignedIn);
            const auto left = std::chrono::milliseconds(QDateTime::currentDateTimeUtc().msecsTo(m_accessExpiry));
            scheduleRefresh(std::min(RetryAfterTransientFailure, left / 2));
        }
    }
    emit refreshFinished(false);
    if (m_state == State::SignedOut && m_signInWhenReady) {
        m_signInWhenReady = false;
        startAuthorization();
    }
}

void Session::useGivenToken(const QString &token)
{
    if (m_state == State::Authorizing)
        cancelSignIn();
    if (QNetworkReply *reply = m_refreshReply.data()) {
        m_refreshReply.clear();
        reply->abort();
    }
    m_signInWhenReady = false;
    m_restoring = false; // a saved session read meanwhile is not wanted now
    forgetTokens();
    if (m_state != State::SignedOut)
        setState(State::SignedOut); // whoever follows the state sees the bearer change
    const QString bearer = token.trimmed();
    if (bearer.isEmpty())
        return;
    m_givenToken = true;
    m_accessToken = bearer;
    // An access token (a JWT) says when it expires; an API token is opaque to the console.
    const qint64 exp = jsonInteger(jwtClaims(bearer.toLatin1()).value("exp"_L1));
    m_accessExpiry = exp > 0 ? QDateTime::fromSecsSinceEpoch(exp, Qt::UTC) : QDateTime();
    m_lastError.clear();
    setState(State::SignedIn);
    // Who it speaks for: once the daemon has said it wants sign-in (else /v1/me may not exist).
    if (m_requirement == Requirement::Required)
        fetchUser();
}

void Session::fetchUser()
{
    if (QNetworkReply *old = m_userReply.data()) {
        m_userReply.clear();
        old->abort();
    }
    QNetworkRequest request = makeRequest(daemonUrl(QString::fromLatin1(MePath)));
    request.setRawHeader("Authorization", "Bearer " + m_accessToken.toLatin1());
    QNetworkReply *reply = m_network.get(request);
    m_userReply = reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onUserFinished(reply); });
}

void Session::onUserFinished(QNetworkReply *reply)
{
    if (!takeAwaited(reply, m_userReply))
        return;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    const QJsonObject me = QJsonDocument::fromJson(body).object();
    if (status != 200 || me.value("subject"_L1).toString().isEmpty()) {
        const QString why = status > 0 ? ApiClient::problemMessage(status, body, reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString())
                                       : reply->errorString();
        emit notice(tr("Signed in, but could not load your roles: %1").arg(why));
        return;
    }
    m_user = SessionUser::fromJson(me);
    emit userChanged();
}

void Session::signOut()
{
    if (m_state == State::Authorizing) {
        cancelSignIn();
        return;
    }
    const QString refreshToken = m_refreshToken;
    const bool given = m_givenToken;
    m_signInWhenReady = false;
    m_restoring = false;
    if (QNetworkReply *reply = m_refreshReply.data()) {
        m_refreshReply.clear();
        reply->abort();
    }
    forgetTokens();
    setState(State::SignedOut);

    if (given) {
        // Not ours to revoke (it belongs to whoever made it) and never in the keychain.
        m_signOutProblem.clear();
        m_signOutPending = 0;
        emit signOutFinished({});
        return;
    }
    m_signOutProblem.clear();
    m_signOutPending = 1;
    if (!refreshToken.isEmpty()) {
        if (m_revocationEndpoint.isValid()) {
            ++m_signOutPending;
            revoke(refreshToken);
        } else {
            m_signOutProblem = tr("The provider offers no way to revoke the session; it stays valid at the "
                                  "provider until it expires.");
        }
    }
    keychainDelete([this](bool ok, bool notFound, const QString &error, const QByteArray &) {
        if (!ok && !notFound)
            m_signOutProblem = tr("Could not delete the saved sign-in from the system keychain: %1").arg(error);
        --m_signOutPending;
        maybeFinishSignOut();
    });
}

void Session::endSession(const QString &reason)
{
    if (m_state == State::SignedOut && m_refreshToken.isEmpty())
        return;
    const QString refreshToken = m_refreshToken;
    const bool given = m_givenToken;
    if (QNetworkReply *reply = m_refreshReply.data()) {
        m_refreshReply.clear();
        reply->abort();
    }
    m_lastError = reason;
    forgetTokens();
    if (!given)
        keychainDelete(); // a given token was never there, and a saved sign-in is not its to drop
    setState(State::SignedOut);
    if (!refreshToken.isEmpty() && m_revocationEndpoint.isValid())
        revoke(refreshToken); // best effort: the daemon already distrusts this session
    emit sessionEnded(reason);
}

void Session::revoke(const QString &refreshToken)
{
    // RFC 7009 §2.1.
    QNetworkReply *reply = postForm(m_revocationEndpoint, {{u"token"_s, refreshToken},
                                                           {u"token_type_hint"_s, u"refresh_token"_s},
                                                           {u"client_id"_s, m_clientId}});
    const bool forSignOut = m_signOutPending > 0;
    connect(reply, &QNetworkReply::finished, this, [this, reply, forSignOut] {
        reply->deleteLater();
        if (!forSignOut)
            return;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status != 200) {
            const QString why = status > 0 ? ApiClient::problemMessage(status, reply->readAll(), reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString())
                                           : reply->errorString();
            m_signOutProblem = tr("Signed out here, but the provider could not be told: %1").arg(why);
        }
        --m_signOutPending;
        maybeFinishSignOut();
    });
}

void Session::maybeFinishSignOut()
{
    if (m_signOutPending == 0)
        emit signOutFinished(m_signOutProblem);
}

void Session::forgetTokens()
{
    m_refreshTimer.stop();
    if (QNetworkReply *reply = m_userReply.data()) {
        m_userReply.clear();
        reply->abort();
    }
    m_accessToken.clear();
    m_refreshToken.clear();
    m_givenToken = false;
    m_accessExpiry = {};
    m_subject.clear();
    m_nonce.clear();
    if (!m_user.isEmpty()) {
        m_user = {};
        emit userChanged();
    }
}

void Session::setState(State state)
{
    if (state == m_state)
        return;
    m_state = state;
    emit stateChanged(state);
}

// ---- keychain -------------------------------------------------------------------------

void Session::keychainRead(std::function<void(bool, bool, const QString &, const QByteArray &)> done)
{
    m_keychainQueue.append({KeychainOp::Kind::Read, keychainKey(), {}, std::move(done)});
    runKeychainQueue();
}

void Session::keychainWrite()
{
    const QJsonObject saved{{"issuer"_L1, m_issuer},
                            {"subject"_L1, m_subject},
                            {"refreshToken"_L1, m_refreshToken},
                            {"accessToken"_L1, m_accessToken},
                            {"accessTokenExpiresAt"_L1, m_accessExpiry.toString(Qt::ISODateWithMs)}};
    const QByteArray data = QJsonDocument(saved).toJson(QJsonDocument::Compact);
    const QString key = keychainKey();
    // A newer write replaces one still waiting: only the latest tokens are worth keeping.
    if (!m_keychainQueue.isEmpty() && m_keychainQueue.last().kind == KeychainOp::Kind::Write
        && m_keychainQueue.last().key == key) {
        m_keychainQueue.last().data = data;
        return;
    }
    m_keychainQueue.append({KeychainOp::Kind::Write, key, data, {}});
    runKeychainQueue();
}

void Session::keychainDelete(std::function<void(bool, bool, const QString &, const QByteArray &)> done)
{
    m_keychainQueue.append({KeychainOp::Kind::Delete, keychainKey(), {}, std::move(done)});
    runKeychainQueue();
}

void Session::runKeychainQueue()
{
    if (m_keychainJob)
        return;
    if (m_keychainQueue.isEmpty()) {
        emit keychainIdle();
        return;
    }
    const KeychainOp op = m_keychainQueue.takeFirst();
    QKeychain::Job *job = nullptr;
    switch (op.kind) {
    case KeychainOp::Kind::Read:
        job = new QKeychain::ReadPasswordJob(keychainService());
        break;
    case KeychainOp::Kind::Write: {
        auto *write = new QKeychain::WritePasswordJob(keychainService());
        write->setTextData(QString::fromUtf8(op.data));
        job = write;
        break;
    }
    case KeychainOp::Kind::Delete:
        job = new QKeychain::DeletePasswordJob(keychainService());
        break;
    }
    // No parent: the keychain backend calls back into the job, so it must outlive a Session
    // destroyed meanwhile. It deletes itself once finished.
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // never a plain-text copy in QSettings
    job->setKey(op.key);
    m_keychainJob = job;
    connect(job, &QKeychain::Job::finished, this, [this, op](QKeychain::Job *finished) {
        m_keychainJob.clear();
        const bool ok = finished->error() == QKeychain::NoError;
        const bool notFound = finished->error() == QKeychain::EntryNotFound;
        QByteArray data;
        if (auto *read = qobject_cast<QKeychain::ReadPasswordJob *>(finished))
            data = read->textData().toUtf8();
        if (!ok && op.kind == KeychainOp::Kind::Write && !m_keychainWarned) {
            m_keychainWarned = true; // once: every refresh would say it again
            emit notice(tr("Could not keep the sign-in in the system keychain (%1); you will have to sign in "
                           "again next time.").arg(finished->errorString()));
        }
        if (op.done)
            op.done(ok, notFound, finished->errorString(), data);
        runKeychainQueue();
    });
    job->start();
}

// ---- plumbing -------------------------------------------------------------------------

QNetworkRequest Session::makeRequest(const QUrl &url) const
{
    QNetworkRequest request(url);
    request.setRawHeader("Accept", "application/json, application/problem+json");
    request.setTransferTimeout(int(m_requestTimeout.count()));
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    // Token and revocation requests carry secrets: never replay them somewhere else.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    return request;
}

QNetworkReply *Session::postForm(const QUrl &url, const QList<QPair<QString, QString>> &fields)
{
    QNetworkRequest request = makeRequest(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/x-www-form-urlencoded"_s);
    return m_network.post(request, formEncode(fields));
}

QUrl Session::daemonUrl(const QString &path) const
{
    QUrl url = m_baseUrl;
    url.setPath(url.path() + path);
    return url;
}

void Session::abortReplies()
{
    // Clear each pointer first so the finished() that abort() emits right away is ignored.
    for (QPointer<QNetworkReply> *slot : {&m_configReply, &m_discoveryReply, &m_codeReply, &m_refreshReply, &m_userReply}) {
        if (QNetworkReply *reply = slot->data()) {
            slot->clear();
            reply->abort();
        }
    }
}

} // namespace enclii::ui
