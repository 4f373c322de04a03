#pragma once

#include <QJsonObject>
#include <QSet>
#include <QString>
#include <QStringList>

namespace enclii::reconcile {

// What drifted: the paths of the fields the desired object sets whose live value differs
// or is missing ("spec.replicas", "spec.template.spec.containers[0].image",
// `metadata.labels["app.kubernetes.io/name"]`). Fields the desired object does not set
// (server defaults, status, other managers' additions) are not compared: they are not ours.
// Lists are compared item by item, so a defaulted field inside an item is no drift either.
// At most maxPaths paths, in document order.
QStringList driftedFields(const QJsonObject &desired, const QJsonObject &live, int maxPaths = 32);

// The fields a manager holds on a live object, read from metadata.managedFields (FieldsV1),
// in the form apply conflicts name them: ".spec.replicas",
// `.spec.template.spec.containers[name="app"].image`. operation empty: any operation.
QSet<QString> fieldsOwnedBy(const QJsonObject &live, const QString &manager,
                            const QString &operation = QStringLiteral("Apply"));

} // namespace enclii::reconcile
