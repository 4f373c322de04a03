#include "StateBoxPainter.h"

#include "models/BuildFormat.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace enclii::ui::statebox {

void paintBox(QPainter &p, const QRect &box, const QColor &color, bool quiet, qreal penWidth, Qt::PenStyle style)
{
    const QRectF frame = QRectF(box).adjusted(0.5, 0.5, -0.5, -0.5);
    p.setPen(QPen(quiet ? Track : color, penWidth, style));
    p.setBrush(quiet ? QuietFill : BuildFormat::tint(color));
    p.drawRoundedRect(frame, 6, 6);
    if (quiet)
        return;
    // A solid band on the left says the state at a glance.
    QPainterPath outline;
    outline.addRoundedRect(frame, 6, 6);
    p.save();
    p.setClipPath(outline);
    p.fillRect(QRectF(frame.left(), frame.top(), 5, frame.height()), color);
    p.restore();
}

void paintConnector(QPainter &p, const QRect &from, const QRect &to, const QColor &color)
{
    const int y = to.center().y();
    p.setPen(QPen(color, 2));
    p.drawLine(from.right() + 3, y, to.left() - 5, y);
    p.drawLine(to.left() - 9, y - 4, to.left() - 5, y);
    p.drawLine(to.left() - 9, y + 4, to.left() - 5, y);
}

void paintProgress(QPainter &p, const QRectF &track, double share, const QColor &color)
{
    p.setPen(Qt::NoPen);
    p.setBrush(Track);
    p.drawRoundedRect(track, 3, 3);
    if (share <= 0)
        return;
    p.setBrush(color);
    p.drawRoundedRect(QRectF(track.left(), track.top(), std::max(6.0, track.width() * std::min(1.0, share)), track.height()), 3, 3);
}

} // namespace enclii::ui::statebox
