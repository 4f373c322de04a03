#include "DeploymentFormat.h"

#include "BuildFormat.h"

#include <QLocale>

namespace enclii::ui {

using namespace Qt::StringLiterals;

namespace {
QColor green() { return BuildFormat::stateColor(BuildState::Succeeded); }
QColor amber() { return BuildFormat::stateColor(BuildState::Queued); }
QColor red() { return BuildFormat::stateColor(BuildState::Failed); }
QColor blue() { return BuildFormat::stateColor(BuildState::Running); }
QColor grey() { return BuildFormat::stateColor(BuildState::Unknown); }
} // namespace

QString DeploymentFormat::stateName(DeploymentState state)
{
    switch (state) {
    case DeploymentState::Pending: return tr("Pending");
    case DeploymentState::Progressing: return tr("Progressing");
    case DeploymentState::Ready: return tr("Ready");
    case DeploymentState::Degraded: return tr("Degraded");
    case DeploymentState::Failed: return tr("Failed");
    case DeploymentState::Unknown: break;
    }
    return tr("Unknown");
}

QColor DeploymentFormat::stateColor(DeploymentState state)
{
    switch (state) {
    case DeploymentState::Ready: return green();
    case DeploymentState::Progressing: return blue();
    case DeploymentState::Pending:
    case DeploymentState::Degraded: return amber();
    case DeploymentState::Failed: return red();
    case DeploymentState::Unknown: break;
    }
    return grey();
}

int DeploymentFormat::severity(DeploymentState state)
{
    switch (state) {
    case DeploymentState::Ready: return 0;
    case DeploymentState::Unknown: return 1;
    case DeploymentState::Progressing: return 2;
    case DeploymentState::Pending: return 3;
    case DeploymentState::Degraded: return 4;
    case DeploymentState::Failed: return 5;
    }
    return 1;
}

QString DeploymentFormat::waveStateName(WaveState state)
{
    switch (state) {
    case WaveState::Waiting: return tr("Waiting");
    case WaveState::Deploying: return tr("Deploying");
    case WaveState::Done: return tr("Done");
    case WaveState::Failed: return tr("Failed");
    case WaveState::Unknown: break;
    }
    return tr("Unknown");
}

QColor DeploymentFormat::waveStateColor(WaveState state)
{
    switch (state) {
    case WaveState::Deploying: return blue();
    case WaveState::Done: return green();
    case WaveState::Failed: return red();
    case WaveState::Waiting:
    case WaveState::Unknown: break;
    }
    return grey();
}

QString DeploymentFormat::podPhaseName(const QString &phase)
{
    if (phase == "Pending"_L1)
        return tr("Pending");
    if (phase == "Running"_L1)
        return tr("Running");
    if (phase == "Succeeded"_L1)
        return tr("Completed");
    if (phase == "Failed"_L1)
        return tr("Failed");
    if (phase.isEmpty() || phase == "Unknown"_L1)
        return tr("Unknown");
    return phase;
}

QColor DeploymentFormat::podColor(const PodStatus &pod)
{
    if (pod.phase == "Running"_L1)
        return pod.ready ? green() : amber();
    if (pod.isPending())
        return amber();
    if (pod.phase == "Failed"_L1)
        return red();
    return grey();
}

QString DeploymentFormat::eventTypeName(const QString &type)
{
    if (type == "deploy"_L1)
        return tr("Deploy");
    if (type == "drift"_L1)
        return tr("Drift");
    if (type == "ready"_L1)
        return tr("Ready");
    if (type == "failed"_L1)
        return tr("Failed");
    if (type == "scaled"_L1)
        return tr("Scaled");
    return type;
}

QColor DeploymentFormat::eventTypeColor(const QString &type)
{
    if (type == "deploy"_L1 || type == "scaled"_L1)
        return blue();
    if (type == "drift"_L1)
        return amber();
    if (type == "ready"_L1)
        return green();
    if (type == "failed"_L1)
        return red();
    return grey();
}

QString DeploymentFormat::driftActionName(const QString &action)
{
    if (action == "reapplied"_L1)
        return tr("re-applied");
    if (action == "recreated"_L1)
        return tr("recreated");
    if (action == "pruned"_L1)
        return tr("pruned");
    return action;
}

QString DeploymentFormat::driftSentence(const DriftItem &drift)
{
    const QString object = drift.kind.isEmpty() ? drift.name : u"%1 %2"_s.arg(drift.kind, drift.name);
    const QString action = driftActionName(drift.action);
    if (drift.fields.isEmpty())
        return tr("%1 %2").arg(object, action);
    return tr("%1 %2: %3").arg(object, action, drift.fields.join(u", "_s));
}

QString DeploymentFormat::replicas(int ready, int desired)
{
    return tr("%1/%2", "ready of desired replicas").arg(ready).arg(desired);
}

QString DeploymentFormat::ago(const QDateTime &at, const QDateTime &now)
{
    if (!at.isValid())
        return u"—"_s;
    // Seconds only while they matter: 42s, 37m, 5h 12m, then the date.
    const qint64 seconds = std::max<qint64>(0, at.secsTo(now));
    if (seconds < 60)
        return tr("%1s", "seconds, short").arg(seconds);
    if (seconds < 3600)
        return tr("%1m", "minutes, short").arg(seconds / 60);
    if (seconds < 24 * 3600)
        return tr("%1h %2m", "hours and minutes, short").arg(seconds / 3600).arg((seconds % 3600) / 60);
    return QLocale().toString(at.toLocalTime(), u"d MMM HH:mm"_s);
}

} // namespace enclii::ui
