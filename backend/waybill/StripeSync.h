#pragma once

#include "waybill/StripeClient.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace enclii::store {
class Database;
}

namespace enclii::waybill {

class Invoices;

// Stripe-Signature (Stripe's webhook signing): "t=<unix seconds>,v1=<hex>[,v1=<hex>...]" where
// each v1 is HMAC-SHA256 under the endpoint's secret of "<t>.<payload>". Valid when one v1
// matches (compared in constant time) and t is within toleranceSeconds of now, either way.
struct SignatureCheck
{
    bool ok = false;
    QString error; // why not, without the secret or the expected digest
};
QByteArray stripeSignature(const QByteArray &secret, qint64 timestamp, const QByteArray &payload);
SignatureCheck verifyStripeSignature(const QByteArray &payload, const QByteArray &header, const QByteArray &secret, qint64 nowSeconds,
                                     int toleranceSeconds = 300);

// Sends our invoices to Stripe and applies Stripe's webhook events to them.
class StripeSync
{
public:
    struct Outcome
    {
        bool ok = false;
        QString error;
        QString stripeInvoiceId;
        QString action; // webhooks: "paid", "voided", "payment-failed", "duplicate", "ignored"
    };

    StripeSync(store::Database &db, Invoices &invoices, StripeClient &client);

    // Sends an open (or later) invoice: the project's Stripe customer (made once), a Stripe
    // invoice, an item per line with an amount and one (negative) for the credit applied, then
    // finalizes it. Every POST's Idempotency-Key is derived from our invoice id and line
    // position ("enclii-inv_janua_202403-line-2"), so calling send() again after any failure -
    // a dropped answer, a crash - completes the same Stripe invoice instead of making another.
    Outcome send(const QString &invoiceId);
    // Voids the invoice's Stripe invoice, if it has one.
    Outcome voidInStripe(const QString &invoiceId);

    // An event whose signature was verified: invoice.paid marks ours paid, invoice.voided void,
    // invoice.payment_failed is recorded only. Each event id is applied once.
    Outcome handleEvent(const QJsonObject &event);

private:
    QString customerFor(const QString &project, QString *error);

    store::Database &m_db;
    Invoices &m_invoices;
    StripeClient &m_client;
};

} // namespace enclii::waybill
