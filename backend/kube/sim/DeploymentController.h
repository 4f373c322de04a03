#pragma once

#include "Controller.h"

#include <QJsonObject>
#include <QList>

namespace enclii::kube::sim {

// Deployments -> ReplicaSets, as the real deployment controller does: one ReplicaSet per pod
// template (named with the pod-template-hash), rolling updates bounded by maxSurge and
// maxUnavailable (unhealthy old pods go first), Recreate, revision annotations, history
// cleanup past revisionHistoryLimit, and the status with Available/Progressing conditions
// (ProgressDeadlineExceeded after progressDeadlineSeconds without progress).
class DeploymentController : public Controller
{
public:
    void sync(SimContext &ctx) override;

    // The pod-template-hash of a template: FNV-32a of its canonical JSON, in the safe
    // alphabet Kubernetes encodes it with.
    static QString templateHash(const QJsonObject &podTemplate);

private:
    void syncOne(SimContext &ctx, QJsonObject deployment);
};

} // namespace enclii::kube::sim
