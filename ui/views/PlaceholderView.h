#pragma once

#include <QWidget>

class QHBoxLayout;
class QPushButton;

namespace enclii::ui {

// A screen that later work fills. It says plainly what it will hold, and shows no
// made-up data in the meantime.
class PlaceholderView : public QWidget
{
    Q_OBJECT

public:
    PlaceholderView(const QString &title, const QString &summary, const QStringList &plannedItems,
                    QWidget *parent = nullptr);

    // A control the finished screen will have, shown now so who may use it is visible.
    QPushButton *addActionButton(const QString &text);

private:
    QHBoxLayout *m_actions;
};

} // namespace enclii::ui
