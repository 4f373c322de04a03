#pragma once

#include "Analysis.h"
#include "TrafficDriver.h"

#include "core/ServiceSpec.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace enclii::canary {

// pending -> progressing (per step) -> paused -> promoting -> succeeded | aborted |
// rolled_back | failed; superseded when a newer release replaces it.
enum class RolloutState { Pending, Progressing, Paused, Promoting, Succeeded, Aborted, RolledBack, Failed, Superseded };

QString stateName(RolloutState s); // "pending", ..., "rolled_back", "superseded"
std::optional<RolloutState> stateFromName(const QString &name);
// Pending, progressing, paused, promoting: at most one such rollout per service.
bool isActive(RolloutState s);

// Why a rollout waits for a person.
namespace pause {
inline const QString kIndefinite = QStringLiteral("indefinite");         // the step says so
inline const QString kPerson = QStringLiteral("person");                 // someone paused it
inline const QString kInconclusive = QStringLiteral("inconclusive");     // too many inconclusive measurements
inline const QString kAnalysisError = QStringLiteral("analysis-error");  // too many measurements could not be taken
inline const QString kAnalysisFailed = QStringLiteral("analysis-failed"); // failed, and rollback is manual
inline const QString kStableFailing = QStringLiteral("stable-failing");  // the stable track fails the same analysis
}

// One rollout: a release of a service going through its canary steps (a row of rollouts).
struct Rollout
{
    qint64 id = 0;
    QString service;
    QString project;
    QString ns;
    QString image;
    QString revision;
    core::DeployStrategy strategy; // as it was when the rollout started
    RolloutState state = RolloutState::Pending;
    int stepIndex = 0;
    QString stepPhase = QStringLiteral("scaling"); // scaling: the canary is being sized; analysing: it has its weight
    int analysisRun = 0;
    QDateTime analysisStartedAt;
    QDateTime canarySince; // this rollout's canary first served (the first analysis began); invalid before
    QDateTime lastMeasuredAt;
    QDateTime deadlineAt;
    QString pauseReason;
    QString message;
    QString failingMetric;
    std::optional<double> failingValue;
    TrafficSplit traffic;
    bool settled = true;
    qint64 supersededBy = 0;
    qint64 retryOf = 0;
    QString createdBy;
    QDateTime createdAt;
    QDateTime updatedAt;
    QDateTime finishedAt;
    int version = 0;

    RolloutTarget target() const { return {ns, service}; }
    const core::CanaryStep *step() const
    {
        return stepIndex >= 0 && stepIndex < strategy.canarySteps.size() ? &strategy.canarySteps[stepIndex] : nullptr;
    }
};

// One entry of a rollout's timeline.
struct Transition
{
    qint64 id = 0;
    qint64 rolloutId = 0;
    QDateTime at;
    QString from;
    QString to;
    int stepIndex = 0;
    QString actor;
    QString reason;
    bool notify = false;
};

// A measurement as stored: which step and analysis run it belongs to, and whether it counts
// against the canary (a failure the stable track shares is excused).
struct StoredMeasurement
{
    qint64 id = 0;
    int stepIndex = 0;
    int run = 0;
    bool counted = true;
    Measurement m;
};

// How long each wait may last (seconds), from the timestamps in the row.
struct Timeouts
{
    int ready = 600;    // canary pods ready after a step begins; then it counts as failed
    int promote = 900;  // the stable track rolled out with the release; then failed
    int person = 86400; // a pause waiting for a person; then aborted
    int pending = 600;  // an earlier rollout's canary draining; then failed
};

// The bookkeeping of a state change, shared by the machine and the on-call controls; the
// caller writes the row.
void enterStep(Rollout &r, int index, const QDateTime &now, const Timeouts &t);
void enterPromotion(Rollout &r, const QDateTime &now, const Timeouts &t);
// The next step, or promotion after the last; a description of where it went.
QString leaveStep(Rollout &r, const QDateTime &now, const Timeouts &t);
void enterPause(Rollout &r, const QString &reason, const QString &message, const QDateTime &now, const Timeouts &t);
// Back to progressing after a pause: the step's analysis starts over with a fresh tally.
void resumeStep(Rollout &r, const QDateTime &now, const Timeouts &t);
// Ended; drain: the canary must still be scaled away (settled false).
void endRollout(Rollout &r, RolloutState state, const QString &message, const QDateTime &now, bool drain);
// "step 2 of 3 (50 %)"
QString stepLabel(const Rollout &r);

// The steps a canary takes when its spec gives none: the seed's 10 % and 50 % with five
// minutes of analysis each, then 100 %.
QList<core::CanaryStep> defaultSteps();

// The strategy snapshot stored with a rollout (steps, analysis, rollback).
QJsonObject strategyToJson(const core::DeployStrategy &d);
core::DeployStrategy strategyFromJson(const QJsonObject &o);

} // namespace enclii::canary
