#include "ScreenParts.h"

#include <QHeaderView>
#include <QTableView>

namespace enclii::ui::parts {

using namespace Qt::StringLiterals;

void setUpTable(QTableView *table)
{
    table->setAlternatingRowColors(true);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->verticalHeader()->hide();
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 8);
    table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->horizontalHeader()->setStretchLastSection(true);
    table->setShowGrid(false);
    table->setWordWrap(false);
    table->setTextElideMode(Qt::ElideRight);
}

QString colored(const QColor &color, const QString &text)
{
    return u"<span style='color:%1;'>%2</span>"_s.arg(color.name(), text.toHtmlEscaped());
}

} // namespace enclii::ui::parts
