#pragma once

#include "http/Router.h"

#include <QString>

#include <optional>

namespace enclii::catalog {
class Catalog;
}
namespace enclii::kube::sim {
class SimCluster;
}
namespace enclii::store {
class AuditLog;
class Database;
}

namespace enclii::daemon {

// SIMULATOR ONLY. Releases for the simulated cluster, so the embedded setup (`make run`) can
// deploy the whole ecosystem and try a faulty release without a git server or a registry:
// each is a build row (reason "simulated") and a release whose image reference names no real
// image (sim.enclii.invalid/<project>/<service>@sha256:...), which the simulated cluster runs
// as it runs any. Never used with a real cluster.
//
//   POST /v1/simulator/releases {"service": "dhanam-api", "errorRate": 0.3, "addedLatencySeconds": 0}
//        (builds.trigger on the service's project) a new release of the service; a fault on its
//        image makes it answer errorRate of its requests with 500 and adds latency. 201.
class SimulatedReleases
{
public:
    SimulatedReleases(store::Database &db, catalog::Catalog &catalog, kube::sim::SimCluster &sim, store::AuditLog *audit);

    // A first release for every service of the catalog that has none. Returns how many.
    int seedMissing();

    struct Made
    {
        qint64 id = 0;
        QString image;
    };
    // A new release of the service; empty when there is no such service.
    std::optional<Made> make(const QString &service, const QString &salt);

    void registerRoutes(http::Router &router);

private:
    http::Response create(const http::Request &);
    QStringList projectOf(const http::Request &);

    store::Database &m_db;
    catalog::Catalog &m_catalog;
    kube::sim::SimCluster &m_sim;
    store::AuditLog *m_audit;
};

} // namespace enclii::daemon
