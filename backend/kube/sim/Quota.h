#pragma once

#include "Resources.h"

#include <QJsonObject>
#include <QMap>
#include <QString>

namespace enclii::kube::sim {

class ObjectStore;

namespace quota {

// What one object counts against the quota keys (pods, requests.cpu, services,
// count/deployments.apps...), in milli-units.
QMap<QString, qint64> charge(const ResourceType &type, const QJsonObject &object);
// What a namespace uses now, for the keys of `hard`.
QMap<QString, qint64> usage(const ObjectStore &store, const QString &ns, const QJsonObject &hard);
// The API's text for an amount under a key ("500m", "1Gi", "3").
QString format(const QString &key, qint64 milli);
bool isMemoryKey(const QString &key);
bool isCpuKey(const QString &key);

} // namespace quota

} // namespace enclii::kube::sim
