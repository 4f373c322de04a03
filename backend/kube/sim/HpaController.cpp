#include "HpaController.h"

#include "EventRecorder.h"
#include "Json.h"
#include "ManagedFields.h"
#include "ObjectStore.h"
#include "Pods.h"
#include "Selectors.h"
#include "SimOptions.h"
#include "Traffic.h"

#include <QJsonArray>
#include <QSet>

#include <algorithm>
#include <cmath>

namespace enclii::kube::sim {

namespace {

const QString kComponent = QStringLiteral("horizontal-pod-autoscaler");
constexpr double kTolerance = 0.1;

struct MetricResult
{
    bool ok = false;
    qint64 proposal = 0;
    QJsonObject current; // for status.currentMetrics
    QString error;
    QString description; // "cpu resource utilization (percentage of request)"
};

MetricResult resourceMetric(SimContext &ctx, const QJsonObject &metric, const QList<QJsonObject> &readyPods, qint64 currentReplicas)
{
    MetricResult r;
    const QString name = json::stringAt(metric, u"resource.name");
    const QJsonObject target = json::objectAt(metric, u"resource.target");
    const bool cpu = name == QLatin1String("cpu");
    if (!cpu && name != QLatin1String("memory")) {
        r.error = QStringLiteral("unsupported resource \"%1\": the simulation meters cpu and memory").arg(name.left(64));
        return r;
    }
    if (readyPods.isEmpty()) {
        r.error = QStringLiteral("no ready pods with metrics");
        return r;
    }
    double usage = 0, requests = 0;
    for (const QJsonObject &p : readyPods) {
        const PodTraffic *t = ctx.traffic.pod(json::stringAt(p, u"metadata.uid"));
        usage += t ? (cpu ? double(t->cpuMillicores) : double(t->memoryBytes)) : 0;
        const qint64 req = pods::resources(p).value(cpu ? QStringLiteral("requests.cpu") : QStringLiteral("requests.memory"));
        if (req <= 0 && target.value(QStringLiteral("type")) == QLatin1String("Utilization")) {
            r.error = QStringLiteral("missing request for %1 in pod %2").arg(name, json::stringAt(p, u"metadata.name"));
            return r;
        }
        requests += cpu ? double(req) : double(req) / 1000;
    }
    const double count = double(readyPods.size());
    QJsonObject current;
    double ratio = 1;
    if (target.value(QStringLiteral("type")) == QLatin1String("AverageValue")) {
        const double want = double(quantityMilli(target.value(QStringLiteral("averageValue")))) / (cpu ? 1 : 1000);
        const double avg = usage / count;
        ratio = want > 0 ? avg / want : 1;
        current.insert(QStringLiteral("averageValue"), cpu ? cpuText(qint64(avg)) : memoryText(qint64(avg) * 1000));
        r.description = QStringLiteral("%1 resource").arg(name);
    } else {
        const qint64 want = target.value(QStringLiteral("averageUtilization")).toInteger(80);
        const qint64 utilization = qint64(std::floor(100 * usage / std::max(1.0, requests)));
        ratio = want > 0 ? double(utilization) / double(want) : 1;
        current.insert(QStringLiteral("averageUtilization"), utilization);
        current.insert(QStringLiteral("averageValue"), cpu ? cpuText(qint64(usage / count)) : memoryText(qint64(usage / count) * 1000));
        r.description = QStringLiteral("%1 resource utilization (percentage of request)").arg(name);
    }
    r.ok = true;
    r.proposal = std::abs(ratio - 1) <= kTolerance ? currentReplicas : qint64(std::ceil(ratio * count - 1e-9));
    r.current = {{QStringLiteral("type"), QStringLiteral("Resource")},
                 {QStringLiteral("resource"), QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("current"), current}}}};
    return r;
}

// The replicas the behavior's policies allow from `current` in the direction of `desired`.
qint64 rateLimit(const QJsonObject &rules, bool up, qint64 current, qint64 desired, qint64 nowMs,
                 const QList<std::pair<qint64, qint64>> &events)
{
    const QString select = rules.value(QStringLiteral("selectPolicy")).toString(QStringLiteral("Max"));
    if (select == QLatin1String("Disabled"))
        return current;
    QJsonArray policies = rules.value(QStringLiteral("policies")).toArray();
    if (policies.isEmpty()) {
        policies = up ? QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("Percent")}, {QStringLiteral("value"), 100}, {QStringLiteral("periodSeconds"), 15}},
                                   QJsonObject{{QStringLiteral("type"), QStringLiteral("Pods")}, {QStringLiteral("value"), 4}, {QStringLiteral("periodSeconds"), 15}}}
                      : QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("Percent")}, {QStringLiteral("value"), 100}, {QStringLiteral("periodSeconds"), 15}}};
    }
    std::optional<qint64> limit;
    for (const QJsonValue &v : policies) {
        const QJsonObject p = v.toObject();
        const qint64 periodMs = p.value(QStringLiteral("periodSeconds")).toInteger(15) * 1000;
        qint64 changed = 0;
        for (const auto &[at, delta] : events)
            if (at > nowMs - periodMs && (delta > 0) == up)
                changed += delta;
        const qint64 start = current - changed;
        const qint64 value = p.value(QStringLiteral("value")).toInteger();
        const bool percent = p.value(QStringLiteral("type")) == QLatin1String("Percent");
        const qint64 bound = up ? (percent ? qint64(std::ceil(double(start) * (1 + double(value) / 100))) : start + value)
                                : (percent ? qint64(std::floor(double(start) * (1 - double(value) / 100))) : start - value);
        // Max picks the policy allowing the biggest change, Min the smallest.
        const bool biggest = select == QLatin1String("Max");
        if (!limit)
            limit = bound;
        else if (up)
            limit = biggest ? std::max(*limit, bound) : std::min(*limit, bound);
        else
            limit = biggest ? std::min(*limit, bound) : std::max(*limit, bound);
    }
    return up ? std::min(desired, *limit) : std::max(desired, *limit);
}

} // namespace

void HpaController::sync(SimContext &ctx)
{
    QSet<QString> seen;
    for (const QJsonObject &hpa : ctx.store.list(resources::horizontalPodAutoscalers())) {
        const QString uid = json::stringAt(hpa, u"metadata.uid");
        seen.insert(uid);
        State &state = m_state[uid];
        if (state.lastSyncMs != 0 && ctx.now().toMSecsSinceEpoch() - state.lastSyncMs < qint64(ctx.options.hpaSyncSeconds) * 1000)
            continue;
        state.lastSyncMs = ctx.now().toMSecsSinceEpoch();
        syncOne(ctx, hpa, state);
    }
    for (auto it = m_state.begin(); it != m_state.end();)
        it = seen.contains(it.key()) ? std::next(it) : m_state.erase(it);
}

void HpaController::syncOne(SimContext &ctx, QJsonObject hpa, State &state)
{
    const QString ns = json::stringAt(hpa, u"metadata.namespace");
    const QString now = ctx.nowText();
    const qint64 nowMs = ctx.now().toMSecsSinceEpoch();
    const QJsonObject spec = hpa.value(QStringLiteral("spec")).toObject();
    const QString kind = json::stringAt(spec, u"scaleTargetRef.kind");
    const QString targetName = json::stringAt(spec, u"scaleTargetRef.name");
    auto fail = [&](const QString &type, const QString &reason, const QString &message) {
        pods::setCondition(hpa, {{QStringLiteral("type"), type}, {QStringLiteral("status"), QStringLiteral("False")},
                                 {QStringLiteral("reason"), reason}, {QStringLiteral("message"), message}}, now);
        ctx.store.replaceIfChanged(resources::horizontalPodAutoscalers(), hpa);
    };
    auto target = kind == QLatin1String("Deployment") ? ctx.store.get(resources::deployments(), ns, targetName) : std::nullopt;
    if (!target) {
        ctx.events.warning(hpa, QStringLiteral("FailedGetScale"), QStringLiteral("%1 \"%2\" not found").arg(kind, targetName), kComponent);
        return fail(QStringLiteral("AbleToScale"), QStringLiteral("FailedGetScale"),
                    QStringLiteral("the HPA controller was unable to get the target's current scale: %1 \"%2\" not found").arg(kind, targetName));
    }
    const qint64 current = json::at(*target, u"spec.replicas").toInteger(1);
    if (current == 0)
        return fail(QStringLiteral("ScalingActive"), QStringLiteral("ScalingDisabled"),
                    QStringLiteral("scaling is disabled since the replica count of the target is zero"));

    QString why;
    const auto selector = LabelSelector::fromObject(json::objectAt(*target, u"spec.selector"), &why);
    QList<QJsonObject> ready;
    for (const QJsonObject &p : ctx.store.list(resources::pods(), ns))
        if (selector && pods::isActive(p) && pods::isReady(p) && selector->matches(json::objectAt(p, u"metadata.labels")))
            ready.append(p);

    QJsonArray metrics = spec.value(QStringLiteral("metrics")).toArray();
    if (metrics.isEmpty())
        metrics.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("Resource")},
                                   {QStringLiteral("resource"), QJsonObject{{QStringLiteral("name"), QStringLiteral("cpu")},
                                                                            {QStringLiteral("target"), QJsonObject{{QStringLiteral("type"), QStringLiteral("Utilization")},
                                                                                                                   {QStringLiteral("averageUtilization"), 80}}}}}});
    std::optional<qint64> proposal;
    QString reason;
    QJsonArray currentMetrics;
    for (const QJsonValue &m : metrics) {
        if (m.toObject().value(QStringLiteral("type")) != QLatin1String("Resource")) {
            why = QStringLiteral("metric type \"%1\" is not simulated: use Resource metrics").arg(m.toObject().value(QStringLiteral("type")).toString().left(32));
            continue;
        }
        const MetricResult r = resourceMetric(ctx, m.toObject(), ready, current);
        if (!r.ok) {
            why = r.error;
            continue;
        }
        currentMetrics.append(r.current);
        if (!proposal || r.proposal > *proposal) {
            proposal = r.proposal;
            reason = r.description;
        }
    }
    if (!proposal) {
        ctx.events.warning(hpa, QStringLiteral("FailedGetResourceMetric"), why, kComponent);
        return fail(QStringLiteral("ScalingActive"), QStringLiteral("FailedGetResourceMetric"),
                    QStringLiteral("the HPA was unable to compute the replica count: ") + why);
    }

    // Stabilise: up to the lowest recommendation of the up window, down to the highest of the down window.
    const QJsonObject behavior = spec.value(QStringLiteral("behavior")).toObject();
    const QJsonObject upRules = behavior.value(QStringLiteral("scaleUp")).toObject();
    const QJsonObject downRules = behavior.value(QStringLiteral("scaleDown")).toObject();
    const qint64 upWindowMs = upRules.value(QStringLiteral("stabilizationWindowSeconds")).toInteger(0) * 1000;
    const qint64 downWindowMs = downRules.value(QStringLiteral("stabilizationWindowSeconds")).toInteger(300) * 1000;
    // A target seen for the first time starts its history at its current scale, so a
    // (re)started controller does not scale down before the window has passed.
    if (state.recommendations.isEmpty())
        state.recommendations.append({nowMs, current});
    state.recommendations.append({nowMs, *proposal});
    qint64 upRec = *proposal, downRec = *proposal;
    for (const Recommendation &r : std::as_const(state.recommendations)) {
        if (r.atMs > nowMs - upWindowMs)
            upRec = std::min(upRec, r.replicas);
        if (r.atMs > nowMs - downWindowMs)
            downRec = std::max(downRec, r.replicas);
    }
    const qint64 keepMs = std::max(upWindowMs, downWindowMs);
    state.recommendations.erase(std::remove_if(state.recommendations.begin(), state.recommendations.end(),
                                               [&](const Recommendation &r) { return r.atMs <= nowMs - keepMs; }),
                                state.recommendations.end());
    qint64 desired = current;
    if (desired < upRec)
        desired = upRec;
    if (desired > downRec)
        desired = downRec;
    const bool stabilized = desired > *proposal;

    QList<std::pair<qint64, qint64>> events;
    for (const ScaleEvent &e : std::as_const(state.events))
        events.append({e.atMs, e.delta});
    if (desired > current)
        desired = rateLimit(upRules, true, current, desired, nowMs, events);
    else if (desired < current)
        desired = rateLimit(downRules, false, current, desired, nowMs, events);

    const qint64 minReplicas = spec.value(QStringLiteral("minReplicas")).toInteger(1);
    const qint64 maxReplicas = spec.value(QStringLiteral("maxReplicas")).toInteger(1);
    QString limited = QStringLiteral("DesiredWithinRange");
    if (desired > maxReplicas) {
        desired = maxReplicas;
        limited = QStringLiteral("TooManyReplicas");
    } else if (desired < minReplicas) {
        desired = minReplicas;
        limited = QStringLiteral("TooFewReplicas");
    }

    QJsonObject status = hpa.value(QStringLiteral("status")).toObject();
    if (desired != current) {
        QJsonObject next = *target;
        json::set(next, u"spec.replicas", desired);
        json::set(next, u"metadata.managedFields",
                  managed::afterUpdate(&*target, next, QStringLiteral("Deployment"), QStringLiteral("kube-controller-manager"),
                                       QStringLiteral("scale"), ctx.now()));
        ctx.store.replace(resources::deployments(), next);
        state.events.append({nowMs, desired - current});
        status.insert(QStringLiteral("lastScaleTime"), now);
        ctx.events.normal(hpa, QStringLiteral("SuccessfulRescale"),
                          QStringLiteral("New size: %1; reason: %2 %3 target").arg(desired).arg(reason, desired > current ? QStringLiteral("above") : QStringLiteral("below")),
                          kComponent);
    }
    state.events.erase(std::remove_if(state.events.begin(), state.events.end(), [&](const ScaleEvent &e) { return e.atMs < nowMs - 600000; }),
                       state.events.end());
    status.insert(QStringLiteral("observedGeneration"), json::at(hpa, u"metadata.generation"));
    status.insert(QStringLiteral("currentReplicas"), current);
    status.insert(QStringLiteral("desiredReplicas"), desired);
    status.insert(QStringLiteral("currentMetrics"), currentMetrics);
    hpa.insert(QStringLiteral("status"), status);
    const QString able = desired != current ? QStringLiteral("SucceededRescale") : stabilized ? QStringLiteral("ScaleDownStabilized") : QStringLiteral("ReadyForNewScale");
    pods::setCondition(hpa, {{QStringLiteral("type"), QStringLiteral("AbleToScale")}, {QStringLiteral("status"), QStringLiteral("True")},
                             {QStringLiteral("reason"), able}, {QStringLiteral("message"), QStringLiteral("the HPA controller was able to update the target scale")}}, now);
    pods::setCondition(hpa, {{QStringLiteral("type"), QStringLiteral("ScalingActive")}, {QStringLiteral("status"), QStringLiteral("True")},
                             {QStringLiteral("reason"), QStringLiteral("ValidMetricFound")},
                             {QStringLiteral("message"), QStringLiteral("the HPA was able to successfully calculate a replica count from ") + reason}}, now);
    const bool isLimited = limited != QLatin1String("DesiredWithinRange");
    pods::setCondition(hpa, {{QStringLiteral("type"), QStringLiteral("ScalingLimited")},
                             {QStringLiteral("status"), isLimited ? QStringLiteral("True") : QStringLiteral("False")},
                             {QStringLiteral("reason"), limited},
                             {QStringLiteral("message"), isLimited ? QStringLiteral("the desired replica count is outside the allowed range")
                                                                   : QStringLiteral("the desired count is within the acceptable range")}}, now);
    ctx.store.replaceIfChanged(resources::horizontalPodAutoscalers(), hpa);
}

} // namespace enclii::kube::sim
