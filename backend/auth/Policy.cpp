#include "Policy.h"

#include <QSet>

#include <optional>

namespace enclii::auth {

namespace {

using P = Permission;

// The role table. Global roles hold their permissions on every project; project roles only
// on their project — except CatalogRead, which any role holds everywhere (everyone who works
// on the platform may look at the whole map; "read-only elsewhere").
const QMap<QString, QList<Permission>> &roleTable()
{
    static const QMap<QString, QList<Permission>> table = {
        {QStringLiteral("admin"), {P::Authenticated, P::CatalogRead, P::SpecsWrite, P::AuditRead, P::UsersManage,
                                   P::BillingRead, P::BillingWrite, P::UsageWrite, P::CanaryOperate, P::BuildsTrigger}},
        // "Read-only elsewhere": finance and on-call read everything the platform shows.
        {QStringLiteral("finance"), {P::Authenticated, P::CatalogRead, P::AuditRead, P::BillingRead, P::BillingWrite}},
        {QStringLiteral("oncall"), {P::Authenticated, P::CatalogRead, P::AuditRead, P::BillingRead, P::CanaryOperate}},
        {QStringLiteral("owner"), {P::Authenticated, P::CatalogRead, P::SpecsWrite, P::CanaryOperate, P::BuildsTrigger}},
        {QStringLiteral("developer"), {P::Authenticated, P::CatalogRead, P::SpecsWrite, P::BuildsTrigger}},
        {QStringLiteral("viewer"), {P::Authenticated, P::CatalogRead}},
        // A service role, not in roleNames(): the builders, reconcilers and other emitters that
        // report usage. Usage decides what people are billed, so finance cannot post it and
        // the emitter can read nothing else; people never hold this role.
        {QStringLiteral("emitter"), {P::Authenticated, P::UsageWrite}},
    };
    return table;
}

bool projectScoped(Permission p)
{
    return p == P::SpecsWrite || p == P::CanaryOperate || p == P::BuildsTrigger;
}

bool scopeAllows(const core::Principal &who, Permission p)
{
    if (p == P::Public || p == P::Authenticated)
        return true;
    // An API token is always scoped: one with no scopes may do nothing (fail closed).
    if (who.scopes.isEmpty())
        return who.via != QLatin1String("api-token");
    return who.scopes.contains(permissionName(p));
}

// Does one grant give p on project (empty: platform-wide)?
bool grantGives(const core::RoleGrant &g, Permission p, const QString &project)
{
    // Grants come from tokens and client rows too, not only from our validated API: one of
    // the wrong shape (a project role without its project, a global role with one, an
    // unknown role) gives nothing.
    if (!roleTable().contains(g.role) || isProjectRole(g.role) == g.project.isEmpty())
        return false;
    const auto perms = roleTable().value(g.role);
    if (!perms.contains(p))
        return false;
    if (g.project.isEmpty() || !projectScoped(p))
        return true; // global role, or a permission that is not project-scoped
    return !project.isEmpty() && project == g.project;
}

} // namespace

QString permissionName(Permission p)
{
    switch (p) {
    case P::Public: return QStringLiteral("public");
    case P::Authenticated: return QStringLiteral("authenticated");
    case P::CatalogRead: return QStringLiteral("catalog.read");
    case P::SpecsWrite: return QStringLiteral("specs.write");
    case P::AuditRead: return QStringLiteral("audit.read");
    case P::UsersManage: return QStringLiteral("users.manage");
    case P::BillingRead: return QStringLiteral("billing.read");
    case P::BillingWrite: return QStringLiteral("billing.write");
    case P::UsageWrite: return QStringLiteral("usage.write");
    case P::CanaryOperate: return QStringLiteral("canary.operate");
    case P::BuildsTrigger: return QStringLiteral("builds.trigger");
    }
    return {};
}

QList<Permission> allPermissions()
{
    return {P::Public, P::Authenticated, P::CatalogRead, P::SpecsWrite, P::AuditRead, P::UsersManage,
            P::BillingRead, P::BillingWrite, P::UsageWrite, P::CanaryOperate, P::BuildsTrigger};
}

std::optional<Permission> permissionFromName(const QString &name)
{
    for (Permission p : allPermissions())
        if (permissionName(p) == name)
            return p;
    return std::nullopt;
}

QStringList roleNames()
{
    return {QStringLiteral("admin"), QStringLiteral("finance"), QStringLiteral("oncall"),
            QStringLiteral("owner"), QStringLiteral("developer"), QStringLiteral("viewer")};
}

bool isProjectRole(const QString &role)
{
    return role == QLatin1String("owner") || role == QLatin1String("developer") || role == QLatin1String("viewer");
}

bool allows(const core::Principal &who, Permission p, const QStringList &projects)
{
    if (p == P::Public)
        return true;
    if (who.isAnonymous() || !scopeAllows(who, p))
        return false;
    if (p == P::Authenticated)
        return true;
    const QStringList targets = projectScoped(p) && !projects.isEmpty() ? projects : QStringList{QString()};
    for (const QString &project : targets) {
        bool any = false;
        for (const auto &g : who.grants)
            any = any || grantGives(g, p, project);
        if (!any)
            return false;
    }
    return true;
}

QStringList globalPermissions(const core::Principal &who)
{
    QStringList out;
    for (Permission p : allPermissions())
        if (p != P::Public && allows(who, p))
            out << permissionName(p);
    return out;
}

QMap<QString, QStringList> projectPermissions(const core::Principal &who)
{
    QMap<QString, QStringList> out;
    QSet<QString> projects;
    for (const auto &g : who.grants)
        if (!g.project.isEmpty())
            projects.insert(g.project);
    for (const auto &project : projects)
        for (Permission p : allPermissions())
            if (projectScoped(p) && allows(who, p, {project}))
                out[project] << permissionName(p);
    return out;
}

} // namespace enclii::auth
