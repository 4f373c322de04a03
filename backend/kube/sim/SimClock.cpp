#include "SimClock.h"

#include <algorithm>

namespace enclii::kube::sim {

SimClock::SimClock(double factor, QObject *parent)
    : QObject(parent), m_baseMs(QDateTime::currentMSecsSinceEpoch() / 1000 * 1000), m_factor(std::clamp(factor, 0.0, 1000.0))
{
    m_real.start();
}

qint64 SimClock::nowMs() const
{
    if (m_pinnedMs >= 0)
        return m_pinnedMs;
    return m_baseMs + qint64(double(m_real.elapsed()) * m_factor);
}

QDateTime SimClock::now() const
{
    return QDateTime::fromMSecsSinceEpoch(nowMs(), Qt::UTC);
}

void SimClock::setFactor(double factor)
{
    m_baseMs = m_baseMs + qint64(double(m_real.elapsed()) * m_factor);
    m_real.restart();
    m_factor = std::clamp(factor, 0.0, 1000.0);
}

void SimClock::advance(std::chrono::milliseconds by)
{
    if (by.count() <= 0)
        return;
    m_baseMs += by.count();
    emit advanced();
}

} // namespace enclii::kube::sim
