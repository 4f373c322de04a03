#pragma once

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace enclii::reconcile {

// Pods outside the apps' namespaces that policies name: the namespace (matched by its
// kubernetes.io/metadata.name label, which the API server sets and nobody can forge) and
// the pods' labels inside it (empty: every pod of the namespace).
struct PeerPods
{
    QString namespaceName;
    QMap<QString, QString> podLabels;
};

// Infrastructure pods reach on TCP ports: outside the cluster by address (IPv4 CIDRs, as
// ipBlocks), or inside it as pods (e.g. a Redis Sentinel run in its own namespace).
// `except` is carved out of every CIDR that strictly contains it; the cluster's own pod and
// service ranges (RenderOptions::clusterCidrs) are always carved out as well, so an ipBlock
// never opens a path to another namespace's pods.
struct NetworkEndpoint
{
    QStringList cidrs;
    QStringList except;
    QList<int> ports;
    QList<PeerPods> pods;
};

// Where infrastructure lives, keyed by the Ecosystem's infrastructure names (postgresql,
// redis, object-store, opensearch, kubernetes, registry, stripe, slack, ...). A key
// "<infrastructure>/<name>" (e.g. "postgresql/forgesight_prod") overrides the engine-wide
// entry for one database, cache, bucket or index, which is how per-database addresses give
// per-database network isolation. Infrastructure without an entry gets no egress: fail closed.
//
// Defaults (the seed gives no addresses):
// - postgresql (Ubicloud, managed), redis (Sentinel), object-store (MinIO), opensearch and
//   kubernetes (the K3s API server on the nodes): the platform's private network 10.0.0.0/8
//   on their standard ports — PostgreSQL 5432, Redis 6379 and Sentinel 26379, MinIO 9000,
//   OpenSearch 9200, the K3s API 6443;
// - registry (GHCR), stripe, slack: HTTPS (443) to public addresses only — 0.0.0.0/0 except
//   the private ranges and link-local (cloud metadata at 169.254.169.254).
QMap<QString, NetworkEndpoint> defaultInfrastructureEndpoints();

struct RenderOptions
{
    // Ingress objects: the class the seed's Cloudflare Tunnel -> ingress controller path uses,
    // and annotations added to every Ingress (e.g. cert-manager.io/cluster-issuer).
    QString ingressClassName = QStringLiteral("nginx");
    QMap<QString, QString> ingressAnnotations;

    // Who may reach the pods besides the services that allowFrom names.
    PeerPods ingressController{QStringLiteral("ingress-nginx"), {{QStringLiteral("app.kubernetes.io/name"), QStringLiteral("ingress-nginx")}}};
    PeerPods monitoring{QStringLiteral("monitoring"), {{QStringLiteral("app.kubernetes.io/name"), QStringLiteral("prometheus")}}};
    // Cluster DNS, reachable by every pod on UDP and TCP 53.
    PeerPods dns{QStringLiteral("kube-system"), {{QStringLiteral("k8s-app"), QStringLiteral("kube-dns")}}};

    // The cluster's pod and service CIDRs (K3s defaults), excluded from every ipBlock.
    QStringList clusterCidrs{QStringLiteral("10.42.0.0/16"), QStringLiteral("10.43.0.0/16")};
    QMap<QString, NetworkEndpoint> infrastructure = defaultInfrastructureEndpoints();

    // The user and group every container runs as. runAsNonRoot alone would refuse the
    // native builder's images (debian, python, node and nginx bases run as root by default).
    int runAsUser = 65532;
    // Size limit of the writable /tmp (an emptyDir; the root filesystem is read-only).
    QString tmpSizeLimit = QStringLiteral("64Mi");
};

} // namespace enclii::reconcile
