#pragma once

#include <QString>

namespace enclii::reconcile {

// The name grammars of the Kubernetes API (apimachinery validation), for the renderer and
// the structural validator.

// RFC 1123 label: lowercase alphanumerics and '-', alphanumeric at both ends, at most 63.
bool isDnsLabel(const QString &s);
// RFC 1035 label: a DNS label that starts with a letter (Service names).
bool isDns1035Label(const QString &s);
// RFC 1123 subdomain: DNS labels joined by '.', at most 253 characters.
bool isDnsSubdomain(const QString &s);
// A label or annotation key: [prefix/]name, prefix a DNS subdomain, name at most 63 of
// [A-Za-z0-9-_.] with alphanumerics at both ends.
bool isQualifiedName(const QString &s);
// A label value: empty, or at most 63 of [A-Za-z0-9-_.] with alphanumerics at both ends.
bool isLabelValue(const QString &s);

} // namespace enclii::reconcile
