// Waybill's documents as the console reads them: the shapes encliid serves, built with the
// backend's own pricing, forecasts, budget arithmetic and platform cost (WaybillFixtures.h),
// read back with every amount unchanged; malformed and hostile answers read without a crash;
// the reports' CSV to the byte (RFC 4180 quoting, exact decimals) and their PDF.

#include "WaybillFixtures.h"
#include "models/DecimalText.h"
#include "models/ReportTable.h"
#include "models/WaybillData.h"
#include "models/WaybillReports.h"

#include <QFile>
#include <QJsonDocument>
#include <QLocale>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace enclii::ui;
using namespace Qt::StringLiterals;
using enclii::test::WaybillFixture;
using enclii::test::moneyText;
namespace wb = enclii::waybill;

class TestConsoleWaybillModels : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void decimalText_data();
    void decimalText();
    void roundedOnTheDigits_data();
    void roundedOnTheDigits();
    void invoiceKeepsTheBackendsAmounts();
    void previewHasItsForecast();
    void budgetsAgainstThresholds();
    void platformCostAgainstTheCriterion();
    void usageAndRollups();
    void malformedDocumentsAreRefusedWithAReason();
    void hostileDocumentsDoNotCrash();
    void csvQuotesAndKeepsDecimals();
    void invoiceCsvIsTheBackendsLines();
    void pdfIsAValidDocument();

private:
    WaybillFixture m_fixture;
    QTemporaryDir m_dir;
};

void TestConsoleWaybillModels::initTestCase()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    QVERIFY2(m_fixture.isValid(), "specs/plans could not be read");
    QVERIFY(m_dir.isValid());
}

void TestConsoleWaybillModels::decimalText_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("grouped");
    QTest::newRow("cents") << u"12.50"_s << true << u"12.50"_s;
    QTest::newRow("millions") << u"1234567.125"_s << true << u"1,234,567.125"_s;
    QTest::newRow("thousand") << u"1000"_s << true << u"1,000"_s;
    QTest::newRow("negative") << u"-44.64"_s << true << u"-44.64"_s;
    QTest::newRow("nanos") << u"0.000000001"_s << true << u"0.000000001"_s;
    QTest::newRow("exponent") << u"1e3"_s << false << u"1e3"_s;
    QTest::newRow("bare dot") << u".5"_s << false << u".5"_s;
    QTest::newRow("trailing dot") << u"5."_s << false << u"5."_s;
    QTest::newRow("grouped") << u"1,000"_s << false << u"1,000"_s;
    QTest::newRow("space") << u" 1"_s << false << u" 1"_s;
    QTest::newRow("arabic digits") << u"١٢"_s << false << u"١٢"_s;
    QTest::newRow("empty") << QString() << false << QString();
    QTest::newRow("minus only") << u"-"_s << false << u"-"_s;
    QTest::newRow("too long") << QString(65, u'9') << false << QString(65, u'9');
}

void TestConsoleWaybillModels::decimalText()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(QString, grouped);
    QCOMPARE(decimal::isDecimal(text), valid);
    QCOMPARE(decimal::grouped(text), grouped);
    QCOMPARE(decimal::plotValue(text) != 0.0, valid && text != u"0"_s);
}

void TestConsoleWaybillModels::roundedOnTheDigits_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("decimals");
    QTest::addColumn<QString>("rounded");
    QTest::newRow("forecast") << u"518395.371561961"_s << 3 << u"518395.372"_s;
    QTest::newRow("down") << u"0.30000000000000004"_s << 3 << u"0.300"_s;
    QTest::newRow("carry") << u"99.9996"_s << 3 << u"100.000"_s;
    QTest::newRow("to whole") << u"-2.5"_s << 0 << u"-3"_s;
    QTest::newRow("negative to zero") << u"-0.0004"_s << 3 << u"0.000"_s;
    QTest::newRow("short enough") << u"12.50"_s << 3 << u"12.50"_s;
    QTest::newRow("whole") << u"576000"_s << 3 << u"576000"_s;
    QTest::newRow("not a decimal") << u"1e-9"_s << 3 << u"1e-9"_s;
}

void TestConsoleWaybillModels::roundedOnTheDigits()
{
    QFETCH(QString, text);
    QFETCH(int, decimals);
    QFETCH(QString, rounded);
    QCOMPARE(decimal::rounded(text, decimals), rounded);
}

void TestConsoleWaybillModels::invoiceKeepsTheBackendsAmounts()
{
    const auto past = m_fixture.pastInvoices().at(1); // janua, paid, with a credit
    const wb::InvoiceTotals totals = m_fixture.price(m_fixture.pastMonth(past.project, past.start), past.credit);
    QString error;
    const auto invoice = WaybillInvoice::fromJson(m_fixture.pastInvoice(past, true), &error);
    QVERIFY2(invoice, qPrintable(error));
    QCOMPARE(invoice->id, past.id);
    QCOMPARE(invoice->status, u"paid"_s);
    QCOMPARE(invoice->month(), past.start.toString(u"yyyy-MM"_s));
    QCOMPARE(invoice->plan, u"standard"_s);
    QCOMPARE(invoice->subtotal, moneyText(totals.subtotal));
    QCOMPARE(invoice->creditApplied, u"12.50"_s);
    QCOMPARE(invoice->total, moneyText(totals.total));
    QVERIFY(invoice->hasLines);
    QCOMPARE(invoice->lines.size(), totals.lines.size());
    QCOMPARE(invoice->lines.size(), 6); // the fee and five metrics
    for (int i = 0; i < totals.lines.size(); ++i) {
        const wb::InvoiceLine &b = totals.lines.at(i);
        const WaybillLine &l = invoice->lines.at(i);
        QCOMPARE(l.metric, b.metric);
        QCOMPARE(l.quantity, b.quantity.toString());
        QCOMPARE(l.billable, b.billable.toString());
        QCOMPARE(l.rate, moneyText(b.rate));
        QCOMPARE(l.per, b.per.toString());
        QCOMPARE(l.amount, moneyText(b.amount));
    }
    QCOMPARE(invoice->lines.at(1).unit, u"GB-hour"_s);
    QCOMPARE(invoice->lines.at(1).rate, u"0.005"_s); // a rate keeps its extra digits

    // The list leaves the lines out.
    const WaybillInvoiceList list = WaybillInvoiceList::fromJson(m_fixture.invoices());
    QVERIFY2(list.warnings.isEmpty(), qPrintable(list.warnings.join(u'\n')));
    QCOMPARE(list.invoices.size(), 5);
    QVERIFY(!list.invoices.at(0).hasLines);
    QStringList states;
    for (const WaybillInvoice &i : list.invoices)
        states << i.status;
    QCOMPARE(states, (QStringList{u"open"_s, u"paid"_s, u"draft"_s, u"uncollectible"_s, u"void"_s}));
}

void TestConsoleWaybillModels::previewHasItsForecast()
{
    QString error;
    const auto preview = WaybillInvoice::fromJson(m_fixture.preview(u"forgesight"_s), &error);
    QVERIFY2(preview, qPrintable(error));
    QCOMPARE(preview->status, u"preview"_s);
    QVERIFY(preview->asOf.isValid());
    QVERIFY(preview->forecast.present);
    const wb::InvoiceTotals ahead = m_fixture.price(m_fixture.forecast(u"forgesight"_s));
    QCOMPARE(preview->forecast.subtotal, moneyText(ahead.subtotal));
    QCOMPARE(preview->forecast.lines.size(), ahead.lines.size());
    QCOMPARE(preview->forecast.lines.at(1).amount, moneyText(ahead.lines.at(1).amount));

    // The usage report: a row per line, the forecast amounts beside those to date.
    const auto usage = WaybillMonthUsage::fromJson(m_fixture.usage(u"forgesight"_s), &error);
    QVERIFY(usage);
    const ReportTable report = waybillReports::usage(u"forgesight"_s, &*usage, &*preview);
    QCOMPARE(report.rows.size(), 6);
    const QList<ReportCell> &compute = report.rows.at(1);
    QCOMPARE(compute.at(0).exact, u"compute.gb_minutes"_s);
    QCOMPARE(compute.at(0).shown(), u"Compute"_s);
    QCOMPARE(compute.at(2).exact, m_fixture.usageToDate(u"forgesight"_s).value(u"compute.gb_minutes"_s).toString());
    QCOMPARE(compute.at(3).exact, m_fixture.forecast(u"forgesight"_s).value(u"compute.gb_minutes"_s).toString());
    QCOMPARE(compute.at(9).exact, moneyText(ahead.lines.at(1).amount));
    QVERIFY(report.footer.last().contains(decimal::grouped(moneyText(ahead.total))));
}

void TestConsoleWaybillModels::budgetsAgainstThresholds()
{
    const WaybillBudgetList list = WaybillBudgetList::fromJson(m_fixture.budgets());
    QVERIFY2(list.warnings.isEmpty(), qPrintable(list.warnings.join(u'\n')));
    QCOMPARE(list.budgets.size(), 3);
    const WaybillBudget &forgesight = list.budgets.at(0);
    const WaybillBudget &janua = list.budgets.at(1);
    const WaybillBudget &electrochem = list.budgets.at(2);
    QCOMPARE(forgesight.percent, m_fixture.budget(u"forgesight"_s).value("percent"_L1).toString());
    QVERIFY(forgesight.crossed(80) && !forgesight.crossed(100) && !forgesight.deploysHeld);
    QVERIFY(!janua.crossed(50) && !janua.deploysHeld);
    QVERIFY(electrochem.crossed(100) && electrochem.deploysHeld);
    QCOMPARE(electrochem.alerts.size(), 3);

    const ReportTable report = waybillReports::budgets(list.budgets);
    QCOMPARE(report.rows.size(), 3);
    QCOMPARE(report.rows.at(2).at(6).shown(), u"Held"_s);
    QCOMPARE(report.rows.at(0).at(5).exact, u"50 80"_s);
    QCOMPARE(report.rows.at(0).at(4).exact, forgesight.percent);
    QCOMPARE(report.rows.at(0).at(4).value.toDouble(), decimal::plotValue(forgesight.percent));
}

void TestConsoleWaybillModels::platformCostAgainstTheCriterion()
{
    QString error;
    const auto cost = WaybillPlatformCost::fromJson(m_fixture.platformCost(), &error);
    QVERIFY2(cost, qPrintable(error));
    QCOMPARE(cost->monthlyTotal, u"105.36"_s);
    QCOMPARE(cost->target, u"150.00"_s);
    QCOMPARE(cost->headroom, u"44.64"_s);
    QVERIFY(cost->withinTarget);
    QCOMPARE(cost->criterion, u"Platform cost < $150/month"_s);
    QVERIFY(!cost->items.isEmpty());
    const ReportTable report = waybillReports::platformCost(*cost);
    QCOMPARE(report.rows.size(), cost->items.size());
    QVERIFY(report.footer.first().contains(u"105.36 USD"_s));
}

void TestConsoleWaybillModels::usageAndRollups()
{
    QString error;
    const auto usage = WaybillMonthUsage::fromJson(m_fixture.usage(u"janua"_s), &error);
    QVERIFY2(usage && error.isEmpty(), qPrintable(error));
    QCOMPARE(usage->monthStart, m_fixture.monthStart());
    QCOMPARE(usage->monthEnd, m_fixture.monthEnd());
    QVERIFY(!usage->complete);
    QCOMPARE(usage->usage.value(u"bandwidth.gb"_s), m_fixture.usageToDate(u"janua"_s).value(u"bandwidth.gb"_s).toString());

    const WaybillRollups monthly = WaybillRollups::fromJson(m_fixture.monthly());
    QCOMPARE(monthly.projects(), (QStringList{u"electrochem-sim"_s, u"forgesight"_s, u"janua"_s}));
    const WaybillRollups daily = WaybillRollups::fromJson(m_fixture.daily(u"janua"_s, m_fixture.monthStart()));
    QVERIFY(daily.warnings.isEmpty());
    QCOMPARE(daily.metrics().size(), 4);
    QCOMPARE(daily.points.size(), 4 * (m_fixture.monthStart().date().daysTo(m_fixture.now().date()) + 1));
}

void TestConsoleWaybillModels::malformedDocumentsAreRefusedWithAReason()
{
    QJsonObject invoice = m_fixture.pastInvoice(m_fixture.pastInvoices().at(0), true);
    QString error;

    QJsonObject numberTotal = invoice;
    numberTotal.insert("total"_L1, 53.4);
    QVERIFY(!WaybillInvoice::fromJson(numberTotal, &error));
    QVERIFY2(error.contains(u"JSON number"_s) && error.contains(u"total"_s), qPrintable(error));

    QJsonObject exponent = invoice;
    exponent.insert("subtotal"_L1, u"5.34e1"_s);
    QVERIFY(!WaybillInvoice::fromJson(exponent, &error));
    QVERIFY2(error.contains(u"subtotal"_s), qPrintable(error));

    QJsonObject badLine = invoice;
    QJsonArray lines = badLine.value("lines"_L1).toArray();
    QJsonObject first = lines.at(0).toObject();
    first.remove("amount"_L1);
    lines[0] = first;
    badLine.insert("lines"_L1, lines);
    QVERIFY(!WaybillInvoice::fromJson(badLine, &error));
    QVERIFY2(error.contains(u"amount"_s) && error.contains(u"missing"_s), qPrintable(error));

    QJsonObject noId = invoice;
    noId.remove("id"_L1);
    QVERIFY(!WaybillInvoice::fromJson(noId, &error));

    // A list keeps what it can read and says what it left out.
    QJsonArray mixed{invoice, numberTotal, 42, u"text"_s, QJsonValue(), QJsonArray{1, 2}};
    const WaybillInvoiceList list = WaybillInvoiceList::fromJson({{"invoices"_L1, mixed}});
    QCOMPARE(list.invoices.size(), 1);
    QCOMPARE(list.warnings.size(), 5);

    QJsonObject budget = m_fixture.budget(u"janua"_s);
    budget.insert("spent"_L1, 12);
    QVERIFY(!WaybillBudget::fromJson(budget, &error));
    QJsonObject noBudget = m_fixture.budget(u"janua"_s);
    noBudget.insert("budget"_L1, QJsonValue());
    noBudget.remove("percent"_L1);
    const auto without = WaybillBudget::fromJson(noBudget, &error);
    QVERIFY(without && without->budget.isEmpty());

    QJsonObject cost = m_fixture.platformCost();
    cost.insert("monthlyTotal"_L1, 105.36);
    QVERIFY(!WaybillPlatformCost::fromJson(cost, &error));

    QJsonObject usage = m_fixture.usage(u"janua"_s);
    usage.insert("monthEnd"_L1, u"yesterday"_s);
    QVERIFY(!WaybillMonthUsage::fromJson(usage, &error));

    const WaybillRollups rollups = WaybillRollups::fromJson(
        {{"points"_L1, QJsonArray{QJsonObject{{"windowStart"_L1, u"2025-03-01T00:00:00.000Z"_s}, {"project"_L1, u"p"_s},
                                               {"metric"_L1, u"m"_s}, {"quantity"_L1, 3}}}}});
    QCOMPARE(rollups.points.size(), 0);
    QCOMPARE(rollups.warnings.size(), 1);
}

void TestConsoleWaybillModels::hostileDocumentsDoNotCrash()
{
    // Every value of the real documents swapped, at random, for another type or a broken one.
    const QList<QJsonObject> documents{m_fixture.pastInvoice(m_fixture.pastInvoices().at(0), true), m_fixture.preview(u"janua"_s),
                                       m_fixture.budgets(), m_fixture.platformCost(), m_fixture.usage(u"janua"_s),
                                       m_fixture.daily(u"janua"_s, m_fixture.monthStart()), m_fixture.invoices()};
    const QList<QJsonValue> junk{QJsonValue(), 1e308, -1, true, u""_s, u"-"_s, u"9999999999999999999999999999999999999"_s,
                                 QJsonArray{}, QJsonObject{}, QString(100000, u'7'), u"2025-02-30T25:61:00Z"_s};
    QRandomGenerator random(20250314);
    std::function<QJsonValue(const QJsonValue &)> mutate = [&](const QJsonValue &v) -> QJsonValue {
        if (random.bounded(6) == 0)
            return junk.at(random.bounded(int(junk.size())));
        if (v.isObject()) {
            QJsonObject o = v.toObject();
            for (auto it = o.begin(); it != o.end(); ++it)
                it.value() = mutate(it.value());
            return o;
        }
        if (v.isArray()) {
            QJsonArray a;
            for (const QJsonValue &e : v.toArray())
                a.append(mutate(e));
            return a;
        }
        return v;
    };
    for (int round = 0; round < 300; ++round) {
        for (const QJsonObject &d : documents) {
            const QJsonObject broken = mutate(d).toObject();
            QString error;
            if (const auto i = WaybillInvoice::fromJson(broken, &error))
                (void)waybillReports::invoice(*i).toCsv();
            (void)WaybillInvoiceList::fromJson(broken);
            const WaybillBudgetList budgets = WaybillBudgetList::fromJson(broken);
            (void)waybillReports::budgets(budgets.budgets).toCsv();
            (void)WaybillPlatformCost::fromJson(broken, &error);
            const auto usage = WaybillMonthUsage::fromJson(broken, &error);
            (void)waybillReports::usage(u"p"_s, usage ? &*usage : nullptr, nullptr);
            (void)WaybillRollups::fromJson(broken).metrics();
        }
    }
    // Size: a list far longer than any real one is cut, not read whole.
    QJsonArray many;
    const QJsonObject point = m_fixture.daily(u"janua"_s, m_fixture.now()).value("points"_L1).toArray().at(0).toObject();
    for (int i = 0; i < 25000; ++i)
        many.append(point);
    const WaybillRollups big = WaybillRollups::fromJson({{"points"_L1, many}});
    QCOMPARE(big.points.size(), 20000);
    QVERIFY(big.truncated);
    // Depth: Qt's parser refuses a document nested too deep; the readers get an empty object.
    const QByteArray deep = QByteArray(100000, '[') + QByteArray(100000, ']');
    QVERIFY(QJsonDocument::fromJson(deep).object().isEmpty());
    QCOMPARE(WaybillInvoiceList::fromJson(QJsonDocument::fromJson(deep).object()).invoices.size(), 0);
}

void TestConsoleWaybillModels::csvQuotesAndKeepsDecimals()
{
    WaybillBudget comma;
    comma.project = u"acme, inc"_s;
    comma.budget = u"1234567.125"_s;
    comma.spent = u"0.10"_s;
    comma.forecast = u"0.30000000000000004"_s; // a double would print this as 0.3; the string stays
    comma.percent = u"0.00"_s;
    comma.currency = u"USD"_s;
    WaybillBudget quote;
    quote.project = u"say \"hi\"\nthere"_s;
    quote.budget = u"100.00"_s;
    quote.spent = u"100.01"_s;
    quote.forecast = u"250.99"_s;
    quote.percent = u"100.01"_s;
    quote.currency = u"USD"_s;
    quote.deploysHeld = true;
    quote.holdNonProduction = true;
    quote.alerts = {{50, u"50.00"_s, u"100.00"_s, {}, {}, {}}, {80, u"80.00"_s, u"100.00"_s, {}, {}, {}},
                    {100, u"100.01"_s, u"100.00"_s, {}, {}, {}}};
    const QByteArray csv = waybillReports::budgets({comma, quote}).toCsv();
    const QByteArray expected = "Project,Budget,Spent,Forecast,Used,Thresholds crossed,Deploys,Currency\r\n"
                                "\"acme, inc\",1234567.125,0.10,0.30000000000000004,0.00,,not held,USD\r\n"
                                "\"say \"\"hi\"\"\nthere\",100.00,100.01,250.99,100.01,50 80 100,held,USD\r\n";
    QCOMPARE(csv, expected);

    const QString path = m_dir.filePath(u"budgets.csv"_s);
    QString error;
    QVERIFY2(reportExport::writeCsv(waybillReports::budgets({comma, quote}), path, &error), qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), expected);
    QVERIFY(!reportExport::writeCsv({}, m_dir.filePath(u"no/such/dir/x.csv"_s), &error));
    QVERIFY2(error.contains(u"x.csv"_s), qPrintable(error));

    QCOMPARE(ReportTable::csvField(u"plain"_s), u"plain"_s);
    QCOMPARE(ReportTable::csvField(u"a\rb"_s), u"\"a\rb\""_s);
    QCOMPARE(ReportTable::csvField(QString()), QString());
}

void TestConsoleWaybillModels::invoiceCsvIsTheBackendsLines()
{
    const auto past = m_fixture.pastInvoices().at(0);
    const auto invoice = WaybillInvoice::fromJson(m_fixture.pastInvoice(past, true));
    QVERIFY(invoice);
    QByteArray expected = "Metric,Unit,Quantity,Included,Billable,Rate,Per,Amount\r\n";
    for (const wb::InvoiceLine &l : m_fixture.price(m_fixture.pastMonth(past.project, past.start)).lines) {
        const wb::BilledMetric *b = wb::billedMetric(l.metric);
        expected += QStringList{l.metric, b ? b->unit : u"month"_s, l.quantity.toString(), l.included.toString(), l.billable.toString(),
                                moneyText(l.rate), l.per.toString(), moneyText(l.amount)}
                        .join(u',')
                        .toUtf8()
                    + "\r\n";
    }
    QCOMPARE(waybillReports::invoice(*invoice).toCsv(), expected);
}

void TestConsoleWaybillModels::pdfIsAValidDocument()
{
    const auto past = m_fixture.pastInvoices().at(1);
    const auto invoice = WaybillInvoice::fromJson(m_fixture.pastInvoice(past, true));
    QVERIFY(invoice);
    const ReportTable report = waybillReports::invoice(*invoice);
    QVERIFY(ReportTable::toHtml({report}).contains(past.id));
    const QString path = m_dir.filePath(u"invoice.pdf"_s);
    QString error;
    QVERIFY2(reportExport::writePdf({report}, report.title, path, &error), qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray pdf = file.readAll();
    QVERIFY2(pdf.startsWith("%PDF-"), pdf.left(16).constData());
    QVERIFY(pdf.trimmed().endsWith("%%EOF"));
    QVERIFY2(pdf.count("/Type /Page") - pdf.count("/Type /Pages") >= 1, "no page in the PDF");
    // The invoice number is in the document's metadata (Qt writes it as UTF-16 with a BOM).
    QByteArray title("\xfe\xff");
    for (QChar c : report.title)
        title += char(c.unicode() >> 8), title += char(c.unicode() & 0xff);
    QVERIFY2(pdf.contains(title), "the invoice number is not in the PDF's title");
}

QTEST_MAIN(TestConsoleWaybillModels)
#include "tst_console_waybillmodels.moc"
