#pragma once

#include <QString>

namespace enclii::observe {

enum class LogFormat { Text, Json };

// Routes spdlog (and Qt's own qDebug/qWarning) to stderr: readable text with colours on a
// terminal, or one JSON object per line. level: trace, debug, info, warn, error.
// Returns false, leaving the defaults in place, when level is not a known level name.
bool setupLogging(LogFormat format, const QString &level = QStringLiteral("info"));

// Escapes text for a JSON string literal (used by the JSON log format).
QString jsonEscape(QStringView text);

} // namespace enclii::observe
