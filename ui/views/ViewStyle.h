#pragma once

#include <QColor>
#include <QString>

class QLabel;
class QTableView;
class QWidget;

// The look the live screens share (Dashboards, Waybill): read-only tables of whole rows, bold
// section titles, coloured words in rich text.
namespace enclii::ui::viewStyle {

void setUpTable(QTableView *table);
QLabel *sectionTitle(const QString &text, QWidget *parent);
// `text` escaped, in `color`, for a rich-text label.
QString colored(const QColor &color, const QString &text);

} // namespace enclii::ui::viewStyle
