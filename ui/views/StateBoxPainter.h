#pragma once

#include <QColor>
#include <QRect>

class QPainter;

// The boxes of the console's horizontal timelines (a build's stages, the deploy waves): one
// look for both, so they read as the same kind of thing.
namespace enclii::ui::statebox {

inline const QColor Ink(0x1b, 0x26, 0x31);
inline const QColor QuietFill(0xf4, 0xf6, 0xf8);
inline const QColor Track(0xdd, 0xe5, 0xee);
inline const QColor QuietText(0x6b, 0x76, 0x85);

// A rounded box tinted with `color` and a solid band on its left; a quiet (not started) box
// is grey, with the pen style given (dashed for skipped).
void paintBox(QPainter &p, const QRect &box, const QColor &color, bool quiet, qreal penWidth,
              Qt::PenStyle style = Qt::SolidLine);
// The arrow between two boxes, in the gap from `from`'s right edge to `to`'s left edge.
void paintConnector(QPainter &p, const QRect &from, const QRect &to, const QColor &color);
// A thin progress track with `share` (0..1) of it filled.
void paintProgress(QPainter &p, const QRectF &track, double share, const QColor &color);

} // namespace enclii::ui::statebox
