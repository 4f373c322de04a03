#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QPointF>
#include <QString>
#include <QStringList>

#include <optional>

// What encliid's canary controller reports about rollouts (GET /v1/rollouts and
// /v1/rollouts/{id}). Read forgivingly: what is missing or malformed stays empty, and every
// list is capped so a hostile answer costs bounded memory.
namespace enclii::ui {

enum class RolloutState { Unknown, Pending, Progressing, Paused, Promoting, Succeeded, Aborted, RolledBack, Failed, Superseded };

// The on-call controls, as the daemon names them in "actions" and in its paths.
enum class RolloutAction { Promote, PromoteFull, Pause, Resume, Abort, Retry };

struct RolloutLimits
{
    static constexpr int MaxRollouts = 1000;    // the list's own limit
    static constexpr int MaxSteps = 64;
    static constexpr int MaxTimeline = 1000;
    static constexpr int MaxMeasurements = 5000; // a day of one-minute runs of four metrics, and then some
    static constexpr int MaxActions = 16;
    static constexpr qsizetype MaxText = 2000;  // messages and reasons are cut here
};

// How the canary's share of requests is made: the ingress controller's canary weight (exact)
// or the ready pods behind a Service that selects both tracks (as exact as the replicas allow).
struct TrafficSplit
{
    bool byIngress = false;
    int requestedWeight = 0; // percent
    double canaryWeight = 0; // percent of requests the canary gets now
    double stableWeight = 100;
    int stableReplicas = 0;
    int canaryReplicas = 0;
    int canaryReady = 0;
    QString precision; // the daemon's words

    // By replica ratio: the smallest step the split can move by (percent); 0 by ingress.
    double replicaStep() const;
};

struct RolloutStep
{
    int index = 0;
    int weight = 0;
    int pauseSeconds = 0;
    bool pauseIndefinite = false;
    QString status; // done, waiting, scaling, analysing, paused, stopped
    QDateTime enteredAt;
};

struct RolloutThresholds
{
    bool known = false;
    int intervalSeconds = 0;
    double minSuccessRatePercent = 0;
    int latencyPercentile = 0;
    int maxLatencyMs = 0;
    int failureLimit = 0;
    int inconclusiveLimit = 0;
    int errorLimit = 0;
    QString rollback; // automatic | manual
};

struct RolloutTransition
{
    QDateTime at;
    QString from;
    QString to;
    int step = 0;
    QString actor;
    QString reason;
};

struct RolloutMeasurement
{
    QDateTime at;
    int step = 0;
    int run = 0;
    QString metric; // success-rate, latency-p99, or the spec's own query name
    QString track;  // canary | stable
    std::optional<double> value;
    QString threshold; // the condition, e.g. "result >= 0.99"
    QString verdict;   // successful, failed, inconclusive, error
    bool gates = true;
    bool counted = true;
    QString message;

    bool isFailure() const { return verdict == QLatin1String("failed") || verdict == QLatin1String("error"); }
    bool isSuccessRate() const { return metric == QLatin1String("success-rate"); }
    bool isLatency() const { return metric.startsWith(QLatin1String("latency-")); }
};

// One rollout: from the list, or with the detail's steps, thresholds, timeline, measurements
// and actions (hasDetail).
struct Rollout
{
    qint64 id = 0;
    QString service;
    QString project;
    QString namespaceName;
    QString image;
    QString revision;
    RolloutState state = RolloutState::Unknown;
    QString stateText; // as the daemon wrote it
    int stepIndex = 0;
    int stepCount = 0;
    int stepWeight = 0;
    QString stepPhase;
    QString pauseReason;
    QString message;
    QString failingMetric;
    std::optional<double> failingValue;
    TrafficSplit traffic;
    bool settled = true;
    QDateTime deadlineAt;
    QDateTime analysisStartedAt;
    qint64 supersededBy = 0;
    qint64 retryOf = 0;
    QString createdBy;
    QDateTime createdAt;
    QDateTime updatedAt;
    QDateTime finishedAt;

    bool hasDetail = false;
    QList<RolloutStep> steps;
    RolloutThresholds thresholds;
    QList<RolloutTransition> timeline;
    QList<RolloutMeasurement> measurements;
    QList<RolloutAction> actions;

    bool isActive() const;
    bool allows(RolloutAction action) const { return actions.contains(action); }
    // (epoch ms, value) of every measured value of the metrics `isMetric` picks on `track`,
    // in time order.
    QList<QPointF> series(bool (RolloutMeasurement::*isMetric)() const, const QString &track) const;
    int failingMeasurements() const;

    // Empty without an id or a service.
    static std::optional<Rollout> fromJson(const QJsonObject &json);
};

RolloutState rolloutStateFromString(const QString &state);
QString rolloutActionName(RolloutAction action); // promote, promote-full, pause, resume, abort, retry
std::optional<RolloutAction> rolloutActionFromName(const QString &name);
QList<RolloutAction> allRolloutActions();

} // namespace enclii::ui
