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

DocumentHeader readDocument(const QByteArray &yaml, const char *kind, spec::ParseContext &ctx,
                            const std::function<void(spec::MapReader &spec)> &readSpec)
{
    DocumentHeader h;
    const auto root = loadDocument(yaml, ctx);
    if (!root)
        return h;
    spec::MapReader doc(*root, {}, ctx);
    if (!doc.valid()) {
        ctx.error(1, 1, {}, QStringLiteral("a %1 document is a YAML mapping").arg(QLatin1String(kind)));
        return h;
    }
    doc.oneOf("apiVersion", {QStringLiteral("enclii.dev/v1")}, {}, true);
    doc.oneOf("kind", {QString::fromLatin1(kind)}, {}, true);
    spec::MapReader meta = doc.map("metadata", true);
    h.name = meta.string("name", true);
    h.version = meta.integer("version", true, 0, 1, 1000000);
    meta.finish();
    spec::MapReader s = doc.map("spec", true);
    if (s.valid())
        readSpec(s);
    s.finish();
    doc.finish();
    return h;
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
