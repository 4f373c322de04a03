#pragma once

#include "MapLayout.h"

#include <QGraphicsScene>
#include <QHash>
#include <QSet>

namespace enclii::ui {

class EcosystemModel;
class EdgeItem;
class FrameItem;
class NodeItem;

// The dogfooding map as a scene: bands, repo frames, nodes and edges laid out by MapLayout.
// It draws and emphasises; it does not own data (EcosystemModel does) nor handle input
// (MapGraphicsView does).
class MapScene : public QGraphicsScene
{
    Q_OBJECT

public:
    explicit MapScene(QObject *parent = nullptr);

    void rebuild(const EcosystemModel &model);
    const MapLayout &layout() const { return m_layout; }

    // The topmost node (service, infrastructure, library) or repo header at a scene point.
    QString nodeAt(const QPointF &scenePos) const;
    QRectF nodeRect(const QString &id) const;
    bool hasNode(const QString &id) const;

    QString selectedNode() const { return m_selected; }
    void setSelectedNode(const QString &id);
    // While searching, matches get a halo and everything else fades.
    void setMatches(const QStringList &ids, bool searching);
    void setEdgeKindVisible(const QString &kind, bool visible);
    bool isEdgeKindVisible(const QString &kind) const { return !m_hiddenKinds.contains(kind); }
    qsizetype edgeCount() const { return m_edges.size(); }

private:
    void addEdges(const EcosystemModel &model);
    void createLabels();
    void placeVisibleLabels();
    void updateEmphasis();
    QSet<QString> familyOf(const QString &id) const;

    MapLayout m_layout;
    QHash<QString, NodeItem *> m_nodes;   // items are owned by the scene
    QHash<QString, FrameItem *> m_frames;
    QList<EdgeItem *> m_edges;
    QHash<QString, QString> m_frameOf;    // service id -> repo id of the frame it sits in
    QList<QRectF> m_labelObstacles;       // node boxes and frame titles
    QString m_selected;
    QSet<QString> m_matches;
    bool m_searching = false;
    QSet<QString> m_hiddenKinds;
};

} // namespace enclii::ui
