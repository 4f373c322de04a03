#include "Authenticator.h"

#include "TokenValidator.h"
#include "auth/crypto/PasswordHash.h"
#include "store/IdentityRepository.h"

namespace enclii::auth {

Authenticator::Authenticator(TokenValidator &validator, store::IdentityRepository *repo) : m_validator(validator), m_repo(repo) {}

Authenticator::Outcome Authenticator::authenticate(const QByteArray &header)
{
    Outcome out;
    if (header.isEmpty())
        return out;
    out.presented = true;
    if (!header.startsWith("Bearer ")) {
        out.error = QStringLiteral("use the Bearer scheme: Authorization: Bearer <token>");
        return out;
    }
    const QByteArray token = header.mid(7).trimmed();
    if (token.startsWith(kApiTokenPrefix)) {
        if (!m_repo || token.size() > 256) {
            out.error = QStringLiteral("API token not recognised");
            return out;
        }
        // Stored as SHA-256: a lookup by hash reveals nothing about other tokens.
        const auto row = m_repo->apiTokenByHash(QString::fromLatin1(sha256(token).toHex()));
        if (!row) {
            out.error = QStringLiteral("API token not recognised");
            return out;
        }
        if (row->revokedAt.isValid()) {
            out.error = QStringLiteral("API token was revoked");
            return out;
        }
        if (row->expiresAt <= QDateTime::currentDateTimeUtc()) {
            out.error = QStringLiteral("API token expired");
            return out;
        }
        const auto user = m_repo->userById(row->userId);
        if (!user || user->disabled) {
            out.error = QStringLiteral("the token's user is disabled");
            return out;
        }
        core::Principal p;
        p.subject = user->subject;
        p.email = user->email;
        p.name = user->name;
        p.grants = user->grants;
        p.scopes = row->scopes;
        p.via = QStringLiteral("api-token");
        p.tokenId = QString::number(row->id);
        out.principal = p;
        return out;
    }
    const auto result = m_validator.validate(token);
    if (!result.principal) {
        out.error = result.error;
        return out;
    }
    if (m_repo && !result.principal->tokenId.isEmpty() && isRevoked(result.principal->tokenId)) {
        out.error = QStringLiteral("token was revoked");
        return out;
    }
    out.principal = result.principal;
    return out;
}

bool Authenticator::isRevoked(const QString &jti)
{
    // One query every kRevocationRefreshMs instead of one per request: a request with a
    // bearer token then costs no database round trip at all.
    QMutexLocker lock(&m_mutex);
    if (!m_revokedLoaded.isValid() || m_revokedLoaded.elapsed() > kRevocationRefreshMs) {
        m_revoked = m_repo->revokedAccessTokens();
        m_revokedLoaded.start();
    }
    return m_revoked.contains(jti);
}

void Authenticator::noteRevoked(const QString &jti)
{
    QMutexLocker lock(&m_mutex);
    m_revoked.insert(jti);
}

} // namespace enclii::auth
