#pragma once

#include "core/Principal.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QMutex>
#include <QSet>
#include <QString>

#include <optional>

namespace enclii::store {
class IdentityRepository;
}

namespace enclii::auth {

class TokenValidator;

// Turns an Authorization header into a Principal: a JWT (from our provider or the external
// issuer), or an API token ("enclii_pat_..."). Revoked access tokens and revoked or expired
// API tokens are refused.
class Authenticator
{
public:
    // repo may be null with an external issuer that has no local users; API tokens are
    // then unavailable.
    Authenticator(TokenValidator &validator, store::IdentityRepository *repo);

    struct Outcome
    {
        std::optional<core::Principal> principal;
        bool presented = false; // a credential was sent at all
        QString error;          // why it was refused
    };
    Outcome authenticate(const QByteArray &authorizationHeader);
    // This replica revoked jti: refuse it from now on, without waiting for the next refresh.
    void noteRevoked(const QString &jti);

    static constexpr const char *kApiTokenPrefix = "enclii_pat_";

    // How stale the revoked-token list may be: a token revoked through another replica is
    // refused everywhere within this time (at once on the replica that revoked it).
    static constexpr int kRevocationRefreshMs = 2000;

private:
    bool isRevoked(const QString &jti);

    TokenValidator &m_validator;
    store::IdentityRepository *m_repo;
    QMutex m_mutex;
    QSet<QString> m_revoked;
    QElapsedTimer m_revokedLoaded;
};

} // namespace enclii::auth
