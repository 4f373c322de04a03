#include "RolloutFormat.h"

#include "BuildFormat.h"
#include "Units.h"

namespace enclii::ui {

using namespace Qt::StringLiterals;

namespace {
QColor green() { return BuildFormat::stateColor(BuildState::Succeeded); }
QColor amber() { return BuildFormat::stateColor(BuildState::Queued); }
QColor red() { return BuildFormat::stateColor(BuildState::Failed); }
QColor blue() { return BuildFormat::stateColor(BuildState::Running); }
QColor grey() { return BuildFormat::stateColor(BuildState::Unknown); }
} // namespace

QString RolloutFormat::stateName(RolloutState state)
{
    switch (state) {
    case RolloutState::Pending: return tr("Pending");
    case RolloutState::Progressing: return tr("Progressing");
    case RolloutState::Paused: return tr("Paused");
    case RolloutState::Promoting: return tr("Promoting");
    case RolloutState::Succeeded: return tr("Succeeded");
    case RolloutState::Aborted: return tr("Aborted");
    case RolloutState::RolledBack: return tr("Rolled back");
    case RolloutState::Failed: return tr("Failed");
    case RolloutState::Superseded: return tr("Superseded");
    case RolloutState::Unknown: break;
    }
    return tr("Unknown");
}

QColor RolloutFormat::stateColor(RolloutState state)
{
    switch (state) {
    case RolloutState::Progressing:
    case RolloutState::Promoting: return blue();
    case RolloutState::Pending:
    case RolloutState::Paused: return amber();
    case RolloutState::Succeeded: return green();
    case RolloutState::Aborted:
    case RolloutState::RolledBack:
    case RolloutState::Failed: return red();
    case RolloutState::Superseded:
    case RolloutState::Unknown: break;
    }
    return grey();
}

int RolloutFormat::urgency(RolloutState state)
{
    switch (state) {
    case RolloutState::Paused: return 0;
    case RolloutState::Progressing:
    case RolloutState::Promoting: return 1;
    case RolloutState::Pending: return 2;
    default: return 3;
    }
}

QString RolloutFormat::stepStatusName(const QString &status)
{
    if (status == "done"_L1)
        return tr("done");
    if (status == "waiting"_L1)
        return tr("waiting");
    if (status == "scaling"_L1)
        return tr("scaling the canary");
    if (status == "analysing"_L1)
        return tr("analysing");
    if (status == "paused"_L1)
        return tr("paused");
    if (status == "stopped"_L1)
        return tr("stopped");
    return status;
}

QColor RolloutFormat::stepStatusColor(const QString &status)
{
    if (status == "done"_L1)
        return green();
    if (status == "scaling"_L1 || status == "analysing"_L1)
        return blue();
    if (status == "paused"_L1)
        return amber();
    if (status == "stopped"_L1)
        return red();
    return grey();
}

QString RolloutFormat::verdictName(const QString &verdict)
{
    if (verdict == "successful"_L1)
        return tr("passed");
    if (verdict == "failed"_L1)
        return tr("failed");
    if (verdict == "inconclusive"_L1)
        return tr("inconclusive");
    if (verdict == "error"_L1)
        return tr("not measured");
    return verdict;
}

QColor RolloutFormat::verdictColor(const QString &verdict)
{
    if (verdict == "successful"_L1)
        return green();
    if (verdict == "failed"_L1 || verdict == "error"_L1)
        return red();
    if (verdict == "inconclusive"_L1)
        return amber();
    return grey();
}

QString RolloutFormat::trackName(const QString &track)
{
    if (track == "canary"_L1)
        return tr("canary");
    if (track == "stable"_L1)
        return tr("stable");
    return track;
}

QString RolloutFormat::metricName(const QString &metric)
{
    if (metric == "success-rate"_L1)
        return tr("Success rate");
    if (metric.startsWith("latency-p"_L1))
        return tr("Latency %1").arg(metric.mid(8));
    return metric;
}

QString RolloutFormat::value(const QString &metric, std::optional<double> value)
{
    if (!value)
        return u"—"_s;
    if (metric == "success-rate"_L1)
        return tr("%1 %").arg(units::number(*value * 100.0, 2));
    if (metric.startsWith("latency-"_L1))
        return tr("%1 ms").arg(units::number(*value * 1000.0, *value < 0.01 ? 1 : 0));
    return units::number(*value, 4);
}

QString RolloutFormat::actionLabel(RolloutAction action)
{
    switch (action) {
    case RolloutAction::Promote: return tr("Promote step");
    case RolloutAction::PromoteFull: return tr("Promote fully");
    case RolloutAction::Pause: return tr("Pause");
    case RolloutAction::Resume: return tr("Resume");
    case RolloutAction::Abort: return tr("Abort…");
    case RolloutAction::Retry: return tr("Retry");
    }
    return {};
}

QString RolloutFormat::actionHint(RolloutAction action)
{
    switch (action) {
    case RolloutAction::Promote: return tr("Count this step as passed and move on to the next one now.");
    case RolloutAction::PromoteFull: return tr("Skip the remaining steps: the release goes to every pod now.");
    case RolloutAction::Pause: return tr("Hold the rollout at its step; analysis waits until it is resumed.");
    case RolloutAction::Resume: return tr("Continue the paused rollout; the step's analysis starts over.");
    case RolloutAction::Abort: return tr("Send all traffic back to the stable track and remove the canary. Asks for a reason.");
    case RolloutAction::Retry: return tr("Start the same release again as a new rollout.");
    }
    return {};
}

QString RolloutFormat::pauseReasonText(const QString &reason)
{
    if (reason == "indefinite"_L1)
        return tr("the step waits for a person to promote it");
    if (reason == "person"_L1)
        return tr("paused by a person");
    if (reason == "inconclusive"_L1)
        return tr("too many inconclusive measurements: a person decides");
    if (reason == "analysis-error"_L1)
        return tr("too many measurements could not be taken");
    if (reason == "analysis-failed"_L1)
        return tr("analysis failed and rollback is manual");
    if (reason == "stable-failing"_L1)
        return tr("the stable track fails the same analysis");
    return reason;
}

QString RolloutFormat::stepText(const Rollout &r)
{
    if (r.stepCount <= 0)
        return stateName(r.state);
    return tr("Step %1 of %2 · %3 %").arg(r.stepIndex + 1).arg(r.stepCount).arg(r.stepWeight);
}

QString RolloutFormat::trafficMode(const TrafficSplit &traffic)
{
    if (traffic.byIngress)
        return tr("by ingress weight (exact)");
    return tr("by replica ratio, precision %1 %").arg(units::number(traffic.replicaStep(), 1));
}

} // namespace enclii::ui
