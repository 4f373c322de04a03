// A service's workload objects: Deployment, Service, Ingress, HorizontalPodAutoscaler,
// PodDisruptionBudget.
#include "Render_p.h"

#include <QCryptographicHash>

using namespace Qt::StringLiterals;
using enclii::core::Quantity;

namespace enclii::reconcile::detail {

namespace {

QJsonArray strings(const QStringList &list)
{
    QJsonArray a;
    for (const QString &s : list)
        a << s;
    return a;
}

QJsonObject resourceList(const core::ResourceList &r)
{
    return {{u"cpu"_s, r.cpu.toString(Quantity::Kind::Cpu)}, {u"memory"_s, r.memory.toString(Quantity::Kind::Memory)}};
}

QJsonObject probe(const core::HttpProbe &p)
{
    return {{u"httpGet"_s, QJsonObject{{u"path"_s, p.path}, {u"port"_s, p.port}, {u"scheme"_s, u"HTTP"_s}}},
            {u"initialDelaySeconds"_s, p.initialDelaySeconds},
            {u"periodSeconds"_s, p.periodSeconds},
            {u"timeoutSeconds"_s, p.timeoutSeconds},
            {u"failureThreshold"_s, p.failureThreshold}};
}

QJsonArray env(const QList<core::EnvVar> &vars)
{
    // The spec's order is kept: a later value may refer to an earlier one as $(NAME).
    QJsonArray a;
    for (const auto &v : vars) {
        if (v.isSecret())
            a << QJsonObject{{u"name"_s, v.name},
                             {u"valueFrom"_s, QJsonObject{{u"secretKeyRef"_s, QJsonObject{{u"name"_s, v.secretName},
                                                                                          {u"key"_s, v.secretKey}}}}}};
        else
            a << QJsonObject{{u"name"_s, v.name}, {u"value"_s, v.value}};
    }
    return a;
}

QJsonObject strategy(const core::ServiceSpec &s)
{
    const QString kind = s.deploy.strategy;
    if (kind == QLatin1String("recreate"))
        return {{u"type"_s, u"Recreate"_s}};
    // A canary's new release runs as a second, canary track (a later rollout step); the stable
    // track rolls with a surge and never drops below its count.
    const bool canary = kind == QLatin1String("canary");
    const QJsonValue surge = canary ? QJsonValue(u"25%"_s) : intOrPercent(s.deploy.maxSurge);
    const QJsonValue unavailable = canary ? QJsonValue(0) : intOrPercent(s.deploy.maxUnavailable);
    return {{u"type"_s, u"RollingUpdate"_s},
            {u"rollingUpdate"_s, QJsonObject{{u"maxSurge"_s, surge}, {u"maxUnavailable"_s, unavailable}}}};
}

QJsonObject container(const core::ServiceSpec &s, const Release &release)
{
    QJsonObject c{{u"name"_s, s.component},
                  {u"image"_s, release.image},
                  {u"imagePullPolicy"_s, u"IfNotPresent"_s},
                  {u"resources"_s, QJsonObject{{u"requests"_s, resourceList(s.resources.requests)},
                                               {u"limits"_s, resourceList(s.resources.limits)}}},
                  {u"securityContext"_s, QJsonObject{{u"runAsNonRoot"_s, true},
                                                     {u"readOnlyRootFilesystem"_s, true},
                                                     {u"allowPrivilegeEscalation"_s, false},
                                                     {u"capabilities"_s, QJsonObject{{u"drop"_s, QJsonArray{u"ALL"_s}}}},
                                                     {u"seccompProfile"_s, QJsonObject{{u"type"_s, u"RuntimeDefault"_s}}}}},
                  {u"volumeMounts"_s, QJsonArray{QJsonObject{{u"name"_s, u"tmp"_s}, {u"mountPath"_s, u"/tmp"_s}}}}};
    if (!s.command.isEmpty())
        c.insert(u"command"_s, strings(s.command));
    if (!s.args.isEmpty())
        c.insert(u"args"_s, strings(s.args));
    if (s.port > 0)
        c.insert(u"ports"_s, QJsonArray{QJsonObject{{u"name"_s, u"http"_s}, {u"containerPort"_s, s.port},
                                                    {u"protocol"_s, u"TCP"_s}}});
    if (!s.env.isEmpty())
        c.insert(u"env"_s, env(s.env));
    if (s.probes.liveness)
        c.insert(u"livenessProbe"_s, probe(*s.probes.liveness));
    if (s.probes.readiness)
        c.insert(u"readinessProbe"_s, probe(*s.probes.readiness));
    if (s.probes.startup)
        c.insert(u"startupProbe"_s, probe(*s.probes.startup));
    return c;
}

} // namespace

QJsonObject deployment(const core::SpecSet &specs, const core::ServiceSpec &s, const Release &release,
                       const RenderOptions &options)
{
    QJsonObject podLabels = serviceLabels(s);
    const QJsonObject selector = stableSelector(s);
    for (auto it = selector.begin(); it != selector.end(); ++it)
        podLabels.insert(it.key(), it.value());

    const QJsonObject podSecurity{{u"runAsNonRoot"_s, true},
                                  {u"runAsUser"_s, options.runAsUser},
                                  {u"runAsGroup"_s, options.runAsUser},
                                  {u"fsGroup"_s, options.runAsUser},
                                  {u"seccompProfile"_s, QJsonObject{{u"type"_s, u"RuntimeDefault"_s}}}};
    const QJsonObject podSpec{
        {u"automountServiceAccountToken"_s, talksToKubernetesApi(specs, s)},
        {u"enableServiceLinks"_s, false},
        {u"securityContext"_s, podSecurity},
        {u"containers"_s, QJsonArray{container(s, release)}},
        {u"volumes"_s, QJsonArray{QJsonObject{{u"name"_s, u"tmp"_s},
                                              {u"emptyDir"_s, QJsonObject{{u"sizeLimit"_s, options.tmpSizeLimit}}}}}},
        {u"topologySpreadConstraints"_s,
         QJsonArray{QJsonObject{{u"maxSkew"_s, 1},
                                {u"topologyKey"_s, u"kubernetes.io/hostname"_s},
                                {u"whenUnsatisfiable"_s, u"ScheduleAnyway"_s},
                                {u"labelSelector"_s, matchLabels(selector)}}}}};

    QJsonObject spec{{u"selector"_s, matchLabels(selector)},
                     {u"strategy"_s, strategy(s)},
                     {u"template"_s, QJsonObject{{u"metadata"_s, QJsonObject{{u"labels"_s, podLabels}}},
                                                 {u"spec"_s, podSpec}}}};
    // With an HPA the replica count is the HPA's: leaving the field out keeps server-side
    // apply from resetting it on every reconcile.
    if (!s.autoscaling)
        spec.insert(u"replicas"_s, s.replicas);

    QJsonObject meta = metadata(s.name, s.namespaceName, serviceLabels(s));
    if (!release.revision.isEmpty())
        meta.insert(u"annotations"_s, QJsonObject{{u"enclii.dev/release"_s, release.revision}});
    return stamped(object(u"apps/v1"_s, u"Deployment"_s, meta, spec));
}

QJsonObject service(const core::ServiceSpec &s)
{
    const QJsonObject spec{
        {u"type"_s, u"ClusterIP"_s},
        {u"selector"_s, stableSelector(s)},
        {u"ports"_s, QJsonArray{QJsonObject{{u"name"_s, u"http"_s}, {u"port"_s, s.port},
                                            {u"targetPort"_s, u"http"_s}, {u"protocol"_s, u"TCP"_s}}}}};
    return stamped(object(u"v1"_s, u"Service"_s, metadata(s.name, s.namespaceName, serviceLabels(s)), spec));
}

QString tlsSecretName(const QString &host)
{
    QString name = QString(host).replace(u'.', u'-') + u"-tls"_s;
    if (name.size() > 253) {
        // Unique and still a DNS subdomain: a prefix and a hash of the whole host.
        const QString digest = QString::fromLatin1(
            QCryptographicHash::hash(host.toUtf8(), QCryptographicHash::Sha256).toHex().left(16));
        name = host.left(200).replace(u'.', u'-') + u'-' + digest + u"-tls"_s;
    }
    return name;
}

QJsonObject ingress(const core::ServiceSpec &s, const RenderOptions &options)
{
    QJsonArray rules;
    QJsonArray tls;
    for (const auto &d : s.domains) {
        const QJsonObject backend{{u"service"_s, QJsonObject{{u"name"_s, s.name},
                                                            {u"port"_s, QJsonObject{{u"number"_s, s.port}}}}}};
        rules << QJsonObject{{u"host"_s, d.host},
                             {u"http"_s, QJsonObject{{u"paths"_s, QJsonArray{QJsonObject{{u"path"_s, u"/"_s},
                                                                                        {u"pathType"_s, u"Prefix"_s},
                                                                                        {u"backend"_s, backend}}}}}}};
        if (d.tls)
            tls << QJsonObject{{u"hosts"_s, QJsonArray{d.host}}, {u"secretName"_s, tlsSecretName(d.host)}};
    }
    QJsonObject spec{{u"ingressClassName"_s, options.ingressClassName}, {u"rules"_s, rules}};
    if (!tls.isEmpty())
        spec.insert(u"tls"_s, tls);
    QJsonObject meta = metadata(s.name, s.namespaceName, serviceLabels(s));
    if (!options.ingressAnnotations.isEmpty()) {
        QJsonObject annotations;
        for (auto it = options.ingressAnnotations.begin(); it != options.ingressAnnotations.end(); ++it)
            annotations.insert(it.key(), it.value());
        meta.insert(u"annotations"_s, annotations);
    }
    return stamped(object(u"networking.k8s.io/v1"_s, u"Ingress"_s, meta, spec));
}

QJsonObject autoscaler(const core::ServiceSpec &s)
{
    const core::Autoscaling &a = *s.autoscaling;
    QJsonArray metrics;
    auto target = [](const QString &resource, int percent) {
        return QJsonObject{{u"type"_s, u"Resource"_s},
                           {u"resource"_s, QJsonObject{{u"name"_s, resource},
                                                       {u"target"_s, QJsonObject{{u"type"_s, u"Utilization"_s},
                                                                                 {u"averageUtilization"_s, percent}}}}}};
    };
    if (a.targetCPUUtilizationPercent > 0)
        metrics << target(u"cpu"_s, a.targetCPUUtilizationPercent);
    if (a.targetMemoryUtilizationPercent > 0)
        metrics << target(u"memory"_s, a.targetMemoryUtilizationPercent);
    const QJsonObject spec{
        {u"scaleTargetRef"_s, QJsonObject{{u"apiVersion"_s, u"apps/v1"_s}, {u"kind"_s, u"Deployment"_s}, {u"name"_s, s.name}}},
        {u"minReplicas"_s, a.minReplicas},
        {u"maxReplicas"_s, a.maxReplicas},
        {u"metrics"_s, metrics}};
    return stamped(object(u"autoscaling/v2"_s, u"HorizontalPodAutoscaler"_s,
                          metadata(s.name, s.namespaceName, serviceLabels(s)), spec));
}

QJsonObject disruptionBudget(const core::ServiceSpec &s)
{
    // maxUnavailable 1 whatever the count: it never blocks a node drain (minAvailable 1 would
    // with a single replica) and never lets a drain take more than one pod at a time (minAvailable 1
    // at ten replicas would let nine go at once). It selects every track, so a canary adds no
    // second budget over the same pods (eviction refuses pods under two budgets).
    const QJsonObject spec{{u"maxUnavailable"_s, 1}, {u"selector"_s, matchLabels(podSelector(s))}};
    return stamped(object(u"policy/v1"_s, u"PodDisruptionBudget"_s,
                          metadata(s.name, s.namespaceName, serviceLabels(s)), spec));
}

} // namespace enclii::reconcile::detail
