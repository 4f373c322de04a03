#include "BuildWorkers.h"

#include "BuildLog.h"
#include "BuildRecord.h"

#include <QSysInfo>

#include <spdlog/spdlog.h>

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>
#include <unistd.h>

namespace enclii::roundhouse {

struct BuildWorkers::Private
{
    BuildQueue &queue;
    BuildRecord &record;
    JobRunner runner;
    Options options;

    std::mutex mutex;
    std::condition_variable wakeUp;       // idle workers
    std::condition_variable stopHeartbeat; // the heartbeat thread, only at stop
    bool stopping = false;
    int pendingWakes = 0;
    std::vector<std::thread> threads;
    // Running jobs: id -> (worker id, stop flag), for the heartbeat thread.
    struct Running
    {
        QString workerId;
        std::shared_ptr<StopFlag> flag;
    };
    std::map<qint64, Running> running;

    Private(BuildQueue &q, BuildRecord &r, JobRunner j, Options o) : queue(q), record(r), runner(std::move(j)), options(std::move(o)) {}

    void workerLoop(const QString &workerId);
    void heartbeatLoop();
    void runJob(const BuildJob &job, const QString &workerId);
};

BuildWorkers::BuildWorkers(BuildQueue &queue, BuildRecord &record, JobRunner runner, Options options, QObject *parent)
    : QObject(parent), d(std::make_unique<Private>(queue, record, std::move(runner), std::move(options)))
{
    if (d->options.name.isEmpty())
        d->options.name = QStringLiteral("%1:%2").arg(QSysInfo::machineHostName()).arg(::getpid());
    d->options.concurrency = std::max(1, d->options.concurrency);
    d->options.leaseSeconds = std::max(3, d->options.leaseSeconds);
}

BuildWorkers::~BuildWorkers()
{
    stop();
}

void BuildWorkers::start()
{
    std::lock_guard lock(d->mutex);
    if (!d->threads.empty())
        return;
    d->stopping = false;
    for (int i = 0; i < d->options.concurrency; ++i) {
        const QString id = QStringLiteral("%1/%2").arg(d->options.name).arg(i + 1);
        d->threads.emplace_back([this, id] { d->workerLoop(id); });
    }
    d->threads.emplace_back([this] { d->heartbeatLoop(); });
    spdlog::info("build workers started: {} x {}", d->options.concurrency, d->options.name.toStdString());
}

void BuildWorkers::stop()
{
    {
        std::lock_guard lock(d->mutex);
        if (d->threads.empty())
            return;
        d->stopping = true;
        for (auto &[id, r] : d->running)
            r.flag->leaseLost = true; // not cancelled: the job stays the queue's, to be taken over
    }
    d->wakeUp.notify_all();
    d->stopHeartbeat.notify_all();
    for (std::thread &t : d->threads)
        t.join();
    d->threads.clear();
}

int BuildWorkers::busy() const
{
    std::lock_guard lock(d->mutex);
    return int(d->running.size());
}

void BuildWorkers::wake()
{
    {
        std::lock_guard lock(d->mutex);
        ++d->pendingWakes;
    }
    d->wakeUp.notify_one();
}

void BuildWorkers::Private::workerLoop(const QString &workerId)
{
    for (;;) {
        {
            std::lock_guard lock(mutex);
            if (stopping)
                return;
        }
        std::optional<BuildJob> job;
        try {
            job = queue.claim(workerId, options.leaseSeconds);
        } catch (const std::exception &e) {
            spdlog::warn("{}: cannot claim a build job: {}", workerId.toStdString(), e.what());
        }
        if (job) {
            runJob(*job, workerId);
            continue; // there may be more
        }
        std::unique_lock lock(mutex);
        wakeUp.wait_for(lock, std::chrono::seconds(options.pollSeconds), [this] { return stopping || pendingWakes > 0; });
        if (pendingWakes > 0)
            --pendingWakes;
    }
}

void BuildWorkers::Private::runJob(const BuildJob &job, const QString &workerId)
{
    auto flag = std::make_shared<StopFlag>();
    {
        std::lock_guard lock(mutex);
        running[job.id] = {workerId, flag};
    }
    spdlog::info("{}: build {} ({} at {}), attempt {}", workerId.toStdString(), job.id, job.service.toStdString(),
                 job.commit.left(12).toStdString(), job.attempts);
    JobOutcome outcome;
    {
        BuildLog log(record, job.id, job.attempts);
        try {
            record.resetSteps(job.id);
            log.info(QStringLiteral("attempt %1 of %2 on %3").arg(job.attempts).arg(job.maxAttempts).arg(workerId));
            outcome = runner(job, log, *flag);
        } catch (const std::exception &e) {
            outcome = {BuildQueue::Outcome::Retryable, QStringLiteral("internal error: %1").arg(QString::fromUtf8(e.what()))};
        }
        if (flag->cancelled)
            log.info(QStringLiteral("cancelled"));
        else if (outcome.outcome != BuildQueue::Outcome::Succeeded)
            log.line(QStringLiteral("stderr"), outcome.error);
    }
    {
        std::lock_guard lock(mutex);
        running.erase(job.id);
    }
    if (flag->cancelled || flag->leaseLost)
        return; // not ours to complete any more
    try {
        if (!queue.finish(job.id, workerId, outcome.outcome, outcome.error))
            spdlog::warn("{}: build {} was taken over before it finished", workerId.toStdString(), job.id);
    } catch (const std::exception &e) {
        // The lease runs out and another worker repeats the job; its steps are idempotent.
        spdlog::warn("{}: cannot record the end of build {}: {}", workerId.toStdString(), job.id, e.what());
    }
}

void BuildWorkers::Private::heartbeatLoop()
{
    const auto period = std::chrono::milliseconds(options.leaseSeconds * 1000 / 3);
    for (;;) {
        std::map<qint64, Running> snapshot;
        {
            std::unique_lock lock(mutex);
            stopHeartbeat.wait_for(lock, period, [this] { return stopping; });
            if (stopping)
                return;
            snapshot = running;
        }
        for (const auto &[id, r] : snapshot) {
            try {
                switch (queue.heartbeat(id, r.workerId, options.leaseSeconds)) {
                case BuildQueue::Lease::Extended: break;
                case BuildQueue::Lease::Cancelled: r.flag->cancelled = true; break;
                case BuildQueue::Lease::Lost: r.flag->leaseLost = true; break;
                }
            } catch (const std::exception &e) {
                // Keep building: the lease has two more periods to be renewed.
                spdlog::warn("build {}: heartbeat failed: {}", id, e.what());
            }
        }
    }
}

} // namespace enclii::roundhouse
