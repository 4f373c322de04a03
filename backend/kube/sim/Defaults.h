#pragma once

#include "Resources.h"

#include <QJsonObject>

#include <functional>

namespace enclii::kube::sim {

// The defaults the real server fills in on every write (the SetDefaults_* functions) for
// the fields the simulation reads: replicas, rollout strategy, pod restart policy, port
// protocols, a Service's type and cluster IP, an HPA's minReplicas, a Namespace's phase.
// allocateClusterIp is asked for a new Service's address.
void applyDefaults(const ResourceType &type, QJsonObject &object, const std::function<QString()> &allocateClusterIp);

} // namespace enclii::kube::sim
