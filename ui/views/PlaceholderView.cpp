#include "PlaceholderView.h"

#include <QLabel>
#include <QHBoxLayout>

namespace enclii::ui {

PlaceholderView::PlaceholderView(const QString &title, const QString &summary, const QStringList &plannedItems,
                                 QWidget *parent)
    : QWidget(parent)
{
    auto *card = new QLabel(this);
    card->setTextFormat(Qt::RichText);
    card->setWordWrap(true);
    card->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    card->setMaximumWidth(760);
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

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(40, 40, 40, 40);
    layout->addStretch(1);
    layout->addWidget(card, 3);
    layout->addStretch(1);
}

} // namespace enclii::ui
