#include "BuildFormat.h"

namespace enclii::ui {

using namespace Qt::StringLiterals;

namespace {
// The console's state palette (the status bar and the budgets headline use the same hues).
const QColor Green(0x2d, 0x6a, 0x1f);
const QColor Amber(0x8a, 0x5a, 0x00);
const QColor Red(0x9b, 0x1c, 0x12);
const QColor Blue(0x1f, 0x5f, 0xa8);
const QColor Grey(0x6b, 0x76, 0x85);
} // namespace

QString BuildFormat::stateName(BuildState state)
{
    switch (state) {
    case BuildState::Queued: return tr("Queued");
    case BuildState::Running: return tr("Running");
    case BuildState::Succeeded: return tr("Succeeded");
    case BuildState::Failed: return tr("Failed");
    case BuildState::Cancelled: return tr("Cancelled");
    case BuildState::Unknown: break;
    }
    return tr("Unknown");
}

QString BuildFormat::stepStateName(StepState state)
{
    switch (state) {
    case StepState::Pending: return tr("Pending");
    case StepState::Running: return tr("Running");
    case StepState::Succeeded: return tr("Done");
    case StepState::Failed: return tr("Failed");
    case StepState::Skipped: return tr("Skipped");
    }
    return {};
}

QString BuildFormat::stageTitle(const QString &name)
{
    if (name == "queued"_L1)
        return tr("Queued");
    if (name == "clone"_L1)
        return tr("Clone");
    if (name == "build"_L1)
        return tr("Build");
    if (name == "sbom"_L1)
        return tr("SBOM");
    if (name == "sign"_L1)
        return tr("Sign");
    if (name == "push"_L1)
        return tr("Push");
    if (name == "release"_L1)
        return tr("Release");
    return name;
}

QString BuildFormat::reasonName(const QString &reason)
{
    if (reason == "push"_L1)
        return tr("push");
    if (reason == "manual"_L1)
        return tr("manual");
    if (reason == "pull_request"_L1)
        return tr("pull request");
    return reason;
}

QString BuildFormat::signatureName(const QString &state)
{
    if (state == "signed"_L1)
        return tr("Signed");
    if (state == "verified"_L1)
        return tr("Signed and verified");
    if (state == "unsigned"_L1)
        return tr("Not signed");
    if (state == "invalid"_L1)
        return tr("Invalid signature");
    return state.isEmpty() ? tr("Not reported yet") : state;
}

QString BuildFormat::duration(qint64 ms)
{
    if (ms < 0)
        return u"—"_s;
    const qint64 seconds = (ms + 500) / 1000;
    if (seconds < 60)
        return tr("%1 s").arg(seconds);
    if (seconds < 3600)
        return seconds % 60 == 0 ? tr("%1 min").arg(seconds / 60) : tr("%1 min %2 s").arg(seconds / 60).arg(seconds % 60);
    return tr("%1 h %2 min").arg(seconds / 3600).arg((seconds % 3600) / 60);
}

QString BuildFormat::shortDuration(qint64 ms)
{
    if (ms < 0)
        return u"—"_s;
    const qint64 seconds = (ms + 500) / 1000;
    if (seconds < 60)
        return tr("%1s", "seconds, short").arg(seconds);
    if (seconds < 3600)
        return tr("%1m %2s", "minutes and seconds, short").arg(seconds / 60).arg(seconds % 60);
    return tr("%1h %2m", "hours and minutes, short").arg(seconds / 3600).arg((seconds % 3600) / 60);
}

QColor BuildFormat::stateColor(BuildState state)
{
    switch (state) {
    case BuildState::Queued: return Amber;
    case BuildState::Running: return Blue;
    case BuildState::Succeeded: return Green;
    case BuildState::Failed: return Red;
    case BuildState::Cancelled:
    case BuildState::Unknown: break;
    }
    return Grey;
}

QColor BuildFormat::stepColor(StepState state)
{
    switch (state) {
    case StepState::Running: return Blue;
    case StepState::Succeeded: return Green;
    case StepState::Failed: return Red;
    case StepState::Pending:
    case StepState::Skipped: break;
    }
    return Grey;
}

QColor BuildFormat::signatureColor(const QString &state)
{
    if (state == "signed"_L1 || state == "verified"_L1)
        return Green;
    if (state == "invalid"_L1)
        return Red;
    return state == "unsigned"_L1 ? Amber : Grey;
}

QColor BuildFormat::tint(const QColor &color)
{
    // 12 % of the colour over white: readable text on top, the hue still obvious.
    const auto mix = [](int c) { return 255 - (255 - c) * 12 / 100; };
    return QColor(mix(color.red()), mix(color.green()), mix(color.blue()));
}

} // namespace enclii::ui
