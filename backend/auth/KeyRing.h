#pragma once

#include "auth/crypto/RsaKey.h"
#include "auth/crypto/SecretBox.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QMutex>

#include <optional>

namespace enclii::store {
class IdentityRepository;
}

namespace enclii::auth {

// Where a token's signing key comes from, by kid: our own key ring, or an issuer's JWKS.
class KeySource
{
public:
    virtual ~KeySource() = default;
    virtual std::optional<RsaKey> publicKey(const QString &kid, QString *error) = 0;
};

// The built-in provider's RS256 keys, kept in PostgreSQL with the private part sealed by the
// master key. One key signs; keys retired by a rotation stay published until every token
// they signed has expired, so rotation never signs anyone out.
class KeyRing : public KeySource
{
public:
    KeyRing(store::IdentityRepository &repo, SecretBox box);

    // Makes sure a signing key exists (generates one on first start).
    bool ensureSigningKey(QString *error);
    struct Signing
    {
        QString kid;
        RsaKey key;
    };
    std::optional<Signing> signingKey();
    // A new signing key; the old one keeps verifying for overlapSeconds more.
    bool rotate(int overlapSeconds, QString *error);
    // {"keys": [...]} for /.well-known/jwks.json
    QJsonObject jwks();

    std::optional<RsaKey> publicKey(const QString &kid, QString *error) override;

private:
    bool reload(QString *error); // with m_mutex held
    std::optional<RsaKey> unseal(const QString &kid, const QByteArray &sealed, QString *error) const;

    store::IdentityRepository &m_repo;
    SecretBox m_box;
    QMutex m_mutex;
    std::optional<Signing> m_signing;
    QHash<QString, RsaKey> m_public;
    QJsonObject m_jwks;
    QElapsedTimer m_lastReload;
};

} // namespace enclii::auth
