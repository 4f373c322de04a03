#pragma once

#include "Rollout.h"

#include <QAbstractTableModel>

namespace enclii::ui {

// Every measurement of one rollout's analysis (GET /v1/rollouts/{id}), newest first: when,
// the step and run it belongs to, the metric and track, the value against its threshold,
// and the verdict. Failed and unmeasured ones are tinted red; a failure the stable track
// shares is marked as excused, and the stable track's figures as for comparison only.
class MeasurementTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { WhenColumn, StepColumn, MetricColumn, TrackColumn, ValueColumn, ThresholdColumn, VerdictColumn,
                  MessageColumn, ColumnCount };
    enum Role { FailureRole = Qt::UserRole + 1, VerdictRole };

    explicit MeasurementTableModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setMeasurements(const QList<RolloutMeasurement> &measurements);
    void clear() { setMeasurements({}); }
    const QList<RolloutMeasurement> &measurements() const { return m_measurements; }

private:
    QVariant display(const RolloutMeasurement &m, int column) const;

    QList<RolloutMeasurement> m_measurements; // newest first
};

} // namespace enclii::ui
