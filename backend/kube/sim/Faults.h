#pragma once

#include <QJsonObject>
#include <QMap>
#include <QString>

#include <optional>

namespace enclii::kube::sim {

// A fault injected into simulated pods: which pods (a Deployment and optionally its track,
// or an image, within a namespace) and what goes wrong (errors, latency, crash loops,
// readiness that never comes). The canary analysis and rollback paths are tested with these.
struct Fault
{
    QString name;
    QString ns;
    QString deployment;
    QString track; // the enclii.dev/track label; empty: any
    QString image; // a repository ("registry/app") or a full reference; empty: any
    double errorRate = 0;          // share of requests answered 500, 0..1
    double addedLatencySeconds = 0;
    bool crashLoop = false;
    bool neverReady = false;

    QJsonObject toJson() const;
    static std::optional<Fault> fromJson(const QString &name, const QJsonObject &o, QString *error);
};

// What the faults that match one pod add up to.
struct FaultEffect
{
    double errorRate = 0;
    double addedLatencySeconds = 0;
    bool crashLoop = false;
    bool neverReady = false;
};

class Faults
{
public:
    static constexpr int kMaxFaults = 256;

    bool set(const Fault &fault); // false when the table is full
    bool remove(const QString &name);
    void clear() { m_faults.clear(); }
    QList<Fault> list() const { return m_faults.values(); }

    FaultEffect effectFor(const QJsonObject &pod) const;

private:
    QMap<QString, Fault> m_faults;
};

// The Deployment a pod belongs to (its ReplicaSet's name without the pod-template-hash).
QString deploymentOf(const QJsonObject &pod);

} // namespace enclii::kube::sim
