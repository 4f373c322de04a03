#include "StatusControllers.h"

#include "IntOrPercent.h"
#include "Json.h"
#include "ObjectStore.h"
#include "Ownership.h"
#include "Pods.h"
#include "Quota.h"
#include "Selectors.h"

#include <QSet>

namespace enclii::kube::sim {

void DisruptionController::sync(SimContext &ctx)
{
    for (QJsonObject pdb : ctx.store.list(resources::podDisruptionBudgets())) {
        const QString ns = json::stringAt(pdb, u"metadata.namespace");
        QString why;
        const auto selector = LabelSelector::fromObject(json::objectAt(pdb, u"spec.selector"), &why);
        qint64 healthy = 0, matching = 0, expected = 0;
        QSet<QString> owners;
        for (const QJsonObject &p : ctx.store.list(resources::pods(), ns)) {
            if (!selector || !pods::isActive(p) || !selector->matches(json::objectAt(p, u"metadata.labels")))
                continue;
            ++matching;
            healthy += pods::isReady(p) ? 1 : 0;
            owners.insert(ownership::controllerUid(p));
        }
        // Expected pods: the replicas the owning ReplicaSets want (what a drain must respect).
        for (const QJsonObject &rs : ctx.store.list(resources::replicaSets(), ns))
            if (owners.contains(json::stringAt(rs, u"metadata.uid")))
                expected += json::at(rs, u"spec.replicas").toInteger();
        if (owners.contains(QString()) || expected == 0)
            expected = std::max(expected, matching);
        const QJsonObject spec = pdb.value(QStringLiteral("spec")).toObject();
        qint64 desired = 0;
        if (spec.contains(QStringLiteral("maxUnavailable")))
            desired = std::max<qint64>(0, expected - intOrPercent(spec.value(QStringLiteral("maxUnavailable")), expected, true));
        else
            desired = intOrPercent(spec.value(QStringLiteral("minAvailable")), expected, true, 1);
        const qint64 allowed = std::max<qint64>(0, healthy - desired);
        QJsonObject status = pdb.value(QStringLiteral("status")).toObject();
        status.insert(QStringLiteral("observedGeneration"), json::at(pdb, u"metadata.generation"));
        status.insert(QStringLiteral("currentHealthy"), healthy);
        status.insert(QStringLiteral("desiredHealthy"), desired);
        status.insert(QStringLiteral("expectedPods"), expected);
        status.insert(QStringLiteral("disruptionsAllowed"), allowed);
        pdb.insert(QStringLiteral("status"), status);
        pods::setCondition(pdb, {{QStringLiteral("type"), QStringLiteral("DisruptionAllowed")},
                                 {QStringLiteral("status"), allowed > 0 ? QStringLiteral("True") : QStringLiteral("False")},
                                 {QStringLiteral("reason"), allowed > 0 ? QStringLiteral("SufficientPods") : QStringLiteral("InsufficientPods")},
                                 {QStringLiteral("message"), QString()},
                                 {QStringLiteral("observedGeneration"), json::at(pdb, u"metadata.generation")}},
                           ctx.nowText());
        ctx.store.replaceIfChanged(resources::podDisruptionBudgets(), pdb);
    }
}

void QuotaController::sync(SimContext &ctx)
{
    for (QJsonObject q : ctx.store.list(resources::resourceQuotas())) {
        const QJsonObject hard = json::objectAt(q, u"spec.hard");
        const auto used = quota::usage(ctx.store, json::stringAt(q, u"metadata.namespace"), hard);
        QJsonObject usedJson;
        for (auto it = used.begin(); it != used.end(); ++it)
            usedJson.insert(it.key(), quota::format(it.key(), it.value()));
        q.insert(QStringLiteral("status"), QJsonObject{{QStringLiteral("hard"), hard}, {QStringLiteral("used"), usedJson}});
        ctx.store.replaceIfChanged(resources::resourceQuotas(), q);
    }
}

} // namespace enclii::kube::sim
