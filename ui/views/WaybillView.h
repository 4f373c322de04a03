#pragma once

#include "client/ApiClient.h"
#include "client/WaybillClient.h"
#include "models/ReportTable.h"
#include "models/WaybillData.h"

#include <QWidget>

#include <optional>

class QComboBox;
class QHBoxLayout;
class QLabel;
class QProgressBar;
class QPushButton;
class QTabWidget;
class QTableView;

namespace enclii::ui {

class ReportTableModel;
class ScreenStack;
class WaybillDailyChart;
class WaybillMonthChart;

// The Waybill screen, for finance: what each project uses and costs, and what the platform
// itself costs. A project and a metric are chosen at the top, beside the platform's monthly
// cost against the seed's "$150/month" criterion. Usage: daily cost per metric (or one
// metric's quantity) over the last weeks, the running month to date with its forecast drawn to
// the month's end, and the month per metric. Invoices: every invoice with its state, and the
// selected one's lines. Budgets: each project's spend against its 50/80/100 % thresholds, and
// whether its deploys are held. Every report on screen exports to CSV (the API's exact
// strings) and PDF. Money is shown from the API's decimal strings, never through a double.
class WaybillView : public QWidget
{
    Q_OBJECT

public:
    enum class Report { Usage, Invoices, Invoice, Budgets, PlatformCost };
    Q_ENUM(Report)
    enum class Tab { Usage, Invoices, Budgets };
    Q_ENUM(Tab)

    explicit WaybillView(WaybillClient *client, QWidget *parent = nullptr);
    ~WaybillView() override;

    WaybillClient *client() const { return m_client; }
    // Whether encliid has answered the projects, the platform cost and the chosen project's
    // usage at least once (data or a refusal): what a screenshot waits for.
    bool hasAnswer() const { return m_answered; }

    QStringList projects() const;
    QString currentProject() const;
    void selectProject(const QString &project);
    // Empty: cost over every metric.
    QString currentMetric() const;
    void selectMetric(const QString &metric);
    void showTab(Tab tab);
    void selectInvoice(const QString &id);

    WaybillDailyChart *dailyChart() const { return m_daily; }
    WaybillMonthChart *monthChart() const { return m_month; }
    ReportTableModel *usageModel() const { return m_usageModel; }
    ReportTableModel *invoicesModel() const { return m_invoicesModel; }
    ReportTableModel *linesModel() const { return m_linesModel; }
    ReportTableModel *budgetsModel() const { return m_budgetsModel; }
    QString platformCostText() const;
    QString monthText() const;
    QString errorText() const;
    QString placeholderText() const;
    bool showsPlaceholder() const;
    QProgressBar *progressBar() const { return m_progress; }

    // The report as shown now, and its exports; the dialogs only ask for the file name.
    ReportTable report(Report which) const;
    bool exportCsv(Report which, const QString &path, QString *error = nullptr) const;
    bool exportPdf(Report which, const QString &path, QString *error = nullptr) const;
    // What the export buttons export: the current tab's report (the selected invoice, if any).
    Report currentReport() const;

signals:
    void answered();

private:
    QHBoxLayout *buildHeader();
    QWidget *buildUsageTab();
    QWidget *buildInvoicesTab();
    QWidget *buildBudgetsTab();
    void onReceived(WaybillClient::Resource resource, const QString &key, const QJsonObject &body);
    void onFailed(WaybillClient::Resource resource, const QString &key, int httpStatus, const QString &message);
    void onProgress(int done, int total);
    void onApiState(ApiClient::State state, const QString &error);
    void onProjectChosen();
    void updateProjects();
    void updateMetrics();
    void refreshUsage();
    void refreshDailyChart();
    void refreshMonthChart();
    void refreshPlatformCost();
    void refreshBudgets();
    void refreshInvoiceLines();
    void refreshErrors();
    void checkAnswered();
    void exportWithDialog(bool pdf);
    QString failureText(int httpStatus, const QString &message) const;
    const WaybillBudget *budgetOf(const QString &project) const;

    WaybillClient *m_client; // not owned
    ReportTableModel *m_usageModel;
    ReportTableModel *m_invoicesModel;
    ReportTableModel *m_linesModel;
    ReportTableModel *m_budgetsModel;

    ScreenStack *m_stack = nullptr;
    QComboBox *m_projectBox;
    QComboBox *m_metricBox;
    QLabel *m_platformCost;
    QLabel *m_errors;
    QProgressBar *m_progress;
    QPushButton *m_csvButton;
    QPushButton *m_pdfButton;
    QTabWidget *m_tabs;
    QLabel *m_monthText;
    WaybillDailyChart *m_daily;
    WaybillMonthChart *m_month;
    QTableView *m_usageTable;
    QTableView *m_invoicesTable;
    QLabel *m_invoiceTitle;
    QTableView *m_linesTable;
    QLabel *m_invoiceTotals;
    QLabel *m_budgetsSummary;
    QTableView *m_budgetsTable;

    WaybillRollups m_projects;
    WaybillRollups m_dailyRollups; // of m_dailyProject
    QString m_dailyProject;
    std::optional<WaybillMonthUsage> m_usage; // of the current project
    std::optional<WaybillInvoice> m_preview;  // of the current project
    QList<WaybillInvoice> m_invoices;
    std::optional<WaybillInvoice> m_invoice;  // the selected one, with its lines
    QList<WaybillBudget> m_budgets;
    std::optional<WaybillPlatformCost> m_cost;
    QString m_costFailure;
    // Per resource: why its last fetch failed (empty: it did not).
    QString m_failures[int(WaybillClient::Resource::Count)];
    bool m_answeredResource[int(WaybillClient::Resource::Count)] = {};
    bool m_hasProjects = false;
    bool m_answered = false;
};

} // namespace enclii::ui
