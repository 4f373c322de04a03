#pragma once

#include "Resources.h"

#include <QJsonObject>
#include <QList>

namespace enclii::kube::sim {

class ObjectStore;

struct StoredRef
{
    const ResourceType *type = nullptr;
    QJsonObject object;
};

// ownerReferences, as the garbage collector and the workload controllers read them.
namespace ownership {

QList<StoredRef> dependentsOf(const ObjectStore &store, const QString &ns, const QString &ownerUid);
// The uid of the owner marked controller: true, or empty.
QString controllerUid(const QJsonObject &object);
// True when the object has owners and none of them exists any more.
bool orphaned(const ObjectStore &store, const QJsonObject &object);
QJsonObject controllerRef(const QJsonObject &owner);
// Removes the references to ownerUid; true when there were any.
bool dropOwner(QJsonObject &object, const QString &ownerUid);

} // namespace ownership

} // namespace enclii::kube::sim
