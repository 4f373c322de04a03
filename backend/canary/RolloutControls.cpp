#include "RolloutControls.h"

#include "RolloutStore.h"

#include "store/AuditLog.h"

#include <array>

namespace enclii::canary {

namespace {

using A = RolloutControls::Action;
using S = RolloutState;

struct Rule
{
    A action;
    const char *name;
    std::initializer_list<S> from;
};

const std::array<Rule, 6> &rules()
{
    static const std::array<Rule, 6> table{{
        {A::PromoteStep, "promote", {S::Progressing, S::Paused}},
        {A::PromoteFull, "promote-full", {S::Progressing, S::Paused}},
        {A::Pause, "pause", {S::Pending, S::Progressing}},
        {A::Resume, "resume", {S::Paused}},
        // Not while promoting: the stable track is already taking the release.
        {A::Abort, "abort", {S::Pending, S::Progressing, S::Paused}},
        {A::Retry, "retry", {S::Aborted, S::RolledBack, S::Failed}},
    }};
    return table;
}

const Rule &rule(A a)
{
    for (const Rule &r : rules())
        if (r.action == a)
            return r;
    return rules().front();
}

bool allowedFrom(const Rule &r, S s)
{
    return std::find(r.from.begin(), r.from.end(), s) != r.from.end();
}

} // namespace

QString RolloutControls::actionName(Action a)
{
    return QLatin1String(rule(a).name);
}

std::optional<RolloutControls::Action> RolloutControls::actionFromName(const QString &name)
{
    for (const Rule &r : rules())
        if (name == QLatin1String(r.name))
            return r.action;
    return std::nullopt;
}

RolloutControls::RolloutControls(RolloutStore &store, store::AuditLog *audit, Clock clock, Timeouts timeouts)
    : m_store(store), m_audit(audit), m_clock(std::move(clock)), m_timeouts(timeouts)
{
}

QList<RolloutControls::Action> RolloutControls::allowed(const Rollout &r, bool latest)
{
    QList<Action> out;
    for (const Rule &rule : rules())
        if (allowedFrom(rule, r.state) && (rule.action != A::Retry || (latest && r.settled)))
            out << rule.action;
    return out;
}

QStringList RolloutControls::allowedNames(const Rollout &r, bool latest)
{
    QStringList out;
    for (Action a : allowed(r, latest))
        out << actionName(a);
    return out;
}

QString RolloutControls::refusal(const Rollout &r, Action action, bool latest) const
{
    const Rule &rl = rule(action);
    if (!allowedFrom(rl, r.state)) {
        QStringList states;
        for (S s : rl.from)
            states << stateName(s);
        return QStringLiteral("rollout %1 is %2; %3 needs it %4").arg(r.id).arg(stateName(r.state), actionName(action), states.join(QStringLiteral(" or ")));
    }
    if (action == A::Retry && !latest)
        return QStringLiteral("rollout %1 is not the newest rollout of %2; retry that one instead").arg(r.id).arg(r.service);
    if (action == A::Retry && !r.settled)
        return QStringLiteral("rollout %1's canary is still draining; retry in a moment").arg(r.id);
    return {};
}

void RolloutControls::apply(Rollout &r, Action action, const QString &actor, const QString &reason, const QDateTime &now, QString *what)
{
    const QString by = reason.isEmpty() ? QStringLiteral("by %1").arg(actor) : QStringLiteral("by %1: %2").arg(actor, reason);
    switch (action) {
    case A::PromoteStep:
        // A step the person promotes counts as passed; the next one starts from its beginning.
        *what = QStringLiteral("%1 promoted %2; on to %3").arg(stepLabel(r), by, leaveStep(r, now, m_timeouts));
        break;
    case A::PromoteFull:
        enterPromotion(r, now, m_timeouts);
        *what = QStringLiteral("promoted fully %1 at %2").arg(by, stepLabel(r));
        break;
    case A::Pause:
        enterPause(r, pause::kPerson, QStringLiteral("paused %1").arg(by), now, m_timeouts);
        *what = r.message;
        break;
    case A::Resume:
        if (r.pauseReason == pause::kIndefinite) {
            *what = QStringLiteral("%1 resumed %2; on to %3").arg(stepLabel(r), by, leaveStep(r, now, m_timeouts));
        } else {
            resumeStep(r, now, m_timeouts);
            *what = QStringLiteral("resumed %1; %2").arg(by, r.message);
        }
        break;
    case A::Abort:
        endRollout(r, S::Aborted, by, now, true);
        *what = r.message;
        break;
    case A::Retry:
        break;
    }
    r.updatedAt = now;
}

RolloutControls::Outcome RolloutControls::act(qint64 id, Action action, const QString &actor, const QString &reason)
{
    using C = Outcome::Code;
    if (action == A::Abort && reason.trimmed().isEmpty())
        return {C::Invalid, QStringLiteral("an abort needs a reason (\"reason\": \"...\"): it goes into the timeline and the notification"), {}};
    if (reason.size() > 1000)
        return {C::Invalid, QStringLiteral("the reason is longer than 1000 characters"), {}};
    // The machine may write the row between our read and our write: then read again.
    for (int attempt = 0; attempt < 5; ++attempt) {
        auto r = m_store.rollout(id);
        if (!r)
            return {C::NotFound, QStringLiteral("a rollout %1").arg(id), {}};
        const bool latest = m_store.latestId(r->service) == r->id;
        if (const QString no = refusal(*r, action, latest); !no.isEmpty())
            return {C::NotAllowed, no, *r};
        if (action == A::Retry)
            return retry(*r, actor, reason);
        const QString from = stateName(r->state);
        const QDateTime now = m_clock();
        QString what;
        apply(*r, action, actor, reason, now, &what);
        const bool notify = action == A::Pause || action == A::Abort;
        if (!m_store.update(*r, {}, Transition{0, r->id, now, from, stateName(r->state), r->stepIndex, actor, what, notify}))
            continue;
        if (m_audit)
            m_audit->append(actor, QStringLiteral("canary.%1").arg(actionName(action)), QStringLiteral("rollout/%1").arg(id),
                            {{QStringLiteral("service"), r->service}, {QStringLiteral("from"), from},
                             {QStringLiteral("to"), stateName(r->state)}, {QStringLiteral("reason"), reason}});
        if (m_wake)
            m_wake();
        return {C::Done, what, *r};
    }
    return {C::NotAllowed, QStringLiteral("rollout %1 kept changing under the request; try again").arg(id), {}};
}

RolloutControls::Outcome RolloutControls::retry(const Rollout &r, const QString &actor, const QString &reason)
{
    using C = Outcome::Code;
    const QList<Rollout> active = m_store.list(r.service, {}, 1);
    if (!active.isEmpty() && isActive(active.first().state) && active.first().id != r.id)
        return {C::NotAllowed, QStringLiteral("rollout %1 of %2 is active").arg(active.first().id).arg(r.service), r};
    NewRollout n{r.service, r.project, r.ns, r.image, r.revision, r.strategy, actor, r.id};
    const RolloutStore::Started started = m_store.start(n, m_clock());
    if (m_audit)
        m_audit->append(actor, QStringLiteral("canary.retry"), QStringLiteral("rollout/%1").arg(r.id),
                        {{QStringLiteral("service"), r.service}, {QStringLiteral("rollout"), double(started.rollout.id)},
                         {QStringLiteral("reason"), reason}});
    if (m_wake)
        m_wake();
    return {C::Done, QStringLiteral("rollout %1 retries rollout %2").arg(started.rollout.id).arg(r.id), started.rollout};
}

} // namespace enclii::canary
