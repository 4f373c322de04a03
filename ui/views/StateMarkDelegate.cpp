#include "StateMarkDelegate.h"

#include <QPainter>
#include <QPixmap>

namespace enclii::ui {

void StateMarkDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    const QVariant color = index.data(Qt::DecorationRole);
    if (!color.canConvert<QColor>())
        return;
    option->icon = mark(color.value<QColor>());
    option->decorationSize = QSize(10, 10);
}

QIcon StateMarkDelegate::mark(const QColor &color)
{
    QPixmap pixmap(20, 20);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(color);
    p.drawEllipse(QRectF(3, 3, 14, 14));
    return QIcon(pixmap);
}

} // namespace enclii::ui
