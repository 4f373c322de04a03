// The Canary screen's models read rollouts as encliid writes them: the fixtures come from the
// daemon's own serializer (RolloutFixtures.h), so a change of shape on either side fails here.
// Also: the list's order, the measurements' verdicts and highlighting, and hostile answers.

#include "RolloutFixtures.h"
#include "models/MeasurementTableModel.h"
#include "models/Rollout.h"
#include "models/RolloutFormat.h"
#include "models/RolloutListModel.h"

#include <QJsonDocument>
#include <QTest>

using namespace enclii::ui;
using namespace Qt::StringLiterals;
using enclii::test::CanaryCase;

namespace {

const QDateTime Now = QDateTime::currentDateTimeUtc();

Rollout parsed(const QJsonObject &json)
{
    const std::optional<Rollout> r = Rollout::fromJson(json);
    if (!r)
        qFatal("the rollout did not parse");
    return *r;
}

} // namespace

class TestConsoleRolloutModels : public QObject
{
    Q_OBJECT

private slots:
    void detailOfAProgressingRollout();
    void rolledBackRolloutSaysWhatFailed();
    void trafficByReplicaRatioHasAPrecision();
    void listPutsActiveRolloutsFirst();
    void measurementsNewestFirstWithFailuresHighlighted();
    void actionsAreTheDaemonsNames();
    void malformedAnswersDoNotCrash();
    void hostileSizesAreCapped();
};

void TestConsoleRolloutModels::detailOfAProgressingRollout()
{
    const CanaryCase c = enclii::test::progressingCase(Now);
    const Rollout r = parsed(c.detail());
    QCOMPARE(r.id, 42);
    QCOMPARE(r.service, u"forgesight-api"_s);
    QCOMPARE(r.project, u"forgesight"_s);
    QCOMPARE(r.namespaceName, u"forgesight"_s);
    QVERIFY(r.image.contains(u"@sha256:"_s));
    QCOMPARE(r.state, RolloutState::Progressing);
    QVERIFY(r.isActive());
    QCOMPARE(r.stepIndex, 1);
    QCOMPARE(r.stepCount, 3);
    QCOMPARE(r.stepWeight, 50);
    QCOMPARE(r.stepPhase, u"analysing"_s);
    QCOMPARE(r.createdAt, c.rollout.createdAt.toUTC());
    QVERIFY(r.analysisStartedAt.isValid());
    QVERIFY(r.hasDetail);

    // 10 % -> 50 % -> 100 %, with where the rollout is.
    QCOMPARE(r.steps.size(), 3);
    QCOMPARE(r.steps.at(0).weight, 10);
    QCOMPARE(r.steps.at(0).status, u"done"_s);
    QCOMPARE(r.steps.at(0).pauseSeconds, 300);
    QCOMPARE(r.steps.at(1).weight, 50);
    QCOMPARE(r.steps.at(1).status, u"analysing"_s);
    QCOMPARE(r.steps.at(2).weight, 100);
    QCOMPARE(r.steps.at(2).status, u"waiting"_s);
    QVERIFY(r.steps.at(0).enteredAt.isValid());

    QVERIFY(r.thresholds.known);
    QCOMPARE(r.thresholds.minSuccessRatePercent, 99.0);
    QCOMPARE(r.thresholds.latencyPercentile, 99);
    QCOMPARE(r.thresholds.maxLatencyMs, 500);
    QCOMPARE(r.thresholds.failureLimit, 1);
    QCOMPARE(r.thresholds.rollback, u"automatic"_s);

    QCOMPARE(r.timeline.size(), 2);
    QCOMPARE(r.timeline.at(1).to, u"progressing"_s);
    QCOMPARE(r.timeline.at(1).step, 1);
    QCOMPARE(r.timeline.at(1).actor, u"canary"_s);

    QCOMPARE(r.measurements.size(), 40);
    const RolloutMeasurement &slow = r.measurements.at(8 * 4 + 3);
    QCOMPARE(slow.metric, u"latency-p99"_s);
    QCOMPARE(slow.track, u"canary"_s);
    QCOMPARE(slow.value, std::optional<double>(0.62));
    QCOMPARE(slow.threshold, u"result <= 0.5"_s);
    QCOMPARE(slow.verdict, u"failed"_s);
    QVERIFY(slow.isFailure() && slow.counted && slow.gates);
    QCOMPARE(slow.step, 1);
    QCOMPARE(slow.run, 3);
    const RolloutMeasurement &none = r.measurements.at(2 * 4 + 3);
    QCOMPARE(none.verdict, u"inconclusive"_s);
    QVERIFY(!none.value);
    QVERIFY(!r.measurements.at(1).gates); // the stable track: for comparison

    // The charts' series: canary and stable success rate, ten points each; latency skips the
    // measurement that has no value.
    QCOMPARE(r.series(&RolloutMeasurement::isSuccessRate, u"canary"_s).size(), 10);
    QCOMPARE(r.series(&RolloutMeasurement::isSuccessRate, u"stable"_s).size(), 10);
    const QList<QPointF> latency = r.series(&RolloutMeasurement::isLatency, u"canary"_s);
    QCOMPARE(latency.size(), 9);
    QVERIFY(std::is_sorted(latency.cbegin(), latency.cend(), [](const QPointF &a, const QPointF &b) { return a.x() < b.x(); }));
    QCOMPARE(r.failingMeasurements(), 1);

    QCOMPARE(r.actions, (QList<RolloutAction>{RolloutAction::Promote, RolloutAction::PromoteFull, RolloutAction::Pause,
                                              RolloutAction::Abort}));
    QVERIFY(r.traffic.byIngress);
    QCOMPARE(r.traffic.canaryWeight, 50.0);
    QCOMPARE(r.traffic.stableWeight, 50.0);
    QCOMPARE(RolloutFormat::trafficMode(r.traffic), u"by ingress weight (exact)"_s);
    QCOMPARE(RolloutFormat::stepText(r), u"Step 2 of 3 · 50 %"_s);
}

void TestConsoleRolloutModels::rolledBackRolloutSaysWhatFailed()
{
    const Rollout r = parsed(enclii::test::rolledBackCase(Now).detail());
    QCOMPARE(r.state, RolloutState::RolledBack);
    QVERIFY(!r.isActive());
    QCOMPARE(r.failingMetric, u"success-rate"_s);
    QCOMPARE(r.failingValue, std::optional<double>(0.962));
    QCOMPARE(RolloutFormat::value(r.failingMetric, r.failingValue), u"96.2 %"_s);
    QVERIFY(r.message.startsWith(u"rolled back at step 1 of 3"_s));
    QVERIFY(r.finishedAt.isValid());
    QCOMPARE(r.steps.at(0).status, u"stopped"_s);
    QCOMPARE(r.actions, QList<RolloutAction>{RolloutAction::Retry});
}

void TestConsoleRolloutModels::trafficByReplicaRatioHasAPrecision()
{
    const Rollout r = parsed(enclii::test::pausedCase(Now).detail());
    QCOMPARE(r.state, RolloutState::Paused);
    QCOMPARE(r.pauseReason, u"inconclusive"_s);
    QVERIFY(!r.traffic.byIngress);
    QCOMPARE(r.traffic.stableReplicas, 3);
    QCOMPARE(r.traffic.canaryReplicas, 1);
    QCOMPARE(r.traffic.canaryWeight, 25.0);
    QCOMPARE(r.traffic.requestedWeight, 10);
    QCOMPARE(r.traffic.replicaStep(), 25.0);
    QCOMPARE(RolloutFormat::trafficMode(r.traffic), u"by replica ratio, precision 25 %"_s);
    QVERIFY2(r.traffic.precision.contains(u"3 stable + 1 canary pods"_s), qPrintable(r.traffic.precision));
    QCOMPARE(r.steps.at(0).status, u"paused"_s);
    QCOMPARE(r.actions, (QList<RolloutAction>{RolloutAction::Promote, RolloutAction::PromoteFull, RolloutAction::Resume,
                                              RolloutAction::Abort}));
}

void TestConsoleRolloutModels::listPutsActiveRolloutsFirst()
{
    // The list items are summaries: no steps, measurements or actions.
    const QJsonObject list = enclii::test::rolloutList(enclii::test::canaryCases(Now));
    const Rollout summary = parsed(list.value("items"_L1).toArray().at(0).toObject());
    QVERIFY(!summary.hasDetail);
    QVERIFY(summary.steps.isEmpty() && summary.actions.isEmpty());
    QCOMPARE(summary.stepCount, 3);

    RolloutListModel model;
    QVERIFY(!model.hasLoaded());
    model.setRollouts(list.value("items"_L1).toArray());
    QVERIFY(model.hasLoaded());
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.activeCount(), 2);
    // The paused one waits for a person: on top; then the one moving; then history, newest first.
    QStringList order;
    for (int row = 0; row < model.rowCount(); ++row)
        order << model.index(row, RolloutListModel::ServiceColumn).data().toString();
    QCOMPARE(order, (QStringList{u"switchyard"_s, u"forgesight-api"_s, u"janua-web"_s, u"forgesight-worker"_s}));
    const QModelIndex api = model.index(1, 0);
    QCOMPARE(model.index(1, RolloutListModel::StateColumn).data().toString(), u"Progressing"_s);
    QCOMPARE(model.index(1, RolloutListModel::StepColumn).data().toString(), u"2/3"_s);
    QCOMPARE(model.index(1, RolloutListModel::WeightColumn).data().toString(), u"50.0 %"_s);
    QCOMPARE(model.index(1, RolloutListModel::AgeColumn).data().toString(), u"13m"_s);
    QCOMPARE(api.data(RolloutListModel::IdRole).toLongLong(), 42);
    QVERIFY(api.data(RolloutListModel::ActiveRole).toBool());
    QCOMPARE(model.index(2, RolloutListModel::WeightColumn).data().toString(), u"—"_s); // ended: no traffic
    QCOMPARE(model.index(2, RolloutListModel::StateColumn).data(Qt::DecorationRole).value<QColor>(),
             RolloutFormat::stateColor(RolloutState::RolledBack));

    // A fresher copy of one rollout updates its row in place.
    Rollout paused = parsed(enclii::test::pausedCase(Now).detail());
    paused.state = RolloutState::Progressing;
    QVERIFY(model.update(paused));
    QCOMPARE(model.index(0, RolloutListModel::StateColumn).data().toString(), u"Progressing"_s);
    QVERIFY(model.rollout(40)->steps.isEmpty()); // the list keeps summaries
    paused.id = 999;
    QVERIFY(!model.update(paused));
}

void TestConsoleRolloutModels::measurementsNewestFirstWithFailuresHighlighted()
{
    const Rollout r = parsed(enclii::test::progressingCase(Now).detail());
    MeasurementTableModel model;
    model.setMeasurements(r.measurements);
    QCOMPARE(model.rowCount(), 40);
    QVERIFY(model.measurements().first().at >= model.measurements().last().at);
    int failures = 0;
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex verdict = model.index(row, MeasurementTableModel::VerdictColumn);
        if (!verdict.data(MeasurementTableModel::FailureRole).toBool()) {
            QVERIFY(!verdict.data(Qt::BackgroundRole).isValid());
            continue;
        }
        ++failures;
        QCOMPARE(verdict.data().toString(), u"failed"_s);
        QCOMPARE(model.index(row, MeasurementTableModel::MetricColumn).data().toString(), u"Latency p99"_s);
        QCOMPARE(model.index(row, MeasurementTableModel::TrackColumn).data().toString(), u"canary"_s);
        QCOMPARE(model.index(row, MeasurementTableModel::ValueColumn).data().toString(), u"620 ms"_s);
        QCOMPARE(model.index(row, MeasurementTableModel::ThresholdColumn).data().toString(), u"result <= 0.5"_s);
        QCOMPARE(model.index(row, MeasurementTableModel::StepColumn).data().toString(), u"2 · 3"_s);
        QVERIFY(model.index(row, MeasurementTableModel::ValueColumn).data(Qt::BackgroundRole).isValid());
        QCOMPARE(verdict.data(Qt::DecorationRole).value<QColor>(), RolloutFormat::verdictColor(u"failed"_s));
    }
    QCOMPARE(failures, 1);

    // A failure the stable track shares is excused, and not highlighted.
    RolloutMeasurement excused = r.measurements.at(8 * 4 + 3);
    excused.counted = false;
    model.setMeasurements({excused});
    QCOMPARE(model.index(0, MeasurementTableModel::VerdictColumn).data().toString(), u"failed (excused)"_s);
    QVERIFY(!model.index(0, 0).data(Qt::BackgroundRole).isValid());
    model.setMeasurements({r.measurements.at(1)});
    QCOMPARE(model.index(0, MeasurementTableModel::VerdictColumn).data().toString(), u"passed (for comparison)"_s);
    QCOMPARE(model.index(0, MeasurementTableModel::ValueColumn).data().toString(), u"99.93 %"_s);
}

void TestConsoleRolloutModels::actionsAreTheDaemonsNames()
{
    // Every control the daemon knows has a button, under the same name.
    using Action = enclii::canary::RolloutControls::Action;
    const QList<Action> daemon{Action::PromoteStep, Action::PromoteFull, Action::Pause, Action::Resume, Action::Abort, Action::Retry};
    QCOMPARE(allRolloutActions().size(), daemon.size());
    for (int i = 0; i < daemon.size(); ++i) {
        const QString name = enclii::canary::RolloutControls::actionName(daemon.at(i));
        QCOMPARE(rolloutActionFromName(name), std::optional<RolloutAction>(allRolloutActions().at(i)));
        QCOMPARE(rolloutActionName(allRolloutActions().at(i)), name);
    }
    QVERIFY(!rolloutActionFromName(u"rollback"_s));
}

void TestConsoleRolloutModels::malformedAnswersDoNotCrash()
{
    QVERIFY(!Rollout::fromJson({}));
    QVERIFY(!Rollout::fromJson({{"id"_L1, 5}})); // no service
    QVERIFY(!Rollout::fromJson({{"id"_L1, "5"_L1}, {"service"_L1, "x"_L1}}));
    QVERIFY(!Rollout::fromJson({{"id"_L1, -3}, {"service"_L1, "x"_L1}}));

    // Every field of a real detail in turn replaced by the wrong kind of value.
    const QJsonObject real = enclii::test::progressingCase(Now).detail();
    const QList<QJsonValue> wrong{QJsonValue(), QJsonValue(true), QJsonValue(-1e300), QJsonValue(u"x"_s), QJsonArray{1, u"a"_s, QJsonArray{}},
                                  QJsonObject{{"index"_L1, u"nope"_s}}};
    for (auto it = real.begin(); it != real.end(); ++it)
        for (const QJsonValue &value : wrong) {
            QJsonObject broken = real;
            broken.insert(it.key(), value);
            const std::optional<Rollout> r = Rollout::fromJson(broken);
            if (it.key() != "id"_L1 && it.key() != "service"_L1)
                QVERIFY2(r.has_value(), qPrintable(it.key()));
            if (r) {
                QVERIFY(r->stepIndex >= 0 && r->stepIndex <= std::max(0, r->stepCount - 1));
                QVERIFY(r->traffic.canaryWeight >= 0 && r->traffic.canaryWeight <= 100);
            }
        }
    // Elements of the wrong kind inside the lists are skipped.
    QJsonObject mixed = real;
    mixed.insert("measurements"_L1, QJsonArray{1, u"x"_s, QJsonObject{{"value"_L1, u"high"_s}, {"at"_L1, 7}}, QJsonValue()});
    mixed.insert("actions"_L1, QJsonArray{u"promote"_s, 3, u"self-destruct"_s, u"promote"_s});
    mixed.insert("steps"_L1, QJsonArray{QJsonObject{{"weight"_L1, 250}, {"index"_L1, -4}}});
    const Rollout r = parsed(mixed);
    QCOMPARE(r.measurements.size(), 1);
    QVERIFY(!r.measurements.at(0).value);
    QVERIFY(!r.measurements.at(0).at.isValid());
    QVERIFY(r.series(&RolloutMeasurement::isSuccessRate, u"canary"_s).isEmpty());
    QCOMPARE(r.actions, QList<RolloutAction>{RolloutAction::Promote});
    QCOMPARE(r.steps.at(0).weight, 100);
    QCOMPARE(r.steps.at(0).index, 0);

    // Not even a list: nothing, and the model still answers.
    RolloutListModel model;
    model.setRollouts(QJsonArray{1, u"x"_s, QJsonObject{}, QJsonObject{{"id"_L1, 1}}});
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(model.hasLoaded());
    QVERIFY(!model.index(5, 0).data().isValid());
    QVERIFY(!Rollout::fromJson(QJsonDocument::fromJson("{\"id\": 1, \"service\": ").object()));
}

void TestConsoleRolloutModels::hostileSizesAreCapped()
{
    QJsonObject detail = enclii::test::progressingCase(Now).detail();
    QJsonArray many;
    const QJsonObject one = detail.value("measurements"_L1).toArray().at(0).toObject();
    for (int i = 0; i < RolloutLimits::MaxMeasurements + 500; ++i)
        many.append(one);
    detail.insert("measurements"_L1, many);
    QJsonArray steps;
    for (int i = 0; i < 1000; ++i)
        steps.append(QJsonObject{{"index"_L1, i}, {"weight"_L1, 1}});
    detail.insert("steps"_L1, steps);
    detail.insert("message"_L1, QString(100000, u'x'));
    detail.insert("step"_L1, QJsonObject{{"index"_L1, 1 << 30}, {"count"_L1, 1 << 30}});
    const Rollout r = parsed(detail);
    QCOMPARE(r.measurements.size(), RolloutLimits::MaxMeasurements);
    QCOMPARE(r.steps.size(), RolloutLimits::MaxSteps);
    QCOMPARE(r.message.size(), RolloutLimits::MaxText);
    QCOMPARE(r.stepCount, RolloutLimits::MaxSteps);
    QCOMPARE(r.stepIndex, RolloutLimits::MaxSteps - 1);

    QJsonArray items;
    for (int i = 0; i < RolloutLimits::MaxRollouts + 10; ++i)
        items.append(QJsonObject{{"id"_L1, i + 1}, {"service"_L1, u"s%1"_s.arg(i)}, {"state"_L1, "succeeded"_L1}});
    RolloutListModel model;
    model.setRollouts(items);
    QCOMPARE(model.rowCount(), RolloutLimits::MaxRollouts);
}

QTEST_GUILESS_MAIN(TestConsoleRolloutModels)
#include "tst_console_rolloutmodels.moc"
