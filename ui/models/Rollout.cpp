#include "Rollout.h"

#include "Build.h" // timestampFromJson
#include "JsonRead.h"

#include <QHash>

#include <algorithm>
#include <array>

namespace enclii::ui {

using namespace Qt::StringLiterals;
using L = RolloutLimits;

namespace {

QString text(const QJsonObject &json, QLatin1String key)
{
    return json::string(json, key).left(L::MaxText);
}

std::optional<double> optionalNumber(const QJsonObject &json, QLatin1String key)
{
    const QJsonValue v = json.value(key);
    return v.isDouble() ? std::optional<double>(v.toDouble()) : std::nullopt;
}

int nonNegative(const QJsonObject &json, QLatin1String key)
{
    return std::max(0, json::integer32(json, key));
}

double percent(const QJsonObject &json, QLatin1String key, double fallback)
{
    return std::clamp(json::number(json, key, fallback), 0.0, 100.0);
}

TrafficSplit trafficFromJson(const QJsonObject &json)
{
    TrafficSplit t;
    t.byIngress = json::string(json, "mode"_L1) == "ingress"_L1;
    t.requestedWeight = std::clamp(json::integer32(json, "requestedWeight"_L1), 0, 100);
    t.canaryWeight = percent(json, "canaryWeight"_L1, 0);
    t.stableWeight = percent(json, "stableWeight"_L1, 100.0 - t.canaryWeight);
    t.stableReplicas = nonNegative(json, "stableReplicas"_L1);
    t.canaryReplicas = nonNegative(json, "canaryReplicas"_L1);
    t.canaryReady = nonNegative(json, "canaryReady"_L1);
    t.precision = text(json, "precision"_L1);
    return t;
}

RolloutThresholds thresholdsFromJson(const QJsonObject &json)
{
    RolloutThresholds t;
    if (json.isEmpty())
        return t;
    const QJsonObject success = json::object(json, "successRate"_L1);
    const QJsonObject latency = json::object(json, "latency"_L1);
    t.known = !success.isEmpty() || !latency.isEmpty();
    t.intervalSeconds = nonNegative(json, "intervalSeconds"_L1);
    t.minSuccessRatePercent = percent(success, "minPercent"_L1, 0);
    t.latencyPercentile = std::clamp(json::integer32(latency, "percentile"_L1), 0, 100);
    t.maxLatencyMs = nonNegative(latency, "maxMs"_L1);
    t.failureLimit = nonNegative(json, "failureLimit"_L1);
    t.inconclusiveLimit = nonNegative(json, "inconclusiveLimit"_L1);
    t.errorLimit = nonNegative(json, "errorLimit"_L1);
    t.rollback = text(json, "rollback"_L1);
    return t;
}

constexpr std::array<std::pair<RolloutAction, const char *>, 6> ActionNames{{{RolloutAction::Promote, "promote"},
                                                                              {RolloutAction::PromoteFull, "promote-full"},
                                                                              {RolloutAction::Pause, "pause"},
                                                                              {RolloutAction::Resume, "resume"},
                                                                              {RolloutAction::Abort, "abort"},
                                                                              {RolloutAction::Retry, "retry"}}};

} // namespace

double TrafficSplit::replicaStep() const
{
    const int pods = stableReplicas + canaryReplicas;
    return byIngress ? 0.0 : (pods > 0 ? 100.0 / pods : 100.0);
}

RolloutState rolloutStateFromString(const QString &state)
{
    static const QHash<QString, RolloutState> states{
        {u"pending"_s, RolloutState::Pending},     {u"progressing"_s, RolloutState::Progressing},
        {u"paused"_s, RolloutState::Paused},       {u"promoting"_s, RolloutState::Promoting},
        {u"succeeded"_s, RolloutState::Succeeded}, {u"aborted"_s, RolloutState::Aborted},
        {u"rolled_back"_s, RolloutState::RolledBack}, {u"failed"_s, RolloutState::Failed},
        {u"superseded"_s, RolloutState::Superseded}};
    return states.value(state, RolloutState::Unknown);
}

QString rolloutActionName(RolloutAction action)
{
    for (const auto &[a, name] : ActionNames)
        if (a == action)
            return QLatin1String(name);
    return {};
}

std::optional<RolloutAction> rolloutActionFromName(const QString &name)
{
    for (const auto &[a, n] : ActionNames)
        if (name == QLatin1String(n))
            return a;
    return std::nullopt;
}

QList<RolloutAction> allRolloutActions()
{
    QList<RolloutAction> out;
    for (const auto &entry : ActionNames)
        out << entry.first;
    return out;
}

bool Rollout::isActive() const
{
    return state == RolloutState::Pending || state == RolloutState::Progressing || state == RolloutState::Paused
           || state == RolloutState::Promoting;
}

QList<QPointF> Rollout::series(bool (RolloutMeasurement::*isMetric)() const, const QString &track) const
{
    QList<QPointF> points;
    for (const RolloutMeasurement &m : measurements)
        if ((m.*isMetric)() && m.track == track && m.value && m.at.isValid())
            points.append({double(m.at.toMSecsSinceEpoch()), *m.value});
    std::stable_sort(points.begin(), points.end(), [](const QPointF &a, const QPointF &b) { return a.x() < b.x(); });
    return points;
}

int Rollout::failingMeasurements() const
{
    return int(std::count_if(measurements.cbegin(), measurements.cend(), [](const RolloutMeasurement &m) { return m.isFailure(); }));
}

std::optional<Rollout> Rollout::fromJson(const QJsonObject &json)
{
    Rollout r;
    r.id = json::integer(json, "id"_L1);
    r.service = text(json, "service"_L1);
    if (r.id <= 0 || r.service.isEmpty())
        return std::nullopt;
    r.project = text(json, "project"_L1);
    r.namespaceName = text(json, "namespace"_L1);
    r.image = text(json, "image"_L1);
    r.revision = text(json, "revision"_L1);
    r.stateText = text(json, "state"_L1).left(64);
    r.state = rolloutStateFromString(r.stateText);
    const QJsonObject step = json::object(json, "step"_L1);
    r.stepCount = std::clamp(json::integer32(step, "count"_L1), 0, L::MaxSteps);
    r.stepIndex = std::clamp(json::integer32(step, "index"_L1), 0, std::max(0, r.stepCount - 1));
    r.stepWeight = std::clamp(json::integer32(step, "weight"_L1), 0, 100);
    r.stepPhase = text(step, "phase"_L1).left(64);
    r.pauseReason = text(json, "pauseReason"_L1);
    r.message = text(json, "message"_L1);
    r.failingMetric = text(json, "failingMetric"_L1);
    r.failingValue = optionalNumber(json, "failingValue"_L1);
    r.traffic = trafficFromJson(json::object(json, "traffic"_L1));
    r.settled = json::boolean(json, "settled"_L1, true);
    r.deadlineAt = timestampFromJson(json, "deadlineAt"_L1);
    r.analysisStartedAt = timestampFromJson(json, "analysisStartedAt"_L1);
    r.supersededBy = std::max<qint64>(0, json::integer(json, "supersededBy"_L1));
    r.retryOf = std::max<qint64>(0, json::integer(json, "retryOf"_L1));
    r.createdBy = text(json, "createdBy"_L1);
    r.createdAt = timestampFromJson(json, "createdAt"_L1);
    r.updatedAt = timestampFromJson(json, "updatedAt"_L1);
    r.finishedAt = timestampFromJson(json, "finishedAt"_L1);

    // The detail's parts; a list item has none of them.
    r.hasDetail = json.value("steps"_L1).isArray() && json.value("measurements"_L1).isArray();
    json::forEachObject(json, "steps"_L1, L::MaxSteps, [&r](const QJsonObject &s) {
        r.steps.append({nonNegative(s, "index"_L1), std::clamp(json::integer32(s, "weight"_L1), 0, 100),
                        nonNegative(s, "pauseSeconds"_L1), json::boolean(s, "pauseIndefinite"_L1),
                        text(s, "status"_L1).left(64), timestampFromJson(s, "enteredAt"_L1)});
    });
    r.thresholds = thresholdsFromJson(json::object(json, "thresholds"_L1));
    json::forEachObject(json, "timeline"_L1, L::MaxTimeline, [&r](const QJsonObject &t) {
        r.timeline.append({timestampFromJson(t, "at"_L1), text(t, "from"_L1).left(64), text(t, "to"_L1).left(64),
                           nonNegative(t, "step"_L1), text(t, "actor"_L1), text(t, "reason"_L1)});
    });
    json::forEachObject(json, "measurements"_L1, L::MaxMeasurements, [&r](const QJsonObject &m) {
        RolloutMeasurement x;
        x.at = timestampFromJson(m, "at"_L1);
        x.step = nonNegative(m, "step"_L1);
        x.run = nonNegative(m, "run"_L1);
        x.metric = text(m, "metric"_L1).left(200);
        x.track = text(m, "track"_L1).left(64);
        x.value = optionalNumber(m, "value"_L1);
        x.threshold = text(m, "threshold"_L1);
        x.verdict = text(m, "verdict"_L1).left(64);
        x.gates = json::boolean(m, "gates"_L1, true);
        x.counted = json::boolean(m, "counted"_L1, true);
        x.message = text(m, "message"_L1);
        r.measurements.append(x);
    });
    int actions = 0;
    for (const QString &name : json::strings(json, "actions"_L1)) {
        if (++actions > L::MaxActions)
            break;
        if (const auto a = rolloutActionFromName(name); a && !r.actions.contains(*a))
            r.actions.append(*a); // names a newer daemon adds are not buttons here
    }
    return r;
}

} // namespace enclii::ui
