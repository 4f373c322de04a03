#pragma once

#include <QtGlobal>

namespace enclii::kube {

// Client-side rate limiting as client-go does it: a token bucket that refills at `qps` tokens
// a second up to `burst`; a request takes one token, waiting for it when the bucket is empty.
// Requests are served in the order they reserve, so waits add up instead of racing.
// qps <= 0 turns limiting off. Time is passed in (milliseconds of any monotonic clock), which
// keeps the arithmetic testable; one limiter per client, used from the client's thread.
class TokenBucket
{
public:
    TokenBucket(double qps, int burst);

    bool enabled() const { return m_qps > 0; }
    double qps() const { return m_qps; }
    int burst() const { return m_burst; }

    // Takes a token at time nowMs; returns how many milliseconds the caller must wait
    // before sending (0: send now).
    qint64 reserve(qint64 nowMs);

private:
    double m_qps;
    int m_burst;
    double m_tokens;     // may go negative: tokens promised to callers still waiting
    qint64 m_lastMs = -1;
};

} // namespace enclii::kube
