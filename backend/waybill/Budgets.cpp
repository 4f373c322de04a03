#include "Budgets.h"

#include "HttpExchange_p.h"
#include "Invoices.h"

#include "store/Database.h"
#include "store/PqxxUtil_p.h"

#include <pqxx/pqxx>

#include <QJsonDocument>
#include <QJsonObject>

namespace enclii::waybill {

using store::detail::qstr;
using store::detail::str;
using store::detail::timestamp;

namespace {

std::string dateText(const QDate &d)
{
    return d.toString(Qt::ISODate).toStdString();
}

Budget budgetFromRow(const pqxx::row &r)
{
    const QString currency = qstr(r[2]);
    return Budget{qstr(r[0]), Money::parse(qstr(r[1]), currency).value_or(Money()), r[3].as<bool>(), qstr(r[4]), timestamp(r[5])};
}

const char *const kBudgetColumns = "project, amount::text, currency, hold_non_production, updated_by, (extract(epoch FROM updated_at) * 1000)::bigint";

} // namespace

Budgets::Budgets(store::Database &db, Invoices &invoices, Options options) : m_db(db), m_invoices(invoices), m_options(std::move(options)) {}

QDate Budgets::month() const
{
    const QDate today = (m_options.clock ? m_options.clock() : QDateTime::currentDateTimeUtc()).toUTC().date();
    return QDate(today.year(), today.month(), 1);
}

std::optional<Budget> Budgets::get(const QString &project)
{
    std::optional<Budget> out;
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::read_transaction tx(c);
        const auto rows = tx.exec_params(std::string("SELECT ") + kBudgetColumns + " FROM waybill_budgets WHERE project = $1", str(project));
        out = rows.empty() ? std::nullopt : std::optional<Budget>(budgetFromRow(rows[0]));
    });
    return out;
}

QList<Budget> Budgets::list()
{
    QList<Budget> out;
    m_db.withConnection([&](pqxx::connection_base &c) {
        out.clear();
        pqxx::read_transaction tx(c);
        for (const auto &r : tx.exec(std::string("SELECT ") + kBudgetColumns + " FROM waybill_budgets ORDER BY project"))
            out << budgetFromRow(r);
    });
    return out;
}

bool Budgets::set(const QString &project, const Money &amount, bool holdNonProduction, const QString &actor, QString *error)
{
    if (!amount.isValid() || amount.isNegative() || amount.isZero() || !amount.isRoundedToMinorUnits()) {
        *error = QStringLiteral("a budget is a positive amount in whole minor units (cents)");
        return false;
    }
    if (project.isEmpty() || project.size() > 253) {
        *error = QStringLiteral("a project name of 1 to 253 characters is needed");
        return false;
    }
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::work tx(c);
        tx.exec_params("INSERT INTO waybill_budgets (project, amount, currency, hold_non_production, updated_by)"
                       " VALUES ($1, $2::numeric, $3, $4, $5)"
                       " ON CONFLICT (project) DO UPDATE SET amount = EXCLUDED.amount, currency = EXCLUDED.currency,"
                       "  hold_non_production = EXCLUDED.hold_non_production, updated_by = EXCLUDED.updated_by, updated_at = now()",
                       str(project), str(amount.amount().toString()), str(amount.currency()), holdNonProduction, str(actor));
        tx.commit();
    });
    evaluate(project);
    return true;
}

BudgetStatus Budgets::status(const QString &project)
{
    BudgetStatus s;
    s.budget = get(project);
    const auto preview = m_invoices.preview(project);
    if (preview.invoice) {
        s.spent = preview.invoice->subtotal;
        if (preview.invoice->forecast)
            s.forecast = preview.invoice->forecast->subtotal;
    }
    if (s.budget && s.spent.isValid() && s.budget->amount.currency() == s.spent.currency())
        s.percent = Decimal::mulDiv(s.spent.amount(), Decimal::fromInt(100), s.budget->amount.amount(), Rounding::Down, 2);
    const QDate m = month();
    m_db.withConnection([&](pqxx::connection_base &c) {
        s.alerts.clear();
        pqxx::read_transaction tx(c);
        for (const auto &r : tx.exec_params("SELECT threshold, spent::text, budget::text, currency, (extract(epoch FROM crossed_at) * 1000)::bigint,"
                                            "  (extract(epoch FROM notified_at) * 1000)::bigint, notify_error"
                                            " FROM waybill_budget_alerts WHERE project = $1 AND month = $2::date ORDER BY threshold",
                                            str(project), dateText(m))) {
            const QString currency = qstr(r[3]);
            s.alerts << BudgetAlert{project, m, r[0].as<int>(), Money::parse(qstr(r[1]), currency).value_or(Money()),
                                    Money::parse(qstr(r[2]), currency).value_or(Money()), timestamp(r[4]), timestamp(r[5]), qstr(r[6])};
        }
        s.held = !tx.exec_params("SELECT 1 FROM waybill_deploy_holds WHERE project = $1 AND month = $2::date", str(project), dateText(m)).empty();
    });
    return s;
}

QList<BudgetAlert> Budgets::evaluate()
{
    QList<BudgetAlert> out;
    for (const Budget &b : list())
        out += evaluate(b.project);
    return out;
}

QList<BudgetAlert> Budgets::evaluate(const QString &project)
{
    QList<BudgetAlert> crossed;
    const auto budget = get(project);
    const QDate m = month();
    const auto preview = budget ? m_invoices.preview(project) : Invoices::Result{};
    const bool comparable = budget && preview.invoice && preview.invoice->subtotal.currency() == budget->amount.currency();
    m_db.withConnection([&](pqxx::connection_base &c) {
        crossed.clear();
        pqxx::work tx(c);
        // Holds end with their month, or with the budget.
        tx.exec_params("DELETE FROM waybill_deploy_holds WHERE project = $1 AND month <> $2::date", str(project), dateText(m));
        bool hold = false;
        if (comparable) {
            const Money &spent = preview.invoice->subtotal;
            for (int t : kThresholds) {
                const Decimal line = Decimal::mulDiv(budget->amount.amount(), Decimal::fromInt(t), Decimal::fromInt(100), Rounding::Up);
                if (spent.amount() < line)
                    continue;
                hold = hold || (t == 100 && budget->holdNonProduction && m_options.holdsEnabled);
                const auto rows = tx.exec_params("INSERT INTO waybill_budget_alerts (project, month, threshold, spent, budget, currency)"
                                                 " VALUES ($1, $2::date, $3, $4::numeric, $5::numeric, $6) ON CONFLICT DO NOTHING RETURNING 1",
                                                 str(project), dateText(m), t, str(spent.amount().toString()),
                                                 str(budget->amount.amount().toString()), str(spent.currency()));
                if (!rows.empty())
                    crossed << BudgetAlert{project, m, t, spent, budget->amount, QDateTime::currentDateTimeUtc(), {}, {}};
            }
        }
        if (hold)
            tx.exec_params("INSERT INTO waybill_deploy_holds (project, month, reason) VALUES ($1, $2::date, $3)"
                           " ON CONFLICT (project) DO UPDATE SET month = EXCLUDED.month, reason = EXCLUDED.reason",
                           str(project), dateText(m),
                           str(QStringLiteral("the month's cost %1 reached the budget of %2").arg(preview.invoice->subtotal.toString(),
                                                                                                 budget->amount.toString())));
        else
            tx.exec_params("DELETE FROM waybill_deploy_holds WHERE project = $1", str(project));
        tx.commit();
    });
    notifyPending(project);
    return crossed;
}

void Budgets::notifyPending(const QString &project)
{
    if (m_options.webhookUrl.isEmpty())
        return;
    for (;;) {
        // Claim one alert (so two replicas never post the same one), then post it.
        std::optional<BudgetAlert> alert;
        m_db.withConnection([&](pqxx::connection_base &c) {
            alert.reset();
            pqxx::work tx(c);
            const auto rows = tx.exec_params(
                "UPDATE waybill_budget_alerts SET notified_at = now(), notify_error = ''"
                " WHERE (project, month, threshold) = (SELECT project, month, threshold FROM waybill_budget_alerts"
                "   WHERE project = $1 AND notified_at IS NULL ORDER BY month, threshold LIMIT 1 FOR UPDATE SKIP LOCKED)"
                " RETURNING month::text, threshold, spent::text, budget::text, currency",
                str(project));
            if (!rows.empty()) {
                const QString currency = qstr(rows[0][4]);
                alert = BudgetAlert{project, QDate::fromString(qstr(rows[0][0]), Qt::ISODate), rows[0][1].as<int>(),
                                    Money::parse(qstr(rows[0][2]), currency).value_or(Money()),
                                    Money::parse(qstr(rows[0][3]), currency).value_or(Money()), {}, {}, {}};
            }
            tx.commit();
        });
        if (!alert)
            return;
        const QString text = QStringLiteral(":warning: Enclii budget: project *%1* has used %2% of its %3 budget for %4 (%5 so far).%6")
                                 .arg(project).arg(alert->threshold).arg(alert->budget.toString(), alert->month.toString(QStringLiteral("yyyy-MM")),
                                      alert->spent.toString(),
                                      alert->threshold == 100 ? QStringLiteral(" Deploys to non-production environments are held.") : QString());
        const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("text"), text}}).toJson(QJsonDocument::Compact);
        const detail::Exchange e = detail::exchange("POST", QUrl(m_options.webhookUrl), {{"Content-Type", "application/json"}}, body,
                                                    m_options.timeoutMs);
        if (e.status >= 200 && e.status < 300)
            continue;
        const QString why = e.status == 0 ? e.failure : QStringLiteral("HTTP %1").arg(e.status);
        m_db.withConnection([&](pqxx::connection_base &c) {
            pqxx::work tx(c);
            // Not notified: the next evaluation posts it again.
            tx.exec_params("UPDATE waybill_budget_alerts SET notified_at = NULL, notify_error = $4"
                           " WHERE project = $1 AND month = $2::date AND threshold = $3",
                           str(project), dateText(alert->month), alert->threshold,
                           str(QStringLiteral("the webhook did not take the alert: %1").arg(why.left(300))));
            tx.commit();
        });
        return; // the webhook is failing: try again on the next evaluation
    }
}

bool Budgets::deployHeld(const QString &project, const QString &environment)
{
    if (environment == QLatin1String("production"))
        return false;
    bool held = false;
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::read_transaction tx(c);
        held = !tx.exec_params("SELECT 1 FROM waybill_deploy_holds WHERE project = $1 AND month = $2::date", str(project), dateText(month())).empty();
    });
    return held;
}

} // namespace enclii::waybill
