#include "BuildDurationChart.h"

#include "models/BuildFormat.h"

#include <QChart>
#include <QChartView>
#include <QDateTimeAxis>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>

#include <cmath>

namespace enclii::ui {

using namespace Qt::StringLiterals;

namespace {

double minutes(qint64 ms)
{
    return double(ms) / 60000.0;
}

QScatterSeries *pointSeries(const QString &name, const QColor &color)
{
    auto *series = new QScatterSeries;
    series->setName(name);
    series->setMarkerShape(QScatterSeries::MarkerShapeCircle);
    series->setMarkerSize(9);
    series->setColor(color);
    series->setBorderColor(color.darker(130));
    return series;
}

QLineSeries *levelSeries(const QString &name, const QPen &pen)
{
    auto *series = new QLineSeries;
    series->setName(name);
    series->setPen(pen);
    return series;
}

} // namespace

BuildDurationChart::BuildDurationChart(QWidget *parent)
    : QWidget(parent)
    , m_view(new QChartView(this))
    , m_chart(new QChart)
    , m_succeeded(pointSeries(tr("Succeeded"), BuildFormat::stateColor(BuildState::Succeeded)))
    , m_failed(pointSeries(tr("Failed"), BuildFormat::stateColor(BuildState::Failed)))
    , m_goal(levelSeries(tr("Goal: 5 min"), QPen(BuildFormat::stateColor(BuildState::Failed), 2, Qt::DashLine)))
    , m_average(levelSeries(tr("Average"), QPen(BuildFormat::stateColor(BuildState::Running), 2, Qt::DotLine)))
    , m_axisX(new QDateTimeAxis)
    , m_axisY(new QValueAxis)
{
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_chart->setMargins(QMargins(4, 4, 4, 4));
    QFont titleFont = m_chart->titleFont();
    titleFont.setBold(true);
    m_chart->setTitleFont(titleFont);

    for (QAbstractSeries *series : {static_cast<QAbstractSeries *>(m_goal), static_cast<QAbstractSeries *>(m_average),
                                    static_cast<QAbstractSeries *>(m_succeeded), static_cast<QAbstractSeries *>(m_failed)})
        m_chart->addSeries(series);

    m_axisX->setFormat(u"HH:mm"_s);
    m_axisX->setTitleText(tr("Finished at"));
    m_axisY->setLabelFormat(u"%.0f"_s);
    m_axisY->setTitleText(tr("Minutes"));
    m_chart->addAxis(m_axisX, Qt::AlignBottom);
    m_chart->addAxis(m_axisY, Qt::AlignLeft);
    for (QAbstractSeries *series : m_chart->series()) {
        series->attachAxis(m_axisX);
        series->attachAxis(m_axisY);
    }

    for (QScatterSeries *series : {m_succeeded, m_failed})
        connect(series, &QScatterSeries::hovered, this, [this](const QPointF &point, bool on) {
            if (!on) {
                QToolTip::hideText();
                return;
            }
            for (const BuildDuration &d : std::as_const(m_durations))
                if (qFuzzyCompare(double(d.finishedAt.toMSecsSinceEpoch()), point.x())) {
                    QToolTip::showText(QCursor::pos(), tr("#%1 %2: %3, finished %4")
                                                           .arg(d.id).arg(d.service, BuildFormat::duration(d.durationMs),
                                                                          QLocale().toString(d.finishedAt.toLocalTime(), QLocale::ShortFormat)),
                                       m_view);
                    return;
                }
        });

    m_view->setChart(m_chart);
    m_view->setRenderHint(QPainter::Antialiasing);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
    setDurations({});
}

BuildDurationChart::~BuildDurationChart() = default;

QString BuildDurationChart::titleText() const
{
    return m_chart->title();
}

void BuildDurationChart::setDurations(const QList<BuildDuration> &durations)
{
    m_durations = durations;
    QList<QPointF> ok;
    QList<QPointF> failed;
    qint64 total = 0;
    for (const BuildDuration &d : durations) {
        const QPointF point(double(d.finishedAt.toMSecsSinceEpoch()), minutes(d.durationMs));
        (d.succeeded ? ok : failed).append(point);
        if (d.succeeded)
            total += d.durationMs;
    }
    m_succeeded->replace(ok);
    m_failed->replace(failed);
    m_averageMs = ok.isEmpty() ? -1 : total / ok.size();

    if (durations.isEmpty())
        m_chart->setTitle(tr("Build time: no finished builds yet"));
    else if (m_averageMs < 0)
        m_chart->setTitle(tr("Build time: no successful build to average yet · goal under 5 min"));
    else
        m_chart->setTitle(tr("Build time: average %1 over %n build(s) · goal under 5 min", nullptr, int(ok.size()))
                              .arg(BuildFormat::duration(m_averageMs)));
    m_average->setName(m_averageMs < 0 ? tr("Average") : tr("Average: %1").arg(BuildFormat::duration(m_averageMs)));
    updateAxes();
}

void BuildDurationChart::updateAxes()
{
    QDateTime from = QDateTime::currentDateTimeUtc().addSecs(-3600);
    QDateTime to = QDateTime::currentDateTimeUtc();
    qint64 longest = 0;
    if (!m_durations.isEmpty()) {
        from = m_durations.constFirst().finishedAt;
        to = m_durations.constLast().finishedAt;
        for (const BuildDuration &d : std::as_const(m_durations))
            longest = std::max(longest, d.durationMs);
    }
    // Some air on both sides, and at least an hour so a lone point is not on the edge.
    const qint64 spanSecs = std::max<qint64>(3600, from.secsTo(to));
    from = from.addSecs(-spanSecs / 12);
    to = to.addSecs(spanSecs / 12);
    m_axisX->setRange(from.toLocalTime(), to.toLocalTime());
    m_axisX->setFormat(from.toLocalTime().date() == to.toLocalTime().date() ? u"HH:mm"_s : u"d MMM HH:mm"_s);
    m_axisX->setTickCount(7);

    // Whole-minute ticks every 1, 2, 5, 10 … minutes: at most six labels, which stay legible
    // in a short chart.
    const double wanted = std::max(6.0, std::ceil(minutes(longest) * 1.15));
    double step = 1;
    for (const double candidate : {1.0, 2.0, 5.0, 10.0, 20.0, 30.0, 60.0, 120.0}) {
        step = candidate;
        if (std::ceil(wanted / candidate) <= 5)
            break;
    }
    const double top = std::ceil(wanted / step) * step;
    m_axisY->setRange(0, top);
    m_axisY->setTickCount(int(top / step) + 1);

    const QList<QPointF> goal{{double(from.toMSecsSinceEpoch()), minutes(goalMs())}, {double(to.toMSecsSinceEpoch()), minutes(goalMs())}};
    m_goal->replace(goal);
    if (m_averageMs >= 0)
        m_average->replace({{double(from.toMSecsSinceEpoch()), minutes(m_averageMs)}, {double(to.toMSecsSinceEpoch()), minutes(m_averageMs)}});
    else
        m_average->clear();
}

} // namespace enclii::ui
