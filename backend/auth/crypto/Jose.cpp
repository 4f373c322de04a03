#include "auth/crypto/Jose.h"

#include "auth/crypto/Base64Url.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace enclii::auth {

namespace {

void fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
}

std::optional<QJsonObject> decodeObject(QByteArrayView part, const char *what, QString *error)
{
    QString why;
    const auto json = base64UrlDecode(part, &why);
    if (!json) {
        fail(error, QStringLiteral("%1 is not valid base64url: %2").arg(QLatin1String(what), why));
        return std::nullopt;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(*json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        fail(error, QStringLiteral("%1 is not a JSON object").arg(QLatin1String(what)));
        return std::nullopt;
    }
    return doc.object();
}

bool isJwsWhitespace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

} // namespace

QByteArray signJwt(const QJsonObject &claims, const RsaKey &key, const QString &kid)
{
    if (!key.hasPrivateKey())
        return {};
    QJsonObject header{{QStringLiteral("alg"), QStringLiteral("RS256")}, {QStringLiteral("typ"), QStringLiteral("JWT")}};
    if (!kid.isEmpty())
        header.insert(QStringLiteral("kid"), kid);
    QByteArray token = base64UrlEncode(QJsonDocument(header).toJson(QJsonDocument::Compact));
    token += '.';
    token += base64UrlEncode(QJsonDocument(claims).toJson(QJsonDocument::Compact));
    const QByteArray signature = key.signRs256(token);
    if (signature.isEmpty())
        return {};
    token += '.';
    token += base64UrlEncode(signature);
    return token;
}

std::optional<ParsedJwt> parseJwt(QByteArrayView token, QString *error)
{
    // Size first: nothing below may run on an oversized input.
    if (token.size() > MaxJwtSize) {
        fail(error, QStringLiteral("token is larger than %1 bytes").arg(MaxJwtSize));
        return std::nullopt;
    }
    if (token.isEmpty()) {
        fail(error, QStringLiteral("token is empty"));
        return std::nullopt;
    }
    for (const char c : token) {
        if (isJwsWhitespace(c)) {
            fail(error, QStringLiteral("token contains whitespace"));
            return std::nullopt;
        }
    }
    const qsizetype dot1 = token.indexOf('.');
    const qsizetype dot2 = dot1 < 0 ? -1 : token.indexOf('.', dot1 + 1);
    if (dot1 < 0 || dot2 < 0 || token.indexOf('.', dot2 + 1) >= 0) {
        fail(error, QStringLiteral("token is not three base64url parts separated by dots"));
        return std::nullopt;
    }
    if (dot2 == token.size() - 1) {
        // Unsecured JWS (alg "none") has an empty third part; we never accept one.
        fail(error, QStringLiteral("token has an empty signature"));
        return std::nullopt;
    }

    ParsedJwt jwt;
    auto header = decodeObject(token.first(dot1), "header", error);
    if (!header)
        return std::nullopt;
    auto claims = decodeObject(token.sliced(dot1 + 1, dot2 - dot1 - 1), "payload", error);
    if (!claims)
        return std::nullopt;
    QString why;
    auto signature = base64UrlDecode(token.sliced(dot2 + 1), &why);
    if (!signature) {
        fail(error, QStringLiteral("signature is not valid base64url: %1").arg(why));
        return std::nullopt;
    }
    jwt.header = std::move(*header);
    jwt.claims = std::move(*claims);
    jwt.signingInput = token.first(dot2).toByteArray();
    jwt.signature = std::move(*signature);
    return jwt;
}

bool verifyJwtSignature(const ParsedJwt &jwt, const RsaKey &publicKey, QString *error)
{
    const QJsonValue alg = jwt.header.value(QLatin1String("alg"));
    if (alg.isUndefined()) {
        fail(error, QStringLiteral("header has no alg"));
        return false;
    }
    if (!alg.isString()) {
        fail(error, QStringLiteral("header alg is not a string"));
        return false;
    }
    const QString name = alg.toString();
    if (name != QLatin1String("RS256")) {
        if (name.compare(QLatin1String("none"), Qt::CaseInsensitive) == 0)
            fail(error, QStringLiteral("alg \"%1\" refused: unsigned tokens are never accepted").arg(name));
        else if (name.startsWith(QLatin1String("HS"), Qt::CaseInsensitive))
            fail(error, QStringLiteral("alg \"%1\" refused: HMAC is not accepted, only RS256").arg(name));
        else
            fail(error, QStringLiteral("alg \"%1\" refused: only RS256 is accepted").arg(name));
        return false;
    }
    if (jwt.header.contains(QLatin1String("crit"))) {
        fail(error, QStringLiteral("header has \"crit\" extensions, which are not supported"));
        return false;
    }
    if (publicKey.isNull()) {
        fail(error, QStringLiteral("no key to verify with"));
        return false;
    }
    if (jwt.signature.size() != publicKey.signatureSize()) {
        fail(error, QStringLiteral("signature has %1 bytes; this key's signatures have %2")
                        .arg(jwt.signature.size()).arg(publicKey.signatureSize()));
        return false;
    }
    if (!publicKey.verifyRs256(jwt.signingInput, jwt.signature)) {
        fail(error, QStringLiteral("signature does not verify"));
        return false;
    }
    return true;
}

} // namespace enclii::auth
