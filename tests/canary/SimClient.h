#pragma once

// A simulated cluster whose clock moves only when the test advances it, and our Kubernetes
// client for it (no client-side rate limit: the tests make many calls in a row).
#include "kube/client/KubeClient.h"
#include "kube/sim/SimCluster.h"

#include <memory>

namespace enclii::test {

inline kube::sim::SimOptions stoppedSimClock()
{
    kube::sim::SimOptions o;
    o.timeFactor = 0;
    return o;
}

inline std::unique_ptr<kube::KubeClient> simClient(kube::sim::SimCluster &sim)
{
    kube::KubeConfig config;
    config.server = sim.url();
    kube::KubeClient::Options options;
    options.qps = 0;
    return std::make_unique<kube::KubeClient>(config, options);
}

} // namespace enclii::test
