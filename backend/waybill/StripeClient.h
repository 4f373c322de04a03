#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

namespace enclii::waybill {

// What went wrong talking to Stripe, in Stripe's words (type, code, param) and ours.
struct StripeError
{
    int httpStatus = 0;   // 0: no answer (network error, timeout)
    QString type;         // api_error | card_error | idempotency_error | invalid_request_error | ...
    QString code;         // resource_missing, parameter_missing, ...
    QString param;
    QString stripeMessage;
    QString message;      // ours: what happened and what to do; never holds the API key
};

struct StripeResult
{
    bool ok = false;
    QJsonObject object; // the object Stripe answered with
    StripeError error;
    int attempts = 0;
    bool replayed = false; // Stripe answered from its idempotency store (Idempotent-Replayed: true)
};

using FormParams = QList<QPair<QString, QString>>;

// A small client of Stripe's REST API (v1) for the objects Waybill sends: customers, invoice
// items and invoices (create, finalize, void).
//
// Requests are form-encoded (application/x-www-form-urlencoded, nested keys as
// "metadata[project]"), authenticated with the secret key as a bearer token. Every POST carries
// an Idempotency-Key, which callers derive from our own ids ("enclii-inv_x_202403-line-2"), so
// a retry - by this client after a dropped answer, or by the caller after a crash - is answered
// from Stripe's idempotency store instead of creating a second object. Network errors, 429 and
// 5xx answers are retried with the same key, up to maxAttempts, with exponential backoff.
// Blocking; safe to call from any thread except one whose event loop the server itself needs.
class StripeClient
{
public:
    struct Options
    {
        QString apiBase = QStringLiteral("https://api.stripe.com");
        QByteArray secretKey; // sk_live_... / sk_test_...
        int timeoutMs = 15000;
        int maxAttempts = 4;
        int backoffMs = 250; // doubled after each attempt
    };

    explicit StripeClient(Options options);

    StripeResult createCustomer(const QString &project, const QString &idempotencyKey);
    StripeResult createInvoice(const QString &customerId, const QString &currency, const QString &description,
                               const FormParams &metadata, const QString &idempotencyKey);
    // amountMinor in the currency's minor units (cents); negative for a credit.
    StripeResult createInvoiceItem(const QString &customerId, const QString &invoiceId, qint64 amountMinor, const QString &currency,
                                   const QString &description, const QString &idempotencyKey);
    StripeResult finalizeInvoice(const QString &invoiceId, const QString &idempotencyKey);
    StripeResult voidInvoice(const QString &invoiceId, const QString &idempotencyKey);
    StripeResult getInvoice(const QString &invoiceId);

    // POST path with params; idempotencyKey is required (at most 255 characters).
    StripeResult post(const QString &path, const FormParams &params, const QString &idempotencyKey);

    // "a=1&metadata%5Bproject%5D=janua": percent-encoded per the form rules (space as %20).
    static QByteArray formEncode(const FormParams &params);
    // Stripe's error answer as a clear message: what failed, Stripe's reason, how to fix it.
    static StripeError errorFrom(int httpStatus, const QJsonObject &body, const QString &operation);

private:
    StripeResult send(const QByteArray &method, const QString &path, const QByteArray &body, const QString &idempotencyKey);

    Options m_options;
};

} // namespace enclii::waybill
