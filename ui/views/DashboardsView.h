#pragma once

#include "client/ApiClient.h"
#include "client/DeploymentsClient.h"
#include "models/Deployment.h"

#include <QWidget>

#include <optional>

class QLabel;
class QModelIndex;
class QStackedWidget;
class QTableView;
class QTimer;
class QTreeView;

namespace enclii::ui {

class DeploymentTreeModel;
class EventFeedModel;
class MetricChart;
class PodTableModel;
class ScreenStack;
class WaveStrip;

// The Dashboards screen: what the reconciler has deployed and how it is doing. A tree of apps
// and their components (ready of desired replicas, state) and the cluster-wide drift log on
// the left; the deploy waves across the top, and a banner while the cluster is simulated. On
// the right the selected component: its pods (a Pending one with the scheduler's reason), CPU
// and memory against what its pods request and may use, request rate, error ratio, p95
// latency and ready replicas over the last hour, and its recent deploys and drift. Every
// empty or failed state says so in words.
class DashboardsView : public QWidget
{
    Q_OBJECT

public:
    enum class Metric { Cpu, Memory, Requests, Errors, Latency, Replicas, Count };
    Q_ENUM(Metric)

    explicit DashboardsView(DeploymentsClient *client, QWidget *parent = nullptr);
    ~DashboardsView() override;

    DeploymentsClient *client() const { return m_client; }
    DeploymentTreeModel *treeModel() const { return m_tree; }
    PodTableModel *podModel() const { return m_pods; }
    EventFeedModel *eventsModel() const { return m_events; }
    EventFeedModel *driftModel() const { return m_drift; }
    QTreeView *treeView() const { return m_treeView; }
    QTableView *podTable() const { return m_podTable; }
    WaveStrip *waveStrip() const { return m_waves; }
    MetricChart *chart(Metric metric) const;

    // Whether encliid has answered the deployment list once, with deployments or a refusal.
    bool hasAnswer() const { return m_answered; }
    bool showsPlaceholder() const;
    QString placeholderText() const;
    QString headlineText() const;
    QString liveText() const;
    bool showsSimulatedBanner() const;
    QString bannerText() const;
    QString detailTitle() const;
    QString detailSubtitle() const;
    // Why the selected component is not ready, or why its details could not be read.
    QString detailMessage() const;
    const ClusterStatus &cluster() const { return m_cluster; }

    QString selectedService() const { return m_selected; }
    void selectService(const QString &service);

signals:
    // The first answer to the deployment list (see hasAnswer()).
    void answered();

private:
    QWidget *buildLeftPane();
    QWidget *buildDetailsPane();
    void onDeployments(const QJsonArray &items);
    void onDeploymentsFailed(int status, const QString &message);
    void onDeploymentUpdated(const QJsonObject &summary);
    void onDetail(const QJsonObject &json);
    void onDetailFailed(const QString &service, int status, const QString &message);
    void onMetrics(const QString &service, const QJsonObject &json);
    void onMetricsFailed(const QString &service, int status, const QString &message);
    void onDrift(const QJsonArray &items);
    void onDriftDetected(const QJsonObject &json);
    void onCluster(const QJsonObject &json);
    void onApiState(ApiClient::State state, const QString &error);
    void onModeChanged(DeploymentsClient::Mode mode, const QString &detail);
    void onCurrentChanged(const QModelIndex &current);
    void markAnswered();
    void selectDefault();
    void refreshHeadline();
    void refreshBanner();
    void refreshWaves();
    void refreshDetailHeader();
    void refreshCharts();
    void setDetailMessage(const QString &text, const QColor &color);

    DeploymentsClient *m_client; // not owned
    DeploymentTreeModel *m_tree;
    PodTableModel *m_pods;
    EventFeedModel *m_events;
    EventFeedModel *m_drift;

    ScreenStack *m_stack = nullptr;
    QLabel *m_headline;
    QLabel *m_live;
    QLabel *m_banner;
    WaveStrip *m_waves;
    QTreeView *m_treeView;
    QLabel *m_driftTitle;
    QTableView *m_driftTable;

    QStackedWidget *m_detailStack;
    QLabel *m_title;
    QLabel *m_subtitle;
    QLabel *m_message;
    QList<MetricChart *> m_charts; // by Metric
    QLabel *m_podsTitle;
    QTableView *m_podTable;
    QLabel *m_eventsTitle;
    QTableView *m_eventTable;
    QTimer *m_tick;

    QString m_selected;
    std::optional<Deployment> m_detail; // of m_selected, once GET /v1/deployments/{service} answered
    QString m_detailError;              // why that failed last
    DeploymentMetrics m_metrics;        // of m_selected
    bool m_hasMetrics = false;
    ClusterStatus m_cluster;
    bool m_hasCluster = false;
    bool m_answered = false;
};

} // namespace enclii::ui
