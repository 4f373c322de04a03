#pragma once

#include "ApiTypes.h"

#include <optional>

namespace enclii::kube::sim {

class SimCluster;

// What the simulation serves beside the Kubernetes API:
//   /sim/v1                                   what this is (a simulation), its time and nodes
//   /sim/v1/clock                             GET the time; POST {"advanceSeconds": n} or {"factor": f}
//   /sim/v1/faults[/<name>]                   GET; PUT a fault; DELETE it
//   /sim/v1/loads[/<namespace>/<deployment>]  GET; PUT {"requestsPerSecond": ...}; DELETE
//   /sim/v1/metrics                           Prometheus exposition of every simulated pod
//   /sim/v1/namespaces/<ns>/pods/<pod>/metrics  one pod's exposition (a scrape target)
//   /apis/metrics.k8s.io/v1beta1/...          NodeMetrics and PodMetrics, as metrics-server serves them
// handle() answers nullopt for any other path.
class SimEndpoints
{
public:
    explicit SimEndpoints(SimCluster &cluster) : m_cluster(cluster) {}

    std::optional<ApiResponse> handle(const ApiRequest &request);

private:
    ApiResponse info();
    ApiResponse clock(const ApiRequest &request);
    ApiResponse faults(const ApiRequest &request, const QStringList &rest);
    ApiResponse loads(const ApiRequest &request, const QStringList &rest);
    ApiResponse metricsApi(const ApiRequest &request, const QStringList &rest);
    ApiResponse podExposition(const QString &ns, const QString &pod);

    SimCluster &m_cluster;
};

} // namespace enclii::kube::sim
