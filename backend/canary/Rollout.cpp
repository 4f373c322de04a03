#include "Rollout.h"

#include <QJsonArray>

#include <array>

namespace enclii::canary {

namespace {

struct StateEntry
{
    RolloutState state;
    const char *name;
};

constexpr std::array<StateEntry, 9> kStates{{{RolloutState::Pending, "pending"},
                                              {RolloutState::Progressing, "progressing"},
                                              {RolloutState::Paused, "paused"},
                                              {RolloutState::Promoting, "promoting"},
                                              {RolloutState::Succeeded, "succeeded"},
                                              {RolloutState::Aborted, "aborted"},
                                              {RolloutState::RolledBack, "rolled_back"},
                                              {RolloutState::Failed, "failed"},
                                              {RolloutState::Superseded, "superseded"}}};

} // namespace

QString stateName(RolloutState s)
{
    for (const StateEntry &e : kStates)
        if (e.state == s)
            return QLatin1String(e.name);
    return {};
}

std::optional<RolloutState> stateFromName(const QString &name)
{
    for (const StateEntry &e : kStates)
        if (name == QLatin1String(e.name))
            return e.state;
    return std::nullopt;
}

bool isActive(RolloutState s)
{
    return s == RolloutState::Pending || s == RolloutState::Progressing || s == RolloutState::Paused || s == RolloutState::Promoting;
}

QString stepLabel(const Rollout &r)
{
    const core::CanaryStep *s = r.step();
    return QStringLiteral("step %1 of %2 (%3 %)").arg(r.stepIndex + 1).arg(r.strategy.canarySteps.size()).arg(s ? s->weight : 0);
}

void enterStep(Rollout &r, int index, const QDateTime &now, const Timeouts &t)
{
    r.state = RolloutState::Progressing;
    r.stepIndex = index;
    r.stepPhase = QStringLiteral("scaling");
    r.analysisStartedAt = {};
    r.lastMeasuredAt = {};
    r.deadlineAt = now.addSecs(t.ready);
    r.pauseReason.clear();
    r.message = stepLabel(r) + QStringLiteral(": sizing the canary");
}

void enterPromotion(Rollout &r, const QDateTime &now, const Timeouts &t)
{
    r.state = RolloutState::Promoting;
    r.deadlineAt = now.addSecs(t.promote);
    r.pauseReason.clear();
    r.message = QStringLiteral("promoting: the stable track takes the release, then the canary goes");
}

QString leaveStep(Rollout &r, const QDateTime &now, const Timeouts &t)
{
    if (r.stepIndex + 1 < r.strategy.canarySteps.size()) {
        enterStep(r, r.stepIndex + 1, now, t);
        return stepLabel(r);
    }
    enterPromotion(r, now, t);
    return QStringLiteral("promotion");
}

void enterPause(Rollout &r, const QString &reason, const QString &message, const QDateTime &now, const Timeouts &t)
{
    r.state = RolloutState::Paused;
    r.pauseReason = reason;
    r.deadlineAt = now.addSecs(t.person);
    r.message = message;
}

void resumeStep(Rollout &r, const QDateTime &now, const Timeouts &t)
{
    r.state = RolloutState::Progressing;
    r.pauseReason.clear();
    if (r.stepPhase == QLatin1String("analysing")) {
        r.analysisRun += 1;
        r.analysisStartedAt = now;
        r.lastMeasuredAt = {};
        const core::CanaryStep *s = r.step();
        r.deadlineAt = now.addSecs(s ? s->pauseSeconds : 0);
        r.message = stepLabel(r) + QStringLiteral(": analysis starts over");
    } else {
        r.deadlineAt = now.addSecs(t.ready);
        r.message = stepLabel(r) + QStringLiteral(": sizing the canary");
    }
}

void endRollout(Rollout &r, RolloutState state, const QString &message, const QDateTime &now, bool drain)
{
    r.state = state;
    r.finishedAt = now;
    r.deadlineAt = {};
    r.pauseReason.clear();
    r.message = message;
    r.settled = !drain;
}

QList<core::CanaryStep> defaultSteps()
{
    return {core::CanaryStep{10, 300, false}, core::CanaryStep{50, 300, false}, core::CanaryStep{100, 0, false}};
}

QJsonObject strategyToJson(const core::DeployStrategy &d)
{
    QJsonArray steps;
    for (const core::CanaryStep &s : d.canarySteps)
        steps << QJsonObject{{QStringLiteral("weight"), s.weight}, {QStringLiteral("pauseSeconds"), s.pauseSeconds},
                             {QStringLiteral("pauseIndefinite"), s.pauseIndefinite}};
    const core::CanaryAnalysis &a = d.analysis;
    QJsonArray queries;
    for (const core::CanaryQuery &q : a.queries)
        queries << QJsonObject{{QStringLiteral("name"), q.name}, {QStringLiteral("query"), q.query},
                               {QStringLiteral("successCondition"), q.successCondition}};
    return {{QStringLiteral("steps"), steps},
            {QStringLiteral("rollback"), d.rollback},
            {QStringLiteral("analysis"),
             QJsonObject{{QStringLiteral("intervalSeconds"), a.intervalSeconds},
                         {QStringLiteral("minSuccessRatePercent"), a.minSuccessRatePercent},
                         {QStringLiteral("latencyPercentile"), a.latencyPercentile},
                         {QStringLiteral("maxLatencyMs"), a.maxLatencyMs},
                         {QStringLiteral("failureLimit"), a.failureLimit},
                         {QStringLiteral("inconclusiveLimit"), a.inconclusiveLimit},
                         {QStringLiteral("errorLimit"), a.errorLimit},
                         {QStringLiteral("queries"), queries}}}};
}

core::DeployStrategy strategyFromJson(const QJsonObject &o)
{
    core::DeployStrategy d;
    d.strategy = QStringLiteral("canary");
    for (const QJsonValue &v : o.value(QStringLiteral("steps")).toArray()) {
        const QJsonObject s = v.toObject();
        d.canarySteps << core::CanaryStep{s.value(QStringLiteral("weight")).toInt(), s.value(QStringLiteral("pauseSeconds")).toInt(),
                                          s.value(QStringLiteral("pauseIndefinite")).toBool()};
    }
    d.rollback = o.value(QStringLiteral("rollback")).toString(QStringLiteral("automatic"));
    const QJsonObject a = o.value(QStringLiteral("analysis")).toObject();
    core::CanaryAnalysis &an = d.analysis;
    an.intervalSeconds = std::max(1, a.value(QStringLiteral("intervalSeconds")).toInt(an.intervalSeconds));
    an.minSuccessRatePercent = a.value(QStringLiteral("minSuccessRatePercent")).toDouble(an.minSuccessRatePercent);
    an.latencyPercentile = a.value(QStringLiteral("latencyPercentile")).toInt(an.latencyPercentile);
    an.maxLatencyMs = a.value(QStringLiteral("maxLatencyMs")).toInt(an.maxLatencyMs);
    an.failureLimit = a.value(QStringLiteral("failureLimit")).toInt(an.failureLimit);
    an.inconclusiveLimit = a.value(QStringLiteral("inconclusiveLimit")).toInt(an.inconclusiveLimit);
    an.errorLimit = a.value(QStringLiteral("errorLimit")).toInt(an.errorLimit);
    for (const QJsonValue &v : a.value(QStringLiteral("queries")).toArray()) {
        const QJsonObject q = v.toObject();
        an.queries << core::CanaryQuery{q.value(QStringLiteral("name")).toString(), q.value(QStringLiteral("query")).toString(),
                                        q.value(QStringLiteral("successCondition")).toString()};
    }
    if (d.canarySteps.isEmpty())
        d.canarySteps = defaultSteps();
    return d;
}

} // namespace enclii::canary
