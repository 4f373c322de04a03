#pragma once

#include "core/Principal.h"

#include <QMap>
#include <QString>
#include <QStringList>

namespace enclii::auth {

// What a route needs. Public routes need nothing; Authenticated needs any valid identity;
// the rest are checked against the role table in Policy.cpp — the one place that says who
// may do what.
enum class Permission {
    Public,
    Authenticated,
    CatalogRead,   // the ecosystem, projects, services, revisions
    SpecsWrite,    // apply specs (project-scoped)
    AuditRead,
    UsersManage,
    BillingRead,   // Waybill reports and invoices
    BillingWrite,
    UsageWrite,    // post usage events (POST /v1/usage/events): admins, and services with the emitter role
    CanaryOperate, // promote, pause, abort rollouts (project-scoped)
    BuildsTrigger, // manual builds (project-scoped)
};

QString permissionName(Permission p);
std::optional<Permission> permissionFromName(const QString &name);
QList<Permission> allPermissions();
// The roles people hold: admin, finance, oncall, owner, developer, viewer. Services (client
// credentials clients, an external issuer's service tokens) may also hold "emitter", which
// posts usage events and nothing else; it is never granted to people.
QStringList roleNames();
bool isProjectRole(const QString &role);

// Whether principal may do p; for a project-scoped permission, on every one of projects
// (an empty list: on the platform as a whole, which only a global grant gives).
bool allows(const core::Principal &principal, Permission p, const QStringList &projects = {});

// For /v1/me and the console: the permissions held everywhere, and those held per project.
QStringList globalPermissions(const core::Principal &principal);
QMap<QString, QStringList> projectPermissions(const core::Principal &principal);

} // namespace enclii::auth
