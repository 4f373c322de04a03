#include "Plan.h"

#include "WaybillYaml_p.h"

#include <QDirIterator>
#include <QFile>

namespace enclii::waybill {

using detail::decimalField;
using detail::kMaxWaybillYamlBytes;

const QList<BilledMetric> &billedMetrics()
{
    static const QList<BilledMetric> metrics = {
        {QStringLiteral("compute.gb_minutes"), QStringLiteral("GB-hour"), 60, QStringLiteral("0.006")},
        {QStringLiteral("storage.gb_minutes"), QStringLiteral("GB-hour"), 60, QStringLiteral("0.00014")},
        {QStringLiteral("build.minutes"), QStringLiteral("build minute"), 1, QStringLiteral("0.005")},
        {QStringLiteral("bandwidth.gb"), QStringLiteral("GB"), 1, QStringLiteral("0.01")},
        {QStringLiteral("domain.days"), QStringLiteral("domain-day"), 1, QStringLiteral("0.03")},
    };
    return metrics;
}

const BilledMetric *billedMetric(const QString &metric)
{
    for (const BilledMetric &m : billedMetrics())
        if (m.metric == metric)
            return &m;
    return nullptr;
}

const PlanMetric *Plan::metric(const QString &name) const
{
    for (const PlanMetric &m : metrics)
        if (m.metric == name)
            return &m;
    return nullptr;
}

QList<RatedMetric> Plan::rate(const QMap<QString, Decimal> &usage) const
{
    QList<RatedMetric> out;
    if (!monthlyFee.isZero())
        out << RatedMetric{kFeeMetric, Decimal::fromInt(1), Decimal(), monthlyFee, Decimal::fromInt(1)};
    for (const PlanMetric &m : metrics) {
        const BilledMetric *b = billedMetric(m.metric);
        out << RatedMetric{m.metric, usage.value(m.metric), m.included * b->per, m.rate, Decimal::fromInt(b->per)};
    }
    return out;
}

namespace {

// One {metric, included, rate} of spec.metrics; nullopt (reported) when it is not usable.
std::optional<PlanMetric> readPlanMetric(const YAML::Node &item, const QString &path, const QString &currency, bool currencyKnown,
                                         const QMap<QString, PlanMetric> &listed, spec::ParseContext &ctx)
{
    spec::MapReader m(item, path, ctx);
    if (!m.valid()) {
        ctx.error(item, path, QStringLiteral("expected a mapping {metric, included, rate}"));
        return std::nullopt;
    }
    PlanMetric pm;
    pm.metric = m.string("metric", true);
    const auto included = decimalField(m, "included", false, ctx);
    const auto rate = decimalField(m, "rate", true, ctx);
    m.finish();
    if (!billedMetric(pm.metric)) {
        QStringList names;
        for (const auto &b : billedMetrics())
            names << b.metric;
        ctx.error(item, path + QStringLiteral(".metric"),
                  QStringLiteral("unknown metric \"%1\"; one of %2").arg(pm.metric, names.join(QStringLiteral(", "))));
        return std::nullopt;
    }
    if (listed.contains(pm.metric)) {
        ctx.error(item, path + QStringLiteral(".metric"), QStringLiteral("%1 is listed twice").arg(pm.metric));
        return std::nullopt;
    }
    if (!included || !rate || !currencyKnown)
        return std::nullopt;
    pm.included = *included;
    pm.rate = *Money::of(*rate, currency);
    return pm;
}

} // namespace

std::optional<Plan> parsePlan(const QByteArray &yaml, const QString &file, core::Diagnostics *diagnostics)
{
    spec::ParseContext ctx;
    ctx.file = file;
    Plan plan;
    plan.file = file;
    const detail::DocumentHeader header = detail::readDocument(yaml, "Plan", ctx, [&](spec::MapReader &s) {
        plan.description = s.string("description");
        plan.currency = s.string("currency", true).toUpper();
        const bool currencyKnown = Money::minorUnitsOf(plan.currency).has_value();
        if (!plan.currency.isEmpty() && !currencyKnown)
            ctx.error(s.node()["currency"], QStringLiteral("spec.currency"), QStringLiteral("unknown currency \"%1\"").arg(plan.currency));
        const auto fee = decimalField(s, "monthlyFee", false, ctx);
        if (fee && currencyKnown) {
            plan.monthlyFee = *Money::of(*fee, plan.currency);
            if (!plan.monthlyFee.isRoundedToMinorUnits())
                ctx.error(s.node()["monthlyFee"], QStringLiteral("spec.monthlyFee"), QStringLiteral("a fee is a whole number of minor units"));
        }
        QMap<QString, PlanMetric> listed;
        s.list("metrics", true, [&](const YAML::Node &item, const QString &path) {
            if (auto pm = readPlanMetric(item, path, plan.currency, currencyKnown, listed, ctx))
                listed.insert(pm->metric, *pm);
        });
        for (const BilledMetric &b : billedMetrics()) {
            if (listed.contains(b.metric)) {
                plan.metrics << listed.value(b.metric);
            } else if (plan.currency == QLatin1String("USD")) {
                plan.metrics << PlanMetric{b.metric, Decimal(), *Money::parse(b.defaultRate, plan.currency)};
            } else if (currencyKnown) {
                ctx.error(s.node()["metrics"], QStringLiteral("spec.metrics"),
                          QStringLiteral("%1 has no rate; default rates are in USD, so a %2 plan lists every metric").arg(b.metric, plan.currency));
            }
        }
    });
    plan.name = header.name;
    plan.version = header.version;
    if (diagnostics)
        *diagnostics += ctx.diagnostics;
    return core::hasErrors(ctx.diagnostics) ? std::nullopt : std::optional<Plan>(plan);
}

bool PlanCatalog::loadDirectory(const QString &dir, core::Diagnostics *diagnostics)
{
    bool ok = true;
    QStringList files;
    QDirIterator it(dir, {QStringLiteral("*.plan")}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        files << it.next();
    files.sort();
    for (const QString &path : files) {
        QFile f(path);
        core::Diagnostics found;
        if (f.size() > kMaxWaybillYamlBytes || !f.open(QIODevice::ReadOnly)) {
            found << core::Diagnostic{core::Diagnostic::Severity::Error, path, 0, 0, {},
                                      QStringLiteral("cannot read the file, or it is over %1 bytes").arg(kMaxWaybillYamlBytes)};
        } else if (auto plan = parsePlan(f.read(kMaxWaybillYamlBytes + 1), path, &found)) {
            if (find(plan->name, plan->version)) {
                found << core::Diagnostic{core::Diagnostic::Severity::Error, path, 0, 0, QStringLiteral("metadata"),
                                          QStringLiteral("plan %1 version %2 is also defined in %3")
                                              .arg(plan->name).arg(plan->version).arg(find(plan->name, plan->version)->file)};
            } else {
                add(*plan);
            }
        }
        ok = ok && !core::hasErrors(found);
        if (diagnostics)
            *diagnostics += found;
    }
    return ok;
}

void PlanCatalog::add(Plan plan)
{
    m_plans[plan.name].insert(plan.version, std::move(plan));
}

const Plan *PlanCatalog::find(const QString &name, int version) const
{
    const auto n = m_plans.constFind(name);
    if (n == m_plans.cend())
        return nullptr;
    const auto v = n->constFind(version);
    return v == n->cend() ? nullptr : &*v;
}

const Plan *PlanCatalog::latest(const QString &name) const
{
    const auto n = m_plans.constFind(name);
    return n == m_plans.cend() || n->isEmpty() ? nullptr : &n->last();
}

QList<Plan> PlanCatalog::plans() const
{
    QList<Plan> out;
    for (const auto &versions : m_plans)
        for (const Plan &p : versions)
            out << p;
    return out;
}

} // namespace enclii::waybill
