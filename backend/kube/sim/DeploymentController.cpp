#include "DeploymentController.h"

#include "EventRecorder.h"
#include "IntOrPercent.h"
#include "Json.h"
#include "ObjectStore.h"
#include "Ownership.h"
#include "Pods.h"

#include <QJsonArray>

#include <algorithm>

namespace enclii::kube::sim {

namespace {

const QString kRevision = QStringLiteral("deployment.kubernetes.io/revision");
const QString kComponent = QStringLiteral("deployment-controller");

qint64 replicasOf(const QJsonObject &rs)
{
    return json::at(rs, u"spec.replicas").toInteger();
}

qint64 statusOf(const QJsonObject &o, QStringView field)
{
    return json::at(o, QString(QStringLiteral("status.") + field.toString())).toInteger();
}

qint64 revisionOf(const QJsonObject &rs)
{
    return json::objectAt(rs, u"metadata.annotations").value(kRevision).toString().toLongLong();
}

QString nameOf(const QJsonObject &o)
{
    return json::stringAt(o, u"metadata.name");
}

struct Rollout
{
    SimContext &ctx;
    QJsonObject deployment;
    QList<QJsonObject> olds; // oldest first
    QJsonObject current;     // the new ReplicaSet
    qint64 desired = 0;

    qint64 total() const
    {
        qint64 n = replicasOf(current);
        for (const QJsonObject &o : olds)
            n += replicasOf(o);
        return n;
    }

    void scaleTo(QJsonObject &rs, qint64 to)
    {
        const qint64 from = replicasOf(rs);
        if (from == to)
            return;
        json::set(rs, u"spec.replicas", to);
        QJsonObject ann = json::objectAt(rs, u"metadata.annotations");
        ann.insert(QStringLiteral("deployment.kubernetes.io/desired-replicas"), QString::number(desired));
        json::set(rs, u"metadata.annotations", ann);
        ctx.store.replace(resources::replicaSets(), rs);
        rs = *ctx.store.get(resources::replicaSets(), json::stringAt(rs, u"metadata.namespace"), nameOf(rs));
        ctx.events.normal(deployment, QStringLiteral("ScalingReplicaSet"),
                          to > from ? QStringLiteral("Scaled up replica set %1 to %2 from %3").arg(nameOf(rs)).arg(to).arg(from)
                                    : QStringLiteral("Scaled down replica set %1 to %2 from %3").arg(nameOf(rs)).arg(to).arg(from),
                          kComponent);
    }

    void rollingUpdate()
    {
        const QJsonObject ru = json::objectAt(deployment, u"spec.strategy.rollingUpdate");
        const qint64 surge = intOrPercent(ru.value(QStringLiteral("maxSurge")), desired, true, 1);
        qint64 unavailable = intOrPercent(ru.value(QStringLiteral("maxUnavailable")), desired, false, 0);
        if (surge == 0 && unavailable == 0)
            unavailable = 1;
        unavailable = std::min(unavailable, desired);

        // Up: the new ReplicaSet grows while the total stays within desired + maxSurge.
        if (replicasOf(current) > desired) {
            scaleTo(current, desired);
        } else if (replicasOf(current) < desired) {
            const qint64 room = desired + surge - total();
            if (room > 0)
                scaleTo(current, replicasOf(current) + std::min(room, desired - replicasOf(current)));
        }

        // Down: old pods go while at least desired - maxUnavailable stay available.
        qint64 oldTotal = 0;
        for (const QJsonObject &o : olds)
            oldTotal += replicasOf(o);
        if (oldTotal == 0)
            return;
        const qint64 minAvailable = desired - unavailable;
        const qint64 newUnavailable = std::max<qint64>(0, replicasOf(current) - statusOf(current, u"availableReplicas"));
        qint64 budget = total() - minAvailable - newUnavailable;
        if (budget <= 0)
            return;
        for (QJsonObject &o : olds) { // unhealthy old replicas first: removing them costs no availability
            const qint64 unhealthy = replicasOf(o) - statusOf(o, u"availableReplicas");
            if (unhealthy <= 0 || budget <= 0)
                continue;
            const qint64 d = std::min(unhealthy, budget);
            scaleTo(o, replicasOf(o) - d);
            budget -= d;
        }
        qint64 available = statusOf(current, u"availableReplicas");
        for (const QJsonObject &o : olds)
            available += statusOf(o, u"availableReplicas");
        qint64 toRemove = std::min(available - minAvailable, budget);
        for (QJsonObject &o : olds) {
            if (toRemove <= 0)
                break;
            const qint64 d = std::min(replicasOf(o), toRemove);
            if (d > 0) {
                scaleTo(o, replicasOf(o) - d);
                toRemove -= d;
            }
        }
    }

    void recreate()
    {
        bool oldsRunning = false;
        for (QJsonObject &o : olds) {
            scaleTo(o, 0);
            oldsRunning = oldsRunning || statusOf(o, u"replicas") > 0;
        }
        if (!oldsRunning)
            scaleTo(current, desired);
    }
};

} // namespace

QString DeploymentController::templateHash(const QJsonObject &podTemplate)
{
    quint32 h = 2166136261u;
    for (const char c : json::compact(podTemplate)) {
        h ^= quint8(c);
        h *= 16777619u;
    }
    static const char alphabet[] = "bcdfghjklmnpqrstvwxz2456789";
    QString out;
    for (const char c : QByteArray::number(h))
        out += QLatin1Char(alphabet[quint8(c) % (sizeof(alphabet) - 1)]);
    return out;
}

void DeploymentController::sync(SimContext &ctx)
{
    for (const QJsonObject &d : ctx.store.list(resources::deployments()))
        if (!pods::isDeleting(d))
            syncOne(ctx, d);
}

void DeploymentController::syncOne(SimContext &ctx, QJsonObject deployment)
{
    const QString ns = json::stringAt(deployment, u"metadata.namespace");
    const QString uid = json::stringAt(deployment, u"metadata.uid");
    const QJsonObject podTemplate = json::objectAt(deployment, u"spec.template");
    const QString hash = templateHash(podTemplate);

    Rollout r{ctx, deployment, {}, {}, json::at(deployment, u"spec.replicas").toInteger()};
    for (const QJsonObject &rs : ctx.store.list(resources::replicaSets(), ns)) {
        if (ownership::controllerUid(rs) != uid || pods::isDeleting(rs))
            continue;
        if (json::objectAt(rs, u"metadata.labels").value(QStringLiteral("pod-template-hash")).toString() == hash)
            r.current = rs;
        else
            r.olds.append(rs);
    }
    std::sort(r.olds.begin(), r.olds.end(), [](const QJsonObject &a, const QJsonObject &b) {
        return revisionOf(a) < revisionOf(b);
    });
    qint64 maxOldRevision = 0;
    for (const QJsonObject &o : r.olds)
        maxOldRevision = std::max(maxOldRevision, revisionOf(o));

    const bool paused = json::at(deployment, u"spec.paused").toBool();
    bool created = false;
    if (r.current.isEmpty() && !paused) {
        QJsonObject labels = json::objectAt(podTemplate, u"metadata.labels");
        labels.insert(QStringLiteral("pod-template-hash"), hash);
        QJsonObject tpl = podTemplate;
        json::set(tpl, u"metadata.labels", labels);
        QJsonObject selector = json::objectAt(deployment, u"spec.selector");
        QJsonObject matchLabels = selector.value(QStringLiteral("matchLabels")).toObject();
        matchLabels.insert(QStringLiteral("pod-template-hash"), hash);
        selector.insert(QStringLiteral("matchLabels"), matchLabels);
        const QString name = json::stringAt(deployment, u"metadata.name").left(240) + u'-' + hash;
        if (ctx.store.get(resources::replicaSets(), ns, name))
            return; // a name taken by a ReplicaSet we do not own: leave it (the real one bumps collisionCount)
        QJsonObject rs{{QStringLiteral("apiVersion"), QStringLiteral("apps/v1")},
                       {QStringLiteral("kind"), QStringLiteral("ReplicaSet")},
                       {QStringLiteral("metadata"),
                        QJsonObject{{QStringLiteral("name"), name},
                                    {QStringLiteral("namespace"), ns},
                                    {QStringLiteral("labels"), labels},
                                    {QStringLiteral("annotations"), QJsonObject{{kRevision, QString::number(maxOldRevision + 1)}}},
                                    {QStringLiteral("ownerReferences"), QJsonArray{ownership::controllerRef(deployment)}}}},
                       {QStringLiteral("spec"), QJsonObject{{QStringLiteral("replicas"), 0},
                                                            {QStringLiteral("minReadySeconds"), json::at(deployment, u"spec.minReadySeconds").toInt()},
                                                            {QStringLiteral("selector"), selector},
                                                            {QStringLiteral("template"), tpl}}}};
        r.current = ctx.store.create(resources::replicaSets(), rs);
        created = true;
    } else if (!r.current.isEmpty() && revisionOf(r.current) <= maxOldRevision) {
        // A rollback to an older template: that ReplicaSet becomes the newest revision.
        QJsonObject ann = json::objectAt(r.current, u"metadata.annotations");
        ann.insert(kRevision, QString::number(maxOldRevision + 1));
        json::set(r.current, u"metadata.annotations", ann);
        r.current = ctx.store.replace(resources::replicaSets(), r.current);
    }

    if (!paused && !r.current.isEmpty()) {
        if (json::stringAt(deployment, u"spec.strategy.type") == QLatin1String("Recreate"))
            r.recreate();
        else
            r.rollingUpdate();
    }

    // History: old ReplicaSets scaled to zero, beyond revisionHistoryLimit, oldest first.
    const qint64 keep = json::at(deployment, u"spec.revisionHistoryLimit").toInteger(10);
    QList<QJsonObject> idle;
    for (const QJsonObject &o : std::as_const(r.olds))
        if (replicasOf(o) == 0 && statusOf(o, u"replicas") == 0)
            idle.append(o);
    for (qsizetype i = 0; i + keep < idle.size(); ++i)
        ctx.store.remove(resources::replicaSets(), ns, nameOf(idle[i]));

    // Status.
    qint64 specTotal = 0, replicas = 0, ready = 0, available = 0;
    for (const QJsonObject *rs : [&] {
             QList<const QJsonObject *> all{&r.current};
             for (const QJsonObject &o : std::as_const(r.olds))
                 all.append(&o);
             return all;
         }()) {
        if (rs->isEmpty())
            continue;
        specTotal += replicasOf(*rs);
        replicas += statusOf(*rs, u"replicas");
        ready += statusOf(*rs, u"readyReplicas");
        available += statusOf(*rs, u"availableReplicas");
    }
    const qint64 updated = r.current.isEmpty() ? 0 : statusOf(r.current, u"replicas");
    QJsonObject next = deployment;
    QJsonObject status = next.value(QStringLiteral("status")).toObject();
    const QJsonObject before = status;
    status.insert(QStringLiteral("observedGeneration"), json::at(deployment, u"metadata.generation"));
    status.insert(QStringLiteral("replicas"), replicas);
    status.insert(QStringLiteral("updatedReplicas"), updated);
    status.insert(QStringLiteral("readyReplicas"), ready);
    status.insert(QStringLiteral("availableReplicas"), available);
    status.insert(QStringLiteral("unavailableReplicas"), std::max<qint64>(0, specTotal - available));
    for (const char *zeroless : {"readyReplicas", "availableReplicas", "unavailableReplicas", "updatedReplicas", "replicas"})
        if (status.value(QLatin1String(zeroless)).toInteger() == 0)
            status.remove(QLatin1String(zeroless));
    next.insert(QStringLiteral("status"), status);

    const QString now = ctx.nowText();
    const QJsonObject ru = json::objectAt(deployment, u"spec.strategy.rollingUpdate");
    const bool rolling = json::stringAt(deployment, u"spec.strategy.type") != QLatin1String("Recreate");
    const qint64 maxUnavailable = rolling ? intOrPercent(ru.value(QStringLiteral("maxUnavailable")), r.desired, false, 0) : r.desired;
    const bool minimum = available >= r.desired - maxUnavailable;
    pods::setCondition(next, {{QStringLiteral("type"), QStringLiteral("Available")},
                              {QStringLiteral("status"), minimum ? QStringLiteral("True") : QStringLiteral("False")},
                              {QStringLiteral("reason"), minimum ? QStringLiteral("MinimumReplicasAvailable") : QStringLiteral("MinimumReplicasUnavailable")},
                              {QStringLiteral("message"), minimum ? QStringLiteral("Deployment has minimum availability.")
                                                                  : QStringLiteral("Deployment does not have minimum availability.")},
                              {QStringLiteral("lastUpdateTime"), now}},
                       now);

    const QString rsName = nameOf(r.current);
    const bool complete = !r.current.isEmpty() && updated == r.desired && replicas == r.desired && available == r.desired;
    const QJsonObject progressing = pods::condition(next, QStringLiteral("Progressing"));
    const bool progressed = created || status.value(QStringLiteral("updatedReplicas")) != before.value(QStringLiteral("updatedReplicas"))
                            || status.value(QStringLiteral("availableReplicas")) != before.value(QStringLiteral("availableReplicas"))
                            || status.value(QStringLiteral("readyReplicas")) != before.value(QStringLiteral("readyReplicas"))
                            || status.value(QStringLiteral("replicas")) != before.value(QStringLiteral("replicas"));
    QJsonObject cond{{QStringLiteral("type"), QStringLiteral("Progressing")}, {QStringLiteral("lastUpdateTime"), now}};
    if (paused) {
        cond.insert(QStringLiteral("status"), QStringLiteral("Unknown"));
        cond.insert(QStringLiteral("reason"), QStringLiteral("DeploymentPaused"));
        cond.insert(QStringLiteral("message"), QStringLiteral("Deployment is paused"));
    } else if (complete) {
        cond.insert(QStringLiteral("status"), QStringLiteral("True"));
        cond.insert(QStringLiteral("reason"), QStringLiteral("NewReplicaSetAvailable"));
        cond.insert(QStringLiteral("message"), QStringLiteral("ReplicaSet \"%1\" has successfully progressed.").arg(rsName));
    } else if (progressed || progressing.isEmpty() || progressing.value(QStringLiteral("reason")) == QLatin1String("NewReplicaSetAvailable")) {
        cond.insert(QStringLiteral("status"), QStringLiteral("True"));
        cond.insert(QStringLiteral("reason"), created ? QStringLiteral("NewReplicaSetCreated") : QStringLiteral("ReplicaSetUpdated"));
        cond.insert(QStringLiteral("message"), created ? QStringLiteral("Created new replica set \"%1\"").arg(rsName)
                                                       : QStringLiteral("ReplicaSet \"%1\" is progressing.").arg(rsName));
    } else {
        cond = progressing;
        const QDateTime last = json::parseTimestamp(progressing.value(QStringLiteral("lastUpdateTime")).toString());
        const qint64 deadline = json::at(deployment, u"spec.progressDeadlineSeconds").toInteger(600);
        if (cond.value(QStringLiteral("status")) == QLatin1String("True") && last.isValid() && last.addSecs(deadline) < ctx.now()) {
            cond.insert(QStringLiteral("status"), QStringLiteral("False"));
            cond.insert(QStringLiteral("reason"), QStringLiteral("ProgressDeadlineExceeded"));
            cond.insert(QStringLiteral("message"), QStringLiteral("ReplicaSet \"%1\" has timed out progressing.").arg(rsName));
            cond.insert(QStringLiteral("lastUpdateTime"), now);
        }
    }
    pods::setCondition(next, cond, now);
    if (progressed && cond.value(QStringLiteral("reason")) != QLatin1String("NewReplicaSetAvailable")) {
        // Progress moves lastUpdateTime even when the condition reads the same.
        QJsonArray conds = json::at(next, u"status.conditions").toArray();
        for (qsizetype i = 0; i < conds.size(); ++i)
            if (conds[i].toObject().value(QStringLiteral("type")) == QLatin1String("Progressing")) {
                QJsonObject c = conds[i].toObject();
                c.insert(QStringLiteral("lastUpdateTime"), now);
                conds.replace(i, c);
            }
        json::set(next, u"status.conditions", conds);
    }
    const QJsonObject failure = r.current.isEmpty() ? QJsonObject() : pods::condition(r.current, QStringLiteral("ReplicaFailure"));
    if (!failure.isEmpty())
        pods::setCondition(next, failure, now);
    else if (!pods::condition(next, QStringLiteral("ReplicaFailure")).isEmpty()) {
        QJsonArray conds = json::at(next, u"status.conditions").toArray();
        for (qsizetype i = conds.size() - 1; i >= 0; --i)
            if (conds[i].toObject().value(QStringLiteral("type")) == QLatin1String("ReplicaFailure"))
                conds.removeAt(i);
        json::set(next, u"status.conditions", conds);
    }
    if (!r.current.isEmpty()) {
        QJsonObject ann = json::objectAt(next, u"metadata.annotations");
        ann.insert(kRevision, json::objectAt(r.current, u"metadata.annotations").value(kRevision));
        json::set(next, u"metadata.annotations", ann);
    }
    ctx.store.replaceIfChanged(resources::deployments(), next);
}

} // namespace enclii::kube::sim
