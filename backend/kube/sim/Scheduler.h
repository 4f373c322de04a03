#pragma once

#include "Controller.h"

namespace enclii::kube::sim {

// Places pending pods on nodes by their requests (CPU, memory, pod count) and nodeSelector,
// preferring the least allocated node, like the default scheduler's fit and spread. A pod
// that fits nowhere stays Pending with PodScheduled=False (Unschedulable) and a
// FailedScheduling event that says why ("0/3 nodes are available: 3 Insufficient cpu.").
class Scheduler : public Controller
{
public:
    void sync(SimContext &ctx) override;
};

} // namespace enclii::kube::sim
