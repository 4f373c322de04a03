#pragma once

#include "waybill/Budgets.h"
#include "waybill/Invoices.h"
#include "waybill/Plan.h"
#include "waybill/PlatformCost.h"
#include "waybill/StripeClient.h"
#include "waybill/StripeSync.h"
#include "waybill/UsageReports.h"

#include <QString>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace enclii::store {
class Database;
}

namespace enclii::waybill {

// Waybill's settings, from the environment (every one optional):
//   ENCLII_WAYBILL_DEFAULT_PLAN        plan of projects without a subscription (standard)
//   ENCLII_WAYBILL_AGGREGATE_SECONDS   seconds between rollup passes (60; 0: no aggregator here)
//   ENCLII_STRIPE_SECRET_KEY           turns Stripe on (off without it: invoices work alone)
//   ENCLII_STRIPE_API_BASE             https://api.stripe.com unless given
//   ENCLII_STRIPE_WEBHOOK_SECRET       the endpoint's signing secret (whsec_...)
//   ENCLII_BUDGET_WEBHOOK_URL          Slack-compatible incoming webhook for budget alerts
//   ENCLII_BUDGET_HOLDS                "off": budgets never hold deploys
struct WaybillSettings
{
    QString plansDir; // <specs>/plans
    QString defaultPlan = QStringLiteral("standard");
    int aggregateSeconds = 60;
    QString stripeSecretKey;
    QString stripeApiBase;
    QByteArray stripeWebhookSecret;
    QString budgetWebhookUrl;
    bool holdsEnabled = true;

    static WaybillSettings fromEnvironment(const QString &specsDir);
};

// Waybill's parts, composed for the daemon: plans and the platform cost from specs/plans,
// reports, invoices, budgets, Stripe when configured, and the background loop that rolls usage
// up and evaluates the budgets (only the replica holding the aggregator lock does either).
class WaybillService
{
public:
    WaybillService(store::Database &db, QString connectionString, WaybillSettings settings);
    ~WaybillService();

    // Loads plans and the platform cost (problems are logged; a bad file is left out) and
    // starts the background loop.
    void start();

    const WaybillSettings &settings() const { return m_settings; }
    const QString &connectionString() const { return m_connection; }
    PlanCatalog &plans() { return m_plans; }
    UsageReports &reports() { return *m_reports; }
    Invoices &invoices() { return *m_invoices; }
    Budgets &budgets() { return *m_budgets; }
    StripeSync *stripe() { return m_stripe.get(); } // null when Stripe is off
    const std::optional<PlatformCostModel> &platformCost() const { return m_platformCost; }

private:
    void loop();

    store::Database &m_db;
    QString m_connection;
    WaybillSettings m_settings;
    PlanCatalog m_plans;
    std::optional<PlatformCostModel> m_platformCost;
    std::unique_ptr<UsageReports> m_reports;
    std::unique_ptr<Invoices> m_invoices;
    std::unique_ptr<Budgets> m_budgets;
    std::unique_ptr<StripeClient> m_stripeClient;
    std::unique_ptr<StripeSync> m_stripe;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    std::thread m_thread;
};

} // namespace enclii::waybill
