#include "WaybillYaml_p.h"

#include "spec/YamlSafety.h"

namespace enclii::waybill::detail {

std::optional<YAML::Node> loadDocument(const QByteArray &yaml, spec::ParseContext &ctx)
{
    spec::YamlLimits limits;
    limits.maxBytes = kMaxWaybillYamlBytes;
    limits.maxDocuments = 1;
    ctx.diagnostics += spec::checkYamlSafety(yaml, ctx.file, limits);
    if (core::hasErrors(ctx.diagnostics))
        return std::nullopt;
    try {
        return YAML::Load(yaml.toStdString());
    } catch (const YAML::Exception &e) {
        ctx.error(e.mark.line + 1, e.mark.column + 1, {}, QStringLiteral("not valid YAML: %1").arg(QString::fromStdString(e.msg)));
        return std::nullopt;
    }
}

std::optional<Decimal> decimalField(spec::MapReader &r, const char *key, bool required, spec::ParseContext &ctx)
{
    const YAML::Node n = r.child(key, required);
    if (!n.IsDefined() || n.IsNull())
        return required ? std::nullopt : std::optional<Decimal>(Decimal());
    QString why;
    const auto text = n.IsScalar() ? std::optional<QString>(QString::fromStdString(n.Scalar())) : std::nullopt;
    const auto d = text ? Decimal::parse(*text, &why) : std::nullopt;
    if (!d || d->isNegative()) {
        ctx.error(n, r.childPath(key), d ? QStringLiteral("must not be negative")
                                         : QStringLiteral("expected an exact decimal such as \"0.006\": %1").arg(why.isEmpty() ? QStringLiteral("not a scalar") : why));
        return std::nullopt;
    }
    return d;
}

} // namespace enclii::waybill::detail
