#pragma once

#include <QJsonArray>
#include <QJsonObject>

namespace enclii::spec {

// The changes that turn `from` into `to`, as a list of
// {"path": "spec.replicas", "op": "changed"|"added"|"removed", "from": ..., "to": ...}.
// Objects are compared key by key; arrays element by element ("spec.domains[0].host"),
// with extra elements added or removed at the end.
QJsonArray jsonDiff(const QJsonObject &from, const QJsonObject &to);

} // namespace enclii::spec
