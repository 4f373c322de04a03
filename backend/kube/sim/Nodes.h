#pragma once

#include "SimOptions.h"

#include <QJsonObject>

namespace enclii::kube::sim {

class ObjectStore;

// The simulated nodes: Node objects labelled as simulated (enclii.dev/simulated=true), with
// the capacity of the configured machine and allocatable = capacity - system reserve.
namespace nodes {

void create(ObjectStore &store, const NodeShape &shape, const QString &kubeletVersion, const QString &now);
qint64 allocatableCpu(const QJsonObject &node);    // millicores
qint64 allocatableMemory(const QJsonObject &node); // bytes
qint64 allocatablePods(const QJsonObject &node);
bool schedulable(const QJsonObject &node);

} // namespace nodes

} // namespace enclii::kube::sim
