#include "waybill/InvoiceMath.h"
#include "waybill/Metering.h"

#include <QTest>

using namespace enclii::waybill;

namespace {

Decimal d(const char *text)
{
    return *Decimal::parse(QString::fromLatin1(text));
}

Money usd(const char *amount)
{
    return *Money::parse(QString::fromLatin1(amount), u"USD");
}

RatedMetric rated(const QString &metric, const char *quantity, const char *included, const Money &rate,
                  const char *per = "1")
{
    return RatedMetric{metric, d(quantity), d(included), rate, d(per)};
}

} // namespace

namespace enclii::waybill {
char *toString(const Money &v)
{
    return qstrdup(qPrintable(v.toString()));
}
char *toString(const Decimal &v)
{
    return qstrdup(qPrintable(v.toString()));
}
} // namespace enclii::waybill

class TestInvoiceMath : public QObject
{
    Q_OBJECT
private slots:
    // A month written out by hand. Rates per hour applied to per-minute quantities divide by 60
    // inside the one rounding.
    void workedInvoice()
    {
        const QList<RatedMetric> metrics = {
            // 90000 GB-minutes = 1500 GB-hours; 720 included (= 43200 GB-minutes); 780 GB-hours
            // over at 0.0125 USD = 9.75 USD.
            rated(metric::ComputeGbMinutes, "90000", "43200", usd("0.0125"), "60"),
            // 2001 minutes, 2000 included: 1 minute at 0.008 = 0.008 -> 0.01.
            rated(metric::BuildMinutes, "2001", "2000", usd("0.008")),
            // 150 GB-minutes at 0.05 per GB-hour = 0.125 -> 0.12 (half-even: 2 is even).
            rated(metric::StorageGbMinutes, "150", "0", usd("0.05"), "60"),
            // Under the quota: nothing to pay.
            rated(metric::BandwidthGb, "99.999", "100", usd("0.09")),
            // 31 domain-days at 1 USD per domain-month of 30 days: 31 / 30 = 1.0333... -> 1.03.
            rated(metric::DomainDays, "31", "0", usd("1"), "30"),
        };
        QString error;
        const auto t = totalInvoice(u"USD", metrics, usd("5"), &error);
        QVERIFY2(t.has_value(), qPrintable(error));
        QCOMPARE(t->lines.size(), 5);
        QCOMPARE(t->lines[0].billable, d("46800"));
        QCOMPARE(t->lines[0].amount, usd("9.75"));
        QCOMPARE(t->lines[1].billable, d("1"));
        QCOMPARE(t->lines[1].amount, usd("0.01"));
        QCOMPARE(t->lines[2].amount, usd("0.12"));
        QCOMPARE(t->lines[3].billable, Decimal());
        QCOMPARE(t->lines[3].amount, usd("0"));
        QCOMPARE(t->lines[4].amount, usd("1.03"));
        // 9.75 + 0.01 + 0.12 + 0 + 1.03: the sum of the printed lines, not of unrounded amounts.
        QCOMPARE(t->subtotal, usd("10.91"));
        QCOMPARE(t->creditApplied, usd("5"));
        QCOMPARE(t->total, usd("5.91"));
        QCOMPARE(t->creditRemaining, usd("0"));
        for (const InvoiceLine &line : t->lines)
            QVERIFY(line.amount.isRoundedToMinorUnits());
    }

    // Rounding per line can differ from rounding the sum; the rule keeps the lines adding up.
    void linesAddUpToTheSubtotal()
    {
        QList<RatedMetric> metrics;
        for (int i = 0; i < 3; ++i)
            metrics.append(rated(QStringLiteral("m%1").arg(i), "1", "0", usd("0.005"))); // each 0.005 -> 0.00
        const auto t = totalInvoice(u"USD", metrics, usd("0"));
        QVERIFY(t.has_value());
        QCOMPARE(t->subtotal, usd("0")); // not 0.015 -> 0.02: no line shows the cents
        metrics = {rated(QStringLiteral("a"), "1", "0", usd("0.015")), rated(QStringLiteral("b"), "1", "0", usd("0.025"))};
        QCOMPARE(totalInvoice(u"USD", metrics, usd("0"))->subtotal, usd("0.04")); // 0.02 + 0.02
    }

    void creditIsCappedAndCarried()
    {
        const QList<RatedMetric> metrics = {rated(metric::BuildMinutes, "100", "0", usd("0.01"))}; // 1.00
        auto t = totalInvoice(u"USD", metrics, usd("2.50"));
        QCOMPARE(t->subtotal, usd("1"));
        QCOMPARE(t->creditApplied, usd("1"));
        QCOMPARE(t->total, usd("0"));
        QCOMPARE(t->creditRemaining, usd("1.5"));
        t = totalInvoice(u"USD", {}, usd("0"));
        QCOMPARE(t->total, usd("0"));
        QVERIFY(t->lines.isEmpty());
    }

    void zeroDecimalCurrency()
    {
        const Money yen = *Money::parse(u"3", u"JPY");
        // 135 GB-minutes at 3 JPY per GB-hour: 6.75 -> 7.
        const auto t = totalInvoice(u"JPY", {rated(metric::ComputeGbMinutes, "135", "0", yen, "60")}, *Money::zero(u"JPY"));
        QCOMPARE(t->total, *Money::parse(u"7", u"JPY"));
        QCOMPARE(t->total.toMinorUnits(), std::optional<std::int64_t>(7));
    }

    void refusesWhatItCannotPrice()
    {
        QString error;
        QVERIFY(!totalInvoice(u"USD", {rated(QStringLiteral("x"), "1", "0", *Money::parse(u"1", u"EUR"))}, usd("0"), &error));
        QCOMPARE(error, QStringLiteral("x: rate in EUR on an invoice in USD"));
        QVERIFY(!totalInvoice(u"USD", {}, *Money::parse(u"1", u"EUR"), &error));
        QCOMPARE(error, QStringLiteral("the credit must be in USD"));
        QVERIFY(!totalInvoice(u"USD", {}, usd("-1"), &error));
        QVERIFY2(error.contains(QLatin1String("must be zero or more")), qPrintable(error));
        QVERIFY(!totalInvoice(u"USD", {}, usd("0.001"), &error));
        QVERIFY2(error.contains(QLatin1String("whole minor units")), qPrintable(error));
        QVERIFY(!totalInvoice(u"XXX", {}, usd("0"), &error));
        QVERIFY2(error.contains(QLatin1String("unknown currency")), qPrintable(error));
        QVERIFY(!priceLine(rated(QStringLiteral("x"), "1", "0", usd("-0.01")), &error));
        QCOMPARE(error, QStringLiteral("x: negative rate -0.01 USD"));
        QVERIFY(!priceLine(rated(QStringLiteral("x"), "1", "-1", usd("1")), &error));
        QVERIFY(!priceLine(rated(QStringLiteral("x"), "1", "0", usd("1"), "0"), &error));
        QCOMPARE(error, QStringLiteral("x: the rate must be per a positive number of units"));
        QVERIFY(!priceLine(RatedMetric{QStringLiteral("x"), d("1"), d("0"), Money(), d("1")}, &error));
        QCOMPARE(error, QStringLiteral("x: no rate"));
        QVERIFY(!priceLine(RatedMetric{QStringLiteral("x"), Decimal::fromInt(INT64_MAX) * INT64_MAX, d("0"), usd("1"), d("1")},
                           &error));
        QVERIFY(!priceLine(rated(QStringLiteral("x"), "99999999999999999999999999999", "0", usd("10")), &error));
        QCOMPARE(error, QStringLiteral("x: amount out of range"));
    }
};

QTEST_APPLESS_MAIN(TestInvoiceMath)
#include "tst_invoicemath.moc"
