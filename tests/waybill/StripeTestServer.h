#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <memory>

namespace enclii::test {

// A stand-in for Stripe's REST API (v1) for tests, written from Stripe's API reference, on
// loopback, on its own thread (the client under test blocks its caller). It covers what
// Waybill uses: customers, invoice items and invoices (create, retrieve, finalize, void).
//
// As Stripe does: bearer secret-key authentication; form-encoded bodies with nested keys
// ("metadata[x]"); unknown parameters refused; errors as {"error": {"type", "code", "message",
// "param"}} with Stripe's statuses; idempotency - the first response to an Idempotency-Key is
// saved once the endpoint runs, the same key with the same method, path and parameters gets that
// response again (with Idempotent-Replayed: true), the same key with anything else gets 400
// idempotency_error. It is not Stripe: no payments, no webhooks of its own, no pagination.
class StripeTestServer
{
public:
    explicit StripeTestServer(QByteArray secretKey);
    ~StripeTestServer();

    bool isListening() const;
    QString url() const; // http://127.0.0.1:<port>

    // The next `count` requests whose path starts with pathPrefix run in full, then the
    // connection is closed without an answer: the client cannot know they succeeded.
    void dropResponses(const QString &pathPrefix, int count);
    // The next `count` requests are answered `status` (an api_error) without running.
    void failRequests(int count, int status = 500);

    int count(const QString &object) const; // "customer", "invoice", "invoiceitem"
    QJsonObject object(const QString &id) const;
    QList<QJsonObject> itemsOf(const QString &invoiceId) const;
    int requests() const;            // requests received (dropped and failed ones included)
    QStringList idempotencyKeys() const; // the Idempotency-Key of each POST, in order ("" when none)
    // Marks an open invoice paid, as a payment would.
    bool pay(const QString &invoiceId);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace enclii::test
