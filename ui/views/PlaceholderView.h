#pragma once

#include <QWidget>

namespace enclii::ui {

// A screen that later work fills. It says plainly what it will hold, and shows no
// made-up data in the meantime.
class PlaceholderView : public QWidget
{
    Q_OBJECT

public:
    PlaceholderView(const QString &title, const QString &summary, const QStringList &plannedItems,
                    QWidget *parent = nullptr);
};

} // namespace enclii::ui
