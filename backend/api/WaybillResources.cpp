#include "WaybillResources.h"
#include "RouteBinding.h"

#include "store/AuditLog.h"
#include "waybill/RollupAggregator.h"
#include "waybill/UsageJson.h"
#include "waybill/WaybillService.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUrl>

namespace enclii::api {

using http::Request;
using http::Response;
using namespace waybill;

namespace {

constexpr qint64 kMaxCheckDays = 62;

QString text(const Decimal &d)
{
    return d.toString();
}

// "12.50": at least the currency's minor digits, more when the amount has them (a rate).
QString text(const Money &m)
{
    return m.isValid() ? m.toString().section(u' ', 0, 0) : QString();
}

QString instant(const QDateTime &t)
{
    return t.isValid() ? formatUtcTimestamp(t) : QString();
}

QJsonValue orNull(const QString &s)
{
    return s.isEmpty() ? QJsonValue() : QJsonValue(s);
}

QJsonObject lineJson(const InvoiceLine &l)
{
    const BilledMetric *b = billedMetric(l.metric);
    return {{QStringLiteral("metric"), l.metric},
            {QStringLiteral("unit"), b ? b->unit : QStringLiteral("month")},
            {QStringLiteral("quantity"), text(l.quantity)},
            {QStringLiteral("included"), text(l.included)},
            {QStringLiteral("billable"), text(l.billable)},
            {QStringLiteral("rate"), text(l.rate)},
            {QStringLiteral("per"), text(l.per)},
            {QStringLiteral("amount"), text(l.amount)}};
}

QJsonObject totalsJson(const QList<InvoiceLine> &lines, const Money &subtotal, const Money &credit, const Money &total)
{
    QJsonArray out;
    for (const InvoiceLine &l : lines)
        out << lineJson(l);
    return {{QStringLiteral("lines"), out},
            {QStringLiteral("subtotal"), text(subtotal)},
            {QStringLiteral("creditApplied"), text(credit)},
            {QStringLiteral("total"), text(total)}};
}

QJsonObject invoiceJson(const Invoice &i, bool withLines)
{
    QJsonObject o{{QStringLiteral("id"), i.id},
                  {QStringLiteral("project"), i.project},
                  {QStringLiteral("status"), i.status},
                  {QStringLiteral("periodStart"), instant(i.periodStart)},
                  {QStringLiteral("periodEnd"), instant(i.periodEnd)},
                  {QStringLiteral("plan"), i.plan},
                  {QStringLiteral("planVersion"), i.planVersion},
                  {QStringLiteral("currency"), i.currency},
                  {QStringLiteral("subtotal"), text(i.subtotal)},
                  {QStringLiteral("creditApplied"), text(i.creditApplied)},
                  {QStringLiteral("total"), text(i.total)},
                  {QStringLiteral("stripeInvoiceId"), orNull(i.stripeInvoiceId)},
                  {QStringLiteral("createdAt"), orNull(instant(i.createdAt))},
                  {QStringLiteral("finalizedAt"), orNull(instant(i.finalizedAt))},
                  {QStringLiteral("closedAt"), orNull(instant(i.closedAt))}};
    if (withLines) {
        const QJsonObject t = totalsJson(i.lines, i.subtotal, i.creditApplied, i.total);
        o.insert(QStringLiteral("lines"), t.value(QStringLiteral("lines")));
    }
    if (i.forecast) {
        o.insert(QStringLiteral("asOf"), instant(i.asOf));
        o.insert(QStringLiteral("forecast"), totalsJson(i.forecast->lines, i.forecast->subtotal, i.forecast->creditApplied, i.forecast->total));
    }
    return o;
}

QJsonObject metricsJson(const QMap<QString, Decimal> &m)
{
    QJsonObject o;
    for (auto it = m.cbegin(); it != m.cend(); ++it)
        o.insert(it.key(), text(*it));
    return o;
}

Response answer(const Request &req, const Invoices::Result &r)
{
    switch (r.outcome) {
    case Invoices::Outcome::Ok:
        return Response::json(invoiceJson(*r.invoice, true));
    case Invoices::Outcome::NotFound:
        return http::notFound(r.error).toResponse(req.path);
    case Invoices::Outcome::Conflict:
        return http::conflict(QStringLiteral("invoice-state"), r.error).toResponse(req.path);
    case Invoices::Outcome::Invalid:
        break;
    }
    return http::unprocessable(r.error, {}).toResponse(req.path);
}

// The body as a JSON object, or the problem to answer.
std::optional<Response> readObject(const Request &req, QJsonObject *out)
{
    const QByteArray type = req.header("content-type").split(';').first().trimmed().toLower();
    if (type != "application/json")
        return http::unsupportedMediaType(QString::fromLatin1(type.isEmpty() ? QByteArray("(none)") : type), {QStringLiteral("application/json")})
            .toResponse(req.path);
    QJsonParseError e;
    const QJsonDocument doc = QJsonDocument::fromJson(req.body, &e);
    if (!doc.isObject())
        return http::badRequest(QStringLiteral("invalid-json"), QStringLiteral("the body must be a JSON object")).toResponse(req.path);
    *out = doc.object();
    return std::nullopt;
}

// A JSON object body with money in it, {"amount": "10.00", "currency": "USD", ...}, or the problem
// to answer. The amount must be a string, so no double ever holds it.
std::optional<Response> readMoneyBody(const Request &req, QJsonObject *body, std::optional<Money> *amount)
{
    if (auto bad = readObject(req, body))
        return bad;
    const QJsonValue value = body->value(QStringLiteral("amount"));
    QString error = QStringLiteral("\"amount\" must be a decimal string such as \"10.00\" (not a JSON number)");
    if (value.isString())
        *amount = Money::parse(value.toString(), body->value(QStringLiteral("currency")).toString(QStringLiteral("USD")), &error);
    if (!*amount)
        return http::unprocessable(error, {}).toResponse(req.path);
    return std::nullopt;
}

// "2024-03" -> 2024-03-01T00:00Z; invalid when absent or wrong.
QDateTime monthParam(const QString &s)
{
    const QDate d = QDate::fromString(s, QStringLiteral("yyyy-MM"));
    return d.isValid() ? QDateTime(d, QTime(0, 0), Qt::UTC) : QDateTime();
}

QDateTime instantParam(const Request &req, const QString &name, QString *error)
{
    const QString value = req.query.queryItemValue(name, QUrl::FullyDecoded);
    if (value.isEmpty())
        return {};
    QString why;
    const QDateTime t = parseUtcTimestamp(value, &why);
    if (!t.isValid())
        *error = QStringLiteral("%1: %2").arg(name, why);
    return t;
}

} // namespace

WaybillResources::WaybillResources(WaybillService &waybill, store::AuditLog *audit) : m_waybill(waybill), m_audit(audit) {}

void WaybillResources::registerRoutes(http::Router &router)
{
    auto bind = [this, &router](const QByteArray &method, const char *pattern, Response (WaybillResources::*fn)(const Request &),
                                const char *permission) {
        bindRoute(router, this, method, QString::fromLatin1(pattern), fn, http::RouteAccess{QString::fromLatin1(permission), {}});
    };
    bind("GET", "/v1/waybill/rollups", &WaybillResources::rollups, "billing.read");
    bind("GET", "/v1/waybill/rollups/check", &WaybillResources::check, "billing.read");
    bind("GET", "/v1/waybill/projects/{project}/usage", &WaybillResources::usage, "billing.read");
    bind("GET", "/v1/waybill/projects/{project}/preview", &WaybillResources::preview, "billing.read");
    bind("GET", "/v1/waybill/projects/{project}/subscription", &WaybillResources::getSubscription, "billing.read");
    bind("PUT", "/v1/waybill/projects/{project}/subscription", &WaybillResources::putSubscription, "billing.write");
    bind("GET", "/v1/waybill/projects/{project}/credits", &WaybillResources::getCredits, "billing.read");
    bind("POST", "/v1/waybill/projects/{project}/credits", &WaybillResources::postCredit, "billing.write");
    bind("GET", "/v1/waybill/projects/{project}/budget", &WaybillResources::getBudget, "billing.read");
    bind("PUT", "/v1/waybill/projects/{project}/budget", &WaybillResources::putBudget, "billing.write");
    bind("GET", "/v1/waybill/budgets", &WaybillResources::listBudgets, "billing.read");
    bind("GET", "/v1/waybill/plans", &WaybillResources::plans, "billing.read");
    bind("GET", "/v1/waybill/invoices", &WaybillResources::listInvoices, "billing.read");
    bind("POST", "/v1/waybill/invoices", &WaybillResources::createInvoice, "billing.write");
    bind("GET", "/v1/waybill/invoices/{id}", &WaybillResources::getInvoice, "billing.read");
    bind("POST", "/v1/waybill/invoices/{id}/finalize", &WaybillResources::finalize, "billing.write");
    bind("POST", "/v1/waybill/invoices/{id}/void", &WaybillResources::voidInvoice, "billing.write");
    bind("POST", "/v1/waybill/invoices/{id}/pay", &WaybillResources::pay, "billing.write");
    bind("POST", "/v1/waybill/invoices/{id}/uncollectible", &WaybillResources::uncollectible, "billing.write");
    bind("GET", "/v1/waybill/platform-cost", &WaybillResources::platformCost, "billing.read");
    bind("POST", "/v1/webhooks/stripe", &WaybillResources::stripeWebhook, "public");
}

void WaybillResources::audit(const Request &req, const QString &action, const QString &target, const QJsonObject &detail)
{
    if (m_audit)
        m_audit->append(req.principal.actor(), action, target, detail);
}

Response WaybillResources::rollups(const Request &req)
{
    RollupQuery q;
    q.granularity = req.query.queryItemValue(QStringLiteral("granularity"));
    if (q.granularity.isEmpty())
        q.granularity = QStringLiteral("day");
    if (!QStringList{QStringLiteral("hour"), QStringLiteral("day"), QStringLiteral("month")}.contains(q.granularity))
        return http::badRequest(QStringLiteral("bad-query"), QStringLiteral("granularity is hour, day or month")).toResponse(req.path);
    q.project = req.query.queryItemValue(QStringLiteral("project"), QUrl::FullyDecoded);
    q.metric = req.query.queryItemValue(QStringLiteral("metric"), QUrl::FullyDecoded);
    q.byResource = req.query.queryItemValue(QStringLiteral("byResource")) == QLatin1String("true");
    QString error;
    q.from = instantParam(req, QStringLiteral("from"), &error);
    q.to = instantParam(req, QStringLiteral("to"), &error);
    if (!error.isEmpty())
        return http::badRequest(QStringLiteral("bad-query"), error).toResponse(req.path);
    QJsonArray points;
    for (const RollupPoint &p : m_waybill.reports().rollups(q)) {
        QJsonObject o{{QStringLiteral("windowStart"), instant(p.windowStart)},
                      {QStringLiteral("project"), p.project},
                      {QStringLiteral("metric"), p.metric},
                      {QStringLiteral("quantity"), text(p.quantity)}};
        if (q.byResource)
            o.insert(QStringLiteral("resource"), p.resource);
        points << o;
    }
    return Response::json(QJsonObject{{QStringLiteral("granularity"), q.granularity},
                                      {QStringLiteral("points"), points},
                                      {QStringLiteral("truncated"), points.size() >= q.limit}});
}

Response WaybillResources::check(const Request &req)
{
    QString error;
    const QDateTime from = instantParam(req, QStringLiteral("from"), &error);
    const QDateTime to = instantParam(req, QStringLiteral("to"), &error);
    if (error.isEmpty() && (!from.isValid() || !to.isValid() || from >= to || from.daysTo(to) > kMaxCheckDays))
        error = QStringLiteral("from and to (RFC 3339 UTC) are required, from before to, at most %1 days apart").arg(kMaxCheckDays);
    if (!error.isEmpty())
        return http::badRequest(QStringLiteral("bad-query"), error).toResponse(req.path);
    RollupAggregator aggregator(m_waybill.connectionString());
    const auto differences = aggregator.check(from, to, &error);
    if (!error.isEmpty())
        return http::unavailable(QStringLiteral("check-failed"), error).toResponse(req.path);
    QJsonArray out;
    for (const RollupDifference &d : differences.mid(0, 1000))
        out << QJsonObject{{QStringLiteral("granularity"), d.granularity},
                           {QStringLiteral("windowStart"), instant(d.windowStart)},
                           {QStringLiteral("project"), d.project},
                           {QStringLiteral("resource"), d.resource},
                           {QStringLiteral("metric"), d.metric},
                           {QStringLiteral("stored"), d.stored ? QJsonValue(text(*d.stored)) : QJsonValue()},
                           {QStringLiteral("expected"), d.expected ? QJsonValue(text(*d.expected)) : QJsonValue()}};
    return Response::json(QJsonObject{{QStringLiteral("ok"), differences.isEmpty()},
                                      {QStringLiteral("differences"), out},
                                      {QStringLiteral("count"), int(differences.size())}});
}

Response WaybillResources::usage(const Request &req)
{
    const QString monthText = req.query.queryItemValue(QStringLiteral("month"));
    const QDateTime month = monthParam(monthText);
    if (!monthText.isEmpty() && !month.isValid())
        return http::badRequest(QStringLiteral("bad-query"), QStringLiteral("month is YYYY-MM")).toResponse(req.path);
    const MonthUsage m = m_waybill.reports().month(req.param(QStringLiteral("project")), month);
    return Response::json(QJsonObject{{QStringLiteral("project"), req.param(QStringLiteral("project"))},
                                      {QStringLiteral("monthStart"), instant(m.monthStart)},
                                      {QStringLiteral("monthEnd"), instant(m.monthEnd)},
                                      {QStringLiteral("asOf"), instant(m.asOf)},
                                      {QStringLiteral("rolledUpThrough"), orNull(instant(m.rolledUpThrough))},
                                      {QStringLiteral("complete"), m.complete},
                                      {QStringLiteral("usage"), metricsJson(m.usage)},
                                      {QStringLiteral("forecast"), metricsJson(m.forecast)}});
}

Response WaybillResources::preview(const Request &req)
{
    return answer(req, m_waybill.invoices().preview(req.param(QStringLiteral("project"))));
}

Response WaybillResources::getSubscription(const Request &req)
{
    const Subscription s = m_waybill.invoices().subscription(req.param(QStringLiteral("project")));
    return Response::json(QJsonObject{{QStringLiteral("project"), s.project},
                                      {QStringLiteral("plan"), s.plan},
                                      {QStringLiteral("version"), s.planVersion},
                                      {QStringLiteral("since"), orNull(instant(s.since))},
                                      {QStringLiteral("default"), s.isDefault}});
}

Response WaybillResources::putSubscription(const Request &req)
{
    QJsonObject body;
    if (auto bad = readObject(req, &body))
        return *bad;
    const QString project = req.param(QStringLiteral("project"));
    const QString plan = body.value(QStringLiteral("plan")).toString();
    const int version = body.value(QStringLiteral("version")).toInt();
    const auto r = m_waybill.invoices().subscribe(project, plan, version, req.principal.actor());
    if (r.outcome != Invoices::Outcome::Ok)
        return http::unprocessable(r.error, {}).toResponse(req.path);
    audit(req, QStringLiteral("waybill.subscribe"), QStringLiteral("project/") + project,
          {{QStringLiteral("plan"), plan}, {QStringLiteral("version"), version}});
    return getSubscription(req);
}

Response WaybillResources::getCredits(const Request &req)
{
    QJsonArray out;
    for (const Credit &c : m_waybill.invoices().credits(req.param(QStringLiteral("project"))))
        out << QJsonObject{{QStringLiteral("id"), double(c.id)},
                           {QStringLiteral("amount"), text(c.amount)},
                           {QStringLiteral("remaining"), text(c.remaining)},
                           {QStringLiteral("currency"), c.amount.currency()},
                           {QStringLiteral("reason"), c.reason},
                           {QStringLiteral("grantedBy"), c.grantedBy},
                           {QStringLiteral("grantedAt"), instant(c.grantedAt)}};
    return Response::json(QJsonObject{{QStringLiteral("credits"), out}});
}

Response WaybillResources::postCredit(const Request &req)
{
    QJsonObject body;
    std::optional<Money> amount;
    if (auto bad = readMoneyBody(req, &body, &amount))
        return *bad;
    QString error;
    const QString project = req.param(QStringLiteral("project"));
    const auto credit = m_waybill.invoices().grantCredit(project, *amount, body.value(QStringLiteral("reason")).toString(),
                                                         req.principal.actor(), &error);
    if (!credit)
        return http::unprocessable(error, {}).toResponse(req.path);
    audit(req, QStringLiteral("waybill.credit"), QStringLiteral("project/") + project,
          {{QStringLiteral("amount"), text(credit->amount)}, {QStringLiteral("currency"), credit->amount.currency()}});
    Response r = getCredits(req);
    r.status = 201;
    return r;
}

namespace {

QJsonObject budgetJson(const QString &project, const BudgetStatus &s)
{
    QJsonArray alerts;
    for (const BudgetAlert &a : s.alerts)
        alerts << QJsonObject{{QStringLiteral("threshold"), a.threshold},
                              {QStringLiteral("spent"), text(a.spent)},
                              {QStringLiteral("budget"), text(a.budget)},
                              {QStringLiteral("crossedAt"), instant(a.crossedAt)},
                              {QStringLiteral("notifiedAt"), orNull(instant(a.notifiedAt))},
                              {QStringLiteral("notifyError"), orNull(a.notifyError)}};
    QJsonObject o{{QStringLiteral("project"), project},
                  {QStringLiteral("spent"), text(s.spent)},
                  {QStringLiteral("forecast"), text(s.forecast)},
                  {QStringLiteral("currency"), s.spent.currency()},
                  {QStringLiteral("alerts"), alerts},
                  {QStringLiteral("deploysHeld"), s.held}};
    if (s.budget) {
        o.insert(QStringLiteral("budget"), text(s.budget->amount));
        o.insert(QStringLiteral("percent"), text(s.percent));
        o.insert(QStringLiteral("holdNonProduction"), s.budget->holdNonProduction);
        o.insert(QStringLiteral("updatedBy"), s.budget->updatedBy);
    } else {
        o.insert(QStringLiteral("budget"), QJsonValue());
    }
    return o;
}

} // namespace

Response WaybillResources::getBudget(const Request &req)
{
    const QString project = req.param(QStringLiteral("project"));
    return Response::json(budgetJson(project, m_waybill.budgets().status(project)));
}

Response WaybillResources::putBudget(const Request &req)
{
    QJsonObject body;
    std::optional<Money> amount;
    if (auto bad = readMoneyBody(req, &body, &amount))
        return *bad;
    QString error;
    const QString project = req.param(QStringLiteral("project"));
    const bool hold = body.value(QStringLiteral("holdNonProduction")).toBool(true);
    if (!m_waybill.budgets().set(project, *amount, hold, req.principal.actor(), &error))
        return http::unprocessable(error, {}).toResponse(req.path);
    audit(req, QStringLiteral("waybill.budget"), QStringLiteral("project/") + project,
          {{QStringLiteral("amount"), text(*amount)}, {QStringLiteral("currency"), amount->currency()}, {QStringLiteral("holdNonProduction"), hold}});
    return getBudget(req);
}

Response WaybillResources::listBudgets(const Request &)
{
    QJsonArray out;
    for (const Budget &b : m_waybill.budgets().list())
        out << budgetJson(b.project, m_waybill.budgets().status(b.project));
    return Response::json(QJsonObject{{QStringLiteral("budgets"), out}});
}

Response WaybillResources::plans(const Request &)
{
    QJsonArray out;
    for (const Plan &p : m_waybill.plans().plans()) {
        QJsonArray metrics;
        for (const PlanMetric &m : p.metrics)
            metrics << QJsonObject{{QStringLiteral("metric"), m.metric},
                                   {QStringLiteral("unit"), billedMetric(m.metric)->unit},
                                   {QStringLiteral("included"), text(m.included)},
                                   {QStringLiteral("rate"), text(m.rate)}};
        out << QJsonObject{{QStringLiteral("name"), p.name},
                           {QStringLiteral("version"), p.version},
                           {QStringLiteral("description"), p.description},
                           {QStringLiteral("currency"), p.currency},
                           {QStringLiteral("monthlyFee"), text(p.monthlyFee)},
                           {QStringLiteral("metrics"), metrics}};
    }
    return Response::json(QJsonObject{{QStringLiteral("plans"), out}, {QStringLiteral("defaultPlan"), m_waybill.settings().defaultPlan}});
}

Response WaybillResources::listInvoices(const Request &req)
{
    QJsonArray out;
    for (const Invoice &i : m_waybill.invoices().list(req.query.queryItemValue(QStringLiteral("project"), QUrl::FullyDecoded),
                                                      req.query.queryItemValue(QStringLiteral("status"))))
        out << invoiceJson(i, false);
    return Response::json(QJsonObject{{QStringLiteral("invoices"), out}});
}

Response WaybillResources::createInvoice(const Request &req)
{
    QJsonObject body;
    if (auto bad = readObject(req, &body))
        return *bad;
    const QString project = body.value(QStringLiteral("project")).toString();
    const QDateTime month = monthParam(body.value(QStringLiteral("month")).toString());
    if (project.isEmpty() || !month.isValid())
        return http::unprocessable(QStringLiteral("{\"project\": \"<name>\", \"month\": \"YYYY-MM\"} is needed"), {}).toResponse(req.path);
    const auto r = m_waybill.invoices().draft(project, month);
    if (r.outcome == Invoices::Outcome::Ok)
        audit(req, QStringLiteral("waybill.invoice.draft"), QStringLiteral("invoice/") + r.invoice->id);
    return answer(req, r);
}

Response WaybillResources::getInvoice(const Request &req)
{
    const auto i = m_waybill.invoices().get(req.param(QStringLiteral("id")));
    if (!i)
        return http::notFound(QStringLiteral("no invoice %1").arg(req.param(QStringLiteral("id")))).toResponse(req.path);
    return Response::json(invoiceJson(*i, true));
}

Response WaybillResources::finalize(const Request &req)
{
    const QString id = req.param(QStringLiteral("id"));
    const auto r = m_waybill.invoices().finalize(id);
    if (r.outcome != Invoices::Outcome::Ok)
        return answer(req, r);
    audit(req, QStringLiteral("waybill.invoice.finalize"), QStringLiteral("invoice/") + id, {{QStringLiteral("total"), text(r.invoice->total)}});
    QJsonObject o = invoiceJson(*r.invoice, true);
    if (StripeSync *stripe = m_waybill.stripe()) {
        // Ours is final either way; a failed send is reported and can be repeated safely.
        const auto sent = stripe->send(id);
        o.insert(QStringLiteral("stripe"), QJsonObject{{QStringLiteral("sent"), sent.ok},
                                                       {QStringLiteral("invoice"), orNull(sent.stripeInvoiceId)},
                                                       {QStringLiteral("error"), orNull(sent.error)}});
        if (sent.ok)
            o.insert(QStringLiteral("stripeInvoiceId"), sent.stripeInvoiceId);
    }
    return Response::json(o);
}

Response WaybillResources::voidInvoice(const Request &req)
{
    const QString id = req.param(QStringLiteral("id"));
    const auto r = m_waybill.invoices().voidInvoice(id);
    if (r.outcome != Invoices::Outcome::Ok)
        return answer(req, r);
    audit(req, QStringLiteral("waybill.invoice.void"), QStringLiteral("invoice/") + id);
    QJsonObject o = invoiceJson(*r.invoice, true);
    if (StripeSync *stripe = m_waybill.stripe(); stripe && !r.invoice->stripeInvoiceId.isEmpty()) {
        const auto voided = stripe->voidInStripe(id);
        o.insert(QStringLiteral("stripe"), QJsonObject{{QStringLiteral("voided"), voided.ok}, {QStringLiteral("error"), orNull(voided.error)}});
    }
    return Response::json(o);
}

Response WaybillResources::pay(const Request &req)
{
    const auto r = m_waybill.invoices().markPaid(req.param(QStringLiteral("id")));
    if (r.outcome == Invoices::Outcome::Ok)
        audit(req, QStringLiteral("waybill.invoice.paid"), QStringLiteral("invoice/") + req.param(QStringLiteral("id")));
    return answer(req, r);
}

Response WaybillResources::uncollectible(const Request &req)
{
    const auto r = m_waybill.invoices().markUncollectible(req.param(QStringLiteral("id")));
    if (r.outcome == Invoices::Outcome::Ok)
        audit(req, QStringLiteral("waybill.invoice.uncollectible"), QStringLiteral("invoice/") + req.param(QStringLiteral("id")));
    return answer(req, r);
}

Response WaybillResources::platformCost(const Request &req)
{
    const auto &model = m_waybill.platformCost();
    if (!model)
        return http::unavailable(QStringLiteral("no-cost-model"),
                                 QStringLiteral("no platform cost model was loaded; see the daemon's log for specs/plans/platform.cost"))
            .toResponse(req.path);
    const PlatformCostFigure f = platformCostFigure(*model, m_waybill.reports().now());
    QJsonArray items;
    for (const PlatformCostItem &i : model->items)
        items << QJsonObject{{QStringLiteral("name"), i.name},
                             {QStringLiteral("quantity"), text(i.quantity)},
                             {QStringLiteral("unitPrice"), text(i.unitPrice)},
                             {QStringLiteral("amount"), text(i.amount)}};
    return Response::json(QJsonObject{{QStringLiteral("currency"), model->currency},
                                      {QStringLiteral("monthlyTotal"), text(f.monthlyTotal)},
                                      {QStringLiteral("target"), text(f.target)},
                                      {QStringLiteral("headroom"), text(f.headroom)},
                                      {QStringLiteral("withinTarget"), f.withinTarget},
                                      {QStringLiteral("criterion"), QStringLiteral("Platform cost < $150/month")},
                                      {QStringLiteral("monthToDate"), text(f.monthToDate)},
                                      {QStringLiteral("asOf"), instant(f.asOf)},
                                      {QStringLiteral("version"), model->version},
                                      {QStringLiteral("items"), items}});
}

// Answers 400 to anything unsigned (Stripe shows the failure in its dashboard and retries),
// 200 to every verified event, applied or not, so that Stripe stops resending it.
Response WaybillResources::stripeWebhook(const Request &req)
{
    StripeSync *stripe = m_waybill.stripe();
    if (!stripe || m_waybill.settings().stripeWebhookSecret.isEmpty())
        return http::unavailable(QStringLiteral("stripe-disabled"),
                                 QStringLiteral("Stripe is not configured here (ENCLII_STRIPE_SECRET_KEY and ENCLII_STRIPE_WEBHOOK_SECRET)"))
            .toResponse(req.path);
    const SignatureCheck c = verifyStripeSignature(req.body, req.header("stripe-signature"), m_waybill.settings().stripeWebhookSecret,
                                                   m_waybill.reports().now().toSecsSinceEpoch());
    if (!c.ok)
        return http::badRequest(QStringLiteral("bad-signature"), c.error).toResponse(req.path);
    const QJsonDocument doc = QJsonDocument::fromJson(req.body);
    if (!doc.isObject())
        return http::badRequest(QStringLiteral("invalid-json"), QStringLiteral("the event is not a JSON object")).toResponse(req.path);
    const auto out = stripe->handleEvent(doc.object());
    if (out.ok && (out.action == QLatin1String("paid") || out.action == QLatin1String("voided")))
        audit(req, QStringLiteral("waybill.stripe.") + out.action, QStringLiteral("stripe/") + out.stripeInvoiceId);
    return Response::json(QJsonObject{{QStringLiteral("received"), true},
                                      {QStringLiteral("action"), out.action},
                                      {QStringLiteral("error"), orNull(out.error)}});
}

} // namespace enclii::api
