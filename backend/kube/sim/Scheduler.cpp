#include "Scheduler.h"

#include "EventRecorder.h"
#include "Json.h"
#include "Nodes.h"
#include "ObjectStore.h"
#include "Pods.h"

#include <QMap>

#include <algorithm>

namespace enclii::kube::sim {

namespace {

struct NodeUse
{
    QJsonObject node;
    QString name;
    qint64 cpu = 0;    // requested millicores
    qint64 memory = 0; // requested bytes
    qint64 pods = 0;
};

bool selects(const QJsonObject &pod, const QJsonObject &node)
{
    const QJsonObject selector = json::objectAt(pod, u"spec.nodeSelector");
    const QJsonObject labels = json::objectAt(node, u"metadata.labels");
    for (auto it = selector.begin(); it != selector.end(); ++it)
        if (labels.value(it.key()) != it.value())
            return false;
    return true;
}

} // namespace

void Scheduler::sync(SimContext &ctx)
{
    QList<NodeUse> nodes;
    for (const QJsonObject &n : ctx.store.list(resources::nodes()))
        if (nodes::schedulable(n))
            nodes.append({n, json::stringAt(n, u"metadata.name")});
    QList<QJsonObject> pending;
    for (const QJsonObject &p : ctx.store.list(resources::pods())) {
        if (!pods::isActive(p))
            continue;
        const QString on = json::stringAt(p, u"spec.nodeName");
        if (on.isEmpty()) {
            pending.append(p);
            continue;
        }
        for (NodeUse &u : nodes) {
            if (u.name != on)
                continue;
            const auto r = pods::resources(p);
            u.cpu += r.value(QStringLiteral("requests.cpu"));
            u.memory += r.value(QStringLiteral("requests.memory")) / 1000;
            ++u.pods;
        }
    }
    std::sort(pending.begin(), pending.end(), [](const QJsonObject &a, const QJsonObject &b) {
        return json::stringAt(a, u"metadata.creationTimestamp") + json::stringAt(a, u"metadata.name")
               < json::stringAt(b, u"metadata.creationTimestamp") + json::stringAt(b, u"metadata.name");
    });
    const int total = int(ctx.store.list(resources::nodes()).size());
    for (QJsonObject pod : pending) {
        const auto r = pods::resources(pod);
        const qint64 cpu = r.value(QStringLiteral("requests.cpu"));
        const qint64 memory = r.value(QStringLiteral("requests.memory")) / 1000;
        QMap<QString, int> reasons;
        NodeUse *best = nullptr;
        double bestScore = 0;
        for (NodeUse &u : nodes) {
            const qint64 allocCpu = nodes::allocatableCpu(u.node), allocMem = nodes::allocatableMemory(u.node);
            QStringList why;
            if (!selects(pod, u.node))
                why << QStringLiteral("node(s) didn't match Pod's node affinity/selector");
            if (u.pods + 1 > nodes::allocatablePods(u.node))
                why << QStringLiteral("Too many pods");
            if (u.cpu + cpu > allocCpu)
                why << QStringLiteral("Insufficient cpu");
            if (u.memory + memory > allocMem)
                why << QStringLiteral("Insufficient memory");
            for (const QString &w : why)
                ++reasons[w];
            if (!why.isEmpty())
                continue;
            const double score = double(u.cpu + cpu) / std::max<qint64>(1, allocCpu) + double(u.memory + memory) / std::max<qint64>(1, allocMem);
            if (!best || score < bestScore) {
                best = &u;
                bestScore = score;
            }
        }
        const QString now = ctx.nowText();
        if (!best) {
            QStringList parts;
            for (auto it = reasons.begin(); it != reasons.end(); ++it)
                parts << QStringLiteral("%1 %2").arg(it.value()).arg(it.key());
            if (nodes.size() < total)
                parts << QStringLiteral("%1 node(s) were unschedulable").arg(total - nodes.size());
            const QString message = QStringLiteral("0/%1 nodes are available: %2.").arg(total).arg(parts.join(QStringLiteral(", ")));
            pods::setCondition(pod, {{QStringLiteral("type"), QStringLiteral("PodScheduled")},
                                     {QStringLiteral("status"), QStringLiteral("False")},
                                     {QStringLiteral("reason"), QStringLiteral("Unschedulable")},
                                     {QStringLiteral("message"), message}},
                               now);
            ctx.store.replaceIfChanged(resources::pods(), pod);
            ctx.events.warning(pod, QStringLiteral("FailedScheduling"), message, QStringLiteral("default-scheduler"));
            continue;
        }
        json::set(pod, u"spec.nodeName", best->name);
        pods::setCondition(pod, {{QStringLiteral("type"), QStringLiteral("PodScheduled")}, {QStringLiteral("status"), QStringLiteral("True")}}, now);
        ctx.store.replace(resources::pods(), pod);
        best->cpu += cpu;
        best->memory += memory;
        ++best->pods;
        ctx.events.normal(pod, QStringLiteral("Scheduled"),
                          QStringLiteral("Successfully assigned %1/%2 to %3")
                              .arg(json::stringAt(pod, u"metadata.namespace"), json::stringAt(pod, u"metadata.name"), best->name),
                          QStringLiteral("default-scheduler"));
    }
}

} // namespace enclii::kube::sim
