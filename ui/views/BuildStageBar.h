#pragma once

#include <QWidget>

namespace enclii::ui {

class BuildStepsModel;

// A build's timeline as one horizontal bar: a box per stage (queued, clone, build, SBOM,
// sign, push, release) in its state's colour, with its duration, and a progress bar in the
// step that is running when it reports progress. Hover a stage for its detail.
class BuildStageBar : public QWidget
{
    Q_OBJECT

public:
    explicit BuildStageBar(BuildStepsModel *model, QWidget *parent = nullptr);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    // Where stage `row` is drawn; empty when there is no such stage.
    QRect stageRect(int row) const;
    // The stage under `pos`, or -1.
    int stageAt(const QPoint &pos) const;

protected:
    void paintEvent(QPaintEvent *event) override;
    bool event(QEvent *event) override;

private:
    void paintStage(QPainter &painter, int row, const QRect &box) const;

    BuildStepsModel *m_model; // not owned
};

} // namespace enclii::ui
