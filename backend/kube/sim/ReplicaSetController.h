#pragma once

#include "Controller.h"

#include <QJsonObject>

namespace enclii::kube::sim {

// ReplicaSets -> Pods: creates pods from the template through admission (a pod the quota
// refuses is a FailedCreate event and a ReplicaFailure condition, as in the real cluster),
// deletes the least useful pods first when there are too many (unscheduled, then pending,
// then not ready, then the youngest), and keeps replicas/ready/available in the status.
class ReplicaSetController : public Controller
{
public:
    static constexpr int kBurst = 500; // pods created per ReplicaSet per pass, like the real burst

    void sync(SimContext &ctx) override;

private:
    void syncOne(SimContext &ctx, QJsonObject rs);
};

} // namespace enclii::kube::sim
