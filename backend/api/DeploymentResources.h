#pragma once

#include "http/Router.h"

#include <functional>

namespace enclii::catalog {
class Catalog;
}
namespace enclii::store {
class AuditLog;
}
namespace enclii::reconcile {
class ClusterView;
class DeploymentRepository;
}

namespace enclii::api {

// The reconciler's view over HTTP (all catalog.read). Deployments, drift, waves and the leader
// come from the database, so any API process answers them; pods, nodes and metrics come from
// the ClusterView of a process that samples the cluster (roles all and reconciler), and are
// empty elsewhere.
//   GET /v1/deployments[?project=&service=]           {"items":[Deployment...]}
//   GET /v1/deployments/{service}                     Deployment + pods, resources, events
//   GET /v1/deployments/{service}/metrics[?seconds=]  {"step","series":{...}} (up to 3600 s)
//   GET /v1/drift[?limit=]                            {"items":[drift...]} newest first
//   GET /v1/cluster                                   nodes, pending pods, waves, leader
// And one action (builds.trigger on the release's project, audited):
//   POST /v1/releases/{id}/deploy  {"reason": "..."}   deploy this release: one built without
//        auto-deploy, or an older one to go back to. 202; the reconciler picks it up within
//        seconds (a canary service's release goes through a rollout). A newer auto-deploy
//        release replaces it as usual. A preview release (built from a pull request) is a
//        non-production deploy: 409 deploys-held while its project's Waybill budget holds them.
class DeploymentResources
{
public:
    // view may be null (no cluster sampled in this process).
    // Whether deploys of a project to an environment are held (Waybill's budgets).
    using DeployHeld = std::function<bool(const QString &project, const QString &environment)>;

    DeploymentResources(reconcile::DeploymentRepository &repository, catalog::Catalog &catalog, reconcile::ClusterView *view,
                        store::AuditLog *audit = nullptr, DeployHeld deployHeld = {});

    void registerRoutes(http::Router &router);

private:
    http::Response list(const http::Request &);
    http::Response get(const http::Request &);
    http::Response metrics(const http::Request &);
    http::Response drift(const http::Request &);
    http::Response cluster(const http::Request &);
    http::Response deploy(const http::Request &);
    QStringList releaseProject(const http::Request &);

    reconcile::DeploymentRepository &m_repository;
    catalog::Catalog &m_catalog;
    reconcile::ClusterView *m_view;
    store::AuditLog *m_audit = nullptr;
    DeployHeld m_deployHeld;
};

} // namespace enclii::api
