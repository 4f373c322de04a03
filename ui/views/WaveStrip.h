#pragma once

#include "models/Deployment.h"

#include <QWidget>

namespace enclii::ui {

// One deploy wave as the strip shows it: its state from GET /v1/cluster and how many of its
// services are ready (from the deployments).
struct WaveProgress
{
    QString name;
    WaveState state = WaveState::Unknown;
    int ready = 0;
    int total = 0;
    QDateTime deadline;
};

// The reconciler's deploy waves in order, as one horizontal bar: a box per wave in its
// state's colour with its ready services and a progress track, and the deadline of the wave
// being deployed. Hover a wave for its services.
class WaveStrip : public QWidget
{
    Q_OBJECT

public:
    explicit WaveStrip(QWidget *parent = nullptr);

    void setWaves(const QList<WaveProgress> &waves, const QList<QStringList> &services = {});
    const QList<WaveProgress> &waves() const { return m_waves; }
    QRect waveRect(int index) const;
    // "platform-core: Done, 8 of 8 ready" per wave, for tests and accessibility.
    QStringList describe() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    bool event(QEvent *event) override;

private:
    QString subtitle(const WaveProgress &wave) const;

    QList<WaveProgress> m_waves;
    QList<QStringList> m_services;
};

} // namespace enclii::ui
