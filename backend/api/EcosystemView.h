#pragma once

#include <QJsonObject>

namespace enclii::catalog {
struct Snapshot;
}

namespace enclii::api {

// GET /v1/ecosystem: everything the console's Map and Budgets draw, from one snapshot —
// tiers, nodes (repos, services, infrastructure, libraries), edges (component, auth,
// platform, data, service, library), waves, criteria, namespaces, traffic rules, the
// cluster, the seed's budgets and the capacity plan. tests/data/ECOSYSTEM_CONTRACT.md has
// the shape.
QJsonObject ecosystemView(const catalog::Snapshot &snapshot);

// One service as the API shows it (also a node of the ecosystem view).
QJsonObject serviceNode(const catalog::Snapshot &snapshot, const QString &name);

} // namespace enclii::api
