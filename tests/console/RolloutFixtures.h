#pragma once

// Rollouts as encliid's canary controller reports them, made with the daemon's own types and
// serializer (canary::rolloutJson, rolloutDetailJson, RolloutControls::allowedNames), so the
// console's tests break when the shape of GET /v1/rollouts changes.

#include "canary/RolloutControls.h"
#include "canary/RolloutJson.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>

namespace enclii::test {

// One rollout with everything the detail needs.
struct CanaryCase
{
    canary::Rollout rollout;
    QList<canary::Transition> timeline;
    QList<canary::StoredMeasurement> measurements;

    QJsonObject summary() const { return canary::rolloutJson(rollout); }
    QJsonObject detail() const
    {
        return canary::rolloutDetailJson(rollout, timeline, measurements, canary::RolloutControls::allowedNames(rollout, true));
    }
};

inline canary::StoredMeasurement measurement(const QDateTime &at, int step, int run, const QString &metric, const QString &track,
                                             std::optional<double> value, const QString &condition, canary::Verdict verdict,
                                             bool counted = true, const QString &message = {})
{
    canary::StoredMeasurement s;
    s.stepIndex = step;
    s.run = run;
    s.counted = counted;
    s.m.metric = metric;
    s.m.track = track;
    s.m.value = value;
    s.m.condition = condition;
    s.m.verdict = verdict;
    s.m.message = message;
    s.m.at = at;
    s.m.gates = track == QLatin1String("canary");
    return s;
}

inline canary::Rollout baseRollout(qint64 id, const QString &service, const QString &project, const QDateTime &created)
{
    canary::Rollout r;
    r.id = id;
    r.service = service;
    r.project = project;
    r.ns = project;
    r.image = QStringLiteral("registry.enclii.local/%1/%2@sha256:3f9a1c0e7b2d4c6a8e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f")
                  .arg(project, service);
    r.revision = QStringLiteral("9c1e2f7a4b");
    r.strategy.strategy = QStringLiteral("canary");
    r.strategy.canarySteps = canary::defaultSteps();
    r.createdBy = QStringLiteral("roundhouse");
    r.createdAt = created;
    r.updatedAt = created;
    return r;
}

// forgesight-api at 50 %, analysing, by ingress weight; one slow canary measurement (allowed:
// the failure limit is one) and one the stable track shares.
inline CanaryCase progressingCase(const QDateTime &now)
{
    using canary::Verdict;
    CanaryCase c;
    const QDateTime start = now.addSecs(-13 * 60);
    canary::Rollout &r = c.rollout;
    r = baseRollout(42, QStringLiteral("forgesight-api"), QStringLiteral("forgesight"), start);
    r.state = canary::RolloutState::Progressing;
    r.stepIndex = 1;
    r.stepPhase = QStringLiteral("analysing");
    r.analysisStartedAt = now.addSecs(-150);
    r.deadlineAt = now.addSecs(150);
    r.message = QStringLiteral("step 2 of 3 (50 %): analysing");
    r.traffic = {canary::TrafficMode::Ingress, 50, 50.0, 4, 2, 2, QStringLiteral("exact: the ingress controller's canary-weight")};
    c.timeline = {{1, 42, start, QStringLiteral("pending"), QStringLiteral("progressing"), 0, QStringLiteral("roundhouse"),
                   QStringLiteral("release #118 of forgesight-api"), false},
                  {2, 42, start.addSecs(6 * 60), QStringLiteral("progressing"), QStringLiteral("progressing"), 1,
                   QStringLiteral("canary"), QStringLiteral("step 1 of 3 (10 %): analysis passed (10 successful measurements); on to step 2 of 3 (50 %)"),
                   false}};
    const QString success = QStringLiteral("result >= 0.99");
    const QString latency = QStringLiteral("result <= 0.5");
    int run = 0;
    for (int i = 0; i < 10; ++i) {
        const int step = i < 6 ? 0 : 1;
        run = step == 0 ? i + 1 : i - 5;
        const QDateTime at = start.addSecs(60 + i * 60);
        const double canaryRate = 0.9981 - 0.0004 * (i % 3);
        c.measurements << measurement(at, step, run, QStringLiteral("success-rate"), QStringLiteral("canary"), canaryRate, success, Verdict::Successful)
                       << measurement(at, step, run, QStringLiteral("success-rate"), QStringLiteral("stable"), 0.9993 - 0.0002 * (i % 2), success,
                                      Verdict::Successful)
                       << measurement(at, step, run, QStringLiteral("latency-p99"), QStringLiteral("stable"), 0.180 + 0.01 * (i % 4), latency,
                                      Verdict::Successful);
        if (i == 8)
            c.measurements << measurement(at, step, run, QStringLiteral("latency-p99"), QStringLiteral("canary"), 0.62, latency, Verdict::Failed,
                                          true, QStringLiteral("latency-p99 of the canary track is 0.62, which fails result <= 0.5"));
        else if (i == 2)
            c.measurements << measurement(at, step, run, QStringLiteral("latency-p99"), QStringLiteral("canary"), std::nullopt, latency,
                                          Verdict::Inconclusive, true, QStringLiteral("no series: no traffic yet"));
        else
            c.measurements << measurement(at, step, run, QStringLiteral("latency-p99"), QStringLiteral("canary"), 0.210 + 0.015 * (i % 5), latency,
                                          Verdict::Successful);
    }
    return c;
}

// janua-web rolled back at 10 %, by replica ratio: the canary's success rate fell under 99 %.
inline CanaryCase rolledBackCase(const QDateTime &now)
{
    using canary::Verdict;
    CanaryCase c;
    const QDateTime start = now.addSecs(-47 * 60);
    canary::Rollout &r = c.rollout;
    r = baseRollout(41, QStringLiteral("janua-web"), QStringLiteral("janua"), start);
    r.state = canary::RolloutState::RolledBack;
    r.stepIndex = 0;
    r.stepPhase = QStringLiteral("analysing");
    r.failingMetric = QStringLiteral("success-rate");
    r.failingValue = 0.962;
    r.message = QStringLiteral("rolled back at step 1 of 3 (10 %): success-rate of the canary track: success-rate of the canary track is 0.962, "
                               "which fails result >= 0.99");
    r.finishedAt = start.addSecs(4 * 60);
    r.settled = true;
    r.traffic = {canary::TrafficMode::Replicas, 0, 0.0, 3, 0, 0, canary::replicaPrecision(3, 0)};
    c.timeline = {{3, 41, start, QStringLiteral("pending"), QStringLiteral("progressing"), 0, QStringLiteral("roundhouse"),
                   QStringLiteral("release #57 of janua-web"), false},
                  {4, 41, r.finishedAt, QStringLiteral("progressing"), QStringLiteral("rolled_back"), 0, QStringLiteral("canary"), r.message, true}};
    const QString success = QStringLiteral("result >= 0.99");
    for (int i = 0; i < 3; ++i) {
        const QDateTime at = start.addSecs(60 + i * 60);
        const bool bad = i == 2;
        c.measurements << measurement(at, 0, i + 1, QStringLiteral("success-rate"), QStringLiteral("canary"), bad ? 0.962 : 0.995, success,
                                      bad ? Verdict::Failed : Verdict::Successful, true,
                                      bad ? QStringLiteral("success-rate of the canary track is 0.962, which fails result >= 0.99") : QString())
                       << measurement(at, 0, i + 1, QStringLiteral("success-rate"), QStringLiteral("stable"), 0.998, success, Verdict::Successful);
    }
    return c;
}

// switchyard paused: too many inconclusive measurements, by replica ratio (3 + 1 pods).
inline CanaryCase pausedCase(const QDateTime &now)
{
    CanaryCase c;
    const QDateTime start = now.addSecs(-25 * 60);
    canary::Rollout &r = c.rollout;
    r = baseRollout(40, QStringLiteral("switchyard"), QStringLiteral("enclii"), start);
    r.state = canary::RolloutState::Paused;
    r.pauseReason = canary::pause::kInconclusive;
    r.message = QStringLiteral("step 1 of 3 (10 %): 3 inconclusive measurements, more than the limit of 2");
    r.deadlineAt = now.addSecs(23 * 3600);
    r.traffic = {canary::TrafficMode::Replicas, 10, canary::replicaWeight(3, 1), 3, 1, 1, canary::replicaPrecision(3, 1)};
    return c;
}

// forgesight-worker, done a day ago.
inline CanaryCase succeededCase(const QDateTime &now)
{
    CanaryCase c;
    const QDateTime start = now.addSecs(-26 * 3600);
    canary::Rollout &r = c.rollout;
    r = baseRollout(39, QStringLiteral("forgesight-worker"), QStringLiteral("forgesight"), start);
    r.state = canary::RolloutState::Succeeded;
    r.stepIndex = 2;
    r.message = QStringLiteral("promoted: the stable track runs the release");
    r.finishedAt = start.addSecs(16 * 60);
    r.traffic = {canary::TrafficMode::Ingress, 100, 0.0, 4, 0, 0, QStringLiteral("exact: the ingress controller's canary-weight")};
    return c;
}

inline QList<CanaryCase> canaryCases(const QDateTime &now)
{
    return {progressingCase(now), rolledBackCase(now), pausedCase(now), succeededCase(now)};
}

// GET /v1/rollouts as the daemon answers it: newest first.
inline QJsonObject rolloutList(const QList<CanaryCase> &cases)
{
    QJsonArray items;
    for (const CanaryCase &c : cases)
        items << c.summary();
    return {{QStringLiteral("items"), items}};
}

} // namespace enclii::test
