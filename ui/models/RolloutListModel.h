#pragma once

#include "Rollout.h"

#include <QAbstractTableModel>

namespace enclii::ui {

// The rollouts of GET /v1/rollouts, one row each: service, state, step i of n, the canary's
// weight and age. Active rollouts come first (paused ones, which wait for a person, at the
// very top), then the recent ones, newest first.
class RolloutListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { ServiceColumn, StateColumn, StepColumn, WeightColumn, AgeColumn, ColumnCount };
    enum Role { IdRole = Qt::UserRole + 1, ActiveRole, StateRole };

    explicit RolloutListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // The list's "items"; anything that is not a rollout is skipped.
    void setRollouts(const QJsonArray &items);
    // A fresher copy of one rollout (its detail); true when the list holds it.
    bool update(const Rollout &rollout);
    bool hasLoaded() const { return m_loaded; }

    const QList<Rollout> &rollouts() const { return m_rollouts; }
    const Rollout *rollout(qint64 id) const;
    int rowOf(qint64 id) const;
    int activeCount() const;
    // Ages move on their own; the view calls this now and then.
    void tick();

private:
    QVariant display(const Rollout &r, int column) const;

    QList<Rollout> m_rollouts;
    bool m_loaded = false;
};

} // namespace enclii::ui
