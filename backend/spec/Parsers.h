#pragma once

// Internal to the spec library: one parser per document kind.

#include "NodeReader.h"

#include "core/Ecosystem.h"
#include "core/ServiceSpec.h"

namespace enclii::spec {

// Both read the whole document (apiVersion, kind, metadata, spec) and report into ctx.
core::ServiceSpec parseService(const YAML::Node &doc, ParseContext &ctx);
core::EcosystemSpec parseEcosystem(const YAML::Node &doc, ParseContext &ctx);

// RFC 1123 label: lower-case letters, digits and '-', starting and ending alphanumeric, at most 63.
bool isDnsLabel(const QString &s);
// A host name made of DNS labels separated by dots, at most 253.
bool isDnsName(const QString &s);

} // namespace enclii::spec
