#pragma once

#include "waybill/InvoiceMath.h"
#include "waybill/Money.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace enclii::store {
class Database;
}

namespace enclii::waybill {

class PlanCatalog;
class UsageReports;

struct Subscription
{
    QString project;
    QString plan;
    int planVersion = 0;
    QDateTime since;
    bool isDefault = false; // no row: the project is on the default plan
};

struct Credit
{
    qint64 id = 0;
    QString project;
    Money amount;
    Money remaining; // what open, paid and uncollectible invoices have not drawn yet
    QString reason;
    QString grantedBy;
    QDateTime grantedAt;
};

struct Invoice
{
    QString id; // "inv_<project>_<yyyymm>"; "preview" for the running month's preview
    QString project;
    QDateTime periodStart;
    QDateTime periodEnd;
    QString status; // draft | open | paid | void | uncollectible | preview
    QString plan;
    int planVersion = 0;
    QString currency;
    QList<InvoiceLine> lines;
    Money subtotal;
    Money creditApplied;
    Money total;
    QString stripeInvoiceId;
    QDateTime createdAt;
    QDateTime finalizedAt;
    QDateTime closedAt;
    // The preview only: the running month at the pace so far.
    std::optional<InvoiceTotals> forecast;
    QDateTime asOf;
};

// Subscriptions, credits and invoices.
//
// An invoice covers one project and one UTC month. Its lines come from the month's usage
// (UsageReports::month) priced with the project's plan (Plan::rate, totalInvoice()): a line
// per metric with quantity, quota, billable quantity, rate and amount; amounts are rounded
// once per line, half-even, to the currency's minor units; the subtotal is the sum of the
// rounded lines; available credit is applied up to the subtotal; the total is what is left.
//
// States: draft -> open (finalize) -> paid | void | uncollectible; a draft may be voided; an
// uncollectible invoice may still be paid or voided. Drafts are recomputed whenever they are
// asked for; finalizing prices the month one last time, draws the credit (oldest first) and
// freezes the invoice. Voiding gives the credit it drew back.
class Invoices
{
public:
    struct Options
    {
        QString defaultPlan = QStringLiteral("standard"); // latest version, for projects without a subscription
    };

    enum class Outcome { Ok, NotFound, Conflict, Invalid };
    struct Result
    {
        Outcome outcome = Outcome::Ok;
        QString error; // what is wrong and how to fix it
        std::optional<Invoice> invoice;
    };

    Invoices(store::Database &db, const PlanCatalog &plans, UsageReports &usage, Options options);
    Invoices(store::Database &db, const PlanCatalog &plans, UsageReports &usage);

    Subscription subscription(const QString &project);
    // The plan and version must exist in the catalog.
    Result subscribe(const QString &project, const QString &plan, int version, const QString &actor);

    // A positive amount, in whole minor units.
    std::optional<Credit> grantCredit(const QString &project, const Money &amount, const QString &reason, const QString &actor,
                                      QString *error);
    QList<Credit> credits(const QString &project);

    // The running month so far, priced, with the forecast for its end. Stored nowhere.
    Result preview(const QString &project);
    // The draft invoice of a month that is over (creates it, or recomputes it while a draft).
    // Refused while the rollups have not reached the month's end.
    Result draft(const QString &project, const QDateTime &monthStart);

    std::optional<Invoice> get(const QString &id);
    // Newest period first; empty filters match everything.
    QList<Invoice> list(const QString &project, const QString &status, int limit = 100);

    Result finalize(const QString &id);
    Result markPaid(const QString &id);
    Result voidInvoice(const QString &id);
    Result markUncollectible(const QString &id);
    // Records the Stripe invoice an invoice was sent as.
    void setStripeInvoiceId(const QString &id, const QString &stripeId);
    // The invoice a Stripe invoice id belongs to.
    std::optional<Invoice> findByStripeId(const QString &stripeId);

    static QString invoiceId(const QString &project, const QDateTime &monthStart);

private:
    Result transition(const QString &id, const QStringList &from, const QString &to);
    std::optional<InvoiceTotals> price(const QString &project, const Subscription &sub, const QMap<QString, Decimal> &usage,
                                       const Money &credit, QString *currency, QString *error);

    store::Database &m_db;
    const PlanCatalog &m_plans;
    UsageReports &m_usage;
    Options m_options;
};

} // namespace enclii::waybill
