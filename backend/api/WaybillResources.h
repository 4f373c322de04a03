#pragma once

#include "http/Router.h"

namespace enclii::store {
class AuditLog;
}
namespace enclii::waybill {
class WaybillService;
}

namespace enclii::api {

// Waybill for finance, over HTTP. Money and billed quantities are exact decimal strings
// ("12.50", "357120"), never JSON numbers; instants are RFC 3339 UTC; months "YYYY-MM".
// Reads need billing.read (admin, finance, on-call), writes billing.write (admin, finance) and
// are audited. The Stripe webhook is public: its signature is its authentication.
//
//   GET  /v1/waybill/rollups                          ?granularity=hour|day|month&project=&metric=&from=&to=&byResource=true
//   GET  /v1/waybill/rollups/check                    ?from=&to=  (check mode: recompute and compare)
//   GET  /v1/waybill/projects/{project}/usage          ?month=YYYY-MM (default: the running month): to date + forecast
//   GET  /v1/waybill/projects/{project}/preview        the running month priced, with its forecast
//   GET  /v1/waybill/projects/{project}/subscription
//   PUT  /v1/waybill/projects/{project}/subscription   {"plan", "version"}
//   GET  /v1/waybill/projects/{project}/credits
//   POST /v1/waybill/projects/{project}/credits        {"amount": "10.00", "currency": "USD", "reason"}
//   GET  /v1/waybill/projects/{project}/budget         budget, spend, percent, alerts, hold
//   PUT  /v1/waybill/projects/{project}/budget         {"amount", "currency", "holdNonProduction"}
//   GET  /v1/waybill/budgets                           every budget with its status
//   GET  /v1/waybill/plans
//   GET  /v1/waybill/invoices                          ?project=&status=
//   POST /v1/waybill/invoices                          {"project", "month"}: the month's draft (made or recomputed)
//   GET  /v1/waybill/invoices/{id}
//   POST /v1/waybill/invoices/{id}/finalize|void|pay|uncollectible
//   GET  /v1/waybill/platform-cost
//   POST /v1/webhooks/stripe
class WaybillResources
{
public:
    WaybillResources(waybill::WaybillService &waybill, store::AuditLog *audit);

    void registerRoutes(http::Router &router);

private:
    http::Response rollups(const http::Request &);
    http::Response check(const http::Request &);
    http::Response usage(const http::Request &);
    http::Response preview(const http::Request &);
    http::Response getSubscription(const http::Request &);
    http::Response putSubscription(const http::Request &);
    http::Response getCredits(const http::Request &);
    http::Response postCredit(const http::Request &);
    http::Response getBudget(const http::Request &);
    http::Response putBudget(const http::Request &);
    http::Response listBudgets(const http::Request &);
    http::Response plans(const http::Request &);
    http::Response listInvoices(const http::Request &);
    http::Response createInvoice(const http::Request &);
    http::Response getInvoice(const http::Request &);
    http::Response finalize(const http::Request &);
    http::Response voidInvoice(const http::Request &);
    http::Response pay(const http::Request &);
    http::Response uncollectible(const http::Request &);
    http::Response platformCost(const http::Request &);
    http::Response stripeWebhook(const http::Request &);

    void audit(const http::Request &req, const QString &action, const QString &target, const QJsonObject &detail = {});

    waybill::WaybillService &m_waybill;
    store::AuditLog *m_audit;
};

} // namespace enclii::api
