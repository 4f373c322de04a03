#pragma once

#include "Deployment.h"

#include <QAbstractTableModel>

namespace enclii::ui {

// The pods of one deployment (GET /v1/deployments/{service}), one row each: phase and
// readiness, restarts, node, age, CPU and memory in use, and why it is not running, e.g.
// the scheduler's reason for keeping it Pending. Pending and failing pods come first.
class PodTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { NameColumn, PhaseColumn, RestartsColumn, NodeColumn, AgeColumn, CpuColumn, MemoryColumn,
                  ReasonColumn, ColumnCount };
    enum Role { PendingRole = Qt::UserRole + 1 };

    explicit PodTableModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setPods(const QList<PodStatus> &pods);
    void clear() { setPods({}); }
    const QList<PodStatus> &pods() const { return m_pods; }
    // Ages move on their own; the view calls this now and then.
    void tick();

private:
    QVariant display(const PodStatus &pod, int column) const;

    QList<PodStatus> m_pods;
};

} // namespace enclii::ui
