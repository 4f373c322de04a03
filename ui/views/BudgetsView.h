#pragma once

#include <QWidget>

class QChartView;
class QLabel;
class QSortFilterProxyModel;
class QSplitter;
class QStackedWidget;
class QTableView;

namespace enclii::ui {

class BudgetModel;

// The Budgets screen: does everything fit the cluster at minimum replicas, and at maximum?
// A plain-words headline, the per-app table (BudgetModel) and a chart of every app's
// requests stacked in deploy order against the allocatable capacity.
class BudgetsView : public QWidget
{
    Q_OBJECT

public:
    explicit BudgetsView(BudgetModel *model, QWidget *parent = nullptr);
    ~BudgetsView() override;

    void setPlaceholderText(const QString &text);
    QString headlineText() const;
    QTableView *tableView() const { return m_table; }

private:
    void rebuild();
    void rebuildChart();
    QString scenarioSentence(bool atMax) const;

    BudgetModel *m_model; // not owned
    QSortFilterProxyModel *m_proxy;
    QLabel *m_headline;
    QLabel *m_capacity;
    QTableView *m_table;
    QChartView *m_chartView;
    QLabel *m_placeholder;
    QStackedWidget *m_stack;
    QSplitter *m_splitter;
};

} // namespace enclii::ui
