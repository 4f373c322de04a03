#include "BuildStageBar.h"

#include "StateBoxPainter.h"
#include "models/BuildFormat.h"
#include "models/BuildStepsModel.h"

#include <QHelpEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

namespace enclii::ui {

using namespace Qt::StringLiterals;

namespace {

constexpr int Gap = 16;        // between boxes, room for the connector arrow
constexpr int BoxHeight = 64;
constexpr int Margin = 2;
using statebox::Ink;
using statebox::Track;

void paintStateMark(QPainter &p, const QRectF &r, StepState state, const QColor &color)
{
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    QPen pen(color, 1.6);
    if (state == StepState::Pending || state == StepState::Skipped) {
        pen.setStyle(state == StepState::Skipped ? Qt::DotLine : Qt::SolidLine);
        p.setPen(pen);
        p.setBrush(Qt::NoBrush);
        p.drawEllipse(r.adjusted(1, 1, -1, -1));
        p.restore();
        return;
    }
    p.setPen(Qt::NoPen);
    p.setBrush(color);
    p.drawEllipse(r);
    QPen mark(Qt::white, 1.8, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    p.setPen(mark);
    const QPointF c = r.center();
    const qreal k = r.width() / 4.0;
    if (state == StepState::Succeeded) {
        QPainterPath tick;
        tick.moveTo(c + QPointF(-k, 0));
        tick.lineTo(c + QPointF(-k / 3, k * 0.8));
        tick.lineTo(c + QPointF(k, -k * 0.7));
        p.drawPath(tick);
    } else if (state == StepState::Failed) {
        p.drawLine(c + QPointF(-k * 0.8, -k * 0.8), c + QPointF(k * 0.8, k * 0.8));
        p.drawLine(c + QPointF(-k * 0.8, k * 0.8), c + QPointF(k * 0.8, -k * 0.8));
    } else { // running: a dot in a ring
        p.setBrush(Qt::white);
        p.setPen(Qt::NoPen);
        p.drawEllipse(c, k * 0.7, k * 0.7);
    }
    p.restore();
}

} // namespace

BuildStageBar::BuildStageBar(BuildStepsModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setMouseTracking(true);
    const auto repaint = [this] { update(); };
    connect(m_model, &QAbstractItemModel::modelReset, this, repaint);
    connect(m_model, &QAbstractItemModel::dataChanged, this, repaint);
}

QSize BuildStageBar::sizeHint() const
{
    return {7 * 120, BoxHeight + 2 * Margin};
}

QSize BuildStageBar::minimumSizeHint() const
{
    return {7 * 70, BoxHeight + 2 * Margin};
}

QRect BuildStageBar::stageRect(int row) const
{
    const int n = m_model->rowCount();
    if (row < 0 || row >= n)
        return {};
    const int usable = width() - 2 * Margin - (n - 1) * Gap;
    const int w = std::max(40, usable / n);
    return {Margin + row * (w + Gap), Margin, w, BoxHeight};
}

int BuildStageBar::stageAt(const QPoint &pos) const
{
    for (int row = 0; row < m_model->rowCount(); ++row)
        if (stageRect(row).contains(pos))
            return row;
    return -1;
}

void BuildStageBar::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const int n = m_model->rowCount();
    if (n == 0) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter, tr("No build selected"));
        return;
    }
    for (int row = 0; row < n; ++row) {
        const QRect box = stageRect(row);
        if (row > 0) { // the connector from the previous stage, an arrow in the gap
            const StepState before = StepState(m_model->index(row - 1, 0).data(BuildStepsModel::StepStateRole).toInt());
            statebox::paintConnector(p, stageRect(row - 1), box, before == StepState::Succeeded ? BuildFormat::stepColor(before) : Track);
        }
        paintStage(p, row, box);
    }
}

void BuildStageBar::paintStage(QPainter &p, int row, const QRect &box) const
{
    const QModelIndex index = m_model->index(row, 0);
    const auto state = StepState(index.data(BuildStepsModel::StepStateRole).toInt());
    const qint64 duration = index.data(BuildStepsModel::DurationRole).toLongLong();
    const double progress = index.data(BuildStepsModel::ProgressRole).toDouble();
    const QColor color = BuildFormat::stepColor(state);
    const bool quiet = state == StepState::Pending || state == StepState::Skipped;

    statebox::paintBox(p, box, color, quiet, state == StepState::Running ? 2.0 : 1.2,
                       state == StepState::Skipped ? Qt::DashLine : Qt::SolidLine);

    const int left = box.left() + 14;
    const QRectF mark(left, box.top() + 9, 14, 14);
    paintStateMark(p, mark, state, quiet ? QColor(0x9a, 0xa5, 0xb1) : color);

    QFont title = font();
    title.setBold(true);
    p.setFont(title);
    p.setPen(quiet ? QColor(0x6b, 0x76, 0x85) : Ink);
    const QRect titleRect(left + 20, box.top() + 6, box.right() - left - 24, 20);
    p.drawText(titleRect, Qt::AlignLeft | Qt::AlignVCenter,
               p.fontMetrics().elidedText(index.data(Qt::DisplayRole).toString(), Qt::ElideRight, titleRect.width()));

    // The colour and the mark say the state; a running step's line has room for its numbers,
    // its share done on the right.
    const bool showsProgress = state == StepState::Running && progress >= 0;
    QString sub;
    if (state == StepState::Running)
        sub = BuildFormat::shortDuration(duration);
    else if (duration >= 0)
        sub = tr("%1 · %2").arg(BuildFormat::stepStateName(state), BuildFormat::shortDuration(duration));
    else
        sub = BuildFormat::stepStateName(state);
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.92);
    p.setFont(small);
    p.setPen(quiet ? QColor(0x7c, 0x87, 0x96) : color.darker(115));
    QRect subRect(left, box.top() + 28, box.right() - left - 8, 18);
    if (showsProgress) {
        const QString percent = tr("%1 %").arg(qRound(progress * 100));
        p.drawText(subRect, Qt::AlignRight | Qt::AlignVCenter, percent);
        subRect.setRight(subRect.right() - p.fontMetrics().horizontalAdvance(percent) - 6);
    }
    p.drawText(subRect, Qt::AlignLeft | Qt::AlignVCenter, p.fontMetrics().elidedText(sub, Qt::ElideRight, subRect.width()));

    if (showsProgress) {
        statebox::paintProgress(p, QRectF(left, box.bottom() - 13, box.right() - left - 10, 6), progress, color);
    }
}

bool BuildStageBar::event(QEvent *event)
{
    if (event->type() != QEvent::ToolTip)
        return QWidget::event(event);
    auto *help = static_cast<QHelpEvent *>(event);
    const int row = stageAt(help->pos());
    if (row < 0) {
        QToolTip::hideText();
        event->ignore();
        return true;
    }
    QStringList lines;
    for (int column = 0; column < BuildStepsModel::ColumnCount; ++column)
        if (const QString text = m_model->index(row, column).data().toString(); !text.isEmpty())
            lines << text;
    QToolTip::showText(help->globalPos(), lines.join(u'\n'), this, stageRect(row));
    return true;
}

} // namespace enclii::ui
