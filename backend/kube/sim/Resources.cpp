#include "Resources.h"

namespace enclii::kube::sim::resources {

namespace {

enum Index { Namespaces, Nodes, Pods, Services, Events, ResourceQuotas, LimitRanges, Deployments, ReplicaSets, Hpas, Pdbs };

QList<ResourceType> build()
{
    const QStringList status{QStringLiteral("status")};
    const QStringList none;
    auto t = [](QString g, QString v, QString r, QString k, bool ns, QStringList sub, QStringList shortNames) {
        return ResourceType{std::move(g), std::move(v), std::move(r), std::move(k), ns, std::move(sub), std::move(shortNames)};
    };
    // The order matches Index above.
    return {
        t({}, QStringLiteral("v1"), QStringLiteral("namespaces"), QStringLiteral("Namespace"), false, status, {QStringLiteral("ns")}),
        t({}, QStringLiteral("v1"), QStringLiteral("nodes"), QStringLiteral("Node"), false, status, {QStringLiteral("no")}),
        t({}, QStringLiteral("v1"), QStringLiteral("pods"), QStringLiteral("Pod"), true,
          {QStringLiteral("status"), QStringLiteral("eviction")}, {QStringLiteral("po")}),
        t({}, QStringLiteral("v1"), QStringLiteral("services"), QStringLiteral("Service"), true, status, {QStringLiteral("svc")}),
        t({}, QStringLiteral("v1"), QStringLiteral("events"), QStringLiteral("Event"), true, none, {QStringLiteral("ev")}),
        t({}, QStringLiteral("v1"), QStringLiteral("resourcequotas"), QStringLiteral("ResourceQuota"), true, status, {QStringLiteral("quota")}),
        t({}, QStringLiteral("v1"), QStringLiteral("limitranges"), QStringLiteral("LimitRange"), true, none, {QStringLiteral("limits")}),
        t(QStringLiteral("apps"), QStringLiteral("v1"), QStringLiteral("deployments"), QStringLiteral("Deployment"), true,
          {QStringLiteral("status"), QStringLiteral("scale")}, {QStringLiteral("deploy")}),
        t(QStringLiteral("apps"), QStringLiteral("v1"), QStringLiteral("replicasets"), QStringLiteral("ReplicaSet"), true,
          {QStringLiteral("status"), QStringLiteral("scale")}, {QStringLiteral("rs")}),
        t(QStringLiteral("autoscaling"), QStringLiteral("v2"), QStringLiteral("horizontalpodautoscalers"),
          QStringLiteral("HorizontalPodAutoscaler"), true, status, {QStringLiteral("hpa")}),
        t(QStringLiteral("policy"), QStringLiteral("v1"), QStringLiteral("poddisruptionbudgets"), QStringLiteral("PodDisruptionBudget"),
          true, status, {QStringLiteral("pdb")}),
        t({}, QStringLiteral("v1"), QStringLiteral("configmaps"), QStringLiteral("ConfigMap"), true, none, {QStringLiteral("cm")}),
        t({}, QStringLiteral("v1"), QStringLiteral("secrets"), QStringLiteral("Secret"), true, none, {}),
        t({}, QStringLiteral("v1"), QStringLiteral("serviceaccounts"), QStringLiteral("ServiceAccount"), true, none, {QStringLiteral("sa")}),
        t(QStringLiteral("networking.k8s.io"), QStringLiteral("v1"), QStringLiteral("ingresses"), QStringLiteral("Ingress"), true,
          status, {QStringLiteral("ing")}),
        t(QStringLiteral("networking.k8s.io"), QStringLiteral("v1"), QStringLiteral("networkpolicies"), QStringLiteral("NetworkPolicy"),
          true, none, {QStringLiteral("netpol")}),
        t(QStringLiteral("coordination.k8s.io"), QStringLiteral("v1"), QStringLiteral("leases"), QStringLiteral("Lease"), true, none, {}),
    };
}

} // namespace

const QList<ResourceType> &all()
{
    static const QList<ResourceType> list = build();
    return list;
}

const ResourceType *find(const QString &group, const QString &version, const QString &resource)
{
    for (const ResourceType &t : all())
        if (t.group == group && t.version == version && t.resource == resource)
            return &t;
    return nullptr;
}

const ResourceType *byKind(const QString &apiVersion, const QString &kind)
{
    for (const ResourceType &t : all())
        if (t.apiVersion() == apiVersion && t.kind == kind)
            return &t;
    return nullptr;
}

const ResourceType &namespaces() { return all()[Namespaces]; }
const ResourceType &nodes() { return all()[Nodes]; }
const ResourceType &pods() { return all()[Pods]; }
const ResourceType &services() { return all()[Services]; }
const ResourceType &events() { return all()[Events]; }
const ResourceType &resourceQuotas() { return all()[ResourceQuotas]; }
const ResourceType &limitRanges() { return all()[LimitRanges]; }
const ResourceType &deployments() { return all()[Deployments]; }
const ResourceType &replicaSets() { return all()[ReplicaSets]; }
const ResourceType &horizontalPodAutoscalers() { return all()[Hpas]; }
const ResourceType &podDisruptionBudgets() { return all()[Pdbs]; }

} // namespace enclii::kube::sim::resources
