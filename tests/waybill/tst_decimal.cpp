#include "waybill/Decimal.h"

#include <QFile>
#include <QTest>

using enclii::waybill::Decimal;
using enclii::waybill::Rounding;

namespace {

Decimal d(const char *text)
{
    const auto v = Decimal::parse(QString::fromLatin1(text));
    if (!v)
        qFatal("test value \"%s\" does not parse", text);
    return *v;
}

const char *kMax = "99999999999999999999999999999.999999999";

} // namespace

Q_DECLARE_METATYPE(Rounding)

namespace enclii::waybill {
// How QCOMPARE prints a Decimal when a comparison fails.
char *toString(const Decimal &v)
{
    return qstrdup(qPrintable(v.toString()));
}
} // namespace enclii::waybill

class TestDecimal : public QObject
{
    Q_OBJECT
private slots:
    void parses_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("canonical");
        QTest::newRow("money") << "12.50" << "12.5";
        QTest::newRow("smallest negative step") << "-0.000000001" << "-0.000000001";
        QTest::newRow("integer") << "42" << "42";
        QTest::newRow("plus sign") << "+7" << "7";
        QTest::newRow("leading zeros") << "007.5" << "7.5";
        QTest::newRow("negative zero") << "-0" << "0";
        QTest::newRow("zero with decimals") << "0.000" << "0";
        QTest::newRow("zeros past the ninth decimal") << "1.5000000000000" << "1.5";
        QTest::newRow("nine decimals") << "0.123456789" << "0.123456789";
        QTest::newRow("largest") << kMax << kMax;
        QTest::newRow("most negative") << "-99999999999999999999999999999.999999999"
                                      << "-99999999999999999999999999999.999999999";
        QTest::newRow("many leading zeros") << ("0000000000000000000000000000000000000001" + QString(".5")) << "1.5";
    }
    void parses()
    {
        QFETCH(QString, text);
        QFETCH(QString, canonical);
        QString error;
        const auto v = Decimal::parse(text, &error);
        QVERIFY2(v.has_value(), qPrintable(error));
        QCOMPARE(v->toString(), canonical);
        // The canonical text reads back as the same value.
        QCOMPARE(*Decimal::parse(canonical), *v);
    }

    void refuses_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << "" << "empty";
        QTest::newRow("exponent") << "1e3" << "exponents are not accepted";
        QTest::newRow("negative exponent") << "2.5E-3" << "exponents are not accepted";
        QTest::newRow("bare dot first") << ".5" << "expected a digit first";
        QTest::newRow("trailing dot") << "5." << "expected a digit after";
        QTest::newRow("leading space") << " 1" << "expected a digit first";
        QTest::newRow("trailing space") << "1 " << "unexpected ' '";
        QTest::newRow("grouping") << "1,000" << "unexpected ','";
        QTest::newRow("tenth decimal") << "0.0000000001" << "more than 9 decimals";
        QTest::newRow("tenth decimal after zeros") << "1.0000000000001" << "more than 9 decimals";
        QTest::newRow("30 integer digits") << "100000000000000000000000000000" << "more than 29 integer digits";
        QTest::newRow("double sign") << "--1" << "expected a digit first";
        QTest::newRow("sign only") << "-" << "expected a digit first";
        QTest::newRow("two dots") << "1.2.3" << "unexpected '.'";
        QTest::newRow("hex") << "0x10" << "unexpected 'x'";
        QTest::newRow("arabic-indic digit") << QString(QChar(0x0661)) << "expected a digit first";
        QTest::newRow("nan") << "nan" << "expected a digit first";
        QTest::newRow("infinity") << "inf" << "expected a digit first";
    }
    void refuses()
    {
        QFETCH(QString, text);
        QFETCH(QString, message);
        QString error;
        QVERIFY(!Decimal::parse(text, &error).has_value());
        QVERIFY2(error.contains(message), qPrintable(error));
    }

    void formatsWithDecimals_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<int>("decimals");
        QTest::addColumn<Rounding>("mode");
        QTest::addColumn<QString>("text");
        QTest::newRow("pads") << "12.5" << 2 << Rounding::HalfEven << "12.50";
        QTest::newRow("integer padded") << "3" << 3 << Rounding::HalfEven << "3.000";
        QTest::newRow("zero") << "0" << 2 << Rounding::HalfEven << "0.00";
        QTest::newRow("half-even down") << "2.345" << 2 << Rounding::HalfEven << "2.34";
        QTest::newRow("half-up up") << "2.345" << 2 << Rounding::HalfUp << "2.35";
        QTest::newRow("down") << "2.349" << 2 << Rounding::Down << "2.34";
        QTest::newRow("up") << "2.341" << 2 << Rounding::Up << "2.35";
        QTest::newRow("no decimals") << "2.5" << 0 << Rounding::HalfEven << "2";
        QTest::newRow("negative") << "-1.005" << 2 << Rounding::HalfUp << "-1.01";
        QTest::newRow("rounds to zero, no sign") << "-0.001" << 2 << Rounding::HalfEven << "0.00";
        QTest::newRow("nine decimals") << "0.000000001" << 9 << Rounding::HalfEven << "0.000000001";
        QTest::newRow("more than nine is clamped") << "1.5" << 12 << Rounding::HalfEven << "1.500000000";
        QTest::newRow("negative decimals clamped") << "7.5" << -1 << Rounding::HalfEven << "8";
        QTest::newRow("carry through nines") << "9.999" << 2 << Rounding::HalfUp << "10.00";
    }
    void formatsWithDecimals()
    {
        QFETCH(QString, value);
        QFETCH(int, decimals);
        QFETCH(Rounding, mode);
        QFETCH(QString, text);
        QCOMPARE(Decimal::parse(value)->toString(decimals, mode), text);
    }

    // The reason this type exists: binary floating point cannot hold 0.1, 0.2 or 0.01.
    void sumsAreExact()
    {
        volatile double a = 0.1;
        volatile double b = 0.2;
        QVERIFY(a + b != 0.3); // the failure this type avoids
        QCOMPARE(d("0.1") + d("0.2"), d("0.3"));
        QCOMPARE((d("0.1") + d("0.2")).toString(), QStringLiteral("0.3"));

        double cents = 0;
        Decimal exact;
        const Decimal cent = d("0.01");
        for (int i = 0; i < 1000000; ++i) {
            cents += 0.01;
            exact += cent;
        }
        QVERIFY(cents != 10000.0);
        QCOMPARE(exact, Decimal::fromInt(10000));
        QCOMPARE(exact.toString(2, Rounding::HalfEven), QStringLiteral("10000.00"));

        QCOMPARE(d("1.1") - d("2.2"), d("-1.1"));
        QCOMPARE(d("0.25") * 3, d("0.75"));
        QCOMPARE(-3 * d("0.000000001"), d("-0.000000003"));
        QCOMPARE(-d("5"), d("-5"));
        QCOMPARE(d("-5").abs(), d("5"));
    }

    void rounding_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<int>("decimals");
        QTest::addColumn<QString>("halfEven");
        QTest::addColumn<QString>("halfUp");
        QTest::addColumn<QString>("down");
        QTest::addColumn<QString>("up");
        QTest::newRow("2.5") << "2.5" << 0 << "2" << "3" << "2" << "3";
        QTest::newRow("3.5") << "3.5" << 0 << "4" << "4" << "3" << "4";
        QTest::newRow("-2.5") << "-2.5" << 0 << "-2" << "-3" << "-2" << "-3";
        QTest::newRow("-3.5") << "-3.5" << 0 << "-4" << "-4" << "-3" << "-4";
        QTest::newRow("0.5") << "0.5" << 0 << "0" << "1" << "0" << "1";
        QTest::newRow("1.5") << "1.5" << 0 << "2" << "2" << "1" << "2";
        QTest::newRow("2.4") << "2.4" << 0 << "2" << "2" << "2" << "3";
        QTest::newRow("2.6") << "2.6" << 0 << "3" << "3" << "2" << "3";
        QTest::newRow("-2.6") << "-2.6" << 0 << "-3" << "-3" << "-2" << "-3";
        QTest::newRow("2.500000001 is past the half") << "2.500000001" << 0 << "3" << "3" << "2" << "3";
        QTest::newRow("exact stays") << "7" << 0 << "7" << "7" << "7" << "7";
        QTest::newRow("1.005 to cents") << "1.005" << 2 << "1" << "1.01" << "1" << "1.01";
        QTest::newRow("1.015 to cents") << "1.015" << 2 << "1.02" << "1.02" << "1.01" << "1.02";
        QTest::newRow("1.025 to cents") << "1.025" << 2 << "1.02" << "1.03" << "1.02" << "1.03";
        QTest::newRow("-0.125 to cents") << "-0.125" << 2 << "-0.12" << "-0.13" << "-0.12" << "-0.13";
    }
    void rounding()
    {
        QFETCH(QString, value);
        QFETCH(int, decimals);
        QFETCH(QString, halfEven);
        QFETCH(QString, halfUp);
        QFETCH(QString, down);
        QFETCH(QString, up);
        const Decimal v = *Decimal::parse(value);
        QCOMPARE(v.rounded(decimals, Rounding::HalfEven).toString(), halfEven);
        QCOMPARE(v.rounded(decimals, Rounding::HalfUp).toString(), halfUp);
        QCOMPARE(v.rounded(decimals, Rounding::Down).toString(), down);
        QCOMPARE(v.rounded(decimals, Rounding::Up).toString(), up);
    }

    void multiplies()
    {
        QCOMPARE(d("0.1").multiplied(d("0.2"), Rounding::HalfEven), d("0.02"));
        QCOMPARE(d("1.5").multiplied(d("1.5"), Rounding::HalfEven), d("2.25"));
        QCOMPARE(d("-1.5").multiplied(d("2"), Rounding::HalfEven), d("-3"));
        QCOMPARE(d("-1.5").multiplied(d("-2"), Rounding::HalfEven), d("3"));
        // 0.0000000005 is a tie at the ninth decimal.
        const Decimal ulp = d("0.000000001");
        const Decimal half = d("0.5");
        QCOMPARE(ulp.multiplied(half, Rounding::HalfEven), Decimal());
        QCOMPARE(ulp.multiplied(half, Rounding::HalfUp), ulp);
        QCOMPARE(ulp.multiplied(half, Rounding::Down), Decimal());
        QCOMPARE(ulp.multiplied(half, Rounding::Up), ulp);
        QCOMPARE((-ulp).multiplied(half, Rounding::HalfUp), -ulp);
        QCOMPARE(d("3").multiplied(half, Rounding::HalfEven, 0), d("2")); // 1.5 -> 2
        QCOMPARE(d("5").multiplied(half, Rounding::HalfEven, 0), d("2")); // 2.5 -> 2

        // Products far beyond 64 and even 128 bits in the intermediate, checked with Python's decimal.
        const Decimal big = d("99999999999999.999999999");
        QCOMPARE(big.multiplied(big, Rounding::HalfEven).toString(),
                 QStringLiteral("9999999999999999999999800000"));
        const Decimal b = d("12345678901234567890.123456789");
        const Decimal c = d("987654321.987654321");
        // exact: 12193263124676116323731138532.360920590112635269
        QCOMPARE(b.multiplied(c, Rounding::HalfEven).toString(), QStringLiteral("12193263124676116323731138532.36092059"));
        QCOMPARE(b.multiplied(c, Rounding::Up).toString(), QStringLiteral("12193263124676116323731138532.360920591"));
        QCOMPARE(b.multiplied(c, Rounding::HalfUp, 2).toString(), QStringLiteral("12193263124676116323731138532.36"));
    }

    void divides()
    {
        QCOMPARE(d("1").divided(d("3"), Rounding::HalfEven), d("0.333333333"));
        QCOMPARE(d("2").divided(d("3"), Rounding::HalfEven), d("0.666666667"));
        QCOMPARE(d("2").divided(d("3"), Rounding::Down), d("0.666666666"));
        QCOMPARE(d("-2").divided(d("3"), Rounding::Up), d("-0.666666667"));
        QCOMPARE(d("-2").divided(d("3"), Rounding::Down), d("-0.666666666"));
        QCOMPARE(d("10").divided(d("4"), Rounding::HalfEven), d("2.5"));
        QCOMPARE(d("10").divided(d("4"), Rounding::HalfEven, 0), d("2"));
        QCOMPARE(d("14").divided(d("4"), Rounding::HalfEven, 0), d("4"));
        QCOMPARE(d("1").divided(d("0.000000001"), Rounding::HalfEven), Decimal::fromInt(1000000000));
        QCOMPARE(d("12345678901234567890.123456789").divided(d("0.000000007"), Rounding::HalfEven).toString(),
                 QStringLiteral("1763668414462081127160493827"));
        // exact: -3741114818555929663.6737747845454...
        const Decimal n = d("-12345678901234567890.123456789");
        QCOMPARE(n.divided(d("3.3"), Rounding::Down).toString(), QStringLiteral("-3741114818555929663.673774784"));
        QCOMPARE(n.divided(d("3.3"), Rounding::HalfEven).toString(), QStringLiteral("-3741114818555929663.673774785"));

        const Decimal byZero = d("1").divided(Decimal(), Rounding::HalfEven);
        QCOMPARE(byZero.status(), Decimal::Status::DivisionByZero);
        QCOMPARE(byZero.toString(), QStringLiteral("division by zero"));
        QCOMPARE(Decimal::mulDiv(d("1"), d("1"), Decimal(), Rounding::HalfEven).status(), Decimal::Status::DivisionByZero);
    }

    // a x b / c rounds once; two roundings (to 9 decimals, then to cents) can move the result a cent.
    void mulDivRoundsOnce()
    {
        QCOMPARE(Decimal::mulDiv(d("135"), d("1"), d("60"), Rounding::HalfEven), d("2.25"));
        // 0.999999999 x 0.005 = 0.004999999995: below half a cent.
        const Decimal a = d("0.999999999");
        const Decimal b = d("0.005");
        QCOMPARE(a.multiplied(b, Rounding::HalfUp, 2), Decimal());
        QCOMPARE(Decimal::mulDiv(a, b, d("1"), Rounding::HalfUp, 2), Decimal());
        QCOMPARE(a.multiplied(b, Rounding::HalfUp).rounded(2, Rounding::HalfUp), d("0.01")); // the double rounding avoided
        QCOMPARE(Decimal::mulDiv(d("-150"), d("0.05"), d("60"), Rounding::HalfEven, 2), d("-0.12"));
        QCOMPARE(Decimal::mulDiv(d("-150"), d("0.05"), d("-60"), Rounding::HalfUp, 2), d("0.13"));
    }

    // 590-odd random products and quotients, up to 38 digits each, with the results Python's
    // decimal module computed (data/gen_decimal_cases.py): an independent check of the 256-bit path.
    void agreesWithAnIndependentImplementation()
    {
        QFile file(QStringLiteral(ENCLII_TEST_DATA_DIR "/decimal_cases.txt"));
        QVERIFY2(file.open(QIODevice::ReadOnly | QIODevice::Text), qPrintable(file.errorString()));
        const auto modeOf = [](const QString &name) {
            if (name == QLatin1String("Down"))
                return Rounding::Down;
            if (name == QLatin1String("Up"))
                return Rounding::Up;
            if (name == QLatin1String("HalfUp"))
                return Rounding::HalfUp;
            return Rounding::HalfEven;
        };
        int checked = 0;
        int overflows = 0;
        while (!file.atEnd()) {
            const QString line = QString::fromUtf8(file.readLine()).trimmed();
            if (line.isEmpty() || line.startsWith(u'#'))
                continue;
            const QStringList f = line.split(u' ');
            QCOMPARE(f.size(), 7);
            const Decimal a = *Decimal::parse(f[1]);
            const Decimal b = *Decimal::parse(f[2]);
            const Rounding mode = modeOf(f[4]);
            const int places = f[5].toInt();
            Decimal r;
            if (f[0] == QLatin1String("mul"))
                r = a.multiplied(b, mode, places);
            else if (f[0] == QLatin1String("div"))
                r = a.divided(b, mode, places);
            else
                r = Decimal::mulDiv(a, b, *Decimal::parse(f[3]), mode, places);
            QVERIFY2(r.toString() == f[6], qPrintable(line + QStringLiteral(" -> ") + r.toString()));
            ++checked;
            overflows += f[6] == QLatin1String("overflow");
        }
        QVERIFY(checked > 500);
        QVERIFY(overflows > 20);
    }

    void overflowIsReportedNeverWrapped()
    {
        const Decimal max = d(kMax);
        const Decimal ulp = d("0.000000001");
        const Decimal over = max + ulp;
        QVERIFY(!over.isValid());
        QCOMPARE(over.status(), Decimal::Status::Overflow);
        QCOMPARE(over.toString(), QStringLiteral("overflow"));
        QVERIFY(!over.checked().has_value());
        QVERIFY(!(-max - ulp).isValid());
        QVERIFY((max + ulp - ulp).status() == Decimal::Status::Overflow); // sticky
        QVERIFY(!(max * 2).isValid());
        QVERIFY(!(Decimal::fromInt(INT64_MAX) * INT64_MAX).isValid());
        QVERIFY(!max.multiplied(max, Rounding::HalfEven).isValid());
        QVERIFY(!max.multiplied(d("1.000000001"), Rounding::Down).isValid());
        QVERIFY(max.multiplied(d("1"), Rounding::Down).isValid());
        QVERIFY(!d("10000000000000000000000000000").divided(ulp, Rounding::HalfEven).isValid());
        QVERIFY(!max.rounded(0, Rounding::HalfUp).isValid()); // rounds up to 10^29
        QCOMPARE(max.rounded(0, Rounding::Down).toString(), QStringLiteral("99999999999999999999999999999"));

        // Like a NaN: never equal, never ordered - an overflowed total cannot match a stored one.
        QVERIFY(!(over == over));
        QVERIFY(over != max);
        QVERIFY(!(over < max) && !(over > max) && !(over <= max) && !(over >= max));
        QVERIFY(!Decimal::max(over, max).isValid());
        QCOMPARE((over + Decimal::fromInt(1)).status(), Decimal::Status::Overflow);
        QCOMPARE((d("1").divided(Decimal(), Rounding::Down) + over).status(), Decimal::Status::DivisionByZero);
    }

    void compares()
    {
        QVERIFY(d("0.1") < d("0.2"));
        QVERIFY(d("-1") < Decimal());
        QVERIFY(d("1.50") == d("1.5"));
        QVERIFY(d("-0.000000001") < Decimal());
        QCOMPARE(Decimal::max(d("0.25"), d("0.5")), d("0.5"));
        QCOMPARE(Decimal::max(d("-3"), d("-2")), d("-2"));
    }

    void integers()
    {
        QCOMPARE(d("42").toInt64(), std::optional<std::int64_t>(42));
        QCOMPARE(d("-7").toInt64(), std::optional<std::int64_t>(-7));
        QVERIFY(!d("4.2").toInt64());
        QVERIFY(!d("10000000000000000000").toInt64()); // above int64
        QVERIFY(d("3.000").isInteger());
        QVERIFY(!d("3.000000001").isInteger());
        QCOMPARE(Decimal::fromInt(INT64_MIN).toInt64(), std::optional<std::int64_t>(INT64_MIN));
        QCOMPARE(Decimal::fromNanos(1), d("0.000000001"));
    }
};

QTEST_APPLESS_MAIN(TestDecimal)
#include "tst_decimal.moc"
