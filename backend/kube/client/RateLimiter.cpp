#include "kube/client/RateLimiter.h"

#include <cmath>

namespace enclii::kube {

TokenBucket::TokenBucket(double qps, int burst)
    : m_qps(qps > 0 ? qps : 0), m_burst(qMax(1, burst)), m_tokens(m_burst)
{
}

qint64 TokenBucket::reserve(qint64 nowMs)
{
    if (!enabled())
        return 0;
    if (m_lastMs >= 0 && nowMs > m_lastMs)
        m_tokens = qMin<double>(m_burst, m_tokens + (nowMs - m_lastMs) * m_qps / 1000.0);
    if (m_lastMs < 0 || nowMs > m_lastMs)
        m_lastMs = nowMs;
    m_tokens -= 1;
    if (m_tokens >= 0)
        return 0;
    // The deficit is paid back at qps tokens a second.
    return qint64(std::ceil(-m_tokens * 1000.0 / m_qps));
}

} // namespace enclii::kube
