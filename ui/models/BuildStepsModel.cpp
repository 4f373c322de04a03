#include "BuildStepsModel.h"

#include "BuildFormat.h"

namespace enclii::ui {

using namespace Qt::StringLiterals;

namespace {

qint64 span(const QDateTime &from, const QDateTime &to)
{
    return from.isValid() && to.isValid() ? std::max<qint64>(0, from.msecsTo(to)) : -1;
}

BuildStage queuedStage(const Build &b, const QDateTime &now)
{
    BuildStage stage{u"queued"_s, StepState::Pending, -1, -1, {}};
    if (b.startedAt.isValid()) {
        stage.state = StepState::Succeeded;
        stage.durationMs = span(b.createdAt, b.startedAt);
    } else if (b.state == BuildState::Queued) {
        stage.state = StepState::Running;
        stage.durationMs = span(b.createdAt, now);
        stage.detail = b.attempts > 0 ? BuildStepsModel::tr("Waiting to retry (attempt %1 of %2)").arg(b.attempts + 1).arg(b.maxAttempts)
                                      : BuildStepsModel::tr("Waiting for a worker");
    } else if (b.isFinished()) {
        stage.state = StepState::Skipped;
        stage.durationMs = span(b.createdAt, b.finishedAt);
    }
    return stage;
}

BuildStage stepStage(const BuildStep &step, const QDateTime &now)
{
    BuildStage stage{step.name, step.state, step.durationMs, -1, step.detail};
    if (stage.durationMs < 0)
        stage.durationMs = span(step.startedAt, step.state == StepState::Running ? now : step.finishedAt);
    if (step.state == StepState::Running)
        stage.progress = step.progress;
    return stage;
}

} // namespace

BuildStepsModel::BuildStepsModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

QStringList BuildStepsModel::canonicalSteps()
{
    return {u"clone"_s, u"build"_s, u"sbom"_s, u"sign"_s, u"push"_s, u"release"_s};
}

QList<BuildStage> BuildStepsModel::stagesOf(const Build &build, const QDateTime &now)
{
    QList<BuildStage> stages{queuedStage(build, now)};
    const StepState unreported = build.isFinished() ? StepState::Skipped : StepState::Pending;
    const QStringList known = canonicalSteps();
    for (const QString &name : known) {
        const auto it = std::find_if(build.steps.cbegin(), build.steps.cend(), [&](const BuildStep &s) { return s.name == name; });
        stages.append(it != build.steps.cend() ? stepStage(*it, now) : BuildStage{name, unreported, -1, -1, {}});
    }
    for (const BuildStep &step : build.steps)
        if (!known.contains(step.name) && !step.name.isEmpty())
            stages.append(stepStage(step, now));
    return stages;
}

int BuildStepsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_stages.size());
}

int BuildStepsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant BuildStepsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case StageColumn: return tr("Stage");
    case StateColumn: return tr("State");
    case DurationColumn: return tr("Duration");
    case DetailColumn: return tr("Detail");
    default: return {};
    }
}

QVariant BuildStepsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_stages.size())
        return {};
    const BuildStage &s = m_stages.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case StageColumn: return BuildFormat::stageTitle(s.name);
        case StateColumn: return BuildFormat::stepStateName(s.state);
        case DurationColumn: return BuildFormat::duration(s.durationMs);
        case DetailColumn: return s.detail;
        default: return {};
        }
    case StageNameRole: return s.name;
    case StepStateRole: return int(s.state);
    case DurationRole: return s.durationMs;
    case ProgressRole: return s.progress;
    case Qt::ForegroundRole: return BuildFormat::stepColor(s.state);
    default: return {};
    }
}

void BuildStepsModel::setBuild(const Build &build)
{
    const bool sameShape = build.id == m_build.id;
    m_build = build;
    if (!sameShape) {
        beginResetModel();
        m_stages = stagesOf(m_build, QDateTime::currentDateTimeUtc());
        endResetModel();
        return;
    }
    recompute();
}

void BuildStepsModel::clear()
{
    beginResetModel();
    m_build = {};
    m_stages.clear();
    endResetModel();
}

int BuildStepsModel::rowOf(const QString &stageName) const
{
    for (int i = 0; i < m_stages.size(); ++i)
        if (m_stages.at(i).name == stageName)
            return i;
    return -1;
}

void BuildStepsModel::tick()
{
    if (m_build.isActive())
        recompute();
}

void BuildStepsModel::recompute()
{
    QList<BuildStage> stages = stagesOf(m_build, QDateTime::currentDateTimeUtc());
    if (stages.size() != m_stages.size()) {
        beginResetModel();
        m_stages = std::move(stages);
        endResetModel();
        return;
    }
    m_stages = std::move(stages);
    if (!m_stages.isEmpty())
        emit dataChanged(index(0, 0), index(int(m_stages.size()) - 1, ColumnCount - 1));
}

} // namespace enclii::ui
