#include "TrafficDriver.h"

#include <algorithm>
#include <cmath>

namespace enclii::canary {

QString trafficModeName(TrafficMode mode)
{
    return mode == TrafficMode::Ingress ? QStringLiteral("ingress") : QStringLiteral("replicas");
}

QJsonObject TrafficSplit::toJson() const
{
    return {{QStringLiteral("mode"), trafficModeName(mode)},
            {QStringLiteral("requestedWeight"), requestedWeight},
            {QStringLiteral("canaryWeight"), canaryWeight},
            {QStringLiteral("stableWeight"), 100.0 - canaryWeight},
            {QStringLiteral("stableReplicas"), stableReplicas},
            {QStringLiteral("canaryReplicas"), canaryReplicas},
            {QStringLiteral("canaryReady"), canaryReady},
            {QStringLiteral("precision"), precision}};
}

TrafficSplit TrafficSplit::fromJson(const QJsonObject &o)
{
    TrafficSplit s;
    s.mode = o.value(QStringLiteral("mode")).toString() == QLatin1String("ingress") ? TrafficMode::Ingress : TrafficMode::Replicas;
    s.requestedWeight = o.value(QStringLiteral("requestedWeight")).toInt();
    s.canaryWeight = o.value(QStringLiteral("canaryWeight")).toDouble();
    s.stableReplicas = o.value(QStringLiteral("stableReplicas")).toInt();
    s.canaryReplicas = o.value(QStringLiteral("canaryReplicas")).toInt();
    s.canaryReady = o.value(QStringLiteral("canaryReady")).toInt();
    s.precision = o.value(QStringLiteral("precision")).toString();
    return s;
}

int canaryReplicasFor(int weight, int stableReplicas)
{
    if (weight <= 0 || stableReplicas <= 0)
        return weight <= 0 ? 0 : 1;
    if (weight >= 100)
        return stableReplicas;
    // c / (s + c) = w  =>  c = w s / (1 - w); the nearest count, at least one pod.
    const double exact = double(weight) * stableReplicas / double(100 - weight);
    return std::clamp(int(std::lround(exact)), 1, stableReplicas);
}

double replicaWeight(int stableReplicas, int canaryReplicas)
{
    const int total = stableReplicas + canaryReplicas;
    return total > 0 ? 100.0 * canaryReplicas / total : 0.0;
}

QString replicaPrecision(int stableReplicas, int canaryReplicas)
{
    const double step = stableReplicas + canaryReplicas > 0 ? 100.0 / (stableReplicas + canaryReplicas) : 100.0;
    return QStringLiteral("by replica ratio: %1 stable + %2 canary pods give the canary %3 % (steps of %4 %)")
        .arg(stableReplicas)
        .arg(canaryReplicas)
        .arg(replicaWeight(stableReplicas, canaryReplicas), 0, 'g', 3)
        .arg(step, 0, 'g', 3);
}

} // namespace enclii::canary
