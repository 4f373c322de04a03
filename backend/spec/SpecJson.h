#pragma once

#include "core/Ecosystem.h"
#include "core/ServiceSpec.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>

namespace enclii::spec {

// The canonical form of a document: the same fields as its YAML, with every default filled
// in and every quantity and duration in its canonical text. Loading it again gives the same
// document, so it is what the store keeps, hashes and diffs.
QJsonObject toJson(const core::ServiceSpec &s);
QJsonObject toJson(const core::EcosystemSpec &e);

// The pieces of the Ecosystem's form, shared with views that show them (api/EcosystemView).
QJsonArray stringArray(const QStringList &list);
QJsonObject toJson(const core::Tier &t);
QJsonObject toJson(const core::NamespaceInfo &n);
QJsonObject toJson(const core::TrafficRule &r);
QJsonObject toJson(const core::Wave &w);
QJsonObject toJson(const core::CriteriaGroup &g);

// Compact JSON with keys sorted (QJsonObject keeps them sorted) and its SHA-256 in hex.
QByteArray canonicalBytes(const QJsonObject &o);
QString contentHash(const QJsonObject &o);

} // namespace enclii::spec
