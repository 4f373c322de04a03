#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace enclii::kube::sim {

// A request body as a JSON object: JSON as is, YAML (an apply configuration) through the
// project's YAML safety checks (size, depth, node count, no aliases) and then converted
// with the YAML 1.2 core schema. On failure, error says what and where.
std::optional<QJsonObject> parseJsonBody(const QByteArray &body, QString *error);
std::optional<QJsonObject> parseYamlBody(const QByteArray &body, QString *error);

} // namespace enclii::kube::sim
