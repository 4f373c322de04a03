#include "RolloutStepStrip.h"

#include "StateBoxPainter.h"
#include "models/BuildFormat.h"
#include "models/RolloutFormat.h"

#include <QPainter>

#include <algorithm>

namespace enclii::ui {

using namespace Qt::StringLiterals;

namespace {
constexpr int Gap = 18; // between boxes, room for the connector arrow
constexpr int BoxHeight = 54;
constexpr int Margin = 1;
} // namespace

RolloutStepStrip::RolloutStepStrip(QWidget *parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

QSize RolloutStepStrip::sizeHint() const
{
    return {3 * 220, BoxHeight + 2 * Margin};
}

QSize RolloutStepStrip::minimumSizeHint() const
{
    return {3 * 110, BoxHeight + 2 * Margin};
}

void RolloutStepStrip::setSteps(const QList<RolloutStep> &steps, const QDateTime &analysisStartedAt)
{
    m_steps = steps;
    m_analysisStartedAt = analysisStartedAt;
    update();
}

QRect RolloutStepStrip::stepRect(int index) const
{
    const int n = int(m_steps.size());
    if (index < 0 || index >= n)
        return {};
    const int w = std::max(80, (width() - 2 * Margin - (n - 1) * Gap) / n);
    return {Margin + index * (w + Gap), Margin, w, BoxHeight};
}

QString RolloutStepStrip::title(const RolloutStep &step) const
{
    return tr("Step %1 · %2 %").arg(step.index + 1).arg(step.weight);
}

QString RolloutStepStrip::subtitle(const RolloutStep &step) const
{
    QString wait;
    if (step.pauseIndefinite)
        wait = tr("waits for a person");
    else if (step.pauseSeconds > 0)
        wait = tr("%1 analysis").arg(BuildFormat::duration(qint64(step.pauseSeconds) * 1000));
    else if (step.weight >= 100)
        wait = tr("promote");
    return wait.isEmpty() ? RolloutFormat::stepStatusName(step.status)
                          : tr("%1 · %2").arg(RolloutFormat::stepStatusName(step.status), wait);
}

double RolloutStepStrip::progress(const RolloutStep &step) const
{
    if (step.status == "done"_L1)
        return 1.0;
    if (step.status != "analysing"_L1 || step.pauseSeconds <= 0 || !m_analysisStartedAt.isValid())
        return 0.0;
    const double elapsed = double(m_analysisStartedAt.secsTo(QDateTime::currentDateTimeUtc()));
    return std::clamp(elapsed / step.pauseSeconds, 0.0, 1.0);
}

QStringList RolloutStepStrip::describe() const
{
    QStringList out;
    for (const RolloutStep &step : m_steps)
        out << tr("%1: %2").arg(title(step), subtitle(step));
    return out;
}

void RolloutStepStrip::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    if (m_steps.isEmpty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter, tr("This rollout has no canary steps"));
        return;
    }
    for (int i = 0; i < m_steps.size(); ++i) {
        const RolloutStep &step = m_steps.at(i);
        const QRect box = stepRect(i);
        if (i > 0) {
            const QString before = m_steps.at(i - 1).status;
            statebox::paintConnector(p, stepRect(i - 1), box,
                                     before == "done"_L1 ? RolloutFormat::stepStatusColor(before) : statebox::Track);
        }
        const bool quiet = step.status == "waiting"_L1 || step.status.isEmpty();
        const bool current = !quiet && step.status != "done"_L1;
        const QColor color = RolloutFormat::stepStatusColor(step.status);
        statebox::paintBox(p, box, color, quiet, current ? 2.0 : 1.2);

        const int left = box.left() + 14;
        QFont bold = font();
        bold.setBold(true);
        p.setFont(bold);
        p.setPen(quiet ? statebox::QuietText : statebox::Ink);
        const QRect titleRect(left, box.top() + 4, box.right() - left - 8, 20);
        p.drawText(titleRect, Qt::AlignLeft | Qt::AlignVCenter, p.fontMetrics().elidedText(title(step), Qt::ElideRight, titleRect.width()));

        QFont small = font();
        small.setPointSizeF(small.pointSizeF() * 0.92);
        p.setFont(small);
        p.setPen(quiet ? statebox::QuietText : color.darker(115));
        const QRect subRect(left, box.top() + 24, box.right() - left - 8, 16);
        p.drawText(subRect, Qt::AlignLeft | Qt::AlignVCenter, p.fontMetrics().elidedText(subtitle(step), Qt::ElideRight, subRect.width()));
        statebox::paintProgress(p, QRectF(left, box.bottom() - 9, box.right() - left - 10, 4), progress(step),
                                quiet ? statebox::QuietText : color);
    }
}

} // namespace enclii::ui
