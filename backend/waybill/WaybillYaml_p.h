#pragma once

// Internal to Waybill: reading its YAML documents (plans, the platform cost) with the spec
// library's checks and diagnostics.

#include "spec/NodeReader.h"
#include "waybill/Decimal.h"

#include <yaml-cpp/yaml.h>

#include <functional>
#include <optional>

namespace enclii::waybill::detail {

constexpr qint64 kMaxWaybillYamlBytes = 64 * 1024;

// The one document of yaml, after the safety checks (size, aliases, depth...); nullopt with
// the errors in ctx when it cannot be read.
std::optional<YAML::Node> loadDocument(const QByteArray &yaml, spec::ParseContext &ctx);

// A whole Waybill document: apiVersion enclii.dev/v1, the given kind, metadata {name, version};
// readSpec reads the spec mapping (and finishes nothing: readDocument reports unknown fields).
// Returns the metadata; the problems are in ctx.
struct DocumentHeader
{
    QString name;
    int version = 0;
};
DocumentHeader readDocument(const QByteArray &yaml, const char *kind, spec::ParseContext &ctx,
                            const std::function<void(spec::MapReader &spec)> &readSpec);

// An exact, non-negative decimal at key ("0.006", quoted or not; exponents refused). Absent and
// optional: 0. nullopt (reported) when it is not one.
std::optional<Decimal> decimalField(spec::MapReader &r, const char *key, bool required, spec::ParseContext &ctx);

} // namespace enclii::waybill::detail
