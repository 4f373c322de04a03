#pragma once

#include <QStyledItemDelegate>

namespace enclii::ui {

// Draws a cell's DecorationRole colour as a small round mark in that colour instead of the
// default filled square: the state columns of the pipeline, dashboards and pods tables.
class StateMarkDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    static QIcon mark(const QColor &color);

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};

} // namespace enclii::ui
