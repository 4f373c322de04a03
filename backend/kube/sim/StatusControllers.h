#pragma once

#include "Controller.h"

namespace enclii::kube::sim {

// PodDisruptionBudget status: expected pods (the scale of the matching pods' controllers),
// healthy (ready) pods, desiredHealthy from minAvailable or maxUnavailable (percentages
// round up), disruptionsAllowed and the DisruptionAllowed condition.
class DisruptionController : public Controller
{
public:
    void sync(SimContext &ctx) override;
};

// ResourceQuota status: hard as declared, used as the namespace's objects add up now.
class QuotaController : public Controller
{
public:
    void sync(SimContext &ctx) override;
};

} // namespace enclii::kube::sim
