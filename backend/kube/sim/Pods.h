#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QMap>
#include <QString>

namespace enclii::kube::sim::pods {

// A pod's effective requests and limits (the larger of the containers' sum and any one init
// container), in milli-units keyed "requests.cpu", "limits.memory"...
QMap<QString, qint64> resources(const QJsonObject &pod);
bool isTerminal(const QJsonObject &pod);
bool isDeleting(const QJsonObject &o);
// Counted by its controller: neither finished nor being deleted.
bool isActive(const QJsonObject &pod);
bool isReady(const QJsonObject &pod);
// When the Ready condition last became True (invalid when not ready).
QDateTime readySince(const QJsonObject &pod);
bool isAvailable(const QJsonObject &pod, int minReadySeconds, const QDateTime &now);
// The condition of a type from status.conditions (empty object when absent).
QJsonObject condition(const QJsonObject &object, const QString &type);
// Sets a condition, keeping lastTransitionTime unless the status changes.
void setCondition(QJsonObject &object, QJsonObject condition, const QString &now);

} // namespace enclii::kube::sim::pods
