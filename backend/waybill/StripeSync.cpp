#include "StripeSync.h"

#include "Invoices.h"
#include "Plan.h"

#include "auth/crypto/PasswordHash.h"
#include "store/Database.h"
#include "store/PqxxUtil_p.h"

#include <pqxx/pqxx>

#include <QMessageAuthenticationCode>

namespace enclii::waybill {

using store::detail::qstr;
using store::detail::str;

namespace {

constexpr qsizetype kMaxHeader = 4096;
constexpr int kMaxSignatures = 16;

QString describe(const InvoiceLine &l)
{
    if (l.metric == kFeeMetric)
        return QStringLiteral("Plan fee");
    const BilledMetric *b = billedMetric(l.metric);
    const Decimal per = l.per.isZero() ? Decimal::fromInt(1) : l.per;
    const Decimal units = l.billable.divided(per, Rounding::HalfEven, 6);
    return QStringLiteral("%1: %2 %3 over the quota at %4").arg(l.metric, units.toString(), b ? b->unit : QString(), l.rate.toString());
}

} // namespace

QByteArray stripeSignature(const QByteArray &secret, qint64 timestamp, const QByteArray &payload)
{
    return QMessageAuthenticationCode::hash(QByteArray::number(timestamp) + '.' + payload, secret, QCryptographicHash::Sha256).toHex();
}

SignatureCheck verifyStripeSignature(const QByteArray &payload, const QByteArray &header, const QByteArray &secret, qint64 nowSeconds,
                                     int toleranceSeconds)
{
    SignatureCheck c;
    if (secret.isEmpty()) {
        c.error = QStringLiteral("no webhook signing secret is configured");
        return c;
    }
    if (header.isEmpty() || header.size() > kMaxHeader) {
        c.error = QStringLiteral("the Stripe-Signature header is missing or too long");
        return c;
    }
    std::optional<qint64> timestamp;
    QList<QByteArray> signatures;
    for (const QByteArray &part : header.split(',')) {
        const qsizetype eq = part.indexOf('=');
        if (eq <= 0)
            continue;
        const QByteArray key = part.left(eq).trimmed();
        const QByteArray value = part.mid(eq + 1).trimmed();
        bool ok = false;
        if (key == "t") {
            const qint64 t = value.toLongLong(&ok);
            if (!ok || timestamp) {
                c.error = QStringLiteral("the Stripe-Signature header has a bad or repeated timestamp");
                return c;
            }
            timestamp = t;
        } else if (key == "v1" && signatures.size() < kMaxSignatures) {
            signatures << value.toLower();
        }
    }
    if (!timestamp || signatures.isEmpty()) {
        c.error = QStringLiteral("the Stripe-Signature header needs t=<timestamp> and at least one v1=<signature>");
        return c;
    }
    if (std::abs(nowSeconds - *timestamp) > toleranceSeconds) {
        c.error = QStringLiteral("the signature's timestamp is %1 s from this server's clock; at most %2 s are accepted (a replay, or a "
                                 "clock to set right)").arg(std::abs(nowSeconds - *timestamp)).arg(toleranceSeconds);
        return c;
    }
    const QByteArray expected = stripeSignature(secret, *timestamp, payload);
    bool match = false;
    for (const QByteArray &s : signatures)
        match = auth::constantTimeEquals(expected, s) || match; // every candidate is compared: no early exit
    c.ok = match;
    if (!match)
        c.error = QStringLiteral("no v1 signature matches the payload under the configured secret");
    return c;
}

StripeSync::StripeSync(store::Database &db, Invoices &invoices, StripeClient &client) : m_db(db), m_invoices(invoices), m_client(client) {}

QString StripeSync::customerFor(const QString &project, QString *error)
{
    QString id;
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::read_transaction tx(c);
        const auto rows = tx.exec_params("SELECT customer_id FROM waybill_stripe_customers WHERE project = $1", str(project));
        id = rows.empty() ? QString() : qstr(rows[0][0]);
    });
    if (!id.isEmpty())
        return id;
    const StripeResult r = m_client.createCustomer(project, QStringLiteral("enclii-customer-%1").arg(project));
    if (!r.ok) {
        *error = r.error.message;
        return {};
    }
    id = r.object.value(QStringLiteral("id")).toString();
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::work tx(c);
        tx.exec_params("INSERT INTO waybill_stripe_customers (project, customer_id) VALUES ($1, $2) ON CONFLICT (project) DO NOTHING",
                       str(project), str(id));
        tx.commit();
    });
    return id;
}

StripeSync::Outcome StripeSync::send(const QString &invoiceId)
{
    Outcome out;
    const auto invoice = m_invoices.get(invoiceId);
    if (!invoice) {
        out.error = QStringLiteral("no invoice %1").arg(invoiceId);
        return out;
    }
    if (invoice->status == QLatin1String("draft") || invoice->status == QLatin1String("void")) {
        out.error = QStringLiteral("invoice %1 is %2; only finalized invoices go to Stripe").arg(invoiceId, invoice->status);
        return out;
    }
    const QString customer = customerFor(invoice->project, &out.error);
    if (customer.isEmpty())
        return out;
    const QString prefix = QStringLiteral("enclii-%1-").arg(invoiceId);
    QString stripeId = invoice->stripeInvoiceId;
    if (stripeId.isEmpty()) {
        const StripeResult r = m_client.createInvoice(
            customer, invoice->currency,
            QStringLiteral("Enclii %1, %2").arg(invoice->project, invoice->periodStart.toString(QStringLiteral("yyyy-MM"))),
            {{QStringLiteral("enclii_invoice"), invoiceId}}, prefix + QStringLiteral("invoice"));
        if (!r.ok) {
            out.error = r.error.message;
            return out;
        }
        stripeId = r.object.value(QStringLiteral("id")).toString();
        m_invoices.setStripeInvoiceId(invoiceId, stripeId);
    }
    out.stripeInvoiceId = stripeId;
    const StripeResult current = m_client.getInvoice(stripeId);
    if (!current.ok) {
        out.error = current.error.message;
        return out;
    }
    if (current.object.value(QStringLiteral("status")).toString() == QLatin1String("draft")) {
        for (qsizetype i = 0; i < invoice->lines.size(); ++i) {
            const InvoiceLine &l = invoice->lines[i];
            const auto minor = l.amount.toMinorUnits();
            if (!minor || *minor == 0)
                continue;
            const StripeResult r = m_client.createInvoiceItem(customer, stripeId, *minor, invoice->currency, describe(l),
                                                              prefix + QStringLiteral("line-%1").arg(i));
            if (!r.ok) {
                out.error = r.error.message;
                return out;
            }
        }
        if (const auto credit = invoice->creditApplied.toMinorUnits(); credit && *credit > 0) {
            const StripeResult r = m_client.createInvoiceItem(customer, stripeId, -*credit, invoice->currency,
                                                              QStringLiteral("Credit applied"), prefix + QStringLiteral("credit"));
            if (!r.ok) {
                out.error = r.error.message;
                return out;
            }
        }
        const StripeResult r = m_client.finalizeInvoice(stripeId, prefix + QStringLiteral("finalize"));
        if (!r.ok) {
            out.error = r.error.message;
            return out;
        }
    }
    out.ok = true;
    return out;
}

StripeSync::Outcome StripeSync::voidInStripe(const QString &invoiceId)
{
    Outcome out;
    const auto invoice = m_invoices.get(invoiceId);
    if (!invoice || invoice->stripeInvoiceId.isEmpty()) {
        out.ok = true; // nothing in Stripe to void
        return out;
    }
    out.stripeInvoiceId = invoice->stripeInvoiceId;
    const StripeResult r = m_client.voidInvoice(invoice->stripeInvoiceId, QStringLiteral("enclii-%1-void").arg(invoiceId));
    out.ok = r.ok;
    out.error = r.error.message;
    return out;
}

StripeSync::Outcome StripeSync::handleEvent(const QJsonObject &event)
{
    Outcome out;
    const QString eventId = event.value(QStringLiteral("id")).toString().left(255);
    const QString type = event.value(QStringLiteral("type")).toString().left(100);
    const QString stripeId = event.value(QStringLiteral("data")).toObject().value(QStringLiteral("object")).toObject()
                                 .value(QStringLiteral("id")).toString().left(255);
    if (eventId.isEmpty() || type.isEmpty()) {
        out.error = QStringLiteral("the event has no id or type");
        return out;
    }
    bool seen = false;
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::read_transaction tx(c);
        seen = !tx.exec_params("SELECT 1 FROM waybill_stripe_events WHERE event_id = $1", str(eventId)).empty();
    });
    out.ok = true;
    out.stripeInvoiceId = stripeId;
    if (seen) {
        out.action = QStringLiteral("duplicate");
        return out;
    }
    const auto invoice = stripeId.isEmpty() ? std::nullopt : m_invoices.findByStripeId(stripeId);
    if (!invoice || !type.startsWith(QLatin1String("invoice."))) {
        out.action = QStringLiteral("ignored"); // not one of ours, or not an invoice event
    } else if (type == QLatin1String("invoice.paid")) {
        const auto r = m_invoices.markPaid(invoice->id);
        out.ok = r.outcome == Invoices::Outcome::Ok;
        out.error = r.error;
        out.action = QStringLiteral("paid");
    } else if (type == QLatin1String("invoice.voided")) {
        const auto r = m_invoices.voidInvoice(invoice->id);
        out.ok = r.outcome == Invoices::Outcome::Ok;
        out.error = r.error;
        out.action = QStringLiteral("voided");
    } else if (type == QLatin1String("invoice.payment_failed")) {
        out.action = QStringLiteral("payment-failed"); // stays open; Stripe retries the payment by its own schedule
    } else {
        out.action = QStringLiteral("ignored");
    }
    if (out.ok) {
        m_db.withConnection([&](pqxx::connection_base &c) {
            pqxx::work tx(c);
            tx.exec_params("INSERT INTO waybill_stripe_events (event_id, type) VALUES ($1, $2) ON CONFLICT DO NOTHING", str(eventId), str(type));
            tx.commit();
        });
    }
    return out;
}

} // namespace enclii::waybill
