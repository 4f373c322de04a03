#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace enclii::core {

// A role held by someone: the global roles (admin, finance, oncall) with no project, the
// project roles (owner, developer, viewer) with theirs. Written "admin", "owner:forgesight".
struct RoleGrant
{
    QString role;
    QString project;

    QString toString() const { return project.isEmpty() ? role : role + u':' + project; }
    static RoleGrant fromString(const QString &text)
    {
        const qsizetype colon = text.indexOf(u':');
        return colon < 0 ? RoleGrant{text, {}} : RoleGrant{text.left(colon), text.mid(colon + 1)};
    }
    bool operator==(const RoleGrant &) const = default;
};

// Who is calling, once their credentials are checked: a person (through a JWT from the
// provider or an API token) or a service (client credentials).
struct Principal
{
    QString subject;
    QString email;
    QString name;
    QList<RoleGrant> grants;
    QStringList scopes;   // an API token's or client's scopes narrow what the roles allow; empty: no narrowing
    QString via;          // "jwt", "api-token"
    QString tokenId;      // the JWT's jti, or the API token's id
    QString clientId;     // the OAuth client the token was issued to

    bool isAnonymous() const { return subject.isEmpty(); }
    QString actor() const { return subject.isEmpty() ? QStringLiteral("anonymous") : (email.isEmpty() ? subject : email); }
};

} // namespace enclii::core
