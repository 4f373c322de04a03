#pragma once

#include "Resources.h"

#include <QDateTime>
#include <QJsonObject>

namespace enclii::kube::sim {
class ObjectStore;
}

namespace enclii::kube::sim::deletion {

inline const QString kForeground = QStringLiteral("foregroundDeletion");

// Deletes an object under a propagation policy, as the API server and the garbage collector
// do. Orphan: dependents lose their ownerReferences to it, then it goes. Foreground: it is
// marked (deletionTimestamp, the foregroundDeletion finalizer) until the garbage collector
// has removed its dependents. Background: it goes now and the collector removes the
// dependents after. Objects with other finalizers, and Namespaces (whose content goes
// first), are marked and stay. Returns true when the object is gone now.
bool remove(ObjectStore &store, const QDateTime &now, const ResourceType &type, const QJsonObject &object, const QString &policy);

} // namespace enclii::kube::sim::deletion
