#include "IdentityRepository.h"

#include "Database.h"
#include "PqxxUtil_p.h"

namespace enclii::store {

using namespace detail;

namespace {

// timestamptz as epoch milliseconds, to and from the database.
std::string epochMs(const QDateTime &t)
{
    return std::to_string(t.toMSecsSinceEpoch());
}

const char *kUserColumns = "u.id, u.subject, u.email, u.name, u.password_hash, u.disabled";

QList<RoleGrant> grantsOf(pqxx::transaction_base &tx, qint64 userId)
{
    QList<RoleGrant> out;
    for (const auto &r : tx.exec_params("SELECT role, project FROM role_grants WHERE user_id = $1 ORDER BY role, project",
                                        static_cast<long long>(userId)))
        out << RoleGrant{qstr(r[0]), qstr(r[1])};
    return out;
}

std::optional<UserRow> userWhere(Database &db, const std::string &where, const std::string &value)
{
    std::optional<UserRow> out;
    db.withConnection([&](pqxx::connection_base &c) {
        pqxx::work tx(c);
        const auto rows = tx.exec_params(std::string("SELECT ") + kUserColumns + " FROM users u WHERE " + where, value);
        if (rows.empty())
            return;
        const auto &r = rows[0];
        UserRow u{r[0].as<long long>(), qstr(r[1]), qstr(r[2]), qstr(r[3]), qstr(r[4]), r[5].as<bool>(), {}};
        u.grants = grantsOf(tx, u.id);
        out = u;
    });
    return out;
}

QStringList textArray(const pqxx::field &f)
{
    // libpqxx 6 reads arrays through array_parser; our arrays hold plain words.
    QStringList out;
    auto parser = f.as_array();
    for (auto item = parser.get_next(); item.first != pqxx::array_parser::done; item = parser.get_next())
        if (item.first == pqxx::array_parser::string_value)
            out << QString::fromStdString(item.second);
    return out;
}

} // namespace

IdentityRepository::IdentityRepository(Database &db) : m_db(db) {}

qint64 IdentityRepository::createUser(const QString &subject, const QString &email, const QString &name,
                                      const QString &passwordHash, const QList<RoleGrant> &grants)
{
    qint64 id = 0;
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::work tx(c);
        id = tx.exec_params1("INSERT INTO users (subject, email, name, password_hash) VALUES ($1, lower($2), $3, $4) RETURNING id",
                             str(subject), str(email), str(name), str(passwordHash))[0]
                 .as<long long>();
        for (const auto &g : grants)
            tx.exec_params("INSERT INTO role_grants (user_id, role, project) VALUES ($1, $2, $3)", static_cast<long long>(id),
                           str(g.role), str(g.project));
        tx.commit();
    });
    return id;
}

std::optional<UserRow> IdentityRepository::userByEmail(const QString &email)
{
    return userWhere(m_db, "u.email = lower($1)", str(email));
}

std::optional<UserRow> IdentityRepository::userById(qint64 id)
{
    return userWhere(m_db, "u.id = $1::bigint", std::to_string(id));
}

std::optional<UserRow> IdentityRepository::userBySubject(const QString &subject)
{
    return userWhere(m_db, "u.subject = $1", str(subject));
}

QList<UserRow> IdentityRepository::users()
{
    QList<UserRow> out;
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::work tx(c);
        for (const auto &r : tx.exec(std::string("SELECT ") + kUserColumns + " FROM users u ORDER BY u.email"))
            out << UserRow{r[0].as<long long>(), qstr(r[1]), qstr(r[2]), qstr(r[3]), QString(), r[5].as<bool>(), {}};
        for (auto &u : out)
            u.grants = grantsOf(tx, u.id);
    });
    return out;
}

void IdentityRepository::setGrants(qint64 userId, const QList<RoleGrant> &grants)
{
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::work tx(c);
        tx.exec_params("DELETE FROM role_grants WHERE user_id = $1", static_cast<long long>(userId));
        for (const auto &g : grants)
            tx.exec_params("INSERT INTO role_grants (user_id, role, project) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                           static_cast<long long>(userId), str(g.role), str(g.project));
        tx.exec_params("UPDATE users SET updated_at = now() WHERE id = $1", static_cast<long long>(userId));
        tx.commit();
    });
}

int IdentityRepository::userCount()
{
    int n = 0;
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::nontransaction tx(c);
        n = tx.exec("SELECT count(*) FROM users")[0][0].as<int>();
    });
    return n;
}

void IdentityRepository::upsertClient(const ClientRow &cl)
{
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::work tx(c);
        tx.exec_params("INSERT INTO oauth_clients (client_id, name, secret_hash, redirect_uris, grant_types, scopes, roles)"
                       " VALUES ($1, $2, NULLIF($3, ''), $4::text[], $5::text[], $6::text[], $7::text[])"
                       " ON CONFLICT (client_id) DO UPDATE SET name = EXCLUDED.name, secret_hash = EXCLUDED.secret_hash,"
                       " redirect_uris = EXCLUDED.redirect_uris, grant_types = EXCLUDED.grant_types,"
                       " scopes = EXCLUDED.scopes, roles = EXCLUDED.roles",
                       str(cl.clientId), str(cl.name), str(cl.secretHash), textArrayLiteral(cl.redirectUris),
                       textArrayLiteral(cl.grantTypes), textArrayLiteral(cl.scopes), textArrayLiteral(cl.roles));
        tx.commit();
    });
}

std::optional<ClientRow> IdentityRepository::client(const QString &clientId)
{
    std::optional<ClientRow> out;
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::nontransaction tx(c);
        const auto rows = tx.exec_params("SELECT client_id, name, coalesce(secret_hash, ''), redirect_uris, grant_types, scopes, roles"
                                         " FROM oauth_clients WHERE client_id = $1",
                                         str(clientId));
        if (!rows.empty()) {
            const auto &r = rows[0];
            out = ClientRow{qstr(r[0]), qstr(r[1]), qstr(r[2]), textArray(r[3]), textArray(r[4]), textArray(r[5]), textArray(r[6])};
        }
    });
    return out;
}

void IdentityRepository::insertKey(const SigningKeyRow &key)
{
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::work tx(c);
        tx.exec_params("INSERT INTO signing_keys (kid, private_sealed, public_jwk) VALUES ($1, $2, $3::jsonb)",
                       str(key.kid), pqxx::binarystring(key.privateSealed.constData(), std::size_t(key.privateSealed.size())),
                       jsonText(key.publicJwk));
        tx.commit();
    });
}

QList<SigningKeyRow> IdentityRepository::publishedKeys()
{
    QList<SigningKeyRow> out;
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::nontransaction tx(c);
        const auto rows = tx.exec(
            "SELECT kid, private_sealed, public_jwk::text, (extract(epoch FROM created_at) * 1000)::bigint,"
            " (extract(epoch FROM retire_after) * 1000)::bigint, (extract(epoch FROM expires_at) * 1000)::bigint"
            " FROM signing_keys WHERE expires_at IS NULL OR expires_at > now() ORDER BY created_at DESC, kid");
        for (const auto &r : rows) {
            const pqxx::binarystring sealed(r[1]);
            out << SigningKeyRow{qstr(r[0]), QByteArray(reinterpret_cast<const char *>(sealed.data()), qsizetype(sealed.size())),
                                 jsonObject(r[2]), timestamp(r[3]), timestamp(r[4]), timestamp(r[5])};
        }
    });
    return out;
}

void IdentityRepository::retireKey(const QString &kid, const QDateTime &retireAfter, const QDateTime &expiresAt)
{
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::work tx(c);
        tx.exec_params("UPDATE signing_keys SET retire_after = to_timestamp($2::bigint / 1000.0),"
                       " expires_at = to_timestamp($3::bigint / 1000.0) WHERE kid = $1",
                       str(kid), epochMs(retireAfter), epochMs(expiresAt));
        tx.commit();
    });
}

void IdentityRepository::insertCode(const QString &codeHash, const AuthCodeRow &row, const QDateTime &expiresAt)
{
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::work tx(c);
        tx.exec_params("INSERT INTO auth_codes (code_hash, client_id, user_id, redirect_uri, code_challenge, scope, nonce, expires_at)"
                       " VALUES ($1, $2, $3, $4, $5, $6, $7, to_timestamp($8::bigint / 1000.0))",
                       str(codeHash), str(row.clientId), static_cast<long long>(row.userId), str(row.redirectUri),
                       str(row.codeChallenge), str(row.scope), str(row.nonce), epochMs(expiresAt));
        tx.commit();
    });
}

IdentityRepository::CodeState IdentityRepository::consumeCode(const QString &codeHash, AuthCodeRow *row)
{
    CodeState state = CodeState::Unknown;
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::work tx(c);
        const auto rows = tx.exec_params("SELECT client_id, user_id, redirect_uri, code_challenge, scope, nonce,"
                                         " used_at IS NOT NULL, expires_at < now() FROM auth_codes WHERE code_hash = $1 FOR UPDATE",
                                         str(codeHash));
        if (rows.empty())
            return;
        const auto &r = rows[0];
        *row = AuthCodeRow{qstr(r[0]), r[1].as<long long>(), qstr(r[2]), qstr(r[3]), qstr(r[4]), qstr(r[5])};
        if (r[6].as<bool>())
            state = CodeState::AlreadyUsed;
        else if (r[7].as<bool>())
            state = CodeState::Expired;
        else
            state = CodeState::Valid;
        if (state != CodeState::AlreadyUsed)
            tx.exec_params("UPDATE auth_codes SET used_at = now() WHERE code_hash = $1", str(codeHash));
        tx.commit();
    });
    return state;
}

void IdentityRepository::insertRefresh(const QString &tokenHash, const RefreshRow &row, const QDateTime &expiresAt)
{
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::work tx(c);
        tx.exec_params("INSERT INTO refresh_tokens (token_hash, family_id, client_id, user_id, scope, expires_at)"
                       " VALUES ($1, $2, $3, $4, $5, to_timestamp($6::bigint / 1000.0))",
                       str(tokenHash), str(row.familyId), str(row.clientId), static_cast<long long>(row.userId), str(row.scope),
                       epochMs(expiresAt));
        tx.commit();
    });
}

IdentityRepository::RefreshState IdentityRepository::useRefresh(const QString &tokenHash, const QString &clientId, RefreshRow *row,
                                                                const QString &successorHash, const QDateTime &successorExpires)
{
    RefreshState state = RefreshState::Unknown;
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::work tx(c);
        const auto rows = tx.exec_params("SELECT family_id, client_id, user_id, scope, used_at IS NOT NULL,"
                                         " revoked_at IS NOT NULL, expires_at < now()"
                                         " FROM refresh_tokens WHERE token_hash = $1 FOR UPDATE",
                                         str(tokenHash));
        if (rows.empty())
            return;
        const auto &r = rows[0];
        *row = RefreshRow{qstr(r[0]), qstr(r[1]), r[2].as<long long>(), qstr(r[3])};
        if (row->clientId != clientId) {
            state = RefreshState::OtherClient;
            return;
        }
        if (r[5].as<bool>()) {
            state = RefreshState::Revoked;
        } else if (r[4].as<bool>()) {
            // A rotated-out token came back: someone holds a copy. End the whole session.
            state = RefreshState::Reused;
            tx.exec_params("UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL",
                           str(row->familyId));
        } else if (r[6].as<bool>()) {
            state = RefreshState::Expired;
        } else {
            state = RefreshState::Valid;
            tx.exec_params("UPDATE refresh_tokens SET used_at = now() WHERE token_hash = $1", str(tokenHash));
            tx.exec_params("INSERT INTO refresh_tokens (token_hash, family_id, client_id, user_id, scope, expires_at)"
                           " VALUES ($1, $2, $3, $4, $5, to_timestamp($6::bigint / 1000.0))",
                           str(successorHash), str(row->familyId), str(row->clientId), static_cast<long long>(row->userId),
                           str(row->scope), epochMs(successorExpires));
        }
        tx.commit();
    });
    return state;
}

void IdentityRepository::revokeRefresh(const QString &tokenHash, const QString &clientId)
{
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::work tx(c);
        tx.exec_params("UPDATE refresh_tokens SET revoked_at = now() WHERE revoked_at IS NULL AND family_id ="
                       " (SELECT family_id FROM refresh_tokens WHERE token_hash = $1 AND client_id = $2)",
                       str(tokenHash), str(clientId));
        tx.commit();
    });
}

void IdentityRepository::revokeFamilies(qint64 userId, const QString &clientId)
{
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::work tx(c);
        tx.exec_params("UPDATE refresh_tokens SET revoked_at = now() WHERE revoked_at IS NULL AND user_id = $1"
                       " AND ($2 = '' OR client_id = $2)",
                       static_cast<long long>(userId), str(clientId));
        tx.commit();
    });
}

qint64 IdentityRepository::insertApiToken(const QString &tokenHash, const QString &prefix, qint64 userId, const QString &name,
                                          const QStringList &scopes, const QDateTime &expiresAt)
{
    qint64 id = 0;
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::work tx(c);
        id = tx.exec_params1("INSERT INTO api_tokens (token_hash, prefix, user_id, name, scopes, expires_at)"
                             " VALUES ($1, $2, $3, $4, $5::text[], to_timestamp($6::bigint / 1000.0)) RETURNING id",
                             str(tokenHash), str(prefix), static_cast<long long>(userId), str(name), textArrayLiteral(scopes),
                             epochMs(expiresAt))[0]
                 .as<long long>();
        tx.commit();
    });
    return id;
}

namespace {
const char *kApiTokenColumns =
    "id, prefix, user_id, name, scopes, (extract(epoch FROM created_at) * 1000)::bigint,"
    " (extract(epoch FROM expires_at) * 1000)::bigint, (extract(epoch FROM last_used_at) * 1000)::bigint,"
    " (extract(epoch FROM revoked_at) * 1000)::bigint";

ApiTokenRow apiTokenRow(const pqxx::row &r)
{
    return {r[0].as<long long>(), qstr(r[1]), r[2].as<long long>(), qstr(r[3]), textArray(r[4]),
            timestamp(r[5]), timestamp(r[6]), timestamp(r[7]), timestamp(r[8])};
}
} // namespace

std::optional<ApiTokenRow> IdentityRepository::apiTokenByHash(const QString &tokenHash)
{
    std::optional<ApiTokenRow> out;
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::work tx(c);
        const auto rows = tx.exec_params(std::string("SELECT ") + kApiTokenColumns + " FROM api_tokens WHERE token_hash = $1",
                                         str(tokenHash));
        if (rows.empty())
            return;
        out = apiTokenRow(rows[0]);
        // Recorded at most once a minute per token, so every request does not write.
        tx.exec_params("UPDATE api_tokens SET last_used_at = now() WHERE id = $1"
                       " AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')",
                       static_cast<long long>(out->id));
        tx.commit();
    });
    return out;
}

QList<ApiTokenRow> IdentityRepository::apiTokens(qint64 userId)
{
    QList<ApiTokenRow> out;
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::nontransaction tx(c);
        for (const auto &r : tx.exec_params(std::string("SELECT ") + kApiTokenColumns + " FROM api_tokens WHERE user_id = $1 ORDER BY id DESC",
                                            static_cast<long long>(userId)))
            out << apiTokenRow(r);
    });
    return out;
}

bool IdentityRepository::revokeApiToken(qint64 id, qint64 userId)
{
    bool done = false;
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::work tx(c);
        done = tx.exec_params("UPDATE api_tokens SET revoked_at = now() WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL",
                              static_cast<long long>(id), static_cast<long long>(userId))
                   .affected_rows() == 1;
        tx.commit();
    });
    return done;
}

void IdentityRepository::revokeAccessToken(const QString &jti, const QDateTime &expiresAt)
{
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::work tx(c);
        tx.exec_params("INSERT INTO revoked_access_tokens (jti, expires_at) VALUES ($1, to_timestamp($2::bigint / 1000.0))"
                       " ON CONFLICT (jti) DO NOTHING",
                       str(jti), epochMs(expiresAt));
        tx.exec("DELETE FROM revoked_access_tokens WHERE expires_at < now() - interval '1 hour'");
        tx.commit();
    });
}

QSet<QString> IdentityRepository::revokedAccessTokens()
{
    QSet<QString> out;
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::nontransaction tx(c);
        for (const auto &r : tx.exec("SELECT jti FROM revoked_access_tokens WHERE expires_at > now() - interval '5 minutes'"))
            out.insert(qstr(r[0]));
    });
    return out;
}

} // namespace enclii::store
