#include "RolloutListModel.h"

#include "DeploymentFormat.h"
#include "RolloutFormat.h"
#include "Units.h"

#include <QJsonArray>

#include <algorithm>

namespace enclii::ui {

using namespace Qt::StringLiterals;

namespace {

bool before(const Rollout &a, const Rollout &b)
{
    const int ua = RolloutFormat::urgency(a.state);
    const int ub = RolloutFormat::urgency(b.state);
    if (ua != ub)
        return ua < ub;
    if (a.createdAt != b.createdAt)
        return a.createdAt > b.createdAt;
    return a.id > b.id;
}

} // namespace

RolloutListModel::RolloutListModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

int RolloutListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rollouts.size());
}

int RolloutListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RolloutListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ServiceColumn: return tr("Service");
    case StateColumn: return tr("State");
    case StepColumn: return tr("Step");
    case WeightColumn: return tr("Canary");
    case AgeColumn: return tr("Age");
    default: return {};
    }
}

void RolloutListModel::setRollouts(const QJsonArray &items)
{
    QList<Rollout> rollouts;
    for (const QJsonValue &v : items) {
        if (rollouts.size() >= RolloutLimits::MaxRollouts)
            break;
        if (std::optional<Rollout> r = Rollout::fromJson(v.toObject()))
            rollouts.append(std::move(*r));
    }
    std::stable_sort(rollouts.begin(), rollouts.end(), before);
    const bool sameRows = m_loaded && rollouts.size() == m_rollouts.size()
                          && std::equal(rollouts.cbegin(), rollouts.cend(), m_rollouts.cbegin(),
                                        [](const Rollout &a, const Rollout &b) { return a.id == b.id; });
    m_loaded = true;
    if (sameRows) {
        // The same rollouts in the same order: update in place, so the selection stays.
        m_rollouts = rollouts;
        if (!m_rollouts.isEmpty())
            emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_rollouts = rollouts;
    endResetModel();
}

bool RolloutListModel::update(const Rollout &rollout)
{
    const int row = rowOf(rollout.id);
    if (row < 0)
        return false;
    Rollout summary = rollout;
    // The list holds summaries; the detail's lists stay with the screen that asked for them.
    summary.steps.clear();
    summary.timeline.clear();
    summary.measurements.clear();
    summary.hasDetail = false;
    m_rollouts[row] = summary;
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
    return true;
}

const Rollout *RolloutListModel::rollout(qint64 id) const
{
    const int row = rowOf(id);
    return row < 0 ? nullptr : &m_rollouts.at(row);
}

int RolloutListModel::rowOf(qint64 id) const
{
    for (int i = 0; i < m_rollouts.size(); ++i)
        if (m_rollouts.at(i).id == id)
            return i;
    return -1;
}

int RolloutListModel::activeCount() const
{
    return int(std::count_if(m_rollouts.cbegin(), m_rollouts.cend(), [](const Rollout &r) { return r.isActive(); }));
}

void RolloutListModel::tick()
{
    if (!m_rollouts.isEmpty())
        emit dataChanged(index(0, AgeColumn), index(rowCount() - 1, AgeColumn), {Qt::DisplayRole});
}

QVariant RolloutListModel::display(const Rollout &r, int column) const
{
    switch (column) {
    case ServiceColumn: return r.service;
    case StateColumn: return RolloutFormat::stateName(r.state);
    case StepColumn: return r.stepCount > 0 ? tr("%1/%2").arg(r.stepIndex + 1).arg(r.stepCount) : u"—"_s;
    case WeightColumn:
        return r.isActive() ? units::percent(r.traffic.canaryWeight) : u"—"_s;
    case AgeColumn: return DeploymentFormat::ago(r.createdAt, QDateTime::currentDateTimeUtc());
    default: return {};
    }
}

QVariant RolloutListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rollouts.size())
        return {};
    const Rollout &r = m_rollouts.at(index.row());
    switch (role) {
    case Qt::DisplayRole: return display(r, index.column());
    case IdRole: return r.id;
    case ActiveRole: return r.isActive();
    case StateRole: return int(r.state);
    case Qt::DecorationRole: return index.column() == StateColumn ? QVariant(RolloutFormat::stateColor(r.state)) : QVariant();
    case Qt::ForegroundRole:
        if (index.column() == StateColumn)
            return RolloutFormat::stateColor(r.state);
        if (!r.isActive())
            return QColor(0x6b, 0x76, 0x85); // the recent ones read as history
        return {};
    case Qt::TextAlignmentRole:
        return index.column() == WeightColumn || index.column() == AgeColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                                                              : QVariant();
    case Qt::ToolTipRole: {
        QStringList lines{tr("Rollout #%1 of %2").arg(r.id).arg(r.service), RolloutFormat::stepText(r)};
        if (!r.message.isEmpty())
            lines << r.message;
        return lines.join(u'\n');
    }
    default: return {};
    }
}

} // namespace enclii::ui
