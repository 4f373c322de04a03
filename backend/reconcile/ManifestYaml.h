#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>

namespace enclii::reconcile {

// Objects as one multi-document YAML stream ("---" before each document), keys sorted, two
// spaces of indentation, for GitOps repositories and golden files. A string is written plain
// only when no YAML 1.1 or 1.2 reader could take it for anything else (a number, a bool,
// null, a date, an indicator); otherwise double-quoted. The same objects give the same bytes.
QByteArray toYaml(const QList<QJsonObject> &objects);

} // namespace enclii::reconcile
