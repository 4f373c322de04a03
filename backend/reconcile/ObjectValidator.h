#pragma once

#include <QJsonObject>
#include <QStringList>

namespace enclii::reconcile {

// Structural checks of one Kubernetes object, for the kinds Enclii renders:
// v1 Namespace/Service/ResourceQuota/LimitRange, apps/v1 Deployment, networking.k8s.io/v1
// Ingress/NetworkPolicy, autoscaling/v2 HorizontalPodAutoscaler, policy/v1 PodDisruptionBudget.
// It checks what the API server would refuse (names, labels, required fields, selectors that
// match their templates, ports, quantities through core::Quantity::parse, CIDRs) and, when the
// object carries enclii.dev/render-hash, that the hash is its own. Not a full OpenAPI
// validation: unknown fields pass. Returns one "Kind namespace/name: field: message" per
// problem; empty when the object is sound.
QStringList validateObject(const QJsonObject &object);

} // namespace enclii::reconcile
