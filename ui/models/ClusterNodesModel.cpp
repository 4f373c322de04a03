#include "ClusterNodesModel.h"

#include "Units.h"

namespace enclii::ui {

ClusterNodesModel::ClusterNodesModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

int ClusterNodesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_nodes.size());
}

int ClusterNodesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ClusterNodesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NodeColumn: return tr("Node");
    case CpuColumn: return tr("CPU requested of allocatable");
    case MemoryColumn: return tr("Memory requested of allocatable");
    case PodsColumn: return tr("Pods");
    default: return {};
    }
}

double ClusterNodesModel::share(qint64 requested, qint64 allocatable)
{
    return allocatable > 0 ? double(requested) / double(allocatable) : 0.0;
}

QString ClusterNodesModel::cpuText(qint64 requested, qint64 allocatable)
{
    return tr("%1 of %2 (%3)").arg(units::cpu(requested), units::cpu(allocatable),
                                   units::percent(share(requested, allocatable) * 100.0));
}

QString ClusterNodesModel::memoryText(qint64 requested, qint64 allocatable)
{
    return tr("%1 of %2 (%3)").arg(units::memory(requested), units::memory(allocatable),
                                   units::percent(share(requested, allocatable) * 100.0));
}

void ClusterNodesModel::setNodes(const QList<ClusterNode> &nodes)
{
    beginResetModel();
    m_nodes = nodes;
    endResetModel();
}

QVariant ClusterNodesModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_nodes.size())
        return {};
    const ClusterNode &n = m_nodes.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NodeColumn: return n.name;
        case CpuColumn: return cpuText(n.cpuRequestedMillicores, n.cpuAllocatableMillicores);
        case MemoryColumn: return memoryText(n.memoryRequestedBytes, n.memoryAllocatableBytes);
        case PodsColumn: return n.pods;
        }
        return {};
    case ShareRole:
        switch (index.column()) {
        case CpuColumn: return share(n.cpuRequestedMillicores, n.cpuAllocatableMillicores);
        case MemoryColumn: return share(n.memoryRequestedBytes, n.memoryAllocatableBytes);
        }
        return {};
    case Qt::TextAlignmentRole:
        return index.column() == PodsColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    }
    return {};
}

} // namespace enclii::ui
