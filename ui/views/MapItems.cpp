#include "MapItems.h"

#include <QCursor>
#include <QFontMetricsF>
#include <QPainter>
#include <QtMath>

namespace enclii::ui {

namespace {

constexpr qreal Radius = 7;

void drawHalo(QPainter *painter, const QRectF &rect, const QColor &color, qreal width)
{
    QPen pen(color, width);
    pen.setJoinStyle(Qt::RoundJoin);
    painter->setPen(pen);
    painter->setBrush(Qt::NoBrush);
    const qreal grow = width / 2 + 1;
    painter->drawRoundedRect(rect.adjusted(-grow, -grow, grow, grow), Radius + grow, Radius + grow);
}

} // namespace

// --- NodeItem ---------------------------------------------------------------------------

NodeItem::NodeItem(const MapLayout::Box &box, MapStyle::NodeStyle style, QGraphicsItem *parent)
    : QGraphicsItem(parent)
    , m_box(box)
    , m_palette(MapStyle::palette(style))
{
    setZValue(10);
    setAcceptHoverEvents(true);
    setCursor(Qt::PointingHandCursor);
}

QRectF NodeItem::boundingRect() const
{
    return m_box.rect.adjusted(-6, -6, 6, 6); // room for the halo
}

QPainterPath NodeItem::shape() const
{
    QPainterPath p;
    p.addRoundedRect(m_box.rect, Radius, Radius);
    return p;
}

void NodeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    const QRectF r = m_box.rect;
    painter->setRenderHint(QPainter::Antialiasing);
    if (m_matched)
        drawHalo(painter, r, MapStyle::matchColor(), 5);
    painter->setPen(QPen(m_selected ? MapStyle::selectionColor() : m_palette.border, m_selected ? 2.6 : 1.2));
    painter->setBrush(m_palette.fill);
    painter->drawRoundedRect(r, Radius, Radius);

    const QRectF text = r.adjusted(8, 3, -8, -3);
    const QFont nameFont = MapStyle::nodeFont();
    painter->setFont(nameFont);
    painter->setPen(m_palette.text);
    const QFontMetricsF nameMetrics(nameFont);
    const QString name = nameMetrics.elidedText(m_box.label, Qt::ElideRight, text.width());
    if (m_box.subtitle.isEmpty()) {
        painter->drawText(text, Qt::AlignCenter, name);
        return;
    }
    painter->drawText(QRectF(text.left(), text.top(), text.width(), text.height() * 0.55),
                      Qt::AlignHCenter | Qt::AlignBottom, name);
    const QFont subFont = MapStyle::nodeSubFont();
    painter->setFont(subFont);
    painter->setPen(m_palette.subtext);
    const QString sub = QFontMetricsF(subFont).elidedText(m_box.subtitle, Qt::ElideMiddle, text.width());
    painter->drawText(QRectF(text.left(), text.top() + text.height() * 0.58, text.width(), text.height() * 0.42),
                      Qt::AlignHCenter | Qt::AlignTop, sub);
}

void NodeItem::setSelectedNode(bool selected)
{
    if (selected != m_selected) {
        m_selected = selected;
        update();
    }
}

void NodeItem::setMatched(bool matched)
{
    if (matched != m_matched) {
        m_matched = matched;
        update();
    }
}

// --- FrameItem --------------------------------------------------------------------------

FrameItem::FrameItem(const MapLayout::Box &box, bool deployed, QGraphicsItem *parent)
    : QGraphicsItem(parent)
    , m_box(box)
    , m_deployed(deployed)
{
    setZValue(-5);
    setAcceptHoverEvents(true);
}

QRectF FrameItem::boundingRect() const
{
    return m_box.rect.adjusted(-6, -6, 6, 6);
}

QPainterPath FrameItem::shape() const
{
    // Only the header is a handle for the repo; the body belongs to its services and to panning.
    QPainterPath p;
    p.addRect(QRectF(m_box.rect.topLeft(), QSizeF(m_box.rect.width(), MapLayout::FrameHeader)));
    return p;
}

void FrameItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    const QRectF r = m_box.rect;
    const MapStyle::Palette pal = MapStyle::palette(MapStyle::NodeStyle::Repo);
    painter->setRenderHint(QPainter::Antialiasing);
    if (m_matched)
        drawHalo(painter, r, MapStyle::matchColor(), 5);
    QPen pen(m_selected ? MapStyle::selectionColor() : pal.border, m_selected ? 2.6 : 1.2);
    if (!m_deployed)
        pen.setStyle(Qt::DashLine);
    painter->setPen(pen);
    painter->setBrush(QColor(255, 255, 255, 215));
    painter->drawRoundedRect(r, Radius, Radius);

    const QRectF header(r.left() + MapLayout::FramePadding, r.top(), r.width() - 2 * MapLayout::FramePadding,
                        MapLayout::FrameHeader);
    const QFont headerFont = MapStyle::headerFont();
    const QFontMetricsF hm(headerFont);
    painter->setFont(headerFont);
    painter->setPen(pal.text);
    const QString name = hm.elidedText(m_box.label, Qt::ElideRight, header.width());
    painter->drawText(header, Qt::AlignLeft | Qt::AlignVCenter, name);

    // The purpose fits beside the name in wide frames; narrow ones leave it to the side panel.
    const qreal used = hm.horizontalAdvance(name) + 8;
    if (!m_box.subtitle.isEmpty() && header.width() - used > 40) {
        const QFont subFont = MapStyle::nodeSubFont();
        painter->setFont(subFont);
        painter->setPen(pal.subtext);
        const QRectF rest = header.adjusted(used, 1, 0, 0);
        painter->drawText(rest, Qt::AlignLeft | Qt::AlignVCenter,
                          QFontMetricsF(subFont).elidedText(m_box.subtitle, Qt::ElideRight, rest.width()));
    }
}

void FrameItem::setSelectedNode(bool selected)
{
    if (selected != m_selected) {
        m_selected = selected;
        update();
    }
}

void FrameItem::setMatched(bool matched)
{
    if (matched != m_matched) {
        m_matched = matched;
        update();
    }
}

// --- BandItem ---------------------------------------------------------------------------

BandItem::BandItem(const MapLayout::Band &band, int index, QGraphicsItem *parent)
    : QGraphicsItem(parent)
    , m_band(band)
    , m_color(MapStyle::bandColor(index))
{
    setZValue(-20);
}

QRectF BandItem::boundingRect() const
{
    return m_band.rect;
}

void BandItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    const QRectF r = m_band.rect;
    painter->setPen(Qt::NoPen);
    painter->setBrush(m_color);
    painter->drawRect(r);
    painter->setPen(QPen(QColor(0xd5, 0xdc, 0xe4), 1));
    painter->drawLine(r.bottomLeft(), r.bottomRight());

    // Label column: "Tier 1", the tier's name and note, wrapped.
    const QRectF label(r.left() + 12, r.top() + 10, MapLayout::LabelColumnWidth - 20, r.height() - 20);
    QFont title = MapStyle::headerFont();
    title.setPointSizeF(11.5);
    painter->setFont(title);
    painter->setPen(QColor(0x1b, 0x26, 0x31));
    const QFontMetricsF tm(title);
    painter->drawText(QRectF(label.topLeft(), QSizeF(label.width(), tm.height())), Qt::AlignLeft | Qt::AlignTop,
                      m_band.title);

    QString body = m_band.subtitle;
    if (!m_band.note.isEmpty())
        body += (body.isEmpty() ? QString() : QStringLiteral("\n")) + m_band.note;
    // Say it unless the tier's own note already does (the seed's Tier 5 reads "Not deployed").
    if (!m_band.deployed && !m_band.note.contains(QLatin1String("deploy"), Qt::CaseInsensitive))
        body += (body.isEmpty() ? QString() : QStringLiteral("\n")) + MapLayout::tr("(not deployed)");
    QFont small = MapStyle::nodeSubFont();
    small.setPointSizeF(8.5);
    painter->setFont(small);
    painter->setPen(QColor(0x4a, 0x58, 0x66));
    painter->drawText(label.adjusted(0, tm.height() + 2, 0, 0), Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, body);
}

// --- EdgeLabelItem ----------------------------------------------------------------------

EdgeLabelItem::EdgeLabelItem(const QString &text, const QColor &color, QGraphicsItem *parent)
    : QGraphicsItem(parent)
    , m_text(text)
    , m_color(color)
{
    const QFontMetricsF fm(MapStyle::edgeLabelFont());
    const qreal w = fm.horizontalAdvance(m_text) + 8;
    const qreal h = fm.height() + 2;
    m_rect = QRectF(-w / 2, -h / 2, w, h);
    setZValue(20);
}

QRectF EdgeLabelItem::boundingRect() const
{
    return m_rect.adjusted(-1, -1, 1, 1);
}

void EdgeLabelItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(m_color, 0.8));
    painter->setBrush(QColor(255, 255, 255, 235));
    painter->drawRoundedRect(m_rect, 4, 4);
    painter->setFont(MapStyle::edgeLabelFont());
    painter->setPen(m_color.darker(130));
    painter->drawText(m_rect, Qt::AlignCenter, m_text);
}

// --- EdgeItem ---------------------------------------------------------------------------

EdgeItem::EdgeItem(const MapEdge &edge, const QPainterPath &path, QGraphicsItem *parent)
    : QGraphicsItem(parent)
    , m_edge(edge)
    , m_path(path)
{
    setZValue(0);
    // Arrowhead along the curve's final direction.
    const QPointF tip = path.pointAtPercent(1.0);
    const qreal angle = qDegreesToRadians(path.angleAtPercent(0.98));
    const qreal len = 8.5;
    const qreal spread = 0.42;
    const QPointF back1 = tip + QPointF(-std::cos(angle - spread) * len, std::sin(angle - spread) * len);
    const QPointF back2 = tip + QPointF(-std::cos(angle + spread) * len, std::sin(angle + spread) * len);
    m_arrow << tip << back1 << back2;
    m_bounds = m_path.boundingRect().united(m_arrow.boundingRect()).adjusted(-4, -4, 4, 4);
}

QRectF EdgeItem::boundingRect() const
{
    return m_bounds;
}

QPainterPath EdgeItem::shape() const
{
    return {}; // clicks go through to the nodes and the background
}

void EdgeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    painter->setRenderHint(QPainter::Antialiasing);
    QColor color = MapStyle::edgeColor(m_edge.kind);
    qreal width = MapStyle::edgeWidth(m_edge.kind);
    switch (m_emphasis) {
    case Emphasis::Normal: color.setAlphaF(0.55); break;
    case Emphasis::Highlighted: width += 1.2; break;
    case Emphasis::Dimmed: color.setAlphaF(0.10); break;
    }
    QPen pen(color, width, MapStyle::edgePenStyle(m_edge.kind), Qt::RoundCap, Qt::RoundJoin);
    painter->setPen(pen);
    painter->setBrush(Qt::NoBrush);
    painter->drawPath(m_path);
    painter->setPen(Qt::NoPen);
    painter->setBrush(color);
    painter->drawPolygon(m_arrow);
}

void EdgeItem::setEmphasis(Emphasis emphasis)
{
    if (emphasis != m_emphasis) {
        m_emphasis = emphasis;
        update();
    }
}

} // namespace enclii::ui
