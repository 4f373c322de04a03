#include "BuildQueue.h"

#include "store/Database.h"
#include "store/PqxxUtil_p.h"

namespace enclii::roundhouse {

using namespace store::detail;

namespace {

#define MS(col) "(extract(epoch FROM " col ") * 1000)::bigint"

const char *const kColumns =
    "id, service, project, repo, commit_sha, ref, reason, priority, state, attempts, max_attempts,"
    " coalesce(lease_owner, ''), last_error, " MS("run_after") ", " MS("lease_expires_at") ", " MS("heartbeat_at") ", "
    MS("created_at") ", " MS("updated_at") ", " MS("started_at") ", " MS("finished_at") ", artifacts";

BuildJob jobFrom(const pqxx::row &r)
{
    BuildJob j;
    j.id = r[0].as<long long>();
    j.service = qstr(r[1]);
    j.project = qstr(r[2]);
    j.repo = qstr(r[3]);
    j.commit = qstr(r[4]);
    j.ref = qstr(r[5]);
    j.reason = qstr(r[6]);
    j.priority = r[7].as<int>();
    j.state = qstr(r[8]);
    j.attempts = r[9].as<int>();
    j.maxAttempts = r[10].as<int>();
    j.leaseOwner = qstr(r[11]);
    j.lastError = qstr(r[12]);
    j.runAfter = timestamp(r[13]);
    j.leaseExpiresAt = timestamp(r[14]);
    j.heartbeatAt = timestamp(r[15]);
    j.createdAt = timestamp(r[16]);
    j.updatedAt = timestamp(r[17]);
    j.startedAt = timestamp(r[18]);
    j.finishedAt = timestamp(r[19]);
    j.artifacts = jsonObject(r[20]);
    return j;
}

std::string select(const char *tail)
{
    return std::string("SELECT ") + kColumns + " FROM build_jobs " + tail;
}

std::string returning(const std::string &statement)
{
    return statement + " RETURNING " + kColumns;
}

} // namespace

BuildQueue::BuildQueue(store::Database &db) : m_db(db) {}

int BuildQueue::backoffSeconds(int attempts)
{
    if (attempts <= 0)
        return 1;
    if (attempts >= 10) // 2^10 > 600
        return kMaxBackoffSeconds;
    return std::min(1 << attempts, kMaxBackoffSeconds);
}

BuildQueue::Enqueued BuildQueue::enqueue(const NewBuildJob &job)
{
    Enqueued out;
    m_db.withConnection([&](pqxx::connection_base &c) {
        out = {};
        pqxx::work tx(c);
        const auto inserted = tx.exec_params(
            "INSERT INTO build_jobs (service, project, repo, commit_sha, ref, reason, priority, max_attempts)"
            " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
            " ON CONFLICT ON CONSTRAINT build_jobs_idempotency DO NOTHING RETURNING id",
            str(job.service), str(job.project), str(job.repo), str(job.commit), str(job.ref), str(job.reason), job.priority,
            std::max(1, job.maxAttempts));
        if (!inserted.empty()) {
            out.id = inserted[0][0].as<long long>();
            out.created = true;
            // Delivered at commit, never for a rolled-back insert.
            tx.exec_params("SELECT pg_notify($1, $2)", kChannel, std::to_string(out.id));
        } else {
            const auto existing = tx.exec_params("SELECT id FROM build_jobs WHERE service = $1 AND commit_sha = $2 AND reason = $3",
                                                 str(job.service), str(job.commit), str(job.reason));
            if (!existing.empty())
                out.id = existing[0][0].as<long long>();
        }
        tx.commit();
    });
    return out;
}

std::optional<BuildJob> BuildQueue::claim(const QString &workerId, int leaseSeconds)
{
    std::optional<BuildJob> out;
    m_db.withConnection([&](pqxx::connection_base &c) {
        out.reset();
        pqxx::work tx(c);
        for (;;) {
            // SKIP LOCKED: rows another claimer holds are passed over, not waited for.
            const auto candidate = tx.exec(
                "SELECT id, state, attempts, max_attempts, coalesce(lease_owner, '') FROM build_jobs"
                " WHERE (state = 'queued' AND run_after <= now())"
                "    OR (state = 'running' AND lease_expires_at < now())"
                " ORDER BY priority DESC, created_at, id"
                " LIMIT 1 FOR UPDATE SKIP LOCKED");
            if (candidate.empty())
                break;
            const long long id = candidate[0][0].as<long long>();
            const bool expired = candidate[0][1].as<std::string>() == "running";
            const int attempts = candidate[0][2].as<int>();
            const int maxAttempts = candidate[0][3].as<int>();
            const std::string previousOwner = candidate[0][4].as<std::string>();
            if (expired && attempts >= maxAttempts) {
                // Its worker died on the last allowed attempt: give up on it and look further.
                tx.exec_params("UPDATE build_jobs SET state = 'failed', finished_at = now(), updated_at = now(),"
                               " lease_expires_at = NULL, last_error = $2 WHERE id = $1",
                               id, "the lease of " + previousOwner + " expired on attempt " + std::to_string(attempts) + " of "
                                       + std::to_string(maxAttempts) + "; no attempts left");
                continue;
            }
            const auto claimed = tx.exec_params(
                returning("UPDATE build_jobs SET state = 'running', attempts = attempts + 1, lease_owner = $2,"
                          " lease_expires_at = now() + $3::int * interval '1 second', heartbeat_at = now(),"
                          " started_at = coalesce(started_at, now()), updated_at = now(),"
                          " last_error = CASE WHEN $4::boolean THEN $5 ELSE last_error END"
                          " WHERE id = $1"),
                id, str(workerId), leaseSeconds, expired, expired ? "the lease of " + previousOwner + " expired" : std::string());
            out = jobFrom(claimed[0]);
            break;
        }
        tx.commit();
    });
    return out;
}

BuildQueue::Lease BuildQueue::heartbeat(qint64 jobId, const QString &workerId, int leaseSeconds)
{
    Lease out = Lease::Lost;
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::work tx(c);
        const auto extended = tx.exec_params(
            "UPDATE build_jobs SET lease_expires_at = now() + $3::int * interval '1 second', heartbeat_at = now(), updated_at = now()"
            " WHERE id = $1 AND lease_owner = $2 AND state = 'running' RETURNING id",
            static_cast<long long>(jobId), str(workerId), leaseSeconds);
        if (!extended.empty()) {
            out = Lease::Extended;
        } else {
            const auto r = tx.exec_params("SELECT state FROM build_jobs WHERE id = $1 AND lease_owner = $2",
                                          static_cast<long long>(jobId), str(workerId));
            out = !r.empty() && r[0][0].as<std::string>() == "cancelled" ? Lease::Cancelled : Lease::Lost;
        }
        tx.commit();
    });
    return out;
}

bool BuildQueue::complete(qint64 jobId, const QString &workerId, bool success, const QString &error)
{
    return finish(jobId, workerId, success ? Outcome::Succeeded : Outcome::Retryable, error);
}

bool BuildQueue::finish(qint64 jobId, const QString &workerId, Outcome outcome, const QString &error)
{
    bool done = false;
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::work tx(c);
        const auto r = outcome == Outcome::Permanent
            ? tx.exec_params("UPDATE build_jobs SET state = 'failed', finished_at = now(), updated_at = now(),"
                             " lease_expires_at = NULL, last_error = $3"
                             " WHERE id = $1 AND lease_owner = $2 AND state = 'running' RETURNING id",
                             static_cast<long long>(jobId), str(workerId), str(error))
            : outcome == Outcome::Succeeded
            ? tx.exec_params("UPDATE build_jobs SET state = 'succeeded', finished_at = now(), updated_at = now(),"
                             " lease_expires_at = NULL, last_error = ''"
                             " WHERE id = $1 AND lease_owner = $2 AND state = 'running' RETURNING id",
                             static_cast<long long>(jobId), str(workerId))
            // attempts < max: queued again after the backoff (2^attempts s, capped); else failed.
            : tx.exec_params("UPDATE build_jobs SET updated_at = now(), last_error = $3, lease_expires_at = NULL,"
                             " state = CASE WHEN attempts < max_attempts THEN 'queued' ELSE 'failed' END,"
                             " lease_owner = CASE WHEN attempts < max_attempts THEN NULL ELSE lease_owner END,"
                             " finished_at = CASE WHEN attempts < max_attempts THEN NULL ELSE now() END,"
                             " run_after = CASE WHEN attempts < max_attempts"
                             "   THEN now() + least(power(2, least(attempts, 30)), $4::float8) * interval '1 second' ELSE run_after END"
                             " WHERE id = $1 AND lease_owner = $2 AND state = 'running' RETURNING id",
                             static_cast<long long>(jobId), str(workerId), str(error), kMaxBackoffSeconds);
        done = !r.empty();
        tx.commit();
    });
    return done;
}

bool BuildQueue::cancel(qint64 jobId)
{
    bool done = false;
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::work tx(c);
        // lease_owner stays: the worker's next heartbeat finds its job cancelled, not lost.
        const auto r = tx.exec_params("UPDATE build_jobs SET state = 'cancelled', finished_at = now(), updated_at = now(),"
                                      " lease_expires_at = NULL WHERE id = $1 AND state IN ('queued', 'running') RETURNING id",
                                      static_cast<long long>(jobId));
        done = !r.empty();
        tx.commit();
    });
    return done;
}

bool BuildQueue::retry(qint64 jobId)
{
    bool done = false;
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::work tx(c);
        // A fresh set of attempts; the log keeps the earlier ones (their lines carry the attempt).
        const auto r = tx.exec_params("UPDATE build_jobs SET state = 'queued', attempts = 0, run_after = now(), updated_at = now(),"
                                      " finished_at = NULL, started_at = NULL, lease_owner = NULL, lease_expires_at = NULL,"
                                      " last_error = '' WHERE id = $1 AND state IN ('failed', 'cancelled') RETURNING id",
                                      static_cast<long long>(jobId));
        done = !r.empty();
        if (done)
            tx.exec_params("SELECT pg_notify($1, $2)", kChannel, std::to_string(jobId));
        tx.commit();
    });
    return done;
}

int BuildQueue::cancelRef(const QString &repo, const QString &ref, const QString &reason)
{
    int n = 0;
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::work tx(c);
        const auto r = tx.exec_params("UPDATE build_jobs SET state = 'cancelled', finished_at = now(), updated_at = now(),"
                                      " lease_expires_at = NULL"
                                      " WHERE repo = $1 AND ref = $2 AND reason = $3 AND state IN ('queued', 'running') RETURNING id",
                                      str(repo), str(ref), str(reason));
        n = int(r.size());
        tx.commit();
    });
    return n;
}

std::optional<BuildJob> BuildQueue::job(qint64 jobId)
{
    std::optional<BuildJob> out;
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::read_transaction tx(c);
        const auto r = tx.exec_params(select("WHERE id = $1"), static_cast<long long>(jobId));
        out = r.empty() ? std::nullopt : std::optional<BuildJob>(jobFrom(r[0]));
    });
    return out;
}

QList<BuildJob> BuildQueue::list(const QString &service, const QString &state, int limit, const QString &project)
{
    QList<BuildJob> out;
    m_db.withConnection([&](pqxx::connection_base &c) {
        out.clear();
        pqxx::read_transaction tx(c);
        for (const auto &r : tx.exec_params(select("WHERE ($1 = '' OR service = $1) AND ($2 = '' OR state = $2)"
                                                   " AND ($4 = '' OR project = $4) ORDER BY created_at DESC, id DESC LIMIT $3"),
                                            str(service), str(state), limit, str(project)))
            out << jobFrom(r);
    });
    return out;
}

} // namespace enclii::roundhouse
