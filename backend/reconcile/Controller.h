#pragma once

#include "DeploymentRepository.h"
#include "DesiredState.h"
#include "RenderOptions.h"
#include "WaveTracker.h"
#include "WorkQueue.h"

#include "kube/client/KubeClient.h"
#include "kube/client/KubeConfig.h"

#include <QHash>
#include <QObject>
#include <QThread>

#include <functional>
#include <memory>

namespace enclii::reconcile {

struct ControllerShared;
class ControlLoop;

// The reconciler: makes the cluster hold what the catalog and the releases say, and keeps
// it so. Level-triggered: desired state (planDesiredState) and live state (watches on every
// kind we render, selected by app.kubernetes.io/managed-by=enclii) meet per object key in a
// rate-limited work queue, served by `workers` threads with a KubeClient each (ObjectSync
// does one key). Everything is looked at again every resyncSeconds; a steady state costs no
// write. Drift (a change or deletion of one of our objects) is put back and recorded; owned
// objects no longer desired are pruned. Statuses, history and waves go to PostgreSQL
// (DeploymentRepository). With a database connection, only the leader (LeaderElection)
// reconciles; the others wait.
//
// A control thread of its own runs the watches, the election, planning and the statuses;
// the public functions are thread-safe.
class Controller : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        int workers = 4;
        int resyncSeconds = 300;
        int planIntervalMs = 2000;       // how often the desired input is looked at for changes
        int waveDeadlineSeconds = 600;
        int leaderCheckMs = 1000;
        QString databaseConnection;      // for the leader lock; empty: this controller always leads
        QString identity;                // "host:pid" by default
        bool simulated = false;          // the cluster is the simulated one (shown on every deployment)
        RenderOptions render;
        kube::KubeClient::Options client = defaultClientOptions();
        WorkQueue::Options queue;
        // Called on the control thread with each new desired state that changed anything
        // (the GitOps target writes it); only while leading.
        std::function<void(const DesiredState &)> onPlanned;
    };

    // A controller's client: client-go's 5 QPS would take minutes over a whole ecosystem;
    // controllers commonly run at 50 with bursts of 100.
    static kube::KubeClient::Options defaultClientOptions();

    struct Stats
    {
        qint64 syncs = 0;     // keys looked at
        qint64 applies = 0;
        qint64 deletes = 0;
        qint64 writes = 0;    // apply and delete requests
        qint64 reads = 0;     // GETs the workers needed
        qint64 drifts = 0;
        qint64 conflicts = 0;
        qint64 failures = 0;
    };

    using DesiredSource = std::function<DesiredInput()>;

    // repository may be null: nothing is written to the database.
    Controller(kube::KubeConfig cluster, Options options, DesiredSource source, DeploymentRepository *repository = nullptr,
               QObject *parent = nullptr);
    ~Controller() override;

    void start();
    // Stops the workers and the watches and releases the leadership; start() may follow.
    void stop();
    // The desired input may have changed (a release, a spec): plan now.
    void trigger();
    // Looks at every key now, as the periodic resync does.
    void resyncNow();

    bool isLeader() const;
    // Leading, every watch listed once, and the first plan made.
    bool isSynced() const;
    // Synced, and nothing queued, waiting or in progress.
    bool isIdle() const;
    Stats stats() const;
    void resetStats();
    QList<WaveStatus> waves() const;
    QHash<QString, DeploymentRecord> deployments() const;
    std::shared_ptr<const DesiredState> desiredState() const;
    int leaderBackendPid() const;
    QString identity() const;

signals:
    void leadershipChanged(bool leader);

private:
    std::unique_ptr<ControllerShared> m_shared;
    QThread m_thread;
    ControlLoop *m_loop = nullptr; // lives in m_thread; deleted there
};

} // namespace enclii::reconcile
