// Waybill's routes through a whole encliid (in-process) with its rollup loop running and Stripe
// pointed at the Stripe-compatible test server: usage posted for last month becomes rollups, an
// invoice is drafted, finalized, sent to Stripe and settled by a signed webhook; a forged one is
// refused; budgets, plans, the platform cost and check mode answer with exact decimal strings.
#include "DaemonFixture.h"
#include "HttpClient.h"

#include "../waybill/StripeTestServer.h"
#include "support/TestPostgres.h"
#include "waybill/StripeSync.h"

#include <QJsonArray>
#include <QTest>
#include <QThread>

using namespace enclii;
using namespace enclii::test;

namespace {

const QString kAdmin = QStringLiteral("admin@waybill.test");
const QString kPassword = QStringLiteral("correct horse battery staple");
const QByteArray kStripeKey = "sk_test_waybill_api";
const QByteArray kWebhookSecret = "whsec_waybill_api";
const QString kProject = QStringLiteral("electrochem-sim");

QDateTime lastMonth()
{
    const QDate today = QDateTime::currentDateTimeUtc().date();
    return QDateTime(QDate(today.year(), today.month(), 1).addMonths(-1), QTime(0, 0), Qt::UTC);
}

} // namespace

class TestWaybillApi : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY2(m_pg.isValid(), qPrintable(m_pg.error()));
        QVERIFY(m_stripe.isListening());
        qputenv("ENCLII_WAYBILL_AGGREGATE_SECONDS", "1");
        qputenv("ENCLII_STRIPE_SECRET_KEY", kStripeKey);
        qputenv("ENCLII_STRIPE_API_BASE", m_stripe.url().toUtf8());
        qputenv("ENCLII_STRIPE_WEBHOOK_SECRET", kWebhookSecret);
        daemon::Config config;
        config.usageGraceHours = 24 * 70; // last month's usage may still arrive in this test
        QVERIFY2(m_fixture.start(m_pg.connectionString(), kAdmin, kPassword, QByteArray(32, 'w'), config), qPrintable(m_fixture.error));
        m_base = m_fixture.base;
        m_admin = m_fixture.adminToken;
    }

    void usageBecomesRollupsWithExactStrings()
    {
        // 10 replicas x max(2 vCPU, 4 GB) = 40 GB for the first 10 days of last month.
        const QDateTime start = lastMonth();
        const QString events = QStringLiteral(
            R"({"mode": "all-or-nothing", "events": [
                 {"idempotencyKey": "ec-start", "type": "deployment.started", "project": "%1", "resource": "ec-worker",
                  "quantities": {"replicas": "10", "vcpu": "2", "memoryGb": "4"}, "timestamp": "%2"},
                 {"idempotencyKey": "ec-stop", "type": "deployment.stopped", "project": "%1", "resource": "ec-worker", "timestamp": "%3"},
                 {"idempotencyKey": "ec-bw", "type": "bandwidth.usage", "project": "%1", "resource": "ec-api",
                  "quantities": {"gb": "0.1"}, "timestamp": "%3"}]})")
                                   .arg(kProject, start.toString(Qt::ISODateWithMs), start.addDays(10).toString(Qt::ISODateWithMs));
        auto r = httpRequest(m_base + QStringLiteral("/v1/usage/events"), "POST", events.toUtf8(), "application/json", bearer(m_admin));
        QVERIFY2(r.status == 201, r.body.constData());
        // The daemon's loop rolls it up; last month is complete once it has passed its end.
        const QString usageUrl = m_base + QStringLiteral("/v1/waybill/projects/%1/usage?month=%2").arg(kProject, start.toString(QStringLiteral("yyyy-MM")));
        QJsonObject usage;
        for (int i = 0; i < 600 && !usage.value(QStringLiteral("complete")).toBool(); ++i) {
            QTest::qWait(100);
            usage = httpRequest(usageUrl, "GET", {}, {}, bearer(m_admin)).json();
        }
        QVERIFY2(usage.value(QStringLiteral("complete")).toBool(), QJsonDocument(usage).toJson().constData());
        QCOMPARE(usage.value(QStringLiteral("usage")).toObject().value(QStringLiteral("compute.gb_minutes")), QJsonValue(QStringLiteral("576000")));
        QCOMPARE(usage.value(QStringLiteral("usage")).toObject().value(QStringLiteral("bandwidth.gb")), QJsonValue(QStringLiteral("0.1")));

        r = httpRequest(m_base + QStringLiteral("/v1/waybill/rollups?granularity=month&project=%1&byResource=true").arg(kProject), "GET", {}, {},
                        bearer(m_admin));
        QCOMPARE(r.status, 200);
        const QJsonArray points = r.json().value(QStringLiteral("points")).toArray();
        QCOMPARE(points.size(), 2);
        QCOMPARE(points[1].toObject().value(QStringLiteral("resource")).toString(), QStringLiteral("ec-worker"));
        QCOMPARE(points[1].toObject().value(QStringLiteral("quantity")), QJsonValue(QStringLiteral("576000")));
        QCOMPARE(httpRequest(m_base + QStringLiteral("/v1/waybill/rollups?granularity=week"), "GET", {}, {}, bearer(m_admin)).status, 400);

        // Check mode over last month: nothing to report.
        r = httpRequest(m_base + QStringLiteral("/v1/waybill/rollups/check?from=%1&to=%2")
                            .arg(start.toString(Qt::ISODateWithMs), start.addMonths(1).toString(Qt::ISODateWithMs)),
                        "GET", {}, {}, bearer(m_admin));
        QVERIFY2(r.status == 200 && r.json().value(QStringLiteral("ok")).toBool(), r.body.constData());
    }

    void invoiceToStripeAndBack()
    {
        const QString month = lastMonth().toString(QStringLiteral("yyyy-MM"));
        const QByteArray body = QStringLiteral(R"({"project": "%1", "month": "%2"})").arg(kProject, month).toUtf8();
        auto r = httpRequest(m_base + QStringLiteral("/v1/waybill/invoices"), "POST", body, "application/json", bearer(m_admin));
        QVERIFY2(r.status == 200, r.body.constData());
        const QJsonObject draft = r.json();
        const QString id = draft.value(QStringLiteral("id")).toString();
        QCOMPARE(draft.value(QStringLiteral("status")).toString(), QStringLiteral("draft"));
        // 9600 GB-hours, 6680 over the standard plan's quota at 0.005: 33.40, plus the 20.00 fee.
        QCOMPARE(draft.value(QStringLiteral("subtotal")), QJsonValue(QStringLiteral("53.40")));
        const QJsonObject compute = draft.value(QStringLiteral("lines")).toArray()[1].toObject();
        QCOMPARE(compute.value(QStringLiteral("metric")).toString(), QStringLiteral("compute.gb_minutes"));
        QCOMPARE(compute.value(QStringLiteral("unit")).toString(), QStringLiteral("GB-hour"));
        QCOMPARE(compute.value(QStringLiteral("rate")), QJsonValue(QStringLiteral("0.005")));
        QCOMPARE(compute.value(QStringLiteral("amount")), QJsonValue(QStringLiteral("33.40")));

        r = httpRequest(m_base + QStringLiteral("/v1/waybill/invoices/%1/finalize").arg(id), "POST", {}, {}, bearer(m_admin));
        QVERIFY2(r.status == 200, r.body.constData());
        const QJsonObject open = r.json();
        QCOMPARE(open.value(QStringLiteral("status")).toString(), QStringLiteral("open"));
        QVERIFY2(open.value(QStringLiteral("stripe")).toObject().value(QStringLiteral("sent")).toBool(), r.body.constData());
        const QString stripeId = open.value(QStringLiteral("stripeInvoiceId")).toString();
        QCOMPARE(m_stripe.object(stripeId).value(QStringLiteral("total")).toInteger(), 5340);
        QCOMPARE(httpRequest(m_base + QStringLiteral("/v1/waybill/invoices/%1/finalize").arg(id), "POST", {}, {}, bearer(m_admin)).status, 409);

        // A forged webhook is refused and changes nothing.
        const QByteArray event = QStringLiteral(R"({"id": "evt_api_1", "type": "invoice.paid", "data": {"object": {"id": "%1"}}})").arg(stripeId).toUtf8();
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        const QByteArray forged = "t=" + QByteArray::number(now) + ",v1=" + waybill::stripeSignature("whsec_guess", now, event);
        r = httpRequest(m_base + QStringLiteral("/v1/webhooks/stripe"), "POST", event, "application/json", {{"Stripe-Signature", forged}});
        QCOMPARE(r.status, 400);
        QCOMPARE(r.json().value(QStringLiteral("code")).toString(), QStringLiteral("bad-signature"));
        QCOMPARE(httpRequest(m_base + QStringLiteral("/v1/waybill/invoices/%1").arg(id), "GET", {}, {}, bearer(m_admin)).json()
                     .value(QStringLiteral("status")).toString(), QStringLiteral("open"));
        // Stripe's signed event settles it.
        const QByteArray signature = "t=" + QByteArray::number(now) + ",v1=" + waybill::stripeSignature(kWebhookSecret, now, event);
        r = httpRequest(m_base + QStringLiteral("/v1/webhooks/stripe"), "POST", event, "application/json", {{"Stripe-Signature", signature}});
        QVERIFY2(r.status == 200, r.body.constData());
        QCOMPARE(r.json().value(QStringLiteral("action")).toString(), QStringLiteral("paid"));
        const QJsonObject paid = httpRequest(m_base + QStringLiteral("/v1/waybill/invoices/%1").arg(id), "GET", {}, {}, bearer(m_admin)).json();
        QCOMPARE(paid.value(QStringLiteral("status")).toString(), QStringLiteral("paid"));
        const auto list = httpRequest(m_base + QStringLiteral("/v1/waybill/invoices?status=paid"), "GET", {}, {}, bearer(m_admin)).json();
        QCOMPARE(list.value(QStringLiteral("invoices")).toArray().size(), 1);
        // Audited.
        const auto audit = httpRequest(m_base + QStringLiteral("/v1/audit?target=invoice/%1").arg(id), "GET", {}, {}, bearer(m_admin));
        QVERIFY2(audit.body.contains("waybill.invoice.finalize"), audit.body.constData());
    }

    void budgetsPlansCreditsAndPlatformCost()
    {
        auto r = httpRequest(m_base + QStringLiteral("/v1/waybill/projects/%1/budget").arg(kProject), "PUT",
                             R"({"amount": 25, "currency": "USD"})", "application/json", bearer(m_admin));
        QCOMPARE(r.status, 422); // a JSON number is refused: amounts are strings
        r = httpRequest(m_base + QStringLiteral("/v1/waybill/projects/%1/budget").arg(kProject), "PUT",
                        R"({"amount": "250.00", "currency": "USD", "holdNonProduction": true})", "application/json", bearer(m_admin));
        QVERIFY2(r.status == 200, r.body.constData());
        QCOMPARE(r.json().value(QStringLiteral("budget")), QJsonValue(QStringLiteral("250.00")));
        QCOMPARE(r.json().value(QStringLiteral("deploysHeld")).toBool(), false);
        QVERIFY(r.json().contains(QStringLiteral("percent")));

        r = httpRequest(m_base + QStringLiteral("/v1/waybill/projects/%1/credits").arg(kProject), "POST",
                        R"({"amount": "12.50", "currency": "USD", "reason": "migration"})", "application/json", bearer(m_admin));
        QVERIFY2(r.status == 201, r.body.constData());
        QCOMPARE(r.json().value(QStringLiteral("credits")).toArray()[0].toObject().value(QStringLiteral("remaining")), QJsonValue(QStringLiteral("12.50")));

        r = httpRequest(m_base + QStringLiteral("/v1/waybill/projects/%1/subscription").arg(kProject), "PUT", R"({"plan": "free", "version": 1})",
                        "application/json", bearer(m_admin));
        QVERIFY2(r.status == 200 && r.json().value(QStringLiteral("plan")).toString() == QLatin1String("free"), r.body.constData());
        QCOMPARE(httpRequest(m_base + QStringLiteral("/v1/waybill/projects/%1/subscription").arg(kProject), "PUT",
                             R"({"plan": "gold", "version": 1})", "application/json", bearer(m_admin)).status, 422);

        r = httpRequest(m_base + QStringLiteral("/v1/waybill/projects/%1/preview").arg(kProject), "GET", {}, {}, bearer(m_admin));
        QVERIFY2(r.status == 200, r.body.constData());
        QCOMPARE(r.json().value(QStringLiteral("status")).toString(), QStringLiteral("preview"));
        QVERIFY(r.json().value(QStringLiteral("forecast")).toObject().contains(QStringLiteral("total")));

        r = httpRequest(m_base + QStringLiteral("/v1/waybill/plans"), "GET", {}, {}, bearer(m_admin));
        QCOMPARE(r.json().value(QStringLiteral("plans")).toArray().size(), 2);
        r = httpRequest(m_base + QStringLiteral("/v1/waybill/platform-cost"), "GET", {}, {}, bearer(m_admin));
        QVERIFY2(r.status == 200, r.body.constData());
        QCOMPARE(r.json().value(QStringLiteral("monthlyTotal")), QJsonValue(QStringLiteral("105.36")));
        QCOMPARE(r.json().value(QStringLiteral("target")), QJsonValue(QStringLiteral("150.00")));
        QVERIFY(r.json().value(QStringLiteral("withinTarget")).toBool());
    }

private:
    TestPostgres m_pg{QStringLiteral("waybillapi")};
    StripeTestServer m_stripe{kStripeKey};
    DaemonFixture m_fixture;
    QString m_base;
    QString m_admin;
};

QTEST_MAIN(TestWaybillApi)
#include "tst_waybill.moc"
