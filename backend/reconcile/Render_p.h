#pragma once

// Shared between the renderer's files; not part of the library's interface.

#include "Release.h"
#include "RenderOptions.h"

#include "core/Ecosystem.h"
#include "core/ServiceSpec.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>

namespace enclii::reconcile::detail {

// Labels every object of a service carries: the spec's own metadata.labels, then ours
// (which win on a clash).
QJsonObject serviceLabels(const core::ServiceSpec &s);
// Labels of the namespace-wide objects: name=<project>, component=namespace.
QJsonObject namespaceLabels(const core::SpecSet &specs, const QString &namespaceName);
// The pods of the service's stable track: what its Deployment owns and its Service routes
// to. A canary track (a later rollout step) carries enclii.dev/track=canary beside the same name.
QJsonObject stableSelector(const core::ServiceSpec &s);
// Every pod of the service, whatever its track: what policies and the PDB select.
QJsonObject podSelector(const core::ServiceSpec &s);
// {matchLabels: labels}
QJsonObject matchLabels(const QJsonObject &labels);
QJsonObject matchLabels(const QMap<QString, QString> &labels);

QJsonObject metadata(const QString &name, const QString &namespaceName, const QJsonObject &labels);
QJsonObject object(const QString &apiVersion, const QString &kind, const QJsonObject &metadata,
                   const QJsonObject &spec);
// Adds the render-hash annotation; the last step of building any object.
QJsonObject stamped(QJsonObject o);

// The services living in a namespace, by name.
QList<const core::ServiceSpec *> servicesIn(const core::SpecSet &specs, const QString &namespaceName);
// Extra pods a rollout adds above `replicas` (maxSurge rounded up, as the Deployment
// controller does): the rolling settings, 25% for a canary's stable track, none for recreate.
int surgePods(const core::ServiceSpec &s, int replicas);
// The spec.deploy settings as the Deployment's RollingUpdate values (int or percent string).
QJsonValue intOrPercent(const QString &text);
// A platformFlow edge leads from the service to the cluster itself (switchyard-api runs the
// reconcilers): its pods need the API server, hence a service-account token.
bool talksToKubernetesApi(const core::SpecSet &specs, const core::ServiceSpec &s);

// WorkloadRenderer.cpp
QJsonObject deployment(const core::SpecSet &specs, const core::ServiceSpec &s, const Release &release,
                       const RenderOptions &options);
QJsonObject service(const core::ServiceSpec &s);
QJsonObject ingress(const core::ServiceSpec &s, const RenderOptions &options);
QJsonObject autoscaler(const core::ServiceSpec &s);
QJsonObject disruptionBudget(const core::ServiceSpec &s);
QString tlsSecretName(const QString &host);

// NamespaceRenderer.cpp
QJsonObject namespaceObject(const core::SpecSet &specs, const QString &namespaceName);
QJsonObject resourceQuota(const core::SpecSet &specs, const QString &namespaceName);
QJsonObject limitRange(const core::SpecSet &specs, const QString &namespaceName);

// NetworkPolicyRenderer.cpp
QList<QJsonObject> namespacePolicies(const core::SpecSet &specs, const QString &namespaceName,
                                     const RenderOptions &options);
QJsonObject servicePolicy(const core::SpecSet &specs, const core::ServiceSpec &s, const RenderOptions &options);

} // namespace enclii::reconcile::detail
