#pragma once

#include <QList>
#include <QPointF>
#include <QWidget>

class QAreaSeries;
class QChart;
class QChartView;
class QDateTimeAxis;
class QLineSeries;
class QPen;
class QValueAxis;

namespace enclii::ui {

// One small time chart of a deployment's metric over the last hour: the measured series as a
// filled line, and optionally what its pods request and may use at most as dashed lines (for
// CPU and memory). Values arrive in the daemon's units (millicores, bytes, a 0..1 ratio,
// seconds) and are drawn in the units people read (millicores, MiB, %, ms).
class MetricChart : public QWidget
{
    Q_OBJECT

public:
    enum class Unit { Millicores, Bytes, PerSecond, Ratio, Seconds, Count };
    Q_ENUM(Unit)

    MetricChart(const QString &title, Unit unit, const QColor &color, QWidget *parent = nullptr);
    ~MetricChart() override;

    Unit unit() const { return m_unit; }
    // x: epoch milliseconds; y: the daemon's unit.
    void setPoints(const QList<QPointF> &points);
    // Reference lines in the same units; empty: not drawn.
    void setRequestLine(const QList<QPointF> &points);
    void setLimitLine(const QList<QPointF> &points);
    // The legend's words for the two lines ("Request" and "Limit" unless told otherwise).
    void setReferenceNames(const QString &request, const QString &limit);
    // The filled series' name in the legend ("Used" unless told otherwise).
    void setSeriesName(const QString &name);
    // The request line's pen (dashed, in amber, unless told otherwise).
    void setRequestPen(const QPen &pen);
    // Marks every sample: for sparse series (a measurement a minute), where one sample alone
    // would draw no line at all.
    void setPointsVisible(bool visible);
    // The value axis from `low` to `high` (the daemon's unit) instead of from zero up to a
    // round top, for figures that live in a narrow band such as a success rate; low >= high
    // goes back to the automatic range.
    void setValueRange(double low, double high);
    // No data: the chart says why in its title.
    void clear(const QString &why);

    int pointCount() const { return int(m_points.size()); }
    int requestPointCount() const { return int(m_request.size()); }
    int limitPointCount() const { return int(m_limit.size()); }
    QString titleText() const;
    QChartView *chartView() const { return m_view; }

    // A value as people read it: "182m", "214 MiB", "12.5 req/s", "0.8 %", "84 ms", "3".
    static QString format(Unit unit, double value);
    // What each of `replicas` (time, count) pods asks for together, as steps: the request or
    // limit of one pod times the pods ready at that moment.
    static QList<QPointF> perPodTimesReplicas(const QList<QPointF> &replicas, double perPod);
    // The smallest of 1, 2, 2.5, 5 × 10^k that is at least `value`: a top for an axis whose
    // quarter ticks are round numbers.
    static double niceCeil(double value);
    // A level line at `value` across the span of `points`.
    static QList<QPointF> level(const QList<QPointF> &points, double value);

private:
    double scaled(double value) const;
    QString axisTitle() const;
    void rebuild();

    QString m_title;
    Unit m_unit;
    QChartView *m_view;
    QChart *m_chart; // owned by m_view
    QLineSeries *m_line;
    QLineSeries *m_base;
    QAreaSeries *m_area;
    QLineSeries *m_requestSeries;
    QLineSeries *m_limitSeries;
    QDateTimeAxis *m_axisX;
    QValueAxis *m_axisY;
    QList<QPointF> m_points;
    QList<QPointF> m_request;
    QList<QPointF> m_limit;
    QString m_emptyReason;
    QString m_requestName;
    double m_rangeLow = 0;
    double m_rangeHigh = 0;
};

} // namespace enclii::ui
