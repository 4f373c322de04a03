#pragma once

#include "BuildQueue.h"

#include <QObject>
#include <QString>

#include <functional>
#include <memory>

namespace enclii::roundhouse {

class BuildLog;
class BuildRecord;
struct StopFlag;

struct JobOutcome
{
    BuildQueue::Outcome outcome = BuildQueue::Outcome::Succeeded;
    QString error;
};

// What a worker does with a claimed job: the build pipeline in the daemon, anything in tests.
// Runs on a worker thread; must return soon after stop.stop() turns true.
using JobRunner = std::function<JobOutcome(const BuildJob &, BuildLog &, const StopFlag &)>;

// The worker pool inside encliid (the "worker" role): N threads that claim jobs from the
// queue and run them, plus one heartbeat thread that renews the leases of the running ones
// (every lease/3) and tells a job it was cancelled or lost. A wake() (the JobListener's
// NOTIFY) starts an idle worker at once; without one, idle workers look every pollSeconds.
// A worker killed with -9 stops heartbeating: its lease runs out and another worker claims
// the job (attempt + 1); the pipeline's steps are idempotent, so that retry finishes it.
class BuildWorkers : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        int concurrency = 2;
        int leaseSeconds = 30;
        int pollSeconds = 5;
        QString name; // worker ids are "<name>/<n>"; default "<host>:<pid>"
    };

    BuildWorkers(BuildQueue &queue, BuildRecord &record, JobRunner runner, Options options, QObject *parent = nullptr);
    ~BuildWorkers() override; // stop()

    void start();
    // Stops claiming, tells running jobs to stop, and waits for the threads. A job stopped
    // this way is left running with its lease: it is taken over when the lease runs out.
    void stop();
    int busy() const;

public slots:
    void wake();

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace enclii::roundhouse
