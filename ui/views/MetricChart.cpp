#include "MetricChart.h"

#include "models/DeploymentFormat.h"
#include "models/Units.h"

#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLocale>
#include <QVBoxLayout>
#include <QValueAxis>

#include <cmath>

namespace enclii::ui {

using namespace Qt::StringLiterals;

namespace {

constexpr double MiB = 1024.0 * 1024.0;

// Just enough decimals for ticks `step` apart.
QString labelFormat(double step)
{
    return step >= 1 ? u"%.0f"_s : (step >= 0.1 ? u"%.1f"_s : u"%.2f"_s);
}

QLineSeries *referenceSeries(const QString &name, const QColor &color)
{
    auto *series = new QLineSeries;
    series->setName(name);
    series->setPen(QPen(color, 1.6, Qt::DashLine));
    return series;
}

} // namespace

MetricChart::MetricChart(const QString &title, Unit unit, const QColor &color, QWidget *parent)
    : QWidget(parent)
    , m_title(title)
    , m_unit(unit)
    , m_view(new QChartView(this))
    , m_chart(new QChart)
    , m_line(new QLineSeries)
    , m_base(new QLineSeries)
    , m_area(new QAreaSeries(m_line, m_base))
    , m_requestSeries(referenceSeries(tr("Request"), DeploymentFormat::stateColor(DeploymentState::Degraded)))
    , m_limitSeries(referenceSeries(tr("Limit"), DeploymentFormat::stateColor(DeploymentState::Failed)))
    , m_axisX(new QDateTimeAxis)
    , m_axisY(new QValueAxis)
    , m_requestName(tr("Request"))
{
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_chart->setMargins(QMargins(2, 2, 2, 2));
    m_chart->setBackgroundRoundness(4);
    QFont titleFont = m_chart->titleFont();
    titleFont.setBold(true);
    titleFont.setPointSizeF(font().pointSizeF() * 0.95);
    m_chart->setTitleFont(titleFont);

    m_area->setName(tr("Used"));
    QColor fill = color;
    fill.setAlpha(60);
    m_area->setBrush(fill);
    m_area->setPen(QPen(color, 1.8));
    m_chart->addSeries(m_area);
    m_chart->addSeries(m_requestSeries);
    m_chart->addSeries(m_limitSeries);

    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.8);
    m_axisX->setFormat(u"HH:mm"_s);
    m_axisX->setTickCount(5);
    m_axisX->setLabelsFont(small);
    m_axisY->setLabelsFont(small);
    m_axisY->setLabelFormat(u"%.0f"_s);
    m_axisY->setTitleFont(small);
    m_axisY->setTitleText(axisTitle());
    m_chart->addAxis(m_axisX, Qt::AlignBottom);
    m_chart->addAxis(m_axisY, Qt::AlignLeft);
    for (QAbstractSeries *series : m_chart->series()) {
        series->attachAxis(m_axisX);
        series->attachAxis(m_axisY);
    }
    m_chart->legend()->setFont(small);
    m_chart->legend()->setAlignment(Qt::AlignBottom);

    m_view->setChart(m_chart);
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setMinimumHeight(150);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
    clear(tr("waiting for samples"));
}

MetricChart::~MetricChart() = default;

void MetricChart::setPointsVisible(bool visible)
{
    m_area->setPointsVisible(visible);
    m_requestSeries->setPointsVisible(visible);
}

double MetricChart::niceCeil(double value)
{
    if (!(value > 0))
        return 1;
    const double magnitude = std::pow(10.0, std::floor(std::log10(value)));
    for (const double m : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (m * magnitude >= value)
            return m * magnitude;
    return 10 * magnitude;
}

QString MetricChart::titleText() const
{
    return m_chart->title();
}

double MetricChart::scaled(double value) const
{
    switch (m_unit) {
    case Unit::Bytes: return value / MiB;
    case Unit::Ratio: return value * 100.0;
    case Unit::Seconds: return value * 1000.0;
    case Unit::Millicores:
    case Unit::PerSecond:
    case Unit::Count: break;
    }
    return value;
}

QString MetricChart::axisTitle() const
{
    switch (m_unit) {
    case Unit::Millicores: return tr("millicores");
    case Unit::Bytes: return tr("MiB");
    case Unit::PerSecond: return tr("req/s");
    case Unit::Ratio: return tr("%");
    case Unit::Seconds: return tr("ms");
    case Unit::Count: return tr("pods");
    }
    return {};
}

QString MetricChart::format(Unit unit, double value)
{
    switch (unit) {
    case Unit::Millicores: return units::cpu(qRound64(value));
    case Unit::Bytes: return units::memory(qRound64(value));
    case Unit::PerSecond: return tr("%1 req/s").arg(units::number(value, value < 10 ? 2 : 1));
    case Unit::Ratio: return tr("%1 %").arg(units::number(value * 100.0, 2));
    case Unit::Seconds: return tr("%1 ms").arg(units::number(value * 1000.0, value < 0.01 ? 1 : 0));
    case Unit::Count: return units::number(value, 1);
    }
    return {};
}

QList<QPointF> MetricChart::perPodTimesReplicas(const QList<QPointF> &replicas, double perPod)
{
    QList<QPointF> steps;
    if (perPod < 0)
        return steps;
    for (const QPointF &sample : replicas) {
        const double value = perPod * std::max(0.0, sample.y());
        if (!steps.isEmpty() && steps.constLast().y() != value)
            steps.append({sample.x(), steps.constLast().y()}); // hold the old level up to here
        steps.append({sample.x(), value});
    }
    return steps;
}

QList<QPointF> MetricChart::level(const QList<QPointF> &points, double value)
{
    if (points.isEmpty() || value < 0)
        return {};
    return {{points.constFirst().x(), value}, {points.constLast().x(), value}};
}

void MetricChart::setReferenceNames(const QString &request, const QString &limit)
{
    m_requestName = request;
    m_requestSeries->setName(request);
    m_limitSeries->setName(limit);
}

void MetricChart::setSeriesName(const QString &name)
{
    m_area->setName(name);
}

void MetricChart::setRequestPen(const QPen &pen)
{
    m_requestSeries->setPen(pen);
}

void MetricChart::setValueRange(double low, double high)
{
    m_rangeLow = low;
    m_rangeHigh = high;
    rebuild();
}

void MetricChart::setPoints(const QList<QPointF> &points)
{
    m_points = points;
    rebuild();
}

void MetricChart::setRequestLine(const QList<QPointF> &points)
{
    m_request = points;
    rebuild();
}

void MetricChart::setLimitLine(const QList<QPointF> &points)
{
    m_limit = points;
    rebuild();
}

void MetricChart::clear(const QString &why)
{
    m_points.clear();
    m_request.clear();
    m_limit.clear();
    m_emptyReason = why;
    rebuild();
}

void MetricChart::rebuild()
{
    // The series hold the drawn units; the lists keep the daemon's.
    const auto toScreen = [this](const QList<QPointF> &in) {
        QList<QPointF> out;
        out.reserve(in.size());
        for (const QPointF &p : in)
            out.append({p.x(), scaled(p.y())});
        return out;
    };
    const QList<QPointF> line = toScreen(m_points);
    m_line->replace(line);
    m_base->replace(line.isEmpty() ? QList<QPointF>() : QList<QPointF>{{line.constFirst().x(), 0}, {line.constLast().x(), 0}});
    m_requestSeries->replace(toScreen(m_request));
    m_limitSeries->replace(toScreen(m_limit));

    const bool references = !m_request.isEmpty() || !m_limit.isEmpty();
    m_chart->legend()->setVisible(references);
    const auto markers = m_chart->legend()->markers();
    for (QLegendMarker *marker : markers)
        marker->setVisible((marker->series() == m_requestSeries && !m_request.isEmpty())
                           || (marker->series() == m_limitSeries && !m_limit.isEmpty())
                           || (marker->series() == m_area && references));

    if (m_points.isEmpty()) {
        m_chart->setTitle(tr("%1: %2").arg(m_title, m_emptyReason));
    } else {
        QString title = tr("%1 · %2 now").arg(m_title, format(m_unit, m_points.constLast().y()));
        if (!m_request.isEmpty())
            title += u" · "_s + tr("%1: %2").arg(m_requestName, format(m_unit, m_request.constLast().y()));
        m_chart->setTitle(title);
    }

    // x: the span of the samples (at least ten minutes, so a new deployment's first points
    // are not stretched over the whole width), ending at the newest.
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    qint64 to = m_points.isEmpty() ? now : qint64(m_points.constLast().x());
    qint64 from = m_points.isEmpty() ? to - 3600 * 1000 : qint64(m_points.constFirst().x());
    from = std::min(from, to - 10 * 60 * 1000);
    m_axisX->setRange(QDateTime::fromMSecsSinceEpoch(from), QDateTime::fromMSecsSinceEpoch(to));

    if (m_rangeLow < m_rangeHigh) {
        const double low = scaled(m_rangeLow);
        const double high = scaled(m_rangeHigh);
        const double step = (high - low) / 5;
        m_axisY->setRange(low, high);
        m_axisY->setTickCount(6);
        m_axisY->setLabelFormat(labelFormat(step));
        return;
    }
    double top = 0;
    for (const QList<QPointF> *series : {&m_points, &m_request, &m_limit})
        for (const QPointF &p : *series)
            top = std::max(top, scaled(p.y()));
    if (m_unit == Unit::Count) {
        top = std::max(4.0, std::ceil(top * 1.12 / 4) * 4); // whole pods on every tick
        m_axisY->setRange(0, top);
        m_axisY->setTickCount(5);
        m_axisY->setLabelFormat(u"%.0f"_s);
        return;
    }
    // Five equal steps up to a round top: 0, 0.5 … 2.5 or 0, 40 … 200.
    top = niceCeil(top * 1.12);
    const double step = top / 5;
    m_axisY->setRange(0, top);
    m_axisY->setTickCount(6);
    m_axisY->setLabelFormat(labelFormat(step));
}

} // namespace enclii::ui
