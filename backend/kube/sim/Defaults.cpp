#include "Defaults.h"

#include "Json.h"

#include <QJsonArray>

namespace enclii::kube::sim {

namespace {

void setDefault(QJsonObject &o, const QString &key, const QJsonValue &v)
{
    if (!o.contains(key))
        o.insert(key, v);
}

QJsonArray defaultPorts(QJsonArray ports, bool service)
{
    for (qsizetype i = 0; i < ports.size(); ++i) {
        QJsonObject p = ports[i].toObject();
        setDefault(p, QStringLiteral("protocol"), QStringLiteral("TCP"));
        if (service)
            setDefault(p, QStringLiteral("targetPort"), p.value(QStringLiteral("port")));
        ports.replace(i, p);
    }
    return ports;
}

void defaultPodSpec(QJsonObject &spec)
{
    setDefault(spec, QStringLiteral("restartPolicy"), QStringLiteral("Always"));
    setDefault(spec, QStringLiteral("terminationGracePeriodSeconds"), 30);
    setDefault(spec, QStringLiteral("dnsPolicy"), QStringLiteral("ClusterFirst"));
    setDefault(spec, QStringLiteral("schedulerName"), QStringLiteral("default-scheduler"));
    setDefault(spec, QStringLiteral("securityContext"), QJsonObject());
    for (const QString &list : {QStringLiteral("containers"), QStringLiteral("initContainers")}) {
        if (!spec.contains(list))
            continue;
        QJsonArray containers = spec.value(list).toArray();
        for (qsizetype i = 0; i < containers.size(); ++i) {
            QJsonObject c = containers[i].toObject();
            const QString image = c.value(QStringLiteral("image")).toString();
            const bool latest = !image.contains(u'@') && (image.section(u'/', -1).indexOf(u':') < 0 || image.endsWith(QLatin1String(":latest")));
            setDefault(c, QStringLiteral("imagePullPolicy"), latest ? QStringLiteral("Always") : QStringLiteral("IfNotPresent"));
            setDefault(c, QStringLiteral("terminationMessagePath"), QStringLiteral("/dev/termination-log"));
            setDefault(c, QStringLiteral("terminationMessagePolicy"), QStringLiteral("File"));
            setDefault(c, QStringLiteral("resources"), QJsonObject());
            if (c.contains(QStringLiteral("ports")))
                c.insert(QStringLiteral("ports"), defaultPorts(c.value(QStringLiteral("ports")).toArray(), false));
            containers.replace(i, c);
        }
        spec.insert(list, containers);
    }
}

void defaultTemplate(QJsonObject &spec)
{
    QJsonObject tpl = spec.value(QStringLiteral("template")).toObject();
    QJsonObject podSpec = tpl.value(QStringLiteral("spec")).toObject();
    defaultPodSpec(podSpec);
    tpl.insert(QStringLiteral("spec"), podSpec);
    spec.insert(QStringLiteral("template"), tpl);
}

void defaultDeployment(QJsonObject &spec)
{
    setDefault(spec, QStringLiteral("replicas"), 1);
    setDefault(spec, QStringLiteral("revisionHistoryLimit"), 10);
    setDefault(spec, QStringLiteral("progressDeadlineSeconds"), 600);
    QJsonObject strategy = spec.value(QStringLiteral("strategy")).toObject();
    setDefault(strategy, QStringLiteral("type"), QStringLiteral("RollingUpdate"));
    if (strategy.value(QStringLiteral("type")) == QLatin1String("RollingUpdate")) {
        QJsonObject ru = strategy.value(QStringLiteral("rollingUpdate")).toObject();
        setDefault(ru, QStringLiteral("maxSurge"), QStringLiteral("25%"));
        setDefault(ru, QStringLiteral("maxUnavailable"), QStringLiteral("25%"));
        strategy.insert(QStringLiteral("rollingUpdate"), ru);
    }
    spec.insert(QStringLiteral("strategy"), strategy);
    defaultTemplate(spec);
}

} // namespace

void applyDefaults(const ResourceType &type, QJsonObject &object, const std::function<QString()> &allocateClusterIp)
{
    const QString &kind = type.kind;
    QJsonObject spec = object.value(QStringLiteral("spec")).toObject();
    if (kind == QLatin1String("Deployment")) {
        defaultDeployment(spec);
    } else if (kind == QLatin1String("ReplicaSet")) {
        setDefault(spec, QStringLiteral("replicas"), 1);
        defaultTemplate(spec);
    } else if (kind == QLatin1String("Pod")) {
        defaultPodSpec(spec);
    } else if (kind == QLatin1String("Service")) {
        setDefault(spec, QStringLiteral("type"), QStringLiteral("ClusterIP"));
        setDefault(spec, QStringLiteral("sessionAffinity"), QStringLiteral("None"));
        if (spec.contains(QStringLiteral("ports")))
            spec.insert(QStringLiteral("ports"), defaultPorts(spec.value(QStringLiteral("ports")).toArray(), true));
        if (spec.value(QStringLiteral("type")) != QLatin1String("ExternalName") && !spec.contains(QStringLiteral("clusterIP"))) {
            const QString ip = allocateClusterIp();
            spec.insert(QStringLiteral("clusterIP"), ip);
            spec.insert(QStringLiteral("clusterIPs"), QJsonArray{ip});
        }
    } else if (kind == QLatin1String("HorizontalPodAutoscaler")) {
        setDefault(spec, QStringLiteral("minReplicas"), 1);
    } else if (kind == QLatin1String("Namespace")) {
        QJsonObject meta = object.value(QStringLiteral("metadata")).toObject();
        QJsonObject labels = meta.value(QStringLiteral("labels")).toObject();
        labels.insert(QStringLiteral("kubernetes.io/metadata.name"), meta.value(QStringLiteral("name")));
        meta.insert(QStringLiteral("labels"), labels);
        object.insert(QStringLiteral("metadata"), meta);
        setDefault(spec, QStringLiteral("finalizers"), QJsonArray{QStringLiteral("kubernetes")});
        QJsonObject status = object.value(QStringLiteral("status")).toObject();
        setDefault(status, QStringLiteral("phase"), QStringLiteral("Active"));
        object.insert(QStringLiteral("status"), status);
    } else {
        return;
    }
    object.insert(QStringLiteral("spec"), spec);
}

} // namespace enclii::kube::sim
