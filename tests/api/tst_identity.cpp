// The built-in OpenID Connect provider and the access policy, against a real daemon on a
// throwaway PostgreSQL: the sign-in flow, every refused input, and the whole role matrix.
#include "Daemon.h"
#include "DaemonFixture.h"

#include "auth/crypto/Jose.h"
#include "auth/crypto/RsaKey.h"
#include "auth/crypto/SecretBox.h"
#include "support/TestPostgres.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QMessageAuthenticationCode>
#include <QTemporaryDir>
#include <QTest>

using namespace enclii;
using test::bearer;
using test::httpRequest;

namespace {

const QString kSpecs = QStringLiteral(ENCLII_SOURCE_DIR "/specs");
const QByteArray kMasterKey = QByteArray(32, '\x5a');
const QString kAdmin = QStringLiteral("admin@test.local");
const QString kPassword = QStringLiteral("correct horse battery staple");

QByteArray serviceDocument(const QString &file, const QByteArray &name)
{
    QFile f(kSpecs + QStringLiteral("/services/") + file);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QList<QByteArray> docs = f.readAll().split('\n');
    QByteArray all;
    for (const auto &l : docs)
        all += l + '\n';
    for (const QByteArray &doc : all.split('-')) {
        Q_UNUSED(doc);
    }
    // Documents are separated by lines of three dashes.
    qsizetype start = 0;
    while (start < all.size()) {
        qsizetype end = all.indexOf("\n---", start);
        const QByteArray doc = all.mid(start, end < 0 ? -1 : end - start + 1);
        if (doc.contains("  name: " + name + '\n'))
            return doc.mid(doc.indexOf("apiVersion"));
        if (end < 0)
            break;
        start = end + 4;
    }
    return {};
}

} // namespace

class TestIdentity : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY2(m_pg.isValid(), qPrintable(m_pg.error()));
        QVERIFY2(m_fixture.start(m_pg.connectionString(), kAdmin, kPassword, kMasterKey), qPrintable(m_fixture.error));
        m_daemon = m_fixture.daemon.get();
        m_base = m_fixture.base;
        m_admin = m_fixture.adminToken;
    }

    void discoveryAndKeys()
    {
        const auto d = httpRequest(m_base + QStringLiteral("/.well-known/openid-configuration")).json();
        QCOMPARE(d.value(QStringLiteral("issuer")).toString(), m_base);
        QCOMPARE(d.value(QStringLiteral("code_challenge_methods_supported")).toArray(), QJsonArray{QStringLiteral("S256")});
        QCOMPARE(d.value(QStringLiteral("id_token_signing_alg_values_supported")).toArray(), QJsonArray{QStringLiteral("RS256")});
        const auto jwks = httpRequest(d.value(QStringLiteral("jwks_uri")).toString()).json();
        const QJsonObject key = jwks.value(QStringLiteral("keys")).toArray().first().toObject();
        QCOMPARE(key.value(QStringLiteral("kty")).toString(), QStringLiteral("RSA"));
        QCOMPARE(key.value(QStringLiteral("alg")).toString(), QStringLiteral("RS256"));
        QVERIFY(!key.contains(QStringLiteral("d"))); // never the private part
        const auto cfg = httpRequest(m_base + QStringLiteral("/v1/auth/config")).json();
        QCOMPARE(cfg.value(QStringLiteral("mode")).toString(), QStringLiteral("builtin"));
    }

    void signInFlowGivesStandardTokens()
    {
        const auto s = test::openSignInPage(m_base);
        QCOMPARE(s.form.status, 200);
        QVERIFY(s.form.contentType.startsWith("text/html"));
        QVERIFY(!s.csrf.isEmpty());
        QVERIFY(s.cookie.startsWith("enclii_csrf="));
        QCOMPARE(s.form.header("X-Frame-Options"), QByteArray("DENY"));
        const auto posted = test::submitSignIn(m_base, s, kAdmin, kPassword);
        QCOMPARE(posted.status, 302);
        const QUrl location(QString::fromLatin1(posted.header("Location")));
        QCOMPARE(location.port(), 53682); // the loopback redirect keeps the client's port (RFC 8252)
        QCOMPARE(QUrlQuery(location).queryItemValue(QStringLiteral("state")), s.state);
        const auto tokens = test::exchangeCode(m_base, test::codeFrom(posted), s.redirectUri, s.pkce.verifier);
        QCOMPARE(tokens.status, 200);
        QCOMPARE(tokens.header("Cache-Control"), QByteArray("no-store"));
        const QJsonObject t = tokens.json();
        QCOMPARE(t.value(QStringLiteral("token_type")).toString(), QStringLiteral("Bearer"));
        QVERIFY(t.value(QStringLiteral("expires_in")).toInt() > 0);
        QVERIFY(!t.value(QStringLiteral("refresh_token")).toString().isEmpty());
        const auto id = auth::parseJwt(t.value(QStringLiteral("id_token")).toString().toLatin1());
        QVERIFY(id);
        QCOMPARE(id->claims.value(QStringLiteral("nonce")).toString(), s.nonce);
        QCOMPARE(id->claims.value(QStringLiteral("aud")).toString(), QStringLiteral("enclii-console"));
        QCOMPARE(id->claims.value(QStringLiteral("iss")).toString(), m_base);
        const auto access = auth::parseJwt(t.value(QStringLiteral("access_token")).toString().toLatin1());
        for (const char *claim : {"sub", "email", "roles", "scope", "aud", "iss", "iat", "exp", "jti"})
            QVERIFY2(access->claims.contains(QLatin1String(claim)), claim);
        QCOMPARE(access->header.value(QStringLiteral("alg")).toString(), QStringLiteral("RS256"));
        QVERIFY(!access->header.value(QStringLiteral("kid")).toString().isEmpty());

        const auto me = httpRequest(m_base + QStringLiteral("/v1/me"), "GET", {}, {}, bearer(t.value(QStringLiteral("access_token")).toString())).json();
        QCOMPARE(me.value(QStringLiteral("email")).toString(), kAdmin);
        QCOMPARE(me.value(QStringLiteral("roles")).toArray(), QJsonArray{QStringLiteral("admin")});
        QVERIFY(me.value(QStringLiteral("permissions")).toArray().contains(QStringLiteral("users.manage")));
        const auto info = httpRequest(m_base + QStringLiteral("/oauth/userinfo"), "GET", {}, {}, bearer(t.value(QStringLiteral("access_token")).toString())).json();
        QCOMPARE(info.value(QStringLiteral("email")).toString(), kAdmin);
    }

    void refreshRotatesAndReuseRevokesTheFamily()
    {
        const QJsonObject t = test::signIn(m_base, kAdmin, kPassword);
        const QString first = t.value(QStringLiteral("refresh_token")).toString();
        const auto r1 = test::refresh(m_base, first);
        QCOMPARE(r1.status, 200);
        const QString second = r1.json().value(QStringLiteral("refresh_token")).toString();
        QVERIFY(!second.isEmpty() && second != first);
        // The first token again: someone holds a copy. Refused, and the whole family ends.
        const auto reused = test::refresh(m_base, first);
        QCOMPARE(reused.status, 400);
        QCOMPARE(reused.json().value(QStringLiteral("error")).toString(), QStringLiteral("invalid_grant"));
        const auto afterwards = test::refresh(m_base, second);
        QCOMPARE(afterwards.status, 400);
        QVERIFY(afterwards.json().value(QStringLiteral("error_description")).toString().contains(QStringLiteral("revoked")));
    }

    void revocationAndSignOut()
    {
        const QJsonObject t = test::signIn(m_base, kAdmin, kPassword);
        const QString access = t.value(QStringLiteral("access_token")).toString();
        QCOMPARE(httpRequest(m_base + QStringLiteral("/v1/me"), "GET", {}, {}, bearer(access)).status, 200);
        auto r = httpRequest(m_base + QStringLiteral("/oauth/revoke"), "POST",
                             test::formBody({{QStringLiteral("token"), access}, {QStringLiteral("client_id"), QStringLiteral("enclii-console")}}), "application/x-www-form-urlencoded");
        QCOMPARE(r.status, 200);
        QCOMPARE(httpRequest(m_base + QStringLiteral("/v1/me"), "GET", {}, {}, bearer(access)).status, 401);
        r = httpRequest(m_base + QStringLiteral("/oauth/revoke"), "POST",
                        test::formBody({{QStringLiteral("token"), t.value(QStringLiteral("refresh_token")).toString()},
                                        {QStringLiteral("token_type_hint"), QStringLiteral("refresh_token")},
                                        {QStringLiteral("client_id"), QStringLiteral("enclii-console")}}),
                        "application/x-www-form-urlencoded");
        QCOMPARE(r.status, 200);
        QCOMPARE(test::refresh(m_base, t.value(QStringLiteral("refresh_token")).toString()).status, 400);
        // An unknown token is answered the same way (RFC 7009 §2.2).
        QCOMPARE(httpRequest(m_base + QStringLiteral("/oauth/revoke"), "POST",
                             test::formBody({{QStringLiteral("token"), QStringLiteral("nope")}, {QStringLiteral("client_id"), QStringLiteral("enclii-console")}}),
                             "application/x-www-form-urlencoded").status, 200);
        // Revocation needs the client: without one, 401 invalid_client.
        QCOMPARE(httpRequest(m_base + QStringLiteral("/oauth/revoke"), "POST", test::formBody({{QStringLiteral("token"), QStringLiteral("nope")}}),
                             "application/x-www-form-urlencoded").status, 401);

        // End-session with an id_token_hint ends the user's sessions at that client.
        const QJsonObject t2 = test::signIn(m_base, kAdmin, kPassword);
        r = httpRequest(m_base + QStringLiteral("/oauth/logout?id_token_hint=") + t2.value(QStringLiteral("id_token")).toString()
                        + QStringLiteral("&post_logout_redirect_uri=http%3A%2F%2F127.0.0.1%3A9999%2Fcallback"));
        QCOMPARE(r.status, 302);
        QCOMPARE(r.header("Location"), QByteArray("http://127.0.0.1:9999/callback"));
        QCOMPARE(test::refresh(m_base, t2.value(QStringLiteral("refresh_token")).toString()).status, 400);
        // An unregistered destination is not followed: no open redirect.
        r = httpRequest(m_base + QStringLiteral("/oauth/logout?id_token_hint=") + t2.value(QStringLiteral("id_token")).toString()
                        + QStringLiteral("&post_logout_redirect_uri=https%3A%2F%2Fevil.example%2F"));
        QCOMPARE(r.status, 200);
    }

    // ---- every refused input ----------------------------------------------------------

    void refusedBearerTokens_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("expected");
        QTest::newRow("expired") << "expired" << "token expired";
        QTest::newRow("not yet valid") << "nbf" << "token is not valid yet";
        QTest::newRow("wrong issuer") << "issuer" << "token issuer is not";
        QTest::newRow("wrong audience") << "audience" << "token audience does not include enclii";
        QTest::newRow("unknown kid") << "kid" << "no published key has kid";
        QTest::newRow("tampered payload") << "tampered" << "signature";
        QTest::newRow("alg none") << "none" << "none";
        QTest::newRow("alg none, no signature") << "none-empty" << "empty signature";
        QTest::newRow("HS256 with the public key as secret") << "hs256" << "HS256";
        QTest::newRow("truncated") << "truncated" << "";
        QTest::newRow("64 KB token") << "huge" << "larger than 16384 bytes";
        QTest::newRow("not a JWT") << "garbage" << "three base64url parts";
        QTest::newRow("wrong scheme") << "basic" << "Bearer scheme";
        QTest::newRow("an ID token's shape (no client_id)") << "noclient" << "ID token";
    }
    void refusedBearerTokens()
    {
        QFETCH(QString, kind);
        QFETCH(QString, expected);
        const auto signing = daemonSigningKey();
        QVERIFY(signing.second.hasPrivateKey());
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        QJsonObject claims{{QStringLiteral("iss"), m_base}, {QStringLiteral("sub"), QStringLiteral("usr_x")},
                           {QStringLiteral("aud"), QStringLiteral("enclii")}, {QStringLiteral("iat"), double(now)},
                           {QStringLiteral("exp"), double(now + 300)}, {QStringLiteral("jti"), QStringLiteral("j1")},
                           {QStringLiteral("roles"), QJsonArray{QStringLiteral("admin")}}};
        QByteArray header = "Bearer ";
        QByteArray token;
        if (kind == QLatin1String("expired"))
            claims[QStringLiteral("exp")] = double(now - 3600);
        else if (kind == QLatin1String("nbf"))
            claims[QStringLiteral("nbf")] = double(now + 3600);
        else if (kind == QLatin1String("issuer"))
            claims[QStringLiteral("iss")] = QStringLiteral("https://evil.example");
        else if (kind == QLatin1String("audience"))
            claims[QStringLiteral("aud")] = QStringLiteral("someone-else");
        token = auth::signJwt(claims, signing.second, signing.first);
        if (kind == QLatin1String("kid")) {
            token = auth::signJwt(claims, *auth::RsaKey::generate(2048), QStringLiteral("made-up"));
        } else if (kind == QLatin1String("tampered")) {
            QList<QByteArray> parts = token.split('.');
            QJsonObject c = claims;
            c[QStringLiteral("sub")] = QStringLiteral("usr_somebody_else");
            parts[1] = test::base64Url(QJsonDocument(c).toJson(QJsonDocument::Compact));
            token = parts.join('.');
        } else if (kind == QLatin1String("none")) {
            token = test::base64Url(R"({"alg":"none","kid":")" + signing.first.toLatin1() + R"("})") + '.'
                    + test::base64Url(QJsonDocument(claims).toJson(QJsonDocument::Compact)) + ".c2ln";
        } else if (kind == QLatin1String("none-empty")) {
            token = test::base64Url(R"({"alg":"none"})") + '.' + test::base64Url(QJsonDocument(claims).toJson(QJsonDocument::Compact)) + '.';
        } else if (kind == QLatin1String("hs256")) {
            const QByteArray input = test::base64Url(R"({"alg":"HS256","kid":")" + signing.first.toLatin1() + R"("})") + '.'
                                     + test::base64Url(QJsonDocument(claims).toJson(QJsonDocument::Compact));
            const QByteArray mac = QMessageAuthenticationCode::hash(input, signing.second.toPublicPem(), QCryptographicHash::Sha256);
            token = input + '.' + test::base64Url(mac);
        } else if (kind == QLatin1String("truncated")) {
            token.chop(20);
        } else if (kind == QLatin1String("huge")) {
            token = QByteArray(64 * 1024, 'a');
        } else if (kind == QLatin1String("garbage")) {
            token = "not-a-token";
        } else if (kind == QLatin1String("basic")) {
            header = "Basic ";
            token = QByteArray("admin:secret").toBase64();
        }
        const auto before = auditCount();
        const auto r = httpRequest(m_base + QStringLiteral("/v1/services/dhanam-api"), "PUT", serviceDocument(QStringLiteral("dhanam.yaml"), "dhanam-api"),
                                   "application/yaml", {{"Authorization", header + token}});
        QCOMPARE(r.status, 401);
        QCOMPARE(r.contentType, QByteArray("application/problem+json"));
        QCOMPARE(r.json().value(QStringLiteral("code")).toString(), QStringLiteral("unauthorized"));
        QVERIFY2(r.json().value(QStringLiteral("detail")).toString().contains(expected), r.body.constData());
        QVERIFY(r.header("WWW-Authenticate").startsWith("Bearer realm=\"enclii\""));
        QCOMPARE(auditCount(), before); // nothing changed
    }

    void idTokenIsNotAnAccessToken()
    {
        const QJsonObject t = test::signIn(m_base, kAdmin, kPassword);
        const auto r = httpRequest(m_base + QStringLiteral("/v1/me"), "GET", {}, {}, bearer(t.value(QStringLiteral("id_token")).toString()));
        QCOMPARE(r.status, 401);
        // Refused for its audience (the client, not enclii) — and, were the two equal, for
        // being an ID token: it names no client_id and carries the sign-in's nonce.
        const QString detail = r.json().value(QStringLiteral("detail")).toString();
        QVERIFY2(detail.contains(QStringLiteral("audience")) || detail.contains(QStringLiteral("ID token")), qPrintable(detail));
    }

    void refusalReasonsNeverReachAHeader()
    {
        // A kid with CR/LF in it is quoted in the problem body, JSON-escaped, never in a header.
        const QByteArray evil = test::base64Url(R"({"alg":"RS256","kid":"x
Set-Cookie: owned=1"})") + '.' + test::base64Url(R"({"sub":"x"})") + ".c2ln";
        const auto r = httpRequest(m_base + QStringLiteral("/v1/me"), "GET", {}, {}, {{"Authorization", "Bearer " + evil}});
        QCOMPARE(r.status, 401);
        QVERIFY(r.header("Set-Cookie").isEmpty());
        QCOMPARE(r.header("WWW-Authenticate"), QByteArray("Bearer realm=\"enclii\", error=\"invalid_token\", error_description=\"the access token is not valid\""));
    }

    void missingTokenIs401()
    {
        const auto r = httpRequest(m_base + QStringLiteral("/v1/ecosystem"));
        QCOMPARE(r.status, 401);
        QVERIFY(r.json().value(QStringLiteral("detail")).toString().contains(QStringLiteral("sign in first")));
        QCOMPARE(r.header("WWW-Authenticate"), QByteArray("Bearer realm=\"enclii\""));
    }

    void refusedAuthorizationRequests()
    {
        // Unknown client / redirect mismatch / open redirect: an error page, never a redirect.
        const QString good = QStringLiteral("http://127.0.0.1:4000/callback");
        const QString challenge = QString::fromLatin1(test::Pkce().challenge());
        auto r = httpRequest(test::authorizeUrl(m_base, good, challenge, QStringLiteral("s"), QStringLiteral("n"), QStringLiteral("nobody")));
        QCOMPARE(r.status, 400);
        QVERIFY(r.header("Location").isEmpty());
        QVERIFY(r.body.contains("unknown client_id"));
        for (const QString &bad : {QStringLiteral("https://evil.example/callback"), QStringLiteral("http://127.0.0.1:4000/other"),
                                   QStringLiteral("http://localhost:4000/callback"), QStringLiteral("http://127.0.0.1.evil.example/callback"),
                                   QStringLiteral("http://user@127.0.0.1:4000/callback")}) {
            r = httpRequest(test::authorizeUrl(m_base, bad, challenge, QStringLiteral("s"), QStringLiteral("n")));
            QVERIFY2(r.status == 400 && r.header("Location").isEmpty(), qPrintable(bad));
            QVERIFY(r.body.contains("redirect_uri is not registered"));
        }
        // With a good redirect, protocol errors go back to the client with its state.
        r = httpRequest(test::authorizeUrl(m_base, good, QStringLiteral("short"), QStringLiteral("s1"), QStringLiteral("n")));
        QCOMPARE(r.status, 302);
        QUrlQuery back(QUrl(QString::fromLatin1(r.header("Location"))));
        QCOMPARE(back.queryItemValue(QStringLiteral("error")), QStringLiteral("invalid_request"));
        QCOMPARE(back.queryItemValue(QStringLiteral("state")), QStringLiteral("s1"));
        QCOMPARE(QUrl(QString::fromLatin1(r.header("Location"))).port(), 4000);
    }

    void csrfTokenMissingIs403()
    {
        const auto s = test::openSignInPage(m_base);
        const auto r = test::submitSignIn(m_base, s, kAdmin, kPassword, false);
        QCOMPARE(r.status, 403);
        QVERIFY(r.header("Location").isEmpty());
        QVERIFY(r.body.contains("anti-forgery check failed"));
        // A forged value in the form that does not match the cookie is refused the same way.
        auto forged = s;
        forged.csrf = "forged";
        QCOMPARE(test::submitSignIn(m_base, forged, kAdmin, kPassword).status, 403);
    }

    void wrongPkceVerifierAndCodeReuse()
    {
        const auto s = test::openSignInPage(m_base);
        const auto posted = test::submitSignIn(m_base, s, kAdmin, kPassword);
        const QString code = test::codeFrom(posted);
        auto r = test::exchangeCode(m_base, code, s.redirectUri, test::Pkce().verifier);
        QCOMPARE(r.status, 400);
        QCOMPARE(r.json().value(QStringLiteral("error")).toString(), QStringLiteral("invalid_grant"));
        QVERIFY(r.json().value(QStringLiteral("error_description")).toString().contains(QStringLiteral("code_verifier")));
        // The code was spent by that attempt: the right verifier no longer helps.
        r = test::exchangeCode(m_base, code, s.redirectUri, s.pkce.verifier);
        QCOMPARE(r.status, 400);
        QVERIFY(r.json().value(QStringLiteral("error_description")).toString().contains(QStringLiteral("already used")));

        // A clean code used twice: the second exchange fails and the first session ends.
        const auto s2 = test::openSignInPage(m_base);
        const QString code2 = test::codeFrom(test::submitSignIn(m_base, s2, kAdmin, kPassword));
        const auto first = test::exchangeCode(m_base, code2, s2.redirectUri, s2.pkce.verifier);
        QCOMPARE(first.status, 200);
        const auto second = test::exchangeCode(m_base, code2, s2.redirectUri, s2.pkce.verifier);
        QCOMPARE(second.status, 400);
        QCOMPARE(test::refresh(m_base, first.json().value(QStringLiteral("refresh_token")).toString()).status, 400);

        // redirect_uri at the token endpoint must be the one the code was issued for.
        const auto s3 = test::openSignInPage(m_base);
        const QString code3 = test::codeFrom(test::submitSignIn(m_base, s3, kAdmin, kPassword));
        QCOMPARE(test::exchangeCode(m_base, code3, QStringLiteral("http://127.0.0.1:1/callback"), s3.pkce.verifier).status, 400);
    }

    void wrongPasswordAndRateLimit()
    {
        createUser(QStringLiteral("limited@test.local"), {QStringLiteral("viewer:dhanam")});
        for (int i = 0; i < 5; ++i) {
            const auto s = test::openSignInPage(m_base);
            const auto r = test::submitSignIn(m_base, s, QStringLiteral("limited@test.local"), QStringLiteral("wrong password!"));
            QCOMPARE(r.status, 200); // the form again, with the reason
            QVERIFY(r.header("Location").isEmpty());
            QVERIFY(r.body.contains("The email or the password is wrong."));
        }
        const auto s = test::openSignInPage(m_base);
        const auto r = test::submitSignIn(m_base, s, QStringLiteral("limited@test.local"), kPassword);
        QCOMPARE(r.status, 429);
        QVERIFY(r.header("Retry-After").toInt() > 0);
    }

    // ---- the role matrix --------------------------------------------------------------

    void roleMatrix()
    {
        // role -> the permissions it must hold here (forgesight is the project of the
        // project roles; dhanam-developer shows that a project role stops at its project).
        const QStringList roles = {QStringLiteral("admin"), QStringLiteral("finance"), QStringLiteral("oncall"),
                                   QStringLiteral("owner:forgesight"), QStringLiteral("developer:forgesight"),
                                   QStringLiteral("viewer:forgesight"), QStringLiteral("developer:dhanam")};
        // route -> the roles allowed (any role at all: "*"; nobody needed: "public").
        const QMap<QString, QStringList> matrix = {
            {QStringLiteral("GET /healthz"), {QStringLiteral("public")}},
            {QStringLiteral("GET /readyz"), {QStringLiteral("public")}},
            {QStringLiteral("GET /metrics"), {QStringLiteral("public")}},
            {QStringLiteral("GET /v1"), {QStringLiteral("public")}},
            {QStringLiteral("GET /v1/auth/config"), {QStringLiteral("public")}},
            {QStringLiteral("GET /.well-known/openid-configuration"), {QStringLiteral("public")}},
            {QStringLiteral("GET /.well-known/jwks.json"), {QStringLiteral("public")}},
            {QStringLiteral("GET /oauth/authorize"), {QStringLiteral("public")}},
            {QStringLiteral("POST /oauth/authorize"), {QStringLiteral("public")}},
            {QStringLiteral("POST /oauth/token"), {QStringLiteral("public")}},
            {QStringLiteral("POST /oauth/revoke"), {QStringLiteral("public")}},
            {QStringLiteral("GET /oauth/logout"), {QStringLiteral("public")}},
            {QStringLiteral("GET /oauth/userinfo"), {QStringLiteral("*")}},
            {QStringLiteral("POST /oauth/userinfo"), {QStringLiteral("*")}},
            {QStringLiteral("GET /v1/me"), {QStringLiteral("*")}},
            {QStringLiteral("GET /v1/tokens"), {QStringLiteral("*")}},
            {QStringLiteral("POST /v1/tokens"), {QStringLiteral("*")}},
            {QStringLiteral("DELETE /v1/tokens/{id}"), {QStringLiteral("*")}},
            {QStringLiteral("GET /v1/ecosystem"), {QStringLiteral("*")}},
            {QStringLiteral("GET /v1/projects"), {QStringLiteral("*")}},
            {QStringLiteral("GET /v1/projects/{name}"), {QStringLiteral("*")}},
            {QStringLiteral("GET /v1/services"), {QStringLiteral("*")}},
            {QStringLiteral("GET /v1/services/{name}"), {QStringLiteral("*")}},
            {QStringLiteral("GET /v1/services/{name}/revisions"), {QStringLiteral("*")}},
            {QStringLiteral("GET /v1/services/{name}/revisions/{revision}"), {QStringLiteral("*")}},
            {QStringLiteral("GET /v1/services/{name}/diff"), {QStringLiteral("*")}},
            {QStringLiteral("PUT /v1/services/{name}"), {QStringLiteral("admin"), QStringLiteral("owner:forgesight"), QStringLiteral("developer:forgesight")}},
            {QStringLiteral("GET /v1/audit"), {QStringLiteral("admin"), QStringLiteral("finance"), QStringLiteral("oncall")}},
            {QStringLiteral("GET /v1/users"), {QStringLiteral("admin")}},
            {QStringLiteral("POST /v1/users"), {QStringLiteral("admin")}},
            {QStringLiteral("PUT /v1/users/{email}/roles"), {QStringLiteral("admin")}},
            {QStringLiteral("POST /v1/auth/keys/rotate"), {QStringLiteral("admin")}},
            // usage.write: admins (and services with the emitter role, tests/api/tst_usage.cpp).
            {QStringLiteral("POST /v1/usage/events"), {QStringLiteral("admin")}},
            {QStringLiteral("GET /v1/usage/events"), {QStringLiteral("admin"), QStringLiteral("finance"), QStringLiteral("oncall")}},
            // Roundhouse: the webhook's signature is its authentication (tests/api/tst_webhooks.cpp).
            {QStringLiteral("POST /v1/webhooks/github"), {QStringLiteral("public")}},
            {QStringLiteral("PUT /v1/repos/secret"), {QStringLiteral("admin")}},
            {QStringLiteral("POST /v1/services/{name}/builds"), {QStringLiteral("admin"), QStringLiteral("owner:forgesight"), QStringLiteral("developer:forgesight")}},
            {QStringLiteral("GET /v1/builds"), {QStringLiteral("*")}},
            {QStringLiteral("GET /v1/builds/{id}"), {QStringLiteral("*")}},
            {QStringLiteral("POST /v1/builds/{id}/cancel"), {QStringLiteral("admin")}},
            {QStringLiteral("POST /v1/builds/{id}/retry"), {QStringLiteral("admin")}},
            {QStringLiteral("GET /v1/builds/{id}/logs"), {QStringLiteral("*")}},
            {QStringLiteral("GET /v1/releases"), {QStringLiteral("*")}},
            {QStringLiteral("GET /v1/signing/public-key"), {QStringLiteral("public")}},
            // The event stream (tests/api/tst_events.cpp); asked here with a bad Last-Event-ID
            // so that a request the guard lets through ends at once with a 400.
            {QStringLiteral("GET /v1/events"), {QStringLiteral("*")}},
            // Waybill (tests/api/tst_waybill.cpp): billing.read to read, billing.write to change; the bodies
            // sent here are refused after the guard, so nothing changes.
            {QStringLiteral("GET /v1/waybill/rollups"), {QStringLiteral("admin"), QStringLiteral("finance"), QStringLiteral("oncall")}},
            {QStringLiteral("GET /v1/waybill/rollups/check"), {QStringLiteral("admin"), QStringLiteral("finance"), QStringLiteral("oncall")}},
            {QStringLiteral("GET /v1/waybill/projects/{project}/usage"), {QStringLiteral("admin"), QStringLiteral("finance"), QStringLiteral("oncall")}},
            {QStringLiteral("GET /v1/waybill/projects/{project}/preview"), {QStringLiteral("admin"), QStringLiteral("finance"), QStringLiteral("oncall")}},
            {QStringLiteral("GET /v1/waybill/projects/{project}/subscription"), {QStringLiteral("admin"), QStringLiteral("finance"), QStringLiteral("oncall")}},
            {QStringLiteral("GET /v1/waybill/projects/{project}/credits"), {QStringLiteral("admin"), QStringLiteral("finance"), QStringLiteral("oncall")}},
            {QStringLiteral("GET /v1/waybill/projects/{project}/budget"), {QStringLiteral("admin"), QStringLiteral("finance"), QStringLiteral("oncall")}},
            {QStringLiteral("GET /v1/waybill/budgets"), {QStringLiteral("admin"), QStringLiteral("finance"), QStringLiteral("oncall")}},
            {QStringLiteral("GET /v1/waybill/plans"), {QStringLiteral("admin"), QStringLiteral("finance"), QStringLiteral("oncall")}},
            {QStringLiteral("GET /v1/waybill/invoices"), {QStringLiteral("admin"), QStringLiteral("finance"), QStringLiteral("oncall")}},
            {QStringLiteral("GET /v1/waybill/invoices/{id}"), {QStringLiteral("admin"), QStringLiteral("finance"), QStringLiteral("oncall")}},
            {QStringLiteral("GET /v1/waybill/platform-cost"), {QStringLiteral("admin"), QStringLiteral("finance"), QStringLiteral("oncall")}},
            {QStringLiteral("PUT /v1/waybill/projects/{project}/subscription"), {QStringLiteral("admin"), QStringLiteral("finance")}},
            {QStringLiteral("POST /v1/waybill/projects/{project}/credits"), {QStringLiteral("admin"), QStringLiteral("finance")}},
            {QStringLiteral("PUT /v1/waybill/projects/{project}/budget"), {QStringLiteral("admin"), QStringLiteral("finance")}},
            {QStringLiteral("POST /v1/waybill/invoices"), {QStringLiteral("admin"), QStringLiteral("finance")}},
            {QStringLiteral("POST /v1/waybill/invoices/{id}/finalize"), {QStringLiteral("admin"), QStringLiteral("finance")}},
            {QStringLiteral("POST /v1/waybill/invoices/{id}/void"), {QStringLiteral("admin"), QStringLiteral("finance")}},
            {QStringLiteral("POST /v1/waybill/invoices/{id}/pay"), {QStringLiteral("admin"), QStringLiteral("finance")}},
            {QStringLiteral("POST /v1/waybill/invoices/{id}/uncollectible"), {QStringLiteral("admin"), QStringLiteral("finance")}},
            // Stripe's webhook: its signature is its authentication (503 here: Stripe is off).
            {QStringLiteral("POST /v1/webhooks/stripe"), {QStringLiteral("public")}},
            // The reconciler's view (tests/api/tst_deployments.cpp).
            {QStringLiteral("GET /v1/deployments"), {QStringLiteral("*")}},
            {QStringLiteral("GET /v1/deployments/{service}"), {QStringLiteral("*")}},
            {QStringLiteral("GET /v1/deployments/{service}/metrics"), {QStringLiteral("*")}},
            {QStringLiteral("GET /v1/drift"), {QStringLiteral("*")}},
            {QStringLiteral("GET /v1/cluster"), {QStringLiteral("*")}},
            // A deploy request names its release's project; an unknown one, none (then 404).
            {QStringLiteral("POST /v1/releases/{id}/deploy"), {QStringLiteral("admin")}},
            // The simulated cluster's releases (tests/api/tst_canary_daemon.cpp): the body's service
            // names the project; "{}" names none.
            {QStringLiteral("POST /v1/simulator/releases"), {QStringLiteral("admin")}},
            // Canary rollouts (tests/api/tst_canaryresources.cpp): canary.operate on the rollout's
            // project; an unknown rollout names none, so only platform-wide grants pass (then 404).
            {QStringLiteral("GET /v1/rollouts"), {QStringLiteral("*")}},
            {QStringLiteral("GET /v1/rollouts/{id}"), {QStringLiteral("*")}},
            {QStringLiteral("POST /v1/rollouts/{id}/promote"), {QStringLiteral("admin"), QStringLiteral("oncall")}},
            {QStringLiteral("POST /v1/rollouts/{id}/promote-full"), {QStringLiteral("admin"), QStringLiteral("oncall")}},
            {QStringLiteral("POST /v1/rollouts/{id}/pause"), {QStringLiteral("admin"), QStringLiteral("oncall")}},
            {QStringLiteral("POST /v1/rollouts/{id}/resume"), {QStringLiteral("admin"), QStringLiteral("oncall")}},
            {QStringLiteral("POST /v1/rollouts/{id}/abort"), {QStringLiteral("admin"), QStringLiteral("oncall")}},
            {QStringLiteral("POST /v1/rollouts/{id}/retry"), {QStringLiteral("admin"), QStringLiteral("oncall")}},
        };
        // Every route the daemon serves is in the table, and nothing else.
        QStringList served;
        for (const QString &line : m_daemon->routeTable())
            served << line.section(u' ', 0, 1);
        QStringList tableRoutes = matrix.keys();
        served.sort();
        tableRoutes.sort();
        QCOMPARE(served, tableRoutes);

        QHash<QString, QString> tokens;
        for (const QString &role : roles) {
            const QString email = role.section(u':', 0, 0) + u'.' + role.section(u':', 1, 1) + QStringLiteral("@matrix.test");
            createUser(email, {role});
            tokens.insert(role, test::signIn(m_base, email, kPassword).value(QStringLiteral("access_token")).toString());
            QVERIFY2(!tokens[role].isEmpty(), qPrintable(role));
        }
        const QByteArray forgesight = serviceDocument(QStringLiteral("forgesight.yaml"), "forgesight-api");
        QVERIFY(!forgesight.isEmpty());
        int checked = 0;
        for (auto it = matrix.begin(); it != matrix.end(); ++it) {
            const QByteArray method = it.key().section(u' ', 0, 0).toLatin1();
            QString path = it.key().section(u' ', 1);
            path.replace(QStringLiteral("{name}"), path.startsWith(QLatin1String("/v1/projects")) ? QStringLiteral("forgesight") : QStringLiteral("forgesight-api"));
            path.replace(QStringLiteral("{revision}"), QStringLiteral("1"));
            path.replace(QStringLiteral("{email}"), QStringLiteral("nobody%40matrix.test"));
            path.replace(QStringLiteral("{id}"), QStringLiteral("999999"));
            if (path.endsWith(QLatin1String("/diff")))
                path += QStringLiteral("?from=1");
            // Bodies that pass the guard without changing anything: the unchanged spec,
            // and invalid payloads that the handlers refuse after the guard.
            QByteArray body;
            QByteArray type = "application/json";
            if (method == "PUT" && path.startsWith(QLatin1String("/v1/services"))) {
                body = forgesight;
                type = "application/yaml";
            } else if (method == "POST" || method == "PUT") {
                body = "{}";
            }
            const QStringList allowedRoles = it.value();
            const bool isPublic = allowedRoles.contains(QStringLiteral("public"));
            if (it.key() == QLatin1String("POST /v1/auth/keys/rotate"))
                continue; // walked below: it changes the signing key
            for (const QString &role : roles) {
                const bool allowed = isPublic || allowedRoles.contains(QStringLiteral("*")) || allowedRoles.contains(role);
                auto headers = bearer(tokens[role]);
                if (path == QLatin1String("/v1/events"))
                    headers.append(qMakePair(QByteArray("Last-Event-ID"), QByteArray("not-a-number")));
                const auto r = httpRequest(m_base + path, method, body, type, headers);
                if (allowed)
                    QVERIFY2(r.status != 401 && r.status != 403, qPrintable(QStringLiteral("%1 as %2: %3 %4").arg(it.key(), role).arg(r.status).arg(QString::fromUtf8(r.body.left(300)))));
                else
                    QVERIFY2(r.status == 403, qPrintable(QStringLiteral("%1 as %2: %3, expected 403").arg(it.key(), role).arg(r.status)));
                ++checked;
            }
            // And without any token.
            const auto anon = httpRequest(m_base + path, method, body, type);
            if (isPublic)
                QVERIFY2(anon.status != 401 && anon.status != 403, qPrintable(it.key()));
            else
                QVERIFY2(anon.status == 401, qPrintable(QStringLiteral("%1 anonymous: %2").arg(it.key()).arg(anon.status)));
        }
        QVERIFY(checked > 150);

        // Project roles stop at their project: a dhanam developer cannot touch forgesight.
        const auto r = httpRequest(m_base + QStringLiteral("/v1/services/forgesight-api"), "PUT", forgesight, "application/yaml",
                                   bearer(tokens[QStringLiteral("developer:dhanam")]));
        QCOMPARE(r.status, 403);
        QVERIFY(r.json().value(QStringLiteral("detail")).toString().contains(QStringLiteral("specs.write on forgesight")));
        // Key rotation: only the admin; its old tokens keep working (the old key stays published).
        QCOMPARE(httpRequest(m_base + QStringLiteral("/v1/auth/keys/rotate"), "POST", {}, {}, bearer(tokens[QStringLiteral("oncall")])).status, 403);
        const QString oldToken = tokens[QStringLiteral("viewer:forgesight")];
        const auto rotated = httpRequest(m_base + QStringLiteral("/v1/auth/keys/rotate"), "POST", {}, {}, bearer(m_admin));
        QCOMPARE(rotated.status, 200);
        QCOMPARE(httpRequest(m_base + QStringLiteral("/.well-known/jwks.json")).json().value(QStringLiteral("keys")).toArray().size(), 2);
        QCOMPARE(httpRequest(m_base + QStringLiteral("/v1/ecosystem"), "GET", {}, {}, bearer(oldToken)).status, 200);
        const QString fresh = test::signIn(m_base, kAdmin, kPassword).value(QStringLiteral("access_token")).toString();
        QCOMPARE(auth::parseJwt(fresh.toLatin1())->header.value(QStringLiteral("kid")).toString(),
                 rotated.json().value(QStringLiteral("kid")).toString());
        m_admin = fresh;
    }

    // ---- API tokens -------------------------------------------------------------------

    void apiTokensAreScopedAndRevocable()
    {
        auto r = httpRequest(m_base + QStringLiteral("/v1/tokens"), "POST",
                             R"({"name":"ci-read","scopes":["catalog.read"],"expiresInDays":7})", "application/json", bearer(m_admin));
        QCOMPARE(r.status, 201);
        const QString token = r.json().value(QStringLiteral("token")).toString();
        const int id = r.json().value(QStringLiteral("id")).toInt();
        QVERIFY(token.startsWith(QStringLiteral("enclii_pat_")));
        // Listed without the secret.
        r = httpRequest(m_base + QStringLiteral("/v1/tokens"), "GET", {}, {}, bearer(m_admin));
        QVERIFY(!r.body.contains(token.toLatin1()));
        QVERIFY(r.body.contains("ci-read"));
        // Works for what its scope allows, and only that, even though its user is an admin.
        QCOMPARE(httpRequest(m_base + QStringLiteral("/v1/ecosystem"), "GET", {}, {}, bearer(token)).status, 200);
        r = httpRequest(m_base + QStringLiteral("/v1/services/forgesight-api"), "PUT", serviceDocument(QStringLiteral("forgesight.yaml"), "forgesight-api"),
                        "application/yaml", bearer(token));
        QCOMPARE(r.status, 403);
        QVERIFY(r.json().value(QStringLiteral("detail")).toString().contains(QStringLiteral("token scopes (catalog.read)")));
        // An API token cannot mint more tokens.
        QCOMPARE(httpRequest(m_base + QStringLiteral("/v1/tokens"), "POST", R"({"name":"x","scopes":["catalog.read"]})", "application/json",
                             bearer(token)).status, 403);
        // Bad requests say what is wrong.
        r = httpRequest(m_base + QStringLiteral("/v1/tokens"), "POST", R"({"name":"x","scopes":["everything"]})", "application/json", bearer(m_admin));
        QCOMPARE(r.status, 422);
        // Revoked: refused at once.
        QCOMPARE(httpRequest(m_base + QStringLiteral("/v1/tokens/%1").arg(id), "DELETE", {}, {}, bearer(m_admin)).status, 204);
        r = httpRequest(m_base + QStringLiteral("/v1/ecosystem"), "GET", {}, {}, bearer(token));
        QCOMPARE(r.status, 401);
        QVERIFY(r.json().value(QStringLiteral("detail")).toString().contains(QStringLiteral("revoked")));
    }

    void clientCredentialsForServices()
    {
        // A confidential client (a service such as a CI runner), registered by the operator.
        const QString secret = QStringLiteral("s3cret-for-the-ci-runner-0123456789");
        const QString hash = QString::fromLatin1(QCryptographicHash::hash(secret.toUtf8(), QCryptographicHash::Sha256).toHex());
        bool ok = false;
        m_pg.query(QStringLiteral("INSERT INTO oauth_clients (client_id, name, secret_hash, grant_types, roles) VALUES "
                                  "('ci-runner', 'CI runner', '%1', '{client_credentials}', '{viewer:forgesight}')").arg(hash), &ok);
        QVERIFY(ok);
        const QByteArray basic = "Basic " + QByteArray("ci-runner:" + secret.toLatin1()).toBase64();
        auto r = httpRequest(m_base + QStringLiteral("/oauth/token"), "POST", "grant_type=client_credentials",
                             "application/x-www-form-urlencoded", {{"Authorization", basic}});
        QCOMPARE(r.status, 200);
        const QString token = r.json().value(QStringLiteral("access_token")).toString();
        QVERIFY(!r.json().contains(QStringLiteral("refresh_token")));
        const auto me = httpRequest(m_base + QStringLiteral("/v1/me"), "GET", {}, {}, bearer(token)).json();
        QCOMPARE(me.value(QStringLiteral("subject")).toString(), QStringLiteral("client:ci-runner"));
        QCOMPARE(me.value(QStringLiteral("roles")).toArray(), QJsonArray{QStringLiteral("viewer:forgesight")});
        QCOMPARE(httpRequest(m_base + QStringLiteral("/v1/ecosystem"), "GET", {}, {}, bearer(token)).status, 200);
        QCOMPARE(httpRequest(m_base + QStringLiteral("/v1/services/forgesight-api"), "PUT", serviceDocument(QStringLiteral("forgesight.yaml"), "forgesight-api"),
                             "application/yaml", bearer(token)).status, 403);
        // A wrong secret, and a public client asking for client credentials, are refused.
        r = httpRequest(m_base + QStringLiteral("/oauth/token"), "POST", "grant_type=client_credentials", "application/x-www-form-urlencoded",
                        {{"Authorization", "Basic " + QByteArray("ci-runner:wrong").toBase64()}});
        QCOMPARE(r.status, 401);
        QCOMPARE(r.json().value(QStringLiteral("error")).toString(), QStringLiteral("invalid_client"));
        r = httpRequest(m_base + QStringLiteral("/oauth/token"), "POST", "grant_type=client_credentials&client_id=enclii-console",
                        "application/x-www-form-urlencoded");
        QCOMPARE(r.status, 400);
        QCOMPARE(r.json().value(QStringLiteral("error")).toString(), QStringLiteral("unauthorized_client"));
    }

    void expiredApiTokenIsRefused()
    {
        const auto r = httpRequest(m_base + QStringLiteral("/v1/tokens"), "POST", R"({"name":"short","scopes":["catalog.read"],"expiresInDays":1})",
                                   "application/json", bearer(m_admin));
        const QString token = r.json().value(QStringLiteral("token")).toString();
        QCOMPARE(httpRequest(m_base + QStringLiteral("/v1/ecosystem"), "GET", {}, {}, bearer(token)).status, 200);
        bool ok = false;
        m_pg.query(QStringLiteral("UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = %1")
                       .arg(r.json().value(QStringLiteral("id")).toInt()), &ok);
        QVERIFY(ok);
        const auto refused = httpRequest(m_base + QStringLiteral("/v1/ecosystem"), "GET", {}, {}, bearer(token));
        QCOMPARE(refused.status, 401);
        QVERIFY(refused.json().value(QStringLiteral("detail")).toString().contains(QStringLiteral("expired")));
        // Tokens are stored hashed: the database never holds the token itself.
        QVERIFY(!m_pg.query(QStringLiteral("SELECT token_hash || prefix FROM api_tokens"), &ok).contains(token));
    }

    void usersAndAudit()
    {
        auto r = httpRequest(m_base + QStringLiteral("/v1/users"), "POST",
                             R"({"email":"Dev@Test.local","name":"Dev","password":"long enough password","roles":["developer:forj"]})",
                             "application/json", bearer(m_admin));
        QCOMPARE(r.status, 201);
        QCOMPARE(r.json().value(QStringLiteral("email")).toString(), QStringLiteral("dev@test.local"));
        QVERIFY(!r.body.contains("password"));
        r = httpRequest(m_base + QStringLiteral("/v1/users"), "POST", R"({"email":"x@test.local","password":"long enough password","roles":["developer"]})",
                        "application/json", bearer(m_admin));
        QCOMPARE(r.status, 422);
        QVERIFY(r.json().value(QStringLiteral("detail")).toString().contains(QStringLiteral("developer needs a project")));
        r = httpRequest(m_base + QStringLiteral("/v1/users/dev%40test.local/roles"), "PUT", R"({"roles":["viewer:forj","oncall"]})",
                        "application/json", bearer(m_admin));
        QCOMPARE(r.status, 200);
        const auto audit = httpRequest(m_base + QStringLiteral("/v1/audit?target=user/dev@test.local"), "GET", {}, {}, bearer(m_admin)).json();
        const QJsonArray items = audit.value(QStringLiteral("items")).toArray();
        QCOMPARE(items.size(), 2);
        QCOMPARE(items[0].toObject().value(QStringLiteral("action")).toString(), QStringLiteral("user.roles"));
        QCOMPARE(items[0].toObject().value(QStringLiteral("actor")).toString(), kAdmin);
        QCOMPARE(items[1].toObject().value(QStringLiteral("action")).toString(), QStringLiteral("user.create"));
    }

private:
    // The daemon's signing key, unsealed with the master key this test gave it: lets the
    // test mint tokens that are correctly signed but wrong in every other way.
    QPair<QString, auth::RsaKey> daemonSigningKey()
    {
        bool ok = false;
        const QString row = m_pg.query(QStringLiteral("SELECT kid || ' ' || encode(private_sealed, 'base64') FROM signing_keys"
                                                      " WHERE retire_after IS NULL ORDER BY created_at DESC LIMIT 1"), &ok).trimmed();
        const QString kid = row.section(u' ', 0, 0);
        const QByteArray sealed = QByteArray::fromBase64(row.section(u' ', 1).remove(u'\n').toLatin1());
        const auto box = auth::SecretBox::fromKey(kMasterKey);
        const auto pem = box->open(sealed, "enclii signing key " + kid.toUtf8());
        if (!pem)
            return {};
        return {kid, *auth::RsaKey::fromPrivatePem(*pem)};
    }

    int auditCount()
    {
        bool ok = false;
        return m_pg.query(QStringLiteral("SELECT count(*) FROM audit_log"), &ok).trimmed().toInt();
    }

    void createUser(const QString &email, const QStringList &roles)
    {
        const QJsonObject body{{QStringLiteral("email"), email}, {QStringLiteral("password"), kPassword},
                               {QStringLiteral("name"), email}, {QStringLiteral("roles"), QJsonArray::fromStringList(roles)}};
        const auto r = httpRequest(m_base + QStringLiteral("/v1/users"), "POST", QJsonDocument(body).toJson(), "application/json", bearer(m_admin));
        QVERIFY2(r.status == 201, r.body.constData());
    }

    test::TestPostgres m_pg{QStringLiteral("identity")};
    test::DaemonFixture m_fixture;
    daemon::Daemon *m_daemon = nullptr;
    QString m_base;
    QString m_admin;
};

QTEST_GUILESS_MAIN(TestIdentity)
#include "tst_identity.moc"
