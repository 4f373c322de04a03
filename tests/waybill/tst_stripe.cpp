// The Stripe client and sync against the Stripe-compatible test server (StripeTestServer.h):
// form encoding, idempotency keys derived from our ids, retries after 5xx and after a dropped
// answer (one invoice, not two), Stripe's errors as clear messages, and webhook signatures.
#include "StripeTestServer.h"
#include "WaybillFixture.h"

#include "waybill/Invoices.h"
#include "waybill/Plan.h"
#include "waybill/RollupAggregator.h"
#include "waybill/StripeClient.h"
#include "waybill/StripeSync.h"
#include "waybill/UsageReports.h"

#include <QJsonDocument>
#include <QTest>

using namespace enclii;
using namespace enclii::test;
using namespace enclii::waybill;

namespace {

const QByteArray kKey = "sk_test_51EncliiWaybillKey";
const QByteArray kWebhookSecret = "whsec_test_waybill";

StripeClient::Options clientOptions(const StripeTestServer &server, const QByteArray &key = kKey)
{
    StripeClient::Options o;
    o.apiBase = server.url();
    o.secretKey = key;
    o.backoffMs = 10;
    o.timeoutMs = 5000;
    return o;
}

QString header(qint64 t, const QByteArray &payload, const QByteArray &secret = kWebhookSecret)
{
    return QStringLiteral("t=%1,v1=%2").arg(t).arg(QString::fromLatin1(stripeSignature(secret, t, payload)));
}

} // namespace

class TestStripe : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY(m_server.isListening());
    }

    void formEncoding()
    {
        QCOMPARE(StripeClient::formEncode({{QStringLiteral("metadata[project]"), QStringLiteral("janua api")},
                                           {QStringLiteral("amount"), QStringLiteral("-250")},
                                           {QStringLiteral("description"), QStringLiteral("a&b=c ñ")}}),
                 QByteArray("metadata%5Bproject%5D=janua%20api&amount=-250&description=a%26b%3Dc%20%C3%B1"));
    }

    void sameKeySameParamsGivesTheSavedAnswerOtherParamsAreRefused()
    {
        StripeClient client(clientOptions(m_server));
        const int before = m_server.count(QStringLiteral("customer"));
        const StripeResult first = client.createCustomer(QStringLiteral("janua"), QStringLiteral("key-janua"));
        QVERIFY2(first.ok, qPrintable(first.error.message));
        const StripeResult again = client.createCustomer(QStringLiteral("janua"), QStringLiteral("key-janua"));
        QVERIFY(again.ok);
        QVERIFY(again.replayed);
        QCOMPARE(again.object.value(QStringLiteral("id")), first.object.value(QStringLiteral("id")));
        QCOMPARE(m_server.count(QStringLiteral("customer")), before + 1);
        const StripeResult other = client.createCustomer(QStringLiteral("dhanam"), QStringLiteral("key-janua"));
        QVERIFY(!other.ok);
        QCOMPARE(other.error.httpStatus, 400);
        QCOMPARE(other.error.type, QStringLiteral("idempotency_error"));
        QVERIFY2(other.error.message.contains(QStringLiteral("used before with other parameters")), qPrintable(other.error.message));
        QCOMPARE(m_server.count(QStringLiteral("customer")), before + 1);
        // Every POST carried a key.
        QVERIFY(!m_server.idempotencyKeys().contains(QString()));
    }

    void errorsAreClearAndKeepTheKeyOut()
    {
        StripeClient wrong(clientOptions(m_server, "sk_test_wrongwrongwrong"));
        const StripeResult denied = wrong.createCustomer(QStringLiteral("x"), QStringLiteral("k-denied"));
        QCOMPARE(denied.error.httpStatus, 401);
        QVERIFY2(denied.error.message.contains(QStringLiteral("check the Stripe secret key")), qPrintable(denied.error.message));
        QVERIFY2(!denied.error.message.contains(QStringLiteral("sk_test")), qPrintable(denied.error.message));
        QCOMPARE(denied.attempts, 1); // a 4xx is not retried

        StripeClient client(clientOptions(m_server));
        const StripeResult missing = client.createInvoice(QStringLiteral("cus_nope"), QStringLiteral("USD"), {}, {}, QStringLiteral("k-missing"));
        QCOMPARE(missing.error.code, QStringLiteral("resource_missing"));
        QCOMPARE(missing.error.param, QStringLiteral("customer"));
        QVERIFY2(missing.error.message.startsWith(QStringLiteral("Stripe refused POST /v1/invoices (HTTP 400, invalid_request_error, "
                                                                 "resource_missing) on parameter \"customer\"")),
                 qPrintable(missing.error.message));
        const StripeResult unknown = client.post(QStringLiteral("/v1/customers"), {{QStringLiteral("colour"), QStringLiteral("red")}},
                                                 QStringLiteral("k-unknown"));
        QCOMPARE(unknown.error.code, QStringLiteral("parameter_unknown"));
        QVERIFY(!client.post(QStringLiteral("/v1/customers"), {}, QString()).ok); // no key, no POST
    }

    void retriesAfter5xxWithTheSameKey()
    {
        StripeClient client(clientOptions(m_server));
        m_server.failRequests(2, 503);
        const StripeResult r = client.createCustomer(QStringLiteral("retry"), QStringLiteral("k-retry"));
        QVERIFY2(r.ok, qPrintable(r.error.message));
        QCOMPARE(r.attempts, 3);
        const QStringList keys = m_server.idempotencyKeys();
        QCOMPARE(keys.mid(keys.size() - 3), (QStringList{QStringLiteral("k-retry"), QStringLiteral("k-retry"), QStringLiteral("k-retry")}));

        m_server.failRequests(10, 500);
        const StripeResult down = client.createCustomer(QStringLiteral("down"), QStringLiteral("k-down"));
        QVERIFY(!down.ok);
        QCOMPARE(down.attempts, 4);
        QVERIFY2(down.error.message.contains(QStringLiteral("HTTP 500, api_error")) && down.error.message.contains(QStringLiteral("sending again is safe")),
                 qPrintable(down.error.message));
        m_server.failRequests(0);
    }

    void aDroppedAnswerRetriedMakesOneInvoiceNotTwo()
    {
        StripeClient client(clientOptions(m_server));
        const QString customer = client.createCustomer(QStringLiteral("drop"), QStringLiteral("k-drop-customer")).object.value(QStringLiteral("id")).toString();
        const int before = m_server.count(QStringLiteral("invoice"));
        // Three dropped answers: more than the network stack resends by itself, so the client's
        // own retry has to send the request again, with the same key.
        m_server.dropResponses(QStringLiteral("/v1/invoices"), 3);
        const StripeResult r = client.createInvoice(customer, QStringLiteral("USD"), QStringLiteral("March"), {}, QStringLiteral("k-drop-invoice"));
        QVERIFY2(r.ok, qPrintable(r.error.message));
        QVERIFY(r.attempts >= 2);
        QVERIFY(r.replayed);
        QCOMPARE(m_server.idempotencyKeys().count(QStringLiteral("k-drop-invoice")), 4);
        QCOMPARE(m_server.count(QStringLiteral("invoice")), before + 1);
    }

    void webhookSignatures()
    {
        const QByteArray payload = R"({"id":"evt_1","type":"invoice.paid"})";
        const qint64 now = 1'700'000'000;
        QVERIFY(verifyStripeSignature(payload, header(now - 10, payload).toLatin1(), kWebhookSecret, now).ok);
        // Several v1 values (Stripe signs with each active secret): one match is enough.
        QVERIFY(verifyStripeSignature(payload, (header(now, payload) + QStringLiteral(",v1=") + QString(64, u'0')).toLatin1(), kWebhookSecret, now).ok);
        // Forged: signed with another secret.
        auto c = verifyStripeSignature(payload, header(now, payload, "whsec_attacker").toLatin1(), kWebhookSecret, now);
        QVERIFY(!c.ok);
        QVERIFY(c.error.contains(QStringLiteral("no v1 signature matches")));
        // Tampered payload, replayed old signature, far future, malformed, no secret.
        QVERIFY(!verifyStripeSignature(payload + " ", header(now, payload).toLatin1(), kWebhookSecret, now).ok);
        c = verifyStripeSignature(payload, header(now - 301, payload).toLatin1(), kWebhookSecret, now);
        QVERIFY(!c.ok);
        QVERIFY(c.error.contains(QStringLiteral("301 s")));
        QVERIFY(!verifyStripeSignature(payload, header(now + 301, payload).toLatin1(), kWebhookSecret, now).ok);
        QVERIFY(verifyStripeSignature(payload, header(now + 300, payload).toLatin1(), kWebhookSecret, now).ok);
        QVERIFY(!verifyStripeSignature(payload, "v1=abc", kWebhookSecret, now).ok);
        QVERIFY(!verifyStripeSignature(payload, "t=x,v1=abc", kWebhookSecret, now).ok);
        QVERIFY(!verifyStripeSignature(payload, QByteArray(5000, 'a'), kWebhookSecret, now).ok);
        QVERIFY(!verifyStripeSignature(payload, header(now, payload, "").toLatin1(), "", now).ok);
        QVERIFY(!c.error.contains(QString::fromLatin1(kWebhookSecret)));
    }

    // Our invoice to Stripe with answers dropped on the way: one customer, one invoice, an item
    // per priced line and the credit, the same total; sending again adds nothing; Stripe's
    // webhook events then settle our invoice.
    void invoiceSyncSurvivesDroppedAnswersAndWebhooksSettleIt()
    {
        const QDateTime now = utc("2024-04-01T03:00:00.000Z");
        WaybillDb db(QStringLiteral("stripesync"), now, 40LL * 24 * 3600 * 1000);
        QVERIFY2(db.isValid(), qPrintable(db.why()));
        QVERIFY(db.add({deployStarted(QStringLiteral("s1"), "2024-03-01T00:00:00.000Z", QStringLiteral("fortuna"), QStringLiteral("fortuna-api"),
                                      "4", "1", "2"),
                        usage(UsageType::DeploymentStopped, QStringLiteral("s2"), "2024-04-01T00:00:00.000Z", QStringLiteral("fortuna"),
                              QStringLiteral("fortuna-api"))}));
        RollupAggregator::Options ao;
        ao.clock = [now] { return now; };
        QVERIFY(RollupAggregator(db.pg.connectionString(), ao).runOnce().error.isEmpty());
        PlanCatalog plans;
        QVERIFY(plans.loadDirectory(QStringLiteral(ENCLII_SOURCE_DIR "/specs/plans"), nullptr));
        UsageReports reports(*db.db, [now] { return now; });
        Invoices invoices(*db.db, plans, reports);
        QString error;
        QVERIFY(invoices.grantCredit(QStringLiteral("fortuna"), *Money::parse(u"5.00", u"USD"), {}, QStringLiteral("t"), &error));
        QVERIFY(invoices.draft(QStringLiteral("fortuna"), utc("2024-03-01T00:00:00.000Z")).invoice);
        const auto ours = invoices.finalize(QStringLiteral("inv_fortuna_202403")).invoice;
        QVERIFY(ours);
        QCOMPARE(ours->total.toString(), QStringLiteral("30.16 USD")); // 20.00 + 15.16 - 5.00

        StripeClient client(clientOptions(m_server));
        StripeSync sync(*db.db, invoices, client);
        const int invoicesBefore = m_server.count(QStringLiteral("invoice"));
        const int customersBefore = m_server.count(QStringLiteral("customer"));
        m_server.dropResponses(QStringLiteral("/v1/invoiceitems"), 2);
        auto sent = sync.send(ours->id);
        QVERIFY2(sent.ok, qPrintable(sent.error));
        m_server.dropResponses(QStringLiteral("/v1/invoices"), 1); // the finalize answer, had it been asked again
        sent = sync.send(ours->id);
        QVERIFY2(sent.ok, qPrintable(sent.error));
        m_server.dropResponses({}, 0);
        QCOMPARE(m_server.count(QStringLiteral("invoice")), invoicesBefore + 1);
        QCOMPARE(m_server.count(QStringLiteral("customer")), customersBefore + 1);
        const QJsonObject stripeInvoice = m_server.object(sent.stripeInvoiceId);
        QCOMPARE(stripeInvoice.value(QStringLiteral("status")).toString(), QStringLiteral("open"));
        QCOMPARE(stripeInvoice.value(QStringLiteral("total")).toInteger(), 3016);
        QStringList items;
        for (const QJsonObject &i : m_server.itemsOf(sent.stripeInvoiceId))
            items << QStringLiteral("%1 %2").arg(i.value(QStringLiteral("amount")).toInteger()).arg(i.value(QStringLiteral("description")).toString());
        QCOMPARE(items, (QStringList{QStringLiteral("2000 Plan fee"),
                                     QStringLiteral("1516 compute.gb_minutes: 3032 GB-hour over the quota at 0.005 USD"),
                                     QStringLiteral("-500 Credit applied")}));
        QCOMPARE(invoices.get(ours->id)->stripeInvoiceId, sent.stripeInvoiceId);
        QVERIFY(m_server.idempotencyKeys().contains(QStringLiteral("enclii-inv_fortuna_202403-line-1")));

        // Webhooks (already verified at this point): paid settles ours, a redelivery changes nothing.
        const auto event = [&](const char *id, const char *type) {
            return QJsonObject{{QStringLiteral("id"), QString::fromLatin1(id)}, {QStringLiteral("type"), QString::fromLatin1(type)},
                               {QStringLiteral("data"), QJsonObject{{QStringLiteral("object"), QJsonObject{{QStringLiteral("id"), sent.stripeInvoiceId}}}}}};
        };
        QCOMPARE(sync.handleEvent(event("evt_f1", "invoice.payment_failed")).action, QStringLiteral("payment-failed"));
        QCOMPARE(invoices.get(ours->id)->status, QStringLiteral("open"));
        QCOMPARE(sync.handleEvent(event("evt_f2", "invoice.paid")).action, QStringLiteral("paid"));
        QCOMPARE(invoices.get(ours->id)->status, QStringLiteral("paid"));
        QCOMPARE(sync.handleEvent(event("evt_f2", "invoice.paid")).action, QStringLiteral("duplicate"));
        const auto stranger = sync.handleEvent(QJsonObject{{QStringLiteral("id"), QStringLiteral("evt_x")}, {QStringLiteral("type"), QStringLiteral("invoice.paid")},
                                                           {QStringLiteral("data"), QJsonObject{{QStringLiteral("object"), QJsonObject{{QStringLiteral("id"), QStringLiteral("in_other")}}}}}});
        QCOMPARE(stranger.action, QStringLiteral("ignored"));
        // A paid invoice cannot be voided, here or in Stripe.
        QCOMPARE(sync.handleEvent(event("evt_f3", "invoice.voided")).ok, false);
    }

private:
    StripeTestServer m_server{kKey};
};

QTEST_GUILESS_MAIN(TestStripe)
#include "tst_stripe.moc"
