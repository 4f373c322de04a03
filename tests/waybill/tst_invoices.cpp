// Invoices against a real PostgreSQL: a month's usage from the rollups priced with the project's
// plan, credits, the preview of the running month with its forecast, and the states
// draft -> open -> paid | void | uncollectible.
#include "WaybillFixture.h"

#include "waybill/Invoices.h"
#include "waybill/Plan.h"
#include "waybill/RollupAggregator.h"
#include "waybill/UsageReports.h"

#include <QTest>

using namespace enclii;
using namespace enclii::test;
using namespace enclii::waybill;
using Outcome = Invoices::Outcome;

namespace {

const QString kForge = QStringLiteral("forgesight");
const char *const kNow = "2024-04-02T01:00:00.000Z";

QStringList lineText(const Invoice &i)
{
    QStringList out;
    for (const auto &l : i.lines)
        out << QStringLiteral("%1 %2 %3").arg(l.metric, l.quantity.toString(), l.amount.toString());
    return out;
}

} // namespace

class TestInvoices : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        m_db = std::make_unique<WaybillDb>(QStringLiteral("invoices"), utc(kNow), 40LL * 24 * 3600 * 1000);
        QVERIFY2(m_db->isValid(), qPrintable(m_db->why()));
        QVERIFY(m_plans.loadDirectory(QStringLiteral(ENCLII_SOURCE_DIR "/specs/plans"), nullptr));
        using UT = UsageType;
        QVERIFY(m_db->add({
            // 4 x max(1 vCPU, 2 GB) = 8 GB all March: 357120 GB-minutes.
            deployStarted(QStringLiteral("f-start"), "2024-03-01T00:00:00.000Z", kForge, QStringLiteral("forgesight-api"), "4", "1", "2"),
            usage(UT::DeploymentStopped, QStringLiteral("f-stop"), "2024-04-01T00:00:00.000Z", kForge, QStringLiteral("forgesight-api")),
            usage(UT::BandwidthUsage, QStringLiteral("f-bw"), "2024-03-31T23:59:59.999Z", kForge, QStringLiteral("forgesight-api"),
                  {{quantity::Gb, dec("250.5")}}),
            usage(UT::DomainAdded, QStringLiteral("f-domain"), "2024-03-15T10:00:00.000Z", kForge, QStringLiteral("forgesight.quest")),
            usage(UT::BuildCompleted, QStringLiteral("f-build"), "2024-03-20T10:00:00.000Z", kForge, QStringLiteral("forgesight-api"),
                  {{quantity::Minutes, dec("8.2")}}),
        }));
        RollupAggregator::Options o;
        o.clock = [] { return utc(kNow); };
        RollupAggregator aggregator(m_db->pg.connectionString(), o);
        const auto report = aggregator.runOnce();
        QVERIFY2(report.error.isEmpty(), qPrintable(report.error));
        m_reports = std::make_unique<UsageReports>(*m_db->db, [] { return utc(kNow); });
        m_invoices = std::make_unique<Invoices>(*m_db->db, m_plans, *m_reports);
    }

    void projectsStartOnTheDefaultPlan()
    {
        const Subscription s = m_invoices->subscription(kForge);
        QVERIFY(s.isDefault);
        QCOMPARE(s.plan, QStringLiteral("standard"));
        QCOMPARE(s.planVersion, 1);
        QCOMPARE(m_invoices->subscribe(kForge, QStringLiteral("standard"), 7, QStringLiteral("t")).outcome, Outcome::Invalid);
        QCOMPARE(m_invoices->subscribe(kForge, QStringLiteral("standard"), 1, QStringLiteral("t")).outcome, Outcome::Ok);
        QVERIFY(!m_invoices->subscription(kForge).isDefault);
    }

    void aRunningMonthCannotBeInvoicedYet()
    {
        const auto r = m_invoices->draft(kForge, utc("2024-04-01T00:00:00.000Z"));
        QCOMPARE(r.outcome, Outcome::Conflict);
        QVERIFY2(r.error.contains(QStringLiteral("not over or not rolled up yet")), qPrintable(r.error));
        QCOMPARE(m_invoices->draft(kForge, utc("2024-03-02T00:00:00.000Z")).outcome, Outcome::Invalid);
    }

    void theDraftHasALinePerMetricAndTheStatedRounding()
    {
        const auto r = m_invoices->draft(kForge, utc("2024-03-01T00:00:00.000Z"));
        QVERIFY2(r.outcome == Outcome::Ok, qPrintable(r.error));
        const Invoice &i = *r.invoice;
        QCOMPARE(i.id, QStringLiteral("inv_forgesight_202403"));
        QCOMPARE(i.status, QStringLiteral("draft"));
        QCOMPARE(i.periodEnd, utc("2024-04-01T00:00:00.000Z"));
        QCOMPARE(lineText(i), (QStringList{QStringLiteral("plan.fee 1 20.00 USD"), QStringLiteral("compute.gb_minutes 357120 15.16 USD"),
                                           QStringLiteral("storage.gb_minutes 0 0.00 USD"), QStringLiteral("build.minutes 9 0.00 USD"),
                                           // 0.5 GB over the quota x 0.01 = 0.005: half-even to 0.00
                                           QStringLiteral("bandwidth.gb 250.5 0.00 USD"),
                                           QStringLiteral("domain.days 17 0.51 USD")}));
        QCOMPARE(i.subtotal.toString(), QStringLiteral("35.67 USD"));
        QCOMPARE(i.total.toString(), QStringLiteral("35.67 USD"));
        // Stored with its lines: read back the same.
        const auto stored = m_invoices->get(i.id);
        QVERIFY(stored);
        QCOMPARE(lineText(*stored), lineText(i));
        QCOMPARE(stored->lines[1].rate.toString(), QStringLiteral("0.005 USD"));
        QCOMPARE(stored->lines[1].included.toString(), QStringLiteral("175200")); // 2920 GB-hours in GB-minutes
    }

    void creditIsAppliedAndDrawnOnFinalize()
    {
        QString error;
        QVERIFY(!m_invoices->grantCredit(kForge, *Money::parse(u"0.001", u"USD"), {}, QStringLiteral("t"), &error));
        QVERIFY(m_invoices->grantCredit(kForge, *Money::parse(u"6.00", u"USD"), QStringLiteral("launch"), QStringLiteral("t"), &error));
        QVERIFY(m_invoices->grantCredit(kForge, *Money::parse(u"40.00", u"USD"), QStringLiteral("goodwill"), QStringLiteral("t"), &error));
        auto r = m_invoices->draft(kForge, utc("2024-03-01T00:00:00.000Z"));
        QCOMPARE(r.invoice->creditApplied.toString(), QStringLiteral("35.67 USD"));
        QCOMPARE(r.invoice->total.toString(), QStringLiteral("0.00 USD"));
        // A draft draws nothing yet.
        QCOMPARE(m_invoices->credits(kForge).value(0).remaining.toString(), QStringLiteral("6.00 USD"));

        r = m_invoices->finalize(QStringLiteral("inv_forgesight_202403"));
        QVERIFY2(r.outcome == Outcome::Ok, qPrintable(r.error));
        QCOMPARE(r.invoice->status, QStringLiteral("open"));
        QVERIFY(r.invoice->finalizedAt.isValid());
        const auto credits = m_invoices->credits(kForge);
        QCOMPARE(credits[0].remaining.toString(), QStringLiteral("0.00 USD"));  // oldest first
        QCOMPARE(credits[1].remaining.toString(), QStringLiteral("10.33 USD")); // 40 - 29.67
        // Finalized means frozen: asking for the draft again returns the open invoice as it is.
        QCOMPARE(m_invoices->draft(kForge, utc("2024-03-01T00:00:00.000Z")).invoice->status, QStringLiteral("open"));
        QCOMPARE(m_invoices->finalize(QStringLiteral("inv_forgesight_202403")).outcome, Outcome::Conflict);
    }

    void voidGivesTheCreditBackAndPaidIsFinal()
    {
        const QString id = QStringLiteral("inv_forgesight_202403");
        auto r = m_invoices->voidInvoice(id);
        QCOMPARE(r.invoice->status, QStringLiteral("void"));
        QCOMPARE(m_invoices->credits(kForge)[1].remaining.toString(), QStringLiteral("40.00 USD"));
        QCOMPARE(m_invoices->markPaid(id).outcome, Outcome::Conflict);
        QCOMPARE(m_invoices->markPaid(QStringLiteral("inv_nothing_202401")).outcome, Outcome::NotFound);

        // Another project through open -> uncollectible -> paid; a repeated "paid" changes nothing.
        const QString other = QStringLiteral("dhanam");
        QCOMPARE(m_invoices->draft(other, utc("2024-03-01T00:00:00.000Z")).outcome, Outcome::Ok);
        QCOMPARE(m_invoices->markPaid(QStringLiteral("inv_dhanam_202403")).outcome, Outcome::Conflict); // a draft is not payable
        QCOMPARE(m_invoices->finalize(QStringLiteral("inv_dhanam_202403")).invoice->total.toString(), QStringLiteral("20.00 USD"));
        QCOMPARE(m_invoices->markUncollectible(QStringLiteral("inv_dhanam_202403")).invoice->status, QStringLiteral("uncollectible"));
        QCOMPARE(m_invoices->markPaid(QStringLiteral("inv_dhanam_202403")).invoice->status, QStringLiteral("paid"));
        QCOMPARE(m_invoices->markPaid(QStringLiteral("inv_dhanam_202403")).outcome, Outcome::Ok);
        QCOMPARE(m_invoices->voidInvoice(QStringLiteral("inv_dhanam_202403")).outcome, Outcome::Conflict);
        QCOMPARE(m_invoices->list({}, QStringLiteral("paid")).size(), 1);
        QCOMPARE(m_invoices->list(kForge, {}).size(), 1);
    }

    void previewOfTheRunningMonthWithForecast()
    {
        // April so far (25 hours): the domain is attached on two UTC days; nothing else runs.
        const auto r = m_invoices->preview(kForge);
        QVERIFY2(r.outcome == Outcome::Ok, qPrintable(r.error));
        const Invoice &p = *r.invoice;
        QCOMPARE(p.status, QStringLiteral("preview"));
        QCOMPARE(p.asOf, utc(kNow));
        QCOMPARE(p.lines.last().quantity.toString(), QStringLiteral("2"));
        QVERIFY(p.forecast);
        // 2 domain-days in 25 of April's 720 hours: 57.6 at the month's end, 1.728 USD -> 1.73.
        QCOMPARE(p.forecast->lines.last().quantity.toString(), QStringLiteral("57.6"));
        QCOMPARE(p.forecast->lines.last().amount.toString(), QStringLiteral("1.73 USD"));
        // Credit left after the void: 46.00, more than the fee and the domains.
        QCOMPARE(p.total.toString(), QStringLiteral("0.00 USD"));
        // Month to date is exact to the minute even where the aggregator has not been: 00:00-01:00
        // on April 2 is not rolled up, its usage comes from the events.
        const MonthUsage m = m_reports->month(kForge);
        QCOMPARE(m.rolledUpThrough, utc("2024-04-02T00:00:00.000Z"));
        QCOMPARE(m.usage.value(QStringLiteral("domain.days")).toString(), QStringLiteral("2"));
        QVERIFY(!m.complete);
    }

private:
    std::unique_ptr<WaybillDb> m_db;
    PlanCatalog m_plans;
    std::unique_ptr<UsageReports> m_reports;
    std::unique_ptr<Invoices> m_invoices;
};

QTEST_GUILESS_MAIN(TestInvoices)
#include "tst_invoices.moc"
