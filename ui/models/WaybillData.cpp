#include "WaybillData.h"

#include "DecimalText.h"
#include "JsonRead.h"

#include <QCoreApplication>
#include <QSet>

#include <algorithm>

namespace enclii::ui {

using namespace Qt::StringLiterals;

namespace {

// More than any real month or project list; the rest of a larger answer is left out.
constexpr qsizetype MaxEntries = 20000;
constexpr qsizetype MaxLines = 200;
constexpr qsizetype MaxAlerts = 50;

// The translators' context for the messages below.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(WaybillData)
};

QDateTime instant(const QJsonObject &o, QLatin1String key)
{
    const QDateTime t = QDateTime::fromString(json::string(o, key), Qt::ISODateWithMs);
    return t.isValid() ? t.toUTC() : QDateTime();
}

// Reads exact decimal fields into strings; the first one missing or malformed is the error.
class DecimalReader
{
public:
    explicit DecimalReader(const QJsonObject &o) : m_o(o) {}

    QString required(QLatin1String key)
    {
        const QJsonValue v = m_o.value(key);
        if (v.isString() && decimal::isDecimal(v.toString()))
            return v.toString();
        if (m_error.isEmpty())
            m_error = v.isUndefined() || v.isNull() ? Text::tr("\"%1\" is missing").arg(key)
                      : v.isDouble()                ? Text::tr("\"%1\" is a JSON number, not an exact decimal string").arg(key)
                                                    : Text::tr("\"%1\" is not a decimal").arg(key);
        return {};
    }
    // Absent or null is fine (empty); anything else must be a decimal string.
    QString optional(QLatin1String key)
    {
        const QJsonValue v = m_o.value(key);
        return v.isUndefined() || v.isNull() ? QString() : required(key);
    }
    bool ok(QString *error) const
    {
        if (!m_error.isEmpty() && error)
            *error = m_error;
        return m_error.isEmpty();
    }

private:
    const QJsonObject &m_o;
    QString m_error;
};

std::optional<WaybillLine> lineFromJson(const QJsonObject &o, QString *error)
{
    DecimalReader d(o);
    WaybillLine l{json::string(o, "metric"_L1), json::string(o, "unit"_L1), d.required("quantity"_L1),
                  d.required("included"_L1),    d.required("billable"_L1), d.required("rate"_L1),
                  d.required("per"_L1),         d.required("amount"_L1)};
    if (l.metric.isEmpty() && error)
        *error = Text::tr("a line has no metric");
    if (l.metric.isEmpty() || !d.ok(error))
        return std::nullopt;
    return l;
}

bool linesFromJson(const QJsonArray &array, QList<WaybillLine> *out, QString *error)
{
    for (const QJsonValue &v : array) {
        if (out->size() >= MaxLines) {
            *error = Text::tr("more than %1 lines").arg(MaxLines);
            return false;
        }
        const auto line = lineFromJson(v.toObject(), error);
        if (!line)
            return false;
        out->append(*line);
    }
    return true;
}

QMap<QString, QString> quantities(const QJsonObject &o, QString *error)
{
    QMap<QString, QString> out;
    for (auto it = o.begin(); it != o.end() && out.size() < MaxLines; ++it) {
        if (it.value().isString() && decimal::isDecimal(it.value().toString()))
            out.insert(it.key(), it.value().toString());
        else if (error && error->isEmpty())
            *error = Text::tr("the quantity of %1 is not an exact decimal string").arg(it.key());
    }
    return out;
}

template<typename T>
void readList(const QJsonArray &array, QList<T> *out, QStringList *warnings, const QString &what)
{
    for (const QJsonValue &v : array) {
        if (out->size() >= MaxEntries) {
            warnings->append(Text::tr("only the first %1 %2 are shown").arg(MaxEntries).arg(what));
            return;
        }
        QString error;
        if (auto item = T::fromJson(v.toObject(), &error))
            out->append(*item);
        else
            warnings->append(error);
    }
}

} // namespace

QString WaybillInvoice::month() const
{
    return periodStart.isValid() ? periodStart.toUTC().toString(u"yyyy-MM"_s) : QString();
}

std::optional<WaybillInvoice> WaybillInvoice::fromJson(const QJsonObject &o, QString *error)
{
    WaybillInvoice i;
    i.id = json::string(o, "id"_L1);
    i.project = json::string(o, "project"_L1);
    i.status = json::string(o, "status"_L1);
    if (i.id.isEmpty() || i.status.isEmpty()) {
        if (error)
            *error = Text::tr("an invoice without an id or a status");
        return std::nullopt;
    }
    i.plan = json::string(o, "plan"_L1);
    i.planVersion = json::integer32(o, "planVersion"_L1);
    i.currency = json::string(o, "currency"_L1);
    i.periodStart = instant(o, "periodStart"_L1);
    i.periodEnd = instant(o, "periodEnd"_L1);
    i.stripeInvoiceId = json::string(o, "stripeInvoiceId"_L1);
    i.createdAt = instant(o, "createdAt"_L1);
    i.finalizedAt = instant(o, "finalizedAt"_L1);
    i.closedAt = instant(o, "closedAt"_L1);
    i.asOf = instant(o, "asOf"_L1);
    DecimalReader d(o);
    i.subtotal = d.required("subtotal"_L1);
    i.creditApplied = d.required("creditApplied"_L1);
    i.total = d.required("total"_L1);
    QString why;
    if (!d.ok(&why)) {
        if (error)
            *error = Text::tr("invoice %1: %2").arg(i.id, why);
        return std::nullopt;
    }
    i.hasLines = o.value("lines"_L1).isArray();
    const QJsonObject forecast = json::object(o, "forecast"_L1);
    bool ok = linesFromJson(json::array(o, "lines"_L1), &i.lines, &why);
    if (ok && !forecast.isEmpty()) {
        DecimalReader f(forecast);
        i.forecast.subtotal = f.required("subtotal"_L1);
        i.forecast.creditApplied = f.required("creditApplied"_L1);
        i.forecast.total = f.required("total"_L1);
        ok = f.ok(&why) && linesFromJson(json::array(forecast, "lines"_L1), &i.forecast.lines, &why);
        i.forecast.present = ok;
    }
    if (!ok) {
        if (error)
            *error = Text::tr("invoice %1: %2").arg(i.id, why);
        return std::nullopt;
    }
    return i;
}

bool WaybillBudget::crossed(int threshold) const
{
    return std::any_of(alerts.cbegin(), alerts.cend(), [threshold](const WaybillBudgetAlert &a) { return a.threshold == threshold; });
}

std::optional<WaybillBudget> WaybillBudget::fromJson(const QJsonObject &o, QString *error)
{
    WaybillBudget b;
    b.project = json::string(o, "project"_L1);
    if (b.project.isEmpty()) {
        if (error)
            *error = Text::tr("a budget without a project");
        return std::nullopt;
    }
    DecimalReader d(o);
    b.budget = d.optional("budget"_L1);
    b.spent = d.required("spent"_L1);
    b.forecast = d.required("forecast"_L1);
    b.percent = b.budget.isEmpty() ? QString() : d.required("percent"_L1);
    b.currency = json::string(o, "currency"_L1);
    b.holdNonProduction = json::boolean(o, "holdNonProduction"_L1);
    b.deploysHeld = json::boolean(o, "deploysHeld"_L1);
    b.updatedBy = json::string(o, "updatedBy"_L1);
    QString why;
    if (!d.ok(&why)) {
        if (error)
            *error = Text::tr("budget of %1: %2").arg(b.project, why);
        return std::nullopt;
    }
    for (const QJsonValue &v : json::array(o, "alerts"_L1)) {
        if (b.alerts.size() >= MaxAlerts)
            break;
        const QJsonObject a = v.toObject();
        DecimalReader ad(a);
        WaybillBudgetAlert alert{json::integer32(a, "threshold"_L1), ad.required("spent"_L1), ad.required("budget"_L1),
                                 instant(a, "crossedAt"_L1), instant(a, "notifiedAt"_L1), json::string(a, "notifyError"_L1)};
        if (alert.threshold > 0 && ad.ok(nullptr))
            b.alerts.append(alert);
    }
    return b;
}

std::optional<WaybillPlatformCost> WaybillPlatformCost::fromJson(const QJsonObject &o, QString *error)
{
    WaybillPlatformCost c;
    DecimalReader d(o);
    c.currency = json::string(o, "currency"_L1);
    c.monthlyTotal = d.required("monthlyTotal"_L1);
    c.target = d.required("target"_L1);
    c.headroom = d.required("headroom"_L1);
    c.monthToDate = d.optional("monthToDate"_L1);
    c.withinTarget = json::boolean(o, "withinTarget"_L1);
    c.criterion = json::string(o, "criterion"_L1);
    c.asOf = instant(o, "asOf"_L1);
    c.version = json::integer32(o, "version"_L1);
    if (!d.ok(error))
        return std::nullopt;
    for (const QJsonValue &v : json::array(o, "items"_L1)) {
        const QJsonObject item = v.toObject();
        DecimalReader id(item);
        WaybillCostItem ci{json::string(item, "name"_L1), id.required("quantity"_L1), id.required("unitPrice"_L1),
                           id.required("amount"_L1)};
        if (id.ok(nullptr) && c.items.size() < MaxLines)
            c.items.append(ci);
    }
    return c;
}

std::optional<WaybillMonthUsage> WaybillMonthUsage::fromJson(const QJsonObject &o, QString *error)
{
    WaybillMonthUsage u;
    u.project = json::string(o, "project"_L1);
    u.monthStart = instant(o, "monthStart"_L1);
    u.monthEnd = instant(o, "monthEnd"_L1);
    u.asOf = instant(o, "asOf"_L1);
    u.rolledUpThrough = instant(o, "rolledUpThrough"_L1);
    u.complete = json::boolean(o, "complete"_L1);
    if (!u.monthStart.isValid() || !u.monthEnd.isValid() || u.monthEnd <= u.monthStart) {
        if (error)
            *error = Text::tr("the usage has no valid monthStart and monthEnd");
        return std::nullopt;
    }
    QString why;
    u.usage = quantities(json::object(o, "usage"_L1), &why);
    u.forecast = quantities(json::object(o, "forecast"_L1), &why);
    if (!why.isEmpty() && error)
        *error = why; // what could be read is kept
    return u;
}

QStringList WaybillRollups::projects() const
{
    QSet<QString> seen;
    for (const WaybillPoint &p : points)
        seen.insert(p.project);
    QStringList out(seen.cbegin(), seen.cend());
    out.sort();
    return out;
}

QStringList WaybillRollups::metrics() const
{
    QSet<QString> seen;
    for (const WaybillPoint &p : points)
        seen.insert(p.metric);
    QStringList out(seen.cbegin(), seen.cend());
    out.sort();
    return out;
}

WaybillRollups WaybillRollups::fromJson(const QJsonObject &o)
{
    WaybillRollups r;
    r.granularity = json::string(o, "granularity"_L1);
    r.truncated = json::boolean(o, "truncated"_L1);
    for (const QJsonValue &v : json::array(o, "points"_L1)) {
        if (r.points.size() >= MaxEntries) {
            r.truncated = true;
            break;
        }
        const QJsonObject p = v.toObject();
        WaybillPoint point{instant(p, "windowStart"_L1), json::string(p, "project"_L1), json::string(p, "metric"_L1),
                           json::string(p, "quantity"_L1)};
        if (point.windowStart.isValid() && !point.project.isEmpty() && !point.metric.isEmpty() && decimal::isDecimal(point.quantity))
            r.points.append(point);
        else if (r.warnings.size() < MaxAlerts)
            r.warnings.append(Text::tr("a rollup point without a valid window, project, metric or exact quantity"));
    }
    return r;
}

WaybillInvoiceList WaybillInvoiceList::fromJson(const QJsonObject &o)
{
    WaybillInvoiceList list;
    readList(json::array(o, "invoices"_L1), &list.invoices, &list.warnings, Text::tr("invoices"));
    return list;
}

WaybillBudgetList WaybillBudgetList::fromJson(const QJsonObject &o)
{
    WaybillBudgetList list;
    readList(json::array(o, "budgets"_L1), &list.budgets, &list.warnings, Text::tr("budgets"));
    return list;
}

namespace waybillText {

QString metricName(const QString &metric)
{
    if (metric == "compute.gb_minutes"_L1)
        return Text::tr("Compute");
    if (metric == "storage.gb_minutes"_L1)
        return Text::tr("Storage");
    if (metric == "build.minutes"_L1)
        return Text::tr("Build minutes");
    if (metric == "bandwidth.gb"_L1)
        return Text::tr("Bandwidth");
    if (metric == "domain.days"_L1)
        return Text::tr("Domains");
    if (metric == "plan.fee"_L1)
        return Text::tr("Plan fee");
    return metric;
}

QString statusName(const QString &status)
{
    if (status == "draft"_L1)
        return Text::tr("Draft");
    if (status == "open"_L1)
        return Text::tr("Open");
    if (status == "paid"_L1)
        return Text::tr("Paid");
    if (status == "void"_L1)
        return Text::tr("Void");
    if (status == "uncollectible"_L1)
        return Text::tr("Uncollectible");
    if (status == "preview"_L1)
        return Text::tr("Preview");
    return status;
}

QColor statusColor(const QString &status)
{
    if (status == "paid"_L1)
        return QColor(0x2d, 0x6a, 0x1f);
    if (status == "open"_L1)
        return QColor(0x1f, 0x4f, 0x85);
    if (status == "uncollectible"_L1)
        return QColor(0x9b, 0x1c, 0x12);
    if (status == "draft"_L1 || status == "preview"_L1)
        return QColor(0x8a, 0x5a, 0x00);
    return QColor(0x56, 0x65, 0x7a); // void
}

} // namespace waybillText

} // namespace enclii::ui
