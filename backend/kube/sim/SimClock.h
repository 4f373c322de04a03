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

signals:
    void advanced();

private:
    qint64 m_baseMs;   // simulated time when the real timer was last restarted
    QElapsedTimer m_real;
    double m_factor;
};

} // namespace enclii::kube::sim
