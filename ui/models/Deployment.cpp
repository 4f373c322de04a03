#include "Deployment.h"

#include "Build.h" // timestampFromJson
#include "JsonRead.h"

#include "core/Quantity.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace enclii::ui {

using namespace Qt::StringLiterals;
using L = DeploymentLimits;

namespace {

QString text(const QJsonObject &json, QLatin1String key)
{
    return json::string(json, key).left(L::MaxText);
}

QStringList boundedStrings(const QJsonObject &json, QLatin1String key, int max)
{
    QStringList out = json::strings(json, key);
    if (out.size() > max)
        out.resize(max);
    return out;
}

// "250m", "1.5", "512Mi"; a number is taken as it is. -1 when absent or unreadable.
qint64 quantity(const QJsonObject &json, QLatin1String key, bool memory)
{
    const QJsonValue v = json.value(key);
    if (v.isDouble())
        return memory ? qint64(v.toDouble()) : qint64(v.toDouble() * 1000.0);
    if (!v.isString())
        return -1;
    const std::optional<core::Quantity> q = core::Quantity::parse(v.toString().left(64));
    if (!q || q->milli() < 0)
        return -1;
    return memory ? q->bytes() : q->millicores();
}

ResourceAmounts amountsFromJson(const QJsonObject &json)
{
    return {quantity(json, "cpu"_L1, false), quantity(json, "memory"_L1, true)};
}

int nonNegative(const QJsonObject &json, QLatin1String key)
{
    return std::max(0, json::integer32(json, key));
}

// Saturates instead of overflowing: absurd figures must still add up to "too much".
qint64 sumOf(const QList<ClusterNode> &nodes, qint64 ClusterNode::*member)
{
    qint64 sum = 0;
    for (const ClusterNode &n : nodes)
        if (__builtin_add_overflow(sum, n.*member, &sum))
            return std::numeric_limits<qint64>::max();
    return sum;
}

} // namespace

DeploymentState deploymentStateFromString(const QString &state)
{
    if (state == "pending"_L1)
        return DeploymentState::Pending;
    if (state == "progressing"_L1)
        return DeploymentState::Progressing;
    if (state == "ready"_L1)
        return DeploymentState::Ready;
    if (state == "degraded"_L1)
        return DeploymentState::Degraded;
    if (state == "failed"_L1)
        return DeploymentState::Failed;
    return DeploymentState::Unknown;
}

WaveState waveStateFromString(const QString &state)
{
    if (state == "waiting"_L1)
        return WaveState::Waiting;
    if (state == "deploying"_L1)
        return WaveState::Deploying;
    if (state == "done"_L1)
        return WaveState::Done;
    if (state == "failed"_L1)
        return WaveState::Failed;
    return WaveState::Unknown;
}

std::optional<DriftItem> DriftItem::fromJson(const QJsonObject &json)
{
    DriftItem d;
    d.at = timestampFromJson(json, "at"_L1);
    if (!d.at.isValid())
        return std::nullopt;
    d.service = text(json, "service"_L1);
    d.namespaceName = text(json, "namespace"_L1);
    d.kind = text(json, "kind"_L1);
    d.name = text(json, "name"_L1);
    d.action = text(json, "action"_L1);
    d.fields = boundedStrings(json, "fields"_L1, L::MaxFields);
    return d;
}

std::optional<Deployment> Deployment::fromJson(const QJsonObject &json)
{
    Deployment d;
    d.service = text(json, "service"_L1);
    if (d.service.isEmpty())
        return std::nullopt;
    d.namespaceName = text(json, "namespace"_L1);
    d.project = text(json, "project"_L1);
    if (d.project.isEmpty())
        d.project = d.namespaceName;
    d.component = text(json, "component"_L1);
    d.wave = text(json, "wave"_L1);
    const QJsonObject release = json::object(json, "release"_L1);
    d.release = {json::integer(release, "id"_L1), text(release, "image"_L1), text(release, "digest"_L1)};
    d.desiredReplicas = nonNegative(json, "desiredReplicas"_L1);
    d.readyReplicas = nonNegative(json, "readyReplicas"_L1);
    d.updatedReplicas = nonNegative(json, "updatedReplicas"_L1);
    d.availableReplicas = nonNegative(json, "availableReplicas"_L1);
    d.state = deploymentStateFromString(json::string(json, "state"_L1));
    json::forEachObject(json, "conditions"_L1, L::MaxConditions, [&d](const QJsonObject &c) {
        d.conditions.append({text(c, "type"_L1), text(c, "status"_L1), text(c, "reason"_L1), text(c, "message"_L1),
                             timestampFromJson(c, "lastTransitionTime"_L1)});
    });
    d.lastAppliedAt = timestampFromJson(json, "lastAppliedAt"_L1);
    d.lastDrift = DriftItem::fromJson(json::object(json, "lastDrift"_L1));
    if (d.lastDrift && d.lastDrift->service.isEmpty())
        d.lastDrift->service = d.service;
    d.simulated = json::boolean(json, "simulated"_L1);

    d.hasDetail = json.contains("pods"_L1) || json.contains("resources"_L1) || json.contains("events"_L1);
    json::forEachObject(json, "pods"_L1, L::MaxPods, [&d](const QJsonObject &p) {
        PodStatus pod;
        pod.name = text(p, "name"_L1);
        pod.phase = text(p, "phase"_L1);
        pod.ready = json::boolean(p, "ready"_L1);
        pod.restarts = nonNegative(p, "restarts"_L1);
        pod.node = text(p, "node"_L1);
        pod.startedAt = timestampFromJson(p, "startedAt"_L1);
        pod.reason = text(p, "reason"_L1);
        pod.cpuMillicores = std::max<qint64>(-1, json::integer(p, "cpuMillicores"_L1, -1));
        pod.memoryBytes = std::max<qint64>(-1, json::integer(p, "memoryBytes"_L1, -1));
        d.pods.append(pod);
    });
    const QJsonObject resources = json::object(json, "resources"_L1);
    d.requests = amountsFromJson(json::object(resources, "requests"_L1));
    d.limits = amountsFromJson(json::object(resources, "limits"_L1));
    json::forEachObject(json, "events"_L1, L::MaxEvents, [&d](const QJsonObject &e) {
        d.events.append({timestampFromJson(e, "at"_L1), text(e, "type"_L1), text(e, "message"_L1)});
    });
    // Newest first, whatever order they came in; undated ones last.
    std::stable_sort(d.events.begin(), d.events.end(), [](const DeploymentEvent &a, const DeploymentEvent &b) {
        return a.at.isValid() && (!b.at.isValid() || a.at > b.at);
    });
    return d;
}

int Deployment::pendingPods() const
{
    return int(std::count_if(pods.cbegin(), pods.cend(), [](const PodStatus &p) { return p.isPending(); }));
}

QString Deployment::explanation() const
{
    if (state == DeploymentState::Ready)
        return {};
    // A False condition speaks first, then Progressing (what the rollout waits for), then any.
    const auto said = [](const DeploymentCondition &c) { return c.message.isEmpty() ? c.reason : c.message; };
    for (const DeploymentCondition &c : conditions)
        if (c.status == "False"_L1 && !said(c).isEmpty())
            return said(c);
    for (const DeploymentCondition &c : conditions)
        if (c.type == "Progressing"_L1 && !said(c).isEmpty())
            return said(c);
    for (const DeploymentCondition &c : conditions)
        if (!said(c).isEmpty())
            return said(c);
    return {};
}

DeploymentMetrics DeploymentMetrics::fromJson(const QJsonObject &json)
{
    DeploymentMetrics m;
    m.stepSeconds = std::max(0, json::integer32(json, "step"_L1));
    const QJsonObject series = json::object(json, "series"_L1);
    int kept = 0;
    for (auto it = series.begin(); it != series.end() && kept < 16; ++it) {
        if (!it.value().isArray())
            continue;
        const QJsonArray raw = it.value().toArray();
        QList<QPointF> points;
        // Only the newest points matter: read from the end and stop at the cap.
        for (qsizetype i = raw.size() - 1; i >= 0 && points.size() < L::MaxSeriesPoints; --i) {
            const QJsonArray pair = raw.at(i).toArray();
            if (pair.size() != 2 || !pair.at(0).isDouble() || !pair.at(1).isDouble())
                continue;
            const double x = pair.at(0).toDouble();
            const double y = pair.at(1).toDouble();
            if (std::isfinite(x) && std::isfinite(y))
                points.append({x, y});
        }
        std::sort(points.begin(), points.end(), [](const QPointF &a, const QPointF &b) { return a.x() < b.x(); });
        m.series.insert(it.key(), points);
        ++kept;
    }
    return m;
}

ClusterStatus ClusterStatus::fromJson(const QJsonObject &json)
{
    ClusterStatus c;
    c.simulated = json::boolean(json, "simulated"_L1);
    c.server = text(json, "server"_L1);
    c.leader = text(json, "leader"_L1);
    json::forEachObject(json, "nodes"_L1, L::MaxNodes, [&c](const QJsonObject &n) {
        ClusterNode node;
        node.name = text(n, "name"_L1);
        node.cpuAllocatableMillicores = std::max<qint64>(0, json::integer(n, "cpuAllocatableMillicores"_L1));
        node.memoryAllocatableBytes = std::max<qint64>(0, json::integer(n, "memoryAllocatableBytes"_L1));
        node.cpuRequestedMillicores = std::max<qint64>(0, json::integer(n, "cpuRequestedMillicores"_L1));
        node.memoryRequestedBytes = std::max<qint64>(0, json::integer(n, "memoryRequestedBytes"_L1));
        node.pods = nonNegative(n, "pods"_L1);
        if (!node.name.isEmpty())
            c.nodes.append(node);
    });
    json::forEachObject(json, "pendingPods"_L1, L::MaxPendingPods, [&c](const QJsonObject &p) {
        c.pendingPods.append({text(p, "namespace"_L1), text(p, "name"_L1), text(p, "service"_L1), text(p, "reason"_L1)});
    });
    json::forEachObject(json, "waves"_L1, L::MaxWaves, [&c](const QJsonObject &w) {
        DeployWave wave{text(w, "name"_L1), boundedStrings(w, "services"_L1, L::MaxWaveServices),
                        waveStateFromString(json::string(w, "state"_L1)), timestampFromJson(w, "deadline"_L1)};
        if (!wave.name.isEmpty())
            c.waves.append(wave);
    });
    return c;
}

qint64 ClusterStatus::cpuAllocatable() const
{
    return sumOf(nodes, &ClusterNode::cpuAllocatableMillicores);
}

qint64 ClusterStatus::cpuRequested() const
{
    return sumOf(nodes, &ClusterNode::cpuRequestedMillicores);
}

qint64 ClusterStatus::memoryAllocatable() const
{
    return sumOf(nodes, &ClusterNode::memoryAllocatableBytes);
}

qint64 ClusterStatus::memoryRequested() const
{
    return sumOf(nodes, &ClusterNode::memoryRequestedBytes);
}

} // namespace enclii::ui
