#pragma once

#include "http/Router.h"

namespace enclii::catalog {
class Catalog;
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
class DeploymentResources
{
public:
    // view may be null (no cluster sampled in this process).
    DeploymentResources(reconcile::DeploymentRepository &repository, catalog::Catalog &catalog, reconcile::ClusterView *view);

    void registerRoutes(http::Router &router);

private:
    http::Response list(const http::Request &);
    http::Response get(const http::Request &);
    http::Response metrics(const http::Request &);
    http::Response drift(const http::Request &);
    http::Response cluster(const http::Request &);

    reconcile::DeploymentRepository &m_repository;
    catalog::Catalog &m_catalog;
    reconcile::ClusterView *m_view;
};

} // namespace enclii::api
