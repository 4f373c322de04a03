#pragma once

#include "Rollout.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace enclii::store {
class Database;
}

namespace enclii::canary {

// What starts a rollout: a release of a service with a canary strategy.
struct NewRollout
{
    QString service;
    QString project;
    QString ns;
    QString image;
    QString revision;
    core::DeployStrategy strategy;
    QString actor;
    qint64 retryOf = 0;
};

// A notification owed: a transition people hear of, with its rollout as it is now.
struct Outgoing
{
    Transition transition;
    Rollout rollout;
};

// The rollout rows (migration 0009). Every write that changes a rollout checks its version,
// so the state machine and a person acting at the same moment never both win: the loser
// re-reads and decides again. Thread-safe (each call takes a pooled connection).
class RolloutStore
{
public:
    explicit RolloutStore(store::Database &db);

    struct Started
    {
        Rollout rollout;
        bool created = false;      // false: this release is already the active rollout
        qint64 superseded = 0;     // the active rollout it replaced, if any
    };
    // Inserts a pending rollout. An active rollout of the same service with the same image is
    // returned as it is; one with another image ends "superseded" in the same transaction.
    Started start(const NewRollout &r, const QDateTime &now);

    // Writes r (state, step, times, message, traffic...) when its version is still the stored
    // one, with the measurements and the transition in the same transaction. False: someone
    // else changed it first; nothing was written.
    bool update(Rollout &r, const QList<StoredMeasurement> &measurements = {}, const std::optional<Transition> &transition = {});

    std::optional<Rollout> rollout(qint64 id);
    // Newest first; empty filters match everything.
    QList<Rollout> list(const QString &service, const QString &state, int limit = 100);
    // Active rollouts and ended ones whose canary is not drained yet, oldest first.
    QList<Rollout> work();
    // Another rollout of the service whose canary is still draining.
    bool hasUnsettled(const QString &service, qint64 exceptId);
    // The newest rollout of the service.
    qint64 latestId(const QString &service);

    QList<Transition> transitions(qint64 rolloutId);
    // step < 0: every step; run < 0: every run.
    QList<StoredMeasurement> measurements(qint64 rolloutId, int step = -1, int run = -1, int limit = 5000);

    QList<Outgoing> unnotified(int limit = 50);
    void markNotified(qint64 transitionId);

private:
    store::Database &m_db;
};

} // namespace enclii::canary
