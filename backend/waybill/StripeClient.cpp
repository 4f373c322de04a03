#include "StripeClient.h"

#include "HttpExchange_p.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QThread>
#include <QUrl>


namespace enclii::waybill {

using detail::Exchange;
using detail::exchange;

namespace {

constexpr qsizetype kMaxKeyLength = 255;

bool retryable(const Exchange &e)
{
    return e.status == 0 || e.status == 429 || e.status >= 500;
}

QString hintFor(const StripeError &e)
{
    if (e.httpStatus == 401)
        return QStringLiteral("check the Stripe secret key (ENCLII_STRIPE_SECRET_KEY)");
    if (e.httpStatus == 403)
        return QStringLiteral("the key lacks the permission; use a key with write access to customers and invoices");
    if (e.type == QLatin1String("idempotency_error"))
        return QStringLiteral("the idempotency key was used before with other parameters: the object changed after it was first sent; "
                              "void the Stripe invoice and send the invoice again");
    if (e.code == QLatin1String("resource_missing"))
        return QStringLiteral("the Stripe object is gone (deleted, or made in another Stripe account or mode)");
    if (e.httpStatus == 429)
        return QStringLiteral("Stripe's rate limit; try again later");
    if (e.httpStatus >= 500 || e.httpStatus == 0)
        return QStringLiteral("Stripe could not be reached or failed; sending again is safe (same idempotency keys)");
    if (e.type == QLatin1String("card_error"))
        return QStringLiteral("the customer's payment method was refused");
    return QStringLiteral("see the parameter named above");
}

} // namespace

StripeClient::StripeClient(Options options) : m_options(std::move(options))
{
    while (m_options.apiBase.endsWith(u'/'))
        m_options.apiBase.chop(1);
    m_options.maxAttempts = std::max(1, m_options.maxAttempts);
}

QByteArray StripeClient::formEncode(const FormParams &params)
{
    QByteArray out;
    for (const auto &[key, value] : params) {
        if (!out.isEmpty())
            out += '&';
        out += QUrl::toPercentEncoding(key) + '=' + QUrl::toPercentEncoding(value);
    }
    return out;
}

StripeError StripeClient::errorFrom(int httpStatus, const QJsonObject &body, const QString &operation)
{
    StripeError e;
    e.httpStatus = httpStatus;
    const QJsonObject err = body.value(QStringLiteral("error")).toObject();
    e.type = err.value(QStringLiteral("type")).toString().left(100);
    e.code = err.value(QStringLiteral("code")).toString().left(100);
    e.param = err.value(QStringLiteral("param")).toString().left(200);
    e.stripeMessage = err.value(QStringLiteral("message")).toString().left(500);
    QString what = QStringLiteral("Stripe refused %1 (HTTP %2").arg(operation).arg(httpStatus);
    if (!e.type.isEmpty())
        what += QStringLiteral(", %1").arg(e.type);
    if (!e.code.isEmpty())
        what += QStringLiteral(", %1").arg(e.code);
    what += u')';
    if (!e.param.isEmpty())
        what += QStringLiteral(" on parameter \"%1\"").arg(e.param);
    if (!e.stripeMessage.isEmpty())
        what += QStringLiteral(": %1").arg(e.stripeMessage);
    // Stripe echoes a wrong key partially ("Invalid API Key provided: sk_test_****1234"); keep
    // every key-shaped word out of our logs and answers.
    static const QRegularExpression key(QStringLiteral("\\b(sk|rk|pk|whsec)_[A-Za-z0-9_*]+"));
    what.replace(key, QStringLiteral("[key]"));
    e.message = what + QStringLiteral("; ") + hintFor(e);
    return e;
}

StripeResult StripeClient::send(const QByteArray &method, const QString &path, const QByteArray &body, const QString &idempotencyKey)
{
    StripeResult result;
    const QString operation = QStringLiteral("%1 %2").arg(QString::fromLatin1(method), path);
    if (m_options.secretKey.isEmpty()) {
        result.error.message = QStringLiteral("Stripe is not configured: no secret key");
        return result;
    }
    QList<QPair<QByteArray, QByteArray>> headers = {{"Authorization", "Bearer " + m_options.secretKey}, {"Accept", "application/json"}};
    if (method == "POST") {
        headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/x-www-form-urlencoded")));
        headers.append(qMakePair(QByteArray("Idempotency-Key"), idempotencyKey.toUtf8()));
    }
    const QUrl url(m_options.apiBase + path);
    int delay = m_options.backoffMs;
    Exchange e;
    for (result.attempts = 1;; ++result.attempts) {
        e = exchange(method, url, headers, body, m_options.timeoutMs);
        if (!retryable(e) || result.attempts >= m_options.maxAttempts)
            break;
        QThread::msleep(ulong(delay));
        delay *= 2;
    }
    result.replayed = e.replayed;
    if (e.status == 0) {
        result.error.message = QStringLiteral("Stripe did not answer %1 after %2 attempt(s): %3; %4")
                                   .arg(operation).arg(result.attempts).arg(e.failure, hintFor(result.error));
        return result;
    }
    const QJsonObject json = QJsonDocument::fromJson(e.body).object();
    if (e.status >= 200 && e.status < 300 && !json.isEmpty()) {
        result.ok = true;
        result.object = json;
        return result;
    }
    result.error = errorFrom(e.status, json, operation);
    return result;
}

StripeResult StripeClient::post(const QString &path, const FormParams &params, const QString &idempotencyKey)
{
    if (idempotencyKey.isEmpty() || idempotencyKey.size() > kMaxKeyLength) {
        StripeResult r;
        r.error.message = QStringLiteral("POST %1: an idempotency key of 1 to %2 characters is required").arg(path).arg(kMaxKeyLength);
        return r;
    }
    return send("POST", path, formEncode(params), idempotencyKey);
}

StripeResult StripeClient::createCustomer(const QString &project, const QString &idempotencyKey)
{
    return post(QStringLiteral("/v1/customers"),
                {{QStringLiteral("name"), project},
                 {QStringLiteral("description"), QStringLiteral("Enclii project %1").arg(project)},
                 {QStringLiteral("metadata[enclii_project]"), project}},
                idempotencyKey);
}

StripeResult StripeClient::createInvoice(const QString &customerId, const QString &currency, const QString &description,
                                         const FormParams &metadata, const QString &idempotencyKey)
{
    FormParams params = {{QStringLiteral("customer"), customerId},
                         {QStringLiteral("currency"), currency.toLower()},
                         {QStringLiteral("description"), description},
                         // Ours decides when it is final; Stripe must not finalize a draft by itself.
                         {QStringLiteral("auto_advance"), QStringLiteral("false")},
                         {QStringLiteral("pending_invoice_items_behavior"), QStringLiteral("exclude")}};
    for (const auto &[k, v] : metadata)
        params.append(qMakePair(QStringLiteral("metadata[%1]").arg(k), v));
    return post(QStringLiteral("/v1/invoices"), params, idempotencyKey);
}

StripeResult StripeClient::createInvoiceItem(const QString &customerId, const QString &invoiceId, qint64 amountMinor,
                                             const QString &currency, const QString &description, const QString &idempotencyKey)
{
    return post(QStringLiteral("/v1/invoiceitems"),
                {{QStringLiteral("customer"), customerId},
                 {QStringLiteral("invoice"), invoiceId},
                 {QStringLiteral("amount"), QString::number(amountMinor)},
                 {QStringLiteral("currency"), currency.toLower()},
                 {QStringLiteral("description"), description}},
                idempotencyKey);
}

StripeResult StripeClient::finalizeInvoice(const QString &invoiceId, const QString &idempotencyKey)
{
    return post(QStringLiteral("/v1/invoices/%1/finalize").arg(QString::fromLatin1(QUrl::toPercentEncoding(invoiceId))),
                {{QStringLiteral("auto_advance"), QStringLiteral("false")}}, idempotencyKey);
}

StripeResult StripeClient::voidInvoice(const QString &invoiceId, const QString &idempotencyKey)
{
    return post(QStringLiteral("/v1/invoices/%1/void").arg(QString::fromLatin1(QUrl::toPercentEncoding(invoiceId))), {}, idempotencyKey);
}

StripeResult StripeClient::getInvoice(const QString &invoiceId)
{
    return send("GET", QStringLiteral("/v1/invoices/%1").arg(QString::fromLatin1(QUrl::toPercentEncoding(invoiceId))), {}, {});
}

} // namespace enclii::waybill
