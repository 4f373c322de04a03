#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <optional>

namespace enclii::auth {

// base64url without padding, the encoding JOSE uses everywhere (RFC 7515 §2, RFC 4648 §5).
QByteArray base64UrlEncode(QByteArrayView data);

// Strict inverse of base64UrlEncode: rejects '=' padding, characters outside [A-Za-z0-9_-]
// (including whitespace and the '+' '/' of plain base64), a length of 4k+1 (no byte string
// encodes to that) and non-zero unused trailing bits. The last rule makes the encoding
// canonical, so a signed token has exactly one spelling and cannot be re-encoded by an
// attacker into a different string that still verifies.
std::optional<QByteArray> base64UrlDecode(QByteArrayView text, QString *error = nullptr);

} // namespace enclii::auth
