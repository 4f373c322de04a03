#pragma once

#include "core/Principal.h"

#include <QByteArrayView>
#include <QString>

#include <optional>

namespace enclii::auth {

class KeySource;

// Validates bearer JWTs: RS256 only (alg none, HS*, and anything else refused by name), a
// kid found in the key source, the signature, then iss, aud, exp and nbf with a small
// leeway. Pure apart from the key lookup, so it is cheap to call on every request.
class TokenValidator
{
public:
    // requireClientId: our own access tokens always name their client; ID tokens never do,
    // so requiring it keeps an ID token from passing as an access token.
    TokenValidator(KeySource &keys, QString issuer, QString audience, int leewaySeconds = 60, bool requireClientId = false);

    struct Result
    {
        std::optional<core::Principal> principal;
        QString error; // why the token is refused, for the 401's error_description
        qint64 expiresAt = 0;
    };
    Result validate(QByteArrayView token, qint64 nowSeconds = 0) const;

    const QString &issuer() const { return m_issuer; }
    const QString &audience() const { return m_audience; }

private:
    KeySource &m_keys;
    QString m_issuer;
    QString m_audience;
    int m_leeway;
    bool m_requireClientId;
};

} // namespace enclii::auth
