#include "PlatformCost.h"

#include "RollupMeter_p.h"
#include "WaybillYaml_p.h"

#include <QFile>

namespace enclii::waybill {

using detail::decimalField;

std::optional<PlatformCostModel> parsePlatformCost(const QByteArray &yaml, const QString &file, core::Diagnostics *diagnostics)
{
    spec::ParseContext ctx;
    ctx.file = file;
    PlatformCostModel m;
    m.file = file;
    const detail::DocumentHeader header = detail::readDocument(yaml, "PlatformCost", ctx, [&](spec::MapReader &s) {
        m.currency = s.string("currency", true).toUpper();
        const bool known = Money::minorUnitsOf(m.currency).has_value();
        if (!m.currency.isEmpty() && !known)
            ctx.error(s.node()["currency"], QStringLiteral("spec.currency"), QStringLiteral("unknown currency \"%1\"").arg(m.currency));
        const auto target = decimalField(s, "target", true, ctx);
        if (target && known)
            m.target = *Money::of(*target, m.currency);
        Decimal total;
        s.list("items", true, [&](const YAML::Node &item, const QString &path) {
            spec::MapReader r(item, path, ctx);
            if (!r.valid()) {
                ctx.error(item, path, QStringLiteral("expected a mapping {name, quantity, unitPrice}"));
                return;
            }
            PlatformCostItem i;
            i.name = r.string("name", true);
            const auto quantity = decimalField(r, "quantity", true, ctx);
            const auto price = decimalField(r, "unitPrice", true, ctx);
            r.finish();
            if (!quantity || !price || !known)
                return;
            i.quantity = *quantity;
            i.unitPrice = *Money::of(*price, m.currency);
            i.amount = *i.unitPrice.multiplied(i.quantity);
            total += i.amount.amount();
            m.items << i;
        });
        if (known)
            m.monthlyTotal = *Money::of(total, m.currency);
    });
    m.name = header.name;
    m.version = header.version;
    if (diagnostics)
        *diagnostics += ctx.diagnostics;
    return core::hasErrors(ctx.diagnostics) || !m.target.isValid() ? std::nullopt : std::optional<PlatformCostModel>(m);
}

std::optional<PlatformCostModel> loadPlatformCost(const QString &path, core::Diagnostics *diagnostics)
{
    QFile f(path);
    if (f.size() > detail::kMaxWaybillYamlBytes || !f.open(QIODevice::ReadOnly)) {
        if (diagnostics)
            *diagnostics << core::Diagnostic{core::Diagnostic::Severity::Error, path, 0, 0, {},
                                             QStringLiteral("cannot read the file, or it is over %1 bytes").arg(detail::kMaxWaybillYamlBytes)};
        return std::nullopt;
    }
    return parsePlatformCost(f.read(detail::kMaxWaybillYamlBytes + 1), path, diagnostics);
}

PlatformCostFigure platformCostFigure(const PlatformCostModel &model, const QDateTime &now)
{
    PlatformCostFigure f;
    f.asOf = now.toUTC();
    f.monthlyTotal = model.monthlyTotal;
    f.target = model.target;
    f.headroom = *model.target.minus(model.monthlyTotal);
    f.withinTarget = f.headroom.amount() > Decimal();
    const qint64 ms = f.asOf.toMSecsSinceEpoch();
    const qint64 start = detail::monthStartMs(ms);
    const qint64 length = detail::nextMonthStartMs(ms) - start;
    f.monthToDate = *model.monthlyTotal.mulDiv(Decimal::fromInt(ms - start), Decimal::fromInt(length));
    return f;
}

} // namespace enclii::waybill
