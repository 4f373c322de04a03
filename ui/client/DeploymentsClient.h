#pragma once

#include "EventStream.h"
#include "FollowMode.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <algorithm>
#include <chrono>

class QNetworkReply;

namespace enclii::ui {

class ApiClient;

// The reconciler's deployments as the console follows them: GET /v1/deployments for the
// list, /v1/drift for the drift log and /v1/cluster for nodes, Pending pods and waves; for
// the followed service (the selected one) its detail and its metrics. The "deployment" and
// "drift" events of encliid's event stream say what changes; without the stream (an older
// daemon, or while it reconnects) it polls instead.
//
// The stream can be shared: the console opens one GET /v1/events for every screen. A shared
// stream is started here when needed (starting a running stream does nothing) and stopped by
// its owner; both follow the same rule (the daemon is reachable and the session allows /v1
// calls), so neither is left without it.
//
// Metrics have no event: the daemon samples them every 15 s, so the followed service's are
// fetched at that pace whatever the mode. The cluster and the followed detail are fetched
// again shortly after a deployment event, once per burst.
class DeploymentsClient : public QObject
{
    Q_OBJECT

public:
    using Mode = FollowMode::Mode;

    // `sharedStream` null: the client opens its own stream.
    explicit DeploymentsClient(ApiClient *client, EventStream *sharedStream = nullptr, QObject *parent = nullptr);
    ~DeploymentsClient() override;

    ApiClient *apiClient() const { return m_client; }
    EventStream *eventStream() const { return m_stream; }
    bool sharesStream() const { return m_stream != m_ownStream; }
    Mode mode() const { return m_follow.mode(); }
    bool isActive() const { return m_active; }
    QString followedService() const { return m_followed; }
    std::chrono::milliseconds pollInterval() const { return m_follow.pollInterval(); }
    std::chrono::milliseconds metricsInterval() const { return m_metricsInterval; }

    void setPollInterval(std::chrono::milliseconds interval);
    void setMetricsInterval(std::chrono::milliseconds interval);
    // How long after a burst of events the cluster and the followed detail are fetched again.
    void setSettleDelay(std::chrono::milliseconds delay) { m_settle.setInterval(delay); }
    void setMetricsWindow(int seconds) { m_metricsSeconds = std::clamp(seconds, 60, 24 * 3600); }
    void setDriftLimit(int limit) { m_driftLimit = std::clamp(limit, 1, 500); }

    static QString deploymentPath(const QString &service, QLatin1String suffix = {});

public slots:
    // The list, the drift log and the cluster.
    void refresh();
    // The service whose detail and metrics the screen shows; empty follows none.
    void follow(const QString &service);
    void refreshFollowed();

signals:
    void modeChanged(enclii::ui::FollowMode::Mode mode, const QString &detail);
    // GET /v1/deployments answered: its "items", with any newer summary an event brought
    // while the answer was on its way put in place of the older one.
    void deploymentsReceived(const QJsonArray &items);
    // httpStatus 0: no HTTP answer at all.
    void deploymentsFailed(int httpStatus, const QString &message);
    // A "deployment" event: one summary.
    void deploymentUpdated(const QJsonObject &summary);
    void detailReceived(const QJsonObject &deployment);
    void detailFailed(const QString &service, int httpStatus, const QString &message);
    void metricsReceived(const QString &service, const QJsonObject &metrics);
    void metricsFailed(const QString &service, int httpStatus, const QString &message);
    void driftReceived(const QJsonArray &items);
    // A "drift" event: one item.
    void driftDetected(const QJsonObject &item);
    void driftFailed(int httpStatus, const QString &message);
    void clusterReceived(const QJsonObject &cluster);
    void clusterFailed(int httpStatus, const QString &message);

private:
    enum class Fetch { List, Drift, Cluster, Detail, Metrics, Count };

    void updateActivity();
    void onStreamOpened();
    void onEvent(const ServerSentEvent &event);
    void poll();
    void fetch(Fetch what);
    void onFinished(Fetch what, QNetworkReply *reply, const QString &service);
    void deliver(Fetch what, const QJsonObject &body, const QString &service, QNetworkReply *reply);
    void fail(Fetch what, int status, const QString &message, const QString &service);
    void abortAll();

    ApiClient *m_client; // not owned
    EventStream *m_ownStream = nullptr; // a child, when not shared
    QPointer<EventStream> m_stream;
    FollowMode m_follow;
    QTimer m_metricsTimer;
    QTimer m_settle;
    QPointer<QNetworkReply> m_replies[int(Fetch::Count)];
    bool m_again[int(Fetch::Count)] = {};
    // Summaries from events since the list in flight was asked for: newer than its answer.
    QHash<QString, QJsonObject> m_newerThanList;
    bool m_active = false;
    bool m_followedChanged = false; // an event touched the followed service: its detail is due
    QString m_followed;
    int m_metricsSeconds = 3600;
    int m_driftLimit = 50;
    std::chrono::milliseconds m_metricsInterval{15000};
};

} // namespace enclii::ui
