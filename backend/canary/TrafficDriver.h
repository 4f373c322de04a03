#pragma once

#include <QJsonObject>
#include <QString>

#include <optional>
#include <utility>

namespace enclii::canary {

// The service a rollout moves traffic for. The stable track is the Deployment (and Service,
// Ingress, HPA) named after the service; the canary track is the same with "-canary".
struct RolloutTarget
{
    QString ns;
    QString service;

    QString stableName() const { return service; }
    QString canaryName() const { return service + QStringLiteral("-canary"); }
};

// How traffic is split: by the ingress controller's canary weight (exact), or by the share of
// ready pods behind a Service that selects both tracks (as exact as the replica counts allow).
enum class TrafficMode { Ingress, Replicas };
QString trafficModeName(TrafficMode mode); // "ingress", "replicas"

// The split as it is (or is planned): what was asked for and what the cluster gives.
struct TrafficSplit
{
    TrafficMode mode = TrafficMode::Replicas;
    int requestedWeight = 0;   // percent
    double canaryWeight = 0;   // percent of requests the canary gets now
    int stableReplicas = 0;
    int canaryReplicas = 0;    // desired
    int canaryReady = 0;
    QString precision;         // how exact the split can be, in words

    QJsonObject toJson() const;
    static TrafficSplit fromJson(const QJsonObject &o);
};

// What one driver call gives: a value, or what went wrong (the API's own words).
template <typename T>
struct DriverResult
{
    std::optional<T> value;
    QString error;

    static DriverResult ok(T v) { return {std::move(v), {}}; }
    static DriverResult failed(QString e) { return {std::nullopt, std::move(e)}; }
    explicit operator bool() const { return value.has_value(); }
};

// How a rollout moves traffic. Every call is idempotent and converges: the state machine calls
// it again on each tick until it reports done, so a restart anywhere repeats a call, never
// half of one. The stable track keeps its capacity until promotion completes.
class TrafficDriver
{
public:
    virtual ~TrafficDriver() = default;

    // The split a weight would give, from the live objects: the mode (ingress when the service
    // has an Ingress) and the canary replicas it needs.
    virtual DriverResult<TrafficSplit> plan(const RolloutTarget &target, int weight) = 0;
    // The canary track at this image with this many replicas (its Deployment, Service and,
    // when the stable autoscales and traffic goes through the ingress, its HPA). The number of
    // ready canary pods back: the caller waits for them before giving the canary traffic.
    virtual DriverResult<int> ensureCanary(const RolloutTarget &target, const QString &image, int replicas) = 0;
    // Routes `weight` percent to the canary (ingress mode) or confirms the replica split.
    virtual DriverResult<TrafficSplit> setWeight(const RolloutTarget &target, int weight) = 0;
    // The stable track takes the image; once it has rolled out, traffic returns to the stable
    // names and the canary track is removed. True when all of that is done.
    virtual DriverResult<bool> promote(const RolloutTarget &target, const QString &image) = 0;
    // Weight 0, the canary's HPA removed and the canary scaled to 0 (so no autoscaler brings
    // it back), the stable Service selecting the stable track only. True when done.
    virtual DriverResult<bool> abort(const RolloutTarget &target) = 0;
    // The split now.
    virtual DriverResult<TrafficSplit> split(const RolloutTarget &target) = 0;
};

// The canary replicas that give the closest weight beside `stable` replicas, never more
// than the stable's own count (the canary track is at most as big as the stable's) and never
// fewer than one.
int canaryReplicasFor(int weight, int stableReplicas);
// The canary's share (percent) of `stable` + `canary` pods.
double replicaWeight(int stableReplicas, int canaryReplicas);
// "3 stable + 1 canary pods: 25 % (steps of 25 %)" and the like.
QString replicaPrecision(int stableReplicas, int canaryReplicas);

} // namespace enclii::canary
