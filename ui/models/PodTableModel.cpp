#include "PodTableModel.h"

#include "DeploymentFormat.h"
#include "Units.h"

#include <algorithm>

namespace enclii::ui {

using namespace Qt::StringLiterals;

namespace {

// Pending first, then not ready, then the rest by name: trouble at the top.
int rank(const PodStatus &pod)
{
    if (pod.isPending())
        return 0;
    if (!pod.ready)
        return 1;
    return 2;
}

} // namespace

PodTableModel::PodTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

int PodTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_pods.size());
}

int PodTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PodTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn: return tr("Pod");
    case PhaseColumn: return tr("Phase");
    case RestartsColumn: return tr("Restarts");
    case NodeColumn: return tr("Node");
    case AgeColumn: return tr("Age");
    case CpuColumn: return tr("CPU");
    case MemoryColumn: return tr("Memory");
    case ReasonColumn: return tr("Reason");
    default: return {};
    }
}

void PodTableModel::setPods(const QList<PodStatus> &pods)
{
    QList<PodStatus> sorted = pods;
    std::stable_sort(sorted.begin(), sorted.end(), [](const PodStatus &a, const PodStatus &b) {
        return rank(a) != rank(b) ? rank(a) < rank(b) : a.name < b.name;
    });
    if (sorted.size() == m_pods.size()) {
        // Same number of rows: update in place, so the selection and the scroll stay.
        m_pods = sorted;
        if (!m_pods.isEmpty())
            emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_pods = sorted;
    endResetModel();
}

void PodTableModel::tick()
{
    if (!m_pods.isEmpty())
        emit dataChanged(index(0, AgeColumn), index(rowCount() - 1, AgeColumn), {Qt::DisplayRole});
}

QVariant PodTableModel::display(const PodStatus &pod, int column) const
{
    switch (column) {
    case NameColumn: return pod.name;
    case PhaseColumn:
        if (pod.phase == "Running"_L1 && !pod.ready)
            return tr("Running, not ready");
        return DeploymentFormat::podPhaseName(pod.phase);
    case RestartsColumn: return pod.restarts;
    case NodeColumn: return pod.node.isEmpty() ? tr("unscheduled") : pod.node;
    case AgeColumn: return DeploymentFormat::ago(pod.startedAt, QDateTime::currentDateTimeUtc());
    // A pod that does not run uses nothing: a dash says so better than "0 cores".
    case CpuColumn: return pod.cpuMillicores < 0 || (pod.isPending() && pod.cpuMillicores == 0) ? u"—"_s : units::cpu(pod.cpuMillicores);
    case MemoryColumn: return pod.memoryBytes < 0 || (pod.isPending() && pod.memoryBytes == 0) ? u"—"_s : units::memory(pod.memoryBytes);
    case ReasonColumn: return pod.reason;
    default: return {};
    }
}

QVariant PodTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_pods.size())
        return {};
    const PodStatus &pod = m_pods.at(index.row());
    switch (role) {
    case Qt::DisplayRole: return display(pod, index.column());
    case PendingRole: return pod.isPending();
    case Qt::DecorationRole:
        return index.column() == PhaseColumn ? QVariant(DeploymentFormat::podColor(pod)) : QVariant();
    case Qt::ForegroundRole:
        if (index.column() == PhaseColumn || (index.column() == ReasonColumn && !pod.ready))
            return DeploymentFormat::podColor(pod);
        if (index.column() == RestartsColumn && pod.restarts > 0)
            return DeploymentFormat::stateColor(DeploymentState::Degraded);
        if (index.column() == NodeColumn && pod.node.isEmpty())
            return QColor(0x6b, 0x76, 0x85);
        return {};
    case Qt::TextAlignmentRole:
        switch (index.column()) {
        case RestartsColumn:
        case CpuColumn:
        case MemoryColumn:
        case AgeColumn: return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        default: return {};
        }
    case Qt::ToolTipRole:
        return pod.reason.isEmpty() ? QVariant() : QVariant(tr("%1: %2").arg(pod.name, pod.reason));
    default: return {};
    }
}

} // namespace enclii::ui
