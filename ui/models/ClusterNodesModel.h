#pragma once

#include "Deployment.h"

#include <QAbstractTableModel>

namespace enclii::ui {

// The live side of Budgets: GET /v1/cluster's nodes, one row each, with what the scheduled
// pods request against what the node can give. ShareRole carries the requested share (1.0 is
// the whole node) for the bars.
class ClusterNodesModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { NodeColumn, CpuColumn, MemoryColumn, PodsColumn, ColumnCount };
    enum Role { ShareRole = Qt::UserRole + 1 };

    explicit ClusterNodesModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setNodes(const QList<ClusterNode> &nodes);
    const QList<ClusterNode> &nodes() const { return m_nodes; }

    // requested / allocatable; 0 without an allocatable figure.
    static double share(qint64 requested, qint64 allocatable);
    // "1.2 cores of 3.2 cores (38 %)"
    static QString cpuText(qint64 requested, qint64 allocatable);
    static QString memoryText(qint64 requested, qint64 allocatable);

private:
    QList<ClusterNode> m_nodes;
};

} // namespace enclii::ui
