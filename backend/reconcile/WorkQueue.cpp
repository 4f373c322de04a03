#include "WorkQueue.h"

#include <algorithm>
#include <cmath>

namespace enclii::reconcile {

using std::chrono::milliseconds;

WorkQueue::WorkQueue() : WorkQueue(Options()) {}

WorkQueue::WorkQueue(Options options) : m_options(options), m_tokens(options.burst), m_tokensAt(Clock::now()) {}

void WorkQueue::add(const QString &key)
{
    {
        std::lock_guard lock(m_mutex);
        addLocked(key);
    }
    m_cv.notify_one();
}

void WorkQueue::addLocked(const QString &key)
{
    if (m_shutDown || m_dirty.contains(key))
        return;
    m_dirty.insert(key);
    if (!m_processing.contains(key))
        m_queue.push_back(key);
}

void WorkQueue::addAfter(const QString &key, milliseconds delay)
{
    if (delay <= milliseconds(0)) {
        add(key);
        return;
    }
    {
        std::lock_guard lock(m_mutex);
        if (m_shutDown)
            return;
        const Clock::time_point at = Clock::now() + delay;
        const auto existing = m_delayedAt.constFind(key);
        if (existing != m_delayedAt.constEnd() && *existing <= at)
            return; // already due sooner
        if (existing != m_delayedAt.constEnd()) {
            for (auto it = m_delayed.lower_bound(*existing); it != m_delayed.end() && it->first == *existing; ++it)
                if (it->second == key) {
                    m_delayed.erase(it);
                    break;
                }
        }
        m_delayed.emplace(at, key);
        m_delayedAt.insert(key, at);
    }
    m_cv.notify_one();
}

milliseconds WorkQueue::nextBackoff(const QString &key) const
{
    std::lock_guard lock(m_mutex);
    const int n = std::min(m_failures.value(key), 30);
    const double ms = std::min(double(m_options.maxDelayMs), m_options.baseDelayMs * std::pow(2.0, n));
    return milliseconds(qint64(ms));
}

void WorkQueue::addRateLimited(const QString &key)
{
    milliseconds delay = nextBackoff(key);
    {
        std::lock_guard lock(m_mutex);
        m_failures[key] += 1;
        if (m_options.qps > 0) {
            // Reserve a token; a negative balance is the wait of those before us.
            const Clock::time_point now = Clock::now();
            const double elapsed = std::chrono::duration<double>(now - m_tokensAt).count();
            m_tokens = std::min(double(m_options.burst), m_tokens + elapsed * m_options.qps);
            m_tokensAt = now;
            m_tokens -= 1;
            if (m_tokens < 0)
                delay = std::max(delay, milliseconds(qint64(std::ceil(-m_tokens / m_options.qps * 1000))));
        }
    }
    addAfter(key, delay);
}

void WorkQueue::forget(const QString &key)
{
    std::lock_guard lock(m_mutex);
    m_failures.remove(key);
}

int WorkQueue::failures(const QString &key) const
{
    std::lock_guard lock(m_mutex);
    return m_failures.value(key);
}

void WorkQueue::promoteDueLocked(Clock::time_point now)
{
    while (!m_delayed.empty() && m_delayed.begin()->first <= now) {
        const QString key = m_delayed.begin()->second;
        m_delayed.erase(m_delayed.begin());
        m_delayedAt.remove(key);
        addLocked(key);
    }
}

bool WorkQueue::takeLocked(QString *key)
{
    if (m_queue.empty())
        return false;
    *key = m_queue.front();
    m_queue.pop_front();
    m_dirty.remove(*key);
    m_processing.insert(*key);
    return true;
}

bool WorkQueue::get(QString *key)
{
    std::unique_lock lock(m_mutex);
    for (;;) {
        if (m_shutDown)
            return false;
        promoteDueLocked(Clock::now());
        if (takeLocked(key))
            return true;
        if (m_delayed.empty())
            m_cv.wait(lock);
        else
            m_cv.wait_until(lock, m_delayed.begin()->first);
    }
}

bool WorkQueue::tryGet(QString *key, milliseconds timeout)
{
    const Clock::time_point until = Clock::now() + timeout;
    std::unique_lock lock(m_mutex);
    for (;;) {
        if (m_shutDown)
            return false;
        const Clock::time_point now = Clock::now();
        promoteDueLocked(now);
        if (takeLocked(key))
            return true;
        if (now >= until)
            return false;
        Clock::time_point wake = until;
        if (!m_delayed.empty())
            wake = std::min(wake, m_delayed.begin()->first);
        m_cv.wait_until(lock, wake);
    }
}

void WorkQueue::done(const QString &key)
{
    {
        std::lock_guard lock(m_mutex);
        m_processing.remove(key);
        if (m_dirty.contains(key) && !m_shutDown)
            m_queue.push_back(key);
    }
    m_cv.notify_all();
}

void WorkQueue::shutDown()
{
    {
        std::lock_guard lock(m_mutex);
        m_shutDown = true;
    }
    m_cv.notify_all();
}

void WorkQueue::reset()
{
    std::lock_guard lock(m_mutex);
    m_shutDown = false;
    m_queue.clear();
    m_dirty.clear();
    m_processing.clear();
    m_delayed.clear();
    m_delayedAt.clear();
    m_failures.clear();
    m_tokens = m_options.burst;
    m_tokensAt = Clock::now();
}

int WorkQueue::queued() const
{
    std::lock_guard lock(m_mutex);
    return int(m_queue.size());
}

int WorkQueue::delayed() const
{
    std::lock_guard lock(m_mutex);
    return int(m_delayed.size());
}

int WorkQueue::processing() const
{
    std::lock_guard lock(m_mutex);
    return int(m_processing.size());
}

bool WorkQueue::isIdle() const
{
    std::lock_guard lock(m_mutex);
    return m_queue.empty() && m_delayed.empty() && m_processing.isEmpty();
}

} // namespace enclii::reconcile
