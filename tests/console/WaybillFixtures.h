#pragma once

// Waybill's answers for the console's tests, made by the backend's own arithmetic: the shipped
// plans priced by totalInvoice(), forecasts and budget percentages by Decimal::mulDiv, the
// platform cost by platformCostFigure() over specs/plans/platform.cost, instants by
// formatUtcTimestamp(). The objects take the wire shape of backend/api/WaybillResources.cpp
// (money as "12.50": Money::toString() without its currency), so a change in the backend's
// rounding or formatting changes what the console is tested on.

#include "waybill/InvoiceMath.h"
#include "waybill/Plan.h"
#include "waybill/PlatformCost.h"
#include "waybill/UsageJson.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QMap>
#include <QString>

#include <optional>

namespace enclii::test {

namespace wb = enclii::waybill;

inline QString specsDir()
{
    return QStringLiteral(ENCLII_SOURCE_DIR "/specs/plans");
}

inline QString moneyText(const wb::Money &m)
{
    return m.isValid() ? m.toString().section(u' ', 0, 0) : QString();
}

inline QJsonValue orNull(const QString &s)
{
    return s.isEmpty() ? QJsonValue() : QJsonValue(s);
}

inline QJsonObject lineJson(const wb::InvoiceLine &l)
{
    const wb::BilledMetric *b = wb::billedMetric(l.metric);
    return {{QStringLiteral("metric"), l.metric},
            {QStringLiteral("unit"), b ? b->unit : QStringLiteral("month")},
            {QStringLiteral("quantity"), l.quantity.toString()},
            {QStringLiteral("included"), l.included.toString()},
            {QStringLiteral("billable"), l.billable.toString()},
            {QStringLiteral("rate"), moneyText(l.rate)},
            {QStringLiteral("per"), l.per.toString()},
            {QStringLiteral("amount"), moneyText(l.amount)}};
}

inline QJsonObject totalsJson(const wb::InvoiceTotals &t)
{
    QJsonArray lines;
    for (const wb::InvoiceLine &l : t.lines)
        lines << lineJson(l);
    return {{QStringLiteral("lines"), lines},
            {QStringLiteral("subtotal"), moneyText(t.subtotal)},
            {QStringLiteral("creditApplied"), moneyText(t.creditApplied)},
            {QStringLiteral("total"), moneyText(t.total)}};
}

inline QMap<QString, wb::Decimal> decimals(const QMap<QString, QString> &in)
{
    QMap<QString, wb::Decimal> out;
    for (auto it = in.cbegin(); it != in.cend(); ++it)
        out.insert(it.key(), *wb::Decimal::parse(it.value()));
    return out;
}

inline QJsonObject metricsJson(const QMap<QString, wb::Decimal> &m)
{
    QJsonObject o;
    for (auto it = m.cbegin(); it != m.cend(); ++it)
        o.insert(it.key(), it.value().toString());
    return o;
}

// Three projects on the standard plan, as of `now`: a daily usage pattern for each, last
// month's and the month before's invoices in every state, budgets below, past 80 % and past
// 100 % (held), and the platform cost model.
class WaybillFixture
{
public:
    explicit WaybillFixture(const QDateTime &now = QDateTime::currentDateTimeUtc())
        : m_now(now.toUTC())
    {
        core::Diagnostics diagnostics;
        QFile file(specsDir() + QStringLiteral("/standard-v1.plan"));
        if (file.open(QIODevice::ReadOnly))
            m_plan = wb::parsePlan(file.readAll(), file.fileName(), &diagnostics);
        m_cost = wb::loadPlatformCost(specsDir() + QStringLiteral("/platform.cost"), &diagnostics);
        const QDate today = m_now.date();
        m_monthStart = QDateTime(QDate(today.year(), today.month(), 1), QTime(0, 0), Qt::UTC);
        m_monthEnd = m_monthStart.addMonths(1);
    }

    bool isValid() const { return m_plan && m_cost; }
    const wb::Plan &plan() const { return *m_plan; }
    QDateTime now() const { return m_now; }
    QDateTime monthStart() const { return m_monthStart; }
    QDateTime monthEnd() const { return m_monthEnd; }
    static QStringList projects() { return {QStringLiteral("forgesight"), QStringLiteral("janua"), QStringLiteral("electrochem-sim")}; }

    // One day of a project's usage: GB-minutes of 4 (janua), 6 (forgesight) or 12 GB
    // (electrochem-sim) deployed all day, plus builds and bandwidth that vary by weekday.
    QMap<QString, QString> day(const QString &project, const QDate &date) const
    {
        const int gb = project == QLatin1String("janua") ? 4 : project == QLatin1String("forgesight") ? 6 : 12;
        const int weekday = date.dayOfWeek();
        return {{QStringLiteral("compute.gb_minutes"), QString::number(gb * 1440)},
                {QStringLiteral("storage.gb_minutes"), QString::number(20 * 1440)},
                {QStringLiteral("build.minutes"), QString::number(weekday < 6 ? 35 + 4 * weekday : 3)},
                {QStringLiteral("bandwidth.gb"), QStringLiteral("%1.%2").arg(8 + weekday).arg(weekday * 7 % 10)}};
    }

    // GET /v1/waybill/rollups?granularity=day&project=: every day from `from` to today.
    QJsonObject daily(const QString &project, const QDateTime &from) const
    {
        QJsonArray points;
        for (QDate d = from.date(); d <= m_now.date(); d = d.addDays(1)) {
            const auto quantities = d == m_now.date() ? dayToNow(project) : day(project, d);
            for (auto it = quantities.cbegin(); it != quantities.cend(); ++it)
                points << QJsonObject{{QStringLiteral("windowStart"), wb::formatUtcTimestamp(QDateTime(d, QTime(0, 0), Qt::UTC))},
                                      {QStringLiteral("project"), project},
                                      {QStringLiteral("metric"), it.key()},
                                      {QStringLiteral("quantity"), it.value()}};
        }
        return {{QStringLiteral("granularity"), QStringLiteral("day")}, {QStringLiteral("points"), points}, {QStringLiteral("truncated"), false}};
    }

    // GET /v1/waybill/rollups?granularity=month: this month and the two before, per project.
    QJsonObject monthly() const
    {
        QJsonArray points;
        for (int back = 2; back >= 0; --back)
            for (const QString &project : projects())
                points << QJsonObject{{QStringLiteral("windowStart"), wb::formatUtcTimestamp(m_monthStart.addMonths(-back))},
                                      {QStringLiteral("project"), project},
                                      {QStringLiteral("metric"), QStringLiteral("compute.gb_minutes")},
                                      {QStringLiteral("quantity"), QStringLiteral("172800")}};
        return {{QStringLiteral("granularity"), QStringLiteral("month")}, {QStringLiteral("points"), points}, {QStringLiteral("truncated"), false}};
    }

    // The month to date, summed exactly from the days.
    QMap<QString, wb::Decimal> usageToDate(const QString &project) const
    {
        QMap<QString, wb::Decimal> sum;
        for (QDate d = m_monthStart.date(); d < m_now.date(); d = d.addDays(1))
            for (auto [k, v] : decimals(day(project, d)).asKeyValueRange())
                sum[k] += v;
        for (auto [k, v] : decimals(dayToNow(project)).asKeyValueRange())
            sum[k] += v;
        return sum;
    }

    // As UsageReports::month: linear to the month's end, half-even.
    QMap<QString, wb::Decimal> forecast(const QString &project) const
    {
        const wb::Decimal elapsed = wb::Decimal::fromInt(m_monthStart.msecsTo(m_now));
        const wb::Decimal length = wb::Decimal::fromInt(m_monthStart.msecsTo(m_monthEnd));
        QMap<QString, wb::Decimal> out;
        for (auto [k, v] : usageToDate(project).asKeyValueRange())
            out[k] = wb::Decimal::mulDiv(v, length, elapsed, wb::Rounding::HalfEven);
        return out;
    }

    wb::InvoiceTotals price(const QMap<QString, wb::Decimal> &usage, const QString &credit = QStringLiteral("0.00")) const
    {
        return *wb::totalInvoice(u"USD", m_plan->rate(usage), *wb::Money::parse(credit, u"USD"));
    }

    // GET /v1/waybill/projects/{project}/usage
    QJsonObject usage(const QString &project) const
    {
        return {{QStringLiteral("project"), project},
                {QStringLiteral("monthStart"), wb::formatUtcTimestamp(m_monthStart)},
                {QStringLiteral("monthEnd"), wb::formatUtcTimestamp(m_monthEnd)},
                {QStringLiteral("asOf"), wb::formatUtcTimestamp(m_now)},
                {QStringLiteral("rolledUpThrough"), wb::formatUtcTimestamp(QDateTime(m_now.date(), QTime(m_now.time().hour(), 0), Qt::UTC))},
                {QStringLiteral("complete"), false},
                {QStringLiteral("usage"), metricsJson(usageToDate(project))},
                {QStringLiteral("forecast"), metricsJson(forecast(project))}};
    }

    // The shape of invoiceJson(): `totals` priced; lines only when asked.
    QJsonObject invoice(const QString &id, const QString &project, const QString &status, const QDateTime &start,
                        const wb::InvoiceTotals &t, bool withLines) const
    {
        QJsonObject o{{QStringLiteral("id"), id},
                      {QStringLiteral("project"), project},
                      {QStringLiteral("status"), status},
                      {QStringLiteral("periodStart"), wb::formatUtcTimestamp(start)},
                      {QStringLiteral("periodEnd"), wb::formatUtcTimestamp(start.addMonths(1))},
                      {QStringLiteral("plan"), m_plan->name},
                      {QStringLiteral("planVersion"), m_plan->version},
                      {QStringLiteral("currency"), m_plan->currency},
                      {QStringLiteral("subtotal"), moneyText(t.subtotal)},
                      {QStringLiteral("creditApplied"), moneyText(t.creditApplied)},
                      {QStringLiteral("total"), moneyText(t.total)},
                      {QStringLiteral("stripeInvoiceId"), orNull(status == QLatin1String("draft") ? QString() : QStringLiteral("in_1Q") + id.right(6))},
                      {QStringLiteral("createdAt"), wb::formatUtcTimestamp(start.addMonths(1).addSecs(3600))},
                      {QStringLiteral("finalizedAt"), status == QLatin1String("draft") ? QJsonValue() : QJsonValue(wb::formatUtcTimestamp(start.addMonths(1).addDays(1)))},
                      {QStringLiteral("closedAt"), QJsonValue()}};
        if (withLines)
            o.insert(QStringLiteral("lines"), totalsJson(t).value(QStringLiteral("lines")));
        return o;
    }

    // GET /v1/waybill/projects/{project}/preview
    QJsonObject preview(const QString &project) const
    {
        QJsonObject o = invoice(QStringLiteral("preview"), project, QStringLiteral("preview"), m_monthStart, price(usageToDate(project)), true);
        o.insert(QStringLiteral("stripeInvoiceId"), QJsonValue());
        o.insert(QStringLiteral("asOf"), wb::formatUtcTimestamp(m_now));
        o.insert(QStringLiteral("forecast"), totalsJson(price(forecast(project))));
        return o;
    }

    // A whole month of a project's usage (30 days of its pattern), for its past invoices.
    QMap<QString, wb::Decimal> pastMonth(const QString &project, const QDateTime &start) const
    {
        QMap<QString, wb::Decimal> sum;
        for (QDate d = start.date(); d < start.addMonths(1).date(); d = d.addDays(1))
            for (auto [k, v] : decimals(day(project, d)).asKeyValueRange())
                sum[k] += v;
        return sum;
    }

    struct PastInvoice
    {
        QString id;
        QString project;
        QString status;
        QDateTime start;
        QString credit;
    };
    QList<PastInvoice> pastInvoices() const
    {
        const QDateTime last = m_monthStart.addMonths(-1);
        const QDateTime before = m_monthStart.addMonths(-2);
        const auto id = [](const QString &project, const QDateTime &start) {
            return QStringLiteral("inv_%1_%2").arg(project, start.toString(QStringLiteral("yyyyMM")));
        };
        return {{id(QStringLiteral("forgesight"), last), QStringLiteral("forgesight"), QStringLiteral("open"), last, QStringLiteral("0.00")},
                {id(QStringLiteral("janua"), last), QStringLiteral("janua"), QStringLiteral("paid"), last, QStringLiteral("12.50")},
                {id(QStringLiteral("electrochem-sim"), last), QStringLiteral("electrochem-sim"), QStringLiteral("draft"), last, QStringLiteral("0.00")},
                {id(QStringLiteral("forgesight"), before), QStringLiteral("forgesight"), QStringLiteral("uncollectible"), before, QStringLiteral("0.00")},
                {id(QStringLiteral("janua"), before), QStringLiteral("janua"), QStringLiteral("void"), before, QStringLiteral("0.00")}};
    }

    QJsonObject pastInvoice(const PastInvoice &p, bool withLines) const
    {
        return invoice(p.id, p.project, p.status, p.start, price(pastMonth(p.project, p.start), p.credit), withLines);
    }

    // GET /v1/waybill/invoices
    QJsonObject invoices() const
    {
        QJsonArray out;
        for (const PastInvoice &p : pastInvoices())
            out << pastInvoice(p, false);
        return {{QStringLiteral("invoices"), out}};
    }

    std::optional<QJsonObject> invoiceById(const QString &id) const
    {
        for (const PastInvoice &p : pastInvoices())
            if (p.id == id)
                return pastInvoice(p, true);
        return std::nullopt;
    }

    // The budget of a project, as budgetJson(): janua's is comfortable, forgesight's past 80 %
    // and electrochem-sim's spent (held); thresholds crossed get their alert.
    QJsonObject budget(const QString &project) const
    {
        const wb::InvoiceTotals spent = price(usageToDate(project));
        const wb::InvoiceTotals ahead = price(forecast(project));
        // Budgets chosen against the spend so every state shows whatever the day of the month.
        const wb::Decimal factor = *wb::Decimal::parse(project == QLatin1String("janua") ? u"3" : project == QLatin1String("forgesight") ? u"1.15" : u"0.8");
        const wb::Money amount = *spent.subtotal.multiplied(factor);
        const wb::Decimal percent = wb::Decimal::mulDiv(spent.subtotal.amount(), wb::Decimal::fromInt(100), amount.amount(), wb::Rounding::Down, 2);
        QJsonArray alerts;
        for (int threshold : {50, 80, 100})
            if (percent >= wb::Decimal::fromInt(threshold))
                alerts << QJsonObject{{QStringLiteral("threshold"), threshold},
                                      {QStringLiteral("spent"), moneyText(spent.subtotal)},
                                      {QStringLiteral("budget"), moneyText(amount)},
                                      {QStringLiteral("crossedAt"), wb::formatUtcTimestamp(m_now.addSecs(-3600))},
                                      {QStringLiteral("notifiedAt"), wb::formatUtcTimestamp(m_now.addSecs(-3590))},
                                      {QStringLiteral("notifyError"), QJsonValue()}};
        const bool held = percent >= wb::Decimal::fromInt(100);
        return {{QStringLiteral("project"), project},
                {QStringLiteral("spent"), moneyText(spent.subtotal)},
                {QStringLiteral("forecast"), moneyText(ahead.subtotal)},
                {QStringLiteral("currency"), QStringLiteral("USD")},
                {QStringLiteral("alerts"), alerts},
                {QStringLiteral("deploysHeld"), held},
                {QStringLiteral("budget"), moneyText(amount)},
                {QStringLiteral("percent"), percent.toString()},
                {QStringLiteral("holdNonProduction"), true},
                {QStringLiteral("updatedBy"), QStringLiteral("finance@enclii.test")}};
    }

    QJsonObject budgets() const
    {
        QJsonArray out;
        for (const QString &p : projects())
            out << budget(p);
        return {{QStringLiteral("budgets"), out}};
    }

    // GET /v1/waybill/platform-cost
    QJsonObject platformCost() const
    {
        const wb::PlatformCostFigure f = wb::platformCostFigure(*m_cost, m_now);
        QJsonArray items;
        for (const wb::PlatformCostItem &i : m_cost->items)
            items << QJsonObject{{QStringLiteral("name"), i.name},
                                 {QStringLiteral("quantity"), i.quantity.toString()},
                                 {QStringLiteral("unitPrice"), moneyText(i.unitPrice)},
                                 {QStringLiteral("amount"), moneyText(i.amount)}};
        return {{QStringLiteral("currency"), m_cost->currency},
                {QStringLiteral("monthlyTotal"), moneyText(f.monthlyTotal)},
                {QStringLiteral("target"), moneyText(f.target)},
                {QStringLiteral("headroom"), moneyText(f.headroom)},
                {QStringLiteral("withinTarget"), f.withinTarget},
                {QStringLiteral("criterion"), QStringLiteral("Platform cost < $150/month")},
                {QStringLiteral("monthToDate"), moneyText(f.monthToDate)},
                {QStringLiteral("asOf"), wb::formatUtcTimestamp(f.asOf)},
                {QStringLiteral("version"), m_cost->version},
                {QStringLiteral("items"), items}};
    }

private:
    // Today so far: the day's pattern in proportion to the minutes gone, exactly.
    QMap<QString, QString> dayToNow(const QString &project) const
    {
        const qint64 minutes = QDateTime(m_now.date(), QTime(0, 0), Qt::UTC).secsTo(m_now) / 60;
        QMap<QString, QString> out;
        for (auto [k, v] : decimals(day(project, m_now.date())).asKeyValueRange())
            out.insert(k, wb::Decimal::mulDiv(v, wb::Decimal::fromInt(minutes), wb::Decimal::fromInt(1440), wb::Rounding::Down, 3).toString());
        return out;
    }

    QDateTime m_now;
    QDateTime m_monthStart;
    QDateTime m_monthEnd;
    std::optional<wb::Plan> m_plan;
    std::optional<wb::PlatformCostModel> m_cost;
};

} // namespace enclii::test
