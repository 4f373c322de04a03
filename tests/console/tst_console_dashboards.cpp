// The Dashboards screen and Budgets' live figures against a loopback stand-in for encliid's
// reconciler: GET /v1/deployments, one deployment's detail and metrics, /v1/drift,
// /v1/cluster, and the server-sent event stream with "deployment" and "drift" events. Also:
// polling when the daemon has no stream, one stream for the whole console, what an empty,
// refused or unreachable daemon looks like, and screenshots with the seed ecosystem deployed
// (ENCLII_SCREENSHOT_DIR/dashboards.png and budgets-live.png).

#include "BuildFixtures.h"
#include "FixtureJson.h"
#include "FixtureServer.h"
#include "LoopbackConsole.h"
#include "ImageStats.h"
#include "client/BuildsClient.h"
#include "client/DeploymentsClient.h"
#include "models/ClusterNodesModel.h"
#include "models/DeploymentTreeModel.h"
#include "models/EventFeedModel.h"
#include "models/PodTableModel.h"
#include "views/BudgetsView.h"
#include "views/DashboardsView.h"
#include "views/MainWindow.h"
#include "views/MetricChart.h"
#include "views/ScreenshotRunner.h"
#include "views/WaveStrip.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>
#include <QScopeGuard>
#include <QTranslator>
#include <QTreeView>

#include <memory>

using namespace enclii::ui;
using namespace std::chrono_literals;
using namespace Qt::StringLiterals;
using enclii::test::FixtureServer;
using enclii::test::readTestJson;
using enclii::test::sseEvent;
using Metric = DashboardsView::Metric;

namespace {

// The fixtures were written as of this moment; the tests move them to now.
const QDateTime FixtureNow(QDate(2025, 3, 14), QTime(15, 0), Qt::UTC);

FixtureServer::Reply jsonReply(const QJsonObject &body)
{
    return {200, enclii::test::compactJson(body), "application/json"};
}

FixtureServer::Reply problem(int status)
{
    const QByteArray title = status == 403 ? "Forbidden" : status == 404 ? "Not Found" : "Error";
    const QByteArray detail = status == 403 ? "catalog.read is required" : "";
    return {status,
            R"({"type":"about:blank","title":")" + title + R"(","status":)" + QByteArray::number(status) + R"(,"detail":")"
                + detail + R"("})",
            "application/problem+json"};
}

// The reconciler as the console sees it: the seed ecosystem deployed into the simulated
// cluster, forgesight-api scaling up with one pod Pending for want of CPU.
class FakeReconciler
{
public:
    FakeReconciler()
        : m_shift(FixtureNow.msecsTo(QDateTime::currentDateTimeUtc()))
    {
        for (const QJsonValue &v : moved(readTestJson(u"deployments.json"_s)).value("items"_L1).toArray())
            deployments.append(v.toObject());
        details.insert(u"forgesight-api"_s, moved(readTestJson(u"deployment-forgesight-api.json"_s)));
        drift = moved(readTestJson(u"drift.json"_s)).value("items"_L1).toArray();
        cluster = moved(readTestJson(u"cluster.json"_s));
        // Metrics are [epoch ms, value] pairs: moved by hand.
        const QJsonObject raw = readTestJson(u"metrics-forgesight-api.json"_s);
        QJsonObject series;
        const QJsonObject rawSeries = raw.value("series"_L1).toObject();
        for (auto it = rawSeries.begin(); it != rawSeries.end(); ++it) {
            QJsonArray points;
            for (const QJsonValue &p : it.value().toArray())
                points.append(QJsonArray{p.toArray().at(0).toDouble() + double(m_shift), p.toArray().at(1)});
            series.insert(it.key(), points);
        }
        metrics = QJsonObject{{"step"_L1, raw.value("step"_L1)}, {"series"_L1, series}};
    }

    QJsonObject moved(const QJsonObject &o) const { return enclii::test::shiftedTimes(o, m_shift).toObject(); }

    QJsonObject summary(const QString &service) const
    {
        for (const QJsonObject &d : deployments)
            if (d.value("service"_L1).toString() == service)
                return d;
        return {};
    }
    void replace(const QJsonObject &summary)
    {
        for (QJsonObject &d : deployments)
            if (d.value("service"_L1) == summary.value("service"_L1))
                d = summary;
    }
    // A detail for any service: the fixture's, or its summary with running pods.
    QJsonObject detail(const QString &service) const
    {
        QJsonObject d = summary(service);
        if (d.isEmpty())
            return {};
        if (details.contains(service)) {
            QJsonObject known = details.value(service);
            for (auto it = d.begin(); it != d.end(); ++it)
                known.insert(it.key(), it.value()); // the summary is the newest word on state
            return known;
        }
        QJsonArray pods;
        for (int i = 0; i < d.value("desiredReplicas"_L1).toInt(); ++i) {
            const bool ready = i < d.value("readyReplicas"_L1).toInt();
            pods.append(QJsonObject{{"name"_L1, u"%1-5b8c7d-%2"_s.arg(service).arg(i)},
                                    {"phase"_L1, ready ? "Running"_L1 : "Pending"_L1}, {"ready"_L1, ready},
                                    {"node"_L1, ready ? u"sim-node-%1"_s.arg(i % 3 + 1) : QString()},
                                    {"reason"_L1, ready ? QString() : u"0/3 nodes are available: 3 Insufficient cpu."_s},
                                    {"cpuMillicores"_L1, ready ? 12 : 0}, {"memoryBytes"_L1, ready ? 52428800 : 0}});
        }
        d.insert("pods"_L1, pods);
        d.insert("resources"_L1, QJsonObject{{"requests"_L1, QJsonObject{{"cpu"_L1, "50m"_L1}, {"memory"_L1, "128Mi"_L1}}},
                                             {"limits"_L1, QJsonObject{{"cpu"_L1, "500m"_L1}, {"memory"_L1, "512Mi"_L1}}}});
        d.insert("events"_L1, QJsonArray{});
        return d;
    }

    std::optional<FixtureServer::Reply> route(const FixtureServer::Exchange &e) const
    {
        if (e.method != "GET")
            return std::nullopt;
        if (e.path == "/v1/drift")
            return jsonReply({{"items"_L1, drift}});
        if (e.path == "/v1/cluster")
            return clusterStatus == 200 ? jsonReply(cluster) : problem(clusterStatus);
        const QList<QByteArray> parts = e.path.split('/'); // "", "v1", "deployments", service, "metrics"
        if (parts.value(1) != "v1" || parts.value(2) != "deployments")
            return std::nullopt;
        if (parts.size() == 3) {
            if (listStatus != 200)
                return problem(listStatus);
            QJsonArray items;
            for (const QJsonObject &d : deployments)
                items.append(d);
            return jsonReply({{"items"_L1, items}});
        }
        const QString service = QString::fromUtf8(QByteArray::fromPercentEncoding(parts.value(3)));
        if (detailStatus != 200)
            return problem(detailStatus);
        const QJsonObject d = detail(service);
        if (d.isEmpty())
            return problem(404);
        if (parts.size() == 4)
            return jsonReply(d);
        if (parts.size() == 5 && parts.at(4) == "metrics")
            return jsonReply(metrics);
        return std::nullopt;
    }

    QList<QJsonObject> deployments;
    QHash<QString, QJsonObject> details;
    QJsonArray drift;
    QJsonObject cluster;
    QJsonObject metrics;
    int listStatus = 200;
    int detailStatus = 200;
    int clusterStatus = 200;

private:
    qint64 m_shift;
};

// One Dashboards screen's worth of parts pointed at the fixture server.
struct Console
{
    explicit Console(const QUrl &url)
    {
        enclii::test::makeQuick(api, url);
        deployments = std::make_unique<DeploymentsClient>(&api);
        deployments->setPollInterval(200ms);
        deployments->setSettleDelay(50ms);
        deployments->eventStream()->setBackoff(100ms, 400ms);
        view = std::make_unique<DashboardsView>(deployments.get());
        view->resize(1450, 930);
    }
    ~Console()
    {
        view.reset();
        deployments.reset();
    }

    ApiClient api;
    std::unique_ptr<DeploymentsClient> deployments;
    std::unique_ptr<DashboardsView> view;
};

int countRequests(const FixtureServer &server, const QByteArray &path)
{
    int n = 0;
    for (const FixtureServer::Exchange &e : server.exchanges())
        n += e.method == "GET" && e.path == path;
    return n;
}

QString treeCell(const DashboardsView *view, const QString &service, int column)
{
    return view->treeModel()->indexOf(service, column).data().toString();
}

QString screenshotDir()
{
    const QString dir = qEnvironmentVariable("ENCLII_SCREENSHOT_DIR", QDir::tempPath());
    QDir().mkpath(dir);
    return dir;
}

} // namespace

class TestConsoleDashboards : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void showsAppsWavesAndTheTroubledComponent();
    void pendingPodAndChartsOfTheSelectedComponent();
    void deploymentGoesFromProgressingToReadyLive();
    void driftEventAppearsLive();
    void pollsWhenTheDaemonHasNoStream();
    void emptyAndRefusedStatesAreExplained();
    void unreachableDaemonIsExplained();
    void oneEventStreamForTheWholeConsole();
    void budgetsShowTheLiveCluster();
    void screenshots();

private:
    bool startConsole() { return m_loop.startConsole(); }
    void selectForgesight();

    enclii::test::LoopbackConsole<FakeReconciler, Console> m_loop;
    std::unique_ptr<FixtureServer> &m_server = m_loop.server;
    std::unique_ptr<FakeReconciler> &m_reconciler = m_loop.fake;
    std::unique_ptr<Console> &m_console = m_loop.console;
};

void TestConsoleDashboards::init()
{
    QVERIFY(m_loop.start());
}

void TestConsoleDashboards::cleanup()
{
    m_loop.reset();
}

void TestConsoleDashboards::selectForgesight()
{
    DashboardsView *view = m_console->view.get();
    view->selectService(u"forgesight-api"_s);
    QCOMPARE(view->selectedService(), u"forgesight-api"_s);
    QTRY_COMPARE(view->podModel()->rowCount(), 3);
    QTRY_COMPARE(view->chart(Metric::Cpu)->pointCount(), 240);
}

void TestConsoleDashboards::showsAppsWavesAndTheTroubledComponent()
{
    QVERIFY(startConsole());
    DashboardsView *view = m_console->view.get();
    QVERIFY(!view->showsPlaceholder());
    QCOMPARE(view->treeModel()->deploymentCount(), 33);
    QCOMPARE(view->treeModel()->rowCount(), 15);
    QVERIFY(view->treeView()->isExpanded(view->treeModel()->index(0, 0)));
    const QString headline = view->headlineText();
    for (const QString &part : {u"15 app"_s, u"33 component"_s, u"27 ready"_s, u"1 progressing"_s, u"3 pending"_s,
                                u"1 degraded"_s, u"1 failed"_s})
        QVERIFY2(headline.contains(part), qPrintable(headline));

    // Nobody picked a component: the first one that needs attention is shown.
    QTRY_COMPARE(view->selectedService(), u"electrochem-sim-worker"_s);
    QCOMPARE(view->detailTitle(), u"electrochem-sim-worker"_s);
    QTRY_VERIFY2(view->detailMessage().contains(u"Insufficient cpu"_s), qPrintable(view->detailMessage()));

    // The simulated cluster says so, and the waves show their progress.
    QTRY_VERIFY(view->showsSimulatedBanner());
    QVERIFY2(view->bannerText().contains(u"Simulated cluster"_s) && view->bannerText().contains(u"encliid-0:4242"_s),
             qPrintable(view->bannerText()));
    QTRY_COMPARE(view->waveStrip()->waves().size(), 3);
    const QList<WaveProgress> &waves = view->waveStrip()->waves();
    QCOMPARE(waves.at(0).name, u"platform-core"_s);
    QCOMPARE(waves.at(0).state, WaveState::Done);
    QCOMPARE(waves.at(0).ready, 8);
    QCOMPARE(waves.at(0).total, 8);
    QCOMPARE(waves.at(1).state, WaveState::Deploying);
    QCOMPARE(waves.at(1).total, 22);
    QCOMPARE(waves.at(1).ready, 19);
    QVERIFY(waves.at(1).deadline.isValid());
    QCOMPARE(waves.at(2).state, WaveState::Waiting);
    QCOMPARE(waves.at(2).ready, 0);
    QVERIFY2(view->waveStrip()->describe().at(1).contains(u"Deploying · 19 of 22 ready · due"_s),
             qPrintable(view->waveStrip()->describe().at(1)));
    QVERIFY(!view->waveStrip()->waveRect(2).isEmpty());

    // The cluster-wide drift log.
    QTRY_COMPARE(view->driftModel()->rowCount(), 6);
    QCOMPARE(view->driftModel()->index(0, EventFeedModel::SubjectColumn).data().toString(), u"switchyard-api"_s);
}

void TestConsoleDashboards::pendingPodAndChartsOfTheSelectedComponent()
{
    QVERIFY(startConsole());
    DashboardsView *view = m_console->view.get();
    selectForgesight();
    QTRY_COMPARE(m_console->deployments->followedService(), u"forgesight-api"_s);

    // The Pending pod, first, with the scheduler's reason; the header says why.
    PodTableModel *pods = view->podModel();
    QVERIFY(pods->index(0, 0).data(PodTableModel::PendingRole).toBool());
    QVERIFY(pods->index(0, PodTableModel::ReasonColumn).data().toString().contains(u"Insufficient cpu"_s));
    QVERIFY2(view->detailMessage().startsWith(u"Pod forgesight-api-6d8b7c9f4-q7x2m is Pending: FailedScheduling"_s),
             qPrintable(view->detailMessage()));
    const QString subtitle = view->detailSubtitle();
    for (const QString &part : {u"Progressing"_s, u"2 of 3 replica"_s, u"app forgesight"_s, u"wave app-deployments"_s,
                                u"release #14"_s, u"Last drift"_s, u"resources.limits.memory"_s})
        QVERIFY2(subtitle.contains(part), qPrintable(subtitle));
    QTRY_COMPARE(view->eventsModel()->rowCount(), 6);
    QCOMPARE(view->eventsModel()->index(0, EventFeedModel::TypeColumn).data().toString(), u"Scaled"_s);

    // Every chart has the hour of samples; CPU and memory against the pods' requests and
    // limits (one pod's times the two ready pods), ready replicas against the desired three.
    for (Metric m : {Metric::Cpu, Metric::Memory, Metric::Requests, Metric::Errors, Metric::Latency, Metric::Replicas})
        QTRY_COMPARE(view->chart(m)->pointCount(), 240);
    MetricChart *cpu = view->chart(Metric::Cpu);
    QTRY_VERIFY(cpu->requestPointCount() > 0);
    QVERIFY(cpu->limitPointCount() > 0);
    QVERIFY2(cpu->titleText().contains(u"now"_s) && cpu->titleText().contains(u"Request: 400m"_s), qPrintable(cpu->titleText()));
    QVERIFY2(view->chart(Metric::Memory)->titleText().contains(u"Request: 1 GiB"_s), qPrintable(view->chart(Metric::Memory)->titleText()));
    // The surge pod of the rollout 38 minutes ago shows in the request line as a step to three pods.
    QVERIFY(cpu->requestPointCount() > 240);
    QVERIFY2(view->chart(Metric::Replicas)->titleText().contains(u"Desired: 3"_s),
             qPrintable(view->chart(Metric::Replicas)->titleText()));
    QVERIFY2(view->chart(Metric::Errors)->titleText().contains(u"%"_s), qPrintable(view->chart(Metric::Errors)->titleText()));
    QVERIFY2(view->chart(Metric::Latency)->titleText().contains(u"ms"_s), qPrintable(view->chart(Metric::Latency)->titleText()));
    QVERIFY(view->chart(Metric::Requests)->requestPointCount() == 0);

    // Another component without metrics yet: the charts say so instead of keeping the old ones.
    m_reconciler->metrics = QJsonObject{{"step"_L1, 15}, {"series"_L1, QJsonObject{}}};
    view->selectService(u"janua-api"_s);
    QTRY_COMPARE(view->podModel()->rowCount(), 3);
    QTRY_VERIFY2(view->chart(Metric::Cpu)->titleText().contains(u"no samples yet"_s), qPrintable(view->chart(Metric::Cpu)->titleText()));
    QCOMPARE(view->chart(Metric::Cpu)->pointCount(), 0);
    QVERIFY(view->detailMessage().isEmpty()); // ready: nothing to explain
}

void TestConsoleDashboards::deploymentGoesFromProgressingToReadyLive()
{
    QVERIFY(startConsole());
    DashboardsView *view = m_console->view.get();
    QTRY_COMPARE(m_console->deployments->mode(), DeploymentsClient::Mode::Live);
    QVERIFY2(view->liveText().contains(u"Live"_s), qPrintable(view->liveText()));
    selectForgesight();
    QCOMPARE(treeCell(view, u"forgesight-api"_s, DeploymentTreeModel::StateColumn), u"Progressing"_s);
    const int detailsBefore = countRequests(*m_server, "/v1/deployments/forgesight-api");
    const int clusterBefore = countRequests(*m_server, "/v1/cluster");

    // The third pod finds room: the daemon's detail has it running, and the event says ready.
    QJsonObject ready = m_reconciler->summary(u"forgesight-api"_s);
    ready.insert("state"_L1, "ready"_L1);
    ready.insert("readyReplicas"_L1, 3);
    ready.insert("availableReplicas"_L1, 3);
    m_reconciler->replace(ready);
    QJsonObject detail = m_reconciler->details.value(u"forgesight-api"_s);
    QJsonArray pods = detail.value("pods"_L1).toArray();
    QJsonObject third = pods.at(2).toObject();
    third.insert("phase"_L1, "Running"_L1);
    third.insert("ready"_L1, true);
    third.insert("node"_L1, "sim-node-2"_L1);
    third.insert("reason"_L1, ""_L1);
    third.insert("startedAt"_L1, QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    pods.replace(2, third);
    detail.insert("pods"_L1, pods);
    m_reconciler->details.insert(u"forgesight-api"_s, detail);

    // Kinds that are not the dashboards' own are ignored on the way.
    m_server->sendEvent("id: 70\nevent: build\ndata: {\"id\":5,\"state\":\"running\"}\n\n");
    m_server->sendEvent("id: 71\nevent: rollout\ndata: {\"service\":\"forgesight-api\",\"state\":\"failed\"}\n\n");
    m_server->sendEvent("id: 72\nevent: deployment\ndata: not json\n\n");
    m_server->sendEvent(sseEvent("deployment", ready, 73));

    QTRY_COMPARE(treeCell(view, u"forgesight-api"_s, DeploymentTreeModel::StateColumn), u"Ready"_s);
    QCOMPARE(treeCell(view, u"forgesight-api"_s, DeploymentTreeModel::ReplicasColumn), u"3/3"_s);
    QVERIFY2(view->headlineText().contains(u"28 ready"_s) && !view->headlineText().contains(u"progressing"_s),
             qPrintable(view->headlineText()));
    QVERIFY2(view->detailSubtitle().contains(u"3 of 3 replica"_s), qPrintable(view->detailSubtitle()));
    // The followed detail is fetched again after the event: no pod is Pending any more.
    QTRY_VERIFY(countRequests(*m_server, "/v1/deployments/forgesight-api") > detailsBefore);
    QTRY_VERIFY(!view->podModel()->index(0, 0).data(PodTableModel::PendingRole).toBool());
    QCOMPARE(view->podModel()->rowCount(), 3);
    QTRY_VERIFY(view->detailMessage().isEmpty());
    QTRY_VERIFY(countRequests(*m_server, "/v1/cluster") > clusterBefore); // nodes and waves moved with it
    QCOMPARE(m_console->deployments->eventStream()->lastEventId(), QByteArray("73"));
}

void TestConsoleDashboards::driftEventAppearsLive()
{
    QVERIFY(startConsole());
    DashboardsView *view = m_console->view.get();
    QTRY_COMPARE(m_console->deployments->mode(), DeploymentsClient::Mode::Live);
    QTRY_COMPARE(view->driftModel()->rowCount(), 6);
    view->selectService(u"switchyard-api"_s);
    QTRY_COMPARE(view->podModel()->rowCount(), 3);
    const int detailsBefore = countRequests(*m_server, "/v1/deployments/switchyard-api");

    // Someone scaled switchyard-api by hand; the reconciler put it back.
    const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    const QJsonObject drift{{"at"_L1, now}, {"service"_L1, "switchyard-api"_L1}, {"namespace"_L1, "enclii-platform"_L1},
                            {"kind"_L1, "Deployment"_L1}, {"name"_L1, "switchyard-api"_L1}, {"action"_L1, "reapplied"_L1},
                            {"fields"_L1, QJsonArray{"spec.replicas"_L1, "spec.template.metadata.annotations"_L1}}};
    QJsonObject summary = m_reconciler->summary(u"switchyard-api"_s);
    QJsonObject lastDrift = drift;
    lastDrift.remove("service"_L1);
    lastDrift.remove("namespace"_L1);
    summary.insert("lastDrift"_L1, lastDrift);
    m_reconciler->replace(summary);
    m_server->sendEvent(sseEvent("drift", drift, 80));
    m_server->sendEvent(sseEvent("deployment", summary, 81));

    QTRY_COMPARE(view->driftModel()->rowCount(), 7);
    QCOMPARE(view->driftModel()->index(0, EventFeedModel::SubjectColumn).data().toString(), u"switchyard-api"_s);
    QCOMPARE(view->driftModel()->index(0, EventFeedModel::MessageColumn).data().toString(),
             u"Deployment switchyard-api re-applied: spec.replicas, spec.template.metadata.annotations"_s);
    QTRY_VERIFY2(view->detailSubtitle().contains(u"spec.template.metadata.annotations"_s), qPrintable(view->detailSubtitle()));
    QTRY_VERIFY(countRequests(*m_server, "/v1/deployments/switchyard-api") > detailsBefore);
    // The same item again (a replay after a reconnect) is not listed twice.
    m_server->sendEvent(sseEvent("drift", drift, 80));
    QTest::qWait(100);
    QCOMPARE(view->driftModel()->rowCount(), 7);
}

void TestConsoleDashboards::pollsWhenTheDaemonHasNoStream()
{
    m_server->setEventStream({}); // GET /v1/events: 404
    QVERIFY(startConsole());
    DashboardsView *view = m_console->view.get();
    QTRY_COMPARE(m_console->deployments->mode(), DeploymentsClient::Mode::Polling);
    QVERIFY2(view->liveText().contains(u"no event stream"_s), qPrintable(view->liveText()));

    QJsonObject failed = m_reconciler->summary(u"dhanam-api"_s);
    failed.insert("state"_L1, "failed"_L1);
    failed.insert("readyReplicas"_L1, 0);
    m_reconciler->replace(failed);
    QTRY_COMPARE(treeCell(view, u"dhanam-api"_s, DeploymentTreeModel::StateColumn), u"Failed"_s);
    QVERIFY2(view->headlineText().contains(u"2 failed"_s), qPrintable(view->headlineText()));
    QJsonObject gone = m_reconciler->cluster;
    gone.insert("pendingPods"_L1, QJsonArray{});
    m_reconciler->cluster = gone;
    QTRY_VERIFY(countRequests(*m_server, "/v1/cluster") > 2);
}

void TestConsoleDashboards::emptyAndRefusedStatesAreExplained()
{
    m_reconciler->deployments.clear();
    QVERIFY(startConsole());
    QVERIFY(m_console->view->showsPlaceholder());
    QVERIFY2(m_console->view->placeholderText().contains(u"Nothing is deployed yet"_s), qPrintable(m_console->view->placeholderText()));
    // The first deployment arrives as an event: the screen shows it at once, selected.
    QTRY_COMPARE(m_console->deployments->mode(), DeploymentsClient::Mode::Live);
    FakeReconciler full;
    m_reconciler->deployments.append(full.summary(u"janua-api"_s));
    m_server->sendEvent(sseEvent("deployment", full.summary(u"janua-api"_s), 1));
    QTRY_VERIFY(!m_console->view->showsPlaceholder());
    QTRY_COMPARE(m_console->view->selectedService(), u"janua-api"_s);

    // A person without catalog.read.
    cleanup();
    init();
    m_reconciler->listStatus = 403;
    QVERIFY(startConsole());
    QVERIFY(m_console->view->showsPlaceholder());
    QString text = m_console->view->placeholderText();
    QVERIFY2(text.contains(u"may not see the deployments"_s) && text.contains(u"catalog.read"_s), qPrintable(text));

    // A daemon without the reconciler's routes.
    cleanup();
    init();
    m_reconciler->listStatus = 404;
    QVERIFY(startConsole());
    text = m_console->view->placeholderText();
    QVERIFY2(text.contains(u"does not report deployments"_s), qPrintable(text));

    // The list is allowed, one deployment's pods are not.
    cleanup();
    init();
    m_reconciler->detailStatus = 403;
    QVERIFY(startConsole());
    QVERIFY(!m_console->view->showsPlaceholder());
    QTRY_VERIFY2(m_console->view->detailMessage().contains(u"catalog.read"_s), qPrintable(m_console->view->detailMessage()));
    QTRY_VERIFY2(m_console->view->chart(Metric::Cpu)->titleText().contains(u"catalog.read"_s),
                 qPrintable(m_console->view->chart(Metric::Cpu)->titleText()));
}

void TestConsoleDashboards::unreachableDaemonIsExplained()
{
    const quint16 port = m_server->port();
    m_server->stop();
    m_console = std::make_unique<Console>(m_server->url());
    m_console->api.start();
    QTRY_COMPARE(m_console->api.state(), ApiClient::State::Disconnected);
    QVERIFY(m_console->view->showsPlaceholder());
    const QString text = m_console->view->placeholderText();
    QVERIFY2(text.contains(u"Cannot reach encliid"_s) && text.contains(QString::number(port)), qPrintable(text));
    QCOMPARE(m_console->deployments->mode(), DeploymentsClient::Mode::Offline);
    QVERIFY2(m_console->view->liveText().contains(u"Offline"_s), qPrintable(m_console->view->liveText()));

    // The daemon comes up: the deployments appear without anyone asking.
    QVERIFY(m_server->start(port));
    QTRY_VERIFY_WITH_TIMEOUT(!m_console->view->showsPlaceholder(), 10000);
    QCOMPARE(m_console->view->treeModel()->deploymentCount(), 33);
}

void TestConsoleDashboards::oneEventStreamForTheWholeConsole()
{
    ApiClient client;
    client.setBaseUrl(m_server->url());
    client.setPollInterval(150ms);
    MainWindow window(&client);
    QVERIFY(window.deploymentsClient()->sharesStream());
    QCOMPARE(window.deploymentsClient()->eventStream(), window.buildsClient()->eventStream());
    window.showScreen(MainWindow::Screen::Dashboards);
    window.show();
    client.start();
    DashboardsView *view = window.dashboardsView();
    QTRY_VERIFY_WITH_TIMEOUT(view->hasAnswer(), 10000);
    QTRY_COMPARE(window.deploymentsClient()->mode(), DeploymentsClient::Mode::Live);
    QTRY_COMPARE(window.buildsClient()->mode(), BuildsClient::Mode::Live);
    QCOMPARE(countRequests(*m_server, "/v1/events"), 1);
    QCOMPARE(m_server->openStreams(), 1);

    QJsonObject degraded = m_reconciler->summary(u"janua-api"_s);
    degraded.insert("state"_L1, "degraded"_L1);
    degraded.insert("readyReplicas"_L1, 2);
    m_server->sendEvent(sseEvent("deployment", degraded, 5));
    QTRY_COMPARE(treeCell(view, u"janua-api"_s, DeploymentTreeModel::StateColumn), u"Degraded"_s);
    QTRY_VERIFY(window.budgetsView()->hasClusterAnswer()); // the same client feeds Budgets
    QCOMPARE(countRequests(*m_server, "/v1/events"), 1);
}

void TestConsoleDashboards::budgetsShowTheLiveCluster()
{
    ApiClient client;
    client.setBaseUrl(m_server->url());
    MainWindow window(&client);
    window.showScreen(MainWindow::Screen::Budgets);
    window.show();
    client.start();
    BudgetsView *budgets = window.budgetsView();
    QTRY_VERIFY_WITH_TIMEOUT(window.hasEcosystem() && budgets->hasClusterAnswer(), 10000);
    // What Budgets showed before is still there: the plan from the ecosystem.
    QVERIFY(budgets->tableView()->model()->rowCount() > 10);
    QVERIFY(budgets->headlineText().contains(u"Fits at minimum replicas"_s));

    QCOMPARE(budgets->nodesModel()->rowCount(), 3);
    QVERIFY(!budgets->nodesTable()->isHidden());
    QCOMPARE(budgets->nodesModel()->index(1, ClusterNodesModel::CpuColumn).data().toString(), u"2.75 cores of 2.8 cores (98.2 %)"_s);
    QTableWidget *pending = budgets->pendingTable();
    QCOMPARE(pending->rowCount(), 2);
    QCOMPARE(pending->item(0, 0)->text(), u"forgesight-api-6d8b7c9f4-q7x2m"_s);
    QCOMPARE(pending->item(0, 1)->text(), u"forgesight-api"_s);
    QCOMPARE(pending->item(0, 2)->text(), u"0/3 nodes are available: 3 Insufficient cpu."_s);
    const QString live = budgets->liveText();
    for (const QString &part : {u"simulated"_s, u"2 pod"_s, u"Pending"_s, u"on 3 node"_s, u"8.21 cores of 8.4 cores (97.8 %)"_s})
        QVERIFY2(live.contains(part), qPrintable(live));

    // The pending pods are scheduled: the list empties and says so.
    QJsonObject settled = m_reconciler->cluster;
    settled.insert("pendingPods"_L1, QJsonArray{});
    m_reconciler->cluster = settled;
    window.deploymentsClient()->refresh();
    QTRY_COMPARE(pending->rowCount(), 0);
    QVERIFY(pending->isHidden());
    QVERIFY2(budgets->liveText().contains(u"No pod is Pending"_s), qPrintable(budgets->liveText()));

    // A daemon without /v1/cluster: the plan stays, the live part says why it is missing.
    cleanup();
    init();
    m_reconciler->clusterStatus = 404;
    ApiClient older;
    older.setBaseUrl(m_server->url());
    MainWindow olderWindow(&older);
    olderWindow.show();
    older.start();
    QTRY_VERIFY_WITH_TIMEOUT(olderWindow.budgetsView()->hasClusterAnswer(), 10000);
    QTRY_VERIFY2(olderWindow.budgetsView()->liveText().contains(u"does not report its cluster"_s),
                 qPrintable(olderWindow.budgetsView()->liveText()));
    QCOMPARE(olderWindow.budgetsView()->nodesModel()->rowCount(), 0);
}

void TestConsoleDashboards::screenshots()
{
    const QString dir = screenshotDir();
    const QString dashboardsPath = QDir(dir).filePath(u"dashboards.png"_s);
    const QString budgetsPath = QDir(dir).filePath(u"budgets-live.png"_s);
    QFile::remove(dashboardsPath);
    QFile::remove(budgetsPath);
    QTranslator english;
    QVERIFY2(english.load(QStringLiteral(ENCLII_EN_QM)), ENCLII_EN_QM);
    QCoreApplication::installTranslator(&english);
    const auto uninstall = qScopeGuard([&english] { QCoreApplication::removeTranslator(&english); });

    // The command line's path: --screenshot waits for the screen's data before it captures.
    const auto capture = [](MainWindow &window, MainWindow::Screen screen, const QString &path) {
        ScreenshotRunner runner(&window, screen, path, 20s);
        QSignalSpy finished(&runner, &ScreenshotRunner::finished);
        runner.start();
        window.client()->start();
        if (!finished.wait(30000))
            return u"no screenshot within 30 s"_s;
        return finished.at(0).at(0).toInt() == 0 ? QString() : finished.at(0).at(1).toString();
    };
    const auto checkPicture = [](const QImage &image, int minColors, const QString &path) {
        const auto stats = enclii::test::measureImage(image);
        qInfo("%d colours, background %.1f %% -> %s", stats.distinctColors, stats.backgroundShare * 100, qPrintable(path));
        return stats.distinctColors >= minColors && stats.backgroundShare <= 0.75;
    };
    {
        ApiClient client;
        client.setBaseUrl(m_server->url());
        MainWindow window(&client);
        const QString problem = capture(window, MainWindow::Screen::Dashboards, dashboardsPath);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));

        // Then the component a person would look at: the one scaling up with a Pending pod.
        DashboardsView *view = window.dashboardsView();
        view->selectService(u"forgesight-api"_s);
        QTRY_COMPARE(view->podModel()->rowCount(), 3);
        for (Metric m : {Metric::Cpu, Metric::Memory, Metric::Requests, Metric::Errors, Metric::Latency, Metric::Replicas})
            QTRY_COMPARE(view->chart(m)->pointCount(), 240);
        QTRY_COMPARE(view->eventsModel()->rowCount(), 6);
        QTRY_COMPARE(view->waveStrip()->waves().size(), 3);
        QTRY_COMPARE(window.deploymentsClient()->mode(), DeploymentsClient::Mode::Live);
        QTest::qWait(300);
        const QImage image = window.grab().toImage();
        QVERIFY(image.save(dashboardsPath));
        QVERIFY(checkPicture(image, 300, dashboardsPath));
        QVERIFY2(view->headlineText().contains(u"15 apps"_s) && view->headlineText().contains(u"33 components"_s),
                 qPrintable(view->headlineText()));
    }

    // Budgets with its live figures beside the plan.
    ApiClient client;
    client.setBaseUrl(m_server->url());
    MainWindow window(&client);
    const QString problem = capture(window, MainWindow::Screen::Budgets, budgetsPath);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(window.budgetsView()->nodesModel()->rowCount(), 3);
    QCOMPARE(window.budgetsView()->pendingTable()->rowCount(), 2);
    QVERIFY(checkPicture(QImage(budgetsPath), 200, budgetsPath));
}

QTEST_MAIN(TestConsoleDashboards)
#include "tst_console_dashboards.moc"
