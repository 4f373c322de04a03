#pragma once

#include <QString>

#include <optional>

namespace enclii::spec {

// Durations in specs: "30s", "5m", "1h", "1h30m". Whole seconds only.
std::optional<int> parseDurationSeconds(QStringView text, QString *error = nullptr);
// The shortest exact text: 300 -> "5m", 90 -> "90s", 5400 -> "90m".
QString formatDuration(int seconds);

} // namespace enclii::spec
