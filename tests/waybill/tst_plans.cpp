// Plans: the files in specs/plans, what a plan must say, the default rates, and pricing with the
// stated rounding (per line, half-even to minor units, then the totals).
#include "waybill/Plan.h"

#include <QTest>

using namespace enclii;
using namespace enclii::waybill;

namespace {

Decimal dec(const char *text)
{
    return *Decimal::parse(QString::fromLatin1(text));
}

QString errorsOf(const QByteArray &yaml)
{
    core::Diagnostics d;
    const auto plan = parsePlan(yaml, QStringLiteral("test.plan"), &d);
    QStringList text;
    for (const auto &x : d)
        text << x.toString();
    return plan ? QString() : text.join(u'\n');
}

const QByteArray kMinimal = "apiVersion: enclii.dev/v1\nkind: Plan\nmetadata: {name: t, version: 2}\n"
                            "spec:\n  currency: USD\n  metrics:\n    - {metric: bandwidth.gb, included: 10, rate: \"0.02\"}\n";

} // namespace

class TestPlans : public QObject
{
    Q_OBJECT
private slots:
    void theShippedPlansLoad()
    {
        PlanCatalog catalog;
        core::Diagnostics d;
        QVERIFY(catalog.loadDirectory(QStringLiteral(ENCLII_SOURCE_DIR "/specs/plans"), &d));
        QVERIFY(d.isEmpty());
        const Plan *standard = catalog.latest(QStringLiteral("standard"));
        QVERIFY(standard);
        QCOMPARE(standard->version, 1);
        QCOMPARE(standard->monthlyFee.toString(), QStringLiteral("20.00 USD"));
        QCOMPARE(standard->metrics.size(), billedMetrics().size());
        // domain.days is not listed: the default rate, no quota.
        QCOMPARE(standard->metric(QStringLiteral("domain.days"))->rate.toString(), QStringLiteral("0.03 USD"));
        QVERIFY(standard->metric(QStringLiteral("domain.days"))->included.isZero());
        QVERIFY(catalog.find(QStringLiteral("free"), 1));
        QVERIFY(!catalog.find(QStringLiteral("free"), 2));
    }

    void leftOutMetricsTakeTheDefaultRate()
    {
        core::Diagnostics d;
        const auto plan = parsePlan(kMinimal, QStringLiteral("t.plan"), &d);
        QVERIFY(plan);
        QCOMPARE(plan->metric(QStringLiteral("bandwidth.gb"))->rate.toString(), QStringLiteral("0.02 USD"));
        QCOMPARE(plan->metric(QStringLiteral("compute.gb_minutes"))->rate.toString(), QStringLiteral("0.006 USD"));
        QCOMPARE(plan->metric(QStringLiteral("build.minutes"))->rate.toString(), QStringLiteral("0.005 USD"));
        QVERIFY(plan->monthlyFee.isZero());
    }

    void badPlansAreRefusedWithTheirPlace_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("expected");
        QByteArray unknown = kMinimal;
        unknown.replace("bandwidth.gb", "bandwith.gb");
        QTest::newRow("unknown metric") << unknown << QStringLiteral("test.plan:7:7: error: spec.metrics[0].metric: unknown metric \"bandwith.gb\"");
        QByteArray floaty = kMinimal;
        floaty.replace("\"0.02\"", "2e-2");
        QTest::newRow("exponent") << floaty << QStringLiteral("spec.metrics[0].rate: expected an exact decimal");
        QByteArray negative = kMinimal;
        negative.replace("included: 10", "included: -1");
        QTest::newRow("negative quota") << negative << QStringLiteral("must not be negative");
        QByteArray euro = kMinimal;
        euro.replace("USD", "EUR");
        QTest::newRow("non-USD without every metric") << euro << QStringLiteral("compute.gb_minutes has no rate; default rates are in USD");
        QByteArray twice = kMinimal + "    - {metric: bandwidth.gb, rate: 1}\n";
        QTest::newRow("metric twice") << twice << QStringLiteral("bandwidth.gb is listed twice");
        QByteArray fee = kMinimal;
        fee.replace("currency: USD", "currency: USD\n  monthlyFee: \"1.005\"");
        QTest::newRow("sub-cent fee") << fee << QStringLiteral("a fee is a whole number of minor units");
        QTest::newRow("alias") << QByteArray("a: &x 1\nb: *x\n") << QStringLiteral("anchors");
        QTest::newRow("not a mapping") << QByteArray("- 1\n") << QStringLiteral("a Plan document is a YAML mapping");
        QByteArray unknownField = kMinimal;
        unknownField.replace("currency: USD", "currency: USD\n  discount: 5");
        QTest::newRow("unknown field") << unknownField << QStringLiteral("discount");
    }

    void badPlansAreRefusedWithTheirPlace()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, expected);
        const QString errors = errorsOf(yaml);
        QVERIFY2(errors.contains(expected), qPrintable(errors));
    }

    void duplicateVersionsAreRefused()
    {
        QTemporaryDir dir;
        for (const char *name : {"/a.plan", "/b.plan"}) {
            QFile f(dir.path() + QLatin1String(name));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(kMinimal);
        }
        PlanCatalog catalog;
        core::Diagnostics d;
        QVERIFY(!catalog.loadDirectory(dir.path(), &d));
        QVERIFY(d.value(0).message.contains(QStringLiteral("plan t version 2 is also defined in")));
        QVERIFY(catalog.find(QStringLiteral("t"), 2)); // the first stands
    }

    // The stated rules: a line is billable x rate / per, rounded once, half-even, to cents; the
    // subtotal is the sum of the rounded lines; credit covers up to the subtotal.
    void pricingRoundsPerLineThenTotals()
    {
        PlanCatalog catalog;
        QVERIFY(catalog.loadDirectory(QStringLiteral(ENCLII_SOURCE_DIR "/specs/plans"), nullptr));
        const Plan &standard = *catalog.latest(QStringLiteral("standard"));
        const QMap<QString, Decimal> usage = {
            {QStringLiteral("compute.gb_minutes"), dec("357120")},  // 5952 GB-hours, 3032 over the quota
            {QStringLiteral("bandwidth.gb"), dec("250.5")},         // 0.5 GB over: 0.005 USD, a tie, to the even cent 0.00
            {QStringLiteral("domain.days"), dec("17")},
            {QStringLiteral("build.minutes"), dec("9")},
        };
        const auto totals = totalInvoice(u"USD", standard.rate(usage), *Money::parse(u"10.00", u"USD"));
        QVERIFY(totals);
        QStringList lines;
        for (const auto &l : totals->lines)
            lines << QStringLiteral("%1 %2 %3").arg(l.metric, l.billable.toString(), l.amount.toString());
        QCOMPARE(lines, (QStringList{QStringLiteral("plan.fee 1 20.00 USD"), QStringLiteral("compute.gb_minutes 181920 15.16 USD"),
                                     QStringLiteral("storage.gb_minutes 0 0.00 USD"), QStringLiteral("build.minutes 0 0.00 USD"),
                                     QStringLiteral("bandwidth.gb 0.5 0.00 USD"), QStringLiteral("domain.days 17 0.51 USD")}));
        QCOMPARE(totals->subtotal.toString(), QStringLiteral("35.67 USD"));
        QCOMPARE(totals->creditApplied.toString(), QStringLiteral("10.00 USD"));
        QCOMPARE(totals->total.toString(), QStringLiteral("25.67 USD"));
    }
};

QTEST_GUILESS_MAIN(TestPlans)
#include "tst_plans.moc"
