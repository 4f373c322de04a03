#pragma once

#include <QColor>
#include <QString>

class QHBoxLayout;
class QLabel;
class QSplitter;
class QStackedWidget;
class QTableView;
class QWidget;

// Small pieces the live screens (Pipeline, Dashboards, Canary, Waybill) dress their widgets
// with, so their tables and coloured words look the same everywhere.
namespace enclii::ui {
class ScreenStack;
}

namespace enclii::ui::parts {

// Secondary text: counts beside a headline, hints.
inline constexpr char Muted[] = "#56657a";

// A read-only table of rows: alternating colours, one row selected at a time, no grid, the
// columns as wide as their contents and the last one taking the rest.
void setUpTable(QTableView *table);
// `text`, HTML-escaped, in `color`.
QString colored(const QColor &color, const QString &text);
// A bold label over a section of a screen.
QLabel *sectionTitle(const QString &text, QWidget *parent);
// A screen's or a selection's title: larger and bold.
void setUpTitle(QLabel *title);
// The details' title (as setUpTitle) and its subtitle (rich text, wrapped), both selectable.
void setUpDetailTitles(QLabel *title, QLabel *subtitle);
// `stack` shows `hint` (page 0, centred and muted) until a selection shows `details` (page 1).
void addDetailPages(QStackedWidget *stack, QWidget *details, const QString &hint);
// The header: the headline, larger and in rich text, beside the live indicator.
QHBoxLayout *headerRow(QLabel *headline, QLabel *live);
// A list on the left and its selection's details on the right, sharing the width as told.
QSplitter *listAndDetails(QWidget *list, QWidget *details, int listShare, int detailsShare, int listWidth,
                          int detailsWidth, QWidget *parent);
// The screen's body: the header and then `rows`, the last taking the height left, inside a
// ScreenStack that fills `screen`.
ScreenStack *installContent(QWidget *screen, QHBoxLayout *header, const QList<QWidget *> &rows);

} // namespace enclii::ui::parts
