#pragma once

#include <QJsonObject>
#include <QString>

namespace enclii::kube::sim::discovery {

// The discovery documents kubectl and client libraries read first: /api, /apis,
// /apis/<group>, /api/v1 and /apis/<group>/<version> (APIResourceList), and /version.
// metrics.k8s.io/v1beta1 is listed beside the stored kinds.
QJsonObject coreVersions();
QJsonObject groupList();
// Empty when the group is unknown.
QJsonObject group(const QString &name);
QJsonObject resourceList(const QString &group, const QString &version);
QJsonObject version(const QString &gitVersion);

inline const QString kMetricsGroup = QStringLiteral("metrics.k8s.io");
inline const QString kMetricsVersion = QStringLiteral("v1beta1");

} // namespace enclii::kube::sim::discovery
