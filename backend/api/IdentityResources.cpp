#include "IdentityResources.h"
#include "RouteBinding.h"

#include "auth/KeyRing.h"
#include "auth/Policy.h"
#include "auth/Authenticator.h"
#include "auth/crypto/Base64Url.h"
#include "auth/crypto/Jose.h"
#include "auth/crypto/PasswordHash.h"
#include "store/AuditLog.h"
#include "store/IdentityRepository.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QUrl>
#include <QUrlQuery>

#include <spdlog/spdlog.h>

namespace enclii::api {

using http::Request;
using http::Response;

// ---- AttemptLimiter -------------------------------------------------------------------

int AttemptLimiter::retryAfter(const QString &key)
{
    QMutexLocker lock(&m_mutex);
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    auto it = m_failures.find(key);
    if (it == m_failures.end())
        return 0;
    it->removeIf([&](qint64 t) { return t <= now - m_window; });
    if (it->isEmpty()) {
        m_failures.erase(it);
        return 0;
    }
    if (it->size() < m_max)
        return 0;
    return int(it->first() + m_window - now) + 1;
}

void AttemptLimiter::fail(const QString &key)
{
    QMutexLocker lock(&m_mutex);
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    // Bounded memory: past this many keys, forget the ones with no failure in the window.
    constexpr qsizetype kMaxKeys = 100000;
    if (m_failures.size() >= kMaxKeys) {
        for (auto it = m_failures.begin(); it != m_failures.end();)
            it = it->last() <= now - m_window ? m_failures.erase(it) : std::next(it);
    }
    if (m_failures.size() < kMaxKeys || m_failures.contains(key))
        m_failures[key] << now;
}

void AttemptLimiter::succeed(const QString &key)
{
    QMutexLocker lock(&m_mutex);
    m_failures.remove(key);
}

namespace {

// ---- small helpers ----------------------------------------------------------------------

QHash<QString, QString> formFields(const QByteArray &body)
{
    QHash<QString, QString> out;
    for (const QByteArray &pair : body.split('&')) {
        if (pair.isEmpty())
            continue;
        const qsizetype eq = pair.indexOf('=');
        QByteArray k = eq < 0 ? pair : pair.left(eq);
        QByteArray v = eq < 0 ? QByteArray() : pair.mid(eq + 1);
        k.replace('+', ' ');
        v.replace('+', ' ');
        const QString key = QUrl::fromPercentEncoding(k);
        if (!out.contains(key)) // a repeated parameter is an error per RFC 6749 §3.1; the first wins here and is checked below
            out.insert(key, QUrl::fromPercentEncoding(v));
        else
            out.insert(key + QStringLiteral("#repeated"), QString());
    }
    return out;
}

QHash<QString, QString> queryFields(const QUrlQuery &q)
{
    QHash<QString, QString> out;
    for (const auto &[k, v] : q.queryItems(QUrl::FullyDecoded)) {
        if (out.contains(k))
            out.insert(k + QStringLiteral("#repeated"), QString());
        else
            out.insert(k, v);
    }
    return out;
}

bool hasRepeated(const QHash<QString, QString> &fields)
{
    for (auto it = fields.begin(); it != fields.end(); ++it)
        if (it.key().endsWith(QLatin1String("#repeated")))
            return true;
    return false;
}

QString htmlEscape(const QString &s)
{
    return s.toHtmlEscaped();
}

QString hashOf(const QString &secret)
{
    return QString::fromLatin1(auth::sha256(secret.toUtf8()).toHex());
}

// RFC 6749 §5.2 error from the token endpoint.
Response oauthError(int status, const QString &error, const QString &description)
{
    Response r = Response::json(QJsonObject{{QStringLiteral("error"), error}, {QStringLiteral("error_description"), description}}, status);
    r.withHeader("Cache-Control", "no-store").withHeader("Pragma", "no-cache");
    if (status == 401)
        r.withHeader("WWW-Authenticate", "Basic realm=\"enclii\"");
    return r;
}

Response htmlPage(int status, const QString &title, const QString &bodyHtml)
{
    const QString page = QStringLiteral(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>%1 — Enclii</title>"
        "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
        "<style>body{font-family:system-ui,sans-serif;background:#f4f5f7;margin:0}"
        "main{max-width:380px;margin:10vh auto;background:#fff;padding:2em;border-radius:8px;box-shadow:0 1px 4px #0002}"
        "h1{font-size:1.3em;margin-top:0}label{display:block;margin:.8em 0 .2em}"
        "input[type=email],input[type=password]{width:100%;box-sizing:border-box;padding:.5em;font-size:1em}"
        "button{margin-top:1.2em;width:100%;padding:.6em;font-size:1em;background:#2d6cdf;color:#fff;border:0;border-radius:4px}"
        ".error{color:#b00020}.client{color:#555}</style></head><body><main>%2</main></body></html>")
                             .arg(htmlEscape(title), bodyHtml);
    Response r = Response::raw(page.toUtf8(), "text/html; charset=utf-8", status);
    // The page holds a form that posts credentials: never framed, never cached. (No
    // form-action: browsers apply it to the redirect after the post, which goes to the
    // client's own loopback address.)
    r.withHeader("X-Frame-Options", "DENY")
        .withHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
        .withHeader("Cache-Control", "no-store")
        .withHeader("Referrer-Policy", "no-referrer");
    return r;
}

QString cookieValue(const Request &req, const QString &name)
{
    for (const QByteArray &part : req.header("cookie").split(';')) {
        const QByteArray p = part.trimmed();
        if (p.startsWith(name.toLatin1() + '='))
            return QString::fromLatin1(p.mid(name.size() + 1));
    }
    return {};
}

// RFC 8252 §7.3: a loopback redirect (an IP literal, http) matches a registered one whatever
// its port; anything else must match exactly.
bool redirectMatches(const QString &requested, const QStringList &registered)
{
    if (registered.contains(requested))
        return true;
    const QUrl r(requested, QUrl::StrictMode);
    if (!r.isValid() || r.scheme() != QLatin1String("http") || (r.host() != QLatin1String("127.0.0.1") && r.host() != QLatin1String("::1"))
        || !r.userInfo().isEmpty() || r.hasFragment())
        return false;
    for (const QString &reg : registered) {
        const QUrl g(reg, QUrl::StrictMode);
        if (g.scheme() == r.scheme() && g.host() == r.host() && g.port() == -1 && g.path() == r.path() && g.query() == r.query())
            return true;
    }
    return false;
}

const QRegularExpression &pkceValue()
{
    // RFC 7636 §4.1: 43..128 unreserved characters.
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9._~-]{43,128}$"));
    return re;
}

QStringList splitScope(const QString &scope)
{
    return scope.split(u' ', Qt::SkipEmptyParts);
}

const QStringList kScopes = {QStringLiteral("openid"), QStringLiteral("profile"), QStringLiteral("email"), QStringLiteral("offline_access")};

} // namespace

IdentityResources::IdentityResources(ProviderSettings settings, store::IdentityRepository *repo, store::AuditLog *audit,
                                     auth::KeyRing *keys, auth::Authenticator *authenticator)
    : m_settings(std::move(settings)), m_repo(repo), m_audit(audit), m_keys(keys), m_authenticator(authenticator)
{
}

void IdentityResources::registerRoutes(http::Router &router)
{
    auto bind = [this, &router](const QByteArray &method, const QString &pattern, Response (IdentityResources::*fn)(const Request &),
                                const char *permission) {
        bindRoute(router, this, method, pattern, fn, http::RouteAccess{QString::fromLatin1(permission), {}});
    };
    bind("GET", QStringLiteral("/v1/auth/config"), &IdentityResources::authConfig, "public");
    if (m_settings.mode == QLatin1String("disabled"))
        return;
    bind("GET", QStringLiteral("/v1/me"), &IdentityResources::me, "authenticated");
    if (m_settings.mode != QLatin1String("builtin") || !m_repo || !m_keys)
        return;
    bind("GET", QStringLiteral("/.well-known/openid-configuration"), &IdentityResources::discovery, "public");
    bind("GET", QStringLiteral("/.well-known/jwks.json"), &IdentityResources::jwks, "public");
    bind("GET", QStringLiteral("/oauth/authorize"), &IdentityResources::authorizeForm, "public");
    bind("POST", QStringLiteral("/oauth/authorize"), &IdentityResources::authorizeSubmit, "public");
    bind("POST", QStringLiteral("/oauth/token"), &IdentityResources::token, "public");
    bind("GET", QStringLiteral("/oauth/userinfo"), &IdentityResources::userinfo, "authenticated");
    bind("POST", QStringLiteral("/oauth/userinfo"), &IdentityResources::userinfo, "authenticated");
    bind("POST", QStringLiteral("/oauth/revoke"), &IdentityResources::revoke, "public");
    bind("GET", QStringLiteral("/oauth/logout"), &IdentityResources::logout, "public");
    bind("GET", QStringLiteral("/v1/users"), &IdentityResources::listUsers, "users.manage");
    bind("POST", QStringLiteral("/v1/users"), &IdentityResources::createUser, "users.manage");
    bind("PUT", QStringLiteral("/v1/users/{email}/roles"), &IdentityResources::setRoles, "users.manage");
    bind("GET", QStringLiteral("/v1/tokens"), &IdentityResources::listTokens, "authenticated");
    bind("POST", QStringLiteral("/v1/tokens"), &IdentityResources::createToken, "authenticated");
    bind("DELETE", QStringLiteral("/v1/tokens/{id}"), &IdentityResources::revokeToken, "authenticated");
    bind("POST", QStringLiteral("/v1/auth/keys/rotate"), &IdentityResources::rotateKeys, "users.manage");
}

// ---- discovery and keys -----------------------------------------------------------------

Response IdentityResources::discovery(const Request &)
{
    const QString base = m_settings.issuer;
    return Response::json(QJsonObject{
        {QStringLiteral("issuer"), base},
        {QStringLiteral("authorization_endpoint"), base + QStringLiteral("/oauth/authorize")},
        {QStringLiteral("token_endpoint"), base + QStringLiteral("/oauth/token")},
        {QStringLiteral("userinfo_endpoint"), base + QStringLiteral("/oauth/userinfo")},
        {QStringLiteral("jwks_uri"), base + QStringLiteral("/.well-known/jwks.json")},
        {QStringLiteral("revocation_endpoint"), base + QStringLiteral("/oauth/revoke")},
        {QStringLiteral("end_session_endpoint"), base + QStringLiteral("/oauth/logout")},
        {QStringLiteral("response_types_supported"), QJsonArray{QStringLiteral("code")}},
        {QStringLiteral("response_modes_supported"), QJsonArray{QStringLiteral("query")}},
        {QStringLiteral("grant_types_supported"), QJsonArray{QStringLiteral("authorization_code"), QStringLiteral("refresh_token"),
                                                              QStringLiteral("client_credentials")}},
        {QStringLiteral("code_challenge_methods_supported"), QJsonArray{QStringLiteral("S256")}},
        {QStringLiteral("subject_types_supported"), QJsonArray{QStringLiteral("public")}},
        {QStringLiteral("id_token_signing_alg_values_supported"), QJsonArray{QStringLiteral("RS256")}},
        {QStringLiteral("scopes_supported"), QJsonArray::fromStringList(kScopes)},
        {QStringLiteral("claims_supported"), QJsonArray{QStringLiteral("sub"), QStringLiteral("email"), QStringLiteral("name"),
                                                         QStringLiteral("roles")}},
        {QStringLiteral("token_endpoint_auth_methods_supported"),
         QJsonArray{QStringLiteral("none"), QStringLiteral("client_secret_basic"), QStringLiteral("client_secret_post")}},
    });
}

Response IdentityResources::jwks(const Request &)
{
    return Response::json(m_keys->jwks()).withHeader("Cache-Control", "public, max-age=300");
}

// ---- authorize --------------------------------------------------------------------------

namespace {

struct AuthorizeRequest
{
    QString clientId, redirectUri, responseType, scope, state, nonce, challenge, challengeMethod;
};

AuthorizeRequest authorizeRequest(const QHash<QString, QString> &f)
{
    return {f.value(QStringLiteral("client_id")),     f.value(QStringLiteral("redirect_uri")), f.value(QStringLiteral("response_type")),
            f.value(QStringLiteral("scope")),         f.value(QStringLiteral("state")),        f.value(QStringLiteral("nonce")),
            f.value(QStringLiteral("code_challenge")), f.value(QStringLiteral("code_challenge_method"))};
}

Response redirectTo(const QString &redirectUri, const QList<QPair<QString, QString>> &params)
{
    QUrl url(redirectUri);
    QUrlQuery q(url);
    for (const auto &[k, v] : params)
        q.addQueryItem(k, QString::fromLatin1(QUrl::toPercentEncoding(v)));
    url.setQuery(q);
    Response r;
    r.status = 302;
    return r.withHeader("Location", url.toEncoded()).withHeader("Cache-Control", "no-store");
}

} // namespace

// Checks everything about an authorization request. Returns a response when it must stop:
// an HTML error page while the client or redirect URI is not established (never redirect
// to an unchecked URI: that would be an open redirect), an error redirect after.
static std::optional<Response> checkAuthorizeRequest(store::IdentityRepository &repo, const QHash<QString, QString> &fields,
                                                     const AuthorizeRequest &a)
{
    auto page = [](const QString &why) {
        return htmlPage(400, QStringLiteral("Sign-in request refused"),
                        QStringLiteral("<h1>This sign-in request cannot be used</h1><p class=\"error\">%1</p>"
                                       "<p>Start again from the application.</p>").arg(htmlEscape(why)));
    };
    if (hasRepeated(fields))
        return page(QStringLiteral("a parameter appears more than once"));
    const auto client = a.clientId.isEmpty() ? std::nullopt : repo.client(a.clientId);
    if (!client)
        return page(QStringLiteral("unknown client_id"));
    if (!client->grantTypes.contains(QStringLiteral("authorization_code")))
        return page(QStringLiteral("this client may not use the authorization code flow"));
    if (!redirectMatches(a.redirectUri, client->redirectUris))
        return page(QStringLiteral("redirect_uri is not registered for this client"));
    auto fail = [&](const QString &error, const QString &why) {
        QList<QPair<QString, QString>> p{{QStringLiteral("error"), error}, {QStringLiteral("error_description"), why}};
        if (!a.state.isEmpty())
            p << qMakePair(QStringLiteral("state"), a.state);
        return redirectTo(a.redirectUri, p);
    };
    if (a.responseType != QLatin1String("code"))
        return fail(QStringLiteral("unsupported_response_type"), QStringLiteral("only response_type=code is supported"));
    if (a.challengeMethod != QLatin1String("S256") || !pkceValue().match(a.challenge).hasMatch())
        return fail(QStringLiteral("invalid_request"), QStringLiteral("PKCE is required: code_challenge with code_challenge_method=S256"));
    if (a.state.isEmpty() || a.state.size() > 512)
        return fail(QStringLiteral("invalid_request"), QStringLiteral("state is required"));
    const QStringList scopes = splitScope(a.scope);
    if (!scopes.contains(QStringLiteral("openid")))
        return fail(QStringLiteral("invalid_scope"), QStringLiteral("scope must include openid"));
    for (const auto &s : scopes)
        if (!client->scopes.contains(s))
            return fail(QStringLiteral("invalid_scope"), QStringLiteral("scope %1 is not allowed for this client").arg(s));
    if (a.nonce.size() > 512)
        return fail(QStringLiteral("invalid_request"), QStringLiteral("nonce is too long"));
    return std::nullopt;
}

// Over https the cookie is __Host- prefixed and Secure: no sibling host or plain-http page
// can plant it, which is what the double-submit check relies on.
static QString csrfCookieName(bool secure)
{
    return secure ? QStringLiteral("__Host-enclii_csrf") : QStringLiteral("enclii_csrf");
}

static Response loginForm(const AuthorizeRequest &a, const QString &csrf, const QString &clientName, const QString &error, int status,
                          bool setCookie, bool secure)
{
    auto hidden = [](const char *name, const QString &value) {
        return QStringLiteral("<input type=\"hidden\" name=\"%1\" value=\"%2\">").arg(QLatin1String(name), htmlEscape(value));
    };
    QString body = QStringLiteral("<h1>Sign in to Enclii</h1><p class=\"client\">%1 asks you to sign in.</p>").arg(htmlEscape(clientName));
    if (!error.isEmpty())
        body += QStringLiteral("<p class=\"error\">%1</p>").arg(htmlEscape(error));
    body += QStringLiteral("<form method=\"post\" action=\"/oauth/authorize\">");
    body += hidden("client_id", a.clientId) + hidden("redirect_uri", a.redirectUri) + hidden("response_type", a.responseType)
            + hidden("scope", a.scope) + hidden("state", a.state) + hidden("nonce", a.nonce)
            + hidden("code_challenge", a.challenge) + hidden("code_challenge_method", a.challengeMethod)
            + hidden("csrf_token", csrf);
    body += QStringLiteral("<label for=\"email\">Email</label><input id=\"email\" type=\"email\" name=\"email\" autocomplete=\"username\" required autofocus>"
                           "<label for=\"password\">Password</label><input id=\"password\" type=\"password\" name=\"password\" "
                           "autocomplete=\"current-password\" required><button type=\"submit\">Sign in</button></form>");
    Response r = htmlPage(status, QStringLiteral("Sign in"), body);
    if (setCookie)
        r.withHeader("Set-Cookie", csrfCookieName(secure).toLatin1() + '=' + csrf.toLatin1()
                                       + (secure ? "; Path=/; Secure; HttpOnly; SameSite=Strict" : "; Path=/oauth; HttpOnly; SameSite=Strict"));
    return r;
}

Response IdentityResources::authorizeForm(const Request &req)
{
    const auto fields = queryFields(req.query);
    const AuthorizeRequest a = authorizeRequest(fields);
    if (auto stop = checkAuthorizeRequest(*m_repo, fields, a))
        return *stop;
    // Double-submit CSRF token: the same random value in a cookie only this site can set and
    // in the form; a cross-site post cannot know it.
    const QString csrf = auth::randomToken(24);
    return loginForm(a, csrf, m_repo->client(a.clientId)->name, {}, 200, true, m_settings.issuer.startsWith(QLatin1String("https://")));
}

Response IdentityResources::authorizeSubmit(const Request &req)
{
    if (!req.header("content-type").startsWith("application/x-www-form-urlencoded"))
        return htmlPage(415, QStringLiteral("Sign-in refused"), QStringLiteral("<h1>Unsupported form</h1>"));
    const auto fields = formFields(req.body);
    const AuthorizeRequest a = authorizeRequest(fields);
    if (auto stop = checkAuthorizeRequest(*m_repo, fields, a))
        return *stop;
    const QString formCsrf = fields.value(QStringLiteral("csrf_token"));
    const bool secure = m_settings.issuer.startsWith(QLatin1String("https://"));
    const QString cookieCsrf = cookieValue(req, csrfCookieName(secure));
    if (formCsrf.isEmpty() || cookieCsrf.isEmpty() || !auth::constantTimeEquals(formCsrf.toUtf8(), cookieCsrf.toUtf8())) {
        return htmlPage(403, QStringLiteral("Sign-in refused"),
                        QStringLiteral("<h1>This form has expired</h1><p class=\"error\">The anti-forgery check failed "
                                       "(CSRF token missing or different).</p><p>Start again from the application.</p>"));
    }
    const QString clientName = m_repo->client(a.clientId)->name;
    const QString email = fields.value(QStringLiteral("email")).trimmed().toLower();
    const QString address = req.remote.toString();
    // IPv6 clients are limited per /64, the block one client usually holds.
    QString addressKey = QStringLiteral("ip:") + address;
    if (req.remote.protocol() == QAbstractSocket::IPv6Protocol && !req.remote.toIPv4Address()) {
        Q_IPV6ADDR a = req.remote.toIPv6Address();
        std::fill(a.c + 8, a.c + 16, 0);
        addressKey = QStringLiteral("ip:") + QHostAddress(a).toString() + QStringLiteral("/64");
    }
    int wait = m_perAddress.retryAfter(addressKey);
    if (wait == 0)
        wait = m_perAccount.retryAfter(QStringLiteral("acct:") + email);
    if (wait > 0) {
        Response r = loginForm(a, cookieCsrf, clientName, QStringLiteral("Too many failed attempts. Try again in %1 seconds.").arg(wait), 429, false, secure);
        return r.withHeader("Retry-After", QByteArray::number(wait));
    }
    const auto user = email.isEmpty() ? std::nullopt : m_repo->userByEmail(email);
    // The password is checked even for an unknown account, so timing does not tell which
    // accounts exist.
    static const QString dummy = auth::hashPassword(QStringLiteral("no such account"));
    const bool ok = auth::verifyPassword(fields.value(QStringLiteral("password")), user ? user->passwordHash : dummy) && user
                    && !user->disabled;
    if (!ok) {
        m_perAddress.fail(addressKey);
        m_perAccount.fail(QStringLiteral("acct:") + email);
        spdlog::info("sign-in failed for an account from {}", address.toStdString());
        // The form again, with the reason (200: this is no HTTP authentication challenge).
        return loginForm(a, cookieCsrf, clientName, QStringLiteral("The email or the password is wrong."), 200, false, secure);
    }
    m_perAccount.succeed(QStringLiteral("acct:") + email);
    const QString code = auth::randomToken(32);
    m_repo->insertCode(hashOf(code),
                       store::AuthCodeRow{a.clientId, user->id, a.redirectUri, a.challenge, a.scope, a.nonce},
                       QDateTime::currentDateTimeUtc().addSecs(m_settings.codeSeconds));
    return redirectTo(a.redirectUri, {{QStringLiteral("code"), code}, {QStringLiteral("state"), a.state}});
}

// ---- token ------------------------------------------------------------------------------

std::optional<Response> IdentityResources::authenticateClient(const Request &req, const QHash<QString, QString> &form,
                                                               store::ClientRow *out)
{
    // RFC 6749 §2.3: HTTP Basic or client_secret in the form (confidential clients), or
    // client_id alone (public clients, PKCE); never two methods at once. One message for
    // every failure, so the answer does not tell which client ids exist.
    const auto refuse = [] { return oauthError(401, QStringLiteral("invalid_client"), QStringLiteral("client authentication failed")); };
    QString clientId = form.value(QStringLiteral("client_id"));
    QString secret = form.value(QStringLiteral("client_secret"));
    const QByteArray authz = req.header("authorization");
    if (authz.startsWith("Basic ")) {
        if (!secret.isEmpty())
            return oauthError(400, QStringLiteral("invalid_request"), QStringLiteral("use one client authentication method, not two"));
        QByteArray decoded = QByteArray::fromBase64(authz.mid(6).trimmed());
        const qsizetype colon = decoded.indexOf(':');
        if (colon < 0)
            return refuse();
        // Both halves are form-encoded (RFC 6749 §2.3.1).
        QByteArray id = decoded.left(colon), pw = decoded.mid(colon + 1);
        id.replace('+', ' ');
        pw.replace('+', ' ');
        const QString basicId = QUrl::fromPercentEncoding(id);
        if (!clientId.isEmpty() && clientId != basicId)
            return refuse();
        clientId = basicId;
        secret = QUrl::fromPercentEncoding(pw);
    }
    const auto client = clientId.isEmpty() || clientId.size() > 200 ? std::nullopt : m_repo->client(clientId);
    if (!client)
        return refuse();
    if (!client->secretHash.isEmpty()) {
        if (secret.isEmpty() || !auth::constantTimeEquals(hashOf(secret).toLatin1(), client->secretHash.toLatin1()))
            return refuse();
    } else if (!secret.isEmpty()) {
        return refuse();
    }
    *out = *client;
    return std::nullopt;
}

Response IdentityResources::token(const Request &req)
{
    if (!req.header("content-type").startsWith("application/x-www-form-urlencoded"))
        return oauthError(400, QStringLiteral("invalid_request"), QStringLiteral("send the parameters as application/x-www-form-urlencoded"));
    const auto form = formFields(req.body);
    if (hasRepeated(form))
        return oauthError(400, QStringLiteral("invalid_request"), QStringLiteral("a parameter appears more than once"));

    store::ClientRow clientRow;
    if (auto refused = authenticateClient(req, form, &clientRow))
        return *refused;
    const auto client = std::optional<store::ClientRow>(clientRow);
    const QString clientId = clientRow.clientId;

    const QString grant = form.value(QStringLiteral("grant_type"));
    if (!client->grantTypes.contains(grant))
        return oauthError(400, grant.isEmpty() || !QStringList{QStringLiteral("authorization_code"), QStringLiteral("refresh_token"),
                                                                QStringLiteral("client_credentials")}.contains(grant)
                                   ? QStringLiteral("unsupported_grant_type")
                                   : QStringLiteral("unauthorized_client"),
                          QStringLiteral("grant_type %1 is not allowed for this client").arg(grant.isEmpty() ? QStringLiteral("(none)") : grant));
    if (grant == QLatin1String("authorization_code"))
        return tokenForCode(form, clientId);
    if (grant == QLatin1String("refresh_token"))
        return tokenForRefresh(form, clientId);
    return tokenForClient(clientId, form);
}

Response IdentityResources::tokenForCode(const QHash<QString, QString> &form, const QString &clientId)
{
    const QString code = form.value(QStringLiteral("code"));
    const QString verifier = form.value(QStringLiteral("code_verifier"));
    if (code.isEmpty() || code.size() > 256)
        return oauthError(400, QStringLiteral("invalid_request"), QStringLiteral("code is required"));
    store::AuthCodeRow row;
    const auto state = m_repo->consumeCode(hashOf(code), &row);
    using S = store::IdentityRepository::CodeState;
    if (state == S::Unknown)
        return oauthError(400, QStringLiteral("invalid_grant"), QStringLiteral("unknown authorization code"));
    if (state == S::AlreadyUsed) {
        // RFC 6749 §4.1.2: a code used twice may have been stolen; end what it started.
        m_repo->revokeFamilies(row.userId, row.clientId);
        return oauthError(400, QStringLiteral("invalid_grant"), QStringLiteral("authorization code was already used"));
    }
    if (state == S::Expired)
        return oauthError(400, QStringLiteral("invalid_grant"), QStringLiteral("authorization code expired"));
    if (row.clientId != clientId)
        return oauthError(400, QStringLiteral("invalid_grant"), QStringLiteral("the code was issued to another client"));
    if (form.value(QStringLiteral("redirect_uri")) != row.redirectUri)
        return oauthError(400, QStringLiteral("invalid_grant"), QStringLiteral("redirect_uri differs from the authorization request"));
    if (!pkceValue().match(verifier).hasMatch())
        return oauthError(400, QStringLiteral("invalid_grant"), QStringLiteral("code_verifier is missing or malformed"));
    const QByteArray challenge = auth::base64UrlEncode(auth::sha256(verifier.toLatin1()));
    if (!auth::constantTimeEquals(challenge, row.codeChallenge.toLatin1()))
        return oauthError(400, QStringLiteral("invalid_grant"), QStringLiteral("code_verifier does not match the code_challenge"));
    return issueTokens(row.userId, clientId, row.scope, row.nonce, {});
}

Response IdentityResources::tokenForRefresh(const QHash<QString, QString> &form, const QString &clientId)
{
    const QString token = form.value(QStringLiteral("refresh_token"));
    if (token.isEmpty() || token.size() > 256)
        return oauthError(400, QStringLiteral("invalid_request"), QStringLiteral("refresh_token is required"));
    store::RefreshRow row;
    const QString successor = auth::randomToken(32);
    const auto state = m_repo->useRefresh(hashOf(token), clientId, &row, hashOf(successor),
                                          QDateTime::currentDateTimeUtc().addSecs(m_settings.refreshTokenSeconds));
    using S = store::IdentityRepository::RefreshState;
    switch (state) {
    case S::Unknown:
    case S::OtherClient: return oauthError(400, QStringLiteral("invalid_grant"), QStringLiteral("unknown refresh token"));
    case S::Expired: return oauthError(400, QStringLiteral("invalid_grant"), QStringLiteral("refresh token expired"));
    case S::Revoked: return oauthError(400, QStringLiteral("invalid_grant"), QStringLiteral("refresh token was revoked"));
    case S::Reused:
        spdlog::warn("a rotated-out refresh token was presented again; its session is revoked");
        if (m_audit)
            m_audit->append(QStringLiteral("system"), QStringLiteral("auth.refresh-reuse"), QStringLiteral("user/%1").arg(row.userId));
        return oauthError(400, QStringLiteral("invalid_grant"), QStringLiteral("refresh token was already used; the session is revoked"));
    case S::Valid: break;
    }
    return issueTokens(row.userId, clientId, row.scope, {}, successor);
}

Response IdentityResources::tokenForClient(const QString &clientId, const QHash<QString, QString> &form)
{
    const auto client = m_repo->client(clientId);
    if (client->secretHash.isEmpty())
        return oauthError(400, QStringLiteral("unauthorized_client"), QStringLiteral("client_credentials needs a confidential client"));
    // RFC 6749 §3.3: only scopes the client is registered for.
    for (const QString &requested : splitScope(form.value(QStringLiteral("scope"))))
        if (!client->scopes.contains(requested))
            return oauthError(400, QStringLiteral("invalid_scope"), QStringLiteral("scope %1 is not allowed for this client").arg(requested));
    const auto signing = m_keys->signingKey();
    if (!signing)
        return oauthError(500, QStringLiteral("server_error"), QStringLiteral("no signing key"));
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    QJsonObject claims{{QStringLiteral("iss"), m_settings.issuer}, {QStringLiteral("sub"), QStringLiteral("client:") + clientId},
                       {QStringLiteral("aud"), m_settings.audience}, {QStringLiteral("iat"), double(now)},
                       {QStringLiteral("nbf"), double(now)}, {QStringLiteral("exp"), double(now + m_settings.accessTokenSeconds)},
                       {QStringLiteral("jti"), auth::randomToken(16)}, {QStringLiteral("client_id"), clientId},
                       {QStringLiteral("name"), client->name},
                       {QStringLiteral("roles"), QJsonArray::fromStringList(client->roles)},
                       {QStringLiteral("scope"), form.value(QStringLiteral("scope"))}};
    Response r = Response::json(QJsonObject{{QStringLiteral("access_token"), QString::fromLatin1(auth::signJwt(claims, signing->key, signing->kid))},
                                            {QStringLiteral("token_type"), QStringLiteral("Bearer")},
                                            {QStringLiteral("expires_in"), m_settings.accessTokenSeconds}});
    return r.withHeader("Cache-Control", "no-store").withHeader("Pragma", "no-cache");
}

Response IdentityResources::issueTokens(qint64 userId, const QString &clientId, const QString &scope, const QString &nonce,
                                        const QString &rotatedRefresh)
{
    const auto user = m_repo->userById(userId);
    if (!user || user->disabled)
        return oauthError(400, QStringLiteral("invalid_grant"), QStringLiteral("the account is disabled"));
    const auto signing = m_keys->signingKey();
    if (!signing)
        return oauthError(500, QStringLiteral("server_error"), QStringLiteral("no signing key"));
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    QJsonArray roles;
    for (const auto &g : user->grants)
        roles << g.toString();
    const QJsonObject access{{QStringLiteral("iss"), m_settings.issuer}, {QStringLiteral("sub"), user->subject},
                             {QStringLiteral("aud"), m_settings.audience}, {QStringLiteral("iat"), double(now)},
                             {QStringLiteral("nbf"), double(now)}, {QStringLiteral("exp"), double(now + m_settings.accessTokenSeconds)},
                             {QStringLiteral("jti"), auth::randomToken(16)}, {QStringLiteral("client_id"), clientId},
                             {QStringLiteral("scope"), scope}, {QStringLiteral("email"), user->email},
                             {QStringLiteral("name"), user->name}, {QStringLiteral("roles"), roles}};
    QJsonObject id{{QStringLiteral("iss"), m_settings.issuer}, {QStringLiteral("sub"), user->subject},
                   {QStringLiteral("aud"), clientId}, {QStringLiteral("iat"), double(now)},
                   {QStringLiteral("exp"), double(now + m_settings.idTokenSeconds)},
                   // Addresses are entered by an administrator, not verified by mail.
                   {QStringLiteral("email"), user->email}, {QStringLiteral("email_verified"), false},
                   {QStringLiteral("name"), user->name}, {QStringLiteral("roles"), roles}};
    if (!nonce.isEmpty())
        id.insert(QStringLiteral("nonce"), nonce);
    QJsonObject body{{QStringLiteral("access_token"), QString::fromLatin1(auth::signJwt(access, signing->key, signing->kid))},
                     {QStringLiteral("token_type"), QStringLiteral("Bearer")},
                     {QStringLiteral("expires_in"), m_settings.accessTokenSeconds},
                     {QStringLiteral("scope"), scope}};
    if (splitScope(scope).contains(QStringLiteral("openid")))
        body.insert(QStringLiteral("id_token"), QString::fromLatin1(auth::signJwt(id, signing->key, signing->kid)));
    if (!rotatedRefresh.isEmpty()) {
        body.insert(QStringLiteral("refresh_token"), rotatedRefresh); // stored by the rotation itself
    } else if (splitScope(scope).contains(QStringLiteral("offline_access"))) {
        const QString refresh = auth::randomToken(32);
        m_repo->insertRefresh(hashOf(refresh), store::RefreshRow{auth::randomToken(16), clientId, userId, scope},
                              QDateTime::currentDateTimeUtc().addSecs(m_settings.refreshTokenSeconds));
        body.insert(QStringLiteral("refresh_token"), refresh);
    }
    Response r = Response::json(body);
    return r.withHeader("Cache-Control", "no-store").withHeader("Pragma", "no-cache");
}

// ---- userinfo, revocation, end-session ---------------------------------------------------

Response IdentityResources::userinfo(const Request &req)
{
    QJsonArray roles;
    for (const auto &g : req.principal.grants)
        roles << g.toString();
    return Response::json(QJsonObject{{QStringLiteral("sub"), req.principal.subject}, {QStringLiteral("email"), req.principal.email},
                                      {QStringLiteral("email_verified"), false},
                                      {QStringLiteral("name"), req.principal.name}, {QStringLiteral("roles"), roles}});
}

Response IdentityResources::revoke(const Request &req)
{
    // RFC 7009: answer 200 whether or not the token was known, so the endpoint reveals nothing.
    // The caller authenticates as a client (RFC 7009 §2.1) and may revoke only its own tokens.
    if (!req.header("content-type").startsWith("application/x-www-form-urlencoded"))
        return oauthError(400, QStringLiteral("invalid_request"), QStringLiteral("send the parameters as application/x-www-form-urlencoded"));
    const auto form = formFields(req.body);
    if (hasRepeated(form))
        return oauthError(400, QStringLiteral("invalid_request"), QStringLiteral("a parameter appears more than once"));
    store::ClientRow client;
    if (auto refused = authenticateClient(req, form, &client))
        return *refused;
    const QString token = form.value(QStringLiteral("token"));
    if (token.isEmpty())
        return oauthError(400, QStringLiteral("invalid_request"), QStringLiteral("token is required"));
    if (token.count(u'.') == 2) {
        if (const auto jwt = auth::parseJwt(token.toLatin1())) {
            QString why;
            const QString kid = jwt->header.value(QStringLiteral("kid")).toString();
            const auto key = m_keys->publicKey(kid, &why);
            const bool ours = jwt->claims.value(QStringLiteral("client_id")).toString() == client.clientId
                              && !jwt->claims.value(QStringLiteral("jti")).toString().isEmpty();
            if (ours && key && auth::verifyJwtSignature(*jwt, *key, &why)) {
                const qint64 exp = qint64(jwt->claims.value(QStringLiteral("exp")).toDouble());
                const QString jti = jwt->claims.value(QStringLiteral("jti")).toString();
                m_repo->revokeAccessToken(jti, QDateTime::fromSecsSinceEpoch(exp, Qt::UTC));
                if (m_authenticator)
                    m_authenticator->noteRevoked(jti);
            }
        }
    } else if (token.size() <= 256) {
        m_repo->revokeRefresh(hashOf(token), client.clientId);
    }
    return Response::raw({}, "application/json").withHeader("Cache-Control", "no-store");
}

Response IdentityResources::logout(const Request &req)
{
    // RP-initiated logout: with an id_token_hint signed by us, every session of that user at
    // that client ends; the browser goes back to a registered post_logout_redirect_uri.
    const auto fields = queryFields(req.query);
    const QString hint = fields.value(QStringLiteral("id_token_hint"));
    QString clientId;
    if (const auto jwt = auth::parseJwt(hint.toLatin1())) {
        QString why;
        const auto key = m_keys->publicKey(jwt->header.value(QStringLiteral("kid")).toString(), &why);
        if (key && auth::verifyJwtSignature(*jwt, *key, &why) && jwt->claims.value(QStringLiteral("iss")).toString() == m_settings.issuer) {
            clientId = jwt->claims.value(QStringLiteral("aud")).toString();
            if (const auto user = m_repo->userBySubject(jwt->claims.value(QStringLiteral("sub")).toString()))
                m_repo->revokeFamilies(user->id, clientId);
        }
    }
    const QString back = fields.value(QStringLiteral("post_logout_redirect_uri"));
    if (!back.isEmpty() && !clientId.isEmpty()) {
        const auto client = m_repo->client(clientId);
        if (client && redirectMatches(back, client->redirectUris)) {
            QList<QPair<QString, QString>> p;
            if (fields.contains(QStringLiteral("state")))
                p << qMakePair(QStringLiteral("state"), fields.value(QStringLiteral("state")));
            return redirectTo(back, p);
        }
    }
    return htmlPage(200, QStringLiteral("Signed out"), QStringLiteral("<h1>You are signed out of Enclii</h1><p>You can close this tab.</p>"));
}

// ---- /v1 identity API --------------------------------------------------------------------

Response IdentityResources::authConfig(const Request &)
{
    return Response::json(QJsonObject{{QStringLiteral("mode"), m_settings.mode},
                                      {QStringLiteral("issuer"), m_settings.issuer},
                                      {QStringLiteral("audience"), m_settings.audience},
                                      {QStringLiteral("consoleClientId"), QStringLiteral("enclii-console")}});
}

Response IdentityResources::me(const Request &req)
{
    const auto &p = req.principal;
    QJsonArray roles;
    for (const auto &g : p.grants)
        roles << g.toString();
    QJsonObject perProject;
    const auto pp = auth::projectPermissions(p);
    for (auto it = pp.begin(); it != pp.end(); ++it)
        perProject.insert(it.key(), QJsonArray::fromStringList(it.value()));
    return Response::json(QJsonObject{{QStringLiteral("subject"), p.subject}, {QStringLiteral("email"), p.email},
                                      {QStringLiteral("name"), p.name}, {QStringLiteral("roles"), roles},
                                      {QStringLiteral("permissions"), QJsonArray::fromStringList(auth::globalPermissions(p))},
                                      {QStringLiteral("projectPermissions"), perProject},
                                      {QStringLiteral("via"), p.via},
                                      {QStringLiteral("scopes"), QJsonArray::fromStringList(p.scopes)}});
}

namespace {

// Parses ["admin", "owner:forgesight", ...]; returns the reason when one is not a role.
std::optional<QList<core::RoleGrant>> parseRoles(const QJsonValue &value, QString *error)
{
    static const QRegularExpression project(QStringLiteral("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"));
    if (!value.isArray()) {
        *error = QStringLiteral("roles must be a list such as [\"developer:forgesight\"]");
        return std::nullopt;
    }
    QList<core::RoleGrant> out;
    for (const auto &v : value.toArray()) {
        const auto g = core::RoleGrant::fromString(v.toString());
        if (!auth::roleNames().contains(g.role)) {
            *error = QStringLiteral("\"%1\" is not a role; roles are %2").arg(v.toString(), auth::roleNames().join(QStringLiteral(", ")));
            return std::nullopt;
        }
        if (auth::isProjectRole(g.role) != !g.project.isEmpty() || (!g.project.isEmpty() && !project.match(g.project).hasMatch())) {
            *error = auth::isProjectRole(g.role) ? QStringLiteral("%1 needs a project: %1:<project>").arg(g.role)
                                                 : QStringLiteral("%1 is a platform-wide role and takes no project").arg(g.role);
            return std::nullopt;
        }
        out << g;
    }
    return out;
}

QJsonObject userJson(const store::UserRow &u)
{
    QJsonArray roles;
    for (const auto &g : u.grants)
        roles << g.toString();
    return {{QStringLiteral("subject"), u.subject}, {QStringLiteral("email"), u.email}, {QStringLiteral("name"), u.name},
            {QStringLiteral("disabled"), u.disabled}, {QStringLiteral("roles"), roles}};
}

std::optional<QJsonObject> jsonBody(const Request &req, Response *problem)
{
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(req.body, &err);
    if (!doc.isObject()) {
        *problem = http::badRequest(QStringLiteral("bad-json"), QStringLiteral("the body must be a JSON object: %1").arg(err.errorString()))
                       .toResponse(req.path);
        return std::nullopt;
    }
    return doc.object();
}

} // namespace

Response IdentityResources::listUsers(const Request &)
{
    QJsonArray items;
    for (const auto &u : m_repo->users())
        items << userJson(u);
    return Response::json(QJsonObject{{QStringLiteral("items"), items}});
}

Response IdentityResources::createUser(const Request &req)
{
    Response problem;
    const auto body = jsonBody(req, &problem);
    if (!body)
        return problem;
    const QString email = body->value(QStringLiteral("email")).toString().trimmed().toLower();
    const QString password = body->value(QStringLiteral("password")).toString();
    static const QRegularExpression emailRe(QStringLiteral("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"));
    if (!emailRe.match(email).hasMatch() || email.size() > 254)
        return http::unprocessable(QStringLiteral("email is not an email address"), {}).toResponse(req.path);
    if (password.size() < 12 || password.size() > 1024)
        return http::unprocessable(QStringLiteral("password must be 12 to 1024 characters"), {}).toResponse(req.path);
    QString why;
    const auto grants = parseRoles(body->value(QStringLiteral("roles")), &why);
    if (!grants)
        return http::unprocessable(why, {}).toResponse(req.path);
    if (m_repo->userByEmail(email))
        return http::conflict(QStringLiteral("user-exists"), QStringLiteral("a user with email %1 exists").arg(email)).toResponse(req.path);
    const QString subject = QStringLiteral("usr_") + auth::randomToken(12);
    m_repo->createUser(subject, email, body->value(QStringLiteral("name")).toString().left(200), auth::hashPassword(password), *grants);
    m_audit->append(req.principal.actor(), QStringLiteral("user.create"), QStringLiteral("user/") + email,
                    QJsonObject{{QStringLiteral("roles"), body->value(QStringLiteral("roles"))}});
    return Response::json(userJson(*m_repo->userByEmail(email)), 201);
}

Response IdentityResources::setRoles(const Request &req)
{
    Response problem;
    const auto body = jsonBody(req, &problem);
    if (!body)
        return problem;
    const QString email = req.param(QStringLiteral("email")).toLower();
    const auto user = m_repo->userByEmail(email);
    if (!user)
        return http::notFound(QStringLiteral("no user with email %1").arg(email)).toResponse(req.path);
    QString why;
    const auto grants = parseRoles(body->value(QStringLiteral("roles")), &why);
    if (!grants)
        return http::unprocessable(why, {}).toResponse(req.path);
    m_repo->setGrants(user->id, *grants);
    m_audit->append(req.principal.actor(), QStringLiteral("user.roles"), QStringLiteral("user/") + email,
                    QJsonObject{{QStringLiteral("roles"), body->value(QStringLiteral("roles"))}});
    return Response::json(userJson(*m_repo->userByEmail(email)));
}

Response IdentityResources::listTokens(const Request &req)
{
    if (req.principal.via == QLatin1String("api-token"))
        return http::forbidden(QStringLiteral("API tokens are managed from a signed-in session, not with an API token")).toResponse(req.path);
    const auto user = m_repo->userBySubject(req.principal.subject);
    QJsonArray items;
    if (user) {
        for (const auto &t : m_repo->apiTokens(user->id))
            items << QJsonObject{{QStringLiteral("id"), double(t.id)}, {QStringLiteral("prefix"), t.prefix},
                                 {QStringLiteral("name"), t.name}, {QStringLiteral("scopes"), QJsonArray::fromStringList(t.scopes)},
                                 {QStringLiteral("createdAt"), t.createdAt.toString(Qt::ISODate)},
                                 {QStringLiteral("expiresAt"), t.expiresAt.toString(Qt::ISODate)},
                                 {QStringLiteral("lastUsedAt"), t.lastUsedAt.isValid() ? t.lastUsedAt.toString(Qt::ISODate) : QString()},
                                 {QStringLiteral("revoked"), t.revokedAt.isValid()}};
    }
    return Response::json(QJsonObject{{QStringLiteral("items"), items}});
}

Response IdentityResources::createToken(const Request &req)
{
    if (req.principal.via == QLatin1String("api-token"))
        return http::forbidden(QStringLiteral("an API token cannot create API tokens; sign in")).toResponse(req.path);
    const auto user = m_repo->userBySubject(req.principal.subject);
    if (!user)
        return http::forbidden(QStringLiteral("API tokens belong to users of this provider")).toResponse(req.path);
    Response problem;
    const auto body = jsonBody(req, &problem);
    if (!body)
        return problem;
    const QString name = body->value(QStringLiteral("name")).toString().trimmed();
    if (name.isEmpty() || name.size() > 100)
        return http::unprocessable(QStringLiteral("name is required (at most 100 characters), e.g. \"ci-deploy\""), {}).toResponse(req.path);
    QStringList scopes;
    for (const auto &s : body->value(QStringLiteral("scopes")).toArray()) {
        const auto p = auth::permissionFromName(s.toString());
        if (!p || *p == auth::Permission::Public || *p == auth::Permission::Authenticated)
            return http::unprocessable(QStringLiteral("\"%1\" is not a scope; scopes are permission names such as catalog.read").arg(s.toString()), {})
                .toResponse(req.path);
        scopes << s.toString();
    }
    if (scopes.isEmpty())
        return http::unprocessable(QStringLiteral("give at least one scope, e.g. [\"catalog.read\"]"), {}).toResponse(req.path);
    const int days = body->contains(QStringLiteral("expiresInDays")) ? body->value(QStringLiteral("expiresInDays")).toInt(-1) : 90;
    if (days < 1 || days > 365)
        return http::unprocessable(QStringLiteral("expiresInDays must be 1 to 365"), {}).toResponse(req.path);
    const QString token = QLatin1String(auth::Authenticator::kApiTokenPrefix) + auth::randomToken(32);
    const QDateTime expires = QDateTime::currentDateTimeUtc().addDays(days);
    const qint64 id = m_repo->insertApiToken(QString::fromLatin1(auth::sha256(token.toLatin1()).toHex()), token.left(16), user->id, name,
                                             scopes, expires);
    m_audit->append(req.principal.actor(), QStringLiteral("token.create"), QStringLiteral("token/%1").arg(id),
                    QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("scopes"), QJsonArray::fromStringList(scopes)}});
    return Response::json(QJsonObject{{QStringLiteral("id"), double(id)}, {QStringLiteral("token"), token},
                                      {QStringLiteral("prefix"), token.left(16)}, {QStringLiteral("name"), name},
                                      {QStringLiteral("scopes"), QJsonArray::fromStringList(scopes)},
                                      {QStringLiteral("expiresAt"), expires.toString(Qt::ISODate)},
                                      {QStringLiteral("note"), QStringLiteral("shown once: store it now")}},
                          201)
        .withHeader("Cache-Control", "no-store");
}

Response IdentityResources::revokeToken(const Request &req)
{
    if (req.principal.via == QLatin1String("api-token"))
        return http::forbidden(QStringLiteral("API tokens are managed from a signed-in session, not with an API token")).toResponse(req.path);
    bool ok = false;
    const qint64 id = req.param(QStringLiteral("id")).toLongLong(&ok);
    const auto user = m_repo->userBySubject(req.principal.subject);
    if (!ok || !user || !m_repo->revokeApiToken(id, user->id))
        return http::notFound(QStringLiteral("you have no active API token with id %1").arg(req.param(QStringLiteral("id")))).toResponse(req.path);
    m_audit->append(req.principal.actor(), QStringLiteral("token.revoke"), QStringLiteral("token/%1").arg(id));
    Response r;
    r.status = 204;
    return r;
}

Response IdentityResources::rotateKeys(const Request &req)
{
    QString why;
    // The old key keeps verifying until every token it signed has expired.
    if (!m_keys->rotate(m_settings.accessTokenSeconds + m_settings.idTokenSeconds + m_settings.leewaySeconds, &why))
        return http::internalError(why).toResponse(req.path);
    const auto signing = m_keys->signingKey();
    m_audit->append(req.principal.actor(), QStringLiteral("auth.keys.rotate"), QStringLiteral("signing-key/") + signing->kid);
    return Response::json(QJsonObject{{QStringLiteral("kid"), signing->kid}});
}

} // namespace enclii::api
