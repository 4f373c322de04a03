// The platform's own cost model: specs/plans/platform.cost against the seed's "< $150/month".
#include "waybill/PlatformCost.h"

#include <QTest>

using namespace enclii;
using namespace enclii::waybill;

class TestPlatformCost : public QObject
{
    Q_OBJECT
private slots:
    void theShippedModelIsUnderTheTarget()
    {
        core::Diagnostics d;
        const auto model = loadPlatformCost(QStringLiteral(ENCLII_SOURCE_DIR "/specs/plans/platform.cost"), &d);
        QVERIFY2(model, qPrintable(d.value(0).toString()));
        QCOMPARE(model->items.size(), 8);
        QCOMPARE(model->items.first().amount.toString(), QStringLiteral("47.70 USD")); // 3 x CPX31
        QCOMPARE(model->monthlyTotal.toString(), QStringLiteral("105.36 USD"));
        // Half of March 2024 (31 days) gone: half the month accrued.
        const auto f = platformCostFigure(*model, QDateTime(QDate(2024, 3, 16), QTime(12, 0), Qt::UTC));
        QCOMPARE(f.target.toString(), QStringLiteral("150.00 USD"));
        QCOMPARE(f.headroom.toString(), QStringLiteral("44.64 USD"));
        QVERIFY(f.withinTarget);
        QCOMPARE(f.monthToDate.toString(), QStringLiteral("52.68 USD"));
    }

    void overTheTargetAndBadFiles()
    {
        const QByteArray over = "apiVersion: enclii.dev/v1\nkind: PlatformCost\nmetadata: {name: x, version: 1}\n"
                                "spec:\n  currency: USD\n  target: 150\n  items:\n    - {name: big node, quantity: 10, unitPrice: \"15.005\"}\n";
        const auto m = parsePlatformCost(over, QStringLiteral("x.cost"), nullptr);
        QVERIFY(m);
        QCOMPARE(m->items[0].amount.toString(), QStringLiteral("150.05 USD"));
        const auto f = platformCostFigure(*m, QDateTime(QDate(2024, 2, 1), QTime(0, 0), Qt::UTC));
        QVERIFY(!f.withinTarget);
        QCOMPARE(f.headroom.toString(), QStringLiteral("-0.05 USD"));
        QCOMPARE(f.monthToDate.toString(), QStringLiteral("0.00 USD"));
        // Exactly at the target is not "< $150".
        QByteArray at = over;
        at.replace("\"15.005\"", "15");
        QVERIFY(!platformCostFigure(*parsePlatformCost(at, QStringLiteral("x.cost"), nullptr), QDateTime::currentDateTimeUtc()).withinTarget);

        core::Diagnostics d;
        QByteArray bad = over;
        bad.replace("quantity: 10", "quantity: ten");
        QVERIFY(!parsePlatformCost(bad, QStringLiteral("x.cost"), &d));
        QVERIFY2(d.value(0).toString().startsWith(QStringLiteral("x.cost:8:")), qPrintable(d.value(0).toString()));
        QVERIFY(!loadPlatformCost(QStringLiteral("/nonexistent/platform.cost"), nullptr));
    }
};

QTEST_GUILESS_MAIN(TestPlatformCost)
#include "tst_platformcost.moc"
