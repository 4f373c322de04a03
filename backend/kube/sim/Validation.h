#pragma once

#include "Resources.h"

#include <QJsonArray>
#include <QJsonObject>

namespace enclii::kube::sim {

// The checks the real server makes before it stores an object, for the fields the
// simulation relies on: names, labels, required fields, the selector/template agreement of
// workloads, value ranges and immutable fields. Returns the causes (field + message) of a
// 422 Invalid; empty when the object is acceptable. `old` is the stored object on update.
QJsonArray validateObject(const ResourceType &type, const QJsonObject &object, const QJsonObject *old);

namespace names {
bool isDnsLabel(const QString &s);     // RFC 1123 label, at most 63 characters
bool isDnsSubdomain(const QString &s); // RFC 1123 subdomain, at most 253 characters
// Five random characters of the alphabet Kubernetes uses for generated names (no vowels).
QString randomSuffix();
} // namespace names

} // namespace enclii::kube::sim
