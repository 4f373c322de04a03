#pragma once

#include "core/Principal.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

#include <optional>

namespace enclii::store {

class Database;

using core::RoleGrant;

struct UserRow
{
    qint64 id = 0;
    QString subject;
    QString email;
    QString name;
    QString passwordHash;
    bool disabled = false;
    QList<RoleGrant> grants;
};

struct ClientRow
{
    QString clientId;
    QString name;
    QString secretHash; // empty: a public client
    QStringList redirectUris;
    QStringList grantTypes;
    QStringList scopes;
    QStringList roles; // client_credentials: the roles the service acts with ("admin", "viewer:forgesight")
};

struct SigningKeyRow
{
    QString kid;
    QByteArray privateSealed;
    QJsonObject publicJwk;
    QDateTime createdAt;
    QDateTime retireAfter; // invalid: still the signing key
    QDateTime expiresAt;   // invalid: published for ever
};

struct AuthCodeRow
{
    QString clientId;
    qint64 userId = 0;
    QString redirectUri;
    QString codeChallenge;
    QString scope;
    QString nonce;
};

struct RefreshRow
{
    QString familyId;
    QString clientId;
    qint64 userId = 0;
    QString scope;
};

struct ApiTokenRow
{
    qint64 id = 0;
    QString prefix;
    qint64 userId = 0;
    QString name;
    QStringList scopes;
    QDateTime createdAt;
    QDateTime expiresAt;
    QDateTime lastUsedAt;
    QDateTime revokedAt;
};

// Users, role grants, OAuth clients, signing keys and every grant the provider hands out.
// Secrets are never stored: codes and tokens by their SHA-256, passwords as scrypt hashes,
// private keys sealed by the caller.
class IdentityRepository
{
public:
    explicit IdentityRepository(Database &db);

    // Users and roles
    qint64 createUser(const QString &subject, const QString &email, const QString &name, const QString &passwordHash,
                      const QList<RoleGrant> &grants);
    std::optional<UserRow> userByEmail(const QString &email);
    std::optional<UserRow> userById(qint64 id);
    std::optional<UserRow> userBySubject(const QString &subject);
    QList<UserRow> users(); // without password hashes
    void setGrants(qint64 userId, const QList<RoleGrant> &grants);
    int userCount();

    // Clients
    void upsertClient(const ClientRow &client);
    std::optional<ClientRow> client(const QString &clientId);

    // Signing keys
    void insertKey(const SigningKeyRow &key);
    QList<SigningKeyRow> publishedKeys(); // not expired, newest first
    void retireKey(const QString &kid, const QDateTime &retireAfter, const QDateTime &expiresAt);

    // Authorization codes: consume() returns the row once; a second call finds it used.
    void insertCode(const QString &codeHash, const AuthCodeRow &row, const QDateTime &expiresAt);
    enum class CodeState { Valid, Unknown, Expired, AlreadyUsed };
    CodeState consumeCode(const QString &codeHash, AuthCodeRow *row);

    // Refresh tokens with rotation and reuse detection.
    void insertRefresh(const QString &tokenHash, const RefreshRow &row, const QDateTime &expiresAt);
    enum class RefreshState { Valid, Unknown, Expired, Revoked, Reused, OtherClient };
    // Marks the token used and, in the same transaction, stores its successor (rotation), so
    // no concurrent reuse can slip between the two; a token used before revokes its family.
    // A token issued to another client than clientId is left untouched (OtherClient).
    RefreshState useRefresh(const QString &tokenHash, const QString &clientId, RefreshRow *row, const QString &successorHash,
                            const QDateTime &successorExpires);
    // Revokes the token's family, when the token was issued to clientId.
    void revokeRefresh(const QString &tokenHash, const QString &clientId);
    // Every session of a user (for one client, or all when clientId is empty).
    void revokeFamilies(qint64 userId, const QString &clientId);

    // API tokens
    qint64 insertApiToken(const QString &tokenHash, const QString &prefix, qint64 userId, const QString &name,
                          const QStringList &scopes, const QDateTime &expiresAt);
    std::optional<ApiTokenRow> apiTokenByHash(const QString &tokenHash);
    QList<ApiTokenRow> apiTokens(qint64 userId);
    bool revokeApiToken(qint64 id, qint64 userId);

    // Revoked access tokens (by jti) until they would have expired anyway.
    void revokeAccessToken(const QString &jti, const QDateTime &expiresAt);
    // Every revoked jti that has not expired yet (a small set: tokens live minutes).
    QSet<QString> revokedAccessTokens();

private:
    Database &m_db;
};

} // namespace enclii::store
