#include "TokenValidator.h"

#include "KeyRing.h"
#include "auth/crypto/Jose.h"

#include <QDateTime>
#include <QJsonArray>

namespace enclii::auth {

TokenValidator::TokenValidator(KeySource &keys, QString issuer, QString audience, int leewaySeconds, bool requireClientId)
    : m_keys(keys), m_issuer(std::move(issuer)), m_audience(std::move(audience)), m_leeway(leewaySeconds), m_requireClientId(requireClientId)
{
}

TokenValidator::Result TokenValidator::validate(QByteArrayView token, qint64 now) const
{
    Result r;
    if (now == 0)
        now = QDateTime::currentSecsSinceEpoch();
    QString why;
    const auto jwt = parseJwt(token, &why);
    if (!jwt) {
        r.error = why;
        return r;
    }
    const QString kid = jwt->header.value(QStringLiteral("kid")).toString();
    if (kid.isEmpty()) {
        r.error = QStringLiteral("token header has no kid");
        return r;
    }
    // The alg check comes first inside verifyJwtSignature; look the key up only for RS256.
    if (jwt->header.value(QStringLiteral("alg")).toString() != QLatin1String("RS256")) {
        verifyJwtSignature(*jwt, {}, &why);
        r.error = why;
        return r;
    }
    const auto key = m_keys.publicKey(kid, &why);
    if (!key) {
        r.error = why;
        return r;
    }
    if (!verifyJwtSignature(*jwt, *key, &why)) {
        r.error = why;
        return r;
    }

    const QJsonObject &c = jwt->claims;
    if (c.value(QStringLiteral("iss")).toString() != m_issuer) {
        r.error = QStringLiteral("token issuer is not %1").arg(m_issuer);
        return r;
    }
    const QJsonValue aud = c.value(QStringLiteral("aud"));
    const bool audienceOk = aud.isString() ? aud.toString() == m_audience
                                           : aud.isArray() && aud.toArray().contains(QJsonValue(m_audience));
    if (!audienceOk) {
        r.error = QStringLiteral("token audience does not include %1").arg(m_audience);
        return r;
    }
    const QJsonValue exp = c.value(QStringLiteral("exp"));
    if (!exp.isDouble()) {
        r.error = QStringLiteral("token has no exp");
        return r;
    }
    if (now > qint64(exp.toDouble()) + m_leeway) {
        r.error = QStringLiteral("token expired");
        return r;
    }
    const QJsonValue nbf = c.value(QStringLiteral("nbf"));
    if (nbf.isDouble() && now + m_leeway < qint64(nbf.toDouble())) {
        r.error = QStringLiteral("token is not valid yet");
        return r;
    }
    const QJsonValue iat = c.value(QStringLiteral("iat"));
    if (iat.isDouble() && now + m_leeway < qint64(iat.toDouble())) {
        r.error = QStringLiteral("token was issued in the future");
        return r;
    }
    // An ID token (it carries the sign-in's nonce, or names no client) is not an access token.
    if (c.contains(QStringLiteral("nonce")) || (m_requireClientId && c.value(QStringLiteral("client_id")).toString().isEmpty())) {
        r.error = QStringLiteral("this is an ID token, not an access token");
        return r;
    }
    const QString sub = c.value(QStringLiteral("sub")).toString();
    if (sub.isEmpty()) {
        r.error = QStringLiteral("token has no subject");
        return r;
    }
    core::Principal p;
    p.subject = sub;
    p.email = c.value(QStringLiteral("email")).toString();
    p.name = c.value(QStringLiteral("name")).toString();
    for (const auto &role : c.value(QStringLiteral("roles")).toArray())
        p.grants << core::RoleGrant::fromString(role.toString());
    p.via = QStringLiteral("jwt");
    p.tokenId = c.value(QStringLiteral("jti")).toString();
    p.clientId = c.value(QStringLiteral("client_id")).toString();
    r.principal = p;
    r.expiresAt = qint64(exp.toDouble());
    return r;
}

} // namespace enclii::auth
