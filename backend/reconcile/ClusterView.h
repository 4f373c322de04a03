#pragma once

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <deque>
#include <mutex>

namespace enclii::reconcile {

struct PodInfo
{
    QString name;
    QString namespaceName;
    QString service;
    QString phase;
    QString node;
    QString startedAt;
    QString reason; // why it is not running or not ready (FailedScheduling text, CrashLoopBackOff)
    bool ready = false;
    int restarts = 0;
    qint64 cpuMillicores = 0;
    qint64 memoryBytes = 0;

    QJsonObject toJson() const;
};

struct NodeInfo
{
    QString name;
    qint64 cpuAllocatableMillicores = 0;
    qint64 memoryAllocatableBytes = 0;
    qint64 cpuRequestedMillicores = 0;
    qint64 memoryRequestedBytes = 0;
    int pods = 0;

    QJsonObject toJson() const;
};

// One service at one sample; NaN where nothing was measured.
struct ServiceSample
{
    double cpuMillicores;
    double memoryBytes;
    double requestsPerSecond;
    double errorRatio;
    double latencyP95Seconds;
    double readyReplicas;
};

// What the daemon last saw of its cluster, for the API: pods, nodes, and per service a time
// series of samples (every stepSeconds, kept keepSeconds). Written by ClusterSampler, read by
// the HTTP handlers. Thread-safe.
class ClusterView
{
public:
    explicit ClusterView(int stepSeconds = 15, int keepSeconds = 3600);

    void setCluster(const QString &server, bool simulated);
    void setState(QList<PodInfo> pods, QList<NodeInfo> nodes);
    void addSample(qint64 atMs, const QHash<QString, ServiceSample> &byService);

    QString server() const;
    bool simulated() const;
    bool hasState() const;
    int stepSeconds() const { return m_stepSeconds; }
    QList<PodInfo> pods(const QString &service) const;
    QList<PodInfo> pendingPods() const;
    QList<NodeInfo> nodes() const;
    // {"step":15,"series":{"cpuMillicores":[[epochMs,value],...], ...}} over the last `seconds`.
    QJsonObject metrics(const QString &service, int seconds) const;

private:
    int m_stepSeconds;
    int m_keepSeconds;
    mutable std::mutex m_mutex;
    QString m_server;
    bool m_simulated = false;
    bool m_hasState = false;
    QList<PodInfo> m_pods;
    QList<NodeInfo> m_nodes;
    QHash<QString, std::deque<std::pair<qint64, ServiceSample>>> m_series;
};

} // namespace enclii::reconcile
