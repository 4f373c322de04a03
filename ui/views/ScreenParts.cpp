#include "ScreenParts.h"

#include "ScreenStack.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

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

QLabel *sectionTitle(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    QFont bold = label->font();
    bold.setBold(true);
    label->setFont(bold);
    return label;
}

void setUpTitle(QLabel *title)
{
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    titleFont.setBold(true);
    title->setFont(titleFont);
}

void setUpDetailTitles(QLabel *title, QLabel *subtitle)
{
    setUpTitle(title);
    title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    subtitle->setTextFormat(Qt::RichText);
    subtitle->setWordWrap(true);
    subtitle->setTextInteractionFlags(Qt::TextSelectableByMouse);
}

void addDetailPages(QStackedWidget *stack, QWidget *details, const QString &hint)
{
    auto *none = new QLabel(hint, stack);
    none->setAlignment(Qt::AlignCenter);
    none->setWordWrap(true);
    none->setStyleSheet(u"color:%1;"_s.arg(QLatin1String(Muted)));
    stack->addWidget(none);
    stack->addWidget(details);
}

QHBoxLayout *headerRow(QLabel *headline, QLabel *live)
{
    QFont headlineFont = headline->font();
    headlineFont.setPointSizeF(headlineFont.pointSizeF() * 1.2);
    headline->setFont(headlineFont);
    headline->setTextFormat(Qt::RichText);
    live->setTextFormat(Qt::RichText);
    auto *header = new QHBoxLayout;
    header->addWidget(headline, 1);
    header->addWidget(live);
    return header;
}

QSplitter *listAndDetails(QWidget *list, QWidget *details, int listShare, int detailsShare, int listWidth,
                          int detailsWidth, QWidget *parent)
{
    auto *splitter = new QSplitter(Qt::Horizontal, parent);
    splitter->addWidget(list);
    splitter->addWidget(details);
    splitter->setStretchFactor(0, listShare);
    splitter->setStretchFactor(1, detailsShare);
    splitter->setSizes({listWidth, detailsWidth});
    splitter->setChildrenCollapsible(false);
    return splitter;
}

ScreenStack *installContent(QWidget *screen, QHBoxLayout *header, const QList<QWidget *> &rows)
{
    auto *content = new QWidget(screen);
    auto *contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(12, 10, 12, 8);
    contentLayout->setSpacing(8);
    contentLayout->addLayout(header);
    for (int i = 0; i < rows.size(); ++i)
        contentLayout->addWidget(rows.at(i), i == rows.size() - 1 ? 1 : 0);

    auto *stack = new ScreenStack(content, screen);
    auto *layout = new QVBoxLayout(screen);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(stack);
    return stack;
}

} // namespace enclii::ui::parts
