#pragma once

#include "Release.h"
#include "RenderOptions.h"

#include "core/Ecosystem.h"
#include "core/ServiceSpec.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace enclii::reconcile {

// Specs and releases -> Kubernetes objects. Pure functions: the same input gives the same
// objects, byte for byte, whatever the order of the services or of the release hash.
//
// Every object carries app.kubernetes.io/managed-by=enclii, part-of=<project>,
// name=<service> and component=<component> (for the namespace-wide objects, name=<project>
// and component=namespace), and the annotation enclii.dev/render-hash (see renderHash).

// The annotation that holds an object's render hash.
inline constexpr char kRenderHashAnnotation[] = "enclii.dev/render-hash";

// One service: its Deployment, Service (when it has a port), Ingress (when it has domains),
// HorizontalPodAutoscaler (when it autoscales), PodDisruptionBudget and NetworkPolicy,
// sorted like renderAll. Empty, with error set, when the release is not for this service
// or its image is not pinned by digest.
QList<QJsonObject> renderService(const core::SpecSet &specs, const core::ServiceSpec &service,
                                 const Release &release, const RenderOptions &options,
                                 QString *error = nullptr);

// One namespace: the Namespace, its ResourceQuota and LimitRange (from the budget of the
// services in it) and its namespace-wide NetworkPolicies (default deny, DNS). Empty when no
// service lives in it.
QList<QJsonObject> renderNamespace(const core::SpecSet &specs, const QString &namespaceName,
                                   const RenderOptions &options);

// Every namespace of the spec set, and every service that has a release (releases keyed by
// service name; a service without one is left out: there is nothing to run). Empty, with
// error listing every refused release, when any release is refused or names no service.
QList<QJsonObject> renderAll(const core::SpecSet &specs, const QHash<QString, Release> &releases,
                             const RenderOptions &options, QString *error = nullptr);

// The deterministic order: kind (Namespace, ResourceQuota, LimitRange, NetworkPolicy, Service,
// Deployment, HorizontalPodAutoscaler, PodDisruptionBudget, Ingress), then namespace, then name.
void sortObjects(QList<QJsonObject> &objects);

// SHA-256 (hex) of the object's canonical JSON (compact, keys sorted) without the
// render-hash annotation; what the annotation holds, so a reader can tell whether an object
// in the cluster is still the one Enclii rendered.
QString renderHash(const QJsonObject &object);

} // namespace enclii::reconcile
