#pragma once

#include "Rollout.h"
#include "RolloutMachine.h"

#include <QStringList>

#include <functional>

namespace enclii::store {
class AuditLog;
}

namespace enclii::canary {

class RolloutStore;

// What on-call can do to a rollout, each checked against the rollout's state, written with
// the person and their reason into the timeline, and audited (canary.<action>). The machine
// then carries the decision out on its next tick (the wake callback makes that at once).
class RolloutControls
{
public:
    enum class Action { PromoteStep, PromoteFull, Pause, Resume, Abort, Retry };
    static QString actionName(Action a); // promote, promote-full, pause, resume, abort, retry
    static std::optional<Action> actionFromName(const QString &name);

    struct Outcome
    {
        enum class Code { Done, NotFound, NotAllowed, Invalid };
        Code code = Code::Done;
        QString detail;  // why not, in words
        Rollout rollout; // as it is now; for retry, the new rollout
    };

    RolloutControls(RolloutStore &store, store::AuditLog *audit, Clock clock, Timeouts timeouts);

    // Called after every change, so the machine acts on it without waiting for its timer.
    void setWake(std::function<void()> wake) { m_wake = std::move(wake); }

    Outcome act(qint64 rolloutId, Action action, const QString &actor, const QString &reason);

    // The actions r's state allows; `latest`: r is its service's newest rollout (only that one
    // may be retried).
    static QList<Action> allowed(const Rollout &r, bool latest);
    static QStringList allowedNames(const Rollout &r, bool latest);

private:
    QString refusal(const Rollout &r, Action action, bool latest) const;
    void apply(Rollout &r, Action action, const QString &actor, const QString &reason, const QDateTime &now, QString *what);
    Outcome retry(const Rollout &r, const QString &actor, const QString &reason);

    RolloutStore &m_store;
    store::AuditLog *m_audit;
    Clock m_clock;
    Timeouts m_timeouts;
    std::function<void()> m_wake;
};

} // namespace enclii::canary
