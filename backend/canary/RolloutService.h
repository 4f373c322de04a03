#pragma once

#include "RolloutControls.h"
#include "RolloutMachine.h"
#include "RolloutStore.h"

#include <QObject>
#include <QTimer>
#include <QUrl>

#include <atomic>
#include <memory>

namespace enclii::core {
struct ServiceSpec;
}
namespace enclii::notify {
class Notifier;
}
namespace enclii::store {
class AuditLog;
class Database;
}

namespace enclii::canary {

class PrometheusClient;
class TrafficDriver;

// Canary rollouts, composed: the rows, the state machine ticking on a timer in this object's
// thread (measuring through Prometheus, moving traffic through the driver, notifying), and
// the on-call controls the API calls from any thread.
//
//   canary::RolloutService rollouts(db, prometheusUrl, &driver, &notifier, &audit);
//   rollouts.startTimer();
//   rollouts.startRollout(spec, image, revision, actor); // when a canary service gets a release
class RolloutService : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        int tickIntervalMs = 1000;
        RolloutMachine::Options machine;
        Clock clock; // empty: the system clock (UTC)
        Measurer measurer; // empty: canary::measure through Prometheus at prometheusUrl
    };

    RolloutService(store::Database &db, const QUrl &prometheusUrl, TrafficDriver *driver, notify::Notifier *notifier,
                   store::AuditLog *audit, Options options, QObject *parent = nullptr);
    RolloutService(store::Database &db, const QUrl &prometheusUrl, TrafficDriver *driver, notify::Notifier *notifier,
                   store::AuditLog *audit = nullptr);
    ~RolloutService() override;

    // The loop runs only between these (in this object's thread).
    void startTimer();
    void stopTimer();
    // Thread-safe: a tick soon, in this object's thread, while the loop runs.
    void wake();
    // One pass now (in the calling thread, which must be this object's); errors are logged,
    // never thrown. The number of rollouts that changed, -1 when the pass failed.
    int tick();

    // A release of a canary service: a pending rollout (the active one, if any, superseded).
    RolloutStore::Started startRollout(const core::ServiceSpec &service, const QString &image, const QString &revision,
                                       const QString &actor);

    RolloutStore &store() { return m_store; }
    RolloutControls &controls() { return m_controls; }
    Clock clock() const { return m_clock; }

private:
    Clock m_clock;
    RolloutStore m_store;
    std::unique_ptr<PrometheusClient> m_prometheus;
    RolloutMachine m_machine;
    RolloutControls m_controls;
    QTimer m_timer;
    bool m_ticking = false;
    std::atomic<bool> m_running = false;
};

} // namespace enclii::canary
