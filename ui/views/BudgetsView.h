#pragma once

#include "models/Deployment.h"

#include <QWidget>

class QChartView;
class QLabel;
class QSortFilterProxyModel;
class QSplitter;
class QStackedWidget;
class QTableView;
class QTableWidget;

namespace enclii::ui {

class BudgetModel;
class ClusterNodesModel;

// The Budgets screen: does everything fit the cluster at minimum replicas, and at maximum?
// A plain-words headline, the per-app table (BudgetModel) and a chart of every app's
// requests stacked in deploy order against the allocatable capacity. Beside the chart, the
// live cluster (GET /v1/cluster, given by whoever follows it): what the scheduled pods request
// of each node, and the pods left Pending with the scheduler's reason.
class BudgetsView : public QWidget
{
    Q_OBJECT

public:
    explicit BudgetsView(BudgetModel *model, QWidget *parent = nullptr);
    ~BudgetsView() override;

    void setPlaceholderText(const QString &text);
    QString headlineText() const;
    QTableView *tableView() const { return m_table; }

    // The live figures; a failure keeps the last figures shown and says why.
    void setCluster(const ClusterStatus &cluster);
    void setClusterFailed(int httpStatus, const QString &message);
    bool hasClusterAnswer() const { return m_clusterAnswered; }
    ClusterNodesModel *nodesModel() const { return m_nodes; }
    QTableView *nodesTable() const { return m_nodesTable; }
    QTableWidget *pendingTable() const { return m_pendingTable; }
    QString liveText() const;

signals:
    // The first answer about the live cluster, figures or a refusal.
    void clusterAnswered();

private:
    void rebuild();
    void rebuildChart();
    QString scenarioSentence(bool atMax) const;
    QWidget *buildLivePane();
    void markClusterAnswered();

    BudgetModel *m_model; // not owned
    QSortFilterProxyModel *m_proxy;
    QLabel *m_headline;
    QLabel *m_capacity;
    QTableView *m_table;
    QChartView *m_chartView;
    QLabel *m_placeholder;
    QStackedWidget *m_stack;
    QSplitter *m_splitter;

    ClusterNodesModel *m_nodes;
    QLabel *m_liveTitle;
    QLabel *m_liveSummary;
    QTableView *m_nodesTable;
    QLabel *m_pendingTitle;
    QTableWidget *m_pendingTable;
    bool m_hasCluster = false;
    bool m_clusterAnswered = false;
};

} // namespace enclii::ui
