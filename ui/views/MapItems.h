#pragma once

#include "MapLayout.h"
#include "MapStyle.h"

#include <QGraphicsItem>
#include <QPainterPath>

namespace enclii::ui {

// The map's drawables. Each knows how to paint itself in its current emphasis; MapScene
// decides the emphasis (selection, search) and keeps the item lookups.

enum class Emphasis { Normal, Highlighted, Dimmed };

// A service, infrastructure or library box; also used for stray nodes.
class NodeItem : public QGraphicsItem
{
public:
    NodeItem(const MapLayout::Box &box, MapStyle::NodeStyle style, QGraphicsItem *parent = nullptr);

    QString nodeId() const { return m_box.id; }
    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    void setSelectedNode(bool selected);
    void setMatched(bool matched);

private:
    MapLayout::Box m_box;
    MapStyle::Palette m_palette;
    bool m_selected = false;
    bool m_matched = false;
};

// A repository: a titled frame its services sit in.
class FrameItem : public QGraphicsItem
{
public:
    FrameItem(const MapLayout::Box &box, bool deployed, QGraphicsItem *parent = nullptr);

    QString nodeId() const { return m_box.id; }
    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    void setSelectedNode(bool selected);
    void setMatched(bool matched);

private:
    MapLayout::Box m_box;
    bool m_deployed = true;
    bool m_selected = false;
    bool m_matched = false;
};

// A tier (or the infrastructure) band with its label column.
class BandItem : public QGraphicsItem
{
public:
    BandItem(const MapLayout::Band &band, int index, QGraphicsItem *parent = nullptr);

    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    MapLayout::Band m_band;
    QColor m_color;
};

// The little tag on an edge ("enqueue", "push", "forgesight_prod").
class EdgeLabelItem : public QGraphicsItem
{
public:
    EdgeLabelItem(const QString &text, const QColor &color, QGraphicsItem *parent = nullptr);

    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    QString m_text;
    QColor m_color;
    QRectF m_rect;
};

// A curved, arrow-headed connection between two boxes.
class EdgeItem : public QGraphicsItem
{
public:
    EdgeItem(const MapEdge &edge, const QPainterPath &path, QGraphicsItem *parent = nullptr);

    const MapEdge &edge() const { return m_edge; }
    const QPainterPath &path() const { return m_path; }
    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    void setEmphasis(Emphasis emphasis);
    Emphasis emphasis() const { return m_emphasis; }
    void setLabelItem(EdgeLabelItem *label) { m_label = label; }
    EdgeLabelItem *labelItem() const { return m_label; }

private:
    MapEdge m_edge;
    QPainterPath m_path;
    QPolygonF m_arrow;
    QRectF m_bounds;
    Emphasis m_emphasis = Emphasis::Normal;
    EdgeLabelItem *m_label = nullptr; // owned by the scene
};

} // namespace enclii::ui
