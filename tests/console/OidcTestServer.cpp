#include "OidcTestServer.h"

#include "FixtureServer.h"

#include <QCryptographicHash>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QUrlQuery>

namespace enclii::test {

using namespace Qt::StringLiterals;

namespace {

QByteArray base64Url(const QByteArray &bytes)
{
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QString randomToken()
{
    QByteArray bytes(24, Qt::Uninitialized);
    for (char &c : bytes)
        c = char(QRandomGenerator::global()->bounded(256));
    return QString::fromLatin1(base64Url(bytes));
}

// Form encoding with '+' for spaces, as many providers write their redirects.
QByteArray formValue(const QString &value)
{
    return QUrl::toPercentEncoding(value).replace("%20", "+");
}

} // namespace

OidcTestServer::OidcTestServer(QObject *parent)
    : QAbstractHttpServer(parent)
    , m_profile(adminProfile())
{
}

bool OidcTestServer::start()
{
    m_port = listen(QHostAddress(QHostAddress::LocalHost), 0);
    return m_port != 0;
}

QUrl OidcTestServer::url() const
{
    return QUrl(u"http://127.0.0.1:%1"_s.arg(m_port));
}

QJsonObject OidcTestServer::adminProfile()
{
    return QJsonObject{
        {"subject"_L1, "u-ana"_L1},
        {"email"_L1, "ana@example.test"_L1},
        {"name"_L1, "Ana Admin"_L1},
        {"roles"_L1, QJsonArray{"admin"_L1}},
        {"permissions"_L1, QJsonArray{"catalog.read"_L1, "specs.write"_L1, "audit.read"_L1, "users.manage"_L1,
                                      "tokens.manage"_L1, "billing.read"_L1, "billing.write"_L1,
                                      "canary.operate"_L1, "builds.trigger"_L1}},
        {"projectPermissions"_L1, QJsonObject{}},
    };
}

QJsonObject OidcTestServer::viewerProfile()
{
    return QJsonObject{
        {"subject"_L1, "u-vic"_L1},
        {"email"_L1, "vic@example.test"_L1},
        {"name"_L1, "Vic Viewer"_L1},
        {"roles"_L1, QJsonArray{"viewer:janua"_L1, "developer:enclii"_L1}},
        {"permissions"_L1, QJsonArray{"catalog.read"_L1}},
        {"projectPermissions"_L1, QJsonObject{{"enclii"_L1, QJsonArray{"specs.write"_L1, "builds.trigger"_L1}},
                                              {"janua"_L1, QJsonArray{"catalog.read"_L1}}}},
    };
}

void OidcTestServer::expireAccessTokens()
{
    for (AccessToken &token : m_accessTokens)
        token.expired = true;
}

void OidcTestServer::revokeAllSessions()
{
    for (int session = 1; session < m_nextSession; ++session)
        m_revokedSessions.insert(session);
}

bool OidcTestServer::isRefreshTokenActive(const QString &token) const
{
    return m_refreshTokens.contains(token) && !m_usedRefreshTokens.contains(token)
        && !m_revokedSessions.contains(m_refreshTokens.value(token));
}

bool OidcTestServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    const QString path = request.url().path();
    ++m_requests[path];
    const Response response = route(request, path);

    QHttpServerResponder responder = makeResponder(request, socket);
    responder.writeStatusLine(static_cast<QHttpServerResponder::StatusCode>(response.status));
    responder.writeHeader("Content-Type", response.contentType);
    for (const auto &[name, value] : response.headers)
        responder.writeHeader(name, value);
    responder.writeHeader("Content-Length", QByteArray::number(response.body.size()));
    responder.writeBody(response.body);
    return true;
}

void OidcTestServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    makeResponder(request, socket).write(QHttpServerResponder::StatusCode::NotFound);
}

OidcTestServer::Response OidcTestServer::route(const QHttpServerRequest &request, const QString &path)
{
    const bool get = request.method() == QHttpServerRequest::Method::Get;
    const bool post = request.method() == QHttpServerRequest::Method::Post;
    if (get && path == "/healthz"_L1)
        return json({{"status"_L1, "ok"_L1}});
    if (get && path == "/v1/auth/config"_L1) {
        if (m_mode.isEmpty()) {
            Response r = json({{"title"_L1, "Not Found"_L1}, {"status"_L1, 404}}, 404);
            r.contentType = "application/problem+json";
            return r;
        }
        return json({{"mode"_L1, m_mode}, {"issuer"_L1, issuer()}, {"consoleClientId"_L1, QLatin1String(ClientId)}});
    }
    if (get && path == "/.well-known/openid-configuration"_L1) {
        const QString base = issuer();
        return json({
            {"issuer"_L1, base},
            {"authorization_endpoint"_L1, base + "/oauth/authorize"_L1},
            {"token_endpoint"_L1, base + "/oauth/token"_L1},
            {"userinfo_endpoint"_L1, base + "/oauth/userinfo"_L1},
            {"jwks_uri"_L1, base + "/oauth/jwks"_L1},
            {"revocation_endpoint"_L1, base + "/oauth/revoke"_L1},
            {"end_session_endpoint"_L1, base + "/oauth/logout"_L1},
            {"response_types_supported"_L1, QJsonArray{"code"_L1}},
            {"grant_types_supported"_L1, QJsonArray{"authorization_code"_L1, "refresh_token"_L1}},
            {"code_challenge_methods_supported"_L1, QJsonArray{"S256"_L1}},
            {"scopes_supported"_L1, QJsonArray{"openid"_L1, "profile"_L1, "email"_L1, "offline_access"_L1}},
            {"subject_types_supported"_L1, QJsonArray{"public"_L1}},
            {"id_token_signing_alg_values_supported"_L1, QJsonArray{"HS256"_L1}},
            {"token_endpoint_auth_methods_supported"_L1, QJsonArray{"none"_L1}},
        });
    }
    if (get && path == "/oauth/jwks"_L1)
        return json({{"keys"_L1, QJsonArray{}}});
    if (path == "/oauth/authorize"_L1)
        return authorize(request);
    if (post && path == "/oauth/token"_L1)
        return token(request);
    if (post && path == "/oauth/revoke"_L1)
        return revoke(request);
    if (get && path == "/v1/me"_L1)
        return me(request);
    if (get && path == "/v1/ecosystem"_L1)
        return ecosystem(request);
    Response r = json({{"title"_L1, "Not Found"_L1}, {"status"_L1, 404}}, 404);
    r.contentType = "application/problem+json";
    return r;
}

OidcTestServer::Response OidcTestServer::authorize(const QHttpServerRequest &request)
{
    const QUrlQuery query = request.query();
    auto param = [&query](const char *name) { return query.queryItemValue(QLatin1String(name), QUrl::FullyDecoded); };
    auto page = [](int status, const QByteArray &text) {
        Response r{status, "text/html; charset=utf-8", "<!doctype html><p>" + text + "</p>", {}};
        return r;
    };

    // RFC 6749 §4.1.2.1: with a bad client or redirect URI, tell the person, never redirect.
    if (param("client_id") != QLatin1String(ClientId))
        return page(400, "unknown client_id");
    const QString redirectUri = param("redirect_uri");
    const QUrl redirect(redirectUri, QUrl::StrictMode);
    // RFC 8252 §7.3: everything but the port must match the registered http://127.0.0.1/callback.
    const bool loopback = redirect.isValid() && redirect.scheme() == "http"_L1 && redirect.host() == "127.0.0.1"_L1
        && redirect.port() > 0 && redirect.path() == "/callback"_L1 && !redirect.hasQuery() && !redirect.hasFragment()
        && redirect.userInfo().isEmpty();
    if (!loopback)
        return page(400, "redirect_uri is not registered for this client");

    const QString state = param("state");
    auto redirectWith = [&](const QList<QPair<QString, QString>> &fields) {
        QByteArray q;
        for (const auto &[name, value] : fields) {
            if (!q.isEmpty())
                q += '&';
            q += name.toLatin1() + '=' + formValue(value);
        }
        if (!state.isEmpty())
            q += "&state=" + formValue(state);
        QUrl to = redirect;
        to.setQuery(QString::fromLatin1(q), QUrl::StrictMode);
        Response r{302, "text/html; charset=utf-8", {}, {{"Location", to.toEncoded()}}};
        return r;
    };

    if (param("response_type") != "code"_L1)
        return redirectWith({{u"error"_s, u"unsupported_response_type"_s}});
    if (param("code_challenge_method") != "S256"_L1 || param("code_challenge").size() != 43)
        return redirectWith({{u"error"_s, u"invalid_request"_s}, {u"error_description"_s, u"PKCE with S256 is required"_s}});
    if (!param("scope").split(u' ').contains("openid"_L1))
        return redirectWith({{u"error"_s, u"invalid_scope"_s}});
    if (param("nonce").isEmpty())
        return redirectWith({{u"error"_s, u"invalid_request"_s}, {u"error_description"_s, u"nonce is required"_s}});
    if (m_deny)
        return redirectWith({{u"error"_s, u"access_denied"_s}, {u"error_description"_s, u"The person declined"_s}});

    const QString code = randomToken();
    m_codes.insert(code, {redirectUri, param("code_challenge"), param("nonce"), false});
    return redirectWith({{u"code"_s, code}});
}

OidcTestServer::Response OidcTestServer::token(const QHttpServerRequest &request)
{
    if (!header(request, "content-type").startsWith("application/x-www-form-urlencoded"))
        return tokenError(400, u"invalid_request"_s, u"the body must be application/x-www-form-urlencoded"_s);
    const QHash<QString, QString> f = form(request.body());
    const QString grant = f.value(u"grant_type"_s);
    ++m_tokenRequests[grant];
    if (m_rejectClient || f.value(u"client_id"_s) != QLatin1String(ClientId))
        return tokenError(401, u"invalid_client"_s, u"unknown client"_s);

    if (grant == "authorization_code"_L1) {
        auto it = m_codes.find(f.value(u"code"_s));
        if (it == m_codes.end())
            return tokenError(400, u"invalid_grant"_s, u"unknown authorization code"_s);
        if (it->used)
            return tokenError(400, u"invalid_grant"_s, u"the authorization code was already used"_s);
        it->used = true; // single use, whatever happens next
        if (f.value(u"redirect_uri"_s) != it->redirectUri)
            return tokenError(400, u"invalid_grant"_s, u"redirect_uri differs from the authorization request"_s);
        const QString verifier = f.value(u"code_verifier"_s);
        static const QRegularExpression shape(u"^[A-Za-z0-9\\-._~]{43,128}$"_s);
        if (!shape.match(verifier).hasMatch())
            return tokenError(400, u"invalid_grant"_s, u"malformed code_verifier"_s);
        const QString challenge =
            QString::fromLatin1(base64Url(QCryptographicHash::hash(verifier.toLatin1(), QCryptographicHash::Sha256)));
        if (challenge != it->challenge)
            return tokenError(400, u"invalid_grant"_s, u"PKCE verification failed"_s);
        const int session = m_nextSession++;
        m_sessionNonce.insert(session, it->nonce);
        return issueTokens(session, it->nonce);
    }

    if (grant == "refresh_token"_L1) {
        const QString presented = f.value(u"refresh_token"_s);
        if (m_usedRefreshTokens.contains(presented)) {
            // Reuse of a rotated token: someone has a copy. End the whole session.
            ++m_reuses;
            m_revokedSessions.insert(m_refreshTokens.value(presented));
            return tokenError(400, u"invalid_grant"_s, u"refresh token reused; the session is revoked"_s);
        }
        if (!m_refreshTokens.contains(presented))
            return tokenError(400, u"invalid_grant"_s, u"unknown refresh token"_s);
        const int session = m_refreshTokens.value(presented);
        if (m_revokedSessions.contains(session))
            return tokenError(400, u"invalid_grant"_s, u"the session was revoked"_s);
        m_usedRefreshTokens.insert(presented);
        return issueTokens(session, {});
    }
    return tokenError(400, u"unsupported_grant_type"_s, u"grant_type must be authorization_code or refresh_token"_s);
}

OidcTestServer::Response OidcTestServer::issueTokens(int session, const QString &nonce)
{
    const QString access = randomToken();
    const QString refresh = randomToken();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    m_accessTokens.insert(access, {session, now.addSecs(m_accessLifetime), false});
    m_refreshTokens.insert(refresh, session);

    QJsonObject claims{{"iss"_L1, issuer()},
                       {"sub"_L1, m_profile.value("subject"_L1)},
                       {"aud"_L1, QLatin1String(ClientId)},
                       {"iat"_L1, now.toSecsSinceEpoch()},
                       {"auth_time"_L1, now.toSecsSinceEpoch()},
                       {"exp"_L1, now.addSecs(std::max(m_accessLifetime, 300)).toSecsSinceEpoch()},
                       {"email"_L1, m_profile.value("email"_L1)},
                       {"name"_L1, m_profile.value("name"_L1)}};
    if (!nonce.isEmpty())
        claims.insert("nonce"_L1, nonce);
    for (auto it = m_claimOverrides.begin(); it != m_claimOverrides.end(); ++it)
        claims.insert(it.key(), it.value());
    // Signed with a throwaway HMAC key: the console does not check ID token signatures
    // (encliid does), so only the shape matters here.
    const QByteArray signingInput = base64Url(R"({"alg":"HS256","typ":"JWT","kid":"test"})")
        + '.' + base64Url(QJsonDocument(claims).toJson(QJsonDocument::Compact));
    const QByteArray signature =
        QMessageAuthenticationCode::hash(signingInput, "test-stand-in-key", QCryptographicHash::Sha256);
    const QString idToken = QString::fromLatin1(signingInput + '.' + base64Url(signature));

    ++m_tokensIssued;
    Response r = json({{"access_token"_L1, access},
                       {"token_type"_L1, "Bearer"_L1},
                       {"expires_in"_L1, m_accessLifetime},
                       {"refresh_token"_L1, refresh},
                       {"id_token"_L1, idToken},
                       {"scope"_L1, "openid profile email offline_access"_L1}});
    r.headers = {{"Cache-Control", "no-store"}, {"Pragma", "no-cache"}};
    return r;
}

OidcTestServer::Response OidcTestServer::revoke(const QHttpServerRequest &request)
{
    const QHash<QString, QString> f = form(request.body());
    if (f.value(u"client_id"_s) != QLatin1String(ClientId))
        return tokenError(401, u"invalid_client"_s, u"unknown client"_s);
    const QString token = f.value(u"token"_s);
    m_revokedTokens << token;
    if (m_refreshTokens.contains(token))
        m_revokedSessions.insert(m_refreshTokens.value(token));
    else if (m_accessTokens.contains(token))
        m_revokedSessions.insert(m_accessTokens.value(token).session);
    // RFC 7009 §2.2: 200 whether or not the token was known.
    return Response{200, "application/json", {}, {}};
}

OidcTestServer::Response OidcTestServer::me(const QHttpServerRequest &request)
{
    if (!bearerValid(request))
        return unauthorized(u"a valid bearer token is required"_s);
    return json(m_profile);
}

OidcTestServer::Response OidcTestServer::ecosystem(const QHttpServerRequest &request)
{
    m_ecosystemAuthorizations << QString::fromLatin1(header(request, "authorization"));
    const bool signInOn = !m_mode.isEmpty() && m_mode != "disabled"_L1;
    if (signInOn && !bearerValid(request))
        return unauthorized(u"a valid bearer token is required"_s);
    return Response{200, "application/json", FixtureServer::fixture(), {}};
}

OidcTestServer::Response OidcTestServer::tokenError(int status, const QString &error, const QString &description)
{
    m_lastTokenError = u"%1: %2"_s.arg(error, description);
    Response r = json({{"error"_L1, error}, {"error_description"_L1, description}}, status);
    r.headers = {{"Cache-Control", "no-store"}, {"Pragma", "no-cache"}};
    if (status == 401)
        r.headers.append(qMakePair(QByteArray("WWW-Authenticate"), QByteArray(R"(Basic realm="enclii")")));
    return r;
}

OidcTestServer::Response OidcTestServer::unauthorized(const QString &detail)
{
    ++m_unauthorized;
    Response r = json({{"type"_L1, "about:blank"_L1}, {"title"_L1, "Unauthorized"_L1}, {"status"_L1, 401},
                       {"detail"_L1, detail}},
                      401);
    r.contentType = "application/problem+json";
    r.headers = {{"WWW-Authenticate", R"(Bearer error="invalid_token")"}};
    return r;
}

bool OidcTestServer::bearerValid(const QHttpServerRequest &request, QByteArray *tokenOut) const
{
    const QByteArray value = header(request, "authorization");
    if (!value.startsWith("Bearer "))
        return false;
    const QString token = QString::fromLatin1(value.mid(7));
    if (tokenOut)
        *tokenOut = token.toLatin1();
    const auto it = m_accessTokens.constFind(token);
    return it != m_accessTokens.constEnd() && !it->expired && it->expiresAt > QDateTime::currentDateTimeUtc()
        && !m_revokedSessions.contains(it->session);
}

OidcTestServer::Response OidcTestServer::json(const QJsonObject &object, int status)
{
    return Response{status, "application/json", QJsonDocument(object).toJson(QJsonDocument::Compact), {}};
}

QHash<QString, QString> OidcTestServer::form(const QByteArray &body)
{
    QHash<QString, QString> out;
    for (QByteArray pair : body.split('&')) {
        pair.replace('+', ' ');
        const qsizetype eq = pair.indexOf('=');
        if (eq > 0)
            out.insert(QUrl::fromPercentEncoding(pair.left(eq)), QUrl::fromPercentEncoding(pair.mid(eq + 1)));
    }
    return out;
}

QByteArray OidcTestServer::header(const QHttpServerRequest &request, const QByteArray &name)
{
    for (const auto &[key, value] : request.headers())
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    return {};
}

} // namespace enclii::test
