#pragma once

#include <QWidget>

namespace enclii::ui {

// What the map's colours mean. The edge entries double as switches to hide a kind of edge,
// which is how a crowded map is made readable.
class MapLegend : public QWidget
{
    Q_OBJECT

public:
    explicit MapLegend(QWidget *parent = nullptr);

signals:
    void edgeKindToggled(const QString &kind, bool visible);
};

} // namespace enclii::ui
