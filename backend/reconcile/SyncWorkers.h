#pragma once

#include <QThread>

#include <functional>
#include <memory>
#include <vector>

namespace enclii::reconcile {

struct ControllerShared;
struct SyncOutcome;

// The controller's worker threads: each with its own KubeClient (a client is bound to one
// thread), taking keys from the shared queue until it shuts down. Drift is recorded here;
// outcomes worth a status change go to `report` (called on the worker thread).
class SyncWorkers
{
public:
    using Report = std::function<void(const SyncOutcome &)>;

    SyncWorkers(ControllerShared &shared, Report report);
    ~SyncWorkers();

    void start(int count);
    // Shuts the queue down and waits for every worker.
    void stop();

private:
    void run();

    ControllerShared &m_shared;
    Report m_report;
    std::vector<std::unique_ptr<QThread>> m_threads;
};

} // namespace enclii::reconcile
