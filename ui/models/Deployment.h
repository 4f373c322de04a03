#pragma once

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QPointF>
#include <QString>
#include <QStringList>

#include <optional>

// What encliid's reconciler reports about the cluster (GET /v1/deployments, /v1/deployments/{service},
// its metrics, /v1/drift, /v1/cluster, and the "deployment" and "drift" events). Read forgivingly:
// what is missing or malformed stays empty, and every list is capped so a hostile answer costs
// bounded memory.
namespace enclii::ui {

enum class DeploymentState { Unknown, Pending, Progressing, Ready, Degraded, Failed };

// Caps on what one answer may make the console hold.
struct DeploymentLimits
{
    static constexpr int MaxDeployments = 2000;
    static constexpr int MaxPods = 500;
    static constexpr int MaxEvents = 50;       // the contract's own limit
    static constexpr int MaxConditions = 32;
    static constexpr int MaxFields = 64;       // per drift item
    static constexpr int MaxDrift = 500;
    static constexpr int MaxNodes = 500;
    static constexpr int MaxPendingPods = 1000;
    static constexpr int MaxWaves = 64;
    static constexpr int MaxWaveServices = 1000;
    static constexpr int MaxSeriesPoints = 2000; // 1 h at one sample a second, far more than 15 s steps
    static constexpr qsizetype MaxText = 2000;   // messages and reasons are cut here
};

struct DeploymentCondition
{
    QString type;
    QString status;
    QString reason;
    QString message;
    QDateTime lastTransitionTime;
};

// One change the reconciler made to undo a hand edit in the cluster.
struct DriftItem
{
    QDateTime at;
    QString service;
    QString namespaceName;
    QString kind;
    QString name;
    QString action; // reapplied, recreated, pruned
    QStringList fields;

    // Empty without a valid "at".
    static std::optional<DriftItem> fromJson(const QJsonObject &json);
};

struct PodStatus
{
    QString name;
    QString phase; // Pending, Running, Succeeded, Failed, Unknown
    bool ready = false;
    int restarts = 0;
    QString node;
    QDateTime startedAt;
    QString reason; // why it is not running, e.g. the scheduler's FailedScheduling text
    qint64 cpuMillicores = -1; // -1: not reported
    qint64 memoryBytes = -1;

    bool isPending() const { return phase.compare(QLatin1String("Pending"), Qt::CaseInsensitive) == 0; }
};

// A container's requests or limits; -1 where not given.
struct ResourceAmounts
{
    qint64 cpuMillicores = -1;
    qint64 memoryBytes = -1;
};

struct DeploymentEvent
{
    QDateTime at;
    QString type; // deploy, drift, ready, failed, scaled
    QString message;
};

struct DeploymentRelease
{
    qint64 id = 0;
    QString image;
    QString digest;
};

struct Deployment
{
    QString service;
    QString project;
    QString namespaceName;
    QString component;
    QString wave;
    DeploymentRelease release; // id 0: none yet
    int desiredReplicas = 0;
    int readyReplicas = 0;
    int updatedReplicas = 0;
    int availableReplicas = 0;
    DeploymentState state = DeploymentState::Unknown;
    QList<DeploymentCondition> conditions;
    QDateTime lastAppliedAt;
    std::optional<DriftItem> lastDrift;
    bool simulated = false;

    // Only in GET /v1/deployments/{service}.
    bool hasDetail = false;
    QList<PodStatus> pods;
    ResourceAmounts requests;
    ResourceAmounts limits;
    QList<DeploymentEvent> events; // newest first

    // Empty without a "service". The project falls back to the namespace, so every
    // deployment has an app to be listed under.
    static std::optional<Deployment> fromJson(const QJsonObject &json);

    int pendingPods() const;
    // The condition's message (or reason) that best explains a state other than ready.
    QString explanation() const;
};

// One series of GET /v1/deployments/{service}/metrics: x is epoch milliseconds.
struct DeploymentMetrics
{
    int stepSeconds = 0;
    QHash<QString, QList<QPointF>> series;

    static QLatin1String cpu() { return QLatin1String("cpuMillicores"); }
    static QLatin1String memory() { return QLatin1String("memoryBytes"); }
    static QLatin1String requestRate() { return QLatin1String("requestsPerSecond"); }
    static QLatin1String errorRatio() { return QLatin1String("errorRatio"); }
    static QLatin1String latencyP95() { return QLatin1String("latencyP95Seconds"); }
    static QLatin1String readyReplicas() { return QLatin1String("readyReplicas"); }

    // Points that are not [number, number] pairs are skipped; each series is sorted by time
    // and keeps its newest MaxSeriesPoints.
    static DeploymentMetrics fromJson(const QJsonObject &json);
    QList<QPointF> points(QLatin1String name) const { return series.value(name); }
};

struct ClusterNode
{
    QString name;
    qint64 cpuAllocatableMillicores = 0;
    qint64 memoryAllocatableBytes = 0;
    qint64 cpuRequestedMillicores = 0;
    qint64 memoryRequestedBytes = 0;
    int pods = 0;
};

struct PendingPod
{
    QString namespaceName;
    QString name;
    QString service;
    QString reason;
};

enum class WaveState { Unknown, Waiting, Deploying, Done, Failed };

struct DeployWave
{
    QString name;
    QStringList services;
    WaveState state = WaveState::Unknown;
    QDateTime deadline;
};

struct ClusterStatus
{
    bool simulated = false;
    QString server;
    QList<ClusterNode> nodes;
    QList<PendingPod> pendingPods;
    QList<DeployWave> waves;
    QString leader;

    static ClusterStatus fromJson(const QJsonObject &json);
    qint64 cpuAllocatable() const;
    qint64 cpuRequested() const;
    qint64 memoryAllocatable() const;
    qint64 memoryRequested() const;
};

DeploymentState deploymentStateFromString(const QString &state);
WaveState waveStateFromString(const QString &state);

} // namespace enclii::ui
