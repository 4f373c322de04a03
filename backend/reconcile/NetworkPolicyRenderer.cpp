// NetworkPolicies: the seed's allowed and denied flows.
//
// Per namespace, everything is denied in both directions (default-deny), and every pod may
// ask the cluster DNS (allow-dns). Per service, one policy opens exactly:
//   in:  from the ingress controller when spec.network.ingress is public; from the services
//        spec.network.allowFrom names (namespace and pod labels: a pod elsewhere cannot pose
//        as one by copying its labels); from Prometheus (the seed's metrics scrape) — all on
//        the service's port only;
//   out: to the services it depends on (auth: Janua; service) on their ports; to the
//        infrastructure its dependencies name (its own database, cache, bucket, index) and
//        the platform flow's edges to infrastructure (registry, Stripe, Slack, the API
//        server), at the addresses (or in-cluster pods) RenderOptions::infrastructure gives.
// A flow needs both ends to allow it, so an allowFrom without the matching dependency (or the
// reverse) stays closed. Nothing reaches another app's namespace or the platform's pods unless
// both specs say so.
#include "Render_p.h"

#include "Cidr.h"

#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace enclii::reconcile::detail {

namespace {

QJsonObject namespaceSelector(const QString &namespaceName)
{
    return matchLabels(QJsonObject{{u"kubernetes.io/metadata.name"_s, namespaceName}});
}

QJsonObject peer(const PeerPods &pods)
{
    QJsonObject p{{u"namespaceSelector"_s, namespaceSelector(pods.namespaceName)}};
    if (!pods.podLabels.isEmpty())
        p.insert(u"podSelector"_s, matchLabels(pods.podLabels));
    return p;
}

QJsonObject peer(const core::ServiceSpec &s)
{
    return {{u"namespaceSelector"_s, namespaceSelector(s.namespaceName)},
            {u"podSelector"_s, matchLabels(podSelector(s))}};
}

QJsonArray ports(const QList<int> &numbers, const QString &protocol = u"TCP"_s)
{
    QJsonArray a;
    for (int n : numbers)
        a << QJsonObject{{u"protocol"_s, protocol}, {u"port"_s, n}};
    return a;
}

// One ipBlock per CIDR, with the endpoint's exceptions and the cluster's own ranges carved
// out wherever the API allows it (an exception must lie strictly inside its CIDR).
QJsonArray ipBlocks(const NetworkEndpoint &endpoint, const QStringList &clusterCidrs)
{
    QList<Cidr> carve;
    for (const QString &text : endpoint.except + clusterCidrs)
        if (auto c = Cidr::parse(text))
            carve << *c;
    QJsonArray blocks;
    for (const QString &text : endpoint.cidrs) {
        const auto cidr = Cidr::parse(text);
        QJsonObject block{{u"cidr"_s, text}};
        if (cidr) {
            QList<Cidr> inside;
            for (const Cidr &c : carve)
                if (cidr->strictlyContains(c) && !inside.contains(c))
                    inside << c;
            std::sort(inside.begin(), inside.end());
            QStringList except;
            for (const Cidr &c : inside)
                if (std::none_of(inside.begin(), inside.end(), [&](const Cidr &o) { return o.strictlyContains(c); }))
                    except << c.toString();
            if (!except.isEmpty()) {
                QJsonArray a;
                for (const QString &e : except)
                    a << e;
                block.insert(u"except"_s, a);
            }
        }
        blocks << QJsonObject{{u"ipBlock"_s, block}};
    }
    return blocks;
}

// The Ecosystem's infrastructure a data dependency uses: of the dependency's kind, the one
// named like its engine if there is one.
QString infrastructureFor(const core::SpecSet &specs, const core::Dependency &d)
{
    QString found;
    for (const auto &infra : specs.ecosystem.infrastructure) {
        if (infra.kind != d.kind)
            continue;
        if (infra.name == d.engine)
            return infra.name;
        if (found.isEmpty())
            found = infra.name;
    }
    return found;
}

bool isDataDependency(const core::Dependency &d)
{
    return d.kind != QLatin1String("auth") && d.kind != QLatin1String("service");
}

// The RenderOptions::infrastructure keys this service reaches, sorted.
QStringList infrastructureKeys(const core::SpecSet &specs, const core::ServiceSpec &s, const RenderOptions &options)
{
    QSet<QString> keys;
    QSet<QString> viaDependency;
    for (const auto &d : s.dependencies) {
        if (!isDataDependency(d))
            continue;
        const QString infra = infrastructureFor(specs, d);
        if (infra.isEmpty())
            continue;
        viaDependency.insert(infra);
        const QString specific = infra + u'/' + d.name;
        if (!d.name.isEmpty() && options.infrastructure.contains(specific))
            keys.insert(specific);
        else if (options.infrastructure.contains(infra))
            keys.insert(infra);
    }
    for (const auto &edge : specs.ecosystem.platformFlow) {
        if (edge.from != s.name || viaDependency.contains(edge.to) || specs.service(edge.to))
            continue;
        if (options.infrastructure.contains(edge.to))
            keys.insert(edge.to);
    }
    QStringList sorted(keys.begin(), keys.end());
    sorted.sort();
    return sorted;
}

} // namespace

QList<QJsonObject> namespacePolicies(const core::SpecSet &specs, const QString &namespaceName,
                                     const RenderOptions &options)
{
    const QJsonObject labels = namespaceLabels(specs, namespaceName);
    const QJsonObject everyPod;
    const QJsonObject deny{{u"podSelector"_s, everyPod},
                           {u"policyTypes"_s, QJsonArray{u"Ingress"_s, u"Egress"_s}}};
    QJsonArray dnsPorts = ports({53}, u"UDP"_s);
    dnsPorts << ports({53}).first();
    const QJsonObject dns{{u"podSelector"_s, everyPod},
                          {u"policyTypes"_s, QJsonArray{u"Egress"_s}},
                          {u"egress"_s, QJsonArray{QJsonObject{{u"to"_s, QJsonArray{peer(options.dns)}},
                                                               {u"ports"_s, dnsPorts}}}}};
    return {stamped(object(u"networking.k8s.io/v1"_s, u"NetworkPolicy"_s,
                           metadata(u"default-deny"_s, namespaceName, labels), deny)),
            stamped(object(u"networking.k8s.io/v1"_s, u"NetworkPolicy"_s,
                           metadata(u"allow-dns"_s, namespaceName, labels), dns))};
}

QJsonObject servicePolicy(const core::SpecSet &specs, const core::ServiceSpec &s, const RenderOptions &options)
{
    QJsonArray ingressRules;
    if (s.port > 0) {
        const QJsonArray own = ports({s.port});
        if (s.network.ingress == QLatin1String("public"))
            ingressRules << QJsonObject{{u"from"_s, QJsonArray{peer(options.ingressController)}}, {u"ports"_s, own}};
        QStringList callers = s.network.allowFrom;
        callers.sort();
        callers.removeDuplicates();
        QJsonArray from;
        for (const QString &name : callers)
            if (const core::ServiceSpec *caller = specs.service(name))
                from << peer(*caller);
        if (!from.isEmpty())
            ingressRules << QJsonObject{{u"from"_s, from}, {u"ports"_s, own}};
        ingressRules << QJsonObject{{u"from"_s, QJsonArray{peer(options.monitoring)}}, {u"ports"_s, own}};
    }

    QJsonArray egressRules;
    QStringList callees;
    for (const auto &d : s.dependencies)
        // A dependency on itself (Janua's auth on Janua) needs no network path: a replica
        // checks its own tokens in-process.
        if (!isDataDependency(d) && d.service != s.name)
            callees << d.service;
    callees.sort();
    callees.removeDuplicates();
    for (const QString &name : callees) {
        const core::ServiceSpec *callee = specs.service(name);
        if (callee && callee->port > 0)
            egressRules << QJsonObject{{u"to"_s, QJsonArray{peer(*callee)}}, {u"ports"_s, ports({callee->port})}};
    }
    for (const QString &key : infrastructureKeys(specs, s, options)) {
        const NetworkEndpoint &endpoint = options.infrastructure[key];
        QJsonArray to = ipBlocks(endpoint, options.clusterCidrs);
        for (const PeerPods &pods : endpoint.pods)
            to << peer(pods);
        if (!to.isEmpty() && !endpoint.ports.isEmpty())
            egressRules << QJsonObject{{u"to"_s, to}, {u"ports"_s, ports(endpoint.ports)}};
    }

    QJsonObject spec{{u"podSelector"_s, matchLabels(podSelector(s))},
                     {u"policyTypes"_s, QJsonArray{u"Ingress"_s, u"Egress"_s}}};
    if (!ingressRules.isEmpty())
        spec.insert(u"ingress"_s, ingressRules);
    if (!egressRules.isEmpty())
        spec.insert(u"egress"_s, egressRules);
    return stamped(object(u"networking.k8s.io/v1"_s, u"NetworkPolicy"_s,
                          metadata(s.name, s.namespaceName, serviceLabels(s)), spec));
}

} // namespace enclii::reconcile::detail
