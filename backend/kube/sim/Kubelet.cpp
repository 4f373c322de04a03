#include "Kubelet.h"

#include "EventRecorder.h"
#include "Faults.h"
#include "Json.h"
#include "ObjectStore.h"
#include "Pods.h"
#include "SimOptions.h"

#include <QJsonArray>

#include <algorithm>

namespace enclii::kube::sim {

namespace {

const QString kComponent = QStringLiteral("kubelet");

qint64 backoffSeconds(qint64 restarts)
{
    return std::min<qint64>(300, 10LL << std::min<qint64>(restarts, 5));
}

int readinessDelay(const QJsonObject &pod)
{
    int delay = 0;
    for (const QJsonValue &c : json::at(pod, u"spec.containers").toArray())
        delay = std::max(delay, json::at(c.toObject(), u"readinessProbe.initialDelaySeconds").toInt());
    return delay;
}

QJsonObject condition(const QString &type, bool ok, const QString &reason = {})
{
    QJsonObject c{{QStringLiteral("type"), type}, {QStringLiteral("status"), ok ? QStringLiteral("True") : QStringLiteral("False")}};
    if (!reason.isEmpty())
        c.insert(QStringLiteral("reason"), reason);
    return c;
}

} // namespace

QString Kubelet::allocateIp(const QString &node)
{
    const quint32 n = ++m_nextIp[node];
    const QString index = node.section(u'-', -1);
    return QStringLiteral("10.42.%1.%2").arg(index.toInt() % 256).arg(2 + (n % 250));
}

void Kubelet::sync(SimContext &ctx)
{
    for (QJsonObject pod : ctx.store.list(resources::pods())) {
        const QString node = json::stringAt(pod, u"spec.nodeName");
        if (node.isEmpty() || !pods::isActive(pod))
            continue;
        if (json::stringAt(pod, u"status.phase") == QLatin1String("Pending")) {
            const QJsonObject scheduled = pods::condition(pod, QStringLiteral("PodScheduled"));
            const QDateTime at = json::parseTimestamp(scheduled.value(QStringLiteral("lastTransitionTime")).toString());
            if (at.isValid() && at.addSecs(ctx.options.podStartSeconds) > ctx.now())
                continue;
            json::set(pod, u"status.phase", QStringLiteral("Running"));
            json::set(pod, u"status.startTime", ctx.nowText());
            json::set(pod, u"status.hostIP", QStringLiteral("10.0.0.%1").arg(10 + node.section(u'-', -1).toInt()));
            const QString ip = allocateIp(node);
            json::set(pod, u"status.podIP", ip);
            json::set(pod, u"status.podIPs", QJsonArray{QJsonObject{{QStringLiteral("ip"), ip}}});
            for (const QJsonValue &c : json::at(pod, u"spec.containers").toArray())
                ctx.events.normal(pod, QStringLiteral("Started"),
                                  QStringLiteral("Started container %1").arg(c.toObject().value(QStringLiteral("name")).toString()), kComponent);
        }
        ctx.store.replaceIfChanged(resources::pods(), running(ctx, pod));
    }
}

// The container statuses and the conditions of a running pod at this moment.
QJsonObject Kubelet::running(SimContext &ctx, QJsonObject pod)
{
    const FaultEffect fault = ctx.faults.effectFor(pod);
    const QString now = ctx.nowText();
    QJsonArray previous = json::at(pod, u"status.containerStatuses").toArray();
    QJsonArray statuses;
    bool allReady = true;
    const QJsonArray containers = json::at(pod, u"spec.containers").toArray();
    const int delay = readinessDelay(pod);
    for (qsizetype i = 0; i < containers.size(); ++i) {
        const QJsonObject c = containers[i].toObject();
        const QString name = c.value(QStringLiteral("name")).toString();
        QJsonObject s;
        for (const QJsonValue &p : previous)
            if (p.toObject().value(QStringLiteral("name")) == name)
                s = p.toObject();
        s.insert(QStringLiteral("name"), name);
        s.insert(QStringLiteral("image"), c.value(QStringLiteral("image")));
        s.insert(QStringLiteral("imageID"), QStringLiteral("enclii-sim://") + c.value(QStringLiteral("image")).toString());
        s.insert(QStringLiteral("containerID"), QStringLiteral("enclii-sim://%1-%2").arg(json::stringAt(pod, u"metadata.uid"), name));
        s.insert(QStringLiteral("started"), true);
        qint64 restarts = s.value(QStringLiteral("restartCount")).toInteger();
        const QJsonObject state = s.value(QStringLiteral("state")).toObject();
        bool ready = false;
        if (fault.crashLoop) {
            // Crashed at the last finish; restarts when the back-off since then has passed.
            const QDateTime finished = json::parseTimestamp(json::stringAt(s, u"lastState.terminated.finishedAt"));
            if (!finished.isValid() || finished.addSecs(backoffSeconds(restarts)) <= ctx.now()) {
                if (finished.isValid())
                    ++restarts;
                s.insert(QStringLiteral("lastState"),
                         QJsonObject{{QStringLiteral("terminated"),
                                      QJsonObject{{QStringLiteral("exitCode"), 1},
                                                  {QStringLiteral("reason"), QStringLiteral("Error")},
                                                  {QStringLiteral("startedAt"), now},
                                                  {QStringLiteral("finishedAt"), now}}}});
                ctx.events.warning(pod, QStringLiteral("BackOff"),
                                   QStringLiteral("Back-off restarting failed container %1 in pod %2").arg(name, json::stringAt(pod, u"metadata.name")),
                                   kComponent);
            }
            s.insert(QStringLiteral("state"),
                     QJsonObject{{QStringLiteral("waiting"),
                                  QJsonObject{{QStringLiteral("reason"), QStringLiteral("CrashLoopBackOff")},
                                              {QStringLiteral("message"),
                                               QStringLiteral("back-off %1s restarting failed container=%2").arg(backoffSeconds(restarts)).arg(name)}}}});
        } else {
            QString started = json::stringAt(state, u"running.startedAt");
            if (started.isEmpty()) {
                started = now;
                s.insert(QStringLiteral("state"), QJsonObject{{QStringLiteral("running"), QJsonObject{{QStringLiteral("startedAt"), started}}}});
            }
            ready = !fault.neverReady && json::parseTimestamp(started).addSecs(delay) <= ctx.now();
        }
        s.insert(QStringLiteral("restartCount"), restarts);
        s.insert(QStringLiteral("ready"), ready);
        allReady = allReady && ready;
        statuses.append(s);
    }
    json::set(pod, u"status.containerStatuses", statuses);
    pods::setCondition(pod, condition(QStringLiteral("Initialized"), true), now);
    pods::setCondition(pod, condition(QStringLiteral("ContainersReady"), allReady, allReady ? QString() : QStringLiteral("ContainersNotReady")), now);
    pods::setCondition(pod, condition(QStringLiteral("Ready"), allReady, allReady ? QString() : QStringLiteral("ContainersNotReady")), now);
    return pod;
}

} // namespace enclii::kube::sim
