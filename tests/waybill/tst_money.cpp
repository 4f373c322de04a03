#include "waybill/Money.h"

#include <QTest>

using enclii::waybill::Decimal;
using enclii::waybill::Money;
using enclii::waybill::Rounding;

namespace {

Money m(const char *amount, const char *currency)
{
    QString error;
    const auto v = Money::parse(QString::fromLatin1(amount), QString::fromLatin1(currency), &error);
    if (!v)
        qFatal("test money %s %s: %s", amount, currency, qPrintable(error));
    return *v;
}

Decimal d(const char *text)
{
    return *Decimal::parse(QString::fromLatin1(text));
}

} // namespace

namespace enclii::waybill {
char *toString(const Money &v)
{
    return qstrdup(qPrintable(v.toString()));
}
} // namespace enclii::waybill

class TestMoney : public QObject
{
    Q_OBJECT
private slots:
    void currencies()
    {
        QCOMPARE(Money::minorUnitsOf(u"USD"), std::optional<int>(2));
        QCOMPARE(Money::minorUnitsOf(u"EUR"), std::optional<int>(2));
        QCOMPARE(Money::minorUnitsOf(u"MXN"), std::optional<int>(2));
        QCOMPARE(Money::minorUnitsOf(u"JPY"), std::optional<int>(0));
        QCOMPARE(Money::minorUnitsOf(u"KWD"), std::optional<int>(3));
        QCOMPARE(Money::minorUnitsOf(u"usd"), std::optional<int>(2)); // Stripe's spelling
        QVERIFY(!Money::minorUnitsOf(u"XXX"));
        QVERIFY(!Money::minorUnitsOf(u"US"));
        QVERIFY(!Money::minorUnitsOf(u""));

        QCOMPARE(m("1", "usd").currency(), QStringLiteral("USD"));
        QString error;
        QVERIFY(!Money::parse(u"1", u"XXX", &error));
        QVERIFY2(error.contains(QLatin1String("unknown currency \"XXX\"")), qPrintable(error));
        QVERIFY(!Money::parse(u"1e3", u"USD", &error));
        QVERIFY2(error.contains(QLatin1String("exponents")), qPrintable(error));
        QVERIFY(!Money::of(d("1").divided(Decimal(), Rounding::Down), u"USD", &error));
        QVERIFY2(error.contains(QLatin1String("division by zero")), qPrintable(error));
        QVERIFY(!Money().isValid());
    }

    void formats()
    {
        QCOMPARE(m("12.5", "USD").toString(), QStringLiteral("12.50 USD"));
        QCOMPARE(m("-3", "EUR").toString(), QStringLiteral("-3.00 EUR"));
        QCOMPARE(m("500", "JPY").toString(), QStringLiteral("500 JPY"));
        QCOMPARE(m("1.5", "KWD").toString(), QStringLiteral("1.500 KWD"));
        // Sub-minor amounts (rates) are shown exactly, never rounded away.
        QCOMPARE(m("0.000231", "USD").toString(), QStringLiteral("0.000231 USD"));
        QCOMPARE(m("0.5", "JPY").toString(), QStringLiteral("0.5 JPY"));
        QCOMPARE(Money::zero(u"MXN")->toString(), QStringLiteral("0.00 MXN"));
    }

    void addsOnlyEqualCurrencies()
    {
        QCOMPARE(*m("0.10", "USD").plus(m("0.20", "USD")), m("0.30", "USD"));
        QCOMPARE(*m("5", "EUR").minus(m("7.25", "EUR")), m("-2.25", "EUR"));
        QString error;
        QVERIFY(!m("1", "USD").plus(m("1", "EUR"), &error));
        QCOMPARE(error, QStringLiteral("cannot combine USD with EUR"));
        QVERIFY(!m("1", "MXN").minus(m("1", "USD"), &error));
        QCOMPARE(error, QStringLiteral("cannot combine MXN with USD"));
        QVERIFY(!Money().plus(m("1", "USD"), &error));
        QVERIFY(!m("1", "USD").plus(Money(), &error));

        // A million cents are exactly ten thousand dollars.
        Money total = *Money::zero(u"USD");
        const Money cent = m("0.01", "USD");
        for (int i = 0; i < 1000000; ++i)
            total = *total.plus(cent);
        QCOMPARE(total, m("10000", "USD"));
        QCOMPARE(total.toMinorUnits(), std::optional<std::int64_t>(1000000));

        QVERIFY(!m("99999999999999999999999999999", "USD").plus(m("1", "USD"), &error));
        QVERIFY2(error.contains(QLatin1String("out of range")), qPrintable(error));
    }

    void comparesOnlyEqualCurrencies()
    {
        QCOMPARE(m("1", "USD").compare(m("2", "USD")), std::optional(std::strong_ordering::less));
        QCOMPARE(m("2.00", "USD").compare(m("2", "USD")), std::optional(std::strong_ordering::equal));
        QCOMPARE(m("3", "USD").compare(m("2", "USD")), std::optional(std::strong_ordering::greater));
        QVERIFY(!m("1", "USD").compare(m("1", "EUR")));
        QVERIFY(m("1.5", "USD") != m("1.5", "EUR")); // unequal, not an error
        QVERIFY(m("1.5", "USD") == m("1.50", "USD"));
    }

    // The stated rule: amounts round to the currency's minor units, half-even unless told otherwise.
    void roundsToMinorUnits_data()
    {
        QTest::addColumn<QString>("amount");
        QTest::addColumn<QString>("currency");
        QTest::addColumn<QString>("halfEven");
        QTest::addColumn<QString>("halfUp");
        QTest::newRow("USD tie to even, down") << "2.345" << "USD" << "2.34 USD" << "2.35 USD";
        QTest::newRow("USD tie to even, up") << "2.355" << "USD" << "2.36 USD" << "2.36 USD";
        QTest::newRow("USD negative tie") << "-2.345" << "USD" << "-2.34 USD" << "-2.35 USD";
        QTest::newRow("EUR below half") << "0.004999999" << "EUR" << "0.00 EUR" << "0.00 EUR";
        QTest::newRow("MXN above half") << "10.005000001" << "MXN" << "10.01 MXN" << "10.01 MXN";
        QTest::newRow("JPY 2.5") << "2.5" << "JPY" << "2 JPY" << "3 JPY";
        QTest::newRow("JPY 3.5") << "3.5" << "JPY" << "4 JPY" << "4 JPY";
        QTest::newRow("JPY -2.5") << "-2.5" << "JPY" << "-2 JPY" << "-3 JPY";
        QTest::newRow("KWD 1.0005") << "1.0005" << "KWD" << "1.000 KWD" << "1.001 KWD";
    }
    void roundsToMinorUnits()
    {
        QFETCH(QString, amount);
        QFETCH(QString, currency);
        QFETCH(QString, halfEven);
        QFETCH(QString, halfUp);
        const Money v = *Money::parse(amount, currency);
        QVERIFY(!v.isRoundedToMinorUnits());
        QCOMPARE(v.roundedToMinorUnits()->toString(), halfEven); // the default is half-even
        QCOMPARE(v.roundedToMinorUnits(Rounding::HalfEven)->toString(), halfEven);
        QCOMPARE(v.roundedToMinorUnits(Rounding::HalfUp)->toString(), halfUp);
        QVERIFY(v.roundedToMinorUnits()->isRoundedToMinorUnits());
    }

    void ratesRoundOnce()
    {
        // 0.000231 USD per GB-minute for a million GB-minutes.
        QCOMPARE(*m("0.000231", "USD").multiplied(d("1000000")), m("231", "USD"));
        // 0.005 x 0.999999999 = 0.004999999995: under half a cent, so 0.00 - even half-up. Rounding
        // to 9 decimals first would give 0.005000000 and then a whole cent.
        QCOMPARE(*m("0.005", "USD").multiplied(d("0.999999999"), Rounding::HalfUp), m("0", "USD"));
        // 150 GB-minutes at 0.05 USD per GB-hour: 150 x 0.05 / 60 = 0.125.
        QCOMPARE(*m("0.05", "USD").mulDiv(d("150"), d("60")), m("0.12", "USD"));
        QCOMPARE(*m("0.05", "USD").mulDiv(d("150"), d("60"), Rounding::HalfUp), m("0.13", "USD"));
        QCOMPARE(*m("0.05", "USD").mulDiv(d("150"), d("60"), Rounding::Up), m("0.13", "USD"));
        QCOMPARE(*m("0.05", "USD").mulDiv(d("150"), d("60"), Rounding::Down), m("0.12", "USD"));
        // 3 replicas x 0.5 GB x 90 minutes = 135 GB-minutes = 2.25 GB-hours, at 0.02 USD/GB-hour = 0.045.
        QCOMPARE(*m("0.02", "USD").mulDiv(d("135"), d("60")), m("0.04", "USD"));
        QCOMPARE(*m("120", "JPY").mulDiv(d("135"), d("60")), m("270", "JPY"));
        QCOMPARE(*m("7", "JPY").multiplied(d("0.5")), m("4", "JPY")); // 3.5 -> 4 (even)

        QString error;
        QVERIFY(!m("1", "USD").mulDiv(d("1"), Decimal(), Rounding::HalfEven, &error));
        QCOMPARE(error, QStringLiteral("division by zero"));
        QVERIFY(!m("99999999999999999999999999999", "USD").multiplied(d("10"), Rounding::HalfEven, &error));
        QCOMPARE(error, QStringLiteral("amount out of range"));
        QVERIFY(!Money().multiplied(d("1")));
    }

    void minorUnitsForStripe()
    {
        QCOMPARE(m("12.50", "USD").toMinorUnits(), std::optional<std::int64_t>(1250));
        QCOMPARE(m("-0.07", "EUR").toMinorUnits(), std::optional<std::int64_t>(-7));
        QCOMPARE(m("500", "JPY").toMinorUnits(), std::optional<std::int64_t>(500));
        QCOMPARE(m("1.234", "KWD").toMinorUnits(), std::optional<std::int64_t>(1234));
        QVERIFY(!m("12.505", "USD").toMinorUnits()); // not a whole number of cents
        QVERIFY(!m("0.5", "JPY").toMinorUnits());
        QVERIFY(!m("99999999999999999999", "USD").toMinorUnits()); // above int64
        QCOMPARE(*Money::fromMinorUnits(1250, u"usd"), m("12.5", "USD"));
        QCOMPARE(*Money::fromMinorUnits(-5, u"JPY"), m("-5", "JPY"));
        QCOMPARE(*Money::fromMinorUnits(INT64_MAX, u"KWD"), m("9223372036854775.807", "KWD"));
        QVERIFY(!Money::fromMinorUnits(1, u"XYZ"));
    }

    void negates()
    {
        QCOMPARE(m("2.5", "USD").negated(), m("-2.5", "USD"));
        QVERIFY(m("-0.01", "USD").isNegative());
        QVERIFY(Money::zero(u"USD")->isZero());
    }
};

QTEST_APPLESS_MAIN(TestMoney)
#include "tst_money.moc"
