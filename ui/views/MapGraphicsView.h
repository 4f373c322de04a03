#pragma once

#include <QGraphicsView>

namespace enclii::ui {

class MapScene;

// Zoom with the wheel or the buttons, pan by dragging, click to select. Clicks and drags
// are told apart here so that the whole map (frames included) can be grabbed to pan.
class MapGraphicsView : public QGraphicsView
{
    Q_OBJECT

public:
    explicit MapGraphicsView(MapScene *scene, QWidget *parent = nullptr);

    qreal zoom() const;
    bool isFitting() const { return m_fitting; }

public slots:
    void zoomIn();
    void zoomOut();
    // Shows the whole map and keeps doing so on resize until the user zooms or pans.
    void fitAll();
    // Centres a rectangle, zooming in to at least `minZoom` if the map is shown smaller.
    void focusOn(const QRectF &sceneRect, qreal minZoom = 0.9);

signals:
    void nodeClicked(const QString &id);
    void backgroundClicked();
    void zoomChanged(qreal zoom);

protected:
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void zoomBy(qreal factor, ViewportAnchor anchor);

    MapScene *m_scene; // not owned
    bool m_fitting = true;
    bool m_pressed = false;
    bool m_panning = false;
    QPoint m_pressPos;
    QPoint m_lastPos;
};

} // namespace enclii::ui
