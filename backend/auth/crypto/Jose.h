#pragma once

#include "auth/crypto/RsaKey.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace enclii::auth {

// Compact JWS (RFC 7515 §7.1) for JWTs (RFC 7519), RS256 only.
//
// Validation is split in two so the caller can pick the key by the header's kid between
// the steps: parseJwt (shape only, nothing trusted yet) -> choose key ->
// verifyJwtSignature. Claim checks (iss, aud, exp, nbf) belong to the caller and only
// make sense after the signature verified.

// Tokens above this size are refused before any decoding. Ours are well under 2 KiB;
// the limit bounds the work an unauthenticated request can cause.
inline constexpr qsizetype MaxJwtSize = 16384;

struct ParsedJwt
{
    QJsonObject header;
    QJsonObject claims;
    QByteArray signingInput; // the ASCII "<header b64>.<payload b64>" the signature covers
    QByteArray signature;    // raw bytes
};

// header {"alg":"RS256","kid":kid,"typ":"JWT"} (kid omitted when empty). Empty when the
// key has no private half.
QByteArray signJwt(const QJsonObject &claims, const RsaKey &key, const QString &kid);

// Checks shape only: at most MaxJwtSize bytes, no whitespace, exactly three non-empty
// base64url parts separated by dots, header and claims JSON objects. Says what is wrong.
std::optional<ParsedJwt> parseJwt(QByteArrayView token, QString *error = nullptr);

// Accepts only alg "RS256" and a signature by publicKey. "none", HS*, other RSA/EC/PSS
// algorithms and a missing alg are refused by name, before any cryptography: this
// library has no HMAC path at all, which is what makes the alg:none and "RSA public key
// used as HMAC secret" confusions impossible rather than merely checked. A header with
// "crit" is refused too: we implement no extensions (RFC 7515 §4.1.11).
bool verifyJwtSignature(const ParsedJwt &jwt, const RsaKey &publicKey, QString *error = nullptr);

} // namespace enclii::auth
