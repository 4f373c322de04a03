#pragma once

// Signs in to the built-in provider the way a person would through a browser: the test
// plays both the application (PKCE, state, nonce, the token request) and the person
// (loading the sign-in page, posting the form with its anti-forgery token).

#include "HttpClient.h"

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QUrlQuery>

namespace enclii::test {

inline QByteArray base64Url(const QByteArray &raw)
{
    return raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

struct Pkce
{
    QByteArray verifier = base64Url(QByteArray::number(QRandomGenerator::global()->generate64()).repeated(4)).left(64);
    QByteArray challenge() const { return base64Url(QCryptographicHash::hash(verifier, QCryptographicHash::Sha256)); }
};

struct AuthorizeStep
{
    HttpResult form;     // the sign-in page
    QByteArray csrf;     // from the page's hidden field
    QByteArray cookie;   // enclii_csrf=...
    QString state;
    QString nonce;
    QString redirectUri;
    Pkce pkce;
};

inline QString authorizeUrl(const QString &base, const QString &redirectUri, const QString &challenge, const QString &state,
                            const QString &nonce, const QString &clientId = QStringLiteral("enclii-console"),
                            const QString &scope = QStringLiteral("openid profile email offline_access"))
{
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("response_type"), QStringLiteral("code"));
    q.addQueryItem(QStringLiteral("client_id"), clientId);
    q.addQueryItem(QStringLiteral("redirect_uri"), QString::fromLatin1(QUrl::toPercentEncoding(redirectUri)));
    q.addQueryItem(QStringLiteral("scope"), QString::fromLatin1(QUrl::toPercentEncoding(scope)));
    q.addQueryItem(QStringLiteral("state"), state);
    q.addQueryItem(QStringLiteral("nonce"), nonce);
    q.addQueryItem(QStringLiteral("code_challenge"), challenge);
    q.addQueryItem(QStringLiteral("code_challenge_method"), QStringLiteral("S256"));
    return base + QStringLiteral("/oauth/authorize?") + q.toString(QUrl::FullyEncoded);
}

inline AuthorizeStep openSignInPage(const QString &base, const QString &redirectUri = QStringLiteral("http://127.0.0.1:53682/callback"))
{
    AuthorizeStep s;
    s.state = QString::fromLatin1(base64Url(QByteArray::number(QRandomGenerator::global()->generate64())));
    s.nonce = QString::fromLatin1(base64Url(QByteArray::number(QRandomGenerator::global()->generate64())));
    s.redirectUri = redirectUri;
    s.form = httpRequest(authorizeUrl(base, redirectUri, QString::fromLatin1(s.pkce.challenge()), s.state, s.nonce));
    static const QRegularExpression field(QStringLiteral("name=\"csrf_token\" value=\"([^\"]+)\""));
    const auto m = field.match(QString::fromUtf8(s.form.body));
    s.csrf = m.captured(1).toLatin1();
    const QByteArray setCookie = s.form.header("Set-Cookie");
    s.cookie = setCookie.left(setCookie.indexOf(';'));
    return s;
}

inline QByteArray formBody(const QList<QPair<QString, QString>> &fields)
{
    QByteArray out;
    for (const auto &[k, v] : fields) {
        if (!out.isEmpty())
            out += '&';
        out += QUrl::toPercentEncoding(k) + '=' + QUrl::toPercentEncoding(v);
    }
    return out;
}

// Posts the sign-in form; a 302 carries the code in its Location.
inline HttpResult submitSignIn(const QString &base, const AuthorizeStep &s, const QString &email, const QString &password,
                               bool withCsrf = true)
{
    QList<QPair<QString, QString>> f = {
        {QStringLiteral("client_id"), QStringLiteral("enclii-console")}, {QStringLiteral("redirect_uri"), s.redirectUri},
        {QStringLiteral("response_type"), QStringLiteral("code")}, {QStringLiteral("scope"), QStringLiteral("openid profile email offline_access")},
        {QStringLiteral("state"), s.state}, {QStringLiteral("nonce"), s.nonce},
        {QStringLiteral("code_challenge"), QString::fromLatin1(s.pkce.challenge())}, {QStringLiteral("code_challenge_method"), QStringLiteral("S256")},
        {QStringLiteral("email"), email}, {QStringLiteral("password"), password}};
    if (withCsrf)
        f << qMakePair(QStringLiteral("csrf_token"), QString::fromLatin1(s.csrf));
    return httpRequest(base + QStringLiteral("/oauth/authorize"), "POST", formBody(f), "application/x-www-form-urlencoded",
                       withCsrf ? QList<QPair<QByteArray, QByteArray>>{{"Cookie", s.cookie}} : QList<QPair<QByteArray, QByteArray>>{});
}

inline QString codeFrom(const HttpResult &redirect)
{
    return QUrlQuery(QUrl(QString::fromLatin1(redirect.header("Location")))).queryItemValue(QStringLiteral("code"), QUrl::FullyDecoded);
}

inline HttpResult exchangeCode(const QString &base, const QString &code, const QString &redirectUri, const QByteArray &verifier)
{
    return httpRequest(base + QStringLiteral("/oauth/token"), "POST",
                       formBody({{QStringLiteral("grant_type"), QStringLiteral("authorization_code")}, {QStringLiteral("code"), code},
                                 {QStringLiteral("redirect_uri"), redirectUri}, {QStringLiteral("client_id"), QStringLiteral("enclii-console")},
                                 {QStringLiteral("code_verifier"), QString::fromLatin1(verifier)}}),
                       "application/x-www-form-urlencoded");
}

inline HttpResult refresh(const QString &base, const QString &refreshToken)
{
    return httpRequest(base + QStringLiteral("/oauth/token"), "POST",
                       formBody({{QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
                                 {QStringLiteral("refresh_token"), refreshToken}, {QStringLiteral("client_id"), QStringLiteral("enclii-console")}}),
                       "application/x-www-form-urlencoded");
}

// The whole flow; returns the token response (access_token, refresh_token, id_token).
inline QJsonObject signIn(const QString &base, const QString &email, const QString &password)
{
    const AuthorizeStep s = openSignInPage(base);
    const HttpResult posted = submitSignIn(base, s, email, password);
    if (posted.status != 302)
        return {};
    return exchangeCode(base, codeFrom(posted), s.redirectUri, s.pkce.verifier).json();
}

inline QList<QPair<QByteArray, QByteArray>> bearer(const QString &token)
{
    return {{"Authorization", "Bearer " + token.toLatin1()}};
}

} // namespace enclii::test
