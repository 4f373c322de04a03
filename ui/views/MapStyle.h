#pragma once

#include <QColor>
#include <QCoreApplication>
#include <QFont>
#include <QStringList>

namespace enclii::ui {

struct MapNode;

// Colours, pens and names of the map's visual vocabulary, shared by the scene and its legend
// so the two cannot disagree.
class MapStyle
{
    Q_DECLARE_TR_FUNCTIONS(MapStyle)

public:
    enum class NodeStyle { Repo, Api, Web, Worker, Infrastructure, Library, Other };

    struct Palette
    {
        QColor fill;
        QColor border;
        QColor text;
        QColor subtext;
    };

    // Edge kinds in legend order; unknown kinds are drawn like "service".
    static QStringList edgeKinds();
    static QString edgeKindTitle(const QString &kind);
    static QString edgeKindHint(const QString &kind);
    static QColor edgeColor(const QString &kind);
    static Qt::PenStyle edgePenStyle(const QString &kind);
    static qreal edgeWidth(const QString &kind);
    // Platform edges carry the flow's verbs ("enqueue", "push"); the rest show labels on selection.
    static bool edgeLabelAlwaysVisible(const QString &kind);

    static QList<NodeStyle> nodeStyles();
    static NodeStyle nodeStyle(const MapNode &node);
    static QString nodeStyleTitle(NodeStyle style);
    static Palette palette(NodeStyle style);

    static QColor bandColor(int index);
    static QColor matchColor() { return QColor(0xf3, 0x9c, 0x12); }
    static QColor selectionColor() { return QColor(0x1b, 0x26, 0x31); }

    static QFont nodeFont();
    static QFont nodeSubFont();
    static QFont headerFont();
    static QFont edgeLabelFont();
};

} // namespace enclii::ui
