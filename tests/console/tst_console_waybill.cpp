// The Waybill screen against a loopback stand-in for encliid's Waybill routes, serving the
// shapes WaybillFixtures.h makes with the backend's own arithmetic: projects, the charts'
// series and points, the month to date with its forecast to the month's end, invoices and
// their lines, budgets and held deploys, the platform cost; exports from the screen; 403,
// an unreachable daemon and a broken answer said in words; and the --screenshot path
// (ENCLII_SCREENSHOT_DIR/waybill.png).

#include "FixtureJson.h"
#include "FixtureServer.h"
#include "ImageStats.h"
#include "LoopbackConsole.h"
#include "WaybillFixtures.h"
#include "client/WaybillClient.h"
#include "models/DecimalText.h"
#include "views/MainWindow.h"
#include "views/ScreenshotRunner.h"
#include "views/WaybillCharts.h"
#include "views/WaybillView.h"

#include <QDir>
#include <QFile>
#include <QLocale>
#include <QProgressBar>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

#include <memory>

using namespace enclii::ui;
using namespace std::chrono_literals;
using namespace Qt::StringLiterals;
using enclii::test::FixtureServer;
using enclii::test::WaybillFixture;
using enclii::test::moneyText;
using Report = WaybillView::Report;
namespace wb = enclii::waybill;

namespace {

FixtureServer::Reply jsonReply(const QJsonObject &body)
{
    return {200, enclii::test::compactJson(body), "application/json"};
}

FixtureServer::Reply problem(int status, const QByteArray &detail)
{
    return {status,
            R"({"type":"about:blank","title":"Forbidden","status":)" + QByteArray::number(status) + R"(,"detail":")" + detail + R"("})",
            "application/problem+json"};
}

// Waybill's routes as encliid serves them.
class FakeWaybill
{
public:
    std::optional<FixtureServer::Reply> route(const FixtureServer::Exchange &e) const
    {
        if (e.method != "GET" || !e.path.startsWith("/v1/waybill/"))
            return std::nullopt;
        if (status != 200)
            return problem(status, "billing.read is required");
        if (e.path == "/v1/waybill/invoices" && brokenInvoices)
            return FixtureServer::Reply{200, "{\"invoices\": [", "application/json"};
        const QString path = QString::fromUtf8(QByteArray::fromPercentEncoding(e.path));
        const QStringList parts = path.split(u'/'); // "", "v1", "waybill", ...
        if (path == "/v1/waybill/rollups"_L1) {
            if (e.queryValue("granularity") == "month")
                return jsonReply(fixture.monthly());
            const QDateTime from = QDateTime::fromString(QString::fromUtf8(e.queryValue("from")), Qt::ISODateWithMs);
            return jsonReply(fixture.daily(QString::fromUtf8(e.queryValue("project")), from));
        }
        if (path == "/v1/waybill/budgets"_L1)
            return jsonReply(fixture.budgets());
        if (path == "/v1/waybill/invoices"_L1)
            return jsonReply(fixture.invoices());
        if (path == "/v1/waybill/platform-cost"_L1)
            return jsonReply(fixture.platformCost());
        if (parts.size() == 5 && parts.at(3) == "invoices"_L1) {
            if (const auto invoice = fixture.invoiceById(parts.at(4)))
                return jsonReply(*invoice);
            return problem(404, "no such invoice");
        }
        if (parts.size() == 6 && parts.at(3) == "projects"_L1) {
            if (parts.at(5) == "usage"_L1)
                return jsonReply(fixture.usage(parts.at(4)));
            if (parts.at(5) == "preview"_L1)
                return jsonReply(fixture.preview(parts.at(4)));
        }
        return std::nullopt;
    }

    WaybillFixture fixture;
    int status = 200;
    bool brokenInvoices = false;
};

struct Console
{
    explicit Console(const QUrl &url)
    {
        enclii::test::makeQuick(api, url);
        client = std::make_unique<WaybillClient>(&api);
        view = std::make_unique<WaybillView>(client.get());
        view->resize(1450, 930);
    }
    ~Console()
    {
        view.reset();
        client.reset();
    }

    ApiClient api;
    std::unique_ptr<WaybillClient> client;
    std::unique_ptr<WaybillView> view;
};

QString screenshotDir()
{
    const QString dir = qEnvironmentVariable("ENCLII_SCREENSHOT_DIR", QDir::tempPath());
    QDir().mkpath(dir);
    return dir;
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestConsoleWaybill : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void showsProjectsChartsAndTheMonth();
    void oneMetricOverTime();
    void invoicesWithTheirLines();
    void budgetsAndThePlatformCost();
    void exportsFromTheScreen();
    void forbiddenSaysBillingRead();
    void unreachableAndBrokenAnswersAreSaid();
    void screenshot();

private:
    enclii::test::LoopbackConsole<FakeWaybill, Console> m_loop;
    QTemporaryDir m_dir;
};

void TestConsoleWaybill::initTestCase()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    QVERIFY(m_dir.isValid());
}

void TestConsoleWaybill::init()
{
    QVERIFY(m_loop.start());
    QVERIFY(m_loop.fake->fixture.isValid());
}

void TestConsoleWaybill::cleanup()
{
    m_loop.reset();
}

void TestConsoleWaybill::showsProjectsChartsAndTheMonth()
{
    QVERIFY(m_loop.startConsole());
    WaybillView *view = m_loop.console->view.get();
    QCOMPARE(view->projects(), (QStringList{u"electrochem-sim"_s, u"forgesight"_s, u"janua"_s}));
    QCOMPARE(view->currentProject(), u"electrochem-sim"_s);
    QVERIFY(!view->showsPlaceholder());
    QVERIFY2(view->errorText().isEmpty(), qPrintable(view->errorText()));
    QTRY_VERIFY(!view->progressBar()->isVisible());

    // Cost per metric per day: the four metered metrics, one bar per day since the chart's start.
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const int days = int(WaybillClient::dailyFrom(now, 30).date().daysTo(now.date())) + 1;
    QCOMPARE(view->dailyChart()->seriesCount(), 4);
    QCOMPARE(view->dailyChart()->dayCount(), days);
    QVERIFY2(view->dailyChart()->titleText().contains(u"cost per metric"_s), qPrintable(view->dailyChart()->titleText()));

    // The month: cost to date, and the forecast drawn on to the month's end.
    const WaybillFixture &f = m_loop.fake->fixture;
    const wb::InvoiceTotals toDate = f.price(f.usageToDate(u"electrochem-sim"_s));
    const wb::InvoiceTotals ahead = f.price(f.forecast(u"electrochem-sim"_s));
    WaybillMonthChart *month = view->monthChart();
    QCOMPARE(month->toDatePointCount(), 2);
    QCOMPARE(month->forecastPoints().size(), 2);
    QCOMPARE(month->forecastPoints().constLast().x(), double(f.monthEnd().toMSecsSinceEpoch()));
    QCOMPARE(month->forecastPoints().constLast().y(), decimal::plotValue(moneyText(ahead.subtotal)));
    QCOMPARE(month->forecastPoints().constFirst().y(), decimal::plotValue(moneyText(toDate.subtotal)));
    QVERIFY(month->showsBudget());
    QVERIFY2(view->monthText().contains(decimal::money(moneyText(toDate.subtotal), u"USD"_s))
                 && view->monthText().contains(decimal::money(moneyText(ahead.subtotal), u"USD"_s)),
             qPrintable(view->monthText()));

    // The month per metric: the fee and five metrics, exact.
    QCOMPARE(view->usageModel()->rowCount(), 6);
    QCOMPARE(view->usageModel()->index(1, 2).data(ReportTableModel::ExactRole).toString(),
             f.usageToDate(u"electrochem-sim"_s).value(u"compute.gb_minutes"_s).toString());

    // Another project: its own figures.
    view->selectProject(u"janua"_s);
    QTRY_COMPARE(m_loop.console->client->project(), u"janua"_s);
    const wb::InvoiceTotals janua = f.price(f.usageToDate(u"janua"_s));
    QTRY_VERIFY2(view->monthText().contains(decimal::money(moneyText(janua.subtotal), u"USD"_s)), qPrintable(view->monthText()));
    QTRY_COMPARE(view->dailyChart()->seriesCount(), 4);
}

void TestConsoleWaybill::oneMetricOverTime()
{
    QVERIFY(m_loop.startConsole());
    WaybillView *view = m_loop.console->view.get();
    view->selectMetric(u"compute.gb_minutes"_s);
    QCOMPARE(view->currentMetric(), u"compute.gb_minutes"_s);
    QCOMPARE(view->dailyChart()->seriesCount(), 1);
    QVERIFY2(view->dailyChart()->titleText().contains(u"Compute"_s), qPrintable(view->dailyChart()->titleText()));
    // From 0 at the month's start, a point at the end of each day so far, the exact figure now;
    // then the forecast from now to the month's end, in GB-hours.
    const WaybillFixture &f = m_loop.fake->fixture;
    const int daysSoFar = f.now().date().day();
    WaybillMonthChart *month = view->monthChart();
    QCOMPARE(month->toDatePointCount(), 1 + daysSoFar + 1);
    QCOMPARE(month->forecastPoints().size(), 2);
    QCOMPARE(month->forecastPoints().constLast().y(),
             decimal::plotValue(f.forecast(u"electrochem-sim"_s).value(u"compute.gb_minutes"_s).toString(), u"60"_s));
    QVERIFY(!month->showsBudget());
    view->selectMetric(QString());
    QCOMPARE(view->dailyChart()->seriesCount(), 4);
}

void TestConsoleWaybill::invoicesWithTheirLines()
{
    QVERIFY(m_loop.startConsole());
    WaybillView *view = m_loop.console->view.get();
    view->showTab(WaybillView::Tab::Invoices);
    QCOMPARE(view->invoicesModel()->rowCount(), 5);
    QStringList states;
    for (int row = 0; row < 5; ++row)
        states << view->invoicesModel()->index(row, 3).data().toString();
    QCOMPARE(states, (QStringList{u"Open"_s, u"Paid"_s, u"Draft"_s, u"Uncollectible"_s, u"Void"_s}));
    // The first invoice's lines are there when the screen answers.
    QCOMPARE(view->linesModel()->rowCount(), 6);
    QCOMPARE(view->currentReport(), Report::Invoice);

    const WaybillFixture &f = m_loop.fake->fixture;
    const auto janua = f.pastInvoices().at(1);
    view->selectInvoice(janua.id);
    QTRY_COMPARE(view->report(Report::Invoice).title, u"Invoice %1"_s.arg(janua.id));
    const wb::InvoiceTotals totals = f.price(f.pastMonth(janua.project, janua.start), janua.credit);
    QCOMPARE(view->linesModel()->rowCount(), totals.lines.size());
    for (int row = 0; row < totals.lines.size(); ++row) {
        QCOMPARE(view->linesModel()->index(row, 2).data(ReportTableModel::ExactRole).toString(), totals.lines.at(row).quantity.toString());
        QCOMPARE(view->linesModel()->index(row, 5).data(ReportTableModel::ExactRole).toString(), moneyText(totals.lines.at(row).rate));
        QCOMPARE(view->linesModel()->index(row, 7).data(ReportTableModel::ExactRole).toString(), moneyText(totals.lines.at(row).amount));
    }
    QCOMPARE(view->linesModel()->index(0, 7).data().toString(), u"20.00 USD"_s);
    QVERIFY(view->report(Report::Invoice).footer.contains(u"Credit applied: 12.50 USD"_s));
}

void TestConsoleWaybill::budgetsAndThePlatformCost()
{
    QVERIFY(m_loop.startConsole());
    WaybillView *view = m_loop.console->view.get();
    QCOMPARE(view->budgetsModel()->rowCount(), 3);
    QCOMPARE(view->budgetsModel()->index(2, 0).data().toString(), u"electrochem-sim"_s);
    QCOMPARE(view->budgetsModel()->index(2, 6).data().toString(), u"Held"_s);
    QCOMPARE(view->budgetsModel()->index(0, 5).data().toString(), u"50, 80 %"_s);
    QCOMPARE(view->budgetsModel()->index(0, 4).data(ReportTableModel::ExactRole).toString(),
             m_loop.fake->fixture.budget(u"forgesight"_s).value("percent"_L1).toString());

    const QString cost = view->platformCostText();
    QVERIFY2(cost.contains(u"105.36 USD"_s) && cost.contains(u"Platform cost &lt; $150/month"_s) && cost.contains(u"44.64 USD"_s),
             qPrintable(cost));
    QVERIFY2(cost.contains(u"meets"_s), qPrintable(cost));
}

void TestConsoleWaybill::exportsFromTheScreen()
{
    QVERIFY(m_loop.startConsole());
    WaybillView *view = m_loop.console->view.get();
    const WaybillFixture &f = m_loop.fake->fixture;

    // The open invoice, as CSV: the backend's lines to the byte.
    const auto open = f.pastInvoices().at(0);
    view->selectInvoice(open.id);
    QTRY_COMPARE(view->report(Report::Invoice).title, u"Invoice %1"_s.arg(open.id));
    QByteArray expected = "Metric,Unit,Quantity,Included,Billable,Rate,Per,Amount\r\n";
    for (const wb::InvoiceLine &l : f.price(f.pastMonth(open.project, open.start)).lines)
        expected += QStringList{l.metric, wb::billedMetric(l.metric) ? wb::billedMetric(l.metric)->unit : u"month"_s,
                                l.quantity.toString(), l.included.toString(), l.billable.toString(), moneyText(l.rate),
                                l.per.toString(), moneyText(l.amount)}
                        .join(u',').toUtf8() + "\r\n";
    const QString csv = m_dir.filePath(u"invoice.csv"_s);
    QString error;
    QVERIFY2(view->exportCsv(Report::Invoice, csv, &error), qPrintable(error));
    QCOMPARE(readFile(csv), expected);

    // Budgets and usage: a header and a row each, decimals as served.
    QVERIFY(view->exportCsv(Report::Budgets, m_dir.filePath(u"budgets.csv"_s), &error));
    const QList<QByteArray> budgetRows = readFile(m_dir.filePath(u"budgets.csv"_s)).split('\n');
    QCOMPARE(budgetRows.size(), 5); // header, three rows, and the empty rest after the last CRLF
    const QJsonObject janua = f.budget(u"janua"_s);
    QCOMPARE(budgetRows.at(2), ("janua," + janua.value("budget"_L1).toString() + "," + janua.value("spent"_L1).toString() + ","
                                + janua.value("forecast"_L1).toString() + "," + janua.value("percent"_L1).toString() + ",,not held,USD\r")
                                   .toUtf8());
    QVERIFY(view->exportCsv(Report::Usage, m_dir.filePath(u"usage.csv"_s), &error));
    QVERIFY(readFile(m_dir.filePath(u"usage.csv"_s)).contains("\r\nplan.fee,month,1,1,0,20.00,month,1,20.00,20.00\r\n"));

    // PDF: a real document with the invoice's number in it.
    const QString pdf = m_dir.filePath(u"invoice.pdf"_s);
    QVERIFY2(view->exportPdf(Report::Invoice, pdf, &error), qPrintable(error));
    const QByteArray bytes = readFile(pdf);
    QVERIFY(bytes.startsWith("%PDF-"));
    QVERIFY(bytes.count("/Type /Page") - bytes.count("/Type /Pages") >= 1);
    QByteArray title("\xfe\xff");
    for (QChar c : u"Invoice %1"_s.arg(open.id))
        title += char(c.unicode() >> 8), title += char(c.unicode() & 0xff);
    QVERIFY(bytes.contains(title));
    QVERIFY(view->exportPdf(Report::Budgets, m_dir.filePath(u"budgets.pdf"_s), &error));
    QVERIFY(readFile(m_dir.filePath(u"budgets.pdf"_s)).startsWith("%PDF-"));
}

void TestConsoleWaybill::forbiddenSaysBillingRead()
{
    m_loop.fake->status = 403;
    QVERIFY(m_loop.startConsole());
    WaybillView *view = m_loop.console->view.get();
    QVERIFY(view->showsPlaceholder());
    QVERIFY2(view->placeholderText().contains(u"needs billing.read"_s), qPrintable(view->placeholderText()));
    QVERIFY2(view->errorText().contains(u"needs billing.read"_s), qPrintable(view->errorText()));
    QVERIFY2(view->platformCostText().contains(u"needs billing.read"_s), qPrintable(view->platformCostText()));
    QString error;
    QVERIFY(!view->exportCsv(Report::Invoice, m_dir.filePath(u"none.csv"_s), &error));
    QVERIFY(!error.isEmpty());
}

void TestConsoleWaybill::unreachableAndBrokenAnswersAreSaid()
{
    // Nothing listening: the screen says so and keeps trying.
    const quint16 port = m_loop.server->port();
    m_loop.server->stop();
    m_loop.console = std::make_unique<Console>(m_loop.server->url());
    m_loop.console->view->show();
    m_loop.console->api.start();
    WaybillView *view = m_loop.console->view.get();
    QTRY_VERIFY2(view->placeholderText().contains(u"Cannot reach encliid"_s), qPrintable(view->placeholderText()));

    // Back, with a broken invoice list: the rest shows, the broken part is named.
    m_loop.fake->brokenInvoices = true;
    QVERIFY(m_loop.server->start(port));
    QTRY_VERIFY_WITH_TIMEOUT(view->hasAnswer(), 10000);
    QVERIFY(!view->showsPlaceholder());
    QVERIFY2(view->errorText().contains(u"not a JSON object"_s), qPrintable(view->errorText()));
    QCOMPARE(view->invoicesModel()->rowCount(), 0);
    QCOMPARE(view->budgetsModel()->rowCount(), 3);

    // Mended: the next refresh clears the message.
    m_loop.fake->brokenInvoices = false;
    m_loop.console->client->refresh();
    QTRY_COMPARE(view->invoicesModel()->rowCount(), 5);
    QTRY_VERIFY2(view->errorText().isEmpty(), qPrintable(view->errorText()));
}

void TestConsoleWaybill::screenshot()
{
    QTranslator english;
    QVERIFY2(english.load(QStringLiteral(ENCLII_EN_QM)), ENCLII_EN_QM);
    QCoreApplication::installTranslator(&english);
    const auto uninstall = qScopeGuard([&english] { QCoreApplication::removeTranslator(&english); });

    const QString path = QDir(screenshotDir()).filePath(u"waybill.png"_s);
    QFile::remove(path);
    ApiClient client;
    client.setBaseUrl(m_loop.server->url());
    MainWindow window(&client);
    ScreenshotRunner runner(&window, MainWindow::Screen::Waybill, path, 20s);
    QSignalSpy finished(&runner, &ScreenshotRunner::finished);
    runner.start();
    client.start();
    QVERIFY(finished.wait(30000));
    QVERIFY2(finished.at(0).at(0).toInt() == 0, qPrintable(finished.at(0).at(1).toString()));
    QCOMPARE(window.currentScreen(), MainWindow::Screen::Waybill);
    QCOMPARE(window.waybillView()->dailyChart()->seriesCount(), 4);
    const QImage image(path);
    QCOMPARE(image.size(), ScreenshotRunner::windowSize());
    const auto stats = enclii::test::measureImage(image);
    qInfo("%d colours, background %.1f %% -> %s", stats.distinctColors, stats.backgroundShare * 100, qPrintable(path));
    QVERIFY(stats.distinctColors >= 300);
    QVERIFY(stats.backgroundShare <= 0.75);
}

QTEST_MAIN(TestConsoleWaybill)
#include "tst_console_waybill.moc"
