#pragma once

#include <QColor>
#include <QDate>
#include <QDateTime>
#include <QList>
#include <QPointF>
#include <QWidget>

#include <optional>

class QChartView;

namespace enclii::ui {

// Waybill's two charts. Values arrive as doubles made from the API's exact strings for
// plotting only; every figure people read as a number is printed from the strings elsewhere.

// Usage per day over the last weeks: one bar set per metric, stacked (cost per metric), or a
// single set (one metric's quantity).
class WaybillDailyChart : public QWidget
{
    Q_OBJECT

public:
    struct Series
    {
        QString name;
        QColor color;
        QList<double> values; // one per day
    };

    explicit WaybillDailyChart(QWidget *parent = nullptr);

    void setData(const QString &title, const QString &axisTitle, const QList<QDate> &days, const QList<Series> &series);
    void clear(const QString &why);

    int seriesCount() const { return int(m_series.size()); }
    int dayCount() const { return int(m_days.size()); }
    QString titleText() const;
    QChartView *chartView() const { return m_view; }

private:
    QChartView *m_view;
    QList<QDate> m_days;
    QList<Series> m_series;
};

// The running month: what has accrued so far, drawn solid up to now, and the forecast drawn
// dashed from now to the month's end; optionally the budget as a level line.
class WaybillMonthChart : public QWidget
{
    Q_OBJECT

public:
    explicit WaybillMonthChart(QWidget *parent = nullptr);

    // x: epoch milliseconds.
    void setData(const QString &title, const QString &axisTitle, const QDateTime &monthStart, const QDateTime &monthEnd,
                 const QList<QPointF> &toDate, const QList<QPointF> &forecast, std::optional<double> budget);
    void clear(const QString &why);

    int toDatePointCount() const { return int(m_toDate.size()); }
    const QList<QPointF> &forecastPoints() const { return m_forecast; }
    bool showsBudget() const { return m_budget.has_value(); }
    QString titleText() const;
    QChartView *chartView() const { return m_view; }

private:
    QChartView *m_view;
    QList<QPointF> m_toDate;
    QList<QPointF> m_forecast;
    std::optional<double> m_budget;
};

} // namespace enclii::ui
