// `--screenshot` end to end: a loopback server serves the fixture, MainWindow and ApiClient
// point at it, and ScreenshotRunner (the code path of the command line) renders the Map and
// Budgets screens to PNG. The images must be real pictures, not blank windows.

#include "FixtureServer.h"
#include "ImageStats.h"
#include "models/BudgetModel.h"
#include "models/EcosystemModel.h"
#include "views/BudgetsView.h"
#include "views/CanaryView.h"
#include "views/MainWindow.h"
#include "views/MapScene.h"
#include "views/MapView.h"
#include "views/ScreenshotRunner.h"

#include <QDir>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace enclii::ui;
using namespace std::chrono_literals;
using namespace Qt::StringLiterals;

using enclii::test::ImageStats;

class TestConsoleScreenshots : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void rendersScreen_data();
    void rendersScreen();
    void olderDaemonsScreenStillRenders();
    void failsWhenNoDataArrives();

private:
    QString outputPath(const QString &name) const;

    enclii::test::FixtureServer m_server;
    QTemporaryDir m_tmp;
    QString m_outputDir;
};

void TestConsoleScreenshots::initTestCase()
{
    QVERIFY(!enclii::test::FixtureServer::fixture().isEmpty());
    QVERIFY(m_server.start());
    QVERIFY(m_tmp.isValid());
    // Keep the pictures where people can look at them when the build asks for it.
    m_outputDir = qEnvironmentVariable("ENCLII_SCREENSHOT_DIR", m_tmp.path());
    QVERIFY(QDir().mkpath(m_outputDir));
}

QString TestConsoleScreenshots::outputPath(const QString &name) const
{
    return QDir(m_outputDir).filePath(name + u".png"_s);
}

void TestConsoleScreenshots::rendersScreen_data()
{
    QTest::addColumn<QString>("view");
    QTest::addColumn<int>("minColors");
    QTest::addColumn<double>("maxBackground");
    QTest::newRow("map") << u"map"_s << 300 << 0.75;
    QTest::newRow("budgets") << u"budgets"_s << 200 << 0.75;
}

void TestConsoleScreenshots::rendersScreen()
{
    QFETCH(QString, view);
    QFETCH(int, minColors);
    QFETCH(double, maxBackground);

    const std::optional<MainWindow::Screen> screen = MainWindow::screenFromName(view);
    QVERIFY(screen);

    ApiClient client;
    client.setBaseUrl(m_server.url());
    MainWindow window(&client);
    const QString path = outputPath(view);
    QFile::remove(path);
    ScreenshotRunner runner(&window, *screen, path, 20s);
    QSignalSpy finished(&runner, &ScreenshotRunner::finished);
    runner.start();
    client.start();
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.size(), 1);
    QVERIFY2(finished.at(0).at(0).toInt() == 0, qPrintable(finished.at(0).at(1).toString()));

    QImage image(path);
    QVERIFY2(!image.isNull(), qPrintable(path));
    QCOMPARE(image.size(), ScreenshotRunner::windowSize() * image.devicePixelRatio());
    const ImageStats stats = enclii::test::measureImage(image);
    qInfo("%s: %d colours, background %.1f %% -> %s", qPrintable(view), stats.distinctColors,
          stats.backgroundShare * 100, qPrintable(path));
    QVERIFY2(stats.distinctColors >= minColors, qPrintable(u"only %1 colours"_s.arg(stats.distinctColors)));
    QVERIFY2(stats.backgroundShare <= maxBackground,
             qPrintable(u"%1 % of the picture is one colour"_s.arg(stats.backgroundShare * 100)));

    // What is on screen is what the fixture says.
    const QJsonObject doc = QJsonDocument::fromJson(enclii::test::FixtureServer::fixture()).object();
    QCOMPARE(window.currentScreen(), *screen);
    if (*screen == MainWindow::Screen::Map) {
        QCOMPARE(window.ecosystemModel()->rowCount(), doc.value("nodes"_L1).toArray().size());
        QVERIFY(window.mapView()->scene()->edgeCount() > 0);
    } else {
        const int apps = int(doc.value("capacity"_L1).toObject().value("apps"_L1).toArray().size());
        QCOMPARE(window.budgetsView()->tableView()->model()->rowCount(), apps);
        const QString headline = window.budgetsView()->headlineText();
        for (const QString &app : window.budgetModel()->atMax().overflowingApps)
            QVERIFY2(headline.contains(app), qPrintable(headline));
    }
}

// The fixture has no rollouts: a daemon older than them answers 404, and the picture shows the
// screen saying so instead of waiting for data that never comes.
void TestConsoleScreenshots::olderDaemonsScreenStillRenders()
{
    ApiClient client;
    client.setBaseUrl(m_server.url());
    MainWindow window(&client);
    ScreenshotRunner runner(&window, MainWindow::Screen::Canary, outputPath(u"canary-404"_s), 20s);
    QSignalSpy finished(&runner, &ScreenshotRunner::finished);
    runner.start();
    client.start();
    QVERIFY(finished.wait(30000));
    QVERIFY2(finished.at(0).at(0).toInt() == 0, qPrintable(finished.at(0).at(1).toString()));
    QVERIFY(!QImage(outputPath(u"canary-404"_s)).isNull());
    QVERIFY(window.canaryView()->showsPlaceholder());
    QVERIFY2(window.canaryView()->placeholderText().contains(u"too old for canary rollouts"_s),
             qPrintable(window.canaryView()->placeholderText()));
}

void TestConsoleScreenshots::failsWhenNoDataArrives()
{
    quint16 port = 0;
    {
        enclii::test::FixtureServer probe; // a port nobody listens on
        QVERIFY(probe.start());
        port = probe.port();
    }
    ApiClient client;
    client.setBaseUrl(QUrl(u"http://127.0.0.1:%1"_s.arg(port)));
    MainWindow window(&client);
    const QString path = outputPath(u"never"_s);
    QFile::remove(path);
    ScreenshotRunner runner(&window, MainWindow::Screen::Map, path, 1500ms);
    QSignalSpy finished(&runner, &ScreenshotRunner::finished);
    runner.start();
    client.start();
    QVERIFY(finished.wait(10000));
    QVERIFY(finished.at(0).at(0).toInt() != 0);
    const QString message = finished.at(0).at(1).toString();
    QVERIFY2(message.contains(QString::number(port)), qPrintable(message));
    QVERIFY(!QFile::exists(path));
}

QTEST_MAIN(TestConsoleScreenshots)
#include "tst_console_screenshots.moc"
