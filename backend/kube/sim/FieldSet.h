#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <set>

namespace enclii::kube::sim::fields {

// A path to one field, as structured-merge-diff spells its steps: "f:spec" (a map field),
// `k:{"name":"app"}` (the item of an associative list with that key). A path ending in a
// k: step stands for the item itself (the "." of fieldsV1).
using Path = QStringList;
using Set = std::set<Path>;

// Which part of an object a write may touch: the main resource (all but status and the
// system's metadata) or the status subresource.
enum class Scope { Main, Status };

// The key fields of the list at schemaPath (field names from the object's root, list items
// not counted: "spec.template.spec.containers"), empty for an atomic list. The lists that
// Kubernetes declares as list-maps (x-kubernetes-list-map-keys) for the kinds we serve.
QStringList listKeys(const QString &kind, const QStringList &schemaPath);

// The step naming a list item by its key fields (`k:{"containerPort":80,"protocol":"TCP"}`;
// a missing protocol counts as the API's default TCP), or empty when a key field is missing.
QString itemKey(const QJsonObject &item, const QStringList &keys);

// The fields an object sets: every leaf (scalar, atomic list, empty map) and every item of
// an associative list. Strict mode refuses items without their key or with duplicate keys
// (an applied configuration); lenient mode lets a later duplicate win (a stored object).
bool collect(const QJsonObject &object, const QString &kind, Scope scope, bool strict, Set *out, QString *error);

QJsonObject toFieldsV1(const Set &set);
Set fromFieldsV1(const QJsonObject &fieldsV1, int maxPaths = 100000);

// The value a path leads to in an object (undefined when it leads nowhere).
QJsonValue valueAt(const QJsonObject &object, const Path &path, const QString &kind);
// Removes what a path leads to; maps a removal leaves empty go too. False if absent.
bool removeAt(QJsonObject &object, const Path &path, const QString &kind);
// ".spec.template.spec.containers[name=\"app\"].image", the form conflict messages use.
QString describe(const Path &path);

bool isItem(const Path &path);
// Whether any member of the set is `prefix` or lies beneath it.
bool coversPrefix(const Set &set, const Path &prefix);

} // namespace enclii::kube::sim::fields
