#pragma once

#include <QColor>
#include <QString>

class QTableView;

// Small pieces the live screens (Dashboards, Canary) dress their widgets with, so their
// tables and coloured words look the same everywhere.
namespace enclii::ui::parts {

// A read-only table of rows: alternating colours, one row selected at a time, no grid, the
// columns as wide as their contents and the last one taking the rest.
void setUpTable(QTableView *table);
// `text`, HTML-escaped, in `color`.
QString colored(const QColor &color, const QString &text);

} // namespace enclii::ui::parts
