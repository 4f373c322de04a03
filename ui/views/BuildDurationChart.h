#pragma once

#include "models/BuildListModel.h"

#include <QWidget>

class QChart;
class QChartView;
class QDateTimeAxis;
class QLineSeries;
class QScatterSeries;
class QValueAxis;

namespace enclii::ui {

// How long finished builds took (start to finish), one point per build by the time it ended,
// against the seed's goal: an average under five minutes. The average of the succeeded builds
// is drawn as a line and written in the title.
class BuildDurationChart : public QWidget
{
    Q_OBJECT

public:
    explicit BuildDurationChart(QWidget *parent = nullptr);
    ~BuildDurationChart() override;

    static constexpr qint64 goalMs() { return 5 * 60 * 1000; }

    void setDurations(const QList<BuildDuration> &durations);
    int pointCount() const { return int(m_durations.size()); }
    // Of the succeeded builds; -1 when there are none.
    qint64 averageMs() const { return m_averageMs; }
    QString titleText() const;
    QChartView *chartView() const { return m_view; }

private:
    void updateAxes();

    QChartView *m_view;
    QChart *m_chart; // owned by m_view
    QScatterSeries *m_succeeded;
    QScatterSeries *m_failed;
    QLineSeries *m_goal;
    QLineSeries *m_average;
    QDateTimeAxis *m_axisX;
    QValueAxis *m_axisY;
    QList<BuildDuration> m_durations;
    qint64 m_averageMs = -1;
};

} // namespace enclii::ui
