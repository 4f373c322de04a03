#include "MainWindow.h"

#include "BudgetsView.h"
#include "CanaryView.h"
#include "ConnectDialog.h"
#include "DashboardsView.h"
#include "MapView.h"
#include "PipelineView.h"
#include "SignInPrompt.h"
#include "WaybillView.h"
#include "client/BuildsClient.h"
#include "client/DeploymentsClient.h"
#include "client/RolloutsClient.h"
#include "client/WaybillClient.h"
#include "models/BudgetModel.h"
#include "models/EcosystemModel.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolButton>

namespace enclii::ui {

using namespace Qt::StringLiterals;

namespace {

constexpr auto UrlKey = "daemon/url";
constexpr auto LanguageKey = "ui/language"; // read by main() at start-up

const QList<MainWindow::Screen> &allScreens()
{
    static const QList<MainWindow::Screen> screens = {MainWindow::Screen::Map, MainWindow::Screen::Pipeline,
                                                      MainWindow::Screen::Dashboards, MainWindow::Screen::Budgets,
                                                      MainWindow::Screen::Canary, MainWindow::Screen::Waybill};
    return screens;
}

QString screenTitle(MainWindow::Screen screen)
{
    switch (screen) {
    case MainWindow::Screen::Map: return MainWindow::tr("Map");
    case MainWindow::Screen::Pipeline: return MainWindow::tr("Pipeline");
    case MainWindow::Screen::Dashboards: return MainWindow::tr("Dashboards");
    case MainWindow::Screen::Budgets: return MainWindow::tr("Budgets");
    case MainWindow::Screen::Canary: return MainWindow::tr("Canary");
    case MainWindow::Screen::Waybill: return MainWindow::tr("Waybill");
    }
    return {};
}

// What signing in will show, per screen: one whole sentence each, for the translators.
QString promptTitle(MainWindow::Screen screen)
{
    switch (screen) {
    case MainWindow::Screen::Map: return MainWindow::tr("Sign in to see the map");
    case MainWindow::Screen::Pipeline: return MainWindow::tr("Sign in to see the pipeline");
    case MainWindow::Screen::Dashboards: return MainWindow::tr("Sign in to see the dashboards");
    case MainWindow::Screen::Budgets: return MainWindow::tr("Sign in to see the budgets");
    case MainWindow::Screen::Canary: return MainWindow::tr("Sign in to see the rollouts");
    case MainWindow::Screen::Waybill: return MainWindow::tr("Sign in to see costs and usage");
    }
    return {};
}

} // namespace

MainWindow::MainWindow(ApiClient *client, QWidget *parent)
    : QMainWindow(parent)
    , m_client(client)
    , m_session(client->session())
    , m_ecosystem(new EcosystemModel(this))
    , m_budgets(new BudgetModel(this))
    , m_builds(new BuildsClient(client, this))
    , m_deployments(new DeploymentsClient(client, m_builds->eventStream(), this))
    , m_rollouts(new RolloutsClient(client, this))
    , m_waybill(new WaybillClient(client, this))
    , m_nav(new QListWidget(this))
    , m_stack(new QStackedWidget(this))
    , m_stateLabel(new QLabel(this))
    , m_dataLabel(new QLabel(this))
    , m_userLabel(new QLabel(this))
    , m_reconnectButton(new QToolButton(this))
{
    setWindowTitle(tr("Enclii Console"));
    buildScreens();
    buildMenus();

    m_reconnectButton->setDefaultAction(m_reconnectAction);
    m_reconnectButton->setAutoRaise(true);
    m_userLabel->setContentsMargins(0, 0, 12, 0);
    statusBar()->addPermanentWidget(m_userLabel);
    statusBar()->addPermanentWidget(m_dataLabel);
    statusBar()->addPermanentWidget(m_stateLabel);
    statusBar()->addPermanentWidget(m_reconnectButton);

    connect(m_client, &ApiClient::stateChanged, this, &MainWindow::onStateChanged);
    connect(m_client, &ApiClient::retryScheduled, this, &MainWindow::onRetryScheduled);
    connect(m_client, &ApiClient::ecosystemReceived, this, &MainWindow::onEcosystem);
    connect(m_client, &ApiClient::ecosystemFailed, this, &MainWindow::onEcosystemFailed);
    connect(m_client, &ApiClient::authenticationFailed, this,
            [this](const QString &why) { statusBar()->showMessage(tr("Signed out: %1").arg(why), 20000); });
    if (m_session) {
        connect(m_session, &Session::stateChanged, this, &MainWindow::updateSession);
        connect(m_session, &Session::requirementChanged, this, &MainWindow::updateSession);
        connect(m_session, &Session::userChanged, this, &MainWindow::updateSession);
        connect(m_session, &Session::authorizationUrlReady, this, &MainWindow::updateSession);
        connect(m_session, &Session::signInFailed, this, [this](const QString &why) {
            statusBar()->showMessage(tr("Sign-in failed: %1").arg(why), 20000);
            updateSession();
        });
        connect(m_session, &Session::sessionEnded, this,
                [this](const QString &why) { statusBar()->showMessage(tr("Signed out: %1").arg(why), 20000); });
        connect(m_session, &Session::signOutFinished, this, [this](const QString &problem) {
            statusBar()->showMessage(problem.isEmpty() ? tr("Signed out.") : problem, 15000);
        });
        connect(m_session, &Session::notice, this, [this](const QString &message) { statusBar()->showMessage(message, 15000); });
    }
    onStateChanged(m_client->state(), m_client->lastError());
    updateSession();
    resize(1400, 900);
}

MainWindow::~MainWindow() = default;

QList<QPushButton *> MainWindow::canaryActions() const
{
    return m_canaryView->actionButtons();
}

QStringList MainWindow::screenNames()
{
    QStringList names;
    for (Screen s : allScreens())
        names << screenName(s);
    return names;
}

QString MainWindow::screenName(Screen screen)
{
    switch (screen) {
    case Screen::Map: return u"map"_s;
    case Screen::Pipeline: return u"pipeline"_s;
    case Screen::Dashboards: return u"dashboards"_s;
    case Screen::Budgets: return u"budgets"_s;
    case Screen::Canary: return u"canary"_s;
    case Screen::Waybill: return u"waybill"_s;
    }
    return {};
}

std::optional<MainWindow::Screen> MainWindow::screenFromName(const QString &name)
{
    for (Screen s : allScreens())
        if (screenName(s).compare(name.trimmed(), Qt::CaseInsensitive) == 0)
            return s;
    return std::nullopt;
}

bool MainWindow::screenNeedsEcosystem(Screen screen)
{
    return screen == Screen::Map || screen == Screen::Budgets;
}

QUrl MainWindow::savedUrl()
{
    const QUrl url = QSettings().value(QLatin1String(UrlKey)).toUrl();
    return url.isValid() && !url.host().isEmpty() ? url : ApiClient::defaultBaseUrl();
}

void MainWindow::buildScreens()
{
    m_mapView = new MapView(m_ecosystem, this);
    m_budgetsView = new BudgetsView(m_budgets, this);
    m_pipelineView = new PipelineView(m_builds, this);
    m_dashboardsView = new DashboardsView(m_deployments, this);
    m_canaryView = new CanaryView(m_rollouts, this);
    m_waybillView = new WaybillView(m_waybill, this);
    // Budgets' live figures come from the same client as the dashboards' waves.
    connect(m_deployments, &DeploymentsClient::clusterReceived, this,
            [this](const QJsonObject &cluster) { m_budgetsView->setCluster(ClusterStatus::fromJson(cluster)); });
    connect(m_deployments, &DeploymentsClient::clusterFailed, m_budgetsView, &BudgetsView::setClusterFailed);

    for (Screen s : allScreens()) {
        QWidget *page = nullptr;
        switch (s) {
        case Screen::Map: page = m_mapView; break;
        case Screen::Budgets: page = m_budgetsView; break;
        case Screen::Pipeline: page = m_pipelineView; break;
        case Screen::Dashboards: page = m_dashboardsView; break;
        case Screen::Canary: page = m_canaryView; break;
        case Screen::Waybill: page = m_waybillView; break;
        }
        auto *gate = new QStackedWidget(this);
        gate->addWidget(page);
        auto *prompt = new SignInPrompt(promptTitle(s), gate);
        gate->addWidget(prompt);
        connect(prompt, &SignInPrompt::signInRequested, this, &MainWindow::onSignInTriggered);
        connect(prompt, &SignInPrompt::cancelRequested, this, &MainWindow::onSignInTriggered);
        m_gates << gate;
        m_prompts << prompt;
        m_blockedReasons << QString();
        m_stack->addWidget(gate);
        m_nav->addItem(screenTitle(s));
    }

    QFont navFont = m_nav->font();
    navFont.setPointSizeF(navFont.pointSizeF() * 1.15);
    m_nav->setFont(navFont);
    m_nav->setFixedWidth(150);
    m_nav->setSpacing(3);
    m_nav->setFrameShape(QFrame::NoFrame);
    m_nav->setStyleSheet(u"QListWidget { background: palette(window); padding-top: 8px; }"
                         u"QListWidget::item { padding: 6px 10px; }"_s);
    connect(m_nav, &QListWidget::currentRowChanged, m_stack, &QStackedWidget::setCurrentIndex);
    m_nav->setCurrentRow(0);

    auto *central = new QWidget(this);
    auto *layout = new QHBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    auto *line = new QFrame(central);
    line->setFrameShape(QFrame::VLine);
    line->setFrameShadow(QFrame::Sunken);
    layout->addWidget(m_nav);
    layout->addWidget(line);
    layout->addWidget(m_stack, 1);
    setCentralWidget(central);
}

void MainWindow::buildMenus()
{
    QMenu *console = menuBar()->addMenu(tr("&Console"));
    QAction *connectAction = console->addAction(tr("&Connect to…"), this, &MainWindow::connectTo);
    connectAction->setShortcut(QKeySequence(u"Ctrl+L"_s));
    m_reconnectAction = console->addAction(tr("&Reconnect"), m_client, &ApiClient::reconnect);
    m_reconnectAction->setShortcut(QKeySequence::Refresh);
    m_reconnectAction->setToolTip(tr("Try the daemon again now and reload the ecosystem"));
    console->addSeparator();
    m_signInAction = console->addAction(tr("Sign &in…"), this, &MainWindow::onSignInTriggered);
    m_signOutAction = console->addAction(tr("Sign &out"), this, [this] {
        if (m_session)
            m_session->signOut();
    });
    console->setToolTipsVisible(true);
    console->addSeparator();
    buildLanguageMenu(console->addMenu(tr("&Language")));
    console->addSeparator();
    QAction *quit = console->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->setToolTipsVisible(true);
    int n = 1;
    for (Screen s : allScreens()) {
        QAction *a = view->addAction(screenTitle(s), this, [this, s] { showScreen(s); });
        a->setShortcut(QKeySequence(u"Ctrl+%1"_s.arg(n++)));
        m_screenActions << a;
    }

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Enclii Console"), this, &MainWindow::showAbout);
}

void MainWindow::buildLanguageMenu(QMenu *menu)
{
    // Language names stay in their own language so anyone can find theirs.
    const QList<QPair<QString, QString>> languages = {
        {QString(), tr("System default")}, {u"en"_s, u"English"_s}, {u"es"_s, u"Español"_s}};
    const QString current = QSettings().value(QLatin1String(LanguageKey)).toString();
    auto *group = new QActionGroup(menu);
    for (const auto &[code, name] : languages) {
        QAction *a = menu->addAction(name);
        a->setCheckable(true);
        a->setChecked(code == current);
        group->addAction(a);
        connect(a, &QAction::triggered, this, [this, code] {
            QSettings().setValue(QLatin1String(LanguageKey), code);
            statusBar()->showMessage(tr("The new language applies the next time the console starts."), 10000);
        });
    }
}

void MainWindow::showScreen(Screen screen)
{
    if (const QString why = screenBlockedReason(screen); !why.isEmpty()) {
        statusBar()->showMessage(why, 8000);
        return;
    }
    m_nav->setCurrentRow(int(allScreens().indexOf(screen)));
}

QString MainWindow::screenBlockedReason(Screen screen) const
{
    return m_blockedReasons.value(allScreens().indexOf(screen));
}

bool MainWindow::showsSignInPrompt(Screen screen) const
{
    const QStackedWidget *gate = m_gates.value(allScreens().indexOf(screen));
    return gate && gate->currentIndex() == 1;
}

SignInPrompt *MainWindow::signInPrompt(Screen screen) const
{
    return m_prompts.value(allScreens().indexOf(screen));
}

void MainWindow::onSignInTriggered()
{
    if (!m_session)
        return;
    if (m_session->state() == Session::State::Authorizing)
        m_session->cancelSignIn();
    else
        m_session->signIn();
}

void MainWindow::updateSession()
{
    const bool hasSession = m_session != nullptr;
    const auto requirement = hasSession ? m_session->requirement() : Session::Requirement::Off;
    const auto state = hasSession ? m_session->state() : Session::State::SignedOut;
    const bool signedIn = hasSession && m_session->isSignedIn();

    // The screens: their data, or what signing in would show.
    const bool gated = requirement == Session::Requirement::Required && !signedIn;
    const QString daemon = m_client->baseUrl().toDisplayString();
    for (int i = 0; i < m_gates.size(); ++i) {
        m_prompts[i]->showState(state, daemon, hasSession ? m_session->authorizationUrl() : QUrl(),
                                hasSession ? m_session->lastError() : QString());
        m_gates[i]->setCurrentIndex(gated ? 1 : 0);
    }

    // Console > Sign in… / Sign out
    const bool authorizing = state == Session::State::Authorizing;
    m_signInAction->setText(authorizing ? tr("Cancel sign-&in") : tr("Sign &in…"));
    m_signInAction->setEnabled(hasSession && requirement != Session::Requirement::Off && (authorizing || !signedIn));
    m_signOutAction->setEnabled(signedIn);
    const QString offNote = tr("Sign-in is off on this daemon");
    m_signInAction->setToolTip(requirement == Session::Requirement::Off ? offNote
                                                                         : tr("Sign in to encliid with your web browser"));
    m_signOutAction->setToolTip(tr("Sign out here and end the session at encliid"));

    updateUserLabel();
    updatePermissions();
}

void MainWindow::updateUserLabel()
{
    QString text;
    QString tip;
    if (m_session) {
        const SessionUser &user = m_session->user();
        if (m_session->requirement() == Session::Requirement::Off) {
            text = tr("Sign-in is off on this daemon");
            tip = tr("encliid at %1 serves its API without sign-in.").arg(m_client->baseUrl().toDisplayString());
        } else if (m_session->requirement() == Session::Requirement::Required) {
            if (m_session->isSignedIn() && !user.isEmpty()) {
                text = user.roles.isEmpty() ? tr("Signed in as %1").arg(user.displayName())
                                            : tr("Signed in as %1 (%2)").arg(user.displayName(), user.roles.join(u", "_s));
                QStringList lines;
                if (!user.email.isEmpty())
                    lines << user.email;
                lines << tr("Roles: %1").arg(user.roles.isEmpty() ? tr("none") : user.roles.join(u", "_s));
                lines << tr("May: %1").arg(user.permissions.isEmpty() ? tr("nothing globally") : user.permissions.join(u", "_s));
                for (auto it = user.projectPermissions.cbegin(); it != user.projectPermissions.cend(); ++it)
                    lines << tr("In %1: %2").arg(it.key(), it.value().join(u", "_s));
                if (m_session->usesGivenToken())
                    lines << tr("With the token from --token or ENCLII_TOKEN (not saved); it may allow less than the roles.");
                tip = lines.join(u'\n');
            } else if (m_session->isSignedIn()) {
                text = tr("Signed in");
            } else {
                switch (m_session->state()) {
                case Session::State::Authorizing: text = tr("Signing in…"); break;
                case Session::State::Refreshing: text = tr("Checking the saved sign-in…"); break;
                default: text = tr("Not signed in"); break;
                }
            }
        }
    }
    m_userLabel->setText(text);
    m_userLabel->setToolTip(tip);
    m_userLabel->setVisible(!text.isEmpty());
}

void MainWindow::updatePermissions()
{
    // Without a session, or with sign-in off, everything is allowed (Session::can says so too).
    // Rights are only denied once the person is known: before that the sign-in prompt speaks.
    const bool known = !m_session || m_session->requirement() == Session::Requirement::Off
        || (m_session->isSignedIn() && !m_session->user().isEmpty());
    auto may = [this](const QString &permission) { return !m_session || m_session->can(permission); };

    // A given token (an API token) may carry fewer scopes than its owner's roles allow.
    const bool token = m_session && m_session->usesGivenToken();
    const QString waybillNeeds = token ? tr("Waybill needs billing.read, which this token does not allow")
                                       : tr("Waybill needs the finance or admin role");
    setScreenBlocked(Screen::Waybill, known && !may(u"billing.read"_s) ? waybillNeeds : QString());
    m_waybill->setAllowed(!known || may(u"billing.read"_s));

    // The Canary controls: the person's rights here, each rollout's state in the view.
    const bool operate = may(u"canary.operate"_s);
    m_canaryView->setOperateDenied(operate        ? QString()
                                   : known && token ? tr("Acting on rollouts needs canary.operate, which this token does not allow")
                                   : known          ? tr("Only on-call or admin can promote, pause or abort a rollout")
                                                    : tr("Sign in to act on rollouts"));
}

void MainWindow::setScreenBlocked(Screen screen, const QString &reason)
{
    const int row = int(allScreens().indexOf(screen));
    if (m_blockedReasons.value(row) == reason)
        return;
    m_blockedReasons[row] = reason;
    const bool allowed = reason.isEmpty();
    QListWidgetItem *item = m_nav->item(row);
    item->setFlags(allowed ? item->flags() | Qt::ItemIsEnabled : item->flags() & ~Qt::ItemIsEnabled);
    item->setToolTip(reason);
    m_screenActions[row]->setEnabled(allowed);
    m_screenActions[row]->setToolTip(allowed ? screenTitle(screen) : reason);
    if (!allowed && currentScreen() == screen)
        m_nav->setCurrentRow(0);
}

MainWindow::Screen MainWindow::currentScreen() const
{
    const int row = m_nav->currentRow();
    return row >= 0 && row < allScreens().size() ? allScreens().at(row) : Screen::Map;
}

void MainWindow::onStateChanged(ApiClient::State state, const QString &error)
{
    const QString url = m_client->baseUrl().toDisplayString();
    switch (state) {
    case ApiClient::State::Connecting:
        m_stateLabel->setText(u"<span style='color:#8a5a00;'>●</span> "_s + tr("Connecting to %1…").arg(url).toHtmlEscaped());
        if (!m_hasEcosystem)
            setWaitingText(tr("Connecting to encliid at %1…").arg(url));
        break;
    case ApiClient::State::Connected:
        m_stateLabel->setText(u"<span style='color:#2d6a1f;'>●</span> "_s + tr("Connected to %1").arg(url).toHtmlEscaped());
        if (!m_hasEcosystem)
            setWaitingText(tr("Connected to %1; loading the ecosystem…").arg(url));
        break;
    case ApiClient::State::Disconnected:
        m_stateLabel->setText(u"<span style='color:#9b1c12;'>●</span> "_s + tr("Disconnected").toHtmlEscaped());
        m_stateLabel->setToolTip(error);
        if (!m_hasEcosystem)
            setWaitingText(tr("Cannot reach encliid.\n\n%1").arg(error));
        break;
    }
    if (state != ApiClient::State::Disconnected)
        m_stateLabel->setToolTip(QString());
}

void MainWindow::onRetryScheduled(int msec)
{
    const QString error = m_client->lastError();
    statusBar()->showMessage(tr("%1 — retrying in %n s", nullptr, std::max(1, (msec + 500) / 1000)).arg(error), msec);
    if (!m_hasEcosystem)
        setWaitingText(tr("Cannot reach encliid.\n\n%1\n\nRetrying in %n s.", nullptr, std::max(1, (msec + 500) / 1000))
                           .arg(error));
}

void MainWindow::onEcosystem(const QJsonObject &ecosystem)
{
    m_ecosystem->setEcosystem(ecosystem);
    m_budgets->setEcosystem(ecosystem);
    m_hasEcosystem = !m_ecosystem->isEmpty();

    const QString name = m_ecosystem->ecosystemName();
    setWindowTitle(name.isEmpty() ? tr("Enclii Console") : tr("Enclii Console — %1").arg(name));
    m_dataLabel->setText(tr("%1 nodes, %2 edges · updated %3")
                             .arg(m_ecosystem->rowCount())
                             .arg(m_ecosystem->edges().size())
                             .arg(QLocale().toString(QTime::currentTime(), QLocale::ShortFormat)));
    if (!m_ecosystem->warnings().isEmpty()) {
        m_dataLabel->setToolTip(m_ecosystem->warnings().join(u'\n'));
        statusBar()->showMessage(tr("The ecosystem had %n entry(ies) the console could not read; hover the counts for details.",
                                    nullptr, int(m_ecosystem->warnings().size())),
                                 15000);
    } else {
        m_dataLabel->setToolTip(QString());
    }
    if (!m_hasEcosystem)
        setWaitingText(tr("encliid answered, but its ecosystem has no nodes to draw."));
    emit ecosystemLoaded();
}

void MainWindow::onEcosystemFailed(const QString &message)
{
    statusBar()->showMessage(tr("Could not load the ecosystem: %1").arg(message), 15000);
    if (!m_hasEcosystem)
        setWaitingText(tr("Could not load the ecosystem.\n\n%1\n\nThe console tries again shortly.").arg(message));
}

void MainWindow::setWaitingText(const QString &text)
{
    m_mapView->setPlaceholderText(text);
    m_budgetsView->setPlaceholderText(text);
}

void MainWindow::connectTo()
{
    ConnectDialog dialog(m_client->baseUrl(), this);
    if (dialog.exec() != QDialog::Accepted || !dialog.url().isValid())
        return;
    QSettings().setValue(QLatin1String(UrlKey), dialog.url());
    m_hasEcosystem = false;
    m_client->setBaseUrl(dialog.url()); // a running client reconnects by itself
    if (!m_client->isRunning())
        m_client->start();
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Enclii Console"),
                       tr("<h3>Enclii Console %1</h3><p>The desktop console of Enclii, a self-hosted PaaS "
                          "control plane. It reads everything from encliid's REST API.</p>"
                          "<p>Enclii deploys Enclii. Janua authenticates Janua.</p>")
                           .arg(QCoreApplication::applicationVersion()));
}

} // namespace enclii::ui
