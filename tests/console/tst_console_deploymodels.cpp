// The dashboards' models fed from JSON fixtures in tests/console/data (the seed ecosystem as
// the reconciler deploys it: deployments.json, deployment-forgesight-api.json,
// metrics-forgesight-api.json, drift.json, cluster.json): reading deployments, pods, metrics,
// drift and the cluster forgivingly and within bounds, the app/component tree and its
// in-place updates, the pods table, the event feeds and the nodes table.

#include "BuildFixtures.h"
#include "models/ClusterNodesModel.h"
#include "models/Deployment.h"
#include "models/DeploymentFormat.h"
#include "models/DeploymentTreeModel.h"
#include "models/EventFeedModel.h"
#include "models/PodTableModel.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace enclii::ui;
using namespace Qt::StringLiterals;
using enclii::test::readTestJson;

namespace {

QJsonArray fixtureDeployments()
{
    return readTestJson(u"deployments.json"_s).value("items"_L1).toArray();
}

QJsonObject fixtureDeployment(const QString &service)
{
    for (const QJsonValue &v : fixtureDeployments())
        if (v.toObject().value("service"_L1).toString() == service)
            return v.toObject();
    return {};
}

QString cell(const QAbstractItemModel &model, const QModelIndex &index, int column)
{
    return model.index(index.row(), column, index.parent()).data().toString();
}

} // namespace

class TestConsoleDeployModels : public QObject
{
    Q_OBJECT

private slots:
    void readsADeploymentSummary();
    void readsADeploymentDetail();
    void unreadableInputIsForgiven();
    void hostileInputIsBounded();
    void readsMetrics();
    void readsTheCluster();
    void treeGroupsComponentsByApp();
    void treeUpdatesInPlace();
    void treeDropsVanishedAndMovedComponents();
    void podsTroubleFirst();
    void eventFeedsAreNewestFirstAndDeduplicated();
    void nodesTableShowsShares();
    void agesAreShort();
};

void TestConsoleDeployModels::readsADeploymentSummary()
{
    const std::optional<Deployment> d = Deployment::fromJson(fixtureDeployment(u"forgesight-api"_s));
    QVERIFY(d);
    QCOMPARE(d->project, u"forgesight"_s);
    QCOMPARE(d->namespaceName, u"enclii-forgesight"_s);
    QCOMPARE(d->component, u"api"_s);
    QCOMPARE(d->wave, u"app-deployments"_s);
    QCOMPARE(d->state, DeploymentState::Progressing);
    QCOMPARE(d->desiredReplicas, 3);
    QCOMPARE(d->readyReplicas, 2);
    QCOMPARE(d->updatedReplicas, 3);
    QCOMPARE(d->release.id, 14);
    QVERIFY(d->release.digest.startsWith(u"sha256:"_s));
    QVERIFY(d->release.image.endsWith(d->release.digest));
    QCOMPARE(d->conditions.size(), 2);
    QVERIFY(d->lastAppliedAt.isValid());
    QVERIFY(d->lastDrift);
    QCOMPARE(d->lastDrift->service, u"forgesight-api"_s); // the summary's own service
    QCOMPARE(d->lastDrift->action, u"reapplied"_s);
    QVERIFY(d->simulated);
    QVERIFY(!d->hasDetail);
    QVERIFY2(d->explanation().contains(u"waiting for 1 more"_s), qPrintable(d->explanation()));

    // A deployment not yet applied: no release, no lastAppliedAt, a False-less explanation.
    const std::optional<Deployment> site = Deployment::fromJson(fixtureDeployment(u"madfam-site-web"_s));
    QVERIFY(site);
    QCOMPARE(site->state, DeploymentState::Pending);
    QCOMPARE(site->release.id, 0);
    QVERIFY(!site->lastAppliedAt.isValid());
    QVERIFY(!site->lastDrift);
    QVERIFY(site->explanation().contains(u"app-deployments"_s));
    const std::optional<Deployment> failed = Deployment::fromJson(fixtureDeployment(u"bloom-scroll-api"_s));
    QVERIFY(failed->explanation().contains(u"CrashLoopBackOff"_s)); // the False condition speaks
}

void TestConsoleDeployModels::readsADeploymentDetail()
{
    const std::optional<Deployment> d = Deployment::fromJson(readTestJson(u"deployment-forgesight-api.json"_s));
    QVERIFY(d);
    QVERIFY(d->hasDetail);
    QCOMPARE(d->pods.size(), 3);
    QCOMPARE(d->pendingPods(), 1);
    const PodStatus &pending = d->pods.at(2);
    QVERIFY(pending.isPending());
    QVERIFY(pending.node.isEmpty());
    QVERIFY(!pending.startedAt.isValid());
    QVERIFY(pending.reason.contains(u"Insufficient cpu"_s));
    QCOMPARE(d->pods.at(0).cpuMillicores, 168);
    QCOMPARE(d->pods.at(0).memoryBytes, 247463936);
    QCOMPARE(d->pods.at(0).node, u"sim-node-1"_s);
    // Kubernetes quantities: "200m", "512Mi", "1", "2Gi".
    QCOMPARE(d->requests.cpuMillicores, 200);
    QCOMPARE(d->requests.memoryBytes, 512LL * 1024 * 1024);
    QCOMPARE(d->limits.cpuMillicores, 1000);
    QCOMPARE(d->limits.memoryBytes, 2LL * 1024 * 1024 * 1024);
    QCOMPARE(d->events.size(), 6);
    QCOMPARE(d->events.first().type, u"scaled"_s);
    for (int i = 1; i < d->events.size(); ++i)
        QVERIFY(d->events.at(i - 1).at >= d->events.at(i).at);
}

void TestConsoleDeployModels::unreadableInputIsForgiven()
{
    QVERIFY(!Deployment::fromJson({}));
    QVERIFY(!Deployment::fromJson(QJsonObject{{"service"_L1, 42}}));
    // Only a service: everything else empty, the app falls back to the namespace.
    const QJsonObject bare{{"service"_L1, "x"_L1}, {"namespace"_L1, "ns"_L1}, {"state"_L1, "sideways"_L1},
                           {"desiredReplicas"_L1, "three"_L1}, {"readyReplicas"_L1, -4}, {"release"_L1, QJsonValue::Null},
                           {"lastDrift"_L1, QJsonObject{{"at"_L1, "yesterday"_L1}}}, {"conditions"_L1, "none"_L1},
                           {"resources"_L1, QJsonObject{{"requests"_L1, QJsonObject{{"cpu"_L1, "lots"_L1}, {"memory"_L1, 0.5}}}}},
                           {"pods"_L1, QJsonArray{1, "two", QJsonObject{{"name"_L1, "p"_L1}, {"restarts"_L1, -1}}}}};
    const std::optional<Deployment> d = Deployment::fromJson(bare);
    QVERIFY(d);
    QCOMPARE(d->project, u"ns"_s);
    QCOMPARE(d->state, DeploymentState::Unknown);
    QCOMPARE(d->desiredReplicas, 0);
    QCOMPARE(d->readyReplicas, 0);
    QCOMPARE(d->release.id, 0);
    QVERIFY(!d->lastDrift); // no valid time: no drift
    QVERIFY(d->conditions.isEmpty());
    QCOMPARE(d->requests.cpuMillicores, -1);
    QCOMPARE(d->requests.memoryBytes, 0);
    QCOMPARE(d->limits.cpuMillicores, -1);
    QCOMPARE(d->pods.size(), 1);
    QCOMPARE(d->pods.first().restarts, 0);
    QCOMPARE(d->pods.first().cpuMillicores, -1);

    QVERIFY(!DriftItem::fromJson(QJsonObject{{"service"_L1, "x"_L1}}));
    const DeploymentMetrics m = DeploymentMetrics::fromJson(QJsonObject{
        {"step"_L1, "15"_L1},
        {"series"_L1, QJsonObject{{"cpuMillicores"_L1, QJsonArray{QJsonArray{1, 2}, QJsonArray{3}, "x", QJsonArray{"a", 1},
                                                                   QJsonArray{5, 6, 7}, QJsonArray{2, 4}}},
                                  {"errorRatio"_L1, "none"_L1}}}});
    QCOMPARE(m.stepSeconds, 0);
    QCOMPARE(m.points(DeploymentMetrics::cpu()), (QList<QPointF>{{1, 2}, {2, 4}})); // sorted by time
    QVERIFY(m.points(DeploymentMetrics::errorRatio()).isEmpty());
    const ClusterStatus c = ClusterStatus::fromJson(QJsonObject{{"nodes"_L1, QJsonArray{QJsonObject{}, 7}}, {"waves"_L1, "w"_L1}});
    QVERIFY(c.nodes.isEmpty()); // a node without a name is no node
    QVERIFY(c.waves.isEmpty());
    QVERIFY(!c.simulated);
}

void TestConsoleDeployModels::hostileInputIsBounded()
{
    QJsonArray pods;
    for (int i = 0; i < 5000; ++i)
        pods.append(QJsonObject{{"name"_L1, u"p%1"_s.arg(i)}, {"phase"_L1, "Pending"_L1}, {"reason"_L1, QString(10000, u'x')}});
    QJsonArray events;
    for (int i = 0; i < 400; ++i)
        events.append(QJsonObject{{"at"_L1, "2025-03-14T15:00:00Z"_L1}, {"type"_L1, "deploy"_L1}});
    const std::optional<Deployment> d = Deployment::fromJson(
        {{"service"_L1, QString(100000, u's')}, {"pods"_L1, pods}, {"events"_L1, events}, {"desiredReplicas"_L1, 1e300}});
    QVERIFY(d);
    QCOMPARE(d->service.size(), DeploymentLimits::MaxText);
    QCOMPARE(d->pods.size(), DeploymentLimits::MaxPods);
    QCOMPARE(d->pods.first().reason.size(), DeploymentLimits::MaxText);
    QCOMPARE(d->events.size(), DeploymentLimits::MaxEvents);
    QVERIFY(d->desiredReplicas >= 0);

    QJsonArray points;
    for (int i = 0; i < 20000; ++i)
        points.append(QJsonArray{i, i});
    const DeploymentMetrics m = DeploymentMetrics::fromJson({{"series"_L1, QJsonObject{{"cpuMillicores"_L1, points}}}});
    const QList<QPointF> kept = m.points(DeploymentMetrics::cpu());
    QCOMPARE(kept.size(), DeploymentLimits::MaxSeriesPoints);
    QCOMPARE(kept.last().x(), 19999.0); // the newest are kept
    QCOMPARE(kept.first().x(), double(20000 - DeploymentLimits::MaxSeriesPoints));

    QJsonArray nodes;
    for (int i = 0; i < 3; ++i)
        nodes.append(QJsonObject{{"name"_L1, u"n%1"_s.arg(i)}, {"cpuAllocatableMillicores"_L1, 9e18}});
    const ClusterStatus c = ClusterStatus::fromJson({{"nodes"_L1, nodes}});
    QCOMPARE(c.cpuAllocatable(), std::numeric_limits<qint64>::max()); // saturated, not wrapped

    DeploymentTreeModel tree;
    QJsonArray many;
    for (int i = 0; i < DeploymentLimits::MaxDeployments + 50; ++i)
        many.append(QJsonObject{{"service"_L1, u"s%1"_s.arg(i)}, {"project"_L1, u"p%1"_s.arg(i % 7)}});
    tree.setDeployments(many);
    QCOMPARE(tree.deploymentCount(), DeploymentLimits::MaxDeployments);
    QVERIFY(!tree.upsert(QJsonObject{{"service"_L1, "one-too-many"_L1}}));
}

void TestConsoleDeployModels::readsMetrics()
{
    const DeploymentMetrics m = DeploymentMetrics::fromJson(readTestJson(u"metrics-forgesight-api.json"_s));
    QCOMPARE(m.stepSeconds, 15);
    for (QLatin1String name : {DeploymentMetrics::cpu(), DeploymentMetrics::memory(), DeploymentMetrics::requestRate(),
                               DeploymentMetrics::errorRatio(), DeploymentMetrics::latencyP95(), DeploymentMetrics::readyReplicas()}) {
        const QList<QPointF> points = m.points(name);
        QCOMPARE(points.size(), 240);
        QCOMPARE(points.last().x() - points.first().x(), 239 * 15000.0);
    }
    QCOMPARE(m.points(DeploymentMetrics::readyReplicas()).last().y(), 2.0);
}

void TestConsoleDeployModels::readsTheCluster()
{
    const ClusterStatus c = ClusterStatus::fromJson(readTestJson(u"cluster.json"_s));
    QVERIFY(c.simulated);
    QCOMPARE(c.nodes.size(), 3);
    QCOMPARE(c.cpuAllocatable(), 3 * 2800);
    QCOMPARE(c.cpuRequested(), 2775 + 2750 + 2690);
    QVERIFY(c.memoryRequested() > 0 && c.memoryRequested() < c.memoryAllocatable());
    QCOMPARE(c.pendingPods.size(), 2);
    QCOMPARE(c.pendingPods.first().service, u"forgesight-api"_s);
    QVERIFY(c.pendingPods.first().reason.contains(u"Insufficient cpu"_s));
    QCOMPARE(c.waves.size(), 3);
    QCOMPARE(c.waves.at(0).state, WaveState::Done);
    QCOMPARE(c.waves.at(1).state, WaveState::Deploying);
    QVERIFY(c.waves.at(1).deadline.isValid());
    QCOMPARE(c.waves.at(2).state, WaveState::Waiting);
    QVERIFY(!c.waves.at(2).deadline.isValid());
    QCOMPARE(c.waves.at(0).services.size(), 8);
    QCOMPARE(c.leader, u"encliid-0:4242"_s);
}

void TestConsoleDeployModels::treeGroupsComponentsByApp()
{
    DeploymentTreeModel tree;
    QSignalSpy loaded(&tree, &DeploymentTreeModel::loaded);
    tree.setDeployments(fixtureDeployments());
    QCOMPARE(loaded.size(), 1);
    QCOMPARE(tree.deploymentCount(), 33);
    QCOMPARE(tree.rowCount(), 15);
    // Apps in the order encliid lists them: the platform's first.
    QCOMPARE(tree.projects().mid(0, 2), (QStringList{u"janua"_s, u"enclii"_s}));
    const QModelIndex enclii = tree.index(1, 0);
    QCOMPARE(tree.rowCount(enclii), 6);
    QVERIFY(enclii.data(DeploymentTreeModel::IsAppRole).toBool());
    QCOMPARE(cell(tree, enclii, DeploymentTreeModel::ReplicasColumn), u"13/13"_s);
    QCOMPARE(cell(tree, enclii, DeploymentTreeModel::StateColumn), u"Ready"_s);

    const QModelIndex forgesight = tree.indexOf(u"forgesight-api"_s);
    QVERIFY(forgesight.isValid());
    QCOMPARE(tree.parent(forgesight).data().toString(), u"forgesight"_s);
    QCOMPARE(cell(tree, forgesight, DeploymentTreeModel::ReplicasColumn), u"2/3"_s);
    QCOMPARE(cell(tree, forgesight, DeploymentTreeModel::StateColumn), u"Progressing"_s);
    QCOMPARE(cell(tree, forgesight, DeploymentTreeModel::ReleaseColumn), u"#14"_s);
    QCOMPARE(forgesight.siblingAtColumn(DeploymentTreeModel::StateColumn).data(Qt::DecorationRole).value<QColor>(),
             DeploymentFormat::stateColor(DeploymentState::Progressing));
    // An app takes its worst component's state and adds its replicas up.
    const QModelIndex bloom = tree.parent(tree.indexOf(u"bloom-scroll-api"_s));
    QCOMPARE(cell(tree, bloom, DeploymentTreeModel::StateColumn), u"Failed"_s);
    QCOMPARE(cell(tree, bloom, DeploymentTreeModel::ReplicasColumn), u"3/4"_s);

    const DeploymentTreeModel::Summary s = tree.summary();
    QCOMPARE(s.components, 33);
    QCOMPARE(s.ready, 27);
    QCOMPARE(s.progressing, 1);
    QCOMPARE(s.pending, 3);
    QCOMPARE(s.degraded, 1);
    QCOMPARE(s.failed, 1);
    QCOMPARE(tree.summary(u"forgesight"_s).components, 3);
    QCOMPARE(tree.readyCount({u"forgesight-api"_s, u"forgesight-web"_s, u"nope"_s}), 1);
    QVERIFY(tree.anySimulated());
}

void TestConsoleDeployModels::treeUpdatesInPlace()
{
    DeploymentTreeModel tree;
    tree.setDeployments(fixtureDeployments());
    QSignalSpy resets(&tree, &QAbstractItemModel::modelReset);
    QSignalSpy changes(&tree, &QAbstractItemModel::dataChanged);
    QSignalSpy inserts(&tree, &QAbstractItemModel::rowsInserted);

    QJsonObject ready = fixtureDeployment(u"forgesight-api"_s);
    ready.insert("state"_L1, "ready"_L1);
    ready.insert("readyReplicas"_L1, 3);
    QVERIFY(tree.upsert(ready));
    const QModelIndex forgesight = tree.indexOf(u"forgesight-api"_s);
    QCOMPARE(cell(tree, forgesight, DeploymentTreeModel::StateColumn), u"Ready"_s);
    QCOMPARE(cell(tree, forgesight, DeploymentTreeModel::ReplicasColumn), u"3/3"_s);
    QCOMPARE(cell(tree, tree.parent(forgesight), DeploymentTreeModel::StateColumn), u"Ready"_s);
    QCOMPARE(resets.size(), 0);
    QCOMPARE(inserts.size(), 0);
    QCOMPARE(changes.size(), 2); // the component's row and its app's totals

    // A new component of a known app joins it; one of a new app brings the app.
    QVERIFY(tree.upsert(QJsonObject{{"service"_L1, "forgesight-cron"_L1}, {"project"_L1, "forgesight"_L1}, {"state"_L1, "pending"_L1}}));
    QCOMPARE(tree.rowCount(tree.parent(tree.indexOf(u"forgesight-cron"_s))), 4);
    QVERIFY(tree.upsert(QJsonObject{{"service"_L1, "atlas-api"_L1}, {"project"_L1, "atlas"_L1}}));
    QCOMPARE(tree.rowCount(), 16);
    QCOMPARE(tree.projects().last(), u"atlas"_s);
    QCOMPARE(resets.size(), 0);
    QCOMPARE(inserts.size(), 3); // forgesight-cron, the atlas app, atlas-api
}

void TestConsoleDeployModels::treeDropsVanishedAndMovedComponents()
{
    DeploymentTreeModel tree;
    tree.setDeployments(fixtureDeployments());
    QJsonArray fewer;
    for (const QJsonValue &v : fixtureDeployments()) {
        QJsonObject o = v.toObject();
        const QString service = o.value("service"_L1).toString();
        if (o.value("project"_L1).toString() == "forj"_L1 || service == "avala-web"_L1)
            continue;
        if (service == "forgesight-worker"_L1)
            o.insert("project"_L1, "forge-jobs"_L1); // moved to another app
        fewer.append(o);
    }
    QSignalSpy resets(&tree, &QAbstractItemModel::modelReset);
    tree.setDeployments(fewer);
    QCOMPARE(resets.size(), 0);
    QCOMPARE(tree.deploymentCount(), 30);
    QVERIFY(!tree.projects().contains(u"forj"_s));
    QVERIFY(!tree.deployment(u"avala-web"_s));
    QCOMPARE(tree.rowCount(tree.parent(tree.indexOf(u"avala-api"_s))), 1);
    QCOMPARE(tree.deployment(u"forgesight-worker"_s)->project, u"forge-jobs"_s);
    QCOMPARE(tree.parent(tree.indexOf(u"forgesight-worker"_s)).data().toString(), u"forge-jobs"_s);
    QCOMPARE(tree.rowCount(tree.parent(tree.indexOf(u"forgesight-api"_s))), 2);
    tree.clear();
    QVERIFY(!tree.hasLoaded());
    QCOMPARE(tree.rowCount(), 0);
}

void TestConsoleDeployModels::podsTroubleFirst()
{
    const std::optional<Deployment> d = Deployment::fromJson(readTestJson(u"deployment-forgesight-api.json"_s));
    PodTableModel pods;
    pods.setPods(d->pods);
    QCOMPARE(pods.rowCount(), 3);
    const auto at = [&pods](int row, int column) { return pods.index(row, column).data().toString(); };
    QCOMPARE(at(0, PodTableModel::NameColumn), u"forgesight-api-6d8b7c9f4-q7x2m"_s);
    QVERIFY(pods.index(0, 0).data(PodTableModel::PendingRole).toBool());
    QCOMPARE(at(0, PodTableModel::PhaseColumn), u"Pending"_s);
    QCOMPARE(at(0, PodTableModel::NodeColumn), u"unscheduled"_s);
    QVERIFY(at(0, PodTableModel::ReasonColumn).contains(u"Insufficient cpu"_s));
    QCOMPARE(pods.index(0, PodTableModel::PhaseColumn).data(Qt::DecorationRole).value<QColor>(),
             DeploymentFormat::stateColor(DeploymentState::Pending));
    QCOMPARE(at(1, PodTableModel::PhaseColumn), u"Running"_s);
    QCOMPARE(at(1, PodTableModel::CpuColumn), u"168m"_s);
    QCOMPARE(at(1, PodTableModel::MemoryColumn), u"236 MiB"_s);
    QCOMPARE(at(0, PodTableModel::CpuColumn), u"—"_s); // Pending: uses nothing
    QCOMPARE(at(0, PodTableModel::AgeColumn), u"—"_s);

    // The same number of pods again: updated in place, no reset.
    QSignalSpy resets(&pods, &QAbstractItemModel::modelReset);
    QList<PodStatus> running = d->pods;
    running[2].phase = u"Running"_s;
    running[2].ready = false;
    running[2].reason.clear();
    pods.setPods(running);
    QCOMPARE(resets.size(), 0);
    QCOMPARE(at(0, PodTableModel::PhaseColumn), u"Running, not ready"_s);
    pods.clear();
    QCOMPARE(resets.size(), 1);
}

void TestConsoleDeployModels::eventFeedsAreNewestFirstAndDeduplicated()
{
    EventFeedModel drift;
    QList<DriftItem> items;
    for (const QJsonValue &v : readTestJson(u"drift.json"_s).value("items"_L1).toArray())
        items.append(*DriftItem::fromJson(v.toObject()));
    drift.setDrift(items);
    QCOMPARE(drift.rowCount(), 6);
    QCOMPARE(drift.index(0, EventFeedModel::SubjectColumn).data().toString(), u"switchyard-api"_s);
    QCOMPARE(drift.index(0, EventFeedModel::MessageColumn).data().toString(), u"Deployment switchyard-api re-applied: spec.replicas"_s);
    QCOMPARE(drift.index(5, EventFeedModel::MessageColumn).data().toString(), u"Service avala-api-debug pruned"_s);

    // Live: a new item goes on top, one already held is not added twice, an old one finds its place.
    DriftItem fresh = items.first();
    fresh.at = QDateTime::currentDateTimeUtc();
    fresh.fields = {u"spec.template.spec.containers[0].image"_s};
    QVERIFY(drift.addDrift(fresh));
    QVERIFY(!drift.addDrift(fresh));
    QCOMPARE(drift.rowCount(), 7);
    QVERIFY(drift.index(0, EventFeedModel::MessageColumn).data().toString().contains(u"containers[0].image"_s));
    DriftItem old = items.last();
    old.at = old.at.addSecs(60);
    old.name = u"avala-api-debug-2"_s;
    QVERIFY(drift.addDrift(old));
    QCOMPARE(drift.index(6, EventFeedModel::MessageColumn).data().toString(), u"Service avala-api-debug-2 pruned"_s);

    // A deployment's own events: newest first whatever the order given.
    const std::optional<Deployment> d = Deployment::fromJson(readTestJson(u"deployment-forgesight-api.json"_s));
    EventFeedModel events;
    QList<DeploymentEvent> reversed(d->events.crbegin(), d->events.crend());
    events.setEvents(reversed);
    QCOMPARE(events.rowCount(), 6);
    QCOMPARE(events.index(0, EventFeedModel::TypeColumn).data().toString(), u"Scaled"_s);
    QCOMPARE(events.index(0, EventFeedModel::TypeColumn).data(EventFeedModel::TypeRole).toString(), u"scaled"_s);
    QCOMPARE(events.index(3, EventFeedModel::TypeColumn).data().toString(), u"Deploy"_s);
    QCOMPARE(events.index(1, EventFeedModel::TypeColumn).data(Qt::ForegroundRole).value<QColor>(),
             DeploymentFormat::eventTypeColor(u"drift"_s));
}

void TestConsoleDeployModels::nodesTableShowsShares()
{
    ClusterNodesModel nodes;
    nodes.setNodes(ClusterStatus::fromJson(readTestJson(u"cluster.json"_s)).nodes);
    QCOMPARE(nodes.rowCount(), 3);
    QCOMPARE(nodes.index(0, ClusterNodesModel::NodeColumn).data().toString(), u"sim-node-1"_s);
    QCOMPARE(nodes.index(0, ClusterNodesModel::CpuColumn).data().toString(), u"2.77 cores of 2.8 cores (99.1 %)"_s);
    QCOMPARE(nodes.index(0, ClusterNodesModel::CpuColumn).data(ClusterNodesModel::ShareRole).toDouble(), 2775.0 / 2800.0);
    QCOMPARE(nodes.index(2, ClusterNodesModel::MemoryColumn).data().toString(), u"4 GiB of 5.6 GiB (71.4 %)"_s);
    QCOMPARE(nodes.index(2, ClusterNodesModel::PodsColumn).data().toInt(), 20);
    QCOMPARE(ClusterNodesModel::share(5, 0), 0.0);
}

void TestConsoleDeployModels::agesAreShort()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QCOMPARE(DeploymentFormat::ago(now.addSecs(-42), now), u"42s"_s);
    QCOMPARE(DeploymentFormat::ago(now.addSecs(-37 * 60 - 59), now), u"37m"_s);
    QCOMPARE(DeploymentFormat::ago(now.addSecs(-(5 * 3600 + 12 * 60)), now), u"5h 12m"_s);
    QCOMPARE(DeploymentFormat::ago(now.addSecs(30), now), u"0s"_s); // a clock ahead is not "in the future"
    QCOMPARE(DeploymentFormat::ago({}, now), u"—"_s);
    QVERIFY(DeploymentFormat::ago(now.addDays(-3), now).contains(u":"_s));
    QCOMPARE(DeploymentFormat::replicas(2, 3), u"2/3"_s);
}

QTEST_MAIN(TestConsoleDeployModels)
#include "tst_console_deploymodels.moc"
