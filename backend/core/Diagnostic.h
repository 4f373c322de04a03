#pragma once

#include <QList>
#include <QString>

namespace enclii::core {

// One finding about an input document: where it is, which field, and what was expected.
struct Diagnostic
{
    enum class Severity { Error, Warning };

    Severity severity = Severity::Error;
    QString file;   // path as given, or a label such as "request body"
    int line = 0;   // 1-based; 0 when the finding concerns the whole document set
    int column = 0; // 1-based
    QString field;  // dotted path, e.g. "spec.resources.requests.cpu"
    QString message;

    bool isError() const { return severity == Severity::Error; }
    // "file:line:col: error: field: message"
    QString toString() const;
};

using Diagnostics = QList<Diagnostic>;

inline bool hasErrors(const Diagnostics &ds)
{
    for (const auto &d : ds)
        if (d.isError())
            return true;
    return false;
}

inline QString Diagnostic::toString() const
{
    QString where = file.isEmpty() ? QStringLiteral("<input>") : file;
    if (line > 0)
        where += QStringLiteral(":%1:%2").arg(line).arg(column);
    const QString sev = isError() ? QStringLiteral("error") : QStringLiteral("warning");
    return field.isEmpty() ? QStringLiteral("%1: %2: %3").arg(where, sev, message)
                           : QStringLiteral("%1: %2: %3: %4").arg(where, sev, field, message);
}

} // namespace enclii::core
