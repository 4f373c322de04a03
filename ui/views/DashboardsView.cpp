#include "DashboardsView.h"

#include "MetricChart.h"
#include "ScreenParts.h"
#include "ScreenStack.h"
#include "StateMarkDelegate.h"
#include "WaveStrip.h"
#include "models/DeploymentFormat.h"
#include "models/DeploymentTreeModel.h"
#include "models/EventFeedModel.h"
#include "models/PodTableModel.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>

namespace enclii::ui {

using namespace Qt::StringLiterals;
using parts::Muted;
using parts::colored;
using parts::sectionTitle;
using parts::setUpTable;

namespace {

QString shortDigest(const QString &digest)
{
    const qsizetype colon = digest.indexOf(u':');
    return colon < 0 ? digest.left(19) : digest.left(colon + 13);
}

std::optional<DriftItem> driftFrom(const QJsonValue &value)
{
    return DriftItem::fromJson(value.toObject());
}

} // namespace

DashboardsView::DashboardsView(DeploymentsClient *client, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
    , m_tree(new DeploymentTreeModel(this))
    , m_pods(new PodTableModel(this))
    , m_events(new EventFeedModel(this))
    , m_drift(new EventFeedModel(this))
    , m_headline(new QLabel(this))
    , m_live(new QLabel(this))
    , m_banner(new QLabel(this))
    , m_waves(new WaveStrip(this))
    , m_treeView(new QTreeView(this))
    , m_driftTitle(sectionTitle(tr("Drift"), this))
    , m_driftTable(new QTableView(this))
    , m_detailStack(new QStackedWidget(this))
    , m_title(new QLabel(this))
    , m_subtitle(new QLabel(this))
    , m_message(new QLabel(this))
    , m_podsTitle(sectionTitle(tr("Pods"), this))
    , m_podTable(new QTableView(this))
    , m_eventsTitle(sectionTitle(tr("Recent deploys and drift"), this))
    , m_eventTable(new QTableView(this))
    , m_tick(new QTimer(this))
{
    m_banner->setObjectName(u"simulatedBanner"_s);
    m_banner->setTextFormat(Qt::RichText);
    m_banner->setWordWrap(true);
    m_banner->setStyleSheet(u"QLabel#simulatedBanner { background:#eaf2fb; border:1px solid #b9d0ea; border-radius:4px;"
                            u" color:#1f4f85; padding:5px 10px; }"_s);
    m_banner->hide();

    QSplitter *panes = parts::listAndDetails(buildLeftPane(), buildDetailsPane(), 3, 7, 440, 1010, this);
    m_stack = parts::installContent(this, parts::headerRow(m_headline, m_live), {m_banner, m_waves, panes});

    connect(m_client, &DeploymentsClient::deploymentsReceived, this, &DashboardsView::onDeployments);
    connect(m_client, &DeploymentsClient::deploymentsFailed, this, &DashboardsView::onDeploymentsFailed);
    connect(m_client, &DeploymentsClient::deploymentUpdated, this, &DashboardsView::onDeploymentUpdated);
    connect(m_client, &DeploymentsClient::detailReceived, this, &DashboardsView::onDetail);
    connect(m_client, &DeploymentsClient::detailFailed, this, &DashboardsView::onDetailFailed);
    connect(m_client, &DeploymentsClient::metricsReceived, this, &DashboardsView::onMetrics);
    connect(m_client, &DeploymentsClient::metricsFailed, this, &DashboardsView::onMetricsFailed);
    connect(m_client, &DeploymentsClient::driftReceived, this, &DashboardsView::onDrift);
    connect(m_client, &DeploymentsClient::driftDetected, this, &DashboardsView::onDriftDetected);
    connect(m_client, &DeploymentsClient::clusterReceived, this, &DashboardsView::onCluster);
    connect(m_client, &DeploymentsClient::clusterFailed, this, [this](int status, const QString &message) {
        if (!m_hasCluster)
            m_waves->setToolTip(status == 404 ? tr("This encliid does not report its cluster yet.") : message);
    });
    connect(m_client, &DeploymentsClient::modeChanged, this, &DashboardsView::onModeChanged);
    connect(m_client->apiClient(), &ApiClient::stateChanged, this, &DashboardsView::onApiState);

    m_tick->setInterval(5000);
    connect(m_tick, &QTimer::timeout, this, [this] {
        m_pods->tick();
        m_events->tick();
        m_drift->tick();
    });
    m_tick->start();
    onApiState(m_client->apiClient()->state(), m_client->apiClient()->lastError());
    onModeChanged(m_client->mode(), {});
    refreshHeadline();
}

DashboardsView::~DashboardsView() = default;

QWidget *DashboardsView::buildLeftPane()
{
    m_treeView->setModel(m_tree);
    m_treeView->setAlternatingRowColors(true);
    m_treeView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_treeView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_treeView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_treeView->setUniformRowHeights(true);
    m_treeView->setItemDelegateForColumn(DeploymentTreeModel::StateColumn, new StateMarkDelegate(m_treeView));
    m_treeView->header()->setStretchLastSection(false);
    m_treeView->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_treeView->header()->setSectionResizeMode(DeploymentTreeModel::NameColumn, QHeaderView::Stretch);
    m_treeView->setIndentation(16);
    m_treeView->hideColumn(DeploymentTreeModel::ReleaseColumn); // the details say it; the names need the room
    m_treeView->setStyleSheet(u"QTreeView::item { padding: 2px 0; }"_s);
    // New apps open as they arrive: the tree is read at a glance, not unfolded by hand.
    connect(m_tree, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &parent, int first, int last) {
        if (!parent.isValid())
            for (int row = first; row <= last; ++row)
                m_treeView->expand(m_tree->index(row, 0));
    });
    connect(m_treeView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &DashboardsView::onCurrentChanged);

    m_driftTable->setModel(m_drift);
    setUpTable(m_driftTable);
    m_driftTable->setItemDelegateForColumn(EventFeedModel::TypeColumn, new StateMarkDelegate(m_driftTable));
    m_driftTable->hideColumn(EventFeedModel::TypeColumn); // every row is drift here
    connect(m_drift, &QAbstractItemModel::modelReset, this, [this] {
        m_driftTitle->setText(tr("Drift corrected · %n change(s)", nullptr, m_drift->rowCount()));
    });
    connect(m_drift, &QAbstractItemModel::rowsInserted, this, [this] {
        m_driftTitle->setText(tr("Drift corrected · %n change(s)", nullptr, m_drift->rowCount()));
    });
    m_driftTitle->setToolTip(tr("Changes made in the cluster by hand that encliid undid, newest first"));

    auto *drift = new QWidget(this);
    auto *driftLayout = new QVBoxLayout(drift);
    driftLayout->setContentsMargins(0, 6, 0, 0);
    driftLayout->setSpacing(4);
    driftLayout->addWidget(m_driftTitle);
    driftLayout->addWidget(m_driftTable, 1);

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_treeView);
    split->addWidget(drift);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    split->setSizes({560, 220});
    split->setChildrenCollapsible(false);
    return split;
}

QWidget *DashboardsView::buildDetailsPane()
{
    parts::setUpDetailTitles(m_title, m_subtitle);
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();

    const QColor blue = DeploymentFormat::stateColor(DeploymentState::Progressing);
    const QColor green = DeploymentFormat::stateColor(DeploymentState::Ready);
    const QColor red = DeploymentFormat::stateColor(DeploymentState::Failed);
    m_charts = {new MetricChart(tr("CPU"), MetricChart::Unit::Millicores, blue, this),
                new MetricChart(tr("Memory"), MetricChart::Unit::Bytes, QColor(0x6a, 0x3d, 0x9a), this),
                new MetricChart(tr("Requests"), MetricChart::Unit::PerSecond, green, this),
                new MetricChart(tr("Errors"), MetricChart::Unit::Ratio, red, this),
                new MetricChart(tr("Latency p95"), MetricChart::Unit::Seconds, QColor(0x8a, 0x5a, 0x00), this),
                new MetricChart(tr("Ready replicas"), MetricChart::Unit::Count, QColor(0x17, 0x7e, 0x89), this)};
    m_charts.at(int(Metric::Replicas))->setReferenceNames(tr("Desired"), QString());
    auto *grid = new QGridLayout;
    grid->setSpacing(6);
    for (int i = 0; i < m_charts.size(); ++i)
        grid->addWidget(m_charts.at(i), i / 3, i % 3);

    m_podTable->setModel(m_pods);
    setUpTable(m_podTable);
    m_podTable->setItemDelegateForColumn(PodTableModel::PhaseColumn, new StateMarkDelegate(m_podTable));
    m_eventTable->setModel(m_events);
    setUpTable(m_eventTable);
    m_eventTable->setItemDelegateForColumn(EventFeedModel::TypeColumn, new StateMarkDelegate(m_eventTable));
    m_eventTable->hideColumn(EventFeedModel::SubjectColumn); // all about the selected service

    const auto podsCount = [this] {
        const int pending = int(std::count_if(m_pods->pods().cbegin(), m_pods->pods().cend(),
                                              [](const PodStatus &p) { return p.isPending(); }));
        m_podsTitle->setText(pending > 0 ? tr("Pods · %n pod(s)", nullptr, m_pods->rowCount()) + u" · "_s
                                               + tr("%n Pending", nullptr, pending)
                                         : tr("Pods · %n pod(s)", nullptr, m_pods->rowCount()));
    };
    connect(m_pods, &QAbstractItemModel::modelReset, this, podsCount);
    connect(m_pods, &QAbstractItemModel::dataChanged, this, podsCount);

    auto *charts = new QWidget(this);
    charts->setLayout(grid);
    grid->setContentsMargins(0, 0, 0, 0);
    auto *pods = new QWidget(this);
    auto *podsLayout = new QVBoxLayout(pods);
    podsLayout->setContentsMargins(0, 4, 0, 0);
    podsLayout->setSpacing(4);
    podsLayout->addWidget(m_podsTitle);
    podsLayout->addWidget(m_podTable, 1);
    auto *events = new QWidget(this);
    auto *eventsLayout = new QVBoxLayout(events);
    eventsLayout->setContentsMargins(0, 4, 0, 0);
    eventsLayout->setSpacing(4);
    eventsLayout->addWidget(m_eventsTitle);
    eventsLayout->addWidget(m_eventTable, 1);
    // The charts first; pods and events below at full width, so a Pending pod's reason and
    // an event's message have room to be read.
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(charts);
    split->addWidget(pods);
    split->addWidget(events);
    split->setStretchFactor(0, 5);
    split->setStretchFactor(1, 2);
    split->setStretchFactor(2, 2);
    split->setSizes({430, 150, 190});
    split->setChildrenCollapsible(false);

    auto *details = new QWidget(this);
    auto *layout = new QVBoxLayout(details);
    layout->setContentsMargins(12, 0, 0, 0);
    layout->setSpacing(6);
    layout->addWidget(m_title);
    layout->addWidget(m_subtitle);
    layout->addWidget(m_message);
    layout->addWidget(split, 1);

    parts::addDetailPages(m_detailStack, details, tr("Select a component to see its pods, its metrics and its recent deploys."));
    return m_detailStack;
}

MetricChart *DashboardsView::chart(Metric metric) const
{
    return m_charts.value(int(metric));
}

bool DashboardsView::showsPlaceholder() const
{
    return m_stack->showsText();
}

QString DashboardsView::placeholderText() const
{
    return m_stack->text();
}

QString DashboardsView::headlineText() const
{
    return m_headline->text();
}

QString DashboardsView::liveText() const
{
    return m_live->text();
}

bool DashboardsView::showsSimulatedBanner() const
{
    return !m_banner->isHidden();
}

QString DashboardsView::bannerText() const
{
    return m_banner->text();
}

QString DashboardsView::detailTitle() const
{
    return m_title->text();
}

QString DashboardsView::detailSubtitle() const
{
    return m_subtitle->text();
}

QString DashboardsView::detailMessage() const
{
    return m_message->isHidden() ? QString() : m_message->text();
}

void DashboardsView::selectService(const QString &service)
{
    const QModelIndex index = m_tree->indexOf(service);
    if (index.isValid())
        m_treeView->setCurrentIndex(index);
}

void DashboardsView::markAnswered()
{
    if (m_answered)
        return;
    m_answered = true;
    emit answered();
}

void DashboardsView::onDeployments(const QJsonArray &items)
{
    m_tree->setDeployments(items);
    if (m_tree->deploymentCount() == 0)
        m_stack->showText(tr("Nothing is deployed yet.\n\nencliid's reconciler deploys the ecosystem wave by wave: the "
                          "platform first, then the apps. Their components appear here as they are applied."));
    else
        m_stack->showContent();
    selectDefault();
    refreshHeadline();
    refreshBanner();
    refreshWaves();
    refreshDetailHeader();
    markAnswered();
}

void DashboardsView::onDeploymentsFailed(int status, const QString &message)
{
    m_stack->showFailure(
        m_tree->hasLoaded() && m_tree->deploymentCount() > 0, m_live, status, message,
        {tr("encliid refused the sign-in for the deployments.\n\n%1\n\nSign in again (Console > Sign in…)."),
         tr("You may not see the deployments.\n\nencliid answered 403: reading deployments needs the catalog.read "
            "permission. Ask an admin for a role that has it.\n\n%1"),
         tr("This encliid does not report deployments yet.\n\n%1\n\nUpdate the daemon to follow the cluster here."),
         tr("Could not load the deployments.\n\n%1\n\nThe console tries again shortly.")});
    markAnswered();
}

void DashboardsView::onDeploymentUpdated(const QJsonObject &summary)
{
    const bool wasEmpty = m_tree->deploymentCount() == 0;
    if (!m_tree->upsert(summary))
        return;
    if (wasEmpty && m_tree->hasLoaded()) {
        m_stack->showContent();
        selectDefault();
    }
    refreshHeadline();
    refreshBanner();
    refreshWaves();
    if (summary.value("service"_L1).toString() == m_selected)
        refreshDetailHeader();
}

void DashboardsView::onDetail(const QJsonObject &json)
{
    std::optional<Deployment> d = Deployment::fromJson(json);
    if (!d || d->service != m_selected)
        return;
    m_detail = std::move(d);
    m_detailError.clear();
    m_pods->setPods(m_detail->pods);
    m_events->setEvents(m_detail->events);
    refreshDetailHeader();
    refreshCharts();
}

void DashboardsView::onDetailFailed(const QString &service, int status, const QString &message)
{
    if (service != m_selected)
        return;
    if (status == 403)
        m_detailError = tr("You may not see the pods of %1: reading them needs the catalog.read permission in its "
                           "project. Ask an admin or the project's owner.").arg(service);
    else if (status == 404)
        m_detailError = tr("encliid no longer knows %1: it may have been removed from the ecosystem.").arg(service);
    else
        m_detailError = tr("Could not load the details of %1: %2").arg(service, message);
    refreshDetailHeader();
}

void DashboardsView::onMetrics(const QString &service, const QJsonObject &json)
{
    if (service != m_selected)
        return;
    m_metrics = DeploymentMetrics::fromJson(json);
    m_hasMetrics = true;
    refreshCharts();
}

void DashboardsView::onMetricsFailed(const QString &service, int status, const QString &message)
{
    if (service != m_selected || m_hasMetrics)
        return; // charts already drawn stay; the next answer brings them up to date
    const QString why = status == 404   ? tr("this encliid keeps no metrics")
                        : status == 403 ? tr("reading metrics needs catalog.read")
                                        : tr("could not load (%1)").arg(message);
    for (MetricChart *chart : std::as_const(m_charts))
        chart->clear(why);
}

void DashboardsView::onDrift(const QJsonArray &items)
{
    QList<DriftItem> drift;
    for (const QJsonValue &v : items) {
        if (drift.size() >= EventFeedModel::maxEntries())
            break;
        if (const std::optional<DriftItem> item = driftFrom(v))
            drift.append(*item);
    }
    m_drift->setDrift(drift);
}

void DashboardsView::onDriftDetected(const QJsonObject &json)
{
    if (const std::optional<DriftItem> item = driftFrom(json)) {
        m_drift->addDrift(*item);
        m_driftTable->scrollToTop();
    }
}

void DashboardsView::onCluster(const QJsonObject &json)
{
    m_cluster = ClusterStatus::fromJson(json);
    m_hasCluster = true;
    m_waves->setToolTip(QString());
    refreshBanner();
    refreshWaves();
}

void DashboardsView::onApiState(ApiClient::State state, const QString &error)
{
    if (m_tree->hasLoaded())
        return; // the data on screen speaks; the header shows whether it is live
    m_stack->showConnection(state, m_client->apiClient()->baseUrl().toDisplayString(), error,
                            tr("Loading the deployments from %1…"));
}

void DashboardsView::onModeChanged(DeploymentsClient::Mode mode, const QString &detail)
{
    m_live->setText(ScreenStack::followModeHtml(mode, m_client->pollInterval()));
    m_live->setToolTip(detail);
}

void DashboardsView::onCurrentChanged(const QModelIndex &current)
{
    if (current.isValid() && current.data(DeploymentTreeModel::IsAppRole).toBool()) {
        // An app stands for its components: show its first one.
        if (m_tree->rowCount(current.siblingAtColumn(0)) > 0)
            m_treeView->setCurrentIndex(m_tree->index(0, 0, current.siblingAtColumn(0)));
        return;
    }
    const QString service = current.isValid() ? current.data(DeploymentTreeModel::ServiceRole).toString() : QString();
    if (service == m_selected)
        return;
    m_selected = service;
    m_detail.reset();
    m_detailError.clear();
    m_metrics = {};
    m_hasMetrics = false;
    m_pods->clear();
    m_events->clear();
    for (MetricChart *chart : std::as_const(m_charts))
        chart->clear(tr("loading…"));
    m_message->hide();
    m_client->follow(service);
    refreshDetailHeader();
}

void DashboardsView::selectDefault()
{
    if (!m_selected.isEmpty() && m_tree->deployment(m_selected))
        return;
    // Nobody picked one yet: the first component that needs attention, else the first.
    QString pick;
    for (int a = 0; a < m_tree->rowCount() && pick.isEmpty(); ++a) {
        const QModelIndex app = m_tree->index(a, 0);
        for (int c = 0; c < m_tree->rowCount(app); ++c) {
            const QModelIndex component = m_tree->index(c, 0, app);
            if (DeploymentState(component.data(DeploymentTreeModel::StateRole).toInt()) != DeploymentState::Ready) {
                pick = component.data(DeploymentTreeModel::ServiceRole).toString();
                break;
            }
        }
    }
    if (pick.isEmpty() && m_tree->rowCount() > 0 && m_tree->rowCount(m_tree->index(0, 0)) > 0)
        pick = m_tree->index(0, 0, m_tree->index(0, 0)).data(DeploymentTreeModel::ServiceRole).toString();
    if (!pick.isEmpty())
        selectService(pick);
}

void DashboardsView::refreshHeadline()
{
    const DeploymentTreeModel::Summary s = m_tree->summary();
    QStringList parts{tr("%n component(s)", nullptr, s.components),
                      colored(DeploymentFormat::stateColor(DeploymentState::Ready), tr("%n ready", nullptr, s.ready))};
    const auto add = [&parts](int count, DeploymentState state, const QString &text) {
        if (count > 0)
            parts << colored(DeploymentFormat::stateColor(state), text);
    };
    add(s.progressing, DeploymentState::Progressing, tr("%n progressing", nullptr, s.progressing));
    add(s.pending, DeploymentState::Pending, tr("%n pending", nullptr, s.pending));
    add(s.degraded, DeploymentState::Degraded, tr("%n degraded", nullptr, s.degraded));
    add(s.failed, DeploymentState::Failed, tr("%n failed", nullptr, s.failed));
    m_headline->setText(u"<b>%1</b> &nbsp;<span style='color:%2;'>%3</span>"_s.arg(
        tr("%n app(s)", nullptr, int(m_tree->rowCount())).toHtmlEscaped(), QLatin1String(Muted), parts.join(u" · "_s)));
}

void DashboardsView::refreshBanner()
{
    const bool simulated = (m_hasCluster && m_cluster.simulated) || m_tree->anySimulated();
    m_banner->setVisible(simulated);
    if (!simulated)
        return;
    QString text = u"<b>%1</b> "_s.arg(tr("Simulated cluster.").toHtmlEscaped())
                   + tr("encliid deploys into its built-in simulation: pods, nodes and metrics are generated, not "
                        "measured on real machines.").toHtmlEscaped();
    if (!m_cluster.server.isEmpty())
        text += u" "_s + tr("Server: %1.").arg(m_cluster.server).toHtmlEscaped();
    if (!m_cluster.leader.isEmpty())
        text += u" "_s + tr("Reconciling: %1.").arg(m_cluster.leader).toHtmlEscaped();
    m_banner->setText(text);
}

void DashboardsView::refreshWaves()
{
    QList<WaveProgress> waves;
    QList<QStringList> services;
    for (const DeployWave &w : std::as_const(m_cluster.waves)) {
        waves.append({w.name, w.state, m_tree->readyCount(w.services), int(w.services.size()), w.deadline});
        services.append(w.services);
    }
    m_waves->setWaves(waves, services);
}

void DashboardsView::refreshDetailHeader()
{
    const Deployment *d = m_tree->deployment(m_selected);
    if (!d) {
        m_detailStack->setCurrentIndex(0);
        return;
    }
    m_detailStack->setCurrentIndex(1);
    m_title->setText(d->service);
    QStringList facts;
    facts << u"<span style='color:%1; font-weight:bold;'>%2</span>"_s.arg(DeploymentFormat::stateColor(d->state).name(),
                                                                          DeploymentFormat::stateName(d->state).toHtmlEscaped());
    facts << tr("%1 of %n replica(s) ready", nullptr, d->desiredReplicas).arg(d->readyReplicas);
    facts << tr("app %1").arg(d->project.toHtmlEscaped());
    if (!d->namespaceName.isEmpty())
        facts << tr("namespace %1").arg(d->namespaceName.toHtmlEscaped());
    if (!d->wave.isEmpty())
        facts << tr("wave %1").arg(d->wave.toHtmlEscaped());
    if (d->release.id > 0)
        facts << tr("release #%1 <code>%2</code>").arg(d->release.id).arg(shortDigest(d->release.digest).toHtmlEscaped());
    else
        facts << tr("no release yet");
    if (d->lastAppliedAt.isValid())
        facts << tr("applied %1 ago").arg(DeploymentFormat::ago(d->lastAppliedAt, QDateTime::currentDateTimeUtc()));
    QString subtitle = facts.join(u" · "_s);
    if (d->lastDrift)
        subtitle += u"<br>"_s + colored(DeploymentFormat::eventTypeColor(u"drift"_s),
                                        tr("Last drift %1 ago: %2")
                                            .arg(DeploymentFormat::ago(d->lastDrift->at, QDateTime::currentDateTimeUtc()),
                                                 DeploymentFormat::driftSentence(*d->lastDrift)));
    m_subtitle->setText(subtitle);
    m_subtitle->setToolTip(d->release.image);

    // Why it is not ready, in the scheduler's or the controller's words; a failed fetch first.
    QString why = d->state == DeploymentState::Ready ? QString() : d->explanation();
    QColor color = DeploymentFormat::stateColor(d->state);
    const QList<PodStatus> pods = m_detail ? m_detail->pods : QList<PodStatus>();
    for (const PodStatus &pod : pods)
        if (pod.isPending() && !pod.reason.isEmpty()) {
            why = tr("Pod %1 is Pending: %2").arg(pod.name, pod.reason);
            color = DeploymentFormat::stateColor(DeploymentState::Pending);
            break;
        }
    if (!m_detailError.isEmpty())
        setDetailMessage(m_detailError, DeploymentFormat::stateColor(DeploymentState::Failed));
    else
        setDetailMessage(why, color);
}

void DashboardsView::setDetailMessage(const QString &text, const QColor &color)
{
    m_message->setText(text);
    m_message->setStyleSheet(u"color:%1;"_s.arg(color.name()));
    m_message->setVisible(!text.isEmpty());
}

void DashboardsView::refreshCharts()
{
    if (!m_hasMetrics)
        return;
    const QList<QPointF> replicas = m_metrics.points(DeploymentMetrics::readyReplicas());
    const int readyNow = m_detail ? m_detail->readyReplicas : 0;
    // What the pods ask for together: one pod's figure times the pods ready at each moment.
    const auto reference = [&](const QList<QPointF> &used, qint64 perPod) {
        if (!m_detail || perPod < 0)
            return QList<QPointF>();
        return replicas.isEmpty() ? MetricChart::level(used, double(perPod) * readyNow)
                                  : MetricChart::perPodTimesReplicas(replicas, double(perPod));
    };
    const auto show = [this](Metric metric, QLatin1String name) {
        MetricChart *chart = m_charts.at(int(metric));
        const QList<QPointF> points = m_metrics.points(name);
        if (points.isEmpty())
            chart->clear(tr("no samples yet"));
        else
            chart->setPoints(points);
        return points;
    };
    const QList<QPointF> cpu = show(Metric::Cpu, DeploymentMetrics::cpu());
    m_charts.at(int(Metric::Cpu))->setRequestLine(reference(cpu, m_detail ? m_detail->requests.cpuMillicores : -1));
    m_charts.at(int(Metric::Cpu))->setLimitLine(reference(cpu, m_detail ? m_detail->limits.cpuMillicores : -1));
    const QList<QPointF> memory = show(Metric::Memory, DeploymentMetrics::memory());
    m_charts.at(int(Metric::Memory))->setRequestLine(reference(memory, m_detail ? m_detail->requests.memoryBytes : -1));
    m_charts.at(int(Metric::Memory))->setLimitLine(reference(memory, m_detail ? m_detail->limits.memoryBytes : -1));
    show(Metric::Requests, DeploymentMetrics::requestRate());
    show(Metric::Errors, DeploymentMetrics::errorRatio());
    show(Metric::Latency, DeploymentMetrics::latencyP95());
    const QList<QPointF> ready = show(Metric::Replicas, DeploymentMetrics::readyReplicas());
    const Deployment *d = m_tree->deployment(m_selected);
    m_charts.at(int(Metric::Replicas))->setRequestLine(d ? MetricChart::level(ready, d->desiredReplicas) : QList<QPointF>());
}

} // namespace enclii::ui
