#include "ClusterView.h"

#include <QJsonArray>

#include <cmath>

namespace enclii::reconcile {

QJsonObject PodInfo::toJson() const
{
    return {{QStringLiteral("name"), name},           {QStringLiteral("phase"), phase},
            {QStringLiteral("ready"), ready},         {QStringLiteral("restarts"), restarts},
            {QStringLiteral("node"), node},           {QStringLiteral("startedAt"), startedAt.isEmpty() ? QJsonValue() : QJsonValue(startedAt)},
            {QStringLiteral("reason"), reason},       {QStringLiteral("cpuMillicores"), cpuMillicores},
            {QStringLiteral("memoryBytes"), memoryBytes}};
}

QJsonObject NodeInfo::toJson() const
{
    return {{QStringLiteral("name"), name},
            {QStringLiteral("cpuAllocatableMillicores"), cpuAllocatableMillicores},
            {QStringLiteral("memoryAllocatableBytes"), memoryAllocatableBytes},
            {QStringLiteral("cpuRequestedMillicores"), cpuRequestedMillicores},
            {QStringLiteral("memoryRequestedBytes"), memoryRequestedBytes},
            {QStringLiteral("pods"), pods}};
}

ClusterView::ClusterView(int stepSeconds, int keepSeconds) : m_stepSeconds(stepSeconds), m_keepSeconds(keepSeconds) {}

void ClusterView::setCluster(const QString &server, bool simulated)
{
    std::lock_guard lock(m_mutex);
    m_server = server;
    m_simulated = simulated;
}

void ClusterView::setState(QList<PodInfo> pods, QList<NodeInfo> nodes)
{
    std::lock_guard lock(m_mutex);
    m_pods = std::move(pods);
    m_nodes = std::move(nodes);
    m_hasState = true;
}

void ClusterView::addSample(qint64 atMs, const QHash<QString, ServiceSample> &byService)
{
    std::lock_guard lock(m_mutex);
    for (auto it = byService.begin(); it != byService.end(); ++it)
        m_series[it.key()].emplace_back(atMs, it.value());
    const qint64 oldest = atMs - qint64(m_keepSeconds) * 1000;
    for (auto it = m_series.begin(); it != m_series.end();) {
        auto &points = it.value();
        while (!points.empty() && points.front().first < oldest)
            points.pop_front();
        it = points.empty() ? m_series.erase(it) : std::next(it);
    }
}

QString ClusterView::server() const
{
    std::lock_guard lock(m_mutex);
    return m_server;
}

bool ClusterView::simulated() const
{
    std::lock_guard lock(m_mutex);
    return m_simulated;
}

bool ClusterView::hasState() const
{
    std::lock_guard lock(m_mutex);
    return m_hasState;
}

QList<PodInfo> ClusterView::pods(const QString &service) const
{
    std::lock_guard lock(m_mutex);
    QList<PodInfo> out;
    for (const PodInfo &p : m_pods)
        if (p.service == service)
            out << p;
    return out;
}

QList<PodInfo> ClusterView::pendingPods() const
{
    std::lock_guard lock(m_mutex);
    QList<PodInfo> out;
    for (const PodInfo &p : m_pods)
        if (p.phase == QLatin1String("Pending"))
            out << p;
    return out;
}

QList<NodeInfo> ClusterView::nodes() const
{
    std::lock_guard lock(m_mutex);
    return m_nodes;
}

QJsonObject ClusterView::metrics(const QString &service, int seconds) const
{
    static const char *const names[] = {"cpuMillicores", "memoryBytes", "requestsPerSecond", "errorRatio", "latencyP95Seconds",
                                        "readyReplicas"};
    QJsonArray series[6];
    {
        std::lock_guard lock(m_mutex);
        const auto it = m_series.constFind(service);
        if (it != m_series.constEnd() && !it->empty()) {
            const qint64 from = it->back().first - qint64(seconds) * 1000;
            for (const auto &[at, s] : *it) {
                if (at < from)
                    continue;
                const double values[] = {s.cpuMillicores, s.memoryBytes, s.requestsPerSecond, s.errorRatio, s.latencyP95Seconds,
                                         s.readyReplicas};
                for (int i = 0; i < 6; ++i)
                    if (std::isfinite(values[i]))
                        series[i].append(QJsonArray{at, values[i]});
            }
        }
    }
    QJsonObject out;
    for (int i = 0; i < 6; ++i)
        out.insert(QLatin1String(names[i]), series[i]);
    return {{QStringLiteral("step"), m_stepSeconds}, {QStringLiteral("series"), out}};
}

} // namespace enclii::reconcile
