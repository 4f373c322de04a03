#pragma once

#include "client/ApiClient.h"
#include "client/Session.h"

#include <QMainWindow>

#include <optional>

class QLabel;
class QMenu;
class QListWidget;
class QPushButton;
class QStackedWidget;
class QToolButton;

namespace enclii::ui {

class BudgetModel;
class BudgetsView;
class BuildsClient;
class CanaryView;
class DashboardsView;
class DeploymentsClient;
class EcosystemModel;
class MapView;
class PipelineView;
class RolloutsClient;
class SignInPrompt;
class WaybillClient;
class WaybillView;

// The console's frame: navigation between the screens, the daemon connection and the
// signed-in person in the status bar, and the models every screen reads. It follows
// ApiClient and its Session (if any); it owns neither. While the daemon wants a sign-in
// that has not happened, every screen shows a SignInPrompt instead of its data; what the
// person's roles do not allow is disabled, with a tooltip that says why.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    enum class Screen { Map, Pipeline, Dashboards, Budgets, Canary, Waybill };
    Q_ENUM(Screen)

    explicit MainWindow(ApiClient *client, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Command-line names: map, pipeline, dashboards, budgets, canary, waybill.
    static QStringList screenNames();
    static QString screenName(Screen screen);
    static std::optional<Screen> screenFromName(const QString &name);
    // Whether a screen has anything to show before GET /v1/ecosystem has answered.
    static bool screenNeedsEcosystem(Screen screen);

    // The daemon URL saved by "Connect to…", or the default.
    static QUrl savedUrl();

    // A screen the person's roles rule out is not shown; the status bar says why.
    void showScreen(Screen screen);
    Screen currentScreen() const;
    // Empty when the screen may be opened; otherwise why not.
    QString screenBlockedReason(Screen screen) const;
    bool showsSignInPrompt(Screen screen) const;
    SignInPrompt *signInPrompt(Screen screen) const;
    bool hasEcosystem() const { return m_hasEcosystem; }

    ApiClient *client() const { return m_client; }
    EcosystemModel *ecosystemModel() const { return m_ecosystem; }
    BudgetModel *budgetModel() const { return m_budgets; }
    MapView *mapView() const { return m_mapView; }
    BudgetsView *budgetsView() const { return m_budgetsView; }
    PipelineView *pipelineView() const { return m_pipelineView; }
    BuildsClient *buildsClient() const { return m_builds; }
    DashboardsView *dashboardsView() const { return m_dashboardsView; }
    DeploymentsClient *deploymentsClient() const { return m_deployments; }
    WaybillView *waybillView() const { return m_waybillView; }
    WaybillClient *waybillClient() const { return m_waybill; }
    QListWidget *navigation() const { return m_nav; }
    QAction *signInAction() const { return m_signInAction; }
    QAction *signOutAction() const { return m_signOutAction; }
    QLabel *userLabel() const { return m_userLabel; }
    CanaryView *canaryView() const { return m_canaryView; }
    RolloutsClient *rolloutsClient() const { return m_rollouts; }
    // The Canary screen's controls: promote step, promote fully, pause, resume, abort, retry.
    QList<QPushButton *> canaryActions() const;

signals:
    // The models hold a fresh ecosystem and the screens have been told.
    void ecosystemLoaded();

private:
    void buildScreens();
    void buildMenus();
    void buildLanguageMenu(QMenu *menu);
    void onStateChanged(ApiClient::State state, const QString &error);
    void onRetryScheduled(int msec);
    void onEcosystem(const QJsonObject &ecosystem);
    void onEcosystemFailed(const QString &message);
    void onSignInTriggered();
    void updateSession();
    void updateUserLabel();
    void updatePermissions();
    void setScreenBlocked(Screen screen, const QString &reason);
    void connectTo();
    void showAbout();
    void setWaitingText(const QString &text);

    ApiClient *m_client;  // not owned
    Session *m_session;   // not owned; null: no sign-in at all
    EcosystemModel *m_ecosystem;
    BudgetModel *m_budgets;
    BuildsClient *m_builds;
    DeploymentsClient *m_deployments; // shares m_builds' event stream: one connection for the console
    RolloutsClient *m_rollouts;       // polls: the event stream carries no rollouts
    WaybillClient *m_waybill;
    QListWidget *m_nav;
    QStackedWidget *m_stack;
    MapView *m_mapView = nullptr;
    BudgetsView *m_budgetsView = nullptr;
    PipelineView *m_pipelineView = nullptr;
    DashboardsView *m_dashboardsView = nullptr;
    CanaryView *m_canaryView = nullptr;
    WaybillView *m_waybillView = nullptr;
    QLabel *m_stateLabel;
    QLabel *m_dataLabel;
    QLabel *m_userLabel;
    QToolButton *m_reconnectButton;
    QAction *m_reconnectAction = nullptr;
    QAction *m_signInAction = nullptr;
    QAction *m_signOutAction = nullptr;
    QList<QStackedWidget *> m_gates;  // per screen: the screen, or its SignInPrompt
    QList<SignInPrompt *> m_prompts;
    QList<QAction *> m_screenActions; // the View menu, per screen
    QStringList m_blockedReasons;     // per screen
    bool m_hasEcosystem = false;
};

} // namespace enclii::ui
