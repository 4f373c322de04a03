#include "MapLegend.h"

#include "MapStyle.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPixmap>
#include <QVBoxLayout>

namespace enclii::ui {

namespace {

QPixmap edgeSwatch(const QString &kind, qreal dpr)
{
    QPixmap pm(QSize(28, 12) * dpr);
    pm.setDevicePixelRatio(dpr);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    QPen pen(MapStyle::edgeColor(kind), MapStyle::edgeWidth(kind) + 0.6, MapStyle::edgePenStyle(kind), Qt::FlatCap);
    p.setPen(pen);
    p.drawLine(QPointF(1, 6), QPointF(21, 6));
    p.setPen(Qt::NoPen);
    p.setBrush(MapStyle::edgeColor(kind));
    p.drawPolygon(QPolygonF({QPointF(27, 6), QPointF(20, 2.5), QPointF(20, 9.5)}));
    return pm;
}

QPixmap nodeSwatch(MapStyle::NodeStyle style, qreal dpr)
{
    QPixmap pm(QSize(22, 14) * dpr);
    pm.setDevicePixelRatio(dpr);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    const MapStyle::Palette pal = MapStyle::palette(style);
    p.setPen(QPen(pal.border, 1.2));
    p.setBrush(pal.fill);
    p.drawRoundedRect(QRectF(1, 1, 20, 12), 3, 3);
    return pm;
}

QLabel *heading(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    QFont f = label->font();
    f.setBold(true);
    label->setFont(f);
    return label;
}

} // namespace

MapLegend::MapLegend(QWidget *parent)
    : QWidget(parent)
{
    const qreal dpr = devicePixelRatioF();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 4);
    layout->setSpacing(2);

    auto *edgeRow = new QHBoxLayout;
    edgeRow->setSpacing(12);
    edgeRow->addWidget(heading(tr("Edges:"), this));
    for (const QString &kind : MapStyle::edgeKinds()) {
        auto *box = new QCheckBox(MapStyle::edgeKindTitle(kind), this);
        box->setIcon(QIcon(edgeSwatch(kind, dpr)));
        box->setIconSize(QSize(28, 12));
        box->setChecked(true);
        box->setToolTip(tr("%1. Untick to hide these edges.").arg(MapStyle::edgeKindHint(kind)));
        connect(box, &QCheckBox::toggled, this, [this, kind](bool on) { emit edgeKindToggled(kind, on); });
        edgeRow->addWidget(box);
    }
    edgeRow->addStretch(1);
    layout->addLayout(edgeRow);

    auto *nodeRow = new QHBoxLayout;
    nodeRow->setSpacing(12);
    nodeRow->addWidget(heading(tr("Nodes:"), this));
    for (MapStyle::NodeStyle style : MapStyle::nodeStyles()) {
        auto *swatch = new QLabel(this);
        swatch->setPixmap(nodeSwatch(style, dpr));
        auto *text = new QLabel(MapStyle::nodeStyleTitle(style), this);
        auto *pair = new QHBoxLayout;
        pair->setSpacing(4);
        pair->addWidget(swatch);
        pair->addWidget(text);
        nodeRow->addLayout(pair);
    }
    auto *hint = new QLabel(tr("Wheel: zoom · drag: pan · click: details"), this);
    hint->setStyleSheet(QStringLiteral("color: palette(mid);"));
    nodeRow->addStretch(1);
    nodeRow->addWidget(hint);
    layout->addLayout(nodeRow);
}

} // namespace enclii::ui
