#include "PlaceholderView.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace enclii::ui {

PlaceholderView::PlaceholderView(const QString &title, const QString &summary, const QStringList &plannedItems,
                                 QWidget *parent)
    : QWidget(parent)
    , m_actions(new QHBoxLayout)
{
    auto *card = new QLabel(this);
    card->setTextFormat(Qt::RichText);
    card->setWordWrap(true);
    card->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    // Expanding both ways: a word-wrapped label gets the height its text needs from the layout.
    card->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);

    QString items;
    for (const QString &item : plannedItems)
        items += QStringLiteral("<li style='margin-bottom:4px;'>%1</li>").arg(item.toHtmlEscaped());
    card->setText(QStringLiteral("<h1>%1</h1><p style='font-size:large;'>%2</p><p><b>%3</b></p><ul>%4</ul>"
                                 "<p style='color:#56657a;'>%5</p>")
                      .arg(title.toHtmlEscaped(), summary.toHtmlEscaped(), tr("This screen will show:").toHtmlEscaped(),
                           items, tr("Not available yet: encliid does not serve this data to the console so far.")
                                      .toHtmlEscaped()));

    m_actions->setContentsMargins(0, 0, 0, 0);
    m_actions->addStretch(1);

    auto *column = new QVBoxLayout;
    column->setContentsMargins(0, 0, 0, 0);
    column->addLayout(m_actions);
    column->addWidget(card, 1);

    auto *content = new QWidget(this);
    content->setLayout(column);
    content->setMaximumWidth(760);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(40, 40, 40, 40);
    layout->addStretch(1);
    layout->addWidget(content, 3);
    layout->addStretch(1);
}

QPushButton *PlaceholderView::addActionButton(const QString &text)
{
    auto *button = new QPushButton(text, this);
    m_actions->insertWidget(m_actions->count() - 1, button);
    return button;
}

} // namespace enclii::ui
