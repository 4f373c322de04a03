#include "WaybillReports.h"

#include "DecimalText.h"

#include <QCoreApplication>
#include <QLocale>

namespace enclii::ui::waybillReports {

using namespace Qt::StringLiterals;

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(WaybillReports)
};

constexpr auto FeeMetric = "plan.fee";

ReportCell text(const QString &exact, const QString &display = {})
{
    ReportCell cell;
    cell.exact = exact;
    cell.display = display;
    return cell;
}

ReportCell amount(const QString &exact, const QString &currency)
{
    return ReportCell::number(exact, exact.isEmpty() ? QString() : decimal::money(exact, currency));
}

// Quantities show three decimals at most (a forecast has nine); the exact figure is its tooltip.
ReportCell quantity(const QString &exact)
{
    const QString shown = decimal::rounded(exact, 3);
    ReportCell cell = ReportCell::number(exact, decimal::grouped(shown));
    if (shown != exact)
        cell.toolTip = exact;
    return cell;
}

ReportCell metricCell(const QString &metric)
{
    ReportCell cell = text(metric, waybillText::metricName(metric));
    cell.toolTip = metric;
    return cell;
}

QString day(const QDateTime &t)
{
    return t.isValid() ? QLocale().toString(t.toUTC().date(), QLocale::ShortFormat) : QString();
}

const WaybillLine *lineOf(const QList<WaybillLine> &lines, const QString &metric)
{
    for (const WaybillLine &l : lines)
        if (l.metric == metric)
            return &l;
    return nullptr;
}

QString totalsLine(const QString &what, const QString &value, const QString &currency)
{
    return Text::tr("%1: %2").arg(what, decimal::money(value, currency));
}

} // namespace

QString meteredUnit(const QString &metric)
{
    if (metric.endsWith(".gb_minutes"_L1))
        return Text::tr("GB-minutes");
    if (metric == "build.minutes"_L1)
        return Text::tr("minutes");
    if (metric == "bandwidth.gb"_L1)
        return Text::tr("GB");
    if (metric == "domain.days"_L1)
        return Text::tr("domain-days");
    if (metric == QLatin1String(FeeMetric))
        return Text::tr("month");
    return {};
}

ReportTable usage(const QString &project, const WaybillMonthUsage *usage, const WaybillInvoice *preview)
{
    ReportTable r;
    r.title = Text::tr("Usage of %1, month to date").arg(project);
    const QString currency = preview ? preview->currency : QString();
    if (usage) {
        r.notes << Text::tr("%1 to %2 (UTC), as of %3")
                       .arg(day(usage->monthStart), day(usage->monthEnd.addSecs(-1)),
                            QLocale().toString(usage->asOf.toUTC(), QLocale::ShortFormat));
        if (!usage->complete)
            r.notes << Text::tr("Forecast: the month's end at the pace so far.");
    }
    if (preview && !preview->plan.isEmpty())
        r.notes << Text::tr("Plan %1 v%2, in %3").arg(preview->plan).arg(preview->planVersion).arg(currency);
    r.headers = {Text::tr("Metric"),  Text::tr("Metered unit"),    Text::tr("Used to date"), Text::tr("Forecast"),
                 Text::tr("Included"), Text::tr("Rate"),           Text::tr("Rate unit"),    Text::tr("Per"),
                 Text::tr("Amount to date"), Text::tr("Forecast amount")};

    // The preview's lines in invoice order, then any metered metric it does not price.
    QStringList metrics;
    if (preview)
        for (const WaybillLine &l : preview->lines)
            metrics << l.metric;
    if (usage)
        for (const QString &m : usage->usage.keys() + usage->forecast.keys())
            if (!metrics.contains(m))
                metrics << m;
    for (const QString &metric : std::as_const(metrics)) {
        const WaybillLine *line = preview ? lineOf(preview->lines, metric) : nullptr;
        const WaybillLine *ahead = preview ? lineOf(preview->forecast.lines, metric) : nullptr;
        const QString used = usage && usage->usage.contains(metric) ? usage->usage.value(metric) : (line ? line->quantity : QString());
        const QString forecast = usage && usage->forecast.contains(metric) ? usage->forecast.value(metric)
                                                                             : (ahead ? ahead->quantity : QString());
        r.rows << QList<ReportCell>{metricCell(metric),
                                    text(meteredUnit(metric)),
                                    quantity(used),
                                    quantity(forecast),
                                    quantity(line ? line->included : QString()),
                                    amount(line ? line->rate : QString(), currency),
                                    text(line ? line->unit : QString()),
                                    quantity(line ? line->per : QString()),
                                    amount(line ? line->amount : QString(), currency),
                                    amount(ahead ? ahead->amount : QString(), currency)};
    }
    if (preview) {
        r.footer << totalsLine(Text::tr("Subtotal to date"), preview->subtotal, currency)
                 << totalsLine(Text::tr("Credit applied"), preview->creditApplied, currency)
                 << totalsLine(Text::tr("Total to date"), preview->total, currency);
        if (preview->forecast.present)
            r.footer << totalsLine(Text::tr("Forecast total at the month's end"), preview->forecast.total, currency);
    }
    return r;
}

ReportTable invoices(const QList<WaybillInvoice> &list)
{
    ReportTable r;
    r.title = Text::tr("Invoices");
    r.headers = {Text::tr("Invoice"), Text::tr("Project"), Text::tr("Month"),  Text::tr("Status"),   Text::tr("Subtotal"),
                 Text::tr("Credit"),  Text::tr("Total"),   Text::tr("Currency"), Text::tr("Stripe invoice")};
    for (const WaybillInvoice &i : list) {
        ReportCell status = text(i.status, waybillText::statusName(i.status));
        status.color = waybillText::statusColor(i.status);
        status.value = i.status;
        r.rows << QList<ReportCell>{text(i.id),
                                    text(i.project),
                                    text(i.month()),
                                    status,
                                    amount(i.subtotal, i.currency),
                                    amount(i.creditApplied, i.currency),
                                    amount(i.total, i.currency),
                                    text(i.currency),
                                    text(i.stripeInvoiceId)};
    }
    return r;
}

ReportTable invoice(const WaybillInvoice &i)
{
    ReportTable r;
    r.title = Text::tr("Invoice %1").arg(i.id);
    r.notes << Text::tr("Project %1, %2 to %3 (UTC)").arg(i.project, day(i.periodStart), day(i.periodEnd.addSecs(-1)))
            << Text::tr("Status: %1 · plan %2 v%3 · %4").arg(waybillText::statusName(i.status), i.plan).arg(i.planVersion).arg(i.currency);
    if (!i.stripeInvoiceId.isEmpty())
        r.notes << Text::tr("Stripe invoice %1").arg(i.stripeInvoiceId);
    r.headers = {Text::tr("Metric"), Text::tr("Unit"), Text::tr("Quantity"), Text::tr("Included"),
                 Text::tr("Billable"), Text::tr("Rate"), Text::tr("Per"), Text::tr("Amount")};
    for (const WaybillLine &l : i.lines)
        r.rows << QList<ReportCell>{metricCell(l.metric),  text(l.unit),
                                    quantity(l.quantity),  quantity(l.included),
                                    quantity(l.billable),  amount(l.rate, i.currency),
                                    quantity(l.per),       amount(l.amount, i.currency)};
    r.footer << totalsLine(Text::tr("Subtotal"), i.subtotal, i.currency)
             << totalsLine(Text::tr("Credit applied"), i.creditApplied, i.currency)
             << totalsLine(Text::tr("Total"), i.total, i.currency);
    return r;
}

ReportTable budgets(const QList<WaybillBudget> &list)
{
    ReportTable r;
    r.title = Text::tr("Budgets this month");
    r.notes << Text::tr("Alerts at 50, 80 and 100 % of each budget; at 100 % deploys to environments other than production "
                        "are held when the budget says so.");
    r.headers = {Text::tr("Project"), Text::tr("Budget"), Text::tr("Spent"), Text::tr("Forecast"), Text::tr("Used"),
                 Text::tr("Thresholds crossed"), Text::tr("Deploys"), Text::tr("Currency")};
    for (const WaybillBudget &b : list) {
        ReportCell used = ReportCell::number(b.percent, b.percent.isEmpty() ? QString() : decimal::percent(b.percent));
        used.value = b.percent.isEmpty() ? QVariant() : QVariant(decimal::plotValue(b.percent));
        QStringList crossed;
        for (int threshold : {50, 80, 100})
            if (b.crossed(threshold))
                crossed << QString::number(threshold);
        ReportCell thresholds = text(crossed.join(u' '), crossed.isEmpty() ? Text::tr("none")
                                                                           : Text::tr("%1 %").arg(crossed.join(u", "_s)));
        QStringList alertLines;
        for (const WaybillBudgetAlert &a : b.alerts)
            alertLines << Text::tr("%1 %: %2 of %3 spent, %4%5")
                              .arg(a.threshold)
                              .arg(decimal::money(a.spent, b.currency), decimal::money(a.budget, b.currency),
                                   QLocale().toString(a.crossedAt.toLocalTime(), QLocale::ShortFormat),
                                   a.notifyError.isEmpty() ? QString() : Text::tr(" (not notified: %1)").arg(a.notifyError));
        thresholds.toolTip = alertLines.join(u'\n');
        if (b.crossed(100))
            thresholds.color = QColor(0x9b, 0x1c, 0x12);
        else if (!crossed.isEmpty())
            thresholds.color = QColor(0x8a, 0x5a, 0x00);
        ReportCell deploys = b.deploysHeld ? text(u"held"_s, Text::tr("Held"))
                                           : text(u"not held"_s, b.holdNonProduction ? Text::tr("Not held") : Text::tr("Never held"));
        deploys.color = b.deploysHeld ? QColor(0x9b, 0x1c, 0x12) : QColor();
        deploys.toolTip = b.deploysHeld ? Text::tr("Over budget: deploys to environments other than production wait until the budget "
                                                   "is raised or the month ends.")
                          : b.holdNonProduction ? Text::tr("At 100 % deploys to environments other than production are held.")
                                                : Text::tr("This budget only alerts; it never holds deploys.");
        r.rows << QList<ReportCell>{text(b.project),
                                    b.budget.isEmpty() ? text(QString(), Text::tr("no budget")) : amount(b.budget, b.currency),
                                    amount(b.spent, b.currency),
                                    amount(b.forecast, b.currency),
                                    used,
                                    thresholds,
                                    deploys,
                                    text(b.currency)};
    }
    return r;
}

ReportTable platformCost(const WaybillPlatformCost &c)
{
    ReportTable r;
    r.title = Text::tr("Platform cost");
    r.notes << (c.criterion.isEmpty() ? Text::tr("Against a target of %1 a month").arg(decimal::money(c.target, c.currency))
                                      : c.criterion);
    r.headers = {Text::tr("Item"), Text::tr("Quantity"), Text::tr("Unit price a month"), Text::tr("Amount a month")};
    for (const WaybillCostItem &i : c.items)
        r.rows << QList<ReportCell>{text(i.name), quantity(i.quantity), amount(i.unitPrice, c.currency), amount(i.amount, c.currency)};
    r.footer << totalsLine(Text::tr("Monthly total"), c.monthlyTotal, c.currency)
             << totalsLine(Text::tr("Target"), c.target, c.currency)
             << totalsLine(Text::tr("Headroom"), c.headroom, c.currency);
    return r;
}

} // namespace enclii::ui::waybillReports
