// Budgets against a real PostgreSQL: 50, 80 and 100 % alerts recorded and posted once a month
// to a Slack-compatible webhook, retried when the post fails, and the deploy hold at 100 %.
#include "HookReceiver.h"
#include "WaybillFixture.h"

#include "waybill/Budgets.h"
#include "waybill/Invoices.h"
#include "waybill/Plan.h"
#include "waybill/RollupAggregator.h"
#include "waybill/UsageReports.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace enclii;
using namespace enclii::test;
using namespace enclii::waybill;

namespace {

const char *const kNow = "2024-03-10T12:00:00.000Z";
const QString kBloom = QStringLiteral("bloom-scroll");

Money usd(const char *amount)
{
    return *Money::parse(QString::fromLatin1(amount), u"USD");
}

QList<int> thresholds(const QList<BudgetAlert> &alerts)
{
    QList<int> out;
    for (const auto &a : alerts)
        out << a.threshold;
    return out;
}

} // namespace

class TestBudgets : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        m_db = std::make_unique<WaybillDb>(QStringLiteral("budgets"), utc(kNow), 40LL * 24 * 3600 * 1000);
        QVERIFY2(m_db->isValid(), qPrintable(m_db->why()));
        QVERIFY(m_plans.loadDirectory(QStringLiteral(ENCLII_SOURCE_DIR "/specs/plans"), nullptr));
        // 2 x max(1 vCPU, 2 GB) = 4 GB since March 1st: 912 GB-hours by now, 552 over the free
        // plan's 360 at 0.006: 3.31 USD so far.
        QVERIFY(m_db->add({deployStarted(QStringLiteral("b1"), "2024-03-01T00:00:00.000Z", kBloom, QStringLiteral("bloom-api"), "2", "1", "2"),
                           deployStarted(QStringLiteral("b2"), "2024-03-01T00:00:00.000Z", QStringLiteral("avala"), QStringLiteral("avala-api"),
                                         "2", "1", "2")}));
        RollupAggregator::Options o;
        o.clock = [] { return utc(kNow); };
        QVERIFY(RollupAggregator(m_db->pg.connectionString(), o).runOnce().error.isEmpty());
        m_reports = std::make_unique<UsageReports>(*m_db->db, [] { return utc(kNow); });
        m_invoices = std::make_unique<Invoices>(*m_db->db, m_plans, *m_reports);
        QCOMPARE(m_invoices->subscribe(kBloom, QStringLiteral("free"), 1, QStringLiteral("t")).outcome, Invoices::Outcome::Ok);
        QCOMPARE(m_invoices->subscribe(QStringLiteral("avala"), QStringLiteral("free"), 1, QStringLiteral("t")).outcome, Invoices::Outcome::Ok);
        Budgets::Options bo;
        bo.webhookUrl = m_hook.url();
        bo.clock = [] { return utc(kNow); };
        m_budgets = std::make_unique<Budgets>(*m_db->db, *m_invoices, bo);
    }

    void thresholdsAlertOnceAMonth()
    {
        QString error;
        QVERIFY(!m_budgets->set(kBloom, usd("0"), true, QStringLiteral("t"), &error));
        QVERIFY(m_budgets->set(kBloom, usd("4.00"), true, QStringLiteral("finance@madfam"), &error));
        BudgetStatus s = m_budgets->status(kBloom);
        QCOMPARE(s.spent.toString(), QStringLiteral("3.31 USD"));
        QCOMPARE(s.percent.toString(), QStringLiteral("82.75"));
        QCOMPARE(thresholds(s.alerts), (QList<int>{50, 80}));
        QVERIFY(s.alerts[0].notifiedAt.isValid());
        QVERIFY(!s.held);
        const auto bodies = m_hook.bodies();
        QCOMPARE(bodies.size(), 2);
        const QString text = QJsonDocument::fromJson(bodies[1]).object().value(QStringLiteral("text")).toString();
        QVERIFY2(text.contains(QStringLiteral("*bloom-scroll* has used 80% of its 4.00 USD budget for 2024-03")), qPrintable(text));
        // Evaluating again finds nothing new and posts nothing.
        QVERIFY(m_budgets->evaluate().isEmpty());
        QCOMPARE(m_hook.bodies().size(), 2);
    }

    void fullBudgetHoldsNonProductionDeploys()
    {
        QString error;
        QVERIFY(m_budgets->set(kBloom, usd("3.00"), true, QStringLiteral("t"), &error));
        const BudgetStatus s = m_budgets->status(kBloom);
        QCOMPARE(thresholds(s.alerts), (QList<int>{50, 80, 100}));
        QVERIFY(s.held);
        QVERIFY(m_budgets->deployHeld(kBloom, QStringLiteral("staging")));
        QVERIFY(!m_budgets->deployHeld(kBloom, QStringLiteral("production")));
        QVERIFY(!m_budgets->deployHeld(QStringLiteral("avala"), QStringLiteral("staging")));
        QCOMPARE(m_hook.bodies().size(), 3);
        QVERIFY(m_hook.bodies().last().contains("Deploys to non-production environments are held"));
        // Raising the budget lifts the hold; the month's alerts stay as they were.
        QVERIFY(m_budgets->set(kBloom, usd("10.00"), true, QStringLiteral("t"), &error));
        QVERIFY(!m_budgets->deployHeld(kBloom, QStringLiteral("staging")));
        QCOMPARE(m_budgets->status(kBloom).alerts.size(), 3);
        // A budget that says not to hold never holds.
        QVERIFY(m_budgets->set(kBloom, usd("1.00"), false, QStringLiteral("t"), &error));
        QVERIFY(!m_budgets->deployHeld(kBloom, QStringLiteral("staging")));
    }

    void aFailedPostIsRetried()
    {
        m_hook.setStatus(500);
        QString error;
        QVERIFY(m_budgets->set(QStringLiteral("avala"), usd("6.00"), true, QStringLiteral("t"), &error)); // 55 %
        BudgetStatus s = m_budgets->status(QStringLiteral("avala"));
        QCOMPARE(thresholds(s.alerts), (QList<int>{50}));
        QVERIFY(!s.alerts[0].notifiedAt.isValid());
        QVERIFY2(s.alerts[0].notifyError.contains(QStringLiteral("HTTP 500")), qPrintable(s.alerts[0].notifyError));
        m_hook.setStatus(200);
        const int before = m_hook.bodies().size();
        QVERIFY(m_budgets->evaluate(QStringLiteral("avala")).isEmpty()); // not crossed again...
        QCOMPARE(m_hook.bodies().size(), before + 1);                    // ...but posted now
        s = m_budgets->status(QStringLiteral("avala"));
        QVERIFY(s.alerts[0].notifiedAt.isValid());
        QVERIFY(s.alerts[0].notifyError.isEmpty());
    }

private:
    HookReceiver m_hook;
    std::unique_ptr<WaybillDb> m_db;
    PlanCatalog m_plans;
    std::unique_ptr<UsageReports> m_reports;
    std::unique_ptr<Invoices> m_invoices;
    std::unique_ptr<Budgets> m_budgets;
};

QTEST_GUILESS_MAIN(TestBudgets)
#include "tst_budgets.moc"
