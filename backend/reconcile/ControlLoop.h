#pragma once

#include "DesiredState.h"
#include "StatusTracker.h"
#include "WaveTracker.h"

#include <QObject>
#include <QTimer>

#include <memory>
#include <vector>

namespace enclii::kube {
class Informer;
class KubeClient;
}

namespace enclii::reconcile {

class LeaderElection;
class SyncWorkers;
struct ControllerShared;
struct SyncOutcome;

// The controller's control thread (internal to Controller): the leader election, the watches
// that feed the live cache and the queue, planning (desired input -> waves -> desired state),
// the periodic resync and the statuses. Lives in that thread; begin() and end() run there.
class ControlLoop : public QObject
{
    Q_OBJECT
public:
    explicit ControlLoop(ControllerShared &shared);
    ~ControlLoop() override;

    void begin();
    void end();
    // Plans again: always when forced, otherwise only when the input or the waves changed.
    void plan(bool force);
    void resync();
    void onOutcome(const SyncOutcome &outcome);

signals:
    void leadershipChanged(bool leader);

private:
    void lead();
    void stepDown();
    void startInformers();
    void onSynced();
    void onChanged(const QJsonObject &object);
    void onDeleted(const QJsonObject &object);
    void scheduleEvaluation();
    // Waves forward (true when any moved), with their failures, log lines and rows.
    bool advanceWaves();
    // Desired state from the input and the waves; changed keys queued; statuses written.
    void render();
    // Waves forward, statuses written; renders again when a wave moved.
    void evaluate();
    void publish();

    ControllerShared &m_shared;
    std::unique_ptr<kube::KubeClient> m_client;
    std::unique_ptr<LeaderElection> m_election;
    std::vector<std::unique_ptr<kube::Informer>> m_informers;
    std::unique_ptr<SyncWorkers> m_workers;
    WaveTracker m_waves;
    StatusTracker m_status;
    DesiredInput m_input;
    bool m_haveInput = false;
    QTimer m_planTimer;
    QTimer m_resyncTimer;
    QTimer m_tick;
    QTimer m_evaluateSoon;
    bool m_leading = false;
    bool m_published = false;
};

} // namespace enclii::reconcile
