#pragma once

#include "client/ApiClient.h"

#include <QMainWindow>

#include <optional>

class QLabel;
class QMenu;
class QListWidget;
class QStackedWidget;
class QToolButton;

namespace enclii::ui {

class BudgetModel;
class BudgetsView;
class EcosystemModel;
class MapView;

// The console's frame: navigation between the screens, the daemon connection in the
// status bar, and the models every screen reads. It follows ApiClient; it does not own it.
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

    void showScreen(Screen screen);
    Screen currentScreen() const;
    bool hasEcosystem() const { return m_hasEcosystem; }

    ApiClient *client() const { return m_client; }
    EcosystemModel *ecosystemModel() const { return m_ecosystem; }
    BudgetModel *budgetModel() const { return m_budgets; }
    MapView *mapView() const { return m_mapView; }
    BudgetsView *budgetsView() const { return m_budgetsView; }

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
    void connectTo();
    void showAbout();
    void setWaitingText(const QString &text);

    ApiClient *m_client; // not owned
    EcosystemModel *m_ecosystem;
    BudgetModel *m_budgets;
    QListWidget *m_nav;
    QStackedWidget *m_stack;
    MapView *m_mapView = nullptr;
    BudgetsView *m_budgetsView = nullptr;
    QLabel *m_stateLabel;
    QLabel *m_dataLabel;
    QToolButton *m_reconnectButton;
    QAction *m_reconnectAction = nullptr;
    bool m_hasEcosystem = false;
};

} // namespace enclii::ui
