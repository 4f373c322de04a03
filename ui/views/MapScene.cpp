#include "MapScene.h"

#include "MapItems.h"
#include "models/EcosystemModel.h"

#include <QFontMetricsF>

#include <algorithm>
#include <climits>
#include <cmath>

namespace enclii::ui {

using namespace Qt::StringLiterals;

namespace {

enum class Side { Top, Bottom, Left, Right };

struct Endpoint
{
    int edge = 0;
    bool isSource = false;
    Side side = Side::Top;
    qreal otherPos = 0; // where the other end is along this side, to order the ports
};

struct Route
{
    MapEdge edge;
    QRectF from;
    QRectF to;
    Side fromSide = Side::Top;
    Side toSide = Side::Top;
    qreal lift = 0; // for arcs between boxes of one row
    QPointF fromPoint;
    QPointF toPoint;
};

bool sameRow(const QRectF &a, const QRectF &b)
{
    return a.top() < b.bottom() && b.top() < a.bottom();
}

qreal arcLift(const QRectF &a, const QRectF &b)
{
    return std::min(16.0 + std::abs(b.center().x() - a.center().x()) * 0.08, 44.0);
}

void routeWithinRow(Route &r, const MapLayout &layout)
{
    const bool rightwards = r.to.center().x() >= r.from.center().x();
    const QRectF &left = rightwards ? r.from : r.to;
    const QRectF &right = rightwards ? r.to : r.from;

    // Which boxes could be in the way: those sharing the row, and those just above or below.
    bool between = false;
    const qreal lift = arcLift(r.from, r.to);
    const QRectF above(left.center().x(), std::min(left.top(), right.top()) - lift,
                       right.center().x() - left.center().x(), lift);
    const QRectF below(left.center().x(), std::max(left.bottom(), right.bottom()),
                       right.center().x() - left.center().x(), lift);
    bool clashAbove = false;
    bool clashBelow = false;
    for (const MapLayout::Box &box : layout.boxes()) {
        if (box.isFrame || box.id == r.edge.from || box.id == r.edge.to)
            continue;
        if (sameRow(box.rect, r.from) && box.rect.left() >= left.right() && box.rect.right() <= right.left())
            between = true;
        clashAbove |= box.rect.intersects(above);
        clashBelow |= box.rect.intersects(below);
    }
    // Neighbours get a short straight link, if the gap can hold its label.
    const qreal labelWidth = r.edge.label.isEmpty()
                                 ? 0
                                 : QFontMetricsF(MapStyle::edgeLabelFont()).horizontalAdvance(r.edge.label) + 12;
    if (!between && right.left() - left.right() >= labelWidth) {
        r.fromSide = rightwards ? Side::Right : Side::Left;
        r.toSide = rightwards ? Side::Left : Side::Right;
        return;
    }
    // Arc over the top going right, under the bottom going left, so the two directions of a
    // pair (enqueue / callback) never share a curve; unless boxes sit there, then swap, and
    // if both sides are taken keep to the top with the way back drawn higher.
    bool top = rightwards;
    if (top ? clashAbove && !clashBelow : clashBelow && !clashAbove)
        top = !top;
    else if (clashAbove && clashBelow)
        top = true;
    r.fromSide = r.toSide = top ? Side::Top : Side::Bottom;
    r.lift = lift + (top && !rightwards ? 14 : 0);
}

constexpr qreal NodeOpacityDimmed = 0.22;
constexpr qreal NodeOpacityAside = 0.55;

} // namespace

MapScene::MapScene(QObject *parent)
    : QGraphicsScene(parent)
{
    setBackgroundBrush(Qt::white);
    setItemIndexMethod(QGraphicsScene::BspTreeIndex);
}

void MapScene::rebuild(const EcosystemModel &model)
{
    clear(); // deletes every item
    m_nodes.clear();
    m_frames.clear();
    m_edges.clear();
    m_frameOf.clear();
    m_matches.clear();
    m_searching = false;
    m_selected.clear();

    m_layout = MapLayout::compute(model.nodes(), model.tiers(), model.edges());
    // Room around the map so any node can be brought to the centre of the view.
    setSceneRect(m_layout.bounds().adjusted(-1200, -900, 1200, 900));

    int index = 0;
    for (const MapLayout::Band &band : m_layout.bands())
        addItem(new BandItem(band, band.tier == 0 ? 0 : ++index));

    for (const MapNode &node : model.nodes()) {
        const MapLayout::Box *box = m_layout.box(node.id);
        if (!box)
            continue;
        if (box->isFrame) {
            auto *frame = new FrameItem(*box, node.deployed);
            frame->setToolTip(node.purpose.isEmpty() ? node.name : QStringLiteral("%1 — %2").arg(node.name, node.purpose));
            addItem(frame);
            m_frames.insert(node.id, frame);
        } else {
            auto *item = new NodeItem(*box, MapStyle::nodeStyle(node));
            const QString about = node.description.isEmpty() ? node.purpose : node.description;
            item->setToolTip(about.isEmpty() ? node.name : QStringLiteral("%1 — %2").arg(node.name, about));
            addItem(item);
            m_nodes.insert(node.id, item);
            if (!box->frameId.isEmpty())
                m_frameOf.insert(node.id, box->frameId);
        }
    }
    addEdges(model);
    createLabels();
    updateEmphasis();
}

void MapScene::addEdges(const EcosystemModel &model)
{
    QList<Route> routes;
    for (const MapEdge &e : model.edges()) {
        const MapLayout::Box *a = m_layout.box(e.from);
        const MapLayout::Box *b = m_layout.box(e.to);
        if (!a || !b || e.from == e.to)
            continue;
        // A component already shows as nesting; a line inside its own frame would only add noise.
        if (m_frameOf.value(e.to) == e.from || m_frameOf.value(e.from) == e.to)
            continue;
        Route r;
        r.edge = e;
        r.from = a->rect;
        r.to = b->rect;
        if (!sameRow(r.from, r.to)) {
            const bool up = r.to.center().y() < r.from.center().y();
            r.fromSide = up ? Side::Top : Side::Bottom;
            r.toSide = up ? Side::Bottom : Side::Top;
        } else {
            routeWithinRow(r, m_layout);
        }
        routes.append(r);
    }

    // Spread the ports along each side, ordered by where the other end lies, so fans of
    // edges into one node (PostgreSQL, janua-api) stay apart and do not cross at the node.
    QHash<QString, QList<Endpoint>> ports; // "id|side"
    auto key = [](const QString &id, Side side) { return id + u'|' + QString::number(int(side)); };
    auto along = [](Side side, const QRectF &other) {
        return side == Side::Left || side == Side::Right ? other.center().y() : other.center().x();
    };
    for (int i = 0; i < routes.size(); ++i) {
        const Route &r = routes[i];
        ports[key(r.edge.from, r.fromSide)].append({i, true, r.fromSide, along(r.fromSide, r.to)});
        ports[key(r.edge.to, r.toSide)].append({i, false, r.toSide, along(r.toSide, r.from)});
    }
    for (auto it = ports.begin(); it != ports.end(); ++it) {
        QList<Endpoint> &list = it.value();
        std::stable_sort(list.begin(), list.end(), [](const Endpoint &a, const Endpoint &b) { return a.otherPos < b.otherPos; });
        for (int k = 0; k < list.size(); ++k) {
            Route &r = routes[list[k].edge];
            const QRectF rect = list[k].isSource ? r.from : r.to;
            QPointF p;
            switch (list[k].side) {
            case Side::Top:
            case Side::Bottom: {
                const qreal usable = rect.width() * (list.size() > 3 ? 0.86 : 0.6);
                p.setX(rect.center().x() - usable / 2 + usable * (k + 1) / (list.size() + 1));
                p.setY(list[k].side == Side::Top ? rect.top() : rect.bottom());
                break;
            }
            case Side::Left:
            case Side::Right: {
                const qreal usable = rect.height() * 0.5;
                p.setY(rect.center().y() - usable / 2 + usable * (k + 1) / (list.size() + 1));
                p.setX(list[k].side == Side::Left ? rect.left() : rect.right());
                break;
            }
            }
            (list[k].isSource ? r.fromPoint : r.toPoint) = p;
        }
    }

    for (const Route &r : std::as_const(routes)) {
        QPainterPath path(r.fromPoint);
        const QPointF p1 = r.fromPoint;
        const QPointF p2 = r.toPoint;
        if (r.fromSide == Side::Left || r.fromSide == Side::Right) {
            path.lineTo(p2); // neighbours in a row: a short straight link
        } else if (r.fromSide == r.toSide) {
            const qreal dir = r.fromSide == Side::Top ? -1 : 1;
            path.cubicTo(p1 + QPointF(0, dir * r.lift), p2 + QPointF(0, dir * r.lift), p2);
        } else {
            const qreal dir = r.fromSide == Side::Top ? -1 : 1;
            const qreal bend = std::max(24.0, std::abs(p2.y() - p1.y()) * 0.45);
            path.cubicTo(p1 + QPointF(0, dir * bend), p2 - QPointF(0, dir * bend), p2);
        }
        auto *item = new EdgeItem(r.edge, path);
        addItem(item);
        m_edges.append(item);
    }
}

void MapScene::createLabels()
{
    for (EdgeItem *edge : std::as_const(m_edges)) {
        if (edge->edge().label.isEmpty())
            continue;
        auto *label = new EdgeLabelItem(edge->edge().label, MapStyle::edgeColor(edge->edge().kind));
        label->setPos(edge->path().pointAtPercent(0.5));
        addItem(label);
        edge->setLabelItem(label);
    }
    // Labels must not hide names: nodes and frame titles are off limits where possible.
    m_labelObstacles.clear();
    for (const MapLayout::Box &box : m_layout.boxes()) {
        if (box.isFrame)
            m_labelObstacles.append(QRectF(box.rect.topLeft(), QSizeF(box.rect.width(), MapLayout::FrameHeader)));
        else
            m_labelObstacles.append(box.rect);
    }
}

void MapScene::placeVisibleLabels()
{
    // Greedy, in edge order: each visible label takes the spot along its curve that hides the
    // fewest names and earlier labels. Only a handful are visible at a time, so this is cheap.
    static const qreal tries[] = {0.5, 0.44, 0.56, 0.38, 0.62, 0.32, 0.68, 0.26, 0.74, 0.2, 0.8, 0.14, 0.86};
    QList<QRectF> placed;
    for (EdgeItem *edge : std::as_const(m_edges)) {
        EdgeLabelItem *label = edge->labelItem();
        if (!label || !label->isVisible())
            continue;
        QPointF best = edge->path().pointAtPercent(0.5);
        int bestClashes = INT_MAX;
        for (qreal t : tries) {
            const QPointF p = edge->path().pointAtPercent(t);
            const QRectF r = label->boundingRect().translated(p);
            int clashes = 0;
            for (const QRectF &o : std::as_const(m_labelObstacles))
                clashes += r.intersects(o) ? 2 : 0;
            for (const QRectF &o : std::as_const(placed))
                clashes += r.intersects(o) ? 3 : 0;
            if (clashes < bestClashes) {
                bestClashes = clashes;
                best = p;
            }
            if (clashes == 0)
                break;
        }
        label->setPos(best);
        placed.append(label->boundingRect().translated(best));
    }
}

QString MapScene::nodeAt(const QPointF &scenePos) const
{
    const QList<QGraphicsItem *> hits = items(scenePos, Qt::IntersectsItemShape, Qt::DescendingOrder);
    for (QGraphicsItem *hit : hits) {
        if (auto *node = dynamic_cast<NodeItem *>(hit))
            return node->nodeId();
        if (auto *frame = dynamic_cast<FrameItem *>(hit))
            return frame->nodeId();
    }
    return {};
}

QRectF MapScene::nodeRect(const QString &id) const
{
    const MapLayout::Box *box = m_layout.box(id);
    return box ? box->rect : QRectF();
}

bool MapScene::hasNode(const QString &id) const
{
    return m_nodes.contains(id) || m_frames.contains(id);
}

void MapScene::setSelectedNode(const QString &id)
{
    const QString next = hasNode(id) ? id : QString();
    if (next == m_selected)
        return;
    m_selected = next;
    updateEmphasis();
}

void MapScene::setMatches(const QStringList &ids, bool searching)
{
    m_matches = QSet<QString>(ids.cbegin(), ids.cend());
    m_searching = searching;
    updateEmphasis();
}

void MapScene::setEdgeKindVisible(const QString &kind, bool visible)
{
    if (visible)
        m_hiddenKinds.remove(kind);
    else
        m_hiddenKinds.insert(kind);
    updateEmphasis();
}

// A repo stands for itself and the services in its frame.
QSet<QString> MapScene::familyOf(const QString &id) const
{
    QSet<QString> family{id};
    if (m_frames.contains(id))
        for (auto it = m_frameOf.cbegin(); it != m_frameOf.cend(); ++it)
            if (it.value() == id)
                family.insert(it.key());
    return family;
}

void MapScene::updateEmphasis()
{
    const QSet<QString> selectedFamily = m_selected.isEmpty() ? QSet<QString>() : familyOf(m_selected);
    QSet<QString> neighbours = selectedFamily;

    for (EdgeItem *edge : std::as_const(m_edges)) {
        const MapEdge &e = edge->edge();
        const bool visible = !m_hiddenKinds.contains(e.kind);
        Emphasis emphasis = Emphasis::Normal;
        if (!m_selected.isEmpty()) {
            const bool touches = selectedFamily.contains(e.from) || selectedFamily.contains(e.to);
            emphasis = touches ? Emphasis::Highlighted : Emphasis::Dimmed;
            if (touches && visible) {
                neighbours.insert(e.from);
                neighbours.insert(e.to);
            }
        } else if (m_searching) {
            const bool touches = m_matches.contains(e.from) || m_matches.contains(e.to);
            emphasis = touches ? Emphasis::Normal : Emphasis::Dimmed;
        }
        edge->setEmphasis(emphasis);
        edge->setVisible(visible);
        edge->setZValue(emphasis == Emphasis::Highlighted ? 5 : 0);
        if (EdgeLabelItem *label = edge->labelItem()) {
            const bool show = visible && (emphasis == Emphasis::Highlighted
                                          || (MapStyle::edgeLabelAlwaysVisible(e.kind) && emphasis == Emphasis::Normal));
            label->setVisible(show);
        }
    }

    placeVisibleLabels();

    auto opacityOf = [&](const QString &id) {
        qreal opacity = 1.0;
        if (m_searching && !m_matches.contains(id))
            opacity = NodeOpacityDimmed;
        if (!m_selected.isEmpty() && !neighbours.contains(id))
            opacity = std::min(opacity, NodeOpacityAside);
        return opacity;
    };
    for (auto it = m_nodes.cbegin(); it != m_nodes.cend(); ++it) {
        NodeItem *item = it.value();
        item->setOpacity(opacityOf(it.key()));
        item->setMatched(m_searching && m_matches.contains(it.key()));
        item->setSelectedNode(it.key() == m_selected);
    }
    for (auto it = m_frames.cbegin(); it != m_frames.cend(); ++it) {
        FrameItem *item = it.value();
        qreal opacity = opacityOf(it.key());
        // A frame whose service matches stays visible enough to read the repo's name.
        if (m_searching && !m_matches.contains(it.key()))
            for (auto c = m_frameOf.cbegin(); c != m_frameOf.cend(); ++c)
                if (c.value() == it.key() && m_matches.contains(c.key()))
                    opacity = std::max(opacity, 0.7);
        item->setOpacity(opacity);
        item->setMatched(m_searching && m_matches.contains(it.key()));
        item->setSelectedNode(it.key() == m_selected);
    }
}

} // namespace enclii::ui
