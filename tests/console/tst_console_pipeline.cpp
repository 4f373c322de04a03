// The Pipeline screen against a loopback stand-in for encliid's Roundhouse API: the build
// list, one build and its log, cancel and retry, and a server-sent event stream that pushes
// step changes and log lines. Also: reconnecting with Last-Event-ID, polling when the daemon
// has no stream, what an empty or refused answer looks like, and a screenshot with a day of
// realistic builds (ENCLII_SCREENSHOT_DIR/pipeline.png).

#include "BuildFixtures.h"
#include "FixtureJson.h"
#include "FixtureServer.h"
#include "LoopbackConsole.h"
#include "ImageStats.h"
#include "client/BuildsClient.h"
#include "models/BuildFilterModel.h"
#include "models/BuildFormat.h"
#include "models/BuildListModel.h"
#include "models/BuildLogModel.h"
#include "models/BuildStepsModel.h"
#include "views/BuildDurationChart.h"
#include "views/BuildStageBar.h"
#include "views/MainWindow.h"
#include "views/PipelineView.h"
#include "views/ScreenshotRunner.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QListView>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace enclii::ui;
using namespace std::chrono_literals;
using namespace Qt::StringLiterals;
using enclii::test::FixtureServer;
using enclii::test::readTestJson;

namespace {

// The fixtures were written as of this moment; the tests move them to now so running builds
// have run for minutes, not for months.
const QDateTime FixtureNow(QDate(2025, 3, 14), QTime(15, 0), Qt::UTC);

QJsonValue shifted(const QJsonValue &value, qint64 ms)
{
    return enclii::test::shiftedTimes(value, ms);
}

QByteArray json(const QJsonObject &object)
{
    return enclii::test::compactJson(object);
}

QByteArray sse(const QByteArray &type, const QJsonObject &data, int id)
{
    return enclii::test::sseEvent(type, data, id);
}

// Roundhouse as the console sees it: the builds, their logs, and what cancel and retry answer.
class FakeRoundhouse
{
public:
    FakeRoundhouse()
    {
        const qint64 shift = FixtureNow.msecsTo(QDateTime::currentDateTimeUtc());
        for (const QJsonValue &v : shifted(readTestJson(u"builds.json"_s).value("items"_L1), shift).toArray())
            builds.append(v.toObject());
        logs[126] = shifted(readTestJson(u"build-126-logs.json"_s).value("lines"_L1), shift).toArray();
    }

    QJsonObject build(qint64 id) const
    {
        for (const QJsonObject &b : builds)
            if (b.value("id"_L1).toInteger() == id)
                return b;
        return {};
    }
    void replace(const QJsonObject &b)
    {
        for (QJsonObject &known : builds)
            if (known.value("id"_L1).toInteger() == b.value("id"_L1).toInteger())
                known = b;
    }
    QJsonObject appendLog(qint64 id, const QString &step, const QString &stream, const QString &text)
    {
        QJsonArray &lines = logs[id];
        const QJsonObject line{{"seq"_L1, lines.size() + 1}, {"step"_L1, step}, {"stream"_L1, stream}, {"text"_L1, text},
                               {"at"_L1, QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)}};
        lines.append(line);
        QJsonObject event = line;
        event.insert("build"_L1, id);
        return event;
    }

    std::optional<FixtureServer::Reply> route(const FixtureServer::Exchange &e) const
    {
        const QList<QByteArray> parts = e.path.split('/'); // "", "v1", "builds", id, action
        if (parts.value(1) != "v1" || parts.value(2) != "builds")
            return std::nullopt;
        if (parts.size() == 3 && e.method == "GET") {
            if (listStatus != 200)
                return FixtureServer::Reply{listStatus, problem(listStatus), "application/problem+json"};
            QJsonArray items;
            for (const QJsonObject &b : builds)
                items.append(b);
            return FixtureServer::Reply{200, json({{"items"_L1, items}})};
        }
        const qint64 id = parts.value(3).toLongLong();
        const QJsonObject b = build(id);
        if (b.isEmpty())
            return FixtureServer::Reply{404, problem(404), "application/problem+json"};
        if (parts.size() == 4 && e.method == "GET")
            return FixtureServer::Reply{200, json(b)};
        if (parts.size() == 5 && parts.at(4) == "logs" && e.method == "GET") {
            const qint64 after = e.queryValue("after").toLongLong();
            const qint64 limit = std::max<qint64>(1, e.queryValue("limit").toLongLong());
            QJsonArray page;
            for (const QJsonValue &l : logs.value(id))
                if (l.toObject().value("seq"_L1).toInteger() > after && page.size() < limit)
                    page.append(l);
            const qint64 next = page.isEmpty() ? after : page.last().toObject().value("seq"_L1).toInteger();
            return FixtureServer::Reply{200, json({{"lines"_L1, page}, {"next"_L1, next}})};
        }
        if (parts.size() == 5 && (parts.at(4) == "cancel" || parts.at(4) == "retry") && e.method == "POST")
            return FixtureServer::Reply{actionStatus, actionStatus < 300 ? json(b) : problem(actionStatus),
                                        actionStatus < 300 ? "application/json" : "application/problem+json"};
        return std::nullopt;
    }

    static QByteArray problem(int status)
    {
        const QByteArray title = status == 403 ? "Forbidden" : status == 404 ? "Not Found" : "Error";
        const QByteArray detail = status == 403 ? "builds.trigger is required in project enclii" : "";
        return R"({"type":"about:blank","title":")" + title + R"(","status":)" + QByteArray::number(status)
               + R"(,"detail":")" + detail + R"("})";
    }

    QList<QJsonObject> builds;
    QHash<qint64, QJsonArray> logs;
    int listStatus = 200;
    int actionStatus = 202;
};

// One console's worth of parts pointed at the fixture server.
struct Console
{
    explicit Console(const QUrl &url)
    {
        enclii::test::makeQuick(api, url);
        builds = std::make_unique<BuildsClient>(&api);
        builds->setPollInterval(200ms);
        builds->eventStream()->setBackoff(100ms, 400ms);
        view = std::make_unique<PipelineView>(builds.get());
        view->resize(1400, 900);
    }
    ~Console()
    {
        view.reset();
        builds.reset();
    }

    ApiClient api;
    std::unique_ptr<BuildsClient> builds;
    std::unique_ptr<PipelineView> view;
};

StepState stageState(PipelineView *view, const QString &name)
{
    const int row = view->stepsModel()->rowOf(name);
    return row < 0 ? StepState::Pending : view->stepsModel()->stages().at(row).state;
}

int countRequests(const FixtureServer &server, const QByteArray &method, const QByteArray &path)
{
    int n = 0;
    for (const FixtureServer::Exchange &e : server.exchanges())
        n += e.method == method && e.path == path;
    return n;
}

} // namespace

class TestConsolePipeline : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void followsTheNewestBuild();
    void liveEventsDriveTimelineLogAndChart();
    void reconnectsWithLastEventId();
    void pollsWhenTheDaemonHasNoStream();
    void cancelAndRetrySendRequests();
    void forbiddenActionIsExplained();
    void emptyAndRefusedStatesAreExplained();
    void unreachableDaemonIsExplained();
    void logTailStopsFollowingWhenScrolledUp();
    void filtersNarrowListAndChart();
    void screenshot();

private:
    bool startConsole() { return m_loop.startConsole(); }

    enclii::test::LoopbackConsole<FakeRoundhouse, Console> m_loop;
    std::unique_ptr<FixtureServer> &m_server = m_loop.server;
    std::unique_ptr<FakeRoundhouse> &m_roundhouse = m_loop.fake;
    std::unique_ptr<Console> &m_console = m_loop.console;
};

void TestConsolePipeline::init()
{
    QVERIFY(m_loop.start());
}

void TestConsolePipeline::cleanup()
{
    m_loop.reset();
}

void TestConsolePipeline::followsTheNewestBuild()
{
    QVERIFY(startConsole());
    PipelineView *view = m_console->view.get();
    QVERIFY(!view->showsPlaceholder());
    QCOMPARE(view->buildModel()->rowCount(), 26);
    // Nobody picked a build: the newest is followed, its stages and its log come in.
    QTRY_COMPARE(view->selectedBuild(), 126);
    QCOMPARE(view->stepsModel()->rowCount(), 7);
    QCOMPARE(stageState(view, u"queued"_s), StepState::Succeeded);
    QCOMPARE(stageState(view, u"clone"_s), StepState::Succeeded);
    QCOMPARE(stageState(view, u"build"_s), StepState::Running);
    QCOMPARE(stageState(view, u"sbom"_s), StepState::Pending);
    QTRY_COMPARE(view->logModel()->rowCount(), m_roundhouse->logs.value(126).size());
    QVERIFY(view->cancelButton()->isEnabled());
    QVERIFY(!view->retryButton()->isEnabled());
    QVERIFY2(view->headlineText().contains(u"1 running"_s) && view->headlineText().contains(u"1 queued"_s),
             qPrintable(view->headlineText()));
    // 23 finished builds, 20 of them succeeded: the chart has them all, the average from the 20.
    QTRY_COMPARE(view->durationChart()->pointCount(), 23);
    QVERIFY(view->durationChart()->averageMs() > 0);
    QVERIFY2(view->durationChart()->titleText().contains(BuildFormat::duration(view->durationChart()->averageMs())),
             qPrintable(view->durationChart()->titleText()));
    QVERIFY2(view->artifactsText().contains(u"Not pushed yet"_s), qPrintable(view->artifactsText()));

    // Another build: its details replace the first one's.
    view->selectBuild(123);
    QTRY_COMPARE(m_console->builds->followedBuild(), 123);
    QCOMPARE(view->logModel()->buildId(), 123);
    QCOMPARE(stageState(view, u"release"_s), StepState::Succeeded);
    const QString artifacts = view->artifactsText();
    QVERIFY2(artifacts.contains(u"CycloneDX 1.5"_s) && artifacts.contains(u"npm"_s) && artifacts.contains(u"verified"_s),
             qPrintable(artifacts));
}

void TestConsolePipeline::liveEventsDriveTimelineLogAndChart()
{
    QVERIFY(startConsole());
    PipelineView *view = m_console->view.get();
    QTRY_COMPARE(m_console->builds->mode(), BuildsClient::Mode::Live);
    QTRY_COMPARE(view->selectedBuild(), 126);
    const int initialLines = int(m_roundhouse->logs.value(126).size());
    QTRY_COMPARE(view->logModel()->rowCount(), initialLines);
    QVERIFY2(view->liveText().contains(u"Live"_s), qPrintable(view->liveText()));

    // The build step finishes and the SBOM starts, with progress.
    QJsonObject b = m_roundhouse->build(126);
    QJsonArray steps = b.value("steps"_L1).toArray();
    const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    QJsonObject build = steps.at(1).toObject();
    build.insert("state"_L1, "succeeded"_L1);
    build.insert("finishedAt"_L1, now);
    build.insert("durationMs"_L1, 152000);
    build.remove("progress"_L1);
    steps.replace(1, build);
    steps.replace(2, QJsonObject{{"name"_L1, "sbom"_L1}, {"state"_L1, "running"_L1}, {"startedAt"_L1, now},
                                 {"progress"_L1, 0.3}, {"detail"_L1, "cataloguing npm packages"_L1}});
    b.insert("steps"_L1, steps);
    b.insert("updatedAt"_L1, now);
    m_roundhouse->replace(b);
    m_server->sendEvent(sse("build", b, 50));
    QTRY_COMPARE(stageState(view, u"sbom"_s), StepState::Running);
    QCOMPARE(stageState(view, u"build"_s), StepState::Succeeded);
    const int sbomRow = view->stepsModel()->rowOf(u"sbom"_s);
    QCOMPARE(view->stepsModel()->stages().at(sbomRow).progress, 0.3);
    QCOMPARE(view->stepsModel()->index(view->stepsModel()->rowOf(u"build"_s), BuildStepsModel::DurationColumn).data().toString(),
             u"2 min 32 s"_s);
    QVERIFY(!view->stageBar()->stageRect(sbomRow).isEmpty());

    // Log lines follow live; another build's lines and unknown event kinds are ignored.
    m_server->sendEvent(sse("log", m_roundhouse->appendLog(126, u"sbom"_s, u"info"_s, u"syft scan: 1093 npm packages"_s), 51));
    m_server->sendEvent(sse("log", QJsonObject{{"build"_L1, 125}, {"seq"_L1, 1}, {"text"_L1, "other build"_L1}}, 52));
    m_server->sendEvent("id: 53\nevent: deployment\ndata: {\"id\":126,\"state\":\"failed\"}\n\n");
    m_server->sendEvent(sse("log", m_roundhouse->appendLog(126, u"sbom"_s, u"stdout"_s, u"licences: 23 distinct"_s), 54));
    QTRY_COMPARE(view->logModel()->rowCount(), initialLines + 2);
    QVERIFY(view->logModel()->index(initialLines + 1).data().toString().contains(u"licences: 23 distinct"_s));
    QCOMPARE(view->buildModel()->build(126)->state, BuildState::Running);

    // The build finishes: the timeline is all green, the chart gains a point.
    QTRY_COMPARE(view->durationChart()->pointCount(), 23);
    const int points = view->durationChart()->pointCount();
    const QString done = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    for (int i = 2; i < steps.size(); ++i) {
        QJsonObject s = steps.at(i).toObject();
        s.insert("state"_L1, "succeeded"_L1);
        s.insert("durationMs"_L1, 9000);
        s.remove("progress"_L1);
        steps.replace(i, s);
    }
    b.insert("steps"_L1, steps);
    b.insert("state"_L1, "succeeded"_L1);
    b.insert("finishedAt"_L1, done);
    b.insert("updatedAt"_L1, done);
    b.insert("sbom"_L1, QJsonObject{{"format"_L1, "CycloneDX 1.5"_L1}, {"packages"_L1, 1212}, {"licenses"_L1, 23},
                                    {"byType"_L1, QJsonObject{{"npm"_L1, 1093}, {"deb"_L1, 119}}}});
    b.insert("signature"_L1, QJsonObject{{"state"_L1, "signed"_L1}, {"keyId"_L1, "enclii-roundhouse-1"_L1}});
    m_server->sendEvent(sse("build", b, 55));
    QTRY_COMPARE(stageState(view, u"release"_s), StepState::Succeeded);
    QTRY_COMPARE(view->durationChart()->pointCount(), points + 1);
    QVERIFY(!view->cancelButton()->isEnabled());
    QVERIFY(!view->retryButton()->isEnabled());
    QVERIFY2(view->artifactsText().contains(u"1212"_s) || view->artifactsText().contains(QLocale().toString(1212)),
             qPrintable(view->artifactsText()));
    QVERIFY2(view->headlineText().contains(u"0 running"_s), qPrintable(view->headlineText()));
    QCOMPARE(m_console->builds->eventStream()->lastEventId(), QByteArray("55"));
}

void TestConsolePipeline::reconnectsWithLastEventId()
{
    QVERIFY(startConsole());
    PipelineView *view = m_console->view.get();
    QTRY_COMPARE(m_console->builds->mode(), BuildsClient::Mode::Live);
    QTRY_COMPARE(view->logModel()->rowCount(), int(m_roundhouse->logs.value(126).size()));
    m_server->sendEvent(sse("log", m_roundhouse->appendLog(126, u"build"_s, u"stdout"_s, u"before the drop"_s), 41));
    m_server->sendEvent(": keepalive\n\n");
    m_server->sendEvent(sse("log", m_roundhouse->appendLog(126, u"build"_s, u"stdout"_s, u"just before"_s), 42));
    QTRY_COMPARE(m_console->builds->eventStream()->lastEventId(), QByteArray("42"));
    QCOMPARE(countRequests(*m_server, "GET", "/v1/events"), 1);
    const auto first = std::find_if(m_server->exchanges().cbegin(), m_server->exchanges().cend(),
                                    [](const FixtureServer::Exchange &e) { return e.path == "/v1/events"; });
    QVERIFY(!first->headers.contains("last-event-id")); // nothing to resume the first time

    // The connection drops; lines are written meanwhile that no event will carry.
    QSignalSpy modes(m_console->builds.get(), &BuildsClient::modeChanged);
    m_server->closeStreams();
    m_roundhouse->appendLog(126, u"build"_s, u"stdout"_s, u"written while the stream was down"_s);
    m_roundhouse->appendLog(126, u"build"_s, u"stderr"_s, u"npm warn deprecated inflight@1.0.6"_s);

    QTRY_COMPARE_WITH_TIMEOUT(countRequests(*m_server, "GET", "/v1/events"), 2, 10000);
    const auto reconnect = std::find_if(m_server->exchanges().crbegin(), m_server->exchanges().crend(),
                                        [](const FixtureServer::Exchange &e) { return e.path == "/v1/events"; });
    QCOMPARE(reconnect->headers.value("last-event-id"), QByteArray("42"));
    QCOMPARE(reconnect->headers.value("accept"), QByteArray("text/event-stream"));
    QVERIFY(std::any_of(modes.cbegin(), modes.cend(), [](const QList<QVariant> &args) {
        return args.at(0).value<BuildsClient::Mode>() == BuildsClient::Mode::Connecting;
    }));
    QTRY_COMPARE(m_console->builds->mode(), BuildsClient::Mode::Live);

    // Back: the missed lines are fetched after the last one held, in order, once each.
    const int total = int(m_roundhouse->logs.value(126).size());
    QTRY_COMPARE(view->logModel()->rowCount(), total);
    QVERIFY(view->logModel()->index(total - 1).data().toString().contains(u"inflight"_s));
    bool askedAfter = false;
    for (const FixtureServer::Exchange &e : m_server->exchanges())
        askedAfter |= e.path == "/v1/builds/126/logs" && e.queryValue("after").toLongLong() == total - 2;
    QVERIFY(askedAfter);
    // A replay of an old line after reconnecting does not duplicate it.
    QJsonObject replay = m_roundhouse->logs.value(126).at(total - 3).toObject();
    replay.insert("build"_L1, 126);
    m_server->sendEvent(sse("log", replay, 42));
    m_server->sendEvent(sse("log", m_roundhouse->appendLog(126, u"build"_s, u"stdout"_s, u"after the reconnect"_s), 43));
    QTRY_COMPARE(view->logModel()->rowCount(), total + 1);
    QTest::qWait(100);
    QCOMPARE(view->logModel()->rowCount(), total + 1);
}

void TestConsolePipeline::pollsWhenTheDaemonHasNoStream()
{
    m_server->setEventStream({}); // GET /v1/events: 404
    QVERIFY(startConsole());
    PipelineView *view = m_console->view.get();
    QTRY_COMPARE(m_console->builds->mode(), BuildsClient::Mode::Polling);
    QVERIFY2(view->liveText().contains(u"no event stream"_s), qPrintable(view->liveText()));
    QCOMPARE(m_console->builds->eventStream()->state(), EventStream::State::Unavailable);
    QCOMPARE(m_console->builds->eventStream()->lastStatus(), 404);

    // Changes arrive through the polls instead.
    QJsonObject fresh = m_roundhouse->build(125);
    fresh.insert("id"_L1, 127);
    fresh.insert("service"_L1, "waybill-api"_L1);
    m_roundhouse->builds.prepend(fresh);
    QTRY_VERIFY(view->buildModel()->build(127));
    QTRY_COMPARE(view->selectedBuild(), 126); // the reader's selection stays where it was
    m_roundhouse->appendLog(126, u"build"_s, u"stdout"_s, u"polled line"_s);
    QTRY_COMPARE(view->logModel()->rowCount(), int(m_roundhouse->logs.value(126).size()));
}

void TestConsolePipeline::cancelAndRetrySendRequests()
{
    QVERIFY(startConsole());
    PipelineView *view = m_console->view.get();
    QTRY_COMPARE(view->selectedBuild(), 126);
    QVERIFY(view->cancelButton()->isEnabled());
    QTest::mouseClick(view->cancelButton(), Qt::LeftButton);
    QTRY_COMPARE(countRequests(*m_server, "POST", "/v1/builds/126/cancel"), 1);
    QTRY_VERIFY2(view->messageText().contains(u"cancel requested"_s), qPrintable(view->messageText()));

    view->selectBuild(124); // failed: retry, not cancel
    QTRY_COMPARE(view->selectedBuild(), 124);
    QVERIFY(!view->cancelButton()->isEnabled());
    QVERIFY(view->retryButton()->isEnabled());
    QTest::mouseClick(view->retryButton(), Qt::LeftButton);
    QTRY_COMPARE(countRequests(*m_server, "POST", "/v1/builds/124/retry"), 1);
    QTRY_VERIFY2(view->messageText().contains(u"queued again"_s), qPrintable(view->messageText()));
    QCOMPARE(countRequests(*m_server, "POST", "/v1/builds/124/cancel"), 0);
}

void TestConsolePipeline::forbiddenActionIsExplained()
{
    m_roundhouse->actionStatus = 403;
    QVERIFY(startConsole());
    PipelineView *view = m_console->view.get();
    QTRY_COMPARE(view->selectedBuild(), 126);
    QSignalSpy finished(m_console->builds.get(), &BuildsClient::actionFinished);
    QTest::mouseClick(view->cancelButton(), Qt::LeftButton);
    QTRY_COMPARE(finished.size(), 1);
    QCOMPARE(finished.at(0).at(2).toInt(), 403);
    const QString message = view->messageText();
    QVERIFY2(message.contains(u"lack the role"_s) && message.contains(u"enclii"_s) && message.contains(u"builds.trigger"_s),
             qPrintable(message));
    QTRY_VERIFY(view->cancelButton()->isEnabled()); // nothing in flight any more; it may be tried again
}

void TestConsolePipeline::emptyAndRefusedStatesAreExplained()
{
    m_roundhouse->builds.clear();
    QVERIFY(startConsole());
    PipelineView *view = m_console->view.get();
    QVERIFY(view->showsPlaceholder());
    QVERIFY2(view->placeholderText().contains(u"No builds yet"_s), qPrintable(view->placeholderText()));
    // The first build arrives as an event: the screen shows it at once.
    QTRY_COMPARE(m_console->builds->mode(), BuildsClient::Mode::Live);
    FakeRoundhouse full;
    m_server->sendEvent(sse("build", full.build(126), 1));
    QTRY_VERIFY(!view->showsPlaceholder());
    QTRY_COMPARE(view->selectedBuild(), 126);

    // A person without catalog.read.
    cleanup();
    init();
    m_roundhouse->listStatus = 403;
    QVERIFY(startConsole());
    QVERIFY(m_console->view->showsPlaceholder());
    const QString text = m_console->view->placeholderText();
    QVERIFY2(text.contains(u"may not see the builds"_s) && text.contains(u"catalog.read"_s), qPrintable(text));

    // A daemon without builds at all.
    cleanup();
    init();
    m_roundhouse->listStatus = 404;
    QVERIFY(startConsole());
    QVERIFY2(m_console->view->placeholderText().contains(u"does not serve builds"_s), qPrintable(m_console->view->placeholderText()));
}

void TestConsolePipeline::unreachableDaemonIsExplained()
{
    const quint16 port = m_server->port();
    m_server->stop();
    m_console = std::make_unique<Console>(m_server->url());
    m_console->api.start();
    QTRY_COMPARE(m_console->api.state(), ApiClient::State::Disconnected);
    QVERIFY(m_console->view->showsPlaceholder());
    const QString text = m_console->view->placeholderText();
    QVERIFY2(text.contains(u"Cannot reach encliid"_s) && text.contains(QString::number(port)), qPrintable(text));
    QCOMPARE(m_console->builds->mode(), BuildsClient::Mode::Offline);

    // The daemon comes up: the builds appear without anyone asking.
    QVERIFY(m_server->start(port));
    QTRY_VERIFY_WITH_TIMEOUT(!m_console->view->showsPlaceholder(), 10000);
    QCOMPARE(m_console->view->buildModel()->rowCount(), 26);
}

void TestConsolePipeline::logTailStopsFollowingWhenScrolledUp()
{
    QVERIFY(startConsole());
    PipelineView *view = m_console->view.get();
    QTRY_COMPARE(m_console->builds->mode(), BuildsClient::Mode::Live);
    QTRY_VERIFY(view->logModel()->rowCount() > 0);
    int id = 100;
    auto pushLines = [&](int n) {
        QByteArray batch;
        for (int i = 0; i < n; ++i) {
            ++id;
            batch += sse("log", m_roundhouse->appendLog(126, u"build"_s, u"stdout"_s, u"compiling module %1"_s.arg(id)), id);
        }
        m_server->sendEvent(batch);
    };
    pushLines(150);
    QScrollBar *bar = view->logView()->verticalScrollBar();
    QTRY_COMPARE(view->logModel()->rowCount(), int(m_roundhouse->logs.value(126).size()));
    QTRY_VERIFY(bar->maximum() > 0);
    QTRY_COMPARE(bar->value(), bar->maximum());
    QVERIFY(view->logFollowsTail());

    // The reader scrolls up to read: new lines no longer pull the view down.
    bar->setValue(0);
    QVERIFY(!view->logFollowsTail());
    pushLines(20);
    QTRY_COMPARE(view->logModel()->rowCount(), int(m_roundhouse->logs.value(126).size()));
    QTest::qWait(50);
    QCOMPARE(bar->value(), 0);

    // Back at the end, it follows again.
    bar->setValue(bar->maximum());
    QVERIFY(view->logFollowsTail());
    pushLines(20);
    QTRY_COMPARE(view->logModel()->rowCount(), int(m_roundhouse->logs.value(126).size()));
    QTRY_COMPARE(bar->value(), bar->maximum());
}

void TestConsolePipeline::filtersNarrowListAndChart()
{
    QVERIFY(startConsole());
    PipelineView *view = m_console->view.get();
    QTRY_COMPARE(view->durationChart()->pointCount(), 23);
    const int janua = view->projectFilter()->findData(u"janua"_s);
    QVERIFY(janua > 0);
    view->projectFilter()->setCurrentIndex(janua);
    QVERIFY(view->filterModel()->rowCount() < 26);
    for (int row = 0; row < view->filterModel()->rowCount(); ++row)
        QCOMPARE(view->filterModel()->index(row, 0).data(BuildListModel::ProjectRole).toString(), u"janua"_s);
    const int januaFinished = int(view->buildModel()->finishedDurations(u"janua"_s).size());
    QTRY_COMPARE(view->durationChart()->pointCount(), januaFinished);
    QVERIFY(view->headlineText().contains(u"janua"_s));

    const int failed = view->stateFilter()->findText(u"Failed"_s);
    QVERIFY(failed > 0);
    view->stateFilter()->setCurrentIndex(failed);
    QCOMPARE(view->filterModel()->rowCount(), 1); // janua-api #109
    QCOMPARE(view->filterModel()->index(0, 0).data(BuildListModel::BuildIdRole).toLongLong(), 109);
}

void TestConsolePipeline::screenshot()
{
    const QString dir = qEnvironmentVariable("ENCLII_SCREENSHOT_DIR", QDir::tempPath());
    QVERIFY(QDir().mkpath(dir));
    const QString path = QDir(dir).filePath(u"pipeline.png"_s);
    QFile::remove(path);

    // The command line's path: --screenshot waits for the builds before it captures.
    ApiClient client;
    client.setBaseUrl(m_server->url());
    MainWindow window(&client);
    window.buildsClient()->setPollInterval(200ms);
    ScreenshotRunner runner(&window, MainWindow::Screen::Pipeline, path, 20s);
    QSignalSpy finished(&runner, &ScreenshotRunner::finished);
    runner.start();
    client.start();
    QVERIFY(finished.wait(30000));
    QVERIFY2(finished.at(0).at(0).toInt() == 0, qPrintable(finished.at(0).at(1).toString()));
    PipelineView *view = window.pipelineView();
    QCOMPARE(view->buildModel()->rowCount(), 26);

    // Then live: the SBOM step running, the log moving; grab what a person would see.
    QTRY_COMPARE(window.buildsClient()->mode(), BuildsClient::Mode::Live);
    QTRY_COMPARE(view->logModel()->rowCount(), int(m_roundhouse->logs.value(126).size()));
    QJsonObject b = m_roundhouse->build(126);
    QJsonArray steps = b.value("steps"_L1).toArray();
    QJsonObject build = steps.at(1).toObject();
    build.insert("progress"_L1, 0.78);
    build.insert("detail"_L1, "step 7 of 9: COPY --from=build /app/dist ./dist"_L1);
    steps.replace(1, build);
    b.insert("steps"_L1, steps);
    b.insert("updatedAt"_L1, QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    QByteArray events = sse("build", b, 60);
    for (const char *text : {"src/services/pipeline.ts: compiled", "STEP 7/9: COPY --from=build /app/dist ./dist",
                             "--> 4f1c9a3e2b7d", "STEP 8/9: USER node", "--> 9b2e77c0d114"})
        events += sse("log", m_roundhouse->appendLog(126, u"build"_s, u"stdout"_s, QString::fromLatin1(text)), 61);
    m_server->sendEvent(events);
    QTRY_COMPARE(view->logModel()->rowCount(), int(m_roundhouse->logs.value(126).size()));
    QTRY_COMPARE(view->stepsModel()->stages().at(2).progress, 0.78);
    QTest::qWait(400); // the chart's coalescing timer and the layouts

    const QImage image = window.grab().toImage();
    QVERIFY(image.save(path));
    const auto stats = enclii::test::measureImage(image);
    qInfo("pipeline: %d colours, background %.1f %% -> %s", stats.distinctColors, stats.backgroundShare * 100, qPrintable(path));
    QVERIFY2(stats.distinctColors >= 200, qPrintable(QString::number(stats.distinctColors)));
    QVERIFY(stats.backgroundShare <= 0.8);
    QVERIFY(!view->showsPlaceholder());

    // A finished build: every stage done, and its image, SBOM and signature filled in.
    view->selectBuild(123);
    QTRY_COMPARE(view->logModel()->buildId(), 123);
    QCOMPARE(stageState(view, u"release"_s), StepState::Succeeded);
    QTest::qWait(100);
    const QString finishedPath = QDir(dir).filePath(u"pipeline-finished.png"_s);
    QVERIFY(window.grab().toImage().save(finishedPath));
    qInfo("finished build -> %s", qPrintable(finishedPath));
}

QTEST_MAIN(TestConsolePipeline)
#include "tst_console_pipeline.moc"
