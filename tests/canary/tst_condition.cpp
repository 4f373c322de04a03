// Success conditions: the grammar, NaN never passing, and bad text refused with where.
#include "canary/Condition.h"

#include <QTest>

#include <cmath>

using enclii::canary::Condition;

class TestCondition : public QObject
{
    Q_OBJECT
private slots:
    void evaluates_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<double>("value");
        QTest::addColumn<bool>("holds");
        QTest::newRow("ge pass") << "result >= 0.99" << 0.995 << true;
        QTest::newRow("ge edge") << "result >= 0.99" << 0.99 << true;
        QTest::newRow("ge fail") << "result >= 0.99" << 0.8 << false;
        QTest::newRow("lt") << "result < 0.5" << 0.2 << true;
        QTest::newRow("and") << "result < 0.5 && result > 0" << 0.0 << false;
        QTest::newRow("or") << "result == 0 || result >= 10" << 0.0 << true;
        QTest::newRow("precedence") << "result > 5 || result < 1 && result > 0" << 0.5 << true;
        QTest::newRow("parens") << "(result > 5 || result < 1) && result > 0" << -1.0 << false;
        QTest::newRow("argo index") << "result[0] <= 500" << 420.0 << true;
        QTest::newRow("ne") << "result != 3" << 4.0 << true;
        QTest::newRow("exponent") << "result <= 1e-3" << 0.0005 << true;
        QTest::newRow("nan fails ge") << "result >= 0" << std::nan("") << false;
        QTest::newRow("nan fails ne") << "result != 1" << std::nan("") << false;
    }
    void evaluates()
    {
        QFETCH(QString, text);
        QFETCH(double, value);
        QFETCH(bool, holds);
        QString error;
        const auto c = Condition::parse(text, &error);
        QVERIFY2(c, qPrintable(error));
        QCOMPARE(c->holds(value), holds);
    }

    void refuses_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("reason");
        QTest::newRow("empty") << "" << "expected \"result\"";
        QTest::newRow("no op") << "result 5" << "expected a comparison";
        QTest::newRow("no number") << "result >= x" << "expected a number";
        QTest::newRow("trailing") << "result >= 1 extra" << "unexpected";
        QTest::newRow("unclosed") << "(result >= 1" << "\")\" is missing";
        QTest::newRow("function") << "len(result) > 0" << "expected \"result\"";
        QTest::newRow("deep") << QString(100, u'(') + "result > 1" + QString(100, u')') << "too deeply nested";
        QTest::newRow("inf") << "result < 1e999" << "expected a number";
    }
    void refuses()
    {
        QFETCH(QString, text);
        QFETCH(QString, reason);
        QString error;
        QVERIFY(!Condition::parse(text, &error));
        QVERIFY2(error.contains(reason), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestCondition)
#include "tst_condition.moc"
