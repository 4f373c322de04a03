#include "ScreenshotRunner.h"

#include "BudgetsView.h"
#include "CanaryView.h"
#include "DashboardsView.h"
#include "MapGraphicsView.h"
#include "MapView.h"
#include "PipelineView.h"
#include "WaybillView.h"
#include "models/EcosystemModel.h"

#include <QImage>
#include <QImageWriter>

namespace enclii::ui {

namespace {
// Lets layouts, the map's fit-to-view and the chart settle after the data lands.
constexpr std::chrono::milliseconds SettleTime{400};
} // namespace

ScreenshotRunner::ScreenshotRunner(MainWindow *window, MainWindow::Screen screen, const QString &filePath,
                                   std::chrono::milliseconds timeout, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_screen(screen)
    , m_filePath(filePath)
    , m_timeout(timeout)
{
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, [this] {
        const QString url = m_window ? m_window->client()->baseUrl().toDisplayString() : QString();
        QString why = m_lastProblem;
        const Session *session = m_window ? m_window->client()->session() : nullptr;
        if (session && session->requirement() == Session::Requirement::Required && !session->isSignedIn())
            why = tr("encliid wants a sign-in; give a token with --token or ENCLII_TOKEN, or sign in once with the "
                     "console (the screenshot then uses the saved session)");
        if (why.isEmpty() && m_window)
            why = m_window->client()->lastError();
        if (why.isEmpty())
            why = tr("no answer");
        finish(2, tr("No data from encliid at %1 within %2 s: %3").arg(url).arg(m_timeout.count() / 1000.0).arg(why));
    });
}

void ScreenshotRunner::start()
{
    if (!m_window) {
        finish(1, tr("No window to capture"));
        return;
    }
    ApiClient *client = m_window->client();
    connect(client, &ApiClient::stateChanged, this, [this](ApiClient::State state, const QString &error) {
        if (state == ApiClient::State::Disconnected && !error.isEmpty())
            m_lastProblem = error;
        if (state == ApiClient::State::Connected && !MainWindow::screenNeedsEcosystem(m_screen) && screenHasItsData())
            onReady();
    });
    // The pipeline, the dashboards, the canary and Waybill ask for their data themselves: each is
    // ready once encliid has answered it. Budgets wants the ecosystem and a word about the live cluster.
    connect(m_window->pipelineView(), &PipelineView::answered, this, [this] {
        if (m_screen == MainWindow::Screen::Pipeline)
            onReady();
    });
    connect(m_window->dashboardsView(), &DashboardsView::answered, this, [this] {
        if (m_screen == MainWindow::Screen::Dashboards)
            onReady();
    });
    connect(m_window->canaryView(), &CanaryView::answered, this, [this] {
        if (m_screen == MainWindow::Screen::Canary)
            onReady();
    });
    connect(m_window->waybillView(), &WaybillView::answered, this, [this] {
        if (m_screen == MainWindow::Screen::Waybill)
            onReady();
    });
    connect(m_window->budgetsView(), &BudgetsView::clusterAnswered, this, [this] {
        if (m_screen == MainWindow::Screen::Budgets && m_window->hasEcosystem())
            onReady();
    });
    connect(client, &ApiClient::ecosystemFailed, this, [this](const QString &message) { m_lastProblem = message; });
    // Nobody can sign in again during a screenshot: a refused token or session is the end.
    connect(client, &ApiClient::authenticationFailed, this, [this, client](const QString &message) {
        finish(2, tr("encliid at %1 refused the sign-in: %2").arg(client->baseUrl().toDisplayString(), message));
    });
    connect(m_window, &MainWindow::ecosystemLoaded, this, [this] {
        if (MainWindow::screenNeedsEcosystem(m_screen) && m_window->hasEcosystem() && screenHasItsData())
            onReady();
        else if (m_window->ecosystemModel()->isEmpty())
            m_lastProblem = tr("the ecosystem has no nodes");
    });

    m_window->resize(windowSize());
    m_window->showScreen(m_screen);
    m_window->show();
    m_deadline.start(m_timeout);

    const bool ready = MainWindow::screenNeedsEcosystem(m_screen)
                           ? m_window->hasEcosystem() && screenHasItsData()
                           : client->state() == ApiClient::State::Connected && screenHasItsData();
    if (ready)
        onReady();
}

bool ScreenshotRunner::screenHasItsData() const
{
    if (!m_window)
        return false;
    switch (m_screen) {
    case MainWindow::Screen::Pipeline: return m_window->pipelineView()->hasAnswer();
    case MainWindow::Screen::Dashboards: return m_window->dashboardsView()->hasAnswer();
    case MainWindow::Screen::Budgets: return m_window->budgetsView()->hasClusterAnswer();
    case MainWindow::Screen::Canary: return m_window->canaryView()->hasAnswer();
    case MainWindow::Screen::Waybill: return m_window->waybillView()->hasAnswer();
    default: return true;
    }
}

void ScreenshotRunner::onReady()
{
    if (m_capturing || m_done)
        return;
    m_capturing = true;
    QTimer::singleShot(SettleTime, this, &ScreenshotRunner::capture);
}

void ScreenshotRunner::capture()
{
    if (m_done)
        return;
    if (!m_window) {
        finish(1, tr("The window went away before the capture"));
        return;
    }
    m_window->resize(windowSize());
    m_window->showScreen(m_screen);
    if (m_screen == MainWindow::Screen::Map)
        m_window->mapView()->graphicsView()->fitAll();
    m_image = m_window->grab().toImage();
    if (m_image.isNull()) {
        finish(1, tr("Could not render the window"));
        return;
    }
    QImageWriter writer(m_filePath, "png");
    if (!writer.write(m_image)) {
        finish(1, tr("Cannot write %1: %2").arg(m_filePath, writer.errorString()));
        return;
    }
    finish(0, {});
}

void ScreenshotRunner::finish(int exitCode, const QString &message)
{
    if (m_done)
        return;
    m_done = true;
    m_deadline.stop();
    emit finished(exitCode, message);
}

} // namespace enclii::ui
