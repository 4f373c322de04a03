#include "BudgetsView.h"

#include "models/BudgetModel.h"
#include "models/ClusterNodesModel.h"
#include "models/DeploymentFormat.h"
#include "models/Units.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QCursor>
#include <QHeaderView>
#include <QLabel>
#include <QLegendMarker>
#include <QLineSeries>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStackedWidget>
#include <QStackedBarSeries>
#include <QPainter>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QTableWidget>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <memory>

namespace enclii::ui {

using namespace Qt::StringLiterals;

namespace {

// Distinct, print-safe colours for up to 20 apps; beyond that they repeat, which the
// tooltip and the table disambiguate.
QColor appColor(int index)
{
    static const QRgb colors[] = {0x4e79a7, 0xf28e2b, 0x59a14f, 0xe15759, 0x76b7b2, 0xedc948, 0xb07aa1,
                                  0xff9da7, 0x9c755f, 0xbab0ac, 0x1f77b4, 0x8c564b, 0x17becf, 0xbcbd22,
                                  0x7f7f7f, 0xaec7e8, 0xffbb78, 0x98df8a, 0xc5b0d5, 0xc49c94};
    return QColor::fromRgb(colors[index % int(std::size(colors))]);
}

double share(qint64 part, qint64 whole)
{
    return whole > 0 ? double(part) * 100.0 / double(whole) : 0.0;
}

// A cell's share of a node drawn as a bar behind its text: green while there is room, amber
// from 75 %, red from 90 %.
class ShareBarDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        const double value = index.data(ClusterNodesModel::ShareRole).toDouble();
        const QColor color = DeploymentFormat::stateColor(value >= 0.9    ? DeploymentState::Failed
                                                          : value >= 0.75 ? DeploymentState::Degraded
                                                                          : DeploymentState::Ready);
        const QRectF track = QRectF(option.rect).adjusted(4, 4, -4, -4);
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(Qt::NoPen);
        painter->setBrush(QColor(0xee, 0xf1, 0xf5));
        painter->drawRoundedRect(track, 3, 3);
        QColor fill = color;
        fill.setAlpha(70);
        painter->setBrush(fill);
        painter->drawRoundedRect(QRectF(track.topLeft(), QSizeF(track.width() * std::clamp(value, 0.0, 1.0), track.height())), 3, 3);
        painter->setPen(color.darker(120));
        painter->drawText(track.adjusted(6, 0, -6, 0), Qt::AlignVCenter | Qt::AlignLeft, index.data().toString());
        painter->restore();
    }
};

} // namespace

BudgetsView::BudgetsView(BudgetModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_proxy(new QSortFilterProxyModel(this))
    , m_headline(new QLabel(this))
    , m_capacity(new QLabel(this))
    , m_table(new QTableView(this))
    , m_chartView(new QChartView(this))
    , m_placeholder(new QLabel(this))
    , m_stack(new QStackedWidget(this))
    , m_splitter(new QSplitter(Qt::Vertical, this))
    , m_nodes(new ClusterNodesModel(this))
    , m_liveTitle(new QLabel(this))
    , m_liveSummary(new QLabel(this))
    , m_nodesTable(new QTableView(this))
    , m_pendingTitle(new QLabel(this))
    , m_pendingTable(new QTableWidget(this))
{
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(BudgetModel::RawValueRole);

    m_headline->setWordWrap(true);
    m_headline->setTextFormat(Qt::RichText);
    QFont headlineFont = m_headline->font();
    headlineFont.setPointSizeF(headlineFont.pointSizeF() * 1.2);
    m_headline->setFont(headlineFont);
    m_capacity->setWordWrap(true);

    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(-1, Qt::AscendingOrder); // deploy order until the user sorts
    m_table->setAlternatingRowColors(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    // Numbers take what they need; the services list at the end soaks up the rest.
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(BudgetModel::ServicesColumn, QHeaderView::Stretch);
    m_table->setTextElideMode(Qt::ElideRight);
    m_table->horizontalHeader()->setDefaultAlignment(Qt::AlignCenter);

    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_chartView->setMinimumHeight(300);

    auto *bottom = new QSplitter(Qt::Horizontal, this);
    bottom->addWidget(m_chartView);
    bottom->addWidget(buildLivePane());
    bottom->setStretchFactor(0, 3);
    bottom->setStretchFactor(1, 2);
    bottom->setSizes({870, 570});
    bottom->setChildrenCollapsible(false);

    m_splitter->addWidget(m_table);
    m_splitter->addWidget(bottom);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setChildrenCollapsible(false);

    auto *content = new QWidget(this);
    auto *contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(12, 10, 12, 8);
    contentLayout->addWidget(m_headline);
    contentLayout->addWidget(m_capacity);
    contentLayout->addWidget(m_splitter, 1);

    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_placeholder->setMargin(40);
    m_placeholder->setText(tr("Waiting for the capacity report from encliid…"));
    m_stack->addWidget(m_placeholder);
    m_stack->addWidget(content);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);

    connect(m_model, &QAbstractItemModel::modelReset, this, &BudgetsView::rebuild);
    rebuild();
}

BudgetsView::~BudgetsView() = default;

QWidget *BudgetsView::buildLivePane()
{
    QFont bold = m_liveTitle->font();
    bold.setBold(true);
    m_liveTitle->setFont(bold);
    m_liveTitle->setTextFormat(Qt::RichText);
    m_liveTitle->setText(tr("Live cluster"));
    m_liveSummary->setWordWrap(true);
    m_liveSummary->setText(tr("Waiting for the live figures from encliid…"));
    m_pendingTitle->setFont(bold);

    m_nodesTable->setModel(m_nodes);
    m_nodesTable->setItemDelegateForColumn(ClusterNodesModel::CpuColumn, new ShareBarDelegate(m_nodesTable));
    m_nodesTable->setItemDelegateForColumn(ClusterNodesModel::MemoryColumn, new ShareBarDelegate(m_nodesTable));
    m_pendingTable->setColumnCount(3);
    m_pendingTable->setHorizontalHeaderLabels({tr("Pod"), tr("Service"), tr("Why it is Pending")});
    m_pendingTable->setTextElideMode(Qt::ElideMiddle);
    for (QTableView *table : {m_nodesTable, static_cast<QTableView *>(m_pendingTable)}) {
        table->setSelectionBehavior(QAbstractItemView::SelectRows);
        table->setEditTriggers(QAbstractItemView::NoEditTriggers);
        table->verticalHeader()->hide();
        table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 12);
        table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
        table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
        table->horizontalHeader()->setStretchLastSection(true);
        table->setShowGrid(false);
        table->setWordWrap(false);
    }
    m_nodesTable->horizontalHeader()->setSectionResizeMode(ClusterNodesModel::CpuColumn, QHeaderView::Stretch);
    m_nodesTable->horizontalHeader()->setSectionResizeMode(ClusterNodesModel::MemoryColumn, QHeaderView::Stretch);
    m_nodesTable->horizontalHeader()->setStretchLastSection(false);
    // The scheduler's reasons are sentences: they wrap instead of being cut.
    m_pendingTable->setWordWrap(true);
    m_pendingTable->setStyleSheet(u"QTableWidget::item { padding: 3px 2px; }"_s);
    m_pendingTable->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Interactive);
    m_pendingTable->setColumnWidth(0, 190);

    auto *pane = new QWidget(this);
    auto *layout = new QVBoxLayout(pane);
    layout->setContentsMargins(8, 4, 0, 0);
    layout->setSpacing(6);
    layout->addWidget(m_liveTitle);
    layout->addWidget(m_liveSummary);
    layout->addWidget(m_nodesTable);
    layout->addSpacing(4);
    layout->addWidget(m_pendingTitle);
    layout->addWidget(m_pendingTable, 1);
    m_nodesTable->hide();
    m_pendingTitle->hide();
    m_pendingTable->hide();
    return pane;
}

void BudgetsView::markClusterAnswered()
{
    if (m_clusterAnswered)
        return;
    m_clusterAnswered = true;
    emit clusterAnswered();
}

QString BudgetsView::liveText() const
{
    return m_liveTitle->text() + u'\n' + m_liveSummary->text() + u'\n' + m_pendingTitle->text();
}

void BudgetsView::setCluster(const ClusterStatus &cluster)
{
    m_hasCluster = true;
    m_nodes->setNodes(cluster.nodes);
    const QString title = tr("Live cluster");
    m_liveTitle->setText(cluster.simulated ? u"%1 &nbsp;<span style='color:#1f4f85; font-weight:normal;'>%2</span>"_s.arg(
                                                 title.toHtmlEscaped(), tr("simulated").toHtmlEscaped())
                                           : title.toHtmlEscaped());
    m_liveTitle->setToolTip(cluster.server);
    if (cluster.nodes.isEmpty()) {
        m_liveSummary->setText(tr("encliid reports no nodes in its cluster."));
    } else {
        m_liveSummary->setText(tr("Requested now by the scheduled pods, on %n node(s): CPU %1, memory %2.", nullptr,
                                  int(cluster.nodes.size()))
                                   .arg(ClusterNodesModel::cpuText(cluster.cpuRequested(), cluster.cpuAllocatable()),
                                        ClusterNodesModel::memoryText(cluster.memoryRequested(), cluster.memoryAllocatable())));
    }
    m_liveSummary->setStyleSheet(QString());
    m_nodesTable->setVisible(!cluster.nodes.isEmpty());
    // As tall as its rows (up to ten), no taller: the Pending pods get the rest.
    const int rows = std::min<int>(10, int(cluster.nodes.size()));
    m_nodesTable->setFixedHeight(m_nodesTable->horizontalHeader()->sizeHint().height()
                                 + rows * m_nodesTable->verticalHeader()->defaultSectionSize() + 2 * m_nodesTable->frameWidth());

    m_pendingTable->setRowCount(0);
    const QColor amber = DeploymentFormat::stateColor(DeploymentState::Pending);
    for (const PendingPod &pod : cluster.pendingPods) {
        const int row = m_pendingTable->rowCount();
        m_pendingTable->insertRow(row);
        const QString reason = pod.reason.isEmpty() ? tr("no reason given") : pod.reason;
        const QStringList cells{pod.name, pod.service, reason};
        for (int column = 0; column < cells.size(); ++column) {
            auto *item = new QTableWidgetItem(cells.at(column));
            item->setToolTip(tr("%1 in %2: %3").arg(pod.name, pod.namespaceName, reason));
            if (column == 2)
                item->setForeground(amber);
            m_pendingTable->setItem(row, column, item);
        }
    }
    m_pendingTable->resizeRowsToContents();
    m_pendingTitle->setText(cluster.pendingPods.isEmpty() ? tr("No pod is Pending: every pod found a node.")
                                                          : tr("%n pod(s) Pending", nullptr, int(cluster.pendingPods.size())));
    m_pendingTitle->setStyleSheet(cluster.pendingPods.isEmpty() ? QString() : u"color:%1;"_s.arg(amber.name()));
    m_pendingTitle->show();
    m_pendingTable->setVisible(!cluster.pendingPods.isEmpty());
    markClusterAnswered();
}

void BudgetsView::setClusterFailed(int httpStatus, const QString &message)
{
    QString text;
    switch (httpStatus) {
    case 403: text = tr("You may not see the live cluster: it needs the catalog.read permission. %1").arg(message); break;
    case 404: text = tr("This encliid does not report its cluster yet; the figures above are the plan only."); break;
    default:
        text = m_hasCluster ? tr("Could not refresh the live figures (they may be stale): %1").arg(message)
                            : tr("Could not load the live figures: %1").arg(message);
        break;
    }
    m_liveSummary->setText(text);
    m_liveSummary->setStyleSheet(u"color:%1;"_s.arg(DeploymentFormat::stateColor(DeploymentState::Degraded).name()));
    markClusterAnswered();
}

void BudgetsView::setPlaceholderText(const QString &text)
{
    m_placeholder->setText(text);
}

QString BudgetsView::headlineText() const
{
    return m_headline->text();
}

QString BudgetsView::scenarioSentence(bool atMax) const
{
    const ScenarioSummary &s = atMax ? m_model->atMax() : m_model->atMin();
    const QString when = atMax ? tr("At maximum replicas") : tr("At minimum replicas");
    if (!s.present)
        return tr("%1: no verdict in the report.").arg(when);
    const QString use = tr("requests take %1 of the CPU and %2 of the memory")
                            .arg(units::percent(s.cpuPercent), units::percent(s.memoryPercent));
    if (s.fits)
        return tr("%1 everything fits: %2.").arg(when, use);
    return tr("%1 it does <b>not</b> fit: %2; %n app(s) would stay Pending: %3.", nullptr,
              int(s.overflowingApps.size()))
        .arg(when, use, s.overflowingApps.join(u", "_s).toHtmlEscaped());
}

void BudgetsView::rebuild()
{
    if (!m_model->hasCapacity()) {
        m_stack->setCurrentWidget(m_placeholder);
        m_headline->clear();
        return;
    }
    m_stack->setCurrentIndex(1);

    const bool fitsMin = m_model->atMin().present && m_model->atMin().fits;
    const bool fitsMax = m_model->atMax().present && m_model->atMax().fits;
    const QString color = fitsMin && fitsMax ? u"#2d6a1f"_s : (fitsMin ? u"#8a5a00"_s : u"#9b1c12"_s);
    const QString verdict = fitsMin && fitsMax ? tr("Everything fits, even at maximum replicas.")
                            : fitsMin           ? tr("Fits at minimum replicas, not at maximum.")
                                                : tr("Does not fit, even at minimum replicas.");
    QString html = u"<span style='color:%1; font-weight:bold;'>%2</span><br>%3<br>%4"_s.arg(
        color, verdict.toHtmlEscaped(), scenarioSentence(false), scenarioSentence(true));
    if (!m_model->unschedulable().isEmpty())
        html += u"<br>"_s
                + tr("Cannot be scheduled at all (one pod asks for more than a node offers): %1.")
                      .arg(m_model->unschedulable().join(u", "_s).toHtmlEscaped());
    m_headline->setText(html);

    const Amount alloc = m_model->allocatable();
    const ClusterSummary &c = m_model->cluster();
    QString capacity = tr("Allocatable to apps: %1 and %2.").arg(units::cpu(alloc.cpuMillis), units::memory(alloc.memoryBytes));
    if (c.nodes > 0)
        capacity += u" "_s + tr("%1 × %2 %3 nodes, %4 % kept for the platform's own overhead.")
                               .arg(c.nodes).arg(c.provider, c.nodeType).arg(c.overheadPercent);
    capacity += u" "_s + tr("Apps are counted in deploy order; an app overflows when its requests no longer fit what is left.");
    m_capacity->setText(capacity);

    // The table takes what its rows need (up to half the screen); the chart gets the rest.
    const int rows = m_proxy->rowCount();
    const int tableHeight = m_table->horizontalHeader()->sizeHint().height()
                            + rows * m_table->verticalHeader()->defaultSectionSize() + 2 * m_table->frameWidth() + 2;
    m_table->setMaximumHeight(std::max(tableHeight, 80));
    m_table->setMinimumHeight(std::clamp(tableHeight, 80, 420));

    rebuildChart();
}

void BudgetsView::rebuildChart()
{
    // Four stacks — CPU and memory, at min and at max — each app a segment, in deploy order,
    // measured in percent of allocatable so the 100 % line is the cluster's edge for both.
    auto *chart = new QChart;
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setTitle(tr("Requests stacked in deploy order, as % of allocatable capacity"));
    chart->legend()->setAlignment(Qt::AlignRight);
    chart->setMargins(QMargins(4, 4, 4, 4));

    const Amount alloc = m_model->allocatable();
    const ScenarioSummary &min = m_model->atMin();
    const ScenarioSummary &max = m_model->atMax();
    const QStringList scenarios = {tr("CPU at min"), tr("Memory at min"), tr("CPU at max"), tr("Memory at max")};
    const double totals[] = {min.cpuPercent, min.memoryPercent, max.cpuPercent, max.memoryPercent};
    QStringList categories;
    for (int k = 0; k < scenarios.size(); ++k)
        categories << tr("%1<br>%2").arg(scenarios.at(k), units::percent(totals[k]));

    auto *bars = new QStackedBarSeries;
    bars->setBarWidth(0.55);
    double highest = 0;
    QList<double> stackTops(4, 0.0);
    const QList<AppBudget> &apps = m_model->apps();
    for (int i = 0; i < apps.size(); ++i) {
        const AppBudget &app = apps.at(i);
        auto *set = new QBarSet(app.app);
        set->setColor(appColor(i));
        set->setBorderColor(appColor(i).darker(125));
        const double values[] = {share(app.min.requests.cpuMillis, alloc.cpuMillis),
                                 share(app.min.requests.memoryBytes, alloc.memoryBytes),
                                 share(app.max.requests.cpuMillis, alloc.cpuMillis),
                                 share(app.max.requests.memoryBytes, alloc.memoryBytes)};
        for (int k = 0; k < 4; ++k) {
            set->append(values[k]);
            stackTops[k] += values[k];
        }
        bars->append(set);
    }
    connect(bars, &QStackedBarSeries::hovered, m_chartView, [this, scenarios](bool on, int index, QBarSet *set) {
        if (!on || !set) {
            QToolTip::hideText();
            return;
        }
        QToolTip::showText(QCursor::pos(), tr("%1 — %2: %3 of allocatable")
                                               .arg(set->label(), scenarios.value(index),
                                                    units::percent(set->at(index))),
                           m_chartView);
    });
    for (double top : std::as_const(stackTops))
        highest = std::max(highest, top);
    chart->addSeries(bars);

    auto *line = new QLineSeries;
    line->setName(tr("Allocatable (100 %)"));
    QPen pen(QColor(0x9b, 0x1c, 0x12), 2.5, Qt::DashLine);
    line->setPen(pen);
    line->append(-0.5, 100);
    line->append(3.5, 100);
    chart->addSeries(line);

    auto *axisX = new QBarCategoryAxis;
    axisX->append(categories);
    chart->addAxis(axisX, Qt::AlignBottom);
    bars->attachAxis(axisX);
    line->attachAxis(axisX);
    axisX->setRange(categories.constFirst(), categories.constLast());

    auto *axisY = new QValueAxis;
    const double top = std::max(120.0, std::ceil((highest + 10) / 50.0) * 50.0);
    axisY->setRange(0, top);
    axisY->setLabelFormat(u"%.0f %%"_s);
    axisY->setTickCount(int(top / 50) + 1 <= 12 ? int(top / 50) + 1 : 7);
    axisY->setTitleText(tr("% of allocatable"));
    chart->addAxis(axisY, Qt::AlignLeft);
    bars->attachAxis(axisY);
    line->attachAxis(axisY);

    // setChart hands the new chart to the view but gives the previous one back to us.
    const std::unique_ptr<QChart> previous(m_chartView->chart());
    m_chartView->setChart(chart);
}

} // namespace enclii::ui
