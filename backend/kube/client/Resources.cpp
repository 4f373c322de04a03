#include "kube/client/Resources.h"

#include <QJsonObject>
#include <QStringList>

#include <algorithm>

namespace enclii::kube {

namespace {

using Rule = ResourceType::NameRule;

bool isLowerAlnum(QChar c)
{
    return (c >= QLatin1Char('a') && c <= QLatin1Char('z')) || (c >= QLatin1Char('0') && c <= QLatin1Char('9'));
}

// RFC 1123 label: [a-z0-9]([-a-z0-9]*[a-z0-9])?, at most 63.
bool isLabel(QStringView s)
{
    if (s.isEmpty() || s.size() > 63 || !isLowerAlnum(s.front()) || !isLowerAlnum(s.back()))
        return false;
    return std::all_of(s.begin(), s.end(), [](QChar c) { return isLowerAlnum(c) || c == QLatin1Char('-'); });
}

QString describeRule(Rule rule)
{
    switch (rule) {
    case Rule::DnsLabel:
        return QStringLiteral("at most 63 lowercase letters, digits and '-', starting and ending with a letter "
                              "or digit");
    case Rule::Dns1035Label:
        return QStringLiteral("at most 63 lowercase letters, digits and '-', starting with a letter and ending "
                              "with a letter or digit");
    case Rule::DnsSubdomain:
        return QStringLiteral("at most 253 characters of lowercase letters, digits, '-' and '.', each "
                              "'.'-separated part starting and ending with a letter or digit");
    }
    return {};
}

bool follows(Rule rule, const QString &name)
{
    switch (rule) {
    case Rule::DnsLabel:
        return isLabel(name);
    case Rule::Dns1035Label:
        return isLabel(name) && name.front().isLetter();
    case Rule::DnsSubdomain: {
        if (name.size() > 253)
            return false;
        const QList<QStringView> parts = QStringView(name).split(QLatin1Char('.'));
        return std::all_of(parts.begin(), parts.end(), [](QStringView p) { return isLabel(p); });
    }
    }
    return false;
}

QString shown(const QString &s)
{
    return QLatin1Char('"') + (s.size() <= 80 ? s : s.left(80) + QStringLiteral("...")) + QLatin1Char('"');
}

KubeError invalid(const QString &message)
{
    return KubeError::make(KubeError::Kind::InvalidArgument, QStringLiteral("resolve resource"), message);
}

QString knownKinds()
{
    QStringList kinds;
    for (const ResourceType &t : knownResources())
        kinds << t.kind;
    return kinds.join(QLatin1String(", "));
}

} // namespace

QString ResourceType::apiVersion() const
{
    return group.isEmpty() ? version : group + QLatin1Char('/') + version;
}

QString ResourceType::groupVersionPath() const
{
    return group.isEmpty() ? QLatin1String("/api/") + version : QLatin1String("/apis/") + apiVersion();
}

QString ResourceType::collectionPath(const QString &ns) const
{
    if (!namespaced || ns.isEmpty())
        return groupVersionPath() + QLatin1Char('/') + plural;
    return groupVersionPath() + QLatin1String("/namespaces/") + ns + QLatin1Char('/') + plural;
}

QString ResourceType::objectPath(const QString &ns, const QString &name) const
{
    return collectionPath(namespaced ? ns : QString()) + QLatin1Char('/') + name;
}

QString ResourceType::checkName(const QString &name) const
{
    if (name.isEmpty())
        return QStringLiteral("a %1 needs a name").arg(kind);
    if (!follows(nameRule, name))
        return QStringLiteral("%1 is not a valid %2 name: use %3").arg(shown(name), kind, describeRule(nameRule));
    return {};
}

QString checkNamespace(const QString &ns)
{
    if (ns.isEmpty())
        return QStringLiteral("no namespace given");
    if (!isLabel(ns))
        return QStringLiteral("%1 is not a valid namespace name: use %2").arg(shown(ns), describeRule(Rule::DnsLabel));
    return {};
}

const QList<ResourceType> &knownResources()
{
    static const QList<ResourceType> table = [] {
        const auto t = [](const char *kind, const char *group, const char *version, const char *plural,
                          bool namespaced, Rule rule = Rule::DnsSubdomain) {
            return ResourceType{QLatin1String(kind), QLatin1String(group), QLatin1String(version),
                                QLatin1String(plural), namespaced, rule};
        };
        return QList<ResourceType>{
            t("Namespace", "", "v1", "namespaces", false, Rule::DnsLabel),
            t("Deployment", "apps", "v1", "deployments", true),
            t("Service", "", "v1", "services", true, Rule::Dns1035Label),
            t("Ingress", "networking.k8s.io", "v1", "ingresses", true),
            t("HorizontalPodAutoscaler", "autoscaling", "v2", "horizontalpodautoscalers", true),
            t("PodDisruptionBudget", "policy", "v1", "poddisruptionbudgets", true),
            t("ResourceQuota", "", "v1", "resourcequotas", true),
            t("LimitRange", "", "v1", "limitranges", true),
            t("NetworkPolicy", "networking.k8s.io", "v1", "networkpolicies", true),
            t("Pod", "", "v1", "pods", true),
            t("ReplicaSet", "apps", "v1", "replicasets", true),
            t("Lease", "coordination.k8s.io", "v1", "leases", true),
            t("Event", "", "v1", "events", true),
            t("ConfigMap", "", "v1", "configmaps", true),
            t("Secret", "", "v1", "secrets", true),
            t("ServiceAccount", "", "v1", "serviceaccounts", true),
            // Read by the reconciler for the cluster view: nodes, and the metrics API's usage.
            t("Node", "", "v1", "nodes", false),
            t("NodeMetrics", "metrics.k8s.io", "v1beta1", "nodes", false),
            t("PodMetrics", "metrics.k8s.io", "v1beta1", "pods", true),
        };
    }();
    return table;
}

KubeResult<ResourceType> resourceForKind(const QString &kind)
{
    for (const ResourceType &t : knownResources())
        if (t.kind == kind)
            return t;
    return invalid(QStringLiteral("unknown kind %1; the kinds this client addresses are %2")
                       .arg(shown(kind), knownKinds()));
}

KubeResult<ResourceType> resourceFor(const QString &apiVersion, const QString &kind)
{
    KubeResult<ResourceType> r = resourceForKind(kind);
    if (!r.ok() || apiVersion.isEmpty())
        return r;
    const qsizetype slash = apiVersion.indexOf(QLatin1Char('/'));
    const QString group = slash < 0 ? QString() : apiVersion.left(slash);
    const QString version = slash < 0 ? apiVersion : apiVersion.mid(slash + 1);
    if (group != r->group || !isLabel(version))
        return invalid(QStringLiteral("apiVersion %1 does not serve %2; expected %3 (or another version of group %4)")
                           .arg(shown(apiVersion), kind, r->apiVersion(),
                                r->group.isEmpty() ? QStringLiteral("core") : r->group));
    r->version = version;
    return r;
}

KubeResult<ResourceType> resourceForObject(const QJsonObject &object)
{
    const QString kind = object.value(QLatin1String("kind")).toString();
    const QString apiVersion = object.value(QLatin1String("apiVersion")).toString();
    if (kind.isEmpty() || apiVersion.isEmpty())
        return invalid(QStringLiteral("the object has no %1").arg(kind.isEmpty() ? QStringLiteral("kind")
                                                                                 : QStringLiteral("apiVersion")));
    return resourceFor(apiVersion, kind);
}

} // namespace enclii::kube
