#pragma once

#include "models/MapNode.h"

#include <QCoreApplication>
#include <QHash>
#include <QRectF>

namespace enclii::ui {

// Where everything on the map goes. A pure function of the nodes and tiers (and the fonts
// that size the labels): the same ecosystem always gives the same picture.
//
// Bands run top to bottom in deploy order: shared infrastructure first, then Tier 1 .. Tier N.
// A repo is a frame holding its services; libraries, sites and stray services sit in their
// tier's band; a band wraps into balanced rows so the whole map keeps a screen-like shape.
class MapLayout
{
    Q_DECLARE_TR_FUNCTIONS(MapLayout)

public:
    struct Band
    {
        int tier = 0; // 0: infrastructure
        QString title;
        QString subtitle;
        QString note;
        bool deployed = true;
        QRectF rect;
    };

    struct Box
    {
        QString id;
        QString label;    // short: the service name without its repo prefix inside a frame
        QString subtitle; // domain, provider or purpose
        QRectF rect;
        bool isFrame = false;
        QString frameId;  // for a service drawn inside a repo frame
    };

    // Geometry in scene units (pixels at 100 % zoom).
    static constexpr qreal Margin = 24;
    static constexpr qreal LabelColumnWidth = 166;
    static constexpr qreal NodeHeight = 40;
    static constexpr qreal NodeMinWidth = 78;
    static constexpr qreal NodeMaxWidth = 168;
    static constexpr qreal NodeGap = 10;
    static constexpr qreal FramePadding = 9;
    static constexpr qreal FrameHeader = 24;
    static constexpr qreal ItemGap = 22;
    static constexpr qreal InfraItemGap = 54; // infrastructure talks sideways; leave room for labels
    static constexpr qreal RowGap = 18;
    static constexpr qreal BandPadding = 16;
    static constexpr qreal BandMinHeight = 84;

    // Edges only influence the order of neighbours inside a row (connected ones side by side).
    static MapLayout compute(const QList<MapNode> &nodes, const QList<TierInfo> &tiers,
                             const QList<MapEdge> &edges = {});

    const QList<Band> &bands() const { return m_bands; }
    const Box *box(const QString &id) const;
    const QHash<QString, Box> &boxes() const { return m_boxes; }
    QRectF bounds() const { return m_bounds; }

private:
    struct Item;
    struct Section;
    static QString subtitleOf(const MapNode &node);
    static QList<int> sectionRows(const Section &section, qreal maxWidth);
    static double fitScore(const QList<Section> &sections, qreal maxWidth, QRectF *bounds);
    void place(QList<Section> &sections, qreal maxWidth);

    QList<Band> m_bands;
    QHash<QString, Box> m_boxes;
    QRectF m_bounds;
};

} // namespace enclii::ui
