#include "CanaryView.h"

#include "MetricChart.h"
#include "RolloutStepStrip.h"
#include "ScreenParts.h"
#include "ScreenStack.h"
#include "StateMarkDelegate.h"
#include "models/BuildFormat.h"
#include "models/DeploymentFormat.h"
#include "models/MeasurementTableModel.h"
#include "models/RolloutFormat.h"
#include "models/RolloutListModel.h"
#include "models/Units.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <cmath>

namespace enclii::ui {

using namespace Qt::StringLiterals;
using parts::Muted;
using parts::setUpTable;

namespace {

QString colored(const QColor &color, const QString &text, bool bold = false)
{
    return bold ? u"<b>%1</b>"_s.arg(parts::colored(color, text)) : parts::colored(color, text);
}

QString shortImage(const QString &image)
{
    // registry/owner/name@sha256:abcdef… -> name@sha256:abcdef123456
    const QString last = image.section(u'/', -1);
    const qsizetype colon = last.indexOf(u':', last.indexOf(u'@'));
    return last.indexOf(u'@') >= 0 && colon > 0 ? last.left(colon + 13) : last;
}

QString clock(const QDateTime &at)
{
    return at.isValid() ? QLocale().toString(at.toLocalTime(), u"HH:mm:ss"_s) : u"—"_s;
}

// The span of every point of the series: the threshold line goes across all of it.
QList<QPointF> span(const QList<QPointF> &a, const QList<QPointF> &b)
{
    double from = 0;
    double to = 0;
    bool any = false;
    for (const QList<QPointF> *series : {&a, &b})
        for (const QPointF &p : *series) {
            from = any ? std::min(from, p.x()) : p.x();
            to = any ? std::max(to, p.x()) : p.x();
            any = true;
        }
    return any ? QList<QPointF>{{from, 0}, {to, 0}} : QList<QPointF>();
}

} // namespace

CanaryView::CanaryView(RolloutsClient *client, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
    , m_list(new RolloutListModel(this))
    , m_measurements(new MeasurementTableModel(this))
    , m_headline(new QLabel(this))
    , m_live(new QLabel(this))
    , m_listView(new QTableView(this))
    , m_detailStack(new QStackedWidget(this))
    , m_title(new QLabel(this))
    , m_subtitle(new QLabel(this))
    , m_verdict(new QLabel(this))
    , m_message(new QLabel(this))
    , m_steps(new RolloutStepStrip(this))
    , m_traffic(new QLabel(this))
    , m_tabs(new QTabWidget(this))
    , m_measurementTable(new QTableView(this))
    , m_timelineTable(new QTableWidget(this))
    , m_tick(new QTimer(this))
{
    QSplitter *panes = parts::listAndDetails(buildListPane(), buildDetailsPane(), 3, 8, 400, 1050, this);
    m_stack = parts::installContent(this, parts::headerRow(m_headline, m_live), {panes});

    connect(m_client, &RolloutsClient::rolloutsReceived, this, &CanaryView::onRollouts);
    connect(m_client, &RolloutsClient::rolloutsFailed, this, &CanaryView::onRolloutsFailed);
    connect(m_client, &RolloutsClient::detailReceived, this, &CanaryView::onDetail);
    connect(m_client, &RolloutsClient::detailFailed, this, &CanaryView::onDetailFailed);
    connect(m_client, &RolloutsClient::actionFinished, this, &CanaryView::onAction);
    connect(m_client->apiClient(), &ApiClient::stateChanged, this, &CanaryView::onApiState);

    m_tick->setInterval(5000);
    connect(m_tick, &QTimer::timeout, this, [this] {
        m_list->tick();
        m_steps->update(); // the analysing step's progress
    });
    onApiState(m_client->apiClient()->state(), m_client->apiClient()->lastError());
    refreshHeadline();
}

CanaryView::~CanaryView() = default;

QWidget *CanaryView::buildListPane()
{
    m_listView->setModel(m_list);
    setUpTable(m_listView);
    m_listView->setItemDelegateForColumn(RolloutListModel::StateColumn, new StateMarkDelegate(m_listView));
    m_listView->horizontalHeader()->setStretchLastSection(false);
    m_listView->horizontalHeader()->setSectionResizeMode(RolloutListModel::ServiceColumn, QHeaderView::Stretch);
    connect(m_listView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &CanaryView::onCurrentChanged);
    return m_listView;
}

QWidget *CanaryView::buildControls()
{
    auto *row = new QWidget(this);
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    for (RolloutAction action : allRolloutActions()) {
        auto *button = new QPushButton(RolloutFormat::actionLabel(action), row);
        button->setEnabled(false);
        connect(button, &QPushButton::clicked, this, [this, action] { trigger(action); });
        m_buttons.insert(action, button);
        layout->addWidget(button);
        if (action == RolloutAction::PromoteFull || action == RolloutAction::Resume)
            layout->addSpacing(10); // promote · pause and resume · abort and retry
    }
    layout->addStretch(1);
    return row;
}

QWidget *CanaryView::buildDetailsPane()
{
    parts::setUpDetailTitles(m_title, m_subtitle);
    m_verdict->setObjectName(u"rolloutVerdict"_s);
    m_verdict->setTextFormat(Qt::RichText);
    m_verdict->setWordWrap(true);
    m_verdict->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_verdict->hide();
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();

    m_traffic->setObjectName(u"trafficSplit"_s);
    m_traffic->setTextFormat(Qt::RichText);
    m_traffic->setWordWrap(true);
    m_traffic->setMinimumWidth(250);
    m_traffic->setMaximumWidth(340);
    m_traffic->setStyleSheet(u"QLabel#trafficSplit { background:%1; border:1px solid #dde5ee; border-radius:4px; padding:4px 10px; }"_s
                                 .arg(QColor(0xf7, 0xf9, 0xfb).name()));
    auto *stepsRow = new QHBoxLayout;
    stepsRow->setSpacing(10);
    stepsRow->addWidget(m_steps, 1, Qt::AlignVCenter);
    stepsRow->addWidget(m_traffic);

    const QColor blue = BuildFormat::stateColor(BuildState::Running);
    m_successChart = new MetricChart(tr("Success rate"), MetricChart::Unit::Ratio, blue, this);
    m_latencyChart = new MetricChart(tr("Latency"), MetricChart::Unit::Seconds, blue, this);
    for (MetricChart *chart : {m_successChart, m_latencyChart}) {
        chart->setSeriesName(tr("Canary"));
        chart->setReferenceNames(tr("Stable"), tr("Threshold"));
        chart->setRequestPen(QPen(QColor(0x6b, 0x76, 0x85), 1.6));
        chart->setPointsVisible(true);
        chart->setMinimumHeight(200);
    }
    auto *charts = new QWidget(this);
    auto *chartRow = new QHBoxLayout(charts);
    chartRow->setContentsMargins(0, 0, 0, 0);
    chartRow->setSpacing(6);
    chartRow->addWidget(m_successChart);
    chartRow->addWidget(m_latencyChart);

    m_measurementTable->setModel(m_measurements);
    setUpTable(m_measurementTable);
    m_measurementTable->setItemDelegateForColumn(MeasurementTableModel::VerdictColumn, new StateMarkDelegate(m_measurementTable));
    m_timelineTable->setColumnCount(5);
    m_timelineTable->setHorizontalHeaderLabels({tr("When"), tr("State"), tr("Step"), tr("By"), tr("What happened")});
    setUpTable(m_timelineTable);
    m_tabs->addTab(m_measurementTable, tr("Measurements"));
    m_tabs->addTab(m_timelineTable, tr("Timeline"));
    m_tabs->setDocumentMode(true);

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(charts);
    split->addWidget(m_tabs);
    split->setStretchFactor(0, 5);
    split->setStretchFactor(1, 4);
    split->setSizes({330, 300});
    split->setChildrenCollapsible(false);

    auto *details = new QWidget(this);
    auto *layout = new QVBoxLayout(details);
    layout->setContentsMargins(12, 0, 0, 0);
    layout->setSpacing(6);
    layout->addWidget(m_title);
    layout->addWidget(m_subtitle);
    layout->addWidget(buildControls());
    layout->addWidget(m_message);
    layout->addWidget(m_verdict);
    layout->addLayout(stepsRow);
    layout->addWidget(split, 1);

    parts::addDetailPages(m_detailStack, details, tr("Select a rollout to see its steps, its analysis and what you can do about it."));
    return m_detailStack;
}

MetricChart *CanaryView::chart(Chart chart) const
{
    return chart == Chart::SuccessRate ? m_successChart : m_latencyChart;
}

QList<QPushButton *> CanaryView::actionButtons() const
{
    return m_buttons.values();
}

QInputDialog *CanaryView::abortDialog() const
{
    return findChild<QInputDialog *>(u"abortReason"_s);
}

bool CanaryView::showsPlaceholder() const
{
    return m_stack->showsText();
}

QString CanaryView::placeholderText() const
{
    return m_stack->text();
}

QString CanaryView::headlineText() const
{
    return m_headline->text();
}

QString CanaryView::detailTitle() const
{
    return m_title->text();
}

QString CanaryView::detailSubtitle() const
{
    return m_subtitle->text();
}

QString CanaryView::trafficText() const
{
    return m_traffic->text();
}

QString CanaryView::verdictText() const
{
    return m_verdict->isHidden() ? QString() : m_verdict->text();
}

QString CanaryView::messageText() const
{
    return m_message->isHidden() ? QString() : m_message->text();
}

void CanaryView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_client->setEnabled(true);
    m_tick->start();
}

void CanaryView::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_client->setEnabled(false);
    m_tick->stop();
}

void CanaryView::selectRollout(qint64 id)
{
    const int row = m_list->rowOf(id);
    if (row >= 0)
        m_listView->setCurrentIndex(m_list->index(row, 0));
}

void CanaryView::setOperateDenied(const QString &reason)
{
    m_operateDenied = reason;
    refreshActions();
}

void CanaryView::markAnswered()
{
    if (m_answered)
        return;
    m_answered = true;
    emit answered();
}

void CanaryView::onRollouts(const QJsonArray &items)
{
    m_listProblem.clear();
    m_list->setRollouts(items);
    if (m_detail)
        m_list->update(*m_detail); // the detail may be newer than the list
    if (m_list->rowCount() == 0)
        m_stack->showText(tr("No rollouts yet.\n\nA service whose spec deploys with the canary strategy goes through its "
                             "steps here: a share of the traffic first, analysed against its thresholds, then all of it."));
    else
        m_stack->showContent();
    selectDefault();
    refreshHeadline();
    refreshLive();
    if (m_list->rowCount() == 0)
        markAnswered(); // otherwise once the selected rollout's detail is in
}

void CanaryView::onRolloutsFailed(int status, const QString &message)
{
    m_listProblem = message;
    m_stack->showFailure(
        m_list->hasLoaded() && m_list->rowCount() > 0, m_live, status, message,
        {tr("encliid refused the sign-in for the rollouts.\n\n%1\n\nSign in again (Console > Sign in…)."),
         tr("You may not see the rollouts.\n\nencliid answered 403: reading rollouts needs the catalog.read "
            "permission. Ask an admin for a role that has it.\n\n%1"),
         tr("This encliid is too old for canary rollouts: it answered 404 for /v1/rollouts.\n\n%1\n\n"
            "Update the daemon to follow canary rollouts here."),
         tr("Could not load the rollouts.\n\n%1\n\nThe console tries again shortly.")});
    markAnswered();
}

void CanaryView::onDetail(const QJsonObject &json)
{
    std::optional<Rollout> r = Rollout::fromJson(json);
    if (!r || r->id != m_selected)
        return;
    m_detail = std::move(r);
    m_detailError.clear();
    m_list->update(*m_detail);
    m_measurements->setMeasurements(m_detail->measurements);
    refreshDetail();
    refreshCharts();
    refreshTimeline();
    refreshHeadline();
    markAnswered();
}

void CanaryView::onDetailFailed(qint64 id, int status, const QString &message)
{
    if (id != m_selected)
        return;
    if (status == 403)
        m_detailError = tr("You may not see rollout #%1: reading it needs the catalog.read permission.").arg(id);
    else if (status == 404)
        m_detailError = tr("encliid no longer knows rollout #%1.").arg(id);
    else
        m_detailError = tr("Could not load rollout #%1: %2").arg(id).arg(message);
    setMessage(m_detailError, RolloutFormat::stateColor(RolloutState::Failed));
    markAnswered();
}

void CanaryView::onAction(qint64 id, const QString &action, int status, const QString &message, const QJsonObject &rollout)
{
    if (id == m_actionInFlight)
        m_actionInFlight = 0;
    const std::optional<RolloutAction> a = rolloutActionFromName(action);
    const QString label = a ? RolloutFormat::actionLabel(*a).remove(u'…') : action;
    const QColor red = RolloutFormat::stateColor(RolloutState::Failed);
    if (status >= 200 && status < 300) {
        setMessage(message.isEmpty() ? tr("%1: done for rollout #%2.").arg(label).arg(id)
                                     : tr("%1, rollout #%2: %3").arg(label).arg(id).arg(message),
                   RolloutFormat::stateColor(RolloutState::Succeeded));
        const qint64 next = rollout.value("id"_L1).toInteger();
        if (a == RolloutAction::Retry && next > 0 && next != id)
            m_pendingSelection = next; // the new rollout, selected once the list has it
    } else if (status == 403) {
        const QString project = m_detail ? m_detail->project : QString();
        setMessage(tr("You may not act on rollouts of %1: it takes the canary.operate permission (on-call or admin). "
                      "encliid said: %2").arg(project, message),
                   red);
    } else if (status == 409) {
        setMessage(tr("%1 is not possible now: %2").arg(label, message), red);
    } else {
        setMessage(tr("%1 failed for rollout #%2: %3").arg(label).arg(id).arg(message), red);
    }
    refreshActions();
}

void CanaryView::onApiState(ApiClient::State state, const QString &error)
{
    refreshLive();
    if (m_list->hasLoaded())
        return; // the data on screen speaks; the header shows whether it is live
    m_stack->showConnection(state, m_client->apiClient()->baseUrl().toDisplayString(), error,
                            tr("Loading the rollouts from %1…"));
}

void CanaryView::onCurrentChanged(const QModelIndex &current)
{
    const qint64 id = current.isValid() ? current.data(RolloutListModel::IdRole).toLongLong() : 0;
    if (id == m_selected)
        return;
    m_selected = id;
    m_detail.reset();
    m_detailError.clear();
    m_measurements->clear();
    m_timelineTable->setRowCount(0);
    for (MetricChart *chart : {m_successChart, m_latencyChart})
        chart->clear(tr("loading…"));
    if (!m_keepMessage)
        m_message->hide();
    m_client->follow(id);
    refreshDetail();
}

void CanaryView::selectDefault()
{
    if (m_pendingSelection > 0 && m_list->rowOf(m_pendingSelection) >= 0) {
        m_keepMessage = true; // what the retry did stays in view beside its result
        selectRollout(std::exchange(m_pendingSelection, 0));
        m_keepMessage = false;
        return;
    }
    if (m_selected > 0 && m_list->rowOf(m_selected) >= 0)
        return;
    // Nobody picked one yet: the top of the list, which is the rollout most in need of a person.
    if (m_list->rowCount() > 0)
        m_listView->setCurrentIndex(m_list->index(0, 0));
}

void CanaryView::refreshHeadline()
{
    int active = 0;
    int paused = 0;
    int rolledBack = 0;
    for (const Rollout &r : m_list->rollouts()) {
        active += r.isActive();
        paused += r.state == RolloutState::Paused;
        rolledBack += r.state == RolloutState::RolledBack;
    }
    const int recent = m_list->rowCount() - active;
    QStringList parts{tr("%n active", nullptr, active)};
    if (paused > 0)
        parts << colored(RolloutFormat::stateColor(RolloutState::Paused), tr("%n waiting for a person", nullptr, paused));
    parts << tr("%n recent", nullptr, recent);
    if (rolledBack > 0)
        parts << colored(RolloutFormat::stateColor(RolloutState::RolledBack), tr("%n rolled back", nullptr, rolledBack));
    m_headline->setText(u"<b>%1</b> &nbsp;<span style='color:%2;'>%3</span>"_s.arg(
        tr("Canary rollouts").toHtmlEscaped(), QLatin1String(Muted), parts.join(u" · "_s)));
}

void CanaryView::refreshLive()
{
    if (!m_listProblem.isEmpty() && m_list->rowCount() > 0)
        return; // showFailure() has put the stale note there
    const bool connected = m_client->apiClient()->state() == ApiClient::State::Connected;
    const QColor color = connected ? BuildFormat::stateColor(BuildState::Succeeded) : BuildFormat::stateColor(BuildState::Failed);
    const QString text = connected ? tr("Refreshing every %n s", nullptr, int(std::max<qint64>(1, m_client->pollInterval().count() / 1000)))
                                   : tr("Offline");
    m_live->setText(u"<span style='color:%1;'>●</span> %2"_s.arg(color.name(), text.toHtmlEscaped()));
}

void CanaryView::refreshDetail()
{
    const Rollout *listed = m_list->rollout(m_selected);
    const Rollout *r = m_detail ? &*m_detail : listed;
    if (!r) {
        m_detailStack->setCurrentIndex(0);
        refreshActions();
        return;
    }
    m_detailStack->setCurrentIndex(1);
    m_title->setText(tr("%1 · rollout #%2").arg(r->service).arg(r->id));

    const QDateTime now = QDateTime::currentDateTimeUtc();
    QStringList facts{colored(RolloutFormat::stateColor(r->state), RolloutFormat::stateName(r->state), true),
                      RolloutFormat::stepText(*r).toHtmlEscaped()};
    if (!r->image.isEmpty())
        facts << u"<code>%1</code>"_s.arg(shortImage(r->image).toHtmlEscaped());
    if (!r->revision.isEmpty())
        facts << tr("revision %1").arg(r->revision.left(12)).toHtmlEscaped();
    if (!r->project.isEmpty())
        facts << tr("app %1").arg(r->project).toHtmlEscaped();
    facts << (r->createdBy.isEmpty() ? tr("started %1 ago").arg(DeploymentFormat::ago(r->createdAt, now))
                                     : tr("started %1 ago by %2").arg(DeploymentFormat::ago(r->createdAt, now), r->createdBy))
                 .toHtmlEscaped();
    if (r->isActive() && r->deadlineAt.isValid())
        facts << tr("next deadline %1").arg(QLocale().toString(r->deadlineAt.toLocalTime().time(), u"HH:mm"_s)).toHtmlEscaped();
    if (r->retryOf > 0)
        facts << tr("retry of #%1").arg(r->retryOf).toHtmlEscaped();
    if (r->supersededBy > 0)
        facts << tr("superseded by #%1").arg(r->supersededBy).toHtmlEscaped();
    m_subtitle->setText(facts.join(u" · "_s));
    m_subtitle->setToolTip(r->image);

    // Why it stopped or waits: the failing metric and its value first, then the daemon's words.
    QStringList verdict;
    const QColor stateColor = RolloutFormat::stateColor(r->state);
    if (!r->failingMetric.isEmpty()) {
        QString threshold;
        for (const RolloutMeasurement &m : r->measurements)
            if (m.metric == r->failingMetric && m.isFailure() && m.counted)
                threshold = m.threshold; // the newest one wins: measurements come oldest first
        const QString value = RolloutFormat::value(r->failingMetric, r->failingValue);
        const QString what = threshold.isEmpty()
                                 ? tr("Failing metric: %1 of the canary at %2").arg(RolloutFormat::metricName(r->failingMetric), value)
                                 : tr("Failing metric: %1 of the canary at %2, threshold %3")
                                       .arg(RolloutFormat::metricName(r->failingMetric), value, threshold);
        verdict << colored(stateColor, what, true);
    }
    if (r->state == RolloutState::Paused && !r->pauseReason.isEmpty())
        verdict << colored(stateColor, tr("Waiting: %1").arg(RolloutFormat::pauseReasonText(r->pauseReason)), true);
    if (!r->message.isEmpty())
        verdict << r->message.toHtmlEscaped();
    m_verdict->setText(verdict.join(u"<br>"_s));
    m_verdict->setStyleSheet(u"QLabel#rolloutVerdict { background:%1; border-left:4px solid %2; padding:4px 8px; }"_s.arg(
        BuildFormat::tint(stateColor).name(), stateColor.name()));
    m_verdict->setVisible(!verdict.isEmpty());

    m_steps->setSteps(r->steps, r->analysisStartedAt);
    m_steps->setVisible(r->hasDetail);

    const TrafficSplit &t = r->traffic;
    const QColor blue = BuildFormat::stateColor(BuildState::Running);
    const QString pods = t.byIngress ? QString()
                                     : u"<br>"_s + tr("%1 stable + %2 canary pods (%3 ready)")
                                                       .arg(t.stableReplicas).arg(t.canaryReplicas).arg(t.canaryReady).toHtmlEscaped();
    m_traffic->setText(u"<b>%1</b><br>%2 <b>%3</b> · %4 %5<br><span style='color:%6;'>%7</span>%8"_s.arg(
        tr("Traffic now").toHtmlEscaped(), colored(blue, tr("Canary")), units::percent(t.canaryWeight).toHtmlEscaped(),
        tr("Stable").toHtmlEscaped(), units::percent(t.stableWeight).toHtmlEscaped(), QLatin1String(Muted),
        RolloutFormat::trafficMode(t).toHtmlEscaped(), pods));
    m_traffic->setToolTip(t.precision);
    refreshActions();
}

void CanaryView::refreshCharts()
{
    if (!m_detail)
        return;
    const Rollout &r = *m_detail;
    const struct
    {
        MetricChart *chart;
        bool (RolloutMeasurement::*isMetric)() const;
        std::optional<double> threshold; // the daemon's unit
        QString thresholdName;
    } charts[] = {
        {m_successChart, &RolloutMeasurement::isSuccessRate,
         r.thresholds.known ? std::optional<double>(r.thresholds.minSuccessRatePercent / 100.0) : std::nullopt,
         tr("Threshold ≥ %1").arg(units::percent(r.thresholds.minSuccessRatePercent))},
        {m_latencyChart, &RolloutMeasurement::isLatency,
         r.thresholds.known ? std::optional<double>(r.thresholds.maxLatencyMs / 1000.0) : std::nullopt,
         tr("Threshold ≤ %1 ms").arg(r.thresholds.maxLatencyMs)},
    };
    for (const auto &c : charts) {
        const QList<QPointF> canary = r.series(c.isMetric, u"canary"_s);
        const QList<QPointF> stable = r.series(c.isMetric, u"stable"_s);
        if (canary.isEmpty() && stable.isEmpty()) {
            c.chart->clear(tr("no measurements yet"));
            continue;
        }
        c.chart->setReferenceNames(tr("Stable"), c.thresholdName);
        c.chart->setPoints(canary);
        c.chart->setRequestLine(stable);
        c.chart->setLimitLine(c.threshold ? MetricChart::level(span(canary, stable), *c.threshold) : QList<QPointF>());
    }
    if (r.thresholds.known)
        m_latencyChart->setToolTip(tr("p%1 latency of each track").arg(r.thresholds.latencyPercentile));

    // A success rate lives just under 100 %: show the band from a little below the lowest
    // figure (or the threshold) up to 100 %, so canary and stable can be told apart.
    double low = r.thresholds.known ? r.thresholds.minSuccessRatePercent / 100.0 : 1.0;
    for (const RolloutMeasurement &m : r.measurements)
        if (m.isSuccessRate() && m.value)
            low = std::min(low, *m.value);
    low = std::clamp(std::floor(low * 100.0 - 1.0) / 100.0, 0.0, 0.99);
    m_successChart->setValueRange(low, 1.0);
}

void CanaryView::refreshTimeline()
{
    const QList<RolloutTransition> timeline = m_detail ? m_detail->timeline : QList<RolloutTransition>();
    m_timelineTable->setRowCount(int(timeline.size()));
    // Newest first, like the measurements.
    for (int i = 0; i < timeline.size(); ++i) {
        const RolloutTransition &t = timeline.at(timeline.size() - 1 - i);
        const RolloutState to = rolloutStateFromString(t.to);
        const QString state = t.from.isEmpty() || t.from == t.to
                                  ? RolloutFormat::stateName(to)
                                  : tr("%1 → %2").arg(RolloutFormat::stateName(rolloutStateFromString(t.from)), RolloutFormat::stateName(to));
        const QStringList cells{clock(t.at), state, QString::number(t.step + 1), t.actor, t.reason};
        for (int c = 0; c < cells.size(); ++c) {
            auto *item = new QTableWidgetItem(cells.at(c));
            if (c == 1) {
                item->setForeground(RolloutFormat::stateColor(to));
                item->setData(Qt::DecorationRole, RolloutFormat::stateColor(to));
            }
            if (c == 4)
                item->setToolTip(t.reason);
            m_timelineTable->setItem(i, c, item);
        }
    }
    m_timelineTable->setItemDelegateForColumn(1, new StateMarkDelegate(m_timelineTable));
    const int failing = m_detail ? m_detail->failingMeasurements() : 0;
    const int count = m_measurements->rowCount();
    m_tabs->setTabText(0, failing > 0 ? tr("Measurements · %n", nullptr, count) + u" · "_s + tr("%n failing", nullptr, failing)
                                      : tr("Measurements · %n", nullptr, count));
    m_tabs->setTabText(1, tr("Timeline · %n", nullptr, int(timeline.size())));
}

void CanaryView::refreshActions()
{
    const bool idle = m_actionInFlight == 0;
    const Rollout *r = m_detail ? &*m_detail : nullptr;
    for (auto it = m_buttons.cbegin(); it != m_buttons.cend(); ++it) {
        const bool listed = r && r->allows(it.key());
        it.value()->setEnabled(idle && listed && m_operateDenied.isEmpty());
        QString tip;
        if (!m_operateDenied.isEmpty())
            tip = m_operateDenied;
        else if (!r)
            tip = m_selected > 0 ? tr("Loading the rollout…") : tr("Select a rollout first.");
        else if (!idle)
            tip = tr("Waiting for encliid's answer…");
        else if (!listed)
            tip = tr("Not possible while the rollout is %1.").arg(RolloutFormat::stateName(r->state).toLower());
        else
            tip = RolloutFormat::actionHint(it.key());
        it.value()->setToolTip(tip);
    }
}

void CanaryView::trigger(RolloutAction action)
{
    if (!m_detail || m_actionInFlight != 0)
        return;
    if (action == RolloutAction::Abort) {
        askAbortReason();
        return;
    }
    m_actionInFlight = m_detail->id;
    refreshActions();
    m_client->act(m_detail->id, rolloutActionName(action));
}

void CanaryView::askAbortReason()
{
    if (abortDialog())
        return;
    auto *dialog = new QInputDialog(this);
    dialog->setObjectName(u"abortReason"_s);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Abort rollout #%1").arg(m_detail->id));
    dialog->setLabelText(tr("Why abort the rollout of %1? All traffic goes back to the stable track and the canary is "
                            "removed. The reason goes into the timeline and the notification.").arg(m_detail->service));
    dialog->setOption(QInputDialog::UsePlainTextEditForTextInput);
    dialog->setOkButtonText(tr("Abort rollout"));
    dialog->setCancelButtonText(tr("Keep it running"));
    const qint64 id = m_detail->id;
    connect(dialog, &QInputDialog::textValueSelected, this, [this, id](const QString &text) {
        const QString reason = text.trimmed();
        if (reason.isEmpty()) {
            setMessage(tr("Not aborted: an abort needs a reason."), RolloutFormat::stateColor(RolloutState::Failed));
            return;
        }
        m_actionInFlight = id;
        refreshActions();
        m_client->act(id, rolloutActionName(RolloutAction::Abort), reason);
    });
    dialog->open();
}

void CanaryView::setMessage(const QString &text, const QColor &color)
{
    m_message->setText(text);
    m_message->setStyleSheet(u"color:%1;"_s.arg(color.name()));
    m_message->setVisible(!text.isEmpty());
}

} // namespace enclii::ui
