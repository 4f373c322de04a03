#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace enclii::kube::sim {

// One kind the simulated API server stores: where it lives in the API (group, version,
// plural resource) and what it offers. The set is the kinds Enclii's reconcilers write and
// read, plus the ones the simulation produces (Nodes, Pods, ReplicaSets, Events).
struct ResourceType
{
    QString group;    // "" for the core group
    QString version;  // "v1", "v2"
    QString resource; // plural, lower case: "deployments"
    QString kind;     // "Deployment"
    bool namespaced = true;
    QStringList subresources; // "status", "scale"
    QStringList shortNames;

    QString apiVersion() const { return group.isEmpty() ? version : group + u'/' + version; }
    // "deployments.apps", "pods": how the real server names a resource in its messages.
    QString qualified() const { return group.isEmpty() ? resource : resource + u'.' + group; }
    // "Deployment.apps": how Invalid errors name the kind.
    QString groupKind() const { return group.isEmpty() ? kind : kind + u'.' + group; }
    bool hasStatus() const { return subresources.contains(QStringLiteral("status")); }
};

namespace resources {

const QList<ResourceType> &all();
const ResourceType *find(const QString &group, const QString &version, const QString &resource);
const ResourceType *byKind(const QString &apiVersion, const QString &kind);

// The ones the controllers use by name.
const ResourceType &namespaces();
const ResourceType &nodes();
const ResourceType &pods();
const ResourceType &services();
const ResourceType &events();
const ResourceType &resourceQuotas();
const ResourceType &limitRanges();
const ResourceType &deployments();
const ResourceType &replicaSets();
const ResourceType &horizontalPodAutoscalers();
const ResourceType &podDisruptionBudgets();

} // namespace resources

} // namespace enclii::kube::sim
