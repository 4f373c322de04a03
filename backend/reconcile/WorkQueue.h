#pragma once

#include <QHash>
#include <QSet>
#include <QString>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>

namespace enclii::reconcile {

// The reconciler's work queue, as client-go's rate-limited workqueue: keys, not events
// (level-triggered: a key says "look at this object again"). A key queued twice is queued
// once; a key being processed is never handed to a second worker, and when it is added
// meanwhile it is queued again once done() is called. Failures back off per key
// (exponentially, from baseDelayMs to maxDelayMs) under an overall token bucket, so a storm
// of failures cannot hammer the API server. Thread-safe.
class WorkQueue
{
public:
    using Clock = std::chrono::steady_clock;

    struct Options
    {
        int baseDelayMs = 50;
        int maxDelayMs = 5 * 60 * 1000;
        double qps = 20;   // retries per second over all keys (the bucket); <= 0: no overall limit
        int burst = 200;
    };

    WorkQueue();
    explicit WorkQueue(Options options);

    void add(const QString &key);
    void addAfter(const QString &key, std::chrono::milliseconds delay);
    // Queued again after its own backoff (which grows with each call) or the bucket's wait,
    // whichever is longer.
    void addRateLimited(const QString &key);
    // The key succeeded: its backoff starts over.
    void forget(const QString &key);
    int failures(const QString &key) const;
    // The delay addRateLimited would use next, without counting a failure.
    std::chrono::milliseconds nextBackoff(const QString &key) const;

    // Blocks until a key is ready (true) or the queue shuts down (false). The key stays
    // "processing" until done().
    bool get(QString *key);
    // Like get, but waits at most `timeout`; false also when nothing came.
    bool tryGet(QString *key, std::chrono::milliseconds timeout);
    void done(const QString &key);
    // Wakes every get() with false; keys added afterwards are dropped.
    void shutDown();
    // Undoes shutDown and forgets everything: for a reconciler that leads again.
    void reset();

    int queued() const;
    int delayed() const;
    int processing() const;
    // Nothing queued, waiting on a delay, or being processed.
    bool isIdle() const;

private:
    void addLocked(const QString &key);
    void promoteDueLocked(Clock::time_point now);
    bool takeLocked(QString *key);

    Options m_options;
    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    std::deque<QString> m_queue;
    QSet<QString> m_dirty;
    QSet<QString> m_processing;
    std::multimap<Clock::time_point, QString> m_delayed;
    QHash<QString, Clock::time_point> m_delayedAt;
    QHash<QString, int> m_failures;
    double m_tokens = 0;
    Clock::time_point m_tokensAt;
    bool m_shutDown = false;
};

} // namespace enclii::reconcile
