#pragma once

#include "Build.h"

#include <QColor>
#include <QCoreApplication>

namespace enclii::ui {

// The words and colours of the pipeline, shared by the table, the stage bar, the log and the
// chart so they cannot disagree.
class BuildFormat
{
    Q_DECLARE_TR_FUNCTIONS(BuildFormat)

public:
    static QString stateName(BuildState state);
    static QString stepStateName(StepState state);
    // "clone" -> "Clone", "sbom" -> "SBOM"; unknown names as they are.
    static QString stageTitle(const QString &name);
    static QString reasonName(const QString &reason);
    static QString signatureName(const QString &state);
    // 42 s, 3 min 12 s, 1 h 4 min; "—" for a negative value.
    static QString duration(qint64 ms);
    // The same, where room is short: 42s, 3m 12s, 1h 4m.
    static QString shortDuration(qint64 ms);

    static QColor stateColor(BuildState state);
    static QColor stepColor(StepState state);
    static QColor signatureColor(const QString &state);
    // A light fill behind a state's colour.
    static QColor tint(const QColor &color);
};

} // namespace enclii::ui
