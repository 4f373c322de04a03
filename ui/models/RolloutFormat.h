#pragma once

#include "Rollout.h"

#include <QColor>
#include <QCoreApplication>

namespace enclii::ui {

// The words and colours of rollouts, shared by the list, the step strip, the measurements and
// the Canary screen's header. The hues are the pipeline's (BuildFormat): a succeeded rollout
// is the green of a succeeded build.
class RolloutFormat
{
    Q_DECLARE_TR_FUNCTIONS(RolloutFormat)

public:
    static QString stateName(RolloutState state);
    static QColor stateColor(RolloutState state);
    // Active rollouts first, the ones waiting for a person before the ones moving.
    static int urgency(RolloutState state);

    // done, waiting, scaling, analysing, paused, stopped
    static QString stepStatusName(const QString &status);
    static QColor stepStatusColor(const QString &status);

    static QString verdictName(const QString &verdict);
    static QColor verdictColor(const QString &verdict);

    static QString trackName(const QString &track);
    // "success-rate" -> "Success rate", "latency-p99" -> "Latency p99"; others as they are.
    static QString metricName(const QString &metric);
    // A measured value in the unit people read: 99.2 %, 184 ms; other metrics as numbers.
    static QString value(const QString &metric, std::optional<double> value);

    // The button's words: "Promote step", "Promote fully", …
    static QString actionLabel(RolloutAction action);
    // What the button does, for its tooltip.
    static QString actionHint(RolloutAction action);
    // Why a rollout waits, from its pauseReason.
    static QString pauseReasonText(const QString &reason);

    // "Step 2 of 3 · 50 %", or the state when it has no steps.
    static QString stepText(const Rollout &r);
    // "by ingress weight (exact)" or "by replica ratio, precision 25 %".
    static QString trafficMode(const TrafficSplit &traffic);
};

} // namespace enclii::ui
