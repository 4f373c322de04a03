#include "WaybillService.h"

#include "RollupAggregator.h"

#include "store/Database.h"

#include <QDir>
#include <QProcessEnvironment>

#include <spdlog/spdlog.h>

namespace enclii::waybill {

WaybillSettings WaybillSettings::fromEnvironment(const QString &specsDir)
{
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    WaybillSettings s;
    s.plansDir = QDir(specsDir).filePath(QStringLiteral("plans"));
    s.defaultPlan = env.value(QStringLiteral("ENCLII_WAYBILL_DEFAULT_PLAN"), s.defaultPlan);
    bool ok = false;
    const int seconds = env.value(QStringLiteral("ENCLII_WAYBILL_AGGREGATE_SECONDS")).toInt(&ok);
    if (ok && seconds >= 0)
        s.aggregateSeconds = seconds;
    s.stripeSecretKey = env.value(QStringLiteral("ENCLII_STRIPE_SECRET_KEY"));
    s.stripeApiBase = env.value(QStringLiteral("ENCLII_STRIPE_API_BASE"));
    s.stripeWebhookSecret = env.value(QStringLiteral("ENCLII_STRIPE_WEBHOOK_SECRET")).toUtf8();
    s.budgetWebhookUrl = env.value(QStringLiteral("ENCLII_BUDGET_WEBHOOK_URL"));
    s.holdsEnabled = env.value(QStringLiteral("ENCLII_BUDGET_HOLDS")) != QLatin1String("off");
    return s;
}

WaybillService::WaybillService(store::Database &db, QString connectionString, WaybillSettings settings)
    : m_db(db), m_connection(std::move(connectionString)), m_settings(std::move(settings))
{
    m_reports = std::make_unique<UsageReports>(m_db);
    m_invoices = std::make_unique<Invoices>(m_db, m_plans, *m_reports, Invoices::Options{m_settings.defaultPlan});
    Budgets::Options bo;
    bo.webhookUrl = m_settings.budgetWebhookUrl;
    bo.holdsEnabled = m_settings.holdsEnabled;
    m_budgets = std::make_unique<Budgets>(m_db, *m_invoices, bo);
    if (!m_settings.stripeSecretKey.isEmpty()) {
        StripeClient::Options so;
        so.secretKey = m_settings.stripeSecretKey.toUtf8();
        if (!m_settings.stripeApiBase.isEmpty())
            so.apiBase = m_settings.stripeApiBase;
        m_stripeClient = std::make_unique<StripeClient>(so);
        m_stripe = std::make_unique<StripeSync>(m_db, *m_invoices, *m_stripeClient);
    }
}

WaybillService::~WaybillService()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

void WaybillService::start()
{
    core::Diagnostics found;
    if (!m_plans.loadDirectory(m_settings.plansDir, &found))
        for (const auto &d : found)
            spdlog::error("waybill: {}", d.toString().toStdString());
    if (!m_plans.latest(m_settings.defaultPlan))
        spdlog::warn("waybill: the default plan \"{}\" is not in {}; projects without a subscription cannot be priced",
                     m_settings.defaultPlan.toStdString(), m_settings.plansDir.toStdString());
    core::Diagnostics costProblems;
    m_platformCost = loadPlatformCost(QDir(m_settings.plansDir).filePath(QStringLiteral("platform.cost")), &costProblems);
    for (const auto &d : costProblems)
        spdlog::warn("waybill: {}", d.toString().toStdString());
    spdlog::info("waybill: {} plan(s), Stripe {}", m_plans.plans().size(), m_stripe ? "on" : "off");
    if (m_settings.aggregateSeconds > 0)
        m_thread = std::thread([this] { loop(); });
}

void WaybillService::loop()
{
    RollupAggregator aggregator(m_connection);
    bool leading = false;
    std::unique_lock lock(m_mutex);
    while (!m_stopping) {
        lock.unlock();
        const auto report = aggregator.runOnce();
        if (report.leader != leading)
            spdlog::info("waybill: {} the rollup aggregator", report.leader ? "this replica is now" : "this replica is no longer");
        leading = report.leader;
        if (!report.error.isEmpty())
            spdlog::warn("waybill: {}", report.error.toStdString());
        if (report.leader) {
            try {
                m_budgets->evaluate();
            } catch (const std::exception &e) {
                spdlog::warn("waybill: budget evaluation failed: {}", store::redactedError(e).toStdString());
            }
        }
        lock.lock();
        m_wake.wait_for(lock, std::chrono::seconds(m_settings.aggregateSeconds), [this] { return m_stopping; });
    }
}

} // namespace enclii::waybill
