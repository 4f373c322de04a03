#include "MapGraphicsView.h"

#include "MapScene.h"

#include <QApplication>
#include <QMouseEvent>
#include <QScrollBar>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace enclii::ui {

namespace {
constexpr qreal MinZoom = 0.08;
constexpr qreal MaxZoom = 4.0;
constexpr qreal ButtonStep = 1.25;
} // namespace

MapGraphicsView::MapGraphicsView(MapScene *scene, QWidget *parent)
    : QGraphicsView(scene, parent)
    , m_scene(scene)
{
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing | QPainter::SmoothPixmapTransform);
    setDragMode(QGraphicsView::NoDrag);
    setViewportUpdateMode(QGraphicsView::SmartViewportUpdate);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setResizeAnchor(QGraphicsView::AnchorViewCenter);
    setBackgroundBrush(Qt::white);
    setFrameShape(QFrame::NoFrame);
    // A map pans by dragging; scrollbars over a canvas with margins would only mislead.
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    viewport()->setCursor(Qt::OpenHandCursor);
}

qreal MapGraphicsView::zoom() const
{
    return transform().m11();
}

void MapGraphicsView::zoomIn()
{
    zoomBy(ButtonStep, AnchorViewCenter);
}

void MapGraphicsView::zoomOut()
{
    zoomBy(1.0 / ButtonStep, AnchorViewCenter);
}

void MapGraphicsView::fitAll()
{
    m_fitting = true;
    const QRectF map = m_scene->layout().bounds();
    if (map.isEmpty())
        return;
    fitInView(map.adjusted(-8, -8, 8, 8), Qt::KeepAspectRatio);
    emit zoomChanged(zoom());
}

void MapGraphicsView::focusOn(const QRectF &sceneRect, qreal minZoom)
{
    if (sceneRect.isNull())
        return;
    if (zoom() < minZoom)
        zoomBy(minZoom / zoom(), AnchorViewCenter);
    m_fitting = false;
    centerOn(sceneRect.center());
}

void MapGraphicsView::zoomBy(qreal factor, ViewportAnchor anchor)
{
    const qreal target = std::clamp(zoom() * factor, MinZoom, MaxZoom);
    if (qFuzzyCompare(target, zoom()))
        return;
    const ViewportAnchor previous = transformationAnchor();
    setTransformationAnchor(anchor);
    scale(target / zoom(), target / zoom());
    setTransformationAnchor(previous);
    m_fitting = false;
    emit zoomChanged(zoom());
}

void MapGraphicsView::wheelEvent(QWheelEvent *event)
{
    const int delta = event->angleDelta().y();
    if (delta == 0) {
        QGraphicsView::wheelEvent(event); // horizontal wheels scroll
        return;
    }
    zoomBy(std::pow(1.0015, delta), AnchorUnderMouse);
    event->accept();
}

void MapGraphicsView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton) {
        QGraphicsView::mousePressEvent(event);
        return;
    }
    m_pressed = true;
    m_panning = false;
    m_pressPos = m_lastPos = event->position().toPoint();
    event->accept();
}

void MapGraphicsView::mouseMoveEvent(QMouseEvent *event)
{
    if (!m_pressed) {
        QGraphicsView::mouseMoveEvent(event);
        return;
    }
    const QPoint pos = event->position().toPoint();
    if (!m_panning && (pos - m_pressPos).manhattanLength() >= QApplication::startDragDistance()) {
        m_panning = true;
        viewport()->setCursor(Qt::ClosedHandCursor);
    }
    if (m_panning) {
        const QPoint delta = pos - m_lastPos;
        horizontalScrollBar()->setValue(horizontalScrollBar()->value() - delta.x());
        verticalScrollBar()->setValue(verticalScrollBar()->value() - delta.y());
        m_fitting = false;
    }
    m_lastPos = pos;
    event->accept();
}

void MapGraphicsView::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || !m_pressed) {
        QGraphicsView::mouseReleaseEvent(event);
        return;
    }
    m_pressed = false;
    if (m_panning) {
        m_panning = false;
        viewport()->setCursor(Qt::OpenHandCursor);
    } else {
        const QString id = m_scene->nodeAt(mapToScene(event->position().toPoint()));
        if (id.isEmpty())
            emit backgroundClicked();
        else
            emit nodeClicked(id);
    }
    event->accept();
}

void MapGraphicsView::resizeEvent(QResizeEvent *event)
{
    QGraphicsView::resizeEvent(event);
    if (m_fitting)
        fitAll();
}

} // namespace enclii::ui
