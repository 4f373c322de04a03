#pragma once

#include <algorithm>

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>

#include <array>

namespace enclii::kube::sim {

class Faults;
class ObjectStore;

// The simulated load on one Deployment: requests per second spread over its ready pods, what
// each costs in CPU, and the latency of an unloaded pod.
struct Load
{
    QString ns;
    QString deployment;
    double requestsPerSecond = 0;
    double cpuMillicoresPerRequest = 10; // CPU a pod burns per request per second
    double baseLatencySeconds = 0.02;

    QJsonObject toJson() const;
};

// What one simulated pod did: its request counters by status code, its latency histogram,
// and its CPU and memory use now (and CPU seconds so far).
struct PodTraffic
{
    static constexpr std::array<double, 11> kBuckets{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    QString ns;
    QString pod;
    QString deployment;
    QString track;
    QString node;
    QMap<QString, double> requestsByCode; // "200", "500"
    std::array<double, kBuckets.size()> buckets{}; // cumulative counts per upper bound
    double count = 0;
    double sumSeconds = 0;
    double cpuSeconds = 0;
    qint64 cpuMillicores = 0;
    qint64 memoryBytes = 0;
    double latencySeconds = 0; // the mean latency in the last step
};

// Drives the per-pod numbers from the loads as simulated time passes. Pods that are not
// ready get no traffic (they are out of their Services' endpoints); CPU is capped by the
// pod's limit, and latency grows as a pod nears it.
class Traffic
{
public:
    static constexpr int kMaxLoads = 1024;

    bool setLoad(const Load &load); // false when the table is full
    bool removeLoad(const QString &ns, const QString &deployment);
    QList<Load> loads() const { return m_loads.values(); }

    // A synthetic load on every Service (0: none), as users would send it: requests enter
    // through the Service's Ingress, where an ingress-nginx canary Ingress for the same host
    // takes its canary-weight share to its own Service, and each Service spreads its share
    // over its endpoints (the ready pods its selector matches). So a canary's share follows
    // the ingress weight, or the replica ratio when a Service selects both tracks. The rate
    // swings around the base (+-75 %, a ten-minute period, each Service at its own phase) so
    // autoscalers have something to follow. Adds to the per-Deployment loads above.
    void setSyntheticRequestsPerSecond(double base) { m_syntheticBase = std::max(0.0, base); }
    double syntheticRequestsPerSecond() const { return m_syntheticBase; }
    // The synthetic rate of one Service at simulated time t (seconds since the start).
    static double syntheticRate(double base, const QString &ns, const QString &service, double t);

    void advance(const ObjectStore &store, const Faults &faults, double seconds);

    const PodTraffic *pod(const QString &uid) const;
    QList<PodTraffic> pods() const { return m_pods.values(); }

private:
    // Requests per second per ready pod uid from the synthetic Service load.
    QHash<QString, double> routeSynthetic(const ObjectStore &store, const QList<QJsonObject> &pods) const;

    QMap<QString, Load> m_loads; // "ns/deployment"
    double m_syntheticBase = 0;
    double m_elapsed = 0; // simulated seconds advanced so far
    QHash<QString, PodTraffic> m_pods; // by pod uid
};

} // namespace enclii::kube::sim
