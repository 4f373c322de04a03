#include "Invoices.h"

#include "Plan.h"
#include "RollupMeter_p.h"
#include "UsageReports.h"

#include "store/Database.h"
#include "store/PqxxUtil_p.h"

#include <pqxx/pqxx>

namespace enclii::waybill {

using store::detail::qstr;
using store::detail::str;
using store::detail::timestamp;

namespace {

const char *const kInvoiceColumns =
    "id, project, (extract(epoch FROM period_start) * 1000)::bigint, (extract(epoch FROM period_end) * 1000)::bigint, status,"
    " plan, plan_version, currency, subtotal::text, credit_applied::text, total::text, coalesce(stripe_invoice_id, ''),"
    " (extract(epoch FROM created_at) * 1000)::bigint, (extract(epoch FROM finalized_at) * 1000)::bigint,"
    " (extract(epoch FROM closed_at) * 1000)::bigint";

Money money(const pqxx::field &f, const QString &currency)
{
    return Money::parse(qstr(f), currency).value_or(Money());
}

Decimal decimal(const pqxx::field &f)
{
    return Decimal::parse(qstr(f)).value_or(Decimal());
}

Invoice invoiceFromRow(const pqxx::row &r)
{
    Invoice i;
    i.id = qstr(r[0]);
    i.project = qstr(r[1]);
    i.periodStart = timestamp(r[2]);
    i.periodEnd = timestamp(r[3]);
    i.status = qstr(r[4]);
    i.plan = qstr(r[5]);
    i.planVersion = r[6].as<int>();
    i.currency = qstr(r[7]);
    i.subtotal = money(r[8], i.currency);
    i.creditApplied = money(r[9], i.currency);
    i.total = money(r[10], i.currency);
    i.stripeInvoiceId = qstr(r[11]);
    i.createdAt = timestamp(r[12]);
    i.finalizedAt = timestamp(r[13]);
    i.closedAt = timestamp(r[14]);
    return i;
}

void readLines(pqxx::transaction_base &tx, Invoice *invoice)
{
    for (const auto &r : tx.exec_params("SELECT metric, quantity::text, included::text, billable::text, rate::text, per::text, amount::text"
                                        " FROM waybill_invoice_lines WHERE invoice_id = $1 ORDER BY position",
                                        str(invoice->id))) {
        InvoiceLine l;
        l.metric = qstr(r[0]);
        l.quantity = decimal(r[1]);
        l.included = decimal(r[2]);
        l.billable = decimal(r[3]);
        l.rate = money(r[4], invoice->currency);
        l.per = decimal(r[5]);
        l.amount = money(r[6], invoice->currency);
        invoice->lines << l;
    }
}

std::optional<Invoice> selectInvoice(pqxx::transaction_base &tx, const QString &id, bool forUpdate)
{
    const auto rows = tx.exec_params(std::string("SELECT ") + kInvoiceColumns + " FROM waybill_invoices WHERE id = $1" +
                                         (forUpdate ? " FOR UPDATE" : ""),
                                     str(id));
    if (rows.empty())
        return std::nullopt;
    Invoice i = invoiceFromRow(rows[0]);
    readLines(tx, &i);
    return i;
}

QString unitOf(const QString &metric)
{
    const BilledMetric *b = billedMetric(metric);
    return b ? b->unit : QStringLiteral("month");
}

// Replaces the invoice's row and lines.
void writeInvoice(pqxx::transaction_base &tx, const Invoice &i)
{
    tx.exec_params("INSERT INTO waybill_invoices (id, project, period_start, period_end, status, currency, plan, plan_version,"
                   "  subtotal, credit_applied, total)"
                   " VALUES ($1, $2, timestamptz 'epoch' + $3::bigint * interval '1 millisecond',"
                   "  timestamptz 'epoch' + $4::bigint * interval '1 millisecond', $5, $6, $7, $8, $9::numeric, $10::numeric, $11::numeric)"
                   " ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, currency = EXCLUDED.currency, plan = EXCLUDED.plan,"
                   "  plan_version = EXCLUDED.plan_version, subtotal = EXCLUDED.subtotal, credit_applied = EXCLUDED.credit_applied,"
                   "  total = EXCLUDED.total",
                   str(i.id), str(i.project), static_cast<long long>(i.periodStart.toMSecsSinceEpoch()),
                   static_cast<long long>(i.periodEnd.toMSecsSinceEpoch()), str(i.status), str(i.currency), str(i.plan), i.planVersion,
                   str(i.subtotal.amount().toString()), str(i.creditApplied.amount().toString()), str(i.total.amount().toString()));
    tx.exec_params("DELETE FROM waybill_invoice_lines WHERE invoice_id = $1", str(i.id));
    int position = 0;
    for (const InvoiceLine &l : i.lines)
        tx.exec_params("INSERT INTO waybill_invoice_lines (invoice_id, position, metric, quantity, included, billable, rate, per, unit, amount)"
                       " VALUES ($1, $2, $3, $4::numeric, $5::numeric, $6::numeric, $7::numeric, $8::numeric, $9, $10::numeric)",
                       str(i.id), position++, str(l.metric), str(l.quantity.toString()), str(l.included.toString()),
                       str(l.billable.toString()), str(l.rate.amount().toString()), str(l.per.toString()), str(unitOf(l.metric)),
                       str(l.amount.amount().toString()));
}

// Remaining credit per credit row of the project in currency, oldest first.
QList<QPair<qint64, Decimal>> remainingCredits(pqxx::transaction_base &tx, const QString &project, const QString &currency, bool lock)
{
    QList<QPair<qint64, Decimal>> out;
    if (lock)
        tx.exec_params("SELECT id FROM waybill_credits WHERE project = $1 ORDER BY id FOR UPDATE", str(project));
    for (const auto &r : tx.exec_params("SELECT c.id, (c.amount - coalesce(sum(u.amount), 0))::text FROM waybill_credits c"
                                        " LEFT JOIN waybill_credit_uses u ON u.credit_id = c.id"
                                        " WHERE c.project = $1 AND c.currency = $2 GROUP BY c.id ORDER BY c.id",
                                        str(project), str(currency)))
        out << qMakePair(qint64(r[0].as<long long>()), decimal(r[1]));
    return out;
}

Money sumOf(const QList<QPair<qint64, Decimal>> &credits, const QString &currency)
{
    Decimal total;
    for (const auto &c : credits)
        total += c.second;
    return Money::of(total, currency).value_or(Money());
}

Invoices::Result failure(Invoices::Outcome outcome, const QString &error)
{
    return {outcome, error, std::nullopt};
}

void fill(Invoice *invoice, const InvoiceTotals &totals)
{
    invoice->lines = totals.lines;
    invoice->subtotal = totals.subtotal;
    invoice->creditApplied = totals.creditApplied;
    invoice->total = totals.total;
}

} // namespace

Invoices::Invoices(store::Database &db, const PlanCatalog &plans, UsageReports &usage, Options options)
    : m_db(db), m_plans(plans), m_usage(usage), m_options(std::move(options))
{
}

Invoices::Invoices(store::Database &db, const PlanCatalog &plans, UsageReports &usage) : Invoices(db, plans, usage, Options{}) {}

QString Invoices::invoiceId(const QString &project, const QDateTime &monthStart)
{
    return QStringLiteral("inv_%1_%2").arg(project, monthStart.toUTC().toString(QStringLiteral("yyyyMM")));
}

Subscription Invoices::subscription(const QString &project)
{
    Subscription s;
    s.project = project;
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::read_transaction tx(c);
        const auto rows = tx.exec_params("SELECT plan, plan_version, (extract(epoch FROM since) * 1000)::bigint"
                                         " FROM waybill_subscriptions WHERE project = $1",
                                         str(project));
        if (!rows.empty()) {
            s.plan = qstr(rows[0][0]);
            s.planVersion = rows[0][1].as<int>();
            s.since = timestamp(rows[0][2]);
        }
    });
    if (s.plan.isEmpty()) {
        s.isDefault = true;
        s.plan = m_options.defaultPlan;
        const Plan *latest = m_plans.latest(s.plan);
        s.planVersion = latest ? latest->version : 0;
    }
    return s;
}

Invoices::Result Invoices::subscribe(const QString &project, const QString &plan, int version, const QString &actor)
{
    if (project.isEmpty() || project.size() > 253)
        return failure(Outcome::Invalid, QStringLiteral("a project name of 1 to 253 characters is needed"));
    if (!m_plans.find(plan, version))
        return failure(Outcome::Invalid, QStringLiteral("there is no plan %1 version %2 in specs/plans").arg(plan).arg(version));
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::work tx(c);
        tx.exec_params("INSERT INTO waybill_subscriptions (project, plan, plan_version, updated_by) VALUES ($1, $2, $3, $4)"
                       " ON CONFLICT (project) DO UPDATE SET plan = EXCLUDED.plan, plan_version = EXCLUDED.plan_version,"
                       "  since = now(), updated_by = EXCLUDED.updated_by",
                       str(project), str(plan), version, str(actor));
        tx.commit();
    });
    return {};
}

std::optional<Credit> Invoices::grantCredit(const QString &project, const Money &amount, const QString &reason, const QString &actor,
                                            QString *error)
{
    if (!amount.isValid() || amount.isNegative() || amount.isZero() || !amount.isRoundedToMinorUnits()) {
        *error = QStringLiteral("a credit is a positive amount in whole minor units (cents)");
        return std::nullopt;
    }
    if (project.isEmpty() || project.size() > 253 || reason.size() > 500) {
        *error = QStringLiteral("a project name of 1 to 253 characters and a reason of at most 500 are needed");
        return std::nullopt;
    }
    qint64 id = 0;
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::work tx(c);
        id = tx.exec_params("INSERT INTO waybill_credits (project, amount, currency, reason, granted_by)"
                            " VALUES ($1, $2::numeric, $3, $4, $5) RETURNING id",
                            str(project), str(amount.amount().toString()), str(amount.currency()), str(reason), str(actor))[0][0]
                 .as<long long>();
        tx.commit();
    });
    for (const Credit &c : credits(project))
        if (c.id == id)
            return c;
    return std::nullopt;
}

QList<Credit> Invoices::credits(const QString &project)
{
    QList<Credit> out;
    m_db.withConnection([&](pqxx::connection_base &c) {
        out.clear();
        pqxx::read_transaction tx(c);
        for (const auto &r : tx.exec_params("SELECT c.id, c.amount::text, c.currency, c.reason, c.granted_by,"
                                            "  (extract(epoch FROM c.granted_at) * 1000)::bigint, (c.amount - coalesce(sum(u.amount), 0))::text"
                                            " FROM waybill_credits c LEFT JOIN waybill_credit_uses u ON u.credit_id = c.id"
                                            " WHERE c.project = $1 GROUP BY c.id ORDER BY c.id",
                                            str(project))) {
            const QString currency = qstr(r[2]);
            out << Credit{r[0].as<long long>(), project, money(r[1], currency), money(r[6], currency), qstr(r[3]), qstr(r[4]), timestamp(r[5])};
        }
    });
    return out;
}

std::optional<InvoiceTotals> Invoices::price(const QString &project, const Subscription &sub, const QMap<QString, Decimal> &usage,
                                             const Money &credit, QString *currency, QString *error)
{
    const Plan *plan = m_plans.find(sub.plan, sub.planVersion);
    if (!plan) {
        *error = QStringLiteral("project %1 is on plan %2 version %3, which is not in specs/plans; add it back or subscribe the project "
                                "to another plan").arg(project, sub.plan).arg(sub.planVersion);
        return std::nullopt;
    }
    *currency = plan->currency;
    const Money zero = *Money::zero(plan->currency);
    return totalInvoice(plan->currency, plan->rate(usage), credit.isValid() ? credit : zero, error);
}

Invoices::Result Invoices::preview(const QString &project)
{
    const Subscription sub = subscription(project);
    const MonthUsage month = m_usage.month(project);
    Invoice invoice;
    invoice.id = QStringLiteral("preview");
    invoice.project = project;
    invoice.status = QStringLiteral("preview");
    invoice.periodStart = month.monthStart;
    invoice.periodEnd = month.monthEnd;
    invoice.asOf = month.asOf;
    invoice.plan = sub.plan;
    invoice.planVersion = sub.planVersion;
    const Plan *plan = m_plans.find(sub.plan, sub.planVersion);
    Money credit;
    if (plan) {
        m_db.withConnection([&](pqxx::connection_base &c) {
            pqxx::read_transaction tx(c);
            credit = sumOf(remainingCredits(tx, project, plan->currency, false), plan->currency);
        });
    }
    QString error;
    const auto totals = price(project, sub, month.usage, credit, &invoice.currency, &error);
    if (!totals)
        return failure(Outcome::Invalid, error);
    fill(&invoice, *totals);
    invoice.forecast = price(project, sub, month.forecast, credit, &invoice.currency, &error);
    return {Outcome::Ok, {}, invoice};
}

Invoices::Result Invoices::draft(const QString &project, const QDateTime &monthStart)
{
    const QDateTime start = monthStart.toUTC();
    if (start.date().day() != 1 || start.time() != QTime(0, 0))
        return failure(Outcome::Invalid, QStringLiteral("an invoice period starts on the 1st of a month at 00:00 UTC"));
    const QString id = invoiceId(project, start);
    if (auto existing = get(id); existing && existing->status != QLatin1String("draft"))
        return {Outcome::Ok, {}, existing};
    const MonthUsage month = m_usage.month(project, start);
    if (!month.complete)
        return failure(Outcome::Conflict,
                       QStringLiteral("the month %1 is not over or not rolled up yet (rollups reach %2); invoice it once the aggregator "
                                      "has passed %3")
                           .arg(start.toString(QStringLiteral("yyyy-MM")),
                                month.rolledUpThrough.isValid() ? month.rolledUpThrough.toString(Qt::ISODate) : QStringLiteral("nothing"),
                                month.monthEnd.toString(Qt::ISODate)));
    const Subscription sub = subscription(project);
    Invoice invoice;
    invoice.id = id;
    invoice.project = project;
    invoice.periodStart = month.monthStart;
    invoice.periodEnd = month.monthEnd;
    invoice.status = QStringLiteral("draft");
    invoice.plan = sub.plan;
    invoice.planVersion = sub.planVersion;
    QString error;
    Result result;
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::work tx(c);
        const auto current = selectInvoice(tx, id, true);
        if (current && current->status != QLatin1String("draft")) {
            result = {Outcome::Ok, {}, current};
            return;
        }
        const Plan *plan = m_plans.find(sub.plan, sub.planVersion);
        const Money credit = plan ? sumOf(remainingCredits(tx, project, plan->currency, false), plan->currency) : Money();
        const auto totals = price(project, sub, month.usage, credit, &invoice.currency, &error);
        if (!totals) {
            result = failure(Outcome::Invalid, error);
            return;
        }
        fill(&invoice, *totals);
        writeInvoice(tx, invoice);
        tx.commit();
        result = {Outcome::Ok, {}, std::nullopt};
    });
    if (result.outcome == Outcome::Ok && !result.invoice)
        result.invoice = get(id);
    return result;
}

std::optional<Invoice> Invoices::get(const QString &id)
{
    std::optional<Invoice> out;
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::read_transaction tx(c);
        out = selectInvoice(tx, id, false);
    });
    return out;
}

std::optional<Invoice> Invoices::findByStripeId(const QString &stripeId)
{
    QString id;
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::read_transaction tx(c);
        const auto rows = tx.exec_params("SELECT id FROM waybill_invoices WHERE stripe_invoice_id = $1", str(stripeId));
        id = rows.empty() ? QString() : qstr(rows[0][0]);
    });
    return id.isEmpty() ? std::nullopt : get(id);
}

QList<Invoice> Invoices::list(const QString &project, const QString &status, int limit)
{
    QList<Invoice> out;
    m_db.withConnection([&](pqxx::connection_base &c) {
        out.clear();
        pqxx::read_transaction tx(c);
        for (const auto &r : tx.exec_params(std::string("SELECT ") + kInvoiceColumns +
                                                " FROM waybill_invoices WHERE ($1 = '' OR project = $1) AND ($2 = '' OR status = $2)"
                                                " ORDER BY period_start DESC, project LIMIT $3",
                                            str(project), str(status), limit))
            out << invoiceFromRow(r);
    });
    return out;
}

Invoices::Result Invoices::finalize(const QString &id)
{
    const auto current = get(id);
    if (!current)
        return failure(Outcome::NotFound, QStringLiteral("no invoice %1").arg(id));
    if (current->status != QLatin1String("draft"))
        return failure(Outcome::Conflict, QStringLiteral("invoice %1 is %2; only a draft can be finalized").arg(id, current->status));
    const MonthUsage month = m_usage.month(current->project, current->periodStart);
    const Subscription sub = subscription(current->project);
    Result result;
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::work tx(c);
        auto invoice = selectInvoice(tx, id, true);
        if (!invoice || invoice->status != QLatin1String("draft")) {
            result = failure(Outcome::Conflict, QStringLiteral("invoice %1 changed state meanwhile; reload it").arg(id));
            return;
        }
        const Plan *plan = m_plans.find(sub.plan, sub.planVersion);
        const auto credits = plan ? remainingCredits(tx, invoice->project, plan->currency, true) : QList<QPair<qint64, Decimal>>();
        QString error;
        const auto totals = price(invoice->project, sub, month.usage, sumOf(credits, plan ? plan->currency : QString()),
                                  &invoice->currency, &error);
        if (!totals) {
            result = failure(Outcome::Invalid, error);
            return;
        }
        fill(&*invoice, *totals);
        invoice->plan = sub.plan;
        invoice->planVersion = sub.planVersion;
        invoice->status = QStringLiteral("open");
        writeInvoice(tx, *invoice);
        tx.exec_params("UPDATE waybill_invoices SET finalized_at = now() WHERE id = $1", str(id));
        // Draw the applied credit, oldest credit first.
        Decimal left = totals->creditApplied.amount();
        for (const auto &[creditId, remaining] : credits) {
            if (!(left > Decimal()))
                break;
            const Decimal take = remaining < left ? remaining : left;
            if (!(take > Decimal()))
                continue;
            tx.exec_params("INSERT INTO waybill_credit_uses (invoice_id, credit_id, amount) VALUES ($1, $2, $3::numeric)", str(id),
                           static_cast<long long>(creditId), str(take.toString()));
            left -= take;
        }
        tx.commit();
    });
    if (result.outcome != Outcome::Ok)
        return result;
    return {Outcome::Ok, {}, get(id)};
}

Invoices::Result Invoices::transition(const QString &id, const QStringList &from, const QString &to)
{
    Result result;
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::work tx(c);
        const auto current = selectInvoice(tx, id, true);
        if (!current) {
            result = failure(Outcome::NotFound, QStringLiteral("no invoice %1").arg(id));
            return;
        }
        if (current->status == to) {
            result = {Outcome::Ok, {}, current}; // already there: a repeated call (or webhook) changes nothing
            return;
        }
        if (!from.contains(current->status)) {
            result = failure(Outcome::Conflict, QStringLiteral("invoice %1 is %2; it cannot become %3 (only from %4)")
                                                    .arg(id, current->status, to, from.join(QStringLiteral(" or "))));
            return;
        }
        tx.exec_params("UPDATE waybill_invoices SET status = $2, closed_at = now() WHERE id = $1", str(id), str(to));
        if (to == QLatin1String("void"))
            tx.exec_params("DELETE FROM waybill_credit_uses WHERE invoice_id = $1", str(id)); // the credit is given back
        tx.commit();
    });
    if (result.outcome != Outcome::Ok || result.invoice)
        return result;
    return {Outcome::Ok, {}, get(id)};
}

Invoices::Result Invoices::markPaid(const QString &id)
{
    return transition(id, {QStringLiteral("open"), QStringLiteral("uncollectible")}, QStringLiteral("paid"));
}

Invoices::Result Invoices::voidInvoice(const QString &id)
{
    return transition(id, {QStringLiteral("draft"), QStringLiteral("open"), QStringLiteral("uncollectible")}, QStringLiteral("void"));
}

Invoices::Result Invoices::markUncollectible(const QString &id)
{
    return transition(id, {QStringLiteral("open")}, QStringLiteral("uncollectible"));
}

void Invoices::setStripeInvoiceId(const QString &id, const QString &stripeId)
{
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::work tx(c);
        tx.exec_params("UPDATE waybill_invoices SET stripe_invoice_id = $2 WHERE id = $1", str(id), str(stripeId));
        tx.commit();
    });
}

} // namespace enclii::waybill
