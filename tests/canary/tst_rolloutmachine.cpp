// The rollout state machine on a real PostgreSQL with a simulated clock, a fake traffic
// driver and scripted measurements: the seed's 10 / 50 / 100 path, rollback on a failing
// metric (automatic, and paused for a person when manual), errors over the limit, inconclusive
// analysis, the stable track failing too, indefinite pauses and their deadline, the canary's
// readiness deadline, promotion's deadline, a new release mid-rollout, one active rollout per
// service, a machine destroyed and recreated at every tick, and the notifications sent.
#include "RolloutFixture.h"

#include "canary/RolloutControls.h"
#include "canary/RolloutMachine.h"

#include <QTest>

using namespace enclii;
using namespace enclii::canary;
using test::seedStrategy;

class TestRolloutMachine : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QVERIFY2(m_db.ok(), qPrintable(m_db.error)); }

    void init()
    {
        m_clock = std::make_unique<test::FakeClock>();
        m_driver = std::make_unique<test::FakeDriver>();
        m_metrics = std::make_unique<test::ScriptedMetrics>();
        m_notifier = std::make_unique<test::CollectingNotifier>();
        m_store = std::make_unique<RolloutStore>(*m_db.db);
        m_controls = std::make_unique<RolloutControls>(*m_store, nullptr, m_clock->clock(), Timeouts{});
        recreateMachine();
    }

    void cleanup()
    {
        // A test that failed half-way leaves nothing active behind for the next one.
        m_db.pg.query(QStringLiteral("UPDATE rollouts SET state = 'failed', settled = true WHERE state IN ('pending', 'progressing', "
                                     "'paused', 'promoting') OR NOT settled"));
    }

    void aGoodReleasePromotesThroughTenFiftyHundred()
    {
        const qint64 id = start(QStringLiteral("good"));
        QVERIFY(runUntilEnded(id));
        const Rollout r = *m_store->rollout(id);
        QCOMPARE(stateName(r.state), QStringLiteral("succeeded"));
        QCOMPARE(m_driver->weightsSet, (QList<int>{10, 50, 100}));
        QCOMPARE(m_driver->stableImage, r.image);
        QCOMPARE(m_driver->canaryReplicas, 0);
        QCOMPARE(m_driver->aborts, 0);
        QVERIFY(r.settled);
        // Five measurements a minute apart in each five-minute window, canary and stable.
        const auto ms = m_store->measurements(id);
        QCOMPARE(ms.size(), 2 * 5 * 4);
        QCOMPARE(countIf(ms, [](const StoredMeasurement &s) { return s.m.track == QLatin1String("stable"); }), 20);
        QVERIFY(std::all_of(ms.begin(), ms.end(), [](const StoredMeasurement &s) { return s.m.verdict == Verdict::Successful; }));
        // 10 % of 3 stable replicas is one canary pod: 25 %, as exact as replicas allow.
        QVERIFY(m_driver->calls.contains(QStringLiteral("ensure 1")));
        QVERIFY(m_driver->calls.contains(QStringLiteral("ensure 3")));
        QStringList to;
        for (const Transition &t : m_store->transitions(id))
            to << t.to;
        QCOMPARE(to.first(), QStringLiteral("pending"));
        QCOMPARE(to.last(), QStringLiteral("succeeded"));
        QVERIFY(to.contains(QStringLiteral("promoting")));
        // Two messages: started and promoted; none per measurement or step.
        QCOMPARE(m_notifier->texts.size(), 2);
        QVERIFY(m_notifier->texts[0].contains(QLatin1String("started")));
        QVERIFY2(m_notifier->texts[0].contains(QStringLiteral("10 % → 50 % → 100 %")), qPrintable(m_notifier->texts[0]));
        QVERIFY(m_notifier->texts[1].contains(QLatin1String("promoted")));
        // The seed's timing: two five-minute windows and the steps between them, in simulated time.
        QVERIFY(r.finishedAt.toSecsSinceEpoch() - r.createdAt.toSecsSinceEpoch() >= 600);
    }

    void aFailingMetricRollsBackAtTheFirstStep()
    {
        m_metrics->values[QStringLiteral("success-rate/canary")] = 0.8;
        const qint64 id = start(QStringLiteral("errors"));
        QVERIFY(runUntilEnded(id));
        const Rollout r = *m_store->rollout(id);
        QCOMPARE(stateName(r.state), QStringLiteral("rolled_back"));
        QCOMPARE(r.stepIndex, 0);
        QCOMPARE(r.failingMetric, QStringLiteral("success-rate"));
        QCOMPARE(r.failingValue.value_or(-1), 0.8);
        QVERIFY(r.message.contains(QLatin1String("result >= 0.99")));
        QVERIFY(r.settled);
        // Traffic back on the stable track, the canary gone, the stable never touched.
        QCOMPARE(m_driver->weightsSet, QList<int>{10});
        QCOMPARE(m_driver->weight, 0);
        QCOMPARE(m_driver->canaryReplicas, 0);
        QCOMPARE(m_driver->aborts, 1);
        QVERIFY(!m_driver->calls.contains(QStringLiteral("promote")));
        QVERIFY(m_driver->stableImage.endsWith(QString(64, u'0')));
        // failureLimit 1: the second failing measurement decides, and that is all that was taken.
        QCOMPARE(countIf(m_store->measurements(id), [](const StoredMeasurement &s) {
                     return s.m.track == QLatin1String("canary") && s.m.verdict == Verdict::Failed;
                 }),
                 2);
        QCOMPARE(m_notifier->texts.size(), 2);
        QVERIFY2(m_notifier->texts[1].contains(QLatin1String("rolled back (success-rate = 0.8)")), qPrintable(m_notifier->texts[1]));
        // Nothing gives an ended rollout traffic again, however long the machine runs.
        const int calls = m_driver->calls.size();
        for (int i = 0; i < 5; ++i)
            tickAndAdvance(60);
        QCOMPARE(m_driver->calls.size(), calls);
    }

    void aLatencyRegressionRollsBackLikewise()
    {
        m_metrics->values[QStringLiteral("latency-p99/canary")] = 0.9;
        const qint64 id = start(QStringLiteral("slow"));
        QVERIFY(runUntilEnded(id));
        const Rollout r = *m_store->rollout(id);
        QCOMPARE(stateName(r.state), QStringLiteral("rolled_back"));
        QCOMPARE(r.failingMetric, QStringLiteral("latency-p99"));
        QCOMPARE(r.failingValue.value_or(-1), 0.9);
    }

    void manualRollbackWaitsForAPerson()
    {
        m_metrics->values[QStringLiteral("success-rate/canary")] = 0.5;
        const qint64 id = start(QStringLiteral("manual"), seedStrategy(QStringLiteral("manual")));
        QVERIFY(runUntil(id, [](const Rollout &r) { return r.state == RolloutState::Paused; }));
        Rollout r = *m_store->rollout(id);
        QCOMPARE(r.pauseReason, pause::kAnalysisFailed);
        QCOMPARE(m_driver->weight, 10); // still there: a person decides
        QCOMPARE(m_driver->aborts, 0);
        // More failing measurements while paused change nothing.
        for (int i = 0; i < 3; ++i)
            tickAndAdvance(60);
        QCOMPARE(stateName(m_store->rollout(id)->state), QStringLiteral("paused"));
        const auto outcome = m_controls->act(id, RolloutControls::Action::Abort, QStringLiteral("oncall@test.local"), QStringLiteral("errors"));
        QCOMPARE(outcome.code, RolloutControls::Outcome::Code::Done);
        tickAndAdvance(1);
        r = *m_store->rollout(id);
        QCOMPARE(stateName(r.state), QStringLiteral("aborted"));
        QVERIFY(r.settled);
        QCOMPARE(m_driver->weight, 0);
        QCOMPARE(m_driver->canaryReplicas, 0);
        QVERIFY(m_notifier->texts.last().contains(QLatin1String("aborted by oncall@test.local: errors. Traffic is back on the stable track.")));
    }

    void prometheusDownAbortsPastTheErrorLimitAndNeverPromotes()
    {
        m_metrics->prometheusDown = true;
        const qint64 id = start(QStringLiteral("noprom"));
        QVERIFY(runUntilEnded(id));
        const Rollout r = *m_store->rollout(id);
        QCOMPARE(stateName(r.state), QStringLiteral("aborted"));
        QVERIFY2(r.message.contains(QLatin1String("could not be measured 4 times in a row")), qPrintable(r.message));
        QVERIFY(!m_driver->calls.contains(QStringLiteral("promote")));
        QCOMPARE(countIf(m_store->measurements(id), [](const StoredMeasurement &s) { return s.m.verdict == Verdict::Error; }), 2 * 4);
        QCOMPARE(m_driver->canaryReplicas, 0);
    }

    void prometheusDownPausesWhenRollbackIsManual()
    {
        m_metrics->prometheusDown = true;
        const qint64 id = start(QStringLiteral("noprom-manual"), seedStrategy(QStringLiteral("manual")));
        QVERIFY(runUntil(id, [](const Rollout &r) { return r.state == RolloutState::Paused; }));
        QCOMPARE(m_store->rollout(id)->pauseReason, pause::kAnalysisError);
        for (int i = 0; i < 10; ++i)
            tickAndAdvance(60);
        QCOMPARE(stateName(m_store->rollout(id)->state), QStringLiteral("paused"));
        QVERIFY(!m_driver->calls.contains(QStringLiteral("promote")));
    }

    void inconclusivePausesAndResumeStartsTheStepOver()
    {
        m_metrics->values[QStringLiteral("success-rate/canary")] = std::nan("");
        const qint64 id = start(QStringLiteral("quiet"));
        QVERIFY(runUntil(id, [](const Rollout &r) { return r.state == RolloutState::Paused; }));
        Rollout r = *m_store->rollout(id);
        QCOMPARE(r.pauseReason, pause::kInconclusive);
        QCOMPARE(r.analysisRun, 1);
        m_metrics->values[QStringLiteral("success-rate/canary")] = 0.999;
        QCOMPARE(m_controls->act(id, RolloutControls::Action::Resume, QStringLiteral("oncall"), {}).code, RolloutControls::Outcome::Code::Done);
        r = *m_store->rollout(id);
        QCOMPARE(stateName(r.state), QStringLiteral("progressing"));
        QCOMPARE(r.analysisRun, 2); // a fresh tally: the inconclusive ones no longer count
        QVERIFY(runUntilEnded(id));
        QCOMPARE(stateName(m_store->rollout(id)->state), QStringLiteral("succeeded"));
    }

    void theStableTrackFailingTooIsNotBlamedOnTheCanary()
    {
        m_metrics->values[QStringLiteral("success-rate/canary")] = 0.9;
        m_metrics->values[QStringLiteral("success-rate/stable")] = 0.91;
        const qint64 id = start(QStringLiteral("badstable"));
        QVERIFY(runUntil(id, [](const Rollout &r) { return r.state == RolloutState::Paused || !isActive(r.state); }));
        const Rollout r = *m_store->rollout(id);
        QCOMPARE(stateName(r.state), QStringLiteral("paused"));
        QCOMPARE(r.pauseReason, pause::kStableFailing);
        QVERIFY2(r.message.contains(QLatin1String("the stable track fails success-rate too")), qPrintable(r.message));
        QCOMPARE(m_driver->aborts, 0);
        const auto ms = m_store->measurements(id);
        QVERIFY(std::any_of(ms.begin(), ms.end(), [](const StoredMeasurement &s) { return s.m.track == QLatin1String("canary") && !s.counted; }));
        // The canary is the fix: on-call promotes it fully.
        QCOMPARE(m_controls->act(id, RolloutControls::Action::PromoteFull, QStringLiteral("oncall"), QStringLiteral("canary fixes it")).code,
                 RolloutControls::Outcome::Code::Done);
        QVERIFY(runUntilEnded(id));
        QCOMPARE(stateName(m_store->rollout(id)->state), QStringLiteral("succeeded"));
    }

    void anIndefinitePauseWaitsForAPersonWithADeadline()
    {
        core::DeployStrategy d = seedStrategy();
        d.canarySteps = {core::CanaryStep{20, 0, true}, core::CanaryStep{100, 0, false}};
        const qint64 id = start(QStringLiteral("gate"), d);
        QVERIFY(runUntil(id, [](const Rollout &r) { return r.state == RolloutState::Paused; }));
        QCOMPARE(m_store->rollout(id)->pauseReason, pause::kIndefinite);
        QVERIFY(m_notifier->texts.last().contains(QLatin1String("waiting for a person")));
        // Resume passes the gate.
        QCOMPARE(m_controls->act(id, RolloutControls::Action::Resume, QStringLiteral("oncall"), {}).code, RolloutControls::Outcome::Code::Done);
        QCOMPARE(m_store->rollout(id)->stepIndex, 1);
        QVERIFY(runUntilEnded(id));
        QCOMPARE(stateName(m_store->rollout(id)->state), QStringLiteral("succeeded"));

        // Nobody comes: aborted at the deadline, which a new machine still knows from the row.
        const qint64 second = start(QStringLiteral("gate-2"), d);
        QVERIFY(runUntil(second, [](const Rollout &r) { return r.state == RolloutState::Paused; }));
        m_clock->advance(Timeouts{}.person - 120);
        recreateMachine();
        m_machine->tick();
        QCOMPARE(stateName(m_store->rollout(second)->state), QStringLiteral("paused"));
        m_clock->advance(180);
        recreateMachine();
        m_machine->tick();
        const Rollout r = *m_store->rollout(second);
        QCOMPARE(stateName(r.state), QStringLiteral("aborted"));
        QVERIFY(r.message.contains(QLatin1String("no decision within 86400 s")));
        QVERIFY(r.settled);
    }

    void aCanaryThatNeverGetsReadyIsRolledBackAtItsDeadline()
    {
        m_driver->neverReady = true;
        const qint64 id = start(QStringLiteral("unready"));
        QVERIFY(runUntilEnded(id));
        const Rollout r = *m_store->rollout(id);
        QCOMPARE(stateName(r.state), QStringLiteral("rolled_back"));
        QCOMPARE(r.failingMetric, QStringLiteral("canary-ready"));
        QVERIFY(r.message.contains(QLatin1String("not ready within 600 s")));
        QVERIFY(m_driver->weightsSet.isEmpty()); // never given traffic
    }

    void aStuckPromotionFailsAndLeavesTrafficAlone()
    {
        m_driver->promoteCalls = 1000000;
        const qint64 id = start(QStringLiteral("stuck"));
        QVERIFY(runUntilEnded(id));
        const Rollout r = *m_store->rollout(id);
        QCOMPARE(stateName(r.state), QStringLiteral("failed"));
        QVERIFY(r.message.contains(QLatin1String("promotion did not complete within 900 s")));
        QCOMPARE(m_driver->aborts, 0);
        QVERIFY(m_notifier->texts.last().contains(QLatin1String("failed")));
    }

    void driverErrorsAreRetriedUntilTheDeadline()
    {
        const qint64 id = start(QStringLiteral("apidown"));
        m_driver->error = QStringLiteral("connection refused");
        for (int i = 0; i < 3; ++i)
            tickAndAdvance(60);
        Rollout r = *m_store->rollout(id);
        QCOMPARE(stateName(r.state), QStringLiteral("progressing"));
        QVERIFY(r.message.contains(QLatin1String("retrying: connection refused")));
        m_driver->error.clear();
        QVERIFY(runUntilEnded(id));
        QCOMPARE(stateName(m_store->rollout(id)->state), QStringLiteral("succeeded"));
    }

    void aNewReleaseSupersedesTheRunningRollout()
    {
        const qint64 first = start(QStringLiteral("busy"));
        QVERIFY(runUntil(first, [](const Rollout &r) { return r.stepIndex == 1 && r.stepPhase == QLatin1String("analysing"); }));
        QCOMPARE(m_driver->weight, 50);
        const RolloutStore::Started next = m_store->start(test::release(QStringLiteral("busy"), QStringLiteral("2"), seedStrategy()), m_clock->now);
        QVERIFY(next.created);
        QCOMPARE(next.superseded, first);
        // The same release again is the same rollout.
        QCOMPARE(m_store->start(test::release(QStringLiteral("busy"), QStringLiteral("2"), seedStrategy()), m_clock->now).rollout.id, next.rollout.id);
        m_machine->tick();
        const Rollout old = *m_store->rollout(first);
        QCOMPARE(stateName(old.state), QStringLiteral("superseded"));
        QCOMPARE(old.supersededBy, next.rollout.id);
        QVERIFY(old.settled);
        QCOMPARE(m_driver->aborts, 1); // drained before the new one starts from the stable track
        QVERIFY(runUntilEnded(next.rollout.id));
        QCOMPARE(stateName(m_store->rollout(next.rollout.id)->state), QStringLiteral("succeeded"));
        QCOMPARE(m_driver->stableImage, next.rollout.image);
        QCOMPARE(m_driver->weightsSet, (QList<int>{10, 50, 10, 50, 100}));
        // One active rollout per service, whatever writes the rows.
        bool ok = true;
        m_db.pg.query(QStringLiteral("INSERT INTO rollouts (service, namespace, image, strategy, state, created_at, updated_at) VALUES "
                                     "('busy', 'shop', 'x', '{}', 'progressing', now(), now()), ('busy', 'shop', 'y', '{}', 'paused', now(), now())"),
                      &ok);
        QVERIFY(!ok);
    }

    // A machine destroyed after every tick, a new one on the same rows: the same path, the same
    // outcome, and no step or measurement taken twice.
    void aRecreatedMachineResumesAtEveryState()
    {
        const qint64 id = start(QStringLiteral("restarts"));
        QSet<QString> seen;
        for (int i = 0; i < 200 && isActive(m_store->rollout(id)->state); ++i) {
            recreateMachine();
            seen << stateName(m_store->rollout(id)->state) + u'/' + m_store->rollout(id)->stepPhase;
            tickAndAdvance(30);
        }
        QCOMPARE(stateName(m_store->rollout(id)->state), QStringLiteral("succeeded"));
        QVERIFY(seen.contains(QStringLiteral("pending/scaling")));
        QVERIFY(seen.contains(QStringLiteral("progressing/scaling")));
        QVERIFY(seen.contains(QStringLiteral("progressing/analysing")));
        QVERIFY(seen.contains(QStringLiteral("promoting/scaling")));
        QCOMPARE(m_driver->weightsSet, (QList<int>{10, 50, 100}));
        QCOMPARE(m_store->measurements(id).size(), 2 * 5 * 4);

        // Paused by a person, then a restart: still paused, and the resume carries on.
        const qint64 second = start(QStringLiteral("restarts-2"));
        QVERIFY(runUntil(second, [](const Rollout &r) { return r.stepPhase == QLatin1String("analysing"); }));
        QCOMPARE(m_controls->act(second, RolloutControls::Action::Pause, QStringLiteral("oncall"), {}).code, RolloutControls::Outcome::Code::Done);
        recreateMachine();
        for (int i = 0; i < 10; ++i)
            tickAndAdvance(60);
        QCOMPARE(stateName(m_store->rollout(second)->state), QStringLiteral("paused"));
        QCOMPARE(m_controls->act(second, RolloutControls::Action::Resume, QStringLiteral("oncall"), {}).code, RolloutControls::Outcome::Code::Done);
        recreateMachine();
        QVERIFY(runUntilEnded(second));
        QCOMPARE(stateName(m_store->rollout(second)->state), QStringLiteral("succeeded"));

        // Ended but not yet drained when the process died: the next machine drains it.
        m_metrics->values[QStringLiteral("success-rate/canary")] = 0.2;
        const qint64 third = start(QStringLiteral("restarts-3"));
        m_driver->error.clear();
        QVERIFY(runUntil(third, [](const Rollout &r) { return r.stepPhase == QLatin1String("analysing"); }));
        m_driver->error = QStringLiteral("the API server is down");
        for (int i = 0; i < 10 && isActive(m_store->rollout(third)->state); ++i)
            tickAndAdvance(60);
        Rollout r = *m_store->rollout(third);
        QCOMPARE(stateName(r.state), QStringLiteral("rolled_back"));
        QVERIFY(!r.settled);
        m_driver->error.clear();
        recreateMachine();
        m_machine->tick();
        QVERIFY(m_store->rollout(third)->settled);
        QCOMPARE(m_driver->canaryReplicas, 0);
    }

private:
    void recreateMachine()
    {
        m_machine.reset();
        RolloutMachine::Options options;
        m_machine = std::make_unique<RolloutMachine>(*m_store, *m_driver, m_metrics->measurer(), m_clock->clock(), options, m_notifier.get());
    }

    qint64 start(const QString &service, const core::DeployStrategy &strategy = seedStrategy())
    {
        const auto s = m_store->start(test::release(service, QStringLiteral("1"), strategy), m_clock->now);
        return s.rollout.id;
    }

    void tickAndAdvance(int seconds)
    {
        m_machine->tick();
        m_clock->advance(seconds);
    }

    bool runUntil(qint64 id, const std::function<bool(const Rollout &)> &done, int maxTicks = 400)
    {
        for (int i = 0; i < maxTicks; ++i) {
            if (done(*m_store->rollout(id)))
                return true;
            tickAndAdvance(30);
        }
        return done(*m_store->rollout(id));
    }

    bool runUntilEnded(qint64 id)
    {
        return runUntil(id, [](const Rollout &r) { return !isActive(r.state) && r.settled; });
    }

    template <typename F>
    static int countIf(const QList<StoredMeasurement> &ms, F f)
    {
        return int(std::count_if(ms.begin(), ms.end(), f));
    }

    test::RolloutDatabase m_db{QStringLiteral("rollouts")};
    std::unique_ptr<test::FakeClock> m_clock;
    std::unique_ptr<test::FakeDriver> m_driver;
    std::unique_ptr<test::ScriptedMetrics> m_metrics;
    std::unique_ptr<test::CollectingNotifier> m_notifier;
    std::unique_ptr<RolloutStore> m_store;
    std::unique_ptr<RolloutControls> m_controls;
    std::unique_ptr<RolloutMachine> m_machine;
};

QTEST_GUILESS_MAIN(TestRolloutMachine)
#include "tst_rolloutmachine.moc"
