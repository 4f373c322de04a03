#include "RolloutMachine.h"

#include "RolloutStore.h"
#include "TrafficDriver.h"

#include "notify/Notifier.h"

namespace enclii::canary {

namespace {

const QString kAnalysing = QStringLiteral("analysing");

QString number(std::optional<double> v)
{
    return v ? QString::number(*v, 'g', 4) : QStringLiteral("(none)");
}

// The stable track's measurement of the same metric in this tick, when it failed too.
const Measurement *stableFailure(const QList<Measurement> &taken, const Measurement &canary)
{
    for (const Measurement &m : taken)
        if (m.track == QLatin1String("stable") && m.metric == canary.metric && m.verdict == Verdict::Failed)
            return &m;
    return nullptr;
}

} // namespace

RolloutMachine::RolloutMachine(RolloutStore &store, TrafficDriver &driver, Measurer measurer, Clock clock, Options options,
                               notify::Notifier *notifier)
    : m_store(store), m_driver(driver), m_measure(std::move(measurer)), m_clock(std::move(clock)), m_options(std::move(options)),
      m_notifier(notifier)
{
}

int RolloutMachine::tick()
{
    int changed = 0;
    for (Rollout r : m_store.work())
        if (advance(r, m_clock()))
            ++changed;
    sendNotifications();
    return changed;
}

bool RolloutMachine::advance(Rollout &r, const QDateTime &now)
{
    switch (r.state) {
    case RolloutState::Pending:
        return pending(r, now);
    case RolloutState::Progressing:
        return r.stepPhase == kAnalysing ? analyse(r, now) : scaleStep(r, now);
    case RolloutState::Paused:
        if (r.deadlineAt.isValid() && now >= r.deadlineAt)
            return end(r, now, RolloutState::Aborted,
                       QStringLiteral("no decision within %1 s of the pause (%2); aborted, traffic back on the stable track")
                           .arg(m_options.timeouts.person)
                           .arg(r.pauseReason),
                       true);
        // Analysis goes on while a person decides: a failing canary is still rolled back.
        return r.stepPhase == kAnalysing ? analyse(r, now) : false;
    case RolloutState::Promoting:
        return promoting(r, now);
    default:
        return settle(r, now);
    }
}

bool RolloutMachine::pending(Rollout &r, const QDateTime &now)
{
    if (m_store.hasUnsettled(r.service, r.id)) {
        if (r.deadlineAt.isValid() && now >= r.deadlineAt)
            return end(r, now, RolloutState::Failed,
                       QStringLiteral("an earlier rollout's canary of %1 did not drain within %2 s").arg(r.service).arg(m_options.timeouts.pending),
                       true);
        return note(r, now, QStringLiteral("waiting for an earlier rollout's canary to drain"));
    }
    enterStep(r, 0, now, m_options.timeouts);
    return write(r, now, QStringLiteral("pending"), stepLabel(r), false);
}

bool RolloutMachine::waitOrFail(Rollout &r, const QDateTime &now, const QString &error)
{
    if (r.deadlineAt.isValid() && now >= r.deadlineAt)
        return end(r, now, RolloutState::Failed, QStringLiteral("%1: %2").arg(stepLabel(r), error), true);
    return note(r, now, QStringLiteral("%1: retrying: %2").arg(stepLabel(r), error));
}

bool RolloutMachine::scaleStep(Rollout &r, const QDateTime &now)
{
    const core::CanaryStep *step = r.step();
    if (!step)
        return end(r, now, RolloutState::Failed, QStringLiteral("the rollout has no step %1").arg(r.stepIndex + 1), true);
    if (m_store.hasUnsettled(r.service, r.id)) // resumed from a pause taken while pending
        return note(r, now, QStringLiteral("waiting for an earlier rollout's canary to drain"));
    const RolloutTarget target = r.target();
    const auto plan = m_driver.plan(target, step->weight);
    if (!plan)
        return waitOrFail(r, now, plan.error);
    const auto ready = m_driver.ensureCanary(target, r.image, plan.value->canaryReplicas);
    if (!ready)
        return waitOrFail(r, now, ready.error);
    if (*ready.value < plan.value->canaryReplicas) {
        const QString waiting = QStringLiteral("%1 of %2 canary pods ready").arg(*ready.value).arg(plan.value->canaryReplicas);
        if (r.deadlineAt.isValid() && now >= r.deadlineAt)
            return analysisFailed(r, now, QStringLiteral("the canary was not ready within %1 s: %2").arg(m_options.timeouts.ready).arg(waiting),
                                  QStringLiteral("canary-ready"), double(*ready.value), {});
        return note(r, now, QStringLiteral("%1: waiting for the canary: %2").arg(stepLabel(r), waiting));
    }
    const auto split = m_driver.setWeight(target, step->weight);
    if (!split)
        return waitOrFail(r, now, split.error);
    r.traffic = *split.value;
    if (!step->pauseIndefinite && step->pauseSeconds <= 0)
        return completeStep(r, now, QStringLiteral("%1 reached").arg(stepLabel(r)));
    r.stepPhase = kAnalysing;
    r.analysisRun += 1;
    r.analysisStartedAt = now;
    if (!r.canarySince.isValid())
        r.canarySince = now;
    r.lastMeasuredAt = {};
    if (step->pauseIndefinite) {
        enterPause(r, pause::kIndefinite,
                   QStringLiteral("%1 reached; the step waits for a person (promote or resume to go on); analysis continues").arg(stepLabel(r)),
                   now, m_options.timeouts);
        return write(r, now, QStringLiteral("progressing"), r.message, true);
    }
    r.deadlineAt = now.addSecs(step->pauseSeconds);
    r.message = QStringLiteral("%1: analysing for %2 s").arg(stepLabel(r)).arg(step->pauseSeconds);
    return write(r, now, QStringLiteral("progressing"), QStringLiteral("%1: the canary has its weight; analysis begins").arg(stepLabel(r)), false);
}

bool RolloutMachine::analyse(Rollout &r, const QDateTime &now)
{
    const core::CanaryAnalysis &a = r.strategy.analysis;
    const core::CanaryStep *step = r.step();
    const bool timed = r.state == RolloutState::Progressing && step && !step->pauseIndefinite;
    const QDateTime windowEnd = r.analysisStartedAt.addSecs(step ? step->pauseSeconds : 0);
    const QDateTime due = (r.lastMeasuredAt.isValid() ? r.lastMeasuredAt : r.analysisStartedAt).addSecs(a.intervalSeconds);
    const bool windowComplete = timed && now >= windowEnd;
    if (now < due && !windowComplete)
        return false;

    QList<StoredMeasurement> taken;
    QString stableAlsoFails;
    if (now >= due) {
        core::ServiceSpec spec;
        spec.name = r.service;
        spec.deploy = r.strategy;
        QString error;
        // The rate window: the analysis interval (at least 30 s, for scrapes to fall in it), but
        // never reaching back before this rollout's canary served.
        int window = std::max(30, m_options.analysisWindowSeconds > 0 ? m_options.analysisWindowSeconds : a.intervalSeconds);
        if (r.canarySince.isValid())
            window = int(std::clamp<qint64>(r.canarySince.secsTo(now), 1, window));
        const QList<AnalysisMetric> metrics = analysisMetrics(spec, r.ns, r.target().stableName(), r.target().canaryName(), window, &error);
        if (metrics.isEmpty()) {
            if (r.state == RolloutState::Paused)
                return false;
            enterPause(r, pause::kAnalysisError, QStringLiteral("the analysis cannot run: %1").arg(error), now, m_options.timeouts);
            return write(r, now, QStringLiteral("progressing"), r.message, true);
        }
        QList<Measurement> ms;
        for (const AnalysisMetric &metric : metrics) {
            Measurement m = m_measure(metric);
            m.at = now;
            ms << m;
        }
        for (const Measurement &m : ms) {
            StoredMeasurement s{0, r.stepIndex, r.analysisRun, true, m};
            if (m.gates && m.verdict == Verdict::Failed) {
                if (const Measurement *stable = stableFailure(ms, m)) {
                    // The analysis compares tracks: what fails on both is not the canary's doing.
                    s.counted = false;
                    stableAlsoFails = QStringLiteral("the stable track fails %1 too (stable %2, canary %3, %4): the canary is not the cause; "
                                                     "promote if the canary is the fix, abort otherwise")
                                          .arg(m.metric, number(stable->value), number(m.value), m.condition);
                }
            }
            taken << s;
        }
        r.lastMeasuredAt = now;
    }

    AnalysisTally tally(a.failureLimit, a.inconclusiveLimit, a.errorLimit);
    const Measurement *lastFailure = nullptr;
    const QList<StoredMeasurement> before = m_store.measurements(r.id, r.stepIndex, r.analysisRun);
    for (const QList<StoredMeasurement> *list : std::initializer_list<const QList<StoredMeasurement> *>{&before, &taken})
        for (const StoredMeasurement &s : *list) {
            if (!s.counted)
                continue;
            tally.add(s.m);
            if (s.m.gates && s.m.verdict == Verdict::Failed)
                lastFailure = &s.m;
        }
    const AnalysisTally::Phase phase = tally.phase(windowComplete);
    const bool paused = r.state == RolloutState::Paused;
    switch (phase) {
    case AnalysisTally::Phase::Failed:
        if (paused && r.pauseReason == pause::kAnalysisFailed)
            break;
        return analysisFailed(r, now, tally.reason(), lastFailure ? lastFailure->metric : QString(),
                              lastFailure ? lastFailure->value : std::nullopt, taken);
    case AnalysisTally::Phase::Error:
        if (paused)
            break;
        if (r.strategy.rollback == QLatin1String("manual")) {
            enterPause(r, pause::kAnalysisError, QStringLiteral("%1: %2; never promoted on missing measurements").arg(stepLabel(r), tally.reason()),
                       now, m_options.timeouts);
            return write(r, now, QStringLiteral("progressing"), r.message, true, taken);
        }
        return end(r, now, RolloutState::Aborted,
                   QStringLiteral("%1: %2; aborted, never promoted on missing measurements").arg(stepLabel(r), tally.reason()), true, taken);
    case AnalysisTally::Phase::Inconclusive:
        if (paused)
            break;
        return pauseForPerson(r, now, pause::kInconclusive, QStringLiteral("%1: inconclusive: %2").arg(stepLabel(r), tally.reason()), taken);
    case AnalysisTally::Phase::Running:
    case AnalysisTally::Phase::Successful:
        if (!stableAlsoFails.isEmpty() && !paused)
            return pauseForPerson(r, now, pause::kStableFailing, QStringLiteral("%1: %2").arg(stepLabel(r), stableAlsoFails), taken);
        if (phase == AnalysisTally::Phase::Successful)
            return completeStep(r, now, QStringLiteral("%1: analysis passed (%2 successful measurements)").arg(stepLabel(r)).arg(tally.successful()),
                                taken);
        break;
    }
    return write(r, now, {}, {}, false, taken);
}

bool RolloutMachine::completeStep(Rollout &r, const QDateTime &now, const QString &why, const QList<StoredMeasurement> &taken)
{
    const QString from = stateName(r.state);
    const QString next = leaveStep(r, now, m_options.timeouts);
    return write(r, now, from, QStringLiteral("%1; on to %2").arg(why, next), false, taken);
}

bool RolloutMachine::analysisFailed(Rollout &r, const QDateTime &now, const QString &reason, const QString &metric,
                                    std::optional<double> value, const QList<StoredMeasurement> &taken)
{
    r.failingMetric = metric;
    r.failingValue = value;
    if (r.strategy.rollback == QLatin1String("manual"))
        return pauseForPerson(r, now, pause::kAnalysisFailed,
                              QStringLiteral("%1: analysis failed: %2; rollback is manual: abort to roll back, or promote").arg(stepLabel(r), reason),
                              taken);
    return end(r, now, RolloutState::RolledBack, QStringLiteral("rolled back at %1: %2").arg(stepLabel(r), reason), true, taken);
}

bool RolloutMachine::pauseForPerson(Rollout &r, const QDateTime &now, const QString &reason, const QString &message,
                                    const QList<StoredMeasurement> &taken)
{
    const QString from = stateName(r.state);
    enterPause(r, reason, message, now, m_options.timeouts);
    return write(r, now, from, message, true, taken);
}

bool RolloutMachine::promoting(Rollout &r, const QDateTime &now)
{
    const auto done = m_driver.promote(r.target(), r.image);
    if (!done || !*done.value) {
        if (r.deadlineAt.isValid() && now >= r.deadlineAt)
            // The stable track is part-way to the release: leave it for a person to look at
            // rather than move traffic about.
            return end(r, now, RolloutState::Failed,
                       QStringLiteral("the promotion did not complete within %1 s%2").arg(m_options.timeouts.promote).arg(done ? QString() : QStringLiteral(": ") + done.error),
                       false);
        return note(r, now, done ? QStringLiteral("promoting: the stable track is rolling out the release")
                                 : QStringLiteral("promoting: retrying: %1").arg(done.error));
    }
    if (const auto split = m_driver.split(r.target()))
        r.traffic = *split.value;
    return end(r, now, RolloutState::Succeeded,
               QStringLiteral("promoted: the stable track runs %1").arg(r.revision.isEmpty() ? r.image : r.revision), false);
}

bool RolloutMachine::end(Rollout &r, const QDateTime &now, RolloutState state, const QString &message, bool drain,
                         const QList<StoredMeasurement> &taken)
{
    const QString from = stateName(r.state);
    endRollout(r, state, message, now, drain);
    if (!write(r, now, from, message, state != RolloutState::Superseded, taken))
        return false;
    settle(r, now); // traffic back on the stable track in the same pass
    return true;
}

bool RolloutMachine::settle(Rollout &r, const QDateTime &now)
{
    if (r.settled)
        return false;
    const auto done = m_driver.abort(r.target());
    if (!done || !*done.value)
        return false; // tried again on the next tick; the row keeps its reason
    r.settled = true;
    if (const auto split = m_driver.split(r.target()))
        r.traffic = *split.value;
    return write(r, now, stateName(r.state), QStringLiteral("the canary is drained: weight 0, no autoscaler, no replicas"), false);
}

bool RolloutMachine::note(Rollout &r, const QDateTime &now, const QString &message)
{
    if (r.message == message)
        return false;
    r.message = message;
    return write(r, now, {}, {}, false);
}

bool RolloutMachine::write(Rollout &r, const QDateTime &now, const QString &from, const QString &reason, bool notify,
                           const QList<StoredMeasurement> &taken)
{
    r.updatedAt = now;
    std::optional<Transition> t;
    if (!reason.isEmpty())
        t = Transition{0, r.id, now, from, stateName(r.state), r.stepIndex, m_options.actor, reason, notify};
    // A person acted meanwhile: this pass's decision is dropped and the next tick decides again.
    return m_store.update(r, taken, t);
}

QString RolloutMachine::notificationText(const Transition &t, const Rollout &r)
{
    const QString head = QStringLiteral("Rollout #%1 of %2").arg(r.id).arg(r.service);
    const QString release = r.revision.isEmpty() ? r.image : r.revision;
    if (t.to == QLatin1String("pending")) {
        QStringList steps;
        for (const core::CanaryStep &s : r.strategy.canarySteps)
            steps << QStringLiteral("%1 %").arg(s.weight);
        return QStringLiteral("%1 started: %2 (steps %3). %4").arg(head, release, steps.join(QStringLiteral(" → ")), t.reason);
    }
    if (t.to == QLatin1String("paused"))
        return QStringLiteral("%1 paused, waiting for a person (promote, resume or abort): %2").arg(head, t.reason);
    if (t.to == QLatin1String("succeeded"))
        return QStringLiteral("%1 promoted: the stable track runs %2.").arg(head, release);
    if (t.to == QLatin1String("rolled_back")) {
        const QString metric = r.failingMetric.isEmpty() ? QString()
                                                          : QStringLiteral(" (%1 = %2)").arg(r.failingMetric, number(r.failingValue));
        return QStringLiteral("%1 rolled back%2: %3. Traffic is back on the stable track.").arg(head, metric, t.reason);
    }
    if (t.to == QLatin1String("aborted"))
        return QStringLiteral("%1 aborted%2%3. Traffic is back on the stable track.")
            .arg(head, t.reason.startsWith(QLatin1String("by ")) ? QStringLiteral(" ") : QStringLiteral(": "), t.reason);
    if (t.to == QLatin1String("failed"))
        return QStringLiteral("%1 failed: %2").arg(head, t.reason);
    return QStringLiteral("%1: %2 → %3: %4").arg(head, t.from, t.to, t.reason);
}

void RolloutMachine::sendNotifications()
{
    for (const Outgoing &o : m_store.unnotified()) {
        if (m_notifier) {
            const QString text = notificationText(o.transition, o.rollout);
            QList<std::pair<QString, QString>> fields{{QStringLiteral("Service"), o.rollout.service},
                                                      {QStringLiteral("State"), o.transition.to},
                                                      {QStringLiteral("Step"), stepLabel(o.rollout)},
                                                      {QStringLiteral("Release"), o.rollout.revision.isEmpty() ? o.rollout.image : o.rollout.revision}};
            if (!o.rollout.failingMetric.isEmpty())
                fields << std::pair{QStringLiteral("Failing metric"), QStringLiteral("%1 = %2").arg(o.rollout.failingMetric, number(o.rollout.failingValue))};
            m_notifier->send(notify::Message::withFields(text, fields));
        }
        m_store.markNotified(o.transition.id);
    }
}

} // namespace enclii::canary
