#include "WaybillCharts.h"

#include "MetricChart.h"

#include <QCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QDateTimeAxis>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLocale>
#include <QStackedBarSeries>
#include <QVBoxLayout>
#include <QValueAxis>

#include <cmath>
#include <memory>

namespace enclii::ui {

using namespace Qt::StringLiterals;

namespace {

QChartView *makeView(QWidget *owner)
{
    auto *view = new QChartView(owner);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(240);
    auto *layout = new QVBoxLayout(owner);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(view);
    return view;
}

// A fresh chart in the house style; the view takes it and the previous one is deleted.
QChart *replaceChart(QChartView *view, const QString &title)
{
    auto *chart = new QChart;
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setBackgroundRoundness(4);
    QFont titleFont = chart->titleFont();
    titleFont.setBold(true);
    chart->setTitleFont(titleFont);
    chart->setTitle(title);
    chart->legend()->setAlignment(Qt::AlignBottom);
    QFont small = view->font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    chart->legend()->setFont(small);
    const std::unique_ptr<QChart> previous(view->chart());
    view->setChart(chart);
    return chart;
}

QValueAxis *valueAxis(double top, const QString &title, const QFont &font)
{
    // Round steps (from 1, 2, 2.5, 5 x 10^k) up to just above the highest value.
    const double step = MetricChart::niceCeil(std::max(top, 1e-9) * 1.08 / 5);
    const int steps = std::clamp(int(std::ceil(top * 1.08 / step)), 1, 10);
    auto *axis = new QValueAxis;
    axis->setRange(0, step * steps);
    axis->setTickCount(steps + 1);
    axis->setLabelFormat(step >= 1 ? u"%.0f"_s : (step >= 0.1 ? u"%.1f"_s : u"%.3f"_s));
    axis->setTitleText(title);
    axis->setLabelsFont(font);
    axis->setTitleFont(font);
    return axis;
}

QFont smallFont(const QWidget *w)
{
    QFont small = w->font();
    small.setPointSizeF(small.pointSizeF() * 0.8);
    return small;
}

} // namespace

WaybillDailyChart::WaybillDailyChart(QWidget *parent)
    : QWidget(parent)
    , m_view(makeView(this))
{
    clear(tr("waiting for encliid"));
}

QString WaybillDailyChart::titleText() const
{
    return m_view->chart() ? m_view->chart()->title() : QString();
}

void WaybillDailyChart::clear(const QString &why)
{
    m_days.clear();
    m_series.clear();
    QChart *chart = replaceChart(m_view, tr("Daily usage: %1").arg(why));
    chart->legend()->hide();
}

void WaybillDailyChart::setData(const QString &title, const QString &axisTitle, const QList<QDate> &days, const QList<Series> &series)
{
    m_days = days;
    m_series = series;
    QChart *chart = replaceChart(m_view, title);
    const QFont small = smallFont(this);

    auto *bars = new QStackedBarSeries;
    bars->setBarWidth(0.8);
    QList<double> tops(days.size(), 0.0);
    for (const Series &s : series) {
        auto *set = new QBarSet(s.name);
        set->setColor(s.color);
        set->setBorderColor(s.color.darker(115));
        for (int i = 0; i < days.size(); ++i) {
            const double v = s.values.value(i);
            set->append(v);
            tops[i] += v;
        }
        bars->append(set);
    }
    chart->addSeries(bars);
    chart->legend()->setVisible(series.size() > 1);

    // Bars stand at 0, 1, 2 … ; a date under every few of them, as a bar is too narrow for one.
    auto *axisX = new QCategoryAxis;
    axisX->setRange(-0.5, days.size() - 0.5);
    axisX->setStartValue(-0.5);
    axisX->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    const int every = days.size() > 45 ? 14 : days.size() > 14 ? 5 : 1;
    for (int i = 0; i < days.size(); i += every)
        axisX->append(QLocale().toString(days.at(i), u"d MMM"_s), i);
    axisX->setLabelsFont(small);
    axisX->setGridLineVisible(false);
    chart->addAxis(axisX, Qt::AlignBottom);
    bars->attachAxis(axisX);

    double top = 0;
    for (double t : std::as_const(tops))
        top = std::max(top, t);
    QValueAxis *axisY = valueAxis(top, axisTitle, small);
    chart->addAxis(axisY, Qt::AlignLeft);
    bars->attachAxis(axisY);
}

WaybillMonthChart::WaybillMonthChart(QWidget *parent)
    : QWidget(parent)
    , m_view(makeView(this))
{
    clear(tr("waiting for encliid"));
}

QString WaybillMonthChart::titleText() const
{
    return m_view->chart() ? m_view->chart()->title() : QString();
}

void WaybillMonthChart::clear(const QString &why)
{
    m_toDate.clear();
    m_forecast.clear();
    m_budget.reset();
    QChart *chart = replaceChart(m_view, tr("This month: %1").arg(why));
    chart->legend()->hide();
}

void WaybillMonthChart::setData(const QString &title, const QString &axisTitle, const QDateTime &monthStart,
                                const QDateTime &monthEnd, const QList<QPointF> &toDate, const QList<QPointF> &forecast,
                                std::optional<double> budget)
{
    m_toDate = toDate;
    m_forecast = forecast;
    m_budget = budget;
    QChart *chart = replaceChart(m_view, title);
    const QFont small = smallFont(this);

    auto *actual = new QLineSeries;
    actual->setName(tr("To date"));
    actual->setPen(QPen(QColor(0x1f, 0x4f, 0x85), 2.4));
    actual->replace(toDate);
    auto *ahead = new QLineSeries;
    ahead->setName(tr("Forecast to the month's end"));
    ahead->setPen(QPen(QColor(0xc9, 0x71, 0x1a), 2.2, Qt::DashLine));
    ahead->replace(forecast);
    QList<QLineSeries *> lines{actual, ahead};
    double top = 0;
    for (const QList<QPointF> *points : {&toDate, &forecast})
        for (const QPointF &p : *points)
            top = std::max(top, p.y());
    if (budget) {
        auto *level = new QLineSeries;
        level->setName(tr("Budget"));
        level->setPen(QPen(QColor(0x9b, 0x1c, 0x12), 1.6, Qt::DashDotLine));
        level->append(double(monthStart.toMSecsSinceEpoch()), *budget);
        level->append(double(monthEnd.toMSecsSinceEpoch()), *budget);
        lines << level;
        top = std::max(top, *budget);
    }

    auto *axisX = new QDateTimeAxis;
    axisX->setRange(monthStart.toLocalTime(), monthEnd.toLocalTime());
    axisX->setFormat(u"d MMM"_s);
    axisX->setTickCount(6);
    axisX->setLabelsFont(small);
    chart->addAxis(axisX, Qt::AlignBottom);
    QValueAxis *axisY = valueAxis(top, axisTitle, small);
    chart->addAxis(axisY, Qt::AlignLeft);
    for (QLineSeries *line : std::as_const(lines)) {
        chart->addSeries(line);
        line->attachAxis(axisX);
        line->attachAxis(axisY);
    }
}

} // namespace enclii::ui
