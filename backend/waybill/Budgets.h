#pragma once

#include "waybill/Money.h"

#include <QDate>
#include <QDateTime>
#include <QList>
#include <QString>

#include <functional>
#include <optional>

namespace enclii::store {
class Database;
}

namespace enclii::waybill {

class Invoices;

struct Budget
{
    QString project;
    Money amount;                  // per UTC month
    bool holdNonProduction = true; // at 100 %, hold deploys to environments other than production
    QString updatedBy;
    QDateTime updatedAt;
};

struct BudgetAlert
{
    QString project;
    QDate month;       // the month's first day
    int threshold = 0; // 50, 80 or 100 (percent)
    Money spent;
    Money budget;
    QDateTime crossedAt;
    QDateTime notifiedAt; // invalid: not (yet) notified
    QString notifyError;
};

struct BudgetStatus
{
    std::optional<Budget> budget;
    Money spent;    // month to date: the running month's invoice preview before credits
    Money forecast; // the same at the month's end, at the pace so far
    Decimal percent; // spent / budget x 100, two decimals, rounded down
    QList<BudgetAlert> alerts; // this month's
    bool held = false;         // deploys to non-production environments are held
};

// Monthly budgets per project. evaluate() compares each budget with the month's cost so far
// and, for each of 50, 80 and 100 % crossed, records an alert once per project and month (the
// table's key makes it once across replicas) and posts it once to a Slack-compatible incoming
// webhook ({"text": ...}); a failed post is retried on the next evaluation. At 100 % a
// project whose budget says so gets a deploy hold (waybill_deploy_holds) that the reconciler
// reads through deployHeld(); it is lifted when the budget is raised above the spend or the
// month ends.
class Budgets
{
public:
    static constexpr int kThresholds[] = {50, 80, 100};

    struct Options
    {
        QString webhookUrl;   // Slack-compatible incoming webhook; empty: alerts are recorded only
        bool holdsEnabled = true; // false: never hold deploys, whatever the budgets say
        int timeoutMs = 10000;
        std::function<QDateTime()> clock;
    };

    Budgets(store::Database &db, Invoices &invoices, Options options);

    std::optional<Budget> get(const QString &project);
    QList<Budget> list();
    // amount > 0, whole minor units. Re-evaluates the project at once (a raised budget lifts a hold).
    bool set(const QString &project, const Money &amount, bool holdNonProduction, const QString &actor, QString *error);
    BudgetStatus status(const QString &project);

    // Every budget: returns the alerts that were crossed by this call.
    QList<BudgetAlert> evaluate();
    QList<BudgetAlert> evaluate(const QString &project);

    // The flag the reconciler reads: is a deploy of project to environment held?
    bool deployHeld(const QString &project, const QString &environment);

private:
    QDate month() const;
    void notifyPending(const QString &project);

    store::Database &m_db;
    Invoices &m_invoices;
    Options m_options;
};

} // namespace enclii::waybill
