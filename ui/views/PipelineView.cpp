#include "PipelineView.h"

#include "BuildDurationChart.h"
#include "BuildStageBar.h"
#include "ScreenParts.h"
#include "ScreenStack.h"
#include "StateMarkDelegate.h"
#include "client/Session.h"
#include "models/BuildFilterModel.h"
#include "models/BuildFormat.h"
#include "models/BuildLogModel.h"
#include "models/BuildStepsModel.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QListView>
#include <QLocale>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace enclii::ui {

using namespace Qt::StringLiterals;
using parts::Muted;

namespace {

constexpr int FollowSlackPx = 4; // this close to the bottom still counts as "at the end"

QLabel *card(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(u"pipelineCard"_s);
    label->setTextFormat(Qt::RichText);
    label->setWordWrap(true);
    label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setMargin(10);
    label->setMinimumHeight(84);
    label->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    return label;
}

QString cardHtml(const QString &title, const QStringList &lines)
{
    QString html = u"<div style='color:%1; font-size:small; font-weight:bold; letter-spacing:1px;'>%2</div>"_s.arg(
        QLatin1String(Muted), title.toUpper().toHtmlEscaped());
    for (const QString &line : lines)
        html += u"<div style='margin-top:3px;'>%1</div>"_s.arg(line);
    return html;
}

QString dot(const QColor &color)
{
    return u"<span style='color:%1;'>●</span>"_s.arg(color.name());
}

QString shortDigest(const QString &digest)
{
    const qsizetype colon = digest.indexOf(u':');
    return colon < 0 ? digest.left(19) : digest.left(colon + 13);
}

QString sizeText(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

} // namespace

PipelineView::PipelineView(BuildsClient *client, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
    , m_builds(new BuildListModel(this))
    , m_filter(new BuildFilterModel(this))
    , m_steps(new BuildStepsModel(this))
    , m_log(new BuildLogModel(this))
    , m_headline(new QLabel(this))
    , m_live(new QLabel(this))
    , m_projectFilter(new QComboBox(this))
    , m_stateFilter(new QComboBox(this))
    , m_filterCount(new QLabel(this))
    , m_table(new QTableView(this))
    , m_chart(new BuildDurationChart(this))
    , m_detailsStack(new QStackedWidget(this))
    , m_buildTitle(new QLabel(this))
    , m_buildSubtitle(new QLabel(this))
    , m_cancel(new QPushButton(tr("Cancel build"), this))
    , m_retry(new QPushButton(tr("Retry build"), this))
    , m_message(new QLabel(this))
    , m_stageBar(new BuildStageBar(m_steps, this))
    , m_imageCard(card(this))
    , m_sbomCard(card(this))
    , m_signatureCard(card(this))
    , m_logTitle(new QLabel(this))
    , m_logStack(new QStackedWidget(this))
    , m_logView(new QListView(this))
    , m_tick(new QTimer(this))
    , m_chartTimer(new QTimer(this))
{
    m_filter->setSourceModel(m_builds);
    setStyleSheet(u"QLabel#pipelineCard { border: 1px solid #d5dbe3; border-radius: 6px; background: #fbfcfd; }"_s);

    // The header says what is going on and whether it is live. The list needs its columns;
    // the details get the rest.
    QSplitter *panes = parts::listAndDetails(buildListPane(), detailsPane(), 4, 5, 600, 850, this);
    m_stack = parts::installContent(this, parts::headerRow(m_headline, m_live), {panes});

    connect(m_client, &BuildsClient::buildsReceived, this, &PipelineView::onBuilds);
    connect(m_client, &BuildsClient::buildsFailed, this, &PipelineView::onBuildsFailed);
    connect(m_client, &BuildsClient::buildUpdated, this, &PipelineView::onBuildUpdated);
    connect(m_client, &BuildsClient::logLinesReceived, this,
            [this](qint64 id, const QJsonArray &lines) { m_log->append(id, lines); });
    connect(m_client, &BuildsClient::logFailed, this, [this](qint64 id, int, const QString &message) {
        if (id == m_selected)
            setMessage(tr("Could not read the log: %1").arg(message), true);
    });
    connect(m_client, &BuildsClient::actionFinished, this, &PipelineView::onAction);
    connect(m_client, &BuildsClient::modeChanged, this, &PipelineView::onModeChanged);
    ApiClient *api = m_client->apiClient();
    connect(api, &ApiClient::stateChanged, this, &PipelineView::onApiState);
    if (Session *session = api->session()) {
        connect(session, &Session::userChanged, this, &PipelineView::refreshActions);
        connect(session, &Session::stateChanged, this, &PipelineView::refreshActions);
    }

    connect(m_builds, &QAbstractItemModel::rowsInserted, this, [this] { refreshProjects(); refreshHeadline(); scheduleChart(); });
    connect(m_builds, &QAbstractItemModel::rowsRemoved, this, [this] { refreshProjects(); refreshHeadline(); scheduleChart(); });
    connect(m_builds, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex &from, const QModelIndex &to) {
        const int row = m_builds->rowOf(m_selected);
        if (row >= from.row() && row <= to.row())
            refreshDetails();
        refreshHeadline();
        scheduleChart();
    });
    connect(m_filter, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_selected == 0 && m_filter->rowCount() > 0)
            m_table->selectRow(0); // follow the newest build until the reader picks one
    });

    m_tick->setInterval(1000);
    connect(m_tick, &QTimer::timeout, this, [this] {
        m_builds->tick();
        m_steps->tick();
    });
    m_tick->start();
    m_chartTimer->setSingleShot(true);
    m_chartTimer->setInterval(200); // progress events come in bursts; one redraw per burst
    connect(m_chartTimer, &QTimer::timeout, this, [this] {
        const QList<BuildDuration> durations = m_builds->finishedDurations(m_filter->project());
        if (durations != m_chartedDurations || m_chart->pointCount() != durations.size()) {
            m_chartedDurations = durations;
            m_chart->setDurations(durations);
        }
    });

    refreshHeadline();
    refreshDetails();
    onApiState(api->state(), api->lastError());
    onModeChanged(m_client->mode(), {});
}

PipelineView::~PipelineView() = default;

QWidget *PipelineView::buildListPane()
{
    m_projectFilter->addItem(tr("All apps"), QString());
    m_projectFilter->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_stateFilter->addItem(tr("All states"), QVariantList{});
    m_stateFilter->addItem(tr("Queued or running"), QVariantList{int(BuildState::Queued), int(BuildState::Running)});
    for (BuildState s : {BuildState::Succeeded, BuildState::Failed, BuildState::Cancelled})
        m_stateFilter->addItem(BuildFormat::stateName(s), QVariantList{int(s)});
    connect(m_projectFilter, &QComboBox::currentIndexChanged, this, [this] {
        m_filter->setProject(m_projectFilter->currentData().toString());
        scheduleChart();
        refreshHeadline();
    });
    connect(m_stateFilter, &QComboBox::currentIndexChanged, this, [this] {
        QSet<BuildState> states;
        for (const QVariant &v : m_stateFilter->currentData().toList())
            states.insert(BuildState(v.toInt()));
        m_filter->setStates(states);
        refreshHeadline();
    });
    m_filterCount->setStyleSheet(u"color:%1;"_s.arg(QLatin1String(Muted)));

    auto *filters = new QHBoxLayout;
    auto *appLabel = new QLabel(tr("App:"), this);
    auto *stateLabel = new QLabel(tr("State:"), this);
    appLabel->setBuddy(m_projectFilter);
    stateLabel->setBuddy(m_stateFilter);
    filters->addWidget(appLabel);
    filters->addWidget(m_projectFilter);
    filters->addSpacing(12);
    filters->addWidget(stateLabel);
    filters->addWidget(m_stateFilter);
    filters->addStretch(1);
    filters->addWidget(m_filterCount);

    m_table->setModel(m_filter);
    m_table->setSortingEnabled(false); // newest first is the order that matters here
    m_table->setAlternatingRowColors(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 10);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(BuildListModel::ServiceColumn, QHeaderView::Stretch);
    m_table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_table->setShowGrid(false);
    m_table->setItemDelegateForColumn(BuildListModel::StateColumn, new StateMarkDelegate(m_table));
    m_table->setWordWrap(false);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &PipelineView::onCurrentRowChanged);

    m_chart->setMinimumHeight(300);
    auto *split = new QSplitter(Qt::Vertical, this);
    auto *top = new QWidget(this);
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addLayout(filters);
    topLayout->addWidget(m_table, 1);
    split->addWidget(top);
    split->addWidget(m_chart);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setSizes({540, 360});
    split->setChildrenCollapsible(false);
    return split;
}

QWidget *PipelineView::detailsPane()
{
    parts::setUpDetailTitles(m_buildTitle, m_buildSubtitle);
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    m_message->hide();

    connect(m_cancel, &QPushButton::clicked, this, [this] {
        m_actionInFlight = m_selected;
        refreshActions();
        m_client->cancel(m_selected);
    });
    connect(m_retry, &QPushButton::clicked, this, [this] {
        m_actionInFlight = m_selected;
        refreshActions();
        m_client->retry(m_selected);
    });

    auto *titleRow = new QHBoxLayout;
    auto *titles = new QVBoxLayout;
    titles->setSpacing(2);
    titles->addWidget(m_buildTitle);
    titles->addWidget(m_buildSubtitle);
    titleRow->addLayout(titles, 1);
    titleRow->addWidget(m_cancel, 0, Qt::AlignTop);
    titleRow->addWidget(m_retry, 0, Qt::AlignTop);

    auto *cards = new QHBoxLayout;
    cards->setSpacing(10);
    cards->addWidget(m_imageCard, 3);
    cards->addWidget(m_sbomCard, 3);
    cards->addWidget(m_signatureCard, 2);

    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_logView->setFont(mono);
    m_logView->setUniformItemSizes(true);
    m_logView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_logView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_logView->setStyleSheet(u"QListView { background: #fbfcfd; }"_s);
    m_logView->setModel(m_log);
    // Follow the end while the reader is there; stay put once they scroll up to read.
    QScrollBar *bar = m_logView->verticalScrollBar();
    connect(bar, &QScrollBar::valueChanged, this, [this, bar](int value) {
        m_followTail = value >= bar->maximum() - FollowSlackPx;
    });
    connect(bar, &QScrollBar::rangeChanged, this, [this, bar](int, int max) {
        if (m_followTail)
            bar->setValue(max);
    });
    connect(m_log, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_followTail)
            m_logView->scrollToBottom();
        m_logTitle->setText(m_log->droppedLines() > 0
                                ? tr("Log · %n line(s) · the %1 earliest not kept", nullptr, m_log->rowCount()).arg(m_log->droppedLines())
                                : tr("Log · %n line(s)", nullptr, m_log->rowCount()));
    });
    connect(m_log, &QAbstractItemModel::modelReset, this, [this] {
        m_followTail = true;
        m_logTitle->setText(tr("Log"));
    });
    QFont logTitleFont = m_logTitle->font();
    logTitleFont.setBold(true);
    m_logTitle->setFont(logTitleFont);
    m_logTitle->setText(tr("Log"));

    auto *noLines = new QLabel(tr("No log lines for this build yet."), this);
    noLines->setAlignment(Qt::AlignCenter);
    noLines->setStyleSheet(u"color:%1; background:#fbfcfd; border:1px solid #d5dbe3;"_s.arg(QLatin1String(Muted)));
    m_logStack->addWidget(noLines);
    m_logStack->addWidget(m_logView);
    const auto showLogOrNote = [this] { m_logStack->setCurrentIndex(m_log->rowCount() > 0 ? 1 : 0); };
    connect(m_log, &QAbstractItemModel::rowsInserted, this, showLogOrNote);
    connect(m_log, &QAbstractItemModel::modelReset, this, showLogOrNote);

    auto *details = new QWidget(this);
    auto *layout = new QVBoxLayout(details);
    layout->setContentsMargins(12, 0, 0, 0);
    layout->setSpacing(10);
    layout->addLayout(titleRow);
    layout->addWidget(m_message);
    layout->addWidget(m_stageBar);
    layout->addLayout(cards);
    layout->addWidget(m_logTitle);
    layout->addWidget(m_logStack, 1);

    parts::addDetailPages(m_detailsStack, details, tr("Select a build to follow its stages and its log."));
    return m_detailsStack;
}

bool PipelineView::showsPlaceholder() const
{
    return m_stack->showsText();
}

QString PipelineView::placeholderText() const
{
    return m_stack->text();
}

QString PipelineView::headlineText() const
{
    return m_headline->text();
}

QString PipelineView::liveText() const
{
    return m_live->text();
}

QString PipelineView::messageText() const
{
    return m_message->isHidden() ? QString() : m_message->text();
}

QString PipelineView::artifactsText() const
{
    return QStringList{m_imageCard->text(), m_sbomCard->text(), m_signatureCard->text()}.join(u'\n');
}

void PipelineView::selectBuild(qint64 id)
{
    const int sourceRow = m_builds->rowOf(id);
    const QModelIndex index = m_filter->mapFromSource(m_builds->index(sourceRow, 0));
    if (index.isValid())
        m_table->selectRow(index.row());
}

void PipelineView::setPlaceholder(const QString &text)
{
    m_stack->showText(text);
}

void PipelineView::showContent()
{
    m_stack->showContent();
}

void PipelineView::markAnswered()
{
    if (m_answered)
        return;
    m_answered = true;
    emit answered();
}

void PipelineView::onBuilds(const QJsonArray &items)
{
    m_builds->setBuilds(items);
    if (m_builds->rowCount() == 0)
        setPlaceholder(tr("No builds yet.\n\nRoundhouse builds a service when its repository's webhook reports a push, "
                          "or when someone with builds.trigger starts one. They appear here as they happen."));
    else
        showContent();
    refreshProjects();
    refreshHeadline();
    scheduleChart();
    markAnswered();
}

void PipelineView::onBuildsFailed(int status, const QString &message)
{
    m_stack->showFailure(
        m_builds->hasLoaded() && m_builds->rowCount() > 0, m_live, status, message,
        {tr("encliid refused the sign-in for the builds.\n\n%1\n\nSign in again (Console > Sign in…)."),
         tr("You may not see the builds.\n\nencliid answered 403: reading builds needs the catalog.read "
            "permission. Ask an admin for a role that has it.\n\n%1"),
         tr("This encliid does not serve builds yet.\n\n%1\n\nUpdate the daemon to follow the pipeline here."),
         tr("Could not load the builds.\n\n%1\n\nThe console tries again shortly.")});
    markAnswered();
}

void PipelineView::onBuildUpdated(const QJsonObject &json)
{
    const bool wasEmpty = m_builds->rowCount() == 0;
    if (!m_builds->upsert(json))
        return;
    if (wasEmpty && m_builds->hasLoaded())
        showContent();
    if (json.value("id"_L1).toInteger() == m_selected)
        refreshDetails();
}

void PipelineView::onAction(qint64 buildId, BuildsClient::Action action, int status, const QString &message)
{
    if (buildId == m_actionInFlight)
        m_actionInFlight = 0;
    const Build *build = m_builds->build(buildId);
    const QString project = build ? build->project : QString();
    const bool cancel = action == BuildsClient::Action::Cancel;
    if (status >= 200 && status < 300)
        setMessage(cancel ? tr("Build #%1: cancel requested.").arg(buildId) : tr("Build #%1 is queued again.").arg(buildId), false);
    else if (status == 403)
        setMessage(cancel ? tr("You lack the role to cancel builds in %1: it takes the builds.trigger permission. "
                               "Ask an admin or the project's owner.").arg(project)
                          : tr("You lack the role to retry builds in %1: it takes the builds.trigger permission. "
                               "Ask an admin or the project's owner.").arg(project),
                   true);
    else
        setMessage(cancel ? tr("Could not cancel build #%1: %2").arg(buildId).arg(message)
                          : tr("Could not retry build #%1: %2").arg(buildId).arg(message),
                   true);
    refreshActions();
}

void PipelineView::onApiState(ApiClient::State state, const QString &error)
{
    if (m_builds->hasLoaded())
        return; // the data on screen speaks; the header shows whether it is live
    m_stack->showConnection(state, m_client->apiClient()->baseUrl().toDisplayString(), error,
                            tr("Loading the builds from %1…"));
}

void PipelineView::onModeChanged(BuildsClient::Mode mode, const QString &detail)
{
    m_live->setText(ScreenStack::followModeHtml(mode, m_client->pollInterval()));
    m_live->setToolTip(detail);
}

void PipelineView::onCurrentRowChanged()
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    const qint64 id = current.isValid() ? current.data(BuildListModel::BuildIdRole).toLongLong() : 0;
    if (id == m_selected)
        return;
    m_selected = id;
    m_log->setBuild(id);
    m_message->hide();
    m_client->follow(id);
    refreshDetails();
}

void PipelineView::refreshProjects()
{
    const QStringList projects = m_builds->projects();
    QStringList shown;
    for (int i = 1; i < m_projectFilter->count(); ++i)
        shown << m_projectFilter->itemData(i).toString();
    if (shown == projects)
        return;
    const QString current = m_projectFilter->currentData().toString();
    const QSignalBlocker block(m_projectFilter);
    while (m_projectFilter->count() > 1)
        m_projectFilter->removeItem(1);
    for (const QString &p : projects)
        m_projectFilter->addItem(p, p);
    m_projectFilter->setCurrentIndex(std::max(0, m_projectFilter->findData(current)));
}

void PipelineView::refreshHeadline()
{
    int running = 0, queued = 0, succeeded = 0, failed = 0;
    const QString project = m_filter->project();
    for (const Build &b : m_builds->builds()) {
        if (!project.isEmpty() && b.project != project)
            continue;
        running += b.state == BuildState::Running;
        queued += b.state == BuildState::Queued;
        succeeded += b.state == BuildState::Succeeded;
        failed += b.state == BuildState::Failed;
    }
    const QString scope = project.isEmpty() ? tr("All apps") : project;
    m_headline->setText(u"<b>%1</b> &nbsp;<span style='color:%2;'>%3 · %4 · %5 · %6</span>"_s.arg(
        scope.toHtmlEscaped(), QLatin1String(Muted), tr("%n running", nullptr, running), tr("%n queued", nullptr, queued),
        tr("%n succeeded", nullptr, succeeded), tr("%n failed", nullptr, failed)));
    m_filterCount->setText(tr("%1 of %n build(s)", nullptr, m_builds->rowCount()).arg(m_filter->rowCount()));
}

void PipelineView::refreshDetails()
{
    const Build *build = m_builds->build(m_selected);
    if (!build) {
        m_steps->clear();
        m_detailsStack->setCurrentIndex(0);
        refreshActions();
        return;
    }
    m_detailsStack->setCurrentIndex(1);
    m_steps->setBuild(*build);
    m_buildTitle->setText(tr("%1 · build #%2").arg(build->service).arg(build->id));
    QStringList facts;
    facts << u"<span style='color:%1; font-weight:bold;'>%2</span>"_s.arg(BuildFormat::stateColor(build->state).name(),
                                                                          BuildFormat::stateName(build->state).toHtmlEscaped());
    facts << tr("commit <code>%1</code> on %2").arg(build->shortCommit().toHtmlEscaped(), build->branch().toHtmlEscaped());
    facts << BuildFormat::reasonName(build->reason).toHtmlEscaped();
    if (build->maxAttempts > 0)
        facts << tr("attempt %1 of %2").arg(build->attempts).arg(build->maxAttempts);
    if (!build->project.isEmpty())
        facts << tr("app %1").arg(build->project.toHtmlEscaped());
    if (!build->leaseOwner.isEmpty() && build->isActive())
        facts << tr("on %1").arg(build->leaseOwner.toHtmlEscaped());
    QString subtitle = facts.join(u" · "_s);
    if (!build->lastError.isEmpty())
        subtitle += u"<br><span style='color:%1;'>%2</span>"_s.arg(BuildFormat::stateColor(BuildState::Failed).name(),
                                                                    tr("Last error: %1").arg(build->lastError).toHtmlEscaped());
    m_buildSubtitle->setText(subtitle);
    m_buildSubtitle->setToolTip(build->repo);
    refreshArtifacts(*build);
    refreshActions();
}

void PipelineView::refreshArtifacts(const Build &b)
{
    const QString none = u"<span style='color:%1;'>%2</span>"_s.arg(QLatin1String(Muted));
    QStringList image;
    if (b.image.isEmpty()) {
        image << none.arg(tr("Not pushed yet").toHtmlEscaped());
    } else {
        image << u"<code>%1</code>"_s.arg(shortDigest(b.image.digest).toHtmlEscaped());
        if (b.image.sizeBytes >= 0)
            image << sizeText(b.image.sizeBytes);
        image << u"<span style='color:%1;'>%2</span>"_s.arg(QLatin1String(Muted), b.image.reference.section(u'@', 0, 0).toHtmlEscaped());
    }
    if (b.release.id > 0)
        image << tr("Release #%1").arg(b.release.id);
    m_imageCard->setText(cardHtml(tr("Image"), image));
    m_imageCard->setToolTip(b.image.reference);

    QStringList sbom;
    if (!b.sbom.present) {
        sbom << none.arg(tr("No SBOM yet").toHtmlEscaped());
    } else {
        sbom << tr("<b>%n package(s)</b>", nullptr, b.sbom.packages) + u" · "_s + tr("%n licence(s)", nullptr, b.sbom.licenses);
        QStringList types;
        for (const auto &[type, count] : b.sbom.byType.mid(0, 5))
            types << u"%1 %2"_s.arg(type.toHtmlEscaped()).arg(count);
        if (!types.isEmpty())
            sbom << types.join(u" · "_s);
        sbom << u"<span style='color:%1;'>%2</span>"_s.arg(QLatin1String(Muted), b.sbom.format.toHtmlEscaped());
    }
    m_sbomCard->setText(cardHtml(tr("SBOM"), sbom));
    m_sbomCard->setToolTip(b.sbom.digest);

    QStringList signature{u"%1 <b>%2</b>"_s.arg(dot(BuildFormat::signatureColor(b.signature.state)),
                                                 BuildFormat::signatureName(b.signature.state).toHtmlEscaped())};
    if (!b.signature.keyId.isEmpty())
        signature << tr("key %1").arg(u"<code>%1</code>"_s.arg(b.signature.keyId.left(64).toHtmlEscaped()));
    m_signatureCard->setText(cardHtml(tr("Signature"), signature));
    m_signatureCard->setToolTip(b.signature.digest);
}

void PipelineView::refreshActions()
{
    const Build *build = m_builds->build(m_selected);
    const Session *session = m_client->apiClient()->session();
    const bool allowed = !build || !session || session->requirement() != Session::Requirement::Required
                         || session->can(u"builds.trigger"_s, build->project);
    const bool idle = m_actionInFlight == 0;
    const bool cancellable = build && build->isActive();
    const bool retryable = build && (build->state == BuildState::Failed || build->state == BuildState::Cancelled);
    m_cancel->setEnabled(idle && cancellable && allowed);
    m_retry->setEnabled(idle && retryable && allowed);
    const QString denied = tr("Cancelling and retrying builds takes the builds.trigger permission, which you do not have here.");
    m_cancel->setToolTip(!allowed ? denied
                         : cancellable ? tr("Stop this build; a running step is interrupted.")
                                       : tr("Only a queued or running build can be cancelled."));
    m_retry->setToolTip(!allowed ? denied
                        : retryable ? tr("Queue this build again, from the same commit.")
                                    : tr("Only a failed or cancelled build can be retried."));
}

void PipelineView::scheduleChart()
{
    m_chartTimer->start();
}

void PipelineView::setMessage(const QString &text, bool error)
{
    m_message->setText(text);
    m_message->setStyleSheet(u"color:%1;"_s.arg(error ? BuildFormat::stateColor(BuildState::Failed).name()
                                                       : BuildFormat::stateColor(BuildState::Succeeded).name()));
    m_message->setVisible(!text.isEmpty());
}

} // namespace enclii::ui
