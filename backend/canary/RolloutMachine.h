#pragma once

#include "Analysis.h"
#include "Rollout.h"

#include <QDateTime>

#include <functional>

namespace enclii::notify {
class Notifier;
}

namespace enclii::canary {

class RolloutStore;
class TrafficDriver;

using Clock = std::function<QDateTime()>;
// Takes one measurement now (canary::measure over a PrometheusClient in production).
using Measurer = std::function<Measurement(const AnalysisMetric &)>;

// The rollout state machine. It holds no state between ticks: each tick reads the rows that
// need work, converges the cluster towards what each row's state says (through the
// TrafficDriver, idempotently) and writes at most one transition per rollout. So a process
// killed at any point, or a new machine on the same database, carries on where the rows are.
//
//   pending      waits for an earlier rollout's canary to drain, then step 1
//   progressing  per step: size the canary and wait for its pods (deadline), give it its
//                weight, then analyse every interval for the step's pause; the tally
//                decides: next step, rolled back (or paused when rollback is manual),
//                paused (inconclusive, errors with manual rollback, the stable track failing
//                too), aborted (errors over the limit with automatic rollback)
//   paused       waits for a person (deadline: aborted); analysis goes on, and a failure
//                still rolls back
//   promoting    the stable track takes the release; the canary goes (deadline: failed)
//   ended        aborted, rolled back, superseded and failed-before-promotion rollouts drain
//                their canary (weight 0, HPA gone, 0 replicas) until settled; nothing ever
//                gives an ended rollout traffic again
class RolloutMachine
{
public:
    struct Options
    {
        Timeouts timeouts;
        int analysisWindowSeconds = 0; // the PromQL rate window; 0: the analysis interval
        QString actor = QStringLiteral("rollout-controller");
    };

    RolloutMachine(RolloutStore &store, TrafficDriver &driver, Measurer measurer, Clock clock, Options options,
                   notify::Notifier *notifier = nullptr);

    // One pass over every rollout that needs work, then the notifications owed. Returns the
    // number of rollouts whose row changed.
    int tick();

    // The text of the notification for a transition, for the receiver and the tests.
    static QString notificationText(const Transition &t, const Rollout &r);

private:
    bool advance(Rollout &r, const QDateTime &now);
    bool pending(Rollout &r, const QDateTime &now);
    bool scaleStep(Rollout &r, const QDateTime &now);
    bool analyse(Rollout &r, const QDateTime &now);
    bool promoting(Rollout &r, const QDateTime &now);
    bool settle(Rollout &r, const QDateTime &now);
    bool completeStep(Rollout &r, const QDateTime &now, const QString &why, const QList<StoredMeasurement> &taken = {});
    bool waitOrFail(Rollout &r, const QDateTime &now, const QString &error);
    bool analysisFailed(Rollout &r, const QDateTime &now, const QString &reason, const QString &metric, std::optional<double> value,
                        const QList<StoredMeasurement> &taken);
    bool pauseForPerson(Rollout &r, const QDateTime &now, const QString &reason, const QString &message,
                        const QList<StoredMeasurement> &taken = {});
    bool end(Rollout &r, const QDateTime &now, RolloutState state, const QString &message, bool drain,
             const QList<StoredMeasurement> &taken = {});
    bool write(Rollout &r, const QDateTime &now, const QString &from, const QString &reason, bool notify,
               const QList<StoredMeasurement> &taken = {});
    bool note(Rollout &r, const QDateTime &now, const QString &message);
    void sendNotifications();

    RolloutStore &m_store;
    TrafficDriver &m_driver;
    Measurer m_measure;
    Clock m_clock;
    Options m_options;
    notify::Notifier *m_notifier;
};

} // namespace enclii::canary
