#pragma once

#include "models/Rollout.h"

#include <QWidget>

namespace enclii::ui {

// A rollout's canary steps in order, as one horizontal bar (10 % → 50 % → 100 %): a box per
// step in its status's colour with its weight, what it waits for (an analysis window, or a
// person) and, for the step being analysed, how much of its window has passed.
class RolloutStepStrip : public QWidget
{
    Q_OBJECT

public:
    explicit RolloutStepStrip(QWidget *parent = nullptr);

    // The steps and, for the current one's progress, when its analysis started.
    void setSteps(const QList<RolloutStep> &steps, const QDateTime &analysisStartedAt = {});
    const QList<RolloutStep> &steps() const { return m_steps; }
    QRect stepRect(int index) const;
    // "Step 1 · 10 %: done · 5 min analysis" per step, for tests and accessibility.
    QStringList describe() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QString title(const RolloutStep &step) const;
    QString subtitle(const RolloutStep &step) const;
    double progress(const RolloutStep &step) const;

    QList<RolloutStep> m_steps;
    QDateTime m_analysisStartedAt;
};

} // namespace enclii::ui
