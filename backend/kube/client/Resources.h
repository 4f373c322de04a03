#pragma once

#include "kube/client/KubeError.h"

#include <QList>
#include <QString>

class QJsonObject;

namespace enclii::kube {

// How a resource is addressed over REST: /api/v1/... for the core group ("" group),
// /apis/<group>/<version>/... for the others; namespaced ones under namespaces/<ns>/.
struct ResourceType
{
    // The grammar its object names follow (apimachinery validation).
    enum class NameRule {
        DnsSubdomain,  // most kinds: RFC 1123 subdomain, at most 253
        DnsLabel,      // Namespace: RFC 1123 label, at most 63
        Dns1035Label,  // Service: a label that starts with a letter
    };

    QString kind;     // "Deployment"
    QString group;    // "apps"; "" for the core group
    QString version;  // "v1"
    QString plural;   // "deployments"
    bool namespaced = true;
    NameRule nameRule = NameRule::DnsSubdomain;

    bool isValid() const { return !kind.isEmpty() && !plural.isEmpty() && !version.isEmpty(); }
    // "apps/v1", or "v1" for the core group.
    QString apiVersion() const;
    // "/api/v1" or "/apis/apps/v1".
    QString groupVersionPath() const;
    // The collection: in one namespace, or across all namespaces when ns is empty (and
    // always for cluster-scoped kinds). Inputs must have passed checkNamespace.
    QString collectionPath(const QString &ns = {}) const;
    // One object; ns is ignored for cluster-scoped kinds. Inputs must have passed checkName.
    QString objectPath(const QString &ns, const QString &name) const;

    // Empty when name is a valid name for this kind, otherwise what is wrong with it.
    QString checkName(const QString &name) const;
};

// The kinds Enclii reads and writes: Namespace, Deployment, Service, Ingress,
// HorizontalPodAutoscaler, PodDisruptionBudget, ResourceQuota, LimitRange, NetworkPolicy,
// Pod, ReplicaSet, Lease, Event, ConfigMap, Secret, ServiceAccount, and read-only Node,
// NodeMetrics and PodMetrics (metrics.k8s.io/v1beta1), at the versions our
// rendering uses. The table stands in for discovery: the cluster versions we target all serve them.
const QList<ResourceType> &knownResources();

// By kind ("Deployment"), at the table's version.
KubeResult<ResourceType> resourceForKind(const QString &kind);
// By apiVersion and kind as an object states them: the kind must be known and its group
// match; the version is taken from apiVersion (so "autoscaling/v1" is addressed as such).
KubeResult<ResourceType> resourceFor(const QString &apiVersion, const QString &kind);
// resourceFor(object.apiVersion, object.kind).
KubeResult<ResourceType> resourceForObject(const QJsonObject &object);

// Empty when ns is a valid namespace name (an RFC 1123 label), otherwise what is wrong.
QString checkNamespace(const QString &ns);

} // namespace enclii::kube
