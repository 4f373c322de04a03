#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace enclii::store {
class Database;
}

namespace enclii::roundhouse {

// One row of build_jobs (migration 0005).
struct BuildJob
{
    qint64 id = 0;
    QString service;
    QString project;
    QString repo;
    QString commit;
    QString ref;
    QString reason; // push | manual | pull_request
    int priority = 0;
    QString state;  // queued | running | succeeded | failed | cancelled
    int attempts = 0;
    int maxAttempts = 3;
    QString leaseOwner;
    QString lastError;
    QDateTime runAfter;
    QDateTime leaseExpiresAt;
    QDateTime heartbeatAt;
    QDateTime createdAt;
    QDateTime updatedAt;
    QDateTime startedAt;
    QDateTime finishedAt;
    QJsonObject artifacts; // what the build produced: image, sbom, signature, release
};

struct NewBuildJob
{
    QString service;
    QString project;
    QString repo;
    QString commit;
    QString ref;
    QString reason;
    int priority = 0;
    int maxAttempts = 3;
};

// The durable build queue in PostgreSQL; no other broker. Any number of encliid processes
// may claim from it at once: a claim locks one row with FOR UPDATE SKIP LOCKED, so claimers
// never wait for each other and never get the same job. A claim is a lease: the worker
// renews it with heartbeat(); when it runs out the worker is taken for dead and the job is
// claimable again (attempts counted). Thread-safe (each call takes a pooled connection).
class BuildQueue
{
public:
    static constexpr const char *kChannel = "enclii_build_jobs";
    static constexpr int kMaxBackoffSeconds = 600;

    explicit BuildQueue(store::Database &db);

    struct Enqueued
    {
        qint64 id = 0;
        bool created = false; // false: the same (service, commit, reason) was queued before
    };
    // Inserts the job unless its (service, commit, reason) exists, and in the same
    // transaction NOTIFYs kChannel with the id, so listeners hear of it only once committed.
    Enqueued enqueue(const NewBuildJob &job);

    // The next claimable job, in priority (high first) then age order: a queued one whose
    // run_after has come, or a running one whose lease expired. It becomes running, owned by
    // workerId until now + leaseSeconds, attempts + 1. Expired jobs that used up their
    // attempts are failed on the way. nullopt: nothing to do.
    std::optional<BuildJob> claim(const QString &workerId, int leaseSeconds);

    enum class Lease { Extended, Cancelled, Lost };
    // Extends the lease when workerId still owns the running job; Cancelled when the job
    // was cancelled under it (stop working), Lost when another worker took it over or it
    // is otherwise no longer ours.
    Lease heartbeat(qint64 jobId, const QString &workerId, int leaseSeconds);

    // Only the owner of a running job completes it. Failure: back to queued after a backoff
    // while attempts < max_attempts, else failed. False when workerId no longer owns it.
    bool complete(qint64 jobId, const QString &workerId, bool success, const QString &error = {});
    // Retryable: as a failed complete(). Permanent: failed now, whatever attempts are left
    // (a commit that does not exist will not exist on the next try either).
    enum class Outcome { Succeeded, Retryable, Permanent };
    bool finish(qint64 jobId, const QString &workerId, Outcome outcome, const QString &error = {});

    // failed or cancelled -> queued with its attempts reset (and a NOTIFY); false otherwise.
    bool retry(qint64 jobId);

    // queued or running -> cancelled (a running job's worker learns it at its next heartbeat).
    bool cancel(qint64 jobId);
    // Cancels the queued and running jobs of one repository ref with this reason
    // (a closed pull request); returns how many.
    int cancelRef(const QString &repo, const QString &ref, const QString &reason);

    std::optional<BuildJob> job(qint64 jobId);
    // Newest first; empty filters match everything.
    QList<BuildJob> list(const QString &service, const QString &state, int limit = 100, const QString &project = {});

    // Seconds before retry after the attempts-th failed attempt: 2^attempts, at most 10 min.
    static int backoffSeconds(int attempts);

private:
    store::Database &m_db;
};

} // namespace enclii::roundhouse
