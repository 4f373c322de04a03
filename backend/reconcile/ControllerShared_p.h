#pragma once

// Internal to the controller: what its control thread, its workers and its public face share.

#include "Controller.h"
#include "LiveCache.h"

#include <atomic>
#include <mutex>

namespace enclii::reconcile {

struct ControllerShared
{
    kube::KubeConfig cluster;
    Controller::Options options;
    Controller::DesiredSource source;
    DeploymentRepository *repository = nullptr;
    WorkQueue queue;
    LiveCache cache;

    std::atomic<bool> leader{false};
    std::atomic<bool> synced{false};
    std::atomic<int> leaderPid{0};
    std::atomic<qint64> syncs{0}, applies{0}, deletes{0}, writes{0}, reads{0}, drifts{0}, conflicts{0}, failures{0};

    mutable std::mutex mutex; // guards what follows
    std::shared_ptr<const DesiredState> desired;
    QList<WaveStatus> waves;
    QHash<QString, DeploymentRecord> records;

    ControllerShared(kube::KubeConfig c, Controller::Options o, Controller::DesiredSource s, DeploymentRepository *r)
        : cluster(std::move(c)), options(std::move(o)), source(std::move(s)), repository(r), queue(options.queue)
    {
    }

    std::shared_ptr<const DesiredState> desiredState() const
    {
        std::lock_guard lock(mutex);
        return desired;
    }
};

} // namespace enclii::reconcile
