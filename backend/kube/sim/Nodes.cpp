#include "Nodes.h"

#include "Json.h"
#include "ObjectStore.h"

#include <QJsonArray>

namespace enclii::kube::sim::nodes {

void create(ObjectStore &store, const NodeShape &shape, const QString &kubeletVersion, const QString &now)
{
    for (int i = 1; i <= shape.count; ++i) {
        const QString name = shape.namePrefix + QString::number(i);
        if (store.get(resources::nodes(), {}, name))
            continue;
        const QJsonObject capacity{{QStringLiteral("cpu"), cpuText(shape.cpuMillicores)},
                                   {QStringLiteral("memory"), memoryText(shape.memoryBytes * 1000)},
                                   {QStringLiteral("pods"), QString::number(shape.maxPods)},
                                   {QStringLiteral("ephemeral-storage"), QStringLiteral("160Gi")}};
        const QJsonObject allocatable{{QStringLiteral("cpu"), cpuText(shape.cpuMillicores - shape.reservedCpuMillicores)},
                                      {QStringLiteral("memory"), memoryText((shape.memoryBytes - shape.reservedMemoryBytes) * 1000)},
                                      {QStringLiteral("pods"), QString::number(shape.maxPods)},
                                      {QStringLiteral("ephemeral-storage"), QStringLiteral("150Gi")}};
        const QJsonObject ready{{QStringLiteral("type"), QStringLiteral("Ready")},
                                {QStringLiteral("status"), QStringLiteral("True")},
                                {QStringLiteral("reason"), QStringLiteral("KubeletReady")},
                                {QStringLiteral("message"), QStringLiteral("simulated kubelet is posting ready status")},
                                {QStringLiteral("lastHeartbeatTime"), now},
                                {QStringLiteral("lastTransitionTime"), now}};
        QJsonObject node{
            {QStringLiteral("apiVersion"), QStringLiteral("v1")},
            {QStringLiteral("kind"), QStringLiteral("Node")},
            {QStringLiteral("metadata"),
             QJsonObject{{QStringLiteral("name"), name},
                         {QStringLiteral("labels"),
                          QJsonObject{{QStringLiteral("kubernetes.io/hostname"), name},
                                      {QStringLiteral("kubernetes.io/os"), QStringLiteral("linux")},
                                      {QStringLiteral("kubernetes.io/arch"), QStringLiteral("amd64")},
                                      {QStringLiteral("node.kubernetes.io/instance-type"), shape.instanceType},
                                      {QStringLiteral("topology.kubernetes.io/region"), QStringLiteral("sim")},
                                      {QStringLiteral("topology.kubernetes.io/zone"), QStringLiteral("sim-%1").arg(i)},
                                      {QStringLiteral("enclii.dev/simulated"), QStringLiteral("true")}}},
                         {QStringLiteral("annotations"),
                          QJsonObject{{QStringLiteral("enclii.dev/simulation"),
                                       QStringLiteral("This node is simulated by Enclii (KWOK-like): no container runs on it.")}}}}},
            {QStringLiteral("spec"), QJsonObject{{QStringLiteral("podCIDR"), QStringLiteral("10.42.%1.0/24").arg(i)},
                                                 {QStringLiteral("providerID"), QStringLiteral("enclii-sim://") + name}}},
            {QStringLiteral("status"),
             QJsonObject{{QStringLiteral("capacity"), capacity},
                         {QStringLiteral("allocatable"), allocatable},
                         {QStringLiteral("conditions"), QJsonArray{ready}},
                         {QStringLiteral("addresses"),
                          QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("InternalIP")},
                                                 {QStringLiteral("address"), QStringLiteral("10.0.0.%1").arg(10 + i)}},
                                     QJsonObject{{QStringLiteral("type"), QStringLiteral("Hostname")}, {QStringLiteral("address"), name}}}},
                         {QStringLiteral("nodeInfo"),
                          QJsonObject{{QStringLiteral("kubeletVersion"), kubeletVersion},
                                      {QStringLiteral("kubeProxyVersion"), kubeletVersion},
                                      {QStringLiteral("containerRuntimeVersion"), QStringLiteral("enclii-sim://1")},
                                      {QStringLiteral("osImage"), QStringLiteral("Enclii simulated node")},
                                      {QStringLiteral("operatingSystem"), QStringLiteral("linux")},
                                      {QStringLiteral("architecture"), QStringLiteral("amd64")}}}}}};
        store.create(resources::nodes(), node);
    }
}

qint64 allocatableCpu(const QJsonObject &node)
{
    return quantityMilli(json::at(node, u"status.allocatable.cpu"));
}

qint64 allocatableMemory(const QJsonObject &node)
{
    return quantityMilli(json::at(node, u"status.allocatable.memory")) / 1000;
}

qint64 allocatablePods(const QJsonObject &node)
{
    return quantityMilli(json::at(node, u"status.allocatable.pods")) / 1000;
}

bool schedulable(const QJsonObject &node)
{
    if (json::at(node, u"spec.unschedulable").toBool())
        return false;
    for (const QJsonValue &c : json::at(node, u"status.conditions").toArray())
        if (c.toObject().value(QStringLiteral("type")) == QLatin1String("Ready"))
            return c.toObject().value(QStringLiteral("status")) == QLatin1String("True");
    return false;
}

} // namespace enclii::kube::sim::nodes
