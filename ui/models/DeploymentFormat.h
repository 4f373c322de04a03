#pragma once

#include "Deployment.h"

#include <QColor>
#include <QCoreApplication>

namespace enclii::ui {

// The words and colours of deployments, pods, waves and drift, shared by the tree, the pods
// table, the event feeds, the wave strip and the Budgets screen. The hues are the pipeline's
// (BuildFormat), so "ready" is the green of a succeeded build everywhere.
class DeploymentFormat
{
    Q_DECLARE_TR_FUNCTIONS(DeploymentFormat)

public:
    static QString stateName(DeploymentState state);
    static QColor stateColor(DeploymentState state);
    // Lower is better: the worst state of an app's components is the app's.
    static int severity(DeploymentState state);

    static QString waveStateName(WaveState state);
    static QColor waveStateColor(WaveState state);

    // Kubernetes phases in the reader's language; unknown ones as they are.
    static QString podPhaseName(const QString &phase);
    // Running and ready: green; Running but not ready, or Pending: amber; Failed: red.
    static QColor podColor(const PodStatus &pod);

    static QString eventTypeName(const QString &type);
    static QColor eventTypeColor(const QString &type);
    static QString driftActionName(const QString &action);
    // "Deployment forgesight-api re-applied: spec.replicas"
    static QString driftSentence(const DriftItem &drift);

    // "2/3"
    static QString replicas(int ready, int desired);
    // How long ago, short: 42s, 37m, 1h 4m, or the date beyond a day.
    static QString ago(const QDateTime &at, const QDateTime &now);
};

} // namespace enclii::ui
