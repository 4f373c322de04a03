#include "RolloutJson.h"

#include <QJsonArray>

namespace enclii::canary {

namespace {

QJsonValue time(const QDateTime &t)
{
    return t.isValid() ? QJsonValue(t.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue();
}

QJsonValue value(std::optional<double> v)
{
    return v ? QJsonValue(*v) : QJsonValue();
}

QJsonObject thresholds(const core::DeployStrategy &d)
{
    const core::CanaryAnalysis &a = d.analysis;
    QJsonArray queries;
    for (const core::CanaryQuery &q : a.queries)
        queries << QJsonObject{{QStringLiteral("name"), q.name}, {QStringLiteral("query"), q.query},
                               {QStringLiteral("successCondition"), q.successCondition}};
    return {{QStringLiteral("intervalSeconds"), a.intervalSeconds},
            {QStringLiteral("successRate"), QJsonObject{{QStringLiteral("minPercent"), a.minSuccessRatePercent},
                                                        {QStringLiteral("condition"), QStringLiteral("result >= %1").arg(a.minSuccessRatePercent / 100.0)}}},
            {QStringLiteral("latency"), QJsonObject{{QStringLiteral("percentile"), a.latencyPercentile},
                                                    {QStringLiteral("maxMs"), a.maxLatencyMs},
                                                    {QStringLiteral("condition"), QStringLiteral("result <= %1").arg(a.maxLatencyMs / 1000.0)}}},
            {QStringLiteral("failureLimit"), a.failureLimit},
            {QStringLiteral("inconclusiveLimit"), a.inconclusiveLimit},
            {QStringLiteral("errorLimit"), a.errorLimit},
            {QStringLiteral("queries"), queries},
            {QStringLiteral("rollback"), d.rollback}};
}

QString stepStatus(const Rollout &r, int index)
{
    if (r.state == RolloutState::Succeeded || r.state == RolloutState::Promoting || index < r.stepIndex)
        return QStringLiteral("done");
    if (index > r.stepIndex || r.state == RolloutState::Pending)
        return QStringLiteral("waiting");
    if (!isActive(r.state))
        return QStringLiteral("stopped");
    return r.state == RolloutState::Paused ? QStringLiteral("paused") : r.stepPhase;
}

} // namespace

QJsonObject rolloutJson(const Rollout &r)
{
    const core::CanaryStep *step = r.step();
    return {{QStringLiteral("id"), double(r.id)},
            {QStringLiteral("service"), r.service},
            {QStringLiteral("project"), r.project},
            {QStringLiteral("namespace"), r.ns},
            {QStringLiteral("image"), r.image},
            {QStringLiteral("revision"), r.revision},
            {QStringLiteral("state"), stateName(r.state)},
            {QStringLiteral("step"), QJsonObject{{QStringLiteral("index"), r.stepIndex},
                                                 {QStringLiteral("count"), int(r.strategy.canarySteps.size())},
                                                 {QStringLiteral("weight"), step ? step->weight : 0},
                                                 {QStringLiteral("phase"), r.stepPhase}}},
            {QStringLiteral("pauseReason"), r.pauseReason},
            {QStringLiteral("message"), r.message},
            {QStringLiteral("failingMetric"), r.failingMetric},
            {QStringLiteral("failingValue"), value(r.failingValue)},
            {QStringLiteral("traffic"), r.traffic.toJson()},
            {QStringLiteral("settled"), r.settled},
            {QStringLiteral("deadlineAt"), time(r.deadlineAt)},
            {QStringLiteral("analysisStartedAt"), time(r.analysisStartedAt)},
            {QStringLiteral("supersededBy"), r.supersededBy ? QJsonValue(double(r.supersededBy)) : QJsonValue()},
            {QStringLiteral("retryOf"), r.retryOf ? QJsonValue(double(r.retryOf)) : QJsonValue()},
            {QStringLiteral("createdBy"), r.createdBy},
            {QStringLiteral("createdAt"), time(r.createdAt)},
            {QStringLiteral("updatedAt"), time(r.updatedAt)},
            {QStringLiteral("finishedAt"), time(r.finishedAt)}};
}

QJsonObject rolloutDetailJson(const Rollout &r, const QList<Transition> &timeline, const QList<StoredMeasurement> &measurements,
                              const QStringList &allowedActions)
{
    QJsonObject o = rolloutJson(r);
    QJsonArray steps;
    for (int i = 0; i < r.strategy.canarySteps.size(); ++i) {
        const core::CanaryStep &s = r.strategy.canarySteps[i];
        QDateTime entered;
        for (const Transition &t : timeline)
            if (t.stepIndex == i && t.to == QLatin1String("progressing") && !entered.isValid())
                entered = t.at;
        steps << QJsonObject{{QStringLiteral("index"), i},
                             {QStringLiteral("weight"), s.weight},
                             {QStringLiteral("pauseSeconds"), s.pauseSeconds},
                             {QStringLiteral("pauseIndefinite"), s.pauseIndefinite},
                             {QStringLiteral("status"), stepStatus(r, i)},
                             {QStringLiteral("enteredAt"), time(entered)}};
    }
    QJsonArray events;
    for (const Transition &t : timeline)
        events << QJsonObject{{QStringLiteral("at"), time(t.at)},     {QStringLiteral("from"), t.from},
                              {QStringLiteral("to"), t.to},           {QStringLiteral("step"), t.stepIndex},
                              {QStringLiteral("actor"), t.actor},     {QStringLiteral("reason"), t.reason}};
    QJsonArray ms;
    for (const StoredMeasurement &s : measurements)
        ms << QJsonObject{{QStringLiteral("at"), time(s.m.at)},
                          {QStringLiteral("step"), s.stepIndex},
                          {QStringLiteral("run"), s.run},
                          {QStringLiteral("metric"), s.m.metric},
                          {QStringLiteral("track"), s.m.track},
                          {QStringLiteral("value"), value(s.m.value)},
                          {QStringLiteral("threshold"), s.m.condition},
                          {QStringLiteral("verdict"), verdictName(s.m.verdict)},
                          {QStringLiteral("gates"), s.m.gates},
                          {QStringLiteral("counted"), s.counted},
                          {QStringLiteral("message"), s.m.message}};
    o.insert(QStringLiteral("steps"), steps);
    o.insert(QStringLiteral("thresholds"), thresholds(r.strategy));
    o.insert(QStringLiteral("timeline"), events);
    o.insert(QStringLiteral("measurements"), ms);
    o.insert(QStringLiteral("actions"), QJsonArray::fromStringList(allowedActions));
    return o;
}

} // namespace enclii::canary
