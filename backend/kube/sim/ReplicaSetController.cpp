#include "ReplicaSetController.h"

#include "Admission.h"
#include "EventRecorder.h"
#include "Json.h"
#include "ObjectStore.h"
#include "Ownership.h"
#include "Pods.h"
#include "Validation.h"

#include <QJsonArray>

#include <algorithm>

namespace enclii::kube::sim {

namespace {

const QString kComponent = QStringLiteral("replicaset-controller");

QString qosClass(const QJsonObject &spec)
{
    bool any = false, guaranteed = true;
    for (const QJsonValue &v : spec.value(QStringLiteral("containers")).toArray()) {
        const QJsonObject res = v.toObject().value(QStringLiteral("resources")).toObject();
        const QJsonObject req = res.value(QStringLiteral("requests")).toObject();
        const QJsonObject lim = res.value(QStringLiteral("limits")).toObject();
        any = any || !req.isEmpty() || !lim.isEmpty();
        for (const QString &r : {QStringLiteral("cpu"), QStringLiteral("memory")}) {
            const QJsonValue request = req.contains(r) ? req.value(r) : lim.value(r);
            guaranteed = guaranteed && lim.contains(r) && quantityMilli(lim.value(r)) == quantityMilli(request);
        }
    }
    return !any ? QStringLiteral("BestEffort") : guaranteed ? QStringLiteral("Guaranteed") : QStringLiteral("Burstable");
}

// Lower ranks are deleted first (the real controller's ActivePods ordering).
std::tuple<int, int, int, qint64, qint64> deletionRank(const QJsonObject &p)
{
    const QString phase = json::stringAt(p, u"status.phase");
    qint64 restarts = 0;
    for (const QJsonValue &c : json::at(p, u"status.containerStatuses").toArray())
        restarts += c.toObject().value(QStringLiteral("restartCount")).toInteger();
    return {json::stringAt(p, u"spec.nodeName").isEmpty() ? 0 : 1,
            phase == QLatin1String("Pending") ? 0 : phase == QLatin1String("Running") ? 2 : 1,
            pods::isReady(p) ? 1 : 0,
            -restarts,
            -json::parseTimestamp(json::stringAt(p, u"metadata.creationTimestamp")).toMSecsSinceEpoch()}; // youngest first
}

} // namespace

void ReplicaSetController::sync(SimContext &ctx)
{
    for (const QJsonObject &rs : ctx.store.list(resources::replicaSets()))
        if (!pods::isDeleting(rs))
            syncOne(ctx, rs);
}

void ReplicaSetController::syncOne(SimContext &ctx, QJsonObject rs)
{
    const QString ns = json::stringAt(rs, u"metadata.namespace");
    const QString uid = json::stringAt(rs, u"metadata.uid");
    const QString rsName = json::stringAt(rs, u"metadata.name");
    QList<QJsonObject> active;
    for (const QJsonObject &p : ctx.store.list(resources::pods(), ns))
        if (ownership::controllerUid(p) == uid && pods::isActive(p))
            active.append(p);

    const qint64 want = json::at(rs, u"spec.replicas").toInteger();
    QJsonObject failure;
    if (active.size() < want) {
        const QJsonObject tpl = json::objectAt(rs, u"spec.template");
        for (qint64 i = active.size(); i < want && i < active.size() + kBurst; ++i) {
            QJsonObject meta = tpl.value(QStringLiteral("metadata")).toObject();
            QString name;
            do
                name = rsName.left(57) + u'-' + names::randomSuffix();
            while (ctx.store.get(resources::pods(), ns, name));
            meta.insert(QStringLiteral("name"), name);
            meta.insert(QStringLiteral("generateName"), rsName.left(57) + u'-');
            meta.insert(QStringLiteral("namespace"), ns);
            meta.insert(QStringLiteral("ownerReferences"), QJsonArray{ownership::controllerRef(rs)});
            QJsonObject pod{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                            {QStringLiteral("kind"), QStringLiteral("Pod")},
                            {QStringLiteral("metadata"), meta},
                            {QStringLiteral("spec"), tpl.value(QStringLiteral("spec"))}};
            if (const auto refused = ctx.admission.admit(resources::pods(), pod, nullptr)) {
                ctx.events.warning(rs, QStringLiteral("FailedCreate"), QStringLiteral("Error creating: ") + refused->message, kComponent);
                failure = {{QStringLiteral("type"), QStringLiteral("ReplicaFailure")},
                           {QStringLiteral("status"), QStringLiteral("True")},
                           {QStringLiteral("reason"), QStringLiteral("FailedCreate")},
                           {QStringLiteral("message"), refused->message}};
                break;
            }
            json::set(pod, u"status.phase", QStringLiteral("Pending"));
            json::set(pod, u"status.qosClass", qosClass(pod.value(QStringLiteral("spec")).toObject()));
            active.append(ctx.store.create(resources::pods(), pod));
            ctx.events.normal(rs, QStringLiteral("SuccessfulCreate"), QStringLiteral("Created pod: ") + name, kComponent);
        }
    } else if (active.size() > want) {
        std::sort(active.begin(), active.end(), [](const QJsonObject &a, const QJsonObject &b) { return deletionRank(a) < deletionRank(b); });
        while (active.size() > want) {
            const QJsonObject victim = active.takeFirst();
            const QString name = json::stringAt(victim, u"metadata.name");
            ctx.store.remove(resources::pods(), ns, name);
            ctx.events.normal(rs, QStringLiteral("SuccessfulDelete"), QStringLiteral("Deleted pod: ") + name, kComponent);
        }
    }

    const int minReady = json::at(rs, u"spec.minReadySeconds").toInt();
    qint64 ready = 0, available = 0;
    for (const QJsonObject &p : std::as_const(active)) {
        ready += pods::isReady(p) ? 1 : 0;
        available += pods::isAvailable(p, minReady, ctx.now()) ? 1 : 0;
    }
    QJsonObject status{{QStringLiteral("replicas"), qint64(active.size())},
                       {QStringLiteral("fullyLabeledReplicas"), qint64(active.size())},
                       {QStringLiteral("readyReplicas"), ready},
                       {QStringLiteral("availableReplicas"), available},
                       {QStringLiteral("observedGeneration"), json::at(rs, u"metadata.generation")}};
    for (const char *zeroless : {"fullyLabeledReplicas", "readyReplicas", "availableReplicas"})
        if (status.value(QLatin1String(zeroless)).toInteger() == 0)
            status.remove(QLatin1String(zeroless));
    QJsonObject next = rs;
    const QJsonArray oldConditions = json::at(rs, u"status.conditions").toArray();
    next.insert(QStringLiteral("status"), status);
    if (!failure.isEmpty()) {
        json::set(next, u"status.conditions", oldConditions);
        pods::setCondition(next, failure, ctx.nowText());
    }
    ctx.store.replaceIfChanged(resources::replicaSets(), next);
}

} // namespace enclii::kube::sim
