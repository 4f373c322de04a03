#include "WaybillView.h"

#include "ScreenParts.h"
#include "ScreenStack.h"
#include "WaybillCharts.h"
#include "models/DecimalText.h"
#include "models/WaybillReports.h"

#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPainter>
#include <QProgressBar>
#include <QRegularExpression>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSplitter>
#include <QStyledItemDelegate>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace enclii::ui {

using namespace Qt::StringLiterals;
using parts::colored;
using parts::sectionTitle;
using parts::setUpTable;
using Resource = WaybillClient::Resource;

namespace {

const QColor Green(0x2d, 0x6a, 0x1f);
const QColor Amber(0x8a, 0x5a, 0x00);
const QColor Red(0x9b, 0x1c, 0x12);
constexpr auto FeeMetric = "plan.fee";

QColor metricColor(int index)
{
    static const QRgb colors[] = {0x4e79a7, 0xf28e2b, 0x59a14f, 0xe15759, 0x76b7b2, 0xedc948, 0xb07aa1, 0x9c755f};
    return QColor(colors[index % std::size(colors)]);
}

// The share of a budget spent, as a bar with marks at 50, 80 and 100 %: green below 80 %,
// amber below 100 %, red from there. The text is the exact percentage.
class ThresholdBarDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        const QVariant value = index.data(ReportTableModel::ValueRole);
        if (!value.isValid()) {
            QStyledItemDelegate::paint(painter, option, index);
            return;
        }
        const double percent = std::max(0.0, value.toDouble());
        const double scale = std::max(120.0, percent);
        const QRect bar = option.rect.adjusted(6, 6, -86, -6);
        painter->save();
        if (option.state & QStyle::State_Selected)
            painter->fillRect(option.rect, option.palette.highlight());
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(Qt::NoPen);
        painter->setBrush(QColor(0xe4, 0xe9, 0xf0));
        painter->drawRoundedRect(bar, 3, 3);
        const QColor fill = percent >= 100 ? Red : percent >= 80 ? Amber : Green;
        painter->setBrush(fill.lighter(130));
        painter->drawRoundedRect(QRectF(bar.left(), bar.top(), bar.width() * std::min(percent, scale) / scale, bar.height()), 3, 3);
        painter->setPen(QPen(QColor(QLatin1String(parts::Muted)), 1));
        for (double mark : {50.0, 80.0, 100.0}) {
            const qreal x = bar.left() + bar.width() * mark / scale;
            painter->drawLine(QPointF(x, bar.top() - 3), QPointF(x, bar.bottom() + 3));
        }
        painter->setPen(option.state & QStyle::State_Selected ? option.palette.highlightedText().color() : fill);
        painter->drawText(option.rect.adjusted(0, 0, -6, 0), Qt::AlignRight | Qt::AlignVCenter, index.data().toString());
        painter->restore();
    }

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QSize size = QStyledItemDelegate::sizeHint(option, index);
        size.setWidth(std::max(size.width(), 260));
        return size;
    }
};

const WaybillLine *lineOf(const std::optional<WaybillInvoice> &invoice, const QString &metric, bool forecast = false)
{
    if (!invoice)
        return nullptr;
    for (const WaybillLine &l : forecast ? invoice->forecast.lines : invoice->lines)
        if (l.metric == metric)
            return &l;
    return nullptr;
}

} // namespace

WaybillView::WaybillView(WaybillClient *client, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
    , m_usageModel(new ReportTableModel(this))
    , m_invoicesModel(new ReportTableModel(this))
    , m_linesModel(new ReportTableModel(this))
    , m_budgetsModel(new ReportTableModel(this))
    , m_projectBox(new QComboBox(this))
    , m_metricBox(new QComboBox(this))
    , m_platformCost(new QLabel(this))
    , m_errors(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_csvButton(new QPushButton(tr("Export CSV…"), this))
    , m_pdfButton(new QPushButton(tr("Export PDF…"), this))
    , m_tabs(new QTabWidget(this))
    , m_monthText(new QLabel(this))
    , m_daily(new WaybillDailyChart(this))
    , m_month(new WaybillMonthChart(this))
    , m_usageTable(new QTableView(this))
    , m_invoicesTable(new QTableView(this))
    , m_invoiceTitle(sectionTitle(tr("Select an invoice to see its lines."), this))
    , m_linesTable(new QTableView(this))
    , m_invoiceTotals(new QLabel(this))
    , m_budgetsSummary(new QLabel(this))
    , m_budgetsTable(new QTableView(this))
{
    m_errors->setObjectName(u"waybillErrors"_s);
    m_errors->setWordWrap(true);
    m_errors->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_errors->setStyleSheet(u"QLabel#waybillErrors { background:#fbeceb; border:1px solid #e3b4b0; border-radius:4px;"
                            u" color:#9b1c12; padding:5px 10px; }"_s);
    m_errors->hide();

    m_tabs->addTab(buildUsageTab(), tr("Usage"));
    m_tabs->addTab(buildInvoicesTab(), tr("Invoices"));
    m_tabs->addTab(buildBudgetsTab(), tr("Budgets"));

    m_stack = parts::installContent(this, buildHeader(), {m_platformCost, m_errors, m_tabs});

    connect(m_client, &WaybillClient::received, this, &WaybillView::onReceived);
    connect(m_client, &WaybillClient::failed, this, &WaybillView::onFailed);
    connect(m_client, &WaybillClient::progress, this, &WaybillView::onProgress);
    connect(m_client->apiClient(), &ApiClient::stateChanged, this, &WaybillView::onApiState);
    onApiState(m_client->apiClient()->state(), m_client->apiClient()->lastError());
    refreshPlatformCost();
}

WaybillView::~WaybillView() = default;

QHBoxLayout *WaybillView::buildHeader()
{
    auto *row = new QHBoxLayout;
    auto *title = new QLabel(tr("Waybill"), this);
    parts::setUpTitle(title);
    row->addWidget(title);
    row->addSpacing(16);
    row->addWidget(new QLabel(tr("Project:"), this));
    m_projectBox->setMinimumContentsLength(18);
    m_projectBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    row->addWidget(m_projectBox);
    row->addSpacing(8);
    row->addWidget(new QLabel(tr("Show:"), this));
    m_metricBox->setMinimumContentsLength(22);
    m_metricBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_metricBox->addItem(tr("Cost, every metric"), QString());
    row->addWidget(m_metricBox);
    row->addStretch(1);
    m_progress->setMaximumWidth(220);
    m_progress->setTextVisible(true);
    m_progress->hide();
    row->addWidget(m_progress);
    auto *refresh = new QPushButton(tr("Refresh"), this);
    refresh->setToolTip(tr("Ask encliid again now (the screen also refreshes every minute)"));
    row->addWidget(refresh);
    row->addWidget(m_csvButton);
    row->addWidget(m_pdfButton);
    m_csvButton->setToolTip(tr("The report on this tab as CSV, with amounts exactly as encliid gives them"));
    m_pdfButton->setToolTip(tr("The report on this tab as a PDF table"));

    connect(refresh, &QPushButton::clicked, m_client, &WaybillClient::refresh);
    connect(m_csvButton, &QPushButton::clicked, this, [this] { exportWithDialog(false); });
    connect(m_pdfButton, &QPushButton::clicked, this, [this] { exportWithDialog(true); });
    connect(m_projectBox, &QComboBox::currentIndexChanged, this, &WaybillView::onProjectChosen);
    connect(m_metricBox, &QComboBox::currentIndexChanged, this, [this] {
        refreshDailyChart();
        refreshMonthChart();
    });

    m_platformCost->setTextFormat(Qt::RichText);
    m_platformCost->setWordWrap(true);
    m_platformCost->setObjectName(u"platformCost"_s);
    m_platformCost->setStyleSheet(u"QLabel#platformCost { background:#eef2f7; border:1px solid #c9d3e0; border-radius:4px;"
                                  u" padding:6px 10px; }"_s);
    return row;
}

QWidget *WaybillView::buildUsageTab()
{
    auto *tab = new QWidget(this);
    auto *layout = new QVBoxLayout(tab);
    layout->setContentsMargins(6, 8, 6, 6);
    m_monthText->setTextFormat(Qt::RichText);
    m_monthText->setWordWrap(true);
    QFont big = m_monthText->font();
    big.setPointSizeF(big.pointSizeF() * 1.1);
    m_monthText->setFont(big);
    layout->addWidget(m_monthText);

    auto *charts = new QSplitter(Qt::Horizontal, tab);
    charts->addWidget(m_daily);
    charts->addWidget(m_month);
    charts->setChildrenCollapsible(false);
    charts->setStretchFactor(0, 1);
    charts->setStretchFactor(1, 1);

    m_usageTable->setModel(m_usageModel);
    setUpTable(m_usageTable);
    // The figures stay beside their names; the metric's column takes the spare width (once
    // there are columns: a header cannot size a section it does not have).
    m_usageTable->horizontalHeader()->setStretchLastSection(false);
    connect(m_usageModel, &QAbstractItemModel::modelReset, m_usageTable, [this] {
        if (m_usageModel->columnCount() > 0)
            m_usageTable->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    });
    auto *split = new QSplitter(Qt::Vertical, tab);
    split->addWidget(charts);
    split->addWidget(m_usageTable);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    split->setSizes({560, 240});
    split->setChildrenCollapsible(false);
    layout->addWidget(split, 1);
    return tab;
}

QWidget *WaybillView::buildInvoicesTab()
{
    m_invoicesTable->setModel(m_invoicesModel);
    setUpTable(m_invoicesTable);
    m_linesTable->setModel(m_linesModel);
    setUpTable(m_linesTable);
    m_linesTable->setSelectionMode(QAbstractItemView::NoSelection);
    m_invoiceTotals->setAlignment(Qt::AlignRight);
    m_invoiceTotals->setTextFormat(Qt::RichText);

    connect(m_invoicesTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
        const QString id = m_invoicesModel->index(current.row(), 0).data(ReportTableModel::ExactRole).toString();
        if (id.isEmpty() || id == m_client->invoiceId())
            return;
        m_invoice.reset();
        m_client->showInvoice(id);
        refreshInvoiceLines();
    });

    auto *details = new QWidget(this);
    auto *detailsLayout = new QVBoxLayout(details);
    detailsLayout->setContentsMargins(0, 0, 0, 0);
    m_invoiceTitle->setWordWrap(true);
    m_invoiceTitle->setTextFormat(Qt::RichText);
    detailsLayout->addWidget(m_invoiceTitle);
    detailsLayout->addWidget(m_linesTable, 1);
    detailsLayout->addWidget(m_invoiceTotals);

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_invoicesTable);
    split->addWidget(details);
    split->setChildrenCollapsible(false);
    auto *tab = new QWidget(this);
    auto *layout = new QVBoxLayout(tab);
    layout->setContentsMargins(6, 8, 6, 6);
    layout->addWidget(split);
    return tab;
}

QWidget *WaybillView::buildBudgetsTab()
{
    m_budgetsTable->setModel(m_budgetsModel);
    setUpTable(m_budgetsTable);
    m_budgetsTable->setItemDelegateForColumn(4, new ThresholdBarDelegate(m_budgetsTable));
    m_budgetsSummary->setTextFormat(Qt::RichText);
    m_budgetsSummary->setWordWrap(true);
    auto *tab = new QWidget(this);
    auto *layout = new QVBoxLayout(tab);
    layout->setContentsMargins(6, 8, 6, 6);
    layout->addWidget(m_budgetsSummary);
    layout->addWidget(m_budgetsTable, 1);
    return tab;
}

void WaybillView::onProjectChosen()
{
    const QString project = currentProject();
    if (project == m_client->project())
        return;
    m_usage.reset();
    m_preview.reset();
    m_answeredResource[int(Resource::Usage)] = m_answeredResource[int(Resource::Preview)] =
        m_answeredResource[int(Resource::Daily)] = false;
    m_client->setProject(project);
    m_daily->clear(tr("loading %1…").arg(project));
    m_month->clear(tr("loading %1…").arg(project));
    refreshUsage();
}

void WaybillView::onApiState(ApiClient::State state, const QString &error)
{
    if (m_hasProjects)
        return;
    m_stack->showConnection(state, m_client->apiClient()->baseUrl().toDisplayString(), error,
                            tr("Connected to %1; loading costs and usage…"));
}

void WaybillView::onProgress(int done, int total)
{
    const bool busy = total > 0 && done < total;
    m_progress->setVisible(busy);
    if (!busy)
        return;
    m_progress->setRange(0, total);
    m_progress->setValue(done);
    m_progress->setFormat(tr("Loading %1 of %2…").arg(done + 1).arg(total));
}

void WaybillView::onReceived(Resource resource, const QString &key, const QJsonObject &body)
{
    QString warning;
    switch (resource) {
    case Resource::Projects:
        m_projects = WaybillRollups::fromJson(body);
        m_hasProjects = true;
        m_stack->showContent();
        updateProjects();
        break;
    case Resource::Budgets: {
        WaybillBudgetList list = WaybillBudgetList::fromJson(body);
        m_budgets = list.budgets;
        warning = list.warnings.join(u"; "_s);
        refreshBudgets();
        updateProjects();
        refreshMonthChart();
        break;
    }
    case Resource::Invoices: {
        WaybillInvoiceList list = WaybillInvoiceList::fromJson(body);
        m_invoices = list.invoices;
        warning = list.warnings.join(u"; "_s);
        const QString selected = m_client->invoiceId();
        m_invoicesModel->setReport(waybillReports::invoices(m_invoices));
        updateProjects();
        const auto found = std::find_if(m_invoices.cbegin(), m_invoices.cend(), [&](const WaybillInvoice &i) { return i.id == selected; });
        if (found != m_invoices.cend())
            selectInvoice(selected);
        else if (!m_invoices.isEmpty())
            selectInvoice(m_invoices.constFirst().id);
        break;
    }
    case Resource::PlatformCost:
        m_cost = WaybillPlatformCost::fromJson(body, &m_costFailure);
        if (m_cost)
            m_costFailure.clear();
        else
            m_costFailure = tr("The platform cost could not be read: %1").arg(m_costFailure);
        refreshPlatformCost();
        break;
    case Resource::Usage:
        if (key != currentProject())
            return;
        m_usage = WaybillMonthUsage::fromJson(body, &warning);
        updateMetrics();
        refreshUsage();
        break;
    case Resource::Preview:
        if (key != currentProject())
            return;
        m_preview = WaybillInvoice::fromJson(body, &warning);
        updateMetrics();
        refreshUsage();
        refreshDailyChart();
        break;
    case Resource::Daily:
        if (key != currentProject())
            return;
        m_dailyRollups = WaybillRollups::fromJson(body);
        m_dailyProject = key;
        warning = m_dailyRollups.warnings.value(0);
        updateMetrics();
        refreshDailyChart();
        refreshMonthChart();
        break;
    case Resource::Invoice:
        if (key != m_client->invoiceId())
            return;
        m_invoice = WaybillInvoice::fromJson(body, &warning);
        refreshInvoiceLines();
        break;
    case Resource::Count: return;
    }
    m_failures[int(resource)] = warning.isEmpty() ? QString() : tr("Part of the answer was left out: %1").arg(warning);
    m_answeredResource[int(resource)] = true;
    refreshErrors();
    checkAnswered();
}

QString WaybillView::failureText(int httpStatus, const QString &message) const
{
    switch (httpStatus) {
    case 0: return tr("Cannot reach encliid: %1").arg(message);
    case 401: return tr("encliid wants a sign-in for Waybill: %1").arg(message);
    case 403: return tr("Waybill needs billing.read (the finance or admin role), which this sign-in does not have: %1").arg(message);
    case 404: return tr("This encliid has no such Waybill resource (an older daemon?): %1").arg(message);
    default: return message;
    }
}

void WaybillView::onFailed(Resource resource, const QString &key, int httpStatus, const QString &message)
{
    const bool keyed = resource == Resource::Usage || resource == Resource::Preview || resource == Resource::Daily;
    if ((keyed && key != currentProject()) || (resource == Resource::Invoice && key != m_client->invoiceId()))
        return;
    const QString text = failureText(httpStatus, message);
    if (resource == Resource::PlatformCost) {
        m_costFailure = httpStatus == 503 ? tr("encliid has no platform cost model: %1").arg(message) : text;
        refreshPlatformCost();
    } else {
        m_failures[int(resource)] = text;
    }
    if (resource == Resource::Projects && !m_hasProjects)
        m_stack->showText(httpStatus == 403 ? failureText(403, message)
                                            : ScreenStack::refusal(httpStatus, message,
                                                                   {tr("encliid wants a sign-in for Waybill.\n\n%1"), failureText(403, u"%1"_s),
                                                                    tr("This encliid does not serve Waybill yet.\n\n%1"),
                                                                    tr("Could not load Waybill.\n\n%1")}));
    if (resource == Resource::Invoice)
        m_invoiceTitle->setText(colored(Red, text));
    m_answeredResource[int(resource)] = true;
    refreshErrors();
    checkAnswered();
}

void WaybillView::refreshErrors()
{
    QStringList lines;
    for (const QString &f : m_failures)
        if (!f.isEmpty() && !lines.contains(f))
            lines << f;
    m_errors->setText(lines.join(u'\n'));
    m_errors->setVisible(!lines.isEmpty());
}

void WaybillView::checkAnswered()
{
    if (m_answered)
        return;
    const auto has = [this](Resource r) { return m_answeredResource[int(r)]; };
    if (!has(Resource::Projects) || !has(Resource::PlatformCost) || !has(Resource::Budgets) || !has(Resource::Invoices))
        return;
    if (!currentProject().isEmpty() && !(has(Resource::Usage) && has(Resource::Preview) && has(Resource::Daily)))
        return;
    if (!m_invoices.isEmpty() && !has(Resource::Invoice))
        return;
    m_answered = true;
    emit answered();
}

QStringList WaybillView::projects() const
{
    QStringList out;
    for (int i = 0; i < m_projectBox->count(); ++i)
        out << m_projectBox->itemText(i);
    return out;
}

QString WaybillView::currentProject() const
{
    return m_projectBox->currentText();
}

void WaybillView::selectProject(const QString &project)
{
    m_projectBox->setCurrentIndex(m_projectBox->findText(project));
}

QString WaybillView::currentMetric() const
{
    return m_metricBox->currentData().toString();
}

void WaybillView::selectMetric(const QString &metric)
{
    m_metricBox->setCurrentIndex(std::max(0, m_metricBox->findData(metric)));
}

void WaybillView::showTab(Tab tab)
{
    m_tabs->setCurrentIndex(int(tab));
}

void WaybillView::selectInvoice(const QString &id)
{
    for (int row = 0; row < m_invoicesModel->rowCount(); ++row)
        if (m_invoicesModel->index(row, 0).data(ReportTableModel::ExactRole).toString() == id) {
            m_invoicesTable->setCurrentIndex(m_invoicesModel->index(row, 0));
            return;
        }
}

void WaybillView::updateProjects()
{
    QStringList names = m_projects.projects();
    for (const WaybillBudget &b : std::as_const(m_budgets))
        names << b.project;
    for (const WaybillInvoice &i : std::as_const(m_invoices))
        names << i.project;
    names.removeAll(QString());
    names.sort();
    names.removeDuplicates();
    if (names == projects())
        return;
    const QString current = currentProject();
    {
        const QSignalBlocker blocker(m_projectBox);
        m_projectBox->clear();
        m_projectBox->addItems(names);
        m_projectBox->setCurrentIndex(std::max<qsizetype>(0, names.indexOf(current)));
    }
    onProjectChosen();
    if (names.isEmpty()) {
        m_daily->clear(tr("no usage recorded yet"));
        m_month->clear(tr("no usage recorded yet"));
    }
}

void WaybillView::updateMetrics()
{
    QStringList metrics = m_dailyProject == currentProject() ? m_dailyRollups.metrics() : QStringList();
    if (m_usage)
        metrics << m_usage->usage.keys();
    if (m_preview)
        for (const WaybillLine &l : std::as_const(m_preview->lines))
            if (l.metric != QLatin1String(FeeMetric))
                metrics << l.metric;
    metrics.sort();
    metrics.removeDuplicates();
    QStringList shown;
    for (int i = 1; i < m_metricBox->count(); ++i)
        shown << m_metricBox->itemData(i).toString();
    if (shown == metrics)
        return;
    const QString current = currentMetric();
    const QSignalBlocker blocker(m_metricBox);
    while (m_metricBox->count() > 1)
        m_metricBox->removeItem(1);
    for (const QString &m : std::as_const(metrics))
        m_metricBox->addItem(waybillText::metricName(m), m);
    m_metricBox->setCurrentIndex(std::max(0, m_metricBox->findData(current)));
}

void WaybillView::refreshUsage()
{
    const QString project = currentProject();
    m_usageModel->setReport(waybillReports::usage(project, m_usage ? &*m_usage : nullptr, m_preview ? &*m_preview : nullptr));
    if (m_preview) {
        const QString currency = m_preview->currency;
        QString text = tr("<b>%1</b> this month: %2 to date").arg(project.toHtmlEscaped(), decimal::money(m_preview->subtotal, currency));
        if (m_preview->forecast.present)
            text += u" · "_s + tr("forecast <b>%1</b> at the month's end").arg(decimal::money(m_preview->forecast.subtotal, currency));
        if (!m_preview->creditApplied.isEmpty() && decimal::plotValue(m_preview->creditApplied) != 0)
            text += u" · "_s + tr("credit %1, total to date %2").arg(decimal::money(m_preview->creditApplied, currency),
                                                                     decimal::money(m_preview->total, currency));
        m_monthText->setText(text);
    } else {
        m_monthText->setText(project.isEmpty() ? tr("No project has usage yet.") : tr("Loading the month of %1…").arg(project.toHtmlEscaped()));
    }
    refreshMonthChart();
}

void WaybillView::refreshDailyChart()
{
    const QString project = currentProject();
    if (project.isEmpty() || m_dailyProject != project)
        return;
    const QDateTime from = WaybillClient::dailyFrom(QDateTime::currentDateTimeUtc(), 30);
    QList<QDate> days;
    for (QDate d = from.date(); d <= QDateTime::currentDateTimeUtc().date() && days.size() < 400; d = d.addDays(1))
        days << d;
    const QString metric = currentMetric();
    QStringList metrics = metric.isEmpty() ? m_dailyRollups.metrics() : QStringList{metric};
    const QString currency = m_preview ? m_preview->currency : QString();
    if (metric.isEmpty() && !m_preview) {
        m_daily->clear(tr("no prices: the month's preview did not answer"));
        return;
    }
    QList<WaybillDailyChart::Series> series;
    for (int k = 0; k < metrics.size(); ++k) {
        const WaybillLine *line = lineOf(m_preview, metrics.at(k));
        if (metric.isEmpty() && !line)
            continue; // not priced: not part of the cost
        WaybillDailyChart::Series s{waybillText::metricName(metrics.at(k)), metricColor(k), QList<double>(days.size(), 0.0)};
        for (const WaybillPoint &p : std::as_const(m_dailyRollups.points)) {
            const qint64 i = from.date().daysTo(p.windowStart.date());
            if (p.metric != metrics.at(k) || p.project != project || i < 0 || i >= days.size())
                continue;
            // Quantity in the rate's unit, times the rate: list price before the plan's quota.
            const double quantity = line ? decimal::plotValue(p.quantity, line->per) : decimal::plotValue(p.quantity);
            s.values[i] += metric.isEmpty() ? quantity * decimal::plotValue(line->rate) : quantity;
        }
        series << s;
    }
    if (series.isEmpty()) {
        m_daily->clear(tr("no usage in the last 30 days"));
        return;
    }
    if (metric.isEmpty()) {
        m_daily->setData(tr("Daily cost per metric at the plan's rates, before included quotas"), currency, days, series);
    } else {
        const WaybillLine *line = lineOf(m_preview, metric);
        const QString unit = line ? line->unit : waybillReports::meteredUnit(metric);
        m_daily->setData(tr("Daily %1 of %2").arg(waybillText::metricName(metric), project), unit, days, series);
    }
}

void WaybillView::refreshMonthChart()
{
    if (!m_usage || currentProject().isEmpty())
        return;
    const WaybillMonthUsage &u = *m_usage;
    const QString metric = currentMetric();
    const double start = double(u.monthStart.toMSecsSinceEpoch());
    const double now = double(std::clamp(u.asOf, u.monthStart, u.monthEnd).toMSecsSinceEpoch());
    const double end = double(u.monthEnd.toMSecsSinceEpoch());
    if (metric.isEmpty()) {
        if (!m_preview) {
            m_month->clear(tr("no preview of the month"));
            return;
        }
        // The preview is exact at `asOf` and its forecast linear: the line between them is the month.
        const double toDate = decimal::plotValue(m_preview->subtotal);
        const double ahead = m_preview->forecast.present ? decimal::plotValue(m_preview->forecast.subtotal) : toDate;
        std::optional<double> budget;
        if (const WaybillBudget *b = budgetOf(currentProject()); b && !b->budget.isEmpty())
            budget = decimal::plotValue(b->budget);
        m_month->setData(tr("Cost this month to date and forecast, before credits"), m_preview->currency, u.monthStart, u.monthEnd,
                         {{start, 0}, {now, toDate}}, {{now, toDate}, {end, ahead}}, budget);
        return;
    }
    const WaybillLine *line = lineOf(m_preview, metric);
    const QString per = line ? line->per : QString();
    // Day by day from the rollups, then the exact figure as of now.
    QList<QPointF> toDate{{start, 0}};
    double sum = 0;
    if (m_dailyProject == currentProject())
        for (const WaybillPoint &p : std::as_const(m_dailyRollups.points)) {
            if (p.metric != metric || p.windowStart < u.monthStart || p.windowStart >= u.asOf)
                continue;
            sum += decimal::plotValue(p.quantity, per);
            toDate << QPointF(std::min(now, double(p.windowStart.addDays(1).toMSecsSinceEpoch())), sum);
        }
    const double used = decimal::plotValue(u.usage.value(metric), per);
    toDate << QPointF(now, used);
    const double ahead = u.forecast.contains(metric) ? decimal::plotValue(u.forecast.value(metric), per) : used;
    m_month->setData(tr("%1 this month to date and forecast").arg(waybillText::metricName(metric)),
                     line ? line->unit : waybillReports::meteredUnit(metric), u.monthStart, u.monthEnd, toDate,
                     {{now, used}, {end, ahead}}, std::nullopt);
}

void WaybillView::refreshPlatformCost()
{
    if (!m_cost) {
        m_platformCost->setText(m_costFailure.isEmpty() ? tr("<b>Platform cost</b>: waiting for encliid…")
                                                        : u"<b>%1</b>: %2"_s.arg(tr("Platform cost").toHtmlEscaped(), colored(Amber, m_costFailure)));
        return;
    }
    const WaybillPlatformCost &c = *m_cost;
    const QString criterion = c.criterion.isEmpty() ? tr("the target") : u"“%1”"_s.arg(c.criterion);
    const QString verdict = c.withinTarget ? colored(Green, tr("✔ meets %1").arg(criterion))
                                           : colored(Red, tr("✘ misses %1").arg(criterion));
    QString text = tr("<b>Platform cost</b> %1 a month").arg(decimal::money(c.monthlyTotal, c.currency).toHtmlEscaped())
                   + u" &nbsp;"_s + verdict + u" &nbsp;·&nbsp; "_s
                   + tr("target %1, headroom %2").arg(decimal::money(c.target, c.currency), decimal::money(c.headroom, c.currency)).toHtmlEscaped();
    if (!c.monthToDate.isEmpty())
        text += u" &nbsp;·&nbsp; "_s + tr("%1 so far this month").arg(decimal::money(c.monthToDate, c.currency)).toHtmlEscaped();
    if (c.asOf.isValid())
        text += u" &nbsp;·&nbsp; "_s + colored(QColor(QLatin1String(parts::Muted)), tr("as of %1").arg(QLocale().toString(c.asOf.toLocalTime().time(),
                                                                                                              QLocale::ShortFormat)));
    if (!m_costFailure.isEmpty())
        text += u"<br>"_s + colored(Amber, tr("Could not refresh: %1").arg(m_costFailure));
    m_platformCost->setText(text);
    QStringList items;
    for (const WaybillCostItem &i : c.items)
        items << tr("%1: %2").arg(i.name, decimal::money(i.amount, c.currency));
    m_platformCost->setToolTip(items.join(u'\n'));
}

void WaybillView::refreshBudgets()
{
    m_budgetsModel->setReport(waybillReports::budgets(m_budgets));
    QStringList held;
    QStringList over80;
    for (const WaybillBudget &b : std::as_const(m_budgets)) {
        if (b.deploysHeld)
            held << b.project;
        else if (b.crossed(80))
            over80 << b.project;
    }
    QString text = tr("%n budget(s) this month.", nullptr, int(m_budgets.size()));
    if (!held.isEmpty())
        text += u" "_s + colored(Red, tr("Deploys held (over budget): %1.").arg(held.join(u", "_s)));
    if (!over80.isEmpty())
        text += u" "_s + colored(Amber, tr("Past 80 %: %1.").arg(over80.join(u", "_s)));
    if (held.isEmpty() && over80.isEmpty() && !m_budgets.isEmpty())
        text += u" "_s + colored(Green, tr("No project is past 80 % of its budget."));
    m_budgetsSummary->setText(text);
}

void WaybillView::refreshInvoiceLines()
{
    if (!m_invoice) {
        m_linesModel->setReport({});
        m_invoiceTotals->clear();
        m_invoiceTitle->setText(m_client->invoiceId().isEmpty() ? tr("Select an invoice to see its lines.")
                                                                : tr("Loading invoice %1…").arg(m_client->invoiceId()).toHtmlEscaped());
        return;
    }
    const ReportTable report = waybillReports::invoice(*m_invoice);
    m_linesModel->setReport(report);
    m_invoiceTitle->setText(u"<b>%1</b> &nbsp;%2<br><span style='font-weight:normal;'>%3</span>"_s.arg(
        report.title.toHtmlEscaped(), colored(waybillText::statusColor(m_invoice->status), waybillText::statusName(m_invoice->status)),
        report.notes.join(u" · "_s).toHtmlEscaped()));
    m_invoiceTotals->setText(report.footer.join(u"<br>"_s));
}

const WaybillBudget *WaybillView::budgetOf(const QString &project) const
{
    for (const WaybillBudget &b : m_budgets)
        if (b.project == project)
            return &b;
    return nullptr;
}

QString WaybillView::platformCostText() const
{
    return m_platformCost->text();
}

QString WaybillView::monthText() const
{
    return m_monthText->text();
}

QString WaybillView::errorText() const
{
    return m_errors->isHidden() ? QString() : m_errors->text();
}

QString WaybillView::placeholderText() const
{
    return m_stack->text();
}

bool WaybillView::showsPlaceholder() const
{
    return m_stack->showsText();
}

ReportTable WaybillView::report(Report which) const
{
    switch (which) {
    case Report::Usage:
        return waybillReports::usage(currentProject(), m_usage ? &*m_usage : nullptr, m_preview ? &*m_preview : nullptr);
    case Report::Invoices: return waybillReports::invoices(m_invoices);
    case Report::Invoice: return m_invoice ? waybillReports::invoice(*m_invoice) : ReportTable();
    case Report::Budgets: return waybillReports::budgets(m_budgets);
    case Report::PlatformCost: return m_cost ? waybillReports::platformCost(*m_cost) : ReportTable();
    }
    return {};
}

WaybillView::Report WaybillView::currentReport() const
{
    switch (Tab(m_tabs->currentIndex())) {
    case Tab::Usage: return Report::Usage;
    case Tab::Invoices: return m_invoice ? Report::Invoice : Report::Invoices;
    case Tab::Budgets: return Report::Budgets;
    }
    return Report::Usage;
}

bool WaybillView::exportCsv(Report which, const QString &path, QString *error) const
{
    const ReportTable r = report(which);
    if (r.headers.isEmpty()) {
        if (error)
            *error = tr("Nothing to export yet: encliid has not answered.");
        return false;
    }
    return reportExport::writeCsv(r, path, error);
}

bool WaybillView::exportPdf(Report which, const QString &path, QString *error) const
{
    const ReportTable r = report(which);
    if (r.headers.isEmpty()) {
        if (error)
            *error = tr("Nothing to export yet: encliid has not answered.");
        return false;
    }
    return reportExport::writePdf({r}, r.title, path, error);
}

void WaybillView::exportWithDialog(bool pdf)
{
    const Report which = currentReport();
    const ReportTable r = report(which);
    QString name = r.title.isEmpty() ? u"waybill"_s : r.title;
    name.replace(QRegularExpression(u"[^A-Za-z0-9_.-]+"_s), u"-"_s);
    const QString path = QFileDialog::getSaveFileName(this, pdf ? tr("Export as PDF") : tr("Export as CSV"),
                                                      name.toLower() + (pdf ? u".pdf"_s : u".csv"_s),
                                                      pdf ? tr("PDF documents (*.pdf)") : tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!(pdf ? exportPdf(which, path, &error) : exportCsv(which, path, &error)))
        QMessageBox::warning(this, tr("Export failed"), error);
}

} // namespace enclii::ui
