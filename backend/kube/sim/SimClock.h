#pragma once

#include <QDateTime>
#include <QElapsedTimer>
#include <QObject>

#include <chrono>

namespace enclii::kube::sim {

// The simulation's time. It runs at `factor` times real time (10 makes a 30 s readiness
// delay take 3 s), and can be pushed forward by hand; a factor of 0 stops it, so tests
// move it only with advance() and every outcome is reproducible.
class SimClock : public QObject
{
    Q_OBJECT
public:
    explicit SimClock(double factor = 1.0, QObject *parent = nullptr);

    QDateTime now() const;
    qint64 nowMs() const; // milliseconds since the epoch, simulated
    double factor() const { return m_factor; }
    void setFactor(double factor);
    // Moves simulated time forward; listeners catch up with the new time in steps.
    void advance(std::chrono::milliseconds by);

    // While the cluster catches up in steps, now() reports the step's time, not the target's.
    void pin(qint64 ms) { m_pinnedMs = ms; }
    void unpin() { m_pinnedMs = -1; }

signals:
    void advanced();

private:
    qint64 m_baseMs;   // simulated time when the real timer was last restarted
    QElapsedTimer m_real;
    double m_factor;
    qint64 m_pinnedMs = -1;
};

} // namespace enclii::kube::sim
