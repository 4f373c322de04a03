// The Canary screen against a loopback stand-in for encliid's canary routes: GET /v1/rollouts,
// GET /v1/rollouts/{id} and the POSTed controls, with answers made by the daemon's own
// serializer (RolloutFixtures.h). Selecting a rollout shows its steps, charts with the
// threshold drawn in and every measurement with its verdict; the controls follow "actions";
// Abort sends its reason and a 403 or 409 is shown in the daemon's words; polling stops while
// the screen is hidden; and a screenshot of the screen (ENCLII_SCREENSHOT_DIR/canary.png).

#include "FixtureJson.h"
#include "FixtureServer.h"
#include "ImageStats.h"
#include "LoopbackConsole.h"
#include "RolloutFixtures.h"
#include "client/RolloutsClient.h"
#include "models/MeasurementTableModel.h"
#include "models/RolloutListModel.h"
#include "views/CanaryView.h"
#include "views/MainWindow.h"
#include "views/MetricChart.h"
#include "views/RolloutStepStrip.h"
#include "views/ScreenshotRunner.h"

#include <QDir>
#include <QFile>
#include <QInputDialog>
#include <QJsonDocument>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>

#include <memory>

using namespace enclii::ui;
using namespace std::chrono_literals;
using namespace Qt::StringLiterals;
using enclii::test::FixtureServer;
using Chart = CanaryView::Chart;

namespace {

FixtureServer::Reply jsonReply(const QJsonObject &body, int status = 200)
{
    return {status, enclii::test::compactJson(body), "application/json"};
}

// An RFC 9457 problem document as encliid's http layer writes it.
FixtureServer::Reply problemReply(int status, const QString &code, const QString &title, const QString &detail)
{
    return {status,
            enclii::test::compactJson({{"type"_L1, "about:blank"_L1}, {"title"_L1, title}, {"status"_L1, status},
                                       {"detail"_L1, detail}, {"code"_L1, code}}),
            "application/problem+json"};
}

// The canary controller as the console sees it: four rollouts, and controls that answer as
// told (actionStatus).
class FakeCanary
{
public:
    FakeCanary()
        : cases(enclii::test::canaryCases(QDateTime::currentDateTimeUtc()))
    {
    }

    std::optional<FixtureServer::Reply> route(const FixtureServer::Exchange &e)
    {
        const QList<QByteArray> parts = e.path.split('/'); // "", "v1", "rollouts", id, action
        if (parts.value(1) != "v1" || parts.value(2) != "rollouts")
            return std::nullopt;
        if (parts.size() == 3 && e.method == "GET") {
            if (listStatus != 200)
                return problemReply(listStatus, u"nope"_s, u"Refused"_s, u"catalog.read is required"_s);
            return jsonReply(enclii::test::rolloutList(cases));
        }
        const qint64 id = parts.value(3).toLongLong();
        const enclii::test::CanaryCase *c = find(id);
        if (!c)
            return problemReply(404, u"not-found"_s, u"Not Found"_s, u"a rollout %1"_s.arg(id));
        if (parts.size() == 4 && e.method == "GET")
            return jsonReply(c->detail());
        if (parts.size() == 5 && e.method == "POST") {
            posts.append(e);
            if (actionStatus == 403)
                return problemReply(403, u"forbidden"_s, u"Forbidden"_s,
                                    u"POST /v1/rollouts/{id}/abort needs canary.operate in %1; your roles (viewer:%1) do not allow it"_s
                                        .arg(c->rollout.project));
            if (actionStatus == 409)
                return problemReply(409, u"rollout-state"_s, u"Conflict"_s,
                                    u"rollout %1 is promoting; abort needs it pending or progressing or paused"_s.arg(id));
            QJsonObject body = c->detail();
            body.insert("outcome"_L1, u"aborted by ana@enclii.dev: %1"_s.arg(QJsonDocument::fromJson(e.body).object().value("reason"_L1).toString()));
            return jsonReply(body);
        }
        return std::nullopt;
    }

    const enclii::test::CanaryCase *find(qint64 id) const
    {
        for (const enclii::test::CanaryCase &c : cases)
            if (c.rollout.id == id)
                return &c;
        return nullptr;
    }

    QList<enclii::test::CanaryCase> cases;
    QList<FixtureServer::Exchange> posts;
    int listStatus = 200;
    int actionStatus = 200;
};

// One Canary screen's worth of parts pointed at the fixture server.
struct Console
{
    explicit Console(const QUrl &url)
    {
        enclii::test::makeQuick(api, url);
        rollouts = std::make_unique<RolloutsClient>(&api);
        rollouts->setPollInterval(200ms);
        view = std::make_unique<CanaryView>(rollouts.get());
        view->resize(1450, 930);
    }
    ~Console()
    {
        view.reset();
        rollouts.reset();
    }

    ApiClient api;
    std::unique_ptr<RolloutsClient> rollouts;
    std::unique_ptr<CanaryView> view;
};

int countGets(const FixtureServer &server, const QByteArray &prefix)
{
    int n = 0;
    for (const FixtureServer::Exchange &e : server.exchanges())
        n += e.method == "GET" && e.path.startsWith(prefix);
    return n;
}

QString screenshotDir()
{
    const QString dir = qEnvironmentVariable("ENCLII_SCREENSHOT_DIR", QDir::tempPath());
    QDir().mkpath(dir);
    return dir;
}

} // namespace

class TestConsoleCanary : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void listsActiveRolloutsFirst();
    void selectingARolloutShowsStepsChartsAndMeasurements();
    void rolledBackRolloutShowsTheFailingMetric();
    void buttonsFollowTheActions();
    void abortPostsTheReasonAndShowsRefusals();
    void retrySelectsTheNewRollout();
    void pollingStopsWhileHidden();
    void emptyAndRefusedListsAreExplained();
    void screenshot();

private:
    bool startConsole() { return m_loop.startConsole(); }
    CanaryView *view() const { return m_console->view.get(); }
    bool select(qint64 id);

    enclii::test::LoopbackConsole<FakeCanary, Console> m_loop;
    std::unique_ptr<FixtureServer> &m_server = m_loop.server;
    std::unique_ptr<FakeCanary> &m_canary = m_loop.fake;
    std::unique_ptr<Console> &m_console = m_loop.console;
};

void TestConsoleCanary::init()
{
    QVERIFY(m_loop.start());
}

void TestConsoleCanary::cleanup()
{
    m_loop.reset();
}

bool TestConsoleCanary::select(qint64 id)
{
    view()->selectRollout(id);
    return QTest::qWaitFor([this, id] { return view()->detail() && view()->detail()->id == id; }, 10000);
}

void TestConsoleCanary::listsActiveRolloutsFirst()
{
    QVERIFY(startConsole());
    QVERIFY(!view()->showsPlaceholder());
    RolloutListModel *list = view()->listModel();
    QCOMPARE(list->rowCount(), 4);
    QCOMPARE(list->index(0, RolloutListModel::ServiceColumn).data().toString(), u"switchyard"_s);
    QCOMPARE(list->index(1, RolloutListModel::ServiceColumn).data().toString(), u"forgesight-api"_s);
    // Nobody picked one: the rollout waiting for a person is shown.
    QCOMPARE(view()->selectedRollout(), 40);
    QTRY_VERIFY(view()->detail().has_value());
    QVERIFY2(view()->headlineText().contains(u"2 active"_s) && view()->headlineText().contains(u"1 waiting for a person"_s)
                 && view()->headlineText().contains(u"1 rolled back"_s),
             qPrintable(view()->headlineText()));
    QCOMPARE(view()->detailTitle(), u"switchyard · rollout #40"_s);
    QVERIFY2(view()->verdictText().contains(u"too many inconclusive measurements"_s), qPrintable(view()->verdictText()));
    QVERIFY2(view()->trafficText().contains(u"by replica ratio, precision 25 %"_s), qPrintable(view()->trafficText()));
    QVERIFY(view()->trafficText().contains(u"3 stable + 1 canary pods"_s));
}

void TestConsoleCanary::selectingARolloutShowsStepsChartsAndMeasurements()
{
    QVERIFY(startConsole());
    QVERIFY(select(42));
    QCOMPARE(view()->detailTitle(), u"forgesight-api · rollout #42"_s);
    QVERIFY2(view()->detailSubtitle().contains(u"Progressing"_s) && view()->detailSubtitle().contains(u"Step 2 of 3 · 50 %"_s),
             qPrintable(view()->detailSubtitle()));

    // The steps: 10 % done, 50 % being analysed, 100 % to come.
    QCOMPARE(view()->stepStrip()->describe(),
             (QStringList{u"Step 1 · 10 %: done · 5 min analysis"_s, u"Step 2 · 50 %: analysing · 5 min analysis"_s,
                          u"Step 3 · 100 %: waiting · promote"_s}));
    QVERIFY(view()->stepStrip()->isVisible());

    // Canary against stable, with the threshold as a line across both.
    MetricChart *success = view()->chart(Chart::SuccessRate);
    QCOMPARE(success->pointCount(), 10);
    QCOMPARE(success->requestPointCount(), 10);
    QCOMPARE(success->limitPointCount(), 2);
    QVERIFY2(success->titleText().startsWith(u"Success rate · "_s) && success->titleText().contains(u"Stable: 99."_s),
             qPrintable(success->titleText()));
    MetricChart *latency = view()->chart(Chart::Latency);
    QCOMPARE(latency->pointCount(), 9); // the inconclusive one has no value
    QCOMPARE(latency->requestPointCount(), 10);
    QCOMPARE(latency->limitPointCount(), 2);

    // Every measurement, newest first, the failing one marked.
    MeasurementTableModel *measurements = view()->measurementModel();
    QCOMPARE(measurements->rowCount(), 40);
    QStringList verdicts;
    int failing = -1;
    for (int row = 0; row < measurements->rowCount(); ++row) {
        verdicts << measurements->index(row, MeasurementTableModel::VerdictColumn).data().toString();
        if (measurements->index(row, 0).data(MeasurementTableModel::FailureRole).toBool())
            failing = row;
    }
    QCOMPARE(verdicts.count(u"failed"_s), 1);
    QCOMPARE(verdicts.count(u"inconclusive"_s), 1);
    QCOMPARE(verdicts.count(u"passed"_s), 18);
    QCOMPARE(verdicts.count(u"passed (for comparison)"_s), 20);
    QVERIFY(failing >= 0);
    QCOMPARE(measurements->index(failing, MeasurementTableModel::ValueColumn).data().toString(), u"620 ms"_s);
    QVERIFY(measurements->index(failing, MeasurementTableModel::ValueColumn).data(Qt::BackgroundRole).isValid());
    QCOMPARE(view()->timelineTable()->rowCount(), 2);
    QCOMPARE(view()->timelineTable()->item(1, 3)->text(), u"roundhouse"_s); // oldest last

    QVERIFY2(view()->trafficText().contains(u"by ingress weight (exact)"_s), qPrintable(view()->trafficText()));
    QVERIFY(view()->trafficText().contains(u"50.0 %"_s));
    QVERIFY(view()->verdictText().contains(u"analysing"_s)); // the daemon's words on where it is
}

void TestConsoleCanary::rolledBackRolloutShowsTheFailingMetric()
{
    QVERIFY(startConsole());
    QVERIFY(select(41));
    const QString verdict = view()->verdictText();
    QVERIFY2(verdict.contains(u"Failing metric: Success rate of the canary at 96.2 %, threshold result &gt;= 0.99"_s), qPrintable(verdict));
    QVERIFY(verdict.contains(u"rolled back at step 1 of 3"_s));
    QVERIFY(view()->stepStrip()->describe().first().startsWith(u"Step 1 · 10 %: stopped"_s));
    QCOMPARE(view()->chart(Chart::SuccessRate)->pointCount(), 3);
    QVERIFY2(view()->chart(Chart::Latency)->titleText().contains(u"no measurements yet"_s),
             qPrintable(view()->chart(Chart::Latency)->titleText()));
    QVERIFY(view()->trafficText().contains(u"by replica ratio, precision 33.3 %"_s));
}

void TestConsoleCanary::buttonsFollowTheActions()
{
    QVERIFY(startConsole());
    const auto enabled = [this] {
        QList<RolloutAction> on;
        for (RolloutAction a : allRolloutActions())
            if (view()->actionButton(a)->isEnabled())
                on << a;
        return on;
    };
    QCOMPARE(view()->actionButtons().size(), 6);
    QVERIFY(select(42));
    QCOMPARE(enabled(), (QList<RolloutAction>{RolloutAction::Promote, RolloutAction::PromoteFull, RolloutAction::Pause,
                                              RolloutAction::Abort}));
    QCOMPARE(view()->actionButton(RolloutAction::Resume)->toolTip(), u"Not possible while the rollout is progressing."_s);
    QVERIFY(select(40));
    QCOMPARE(enabled(), (QList<RolloutAction>{RolloutAction::Promote, RolloutAction::PromoteFull, RolloutAction::Resume,
                                              RolloutAction::Abort}));
    QVERIFY(select(41));
    QCOMPARE(enabled(), QList<RolloutAction>{RolloutAction::Retry});
    QVERIFY(select(39));
    QCOMPARE(enabled(), QList<RolloutAction>{});

    // Without canary.operate nothing is enabled, and each button says why.
    QVERIFY(select(42));
    const QString denied = u"Only on-call or admin can promote, pause or abort a rollout"_s;
    view()->setOperateDenied(denied);
    QCOMPARE(enabled(), QList<RolloutAction>{});
    for (QPushButton *button : view()->actionButtons())
        QCOMPARE(button->toolTip(), denied);
    view()->setOperateDenied({});
    QCOMPARE(enabled().size(), 4);
}

void TestConsoleCanary::abortPostsTheReasonAndShowsRefusals()
{
    QVERIFY(startConsole());
    QVERIFY(select(42));
    const auto abortWith = [this](const QString &reason) {
        QPushButton *abort = view()->actionButton(RolloutAction::Abort);
        if (!abort->isEnabled())
            return false;
        abort->click();
        QInputDialog *dialog = view()->abortDialog();
        if (!dialog)
            return false;
        dialog->setTextValue(reason);
        dialog->accept();
        return true;
    };

    // A reason is required: an empty one posts nothing.
    QVERIFY(abortWith(u"   "_s));
    QCOMPARE(view()->messageText(), u"Not aborted: an abort needs a reason."_s);
    QCOMPARE(m_canary->posts.size(), 0);

    // 409: the state does not allow it; the daemon's words are shown.
    m_canary->actionStatus = 409;
    QVERIFY(abortWith(u"p99 doubled on the canary"_s));
    QTRY_COMPARE(m_canary->posts.size(), 1);
    const FixtureServer::Exchange &post = m_canary->posts.first();
    QCOMPARE(post.path, QByteArray("/v1/rollouts/42/abort"));
    QCOMPARE(post.headers.value("content-type"), QByteArray("application/json"));
    QCOMPARE(QJsonDocument::fromJson(post.body).object(), (QJsonObject{{"reason"_L1, "p99 doubled on the canary"_L1}}));
    QTRY_VERIFY(view()->messageText().contains(u"rollout 42 is promoting; abort needs it pending or progressing or paused"_s));
    QVERIFY2(view()->messageText().startsWith(u"Abort is not possible now: HTTP 409"_s), qPrintable(view()->messageText()));
    QTRY_VERIFY(view()->actionButton(RolloutAction::Abort)->isEnabled()); // the answer is in: the controls are back

    // 403: the person lacks canary.operate in the rollout's project.
    m_canary->actionStatus = 403;
    QVERIFY(abortWith(u"p99 doubled on the canary"_s));
    QTRY_COMPARE(m_canary->posts.size(), 2);
    QTRY_VERIFY(view()->messageText().contains(u"needs canary.operate in forgesight"_s));
    QVERIFY2(view()->messageText().startsWith(u"You may not act on rollouts of forgesight: it takes the canary.operate permission"_s),
             qPrintable(view()->messageText()));

    // Done: the daemon's outcome.
    m_canary->actionStatus = 200;
    QVERIFY(abortWith(u"p99 doubled"_s));
    QTRY_COMPARE(m_canary->posts.size(), 3);
    QTRY_COMPARE(view()->messageText(), u"Abort, rollout #42: aborted by ana@enclii.dev: p99 doubled"_s);

    // Other controls post no body at all.
    QTRY_VERIFY(view()->actionButton(RolloutAction::Pause)->isEnabled());
    view()->actionButton(RolloutAction::Pause)->click();
    QVERIFY(!view()->actionButton(RolloutAction::Pause)->isEnabled()); // while the answer is on its way
    QTRY_COMPARE(m_canary->posts.size(), 4);
    QCOMPARE(m_canary->posts.last().path, QByteArray("/v1/rollouts/42/pause"));
    QVERIFY(m_canary->posts.last().body.isEmpty());
}

void TestConsoleCanary::retrySelectsTheNewRollout()
{
    QVERIFY(startConsole());
    QVERIFY(select(41));
    // The daemon answers a retry with the new rollout; the list has it by the next refresh.
    enclii::test::CanaryCase retried = enclii::test::progressingCase(QDateTime::currentDateTimeUtc());
    retried.rollout.id = 43;
    retried.rollout.service = u"janua-web"_s;
    retried.rollout.retryOf = 41;
    m_canary->cases.prepend(retried);
    m_server->setRoute([this, retried](const FixtureServer::Exchange &e) -> std::optional<FixtureServer::Reply> {
        if (e.method == "POST" && e.path == "/v1/rollouts/41/retry") {
            m_canary->posts.append(e);
            return jsonReply(retried.detail(), 202);
        }
        return m_canary->route(e);
    });
    view()->actionButton(RolloutAction::Retry)->click();
    QTRY_COMPARE(view()->selectedRollout(), 43);
    QTRY_VERIFY(view()->detail() && view()->detail()->id == 43);
    QVERIFY(view()->detailSubtitle().contains(u"retry of #41"_s));
    QCOMPARE(view()->messageText(), u"Retry: done for rollout #41."_s);
    QCOMPARE(m_canary->posts.size(), 1);
}

void TestConsoleCanary::pollingStopsWhileHidden()
{
    QVERIFY(startConsole());
    QVERIFY(select(42));
    // While shown: the list and the active rollout, every poll.
    const int before = countGets(*m_server, "/v1/rollouts/42");
    QTRY_VERIFY(countGets(*m_server, "/v1/rollouts/42") >= before + 2);
    QVERIFY(m_console->rollouts->isActive());

    view()->hide();
    QVERIFY(!m_console->rollouts->isActive());
    QTest::qWait(100); // what was in flight
    const int hidden = countGets(*m_server, "/v1/rollouts");
    QTest::qWait(800);
    QCOMPARE(countGets(*m_server, "/v1/rollouts"), hidden);

    view()->show();
    QTRY_VERIFY(countGets(*m_server, "/v1/rollouts") >= hidden + 2);

    // An ended rollout does not change: its detail is not asked for again.
    QVERIFY(select(39));
    QTest::qWait(300);
    const int ended = countGets(*m_server, "/v1/rollouts/39");
    QTest::qWait(800);
    QCOMPARE(countGets(*m_server, "/v1/rollouts/39"), ended);
}

void TestConsoleCanary::emptyAndRefusedListsAreExplained()
{
    m_canary->listStatus = 404;
    QVERIFY(startConsole());
    QVERIFY(view()->showsPlaceholder());
    QVERIFY2(view()->placeholderText().contains(u"too old for canary rollouts"_s), qPrintable(view()->placeholderText()));
    m_loop.reset();

    QVERIFY(m_loop.start());
    m_canary->listStatus = 403;
    QVERIFY(startConsole());
    QVERIFY2(view()->placeholderText().contains(u"catalog.read"_s), qPrintable(view()->placeholderText()));
    m_loop.reset();

    QVERIFY(m_loop.start());
    m_canary->cases.clear();
    QVERIFY(startConsole());
    QVERIFY2(view()->placeholderText().startsWith(u"No rollouts yet."_s), qPrintable(view()->placeholderText()));
    QCOMPARE(view()->selectedRollout(), 0);
    for (QPushButton *button : view()->actionButtons())
        QVERIFY(!button->isEnabled());
}

void TestConsoleCanary::screenshot()
{
    const QString path = QDir(screenshotDir()).filePath(u"canary.png"_s);
    QFile::remove(path);

    // The command line's path: --screenshot --view canary waits for the rollouts.
    ApiClient client;
    client.setBaseUrl(m_server->url());
    MainWindow window(&client);
    ScreenshotRunner runner(&window, MainWindow::Screen::Canary, path, 20s);
    QSignalSpy finished(&runner, &ScreenshotRunner::finished);
    runner.start();
    client.start();
    QVERIFY(finished.wait(30000));
    QVERIFY2(finished.at(0).at(0).toInt() == 0, qPrintable(finished.at(0).at(1).toString()));
    QVERIFY(!QImage(path).isNull());
    CanaryView *canary = window.canaryView();
    QVERIFY(canary->detail().has_value()); // the runner waited for the selected rollout too

    // Then the rollout on-call would look at: the one moving, with a slow canary measurement.
    canary->selectRollout(42);
    QTRY_VERIFY(canary->detail() && canary->detail()->id == 42);
    QTRY_COMPARE(canary->chart(Chart::SuccessRate)->pointCount(), 10);
    QTest::qWait(300);
    const QImage image = window.grab().toImage();
    QVERIFY(image.save(path));
    const auto stats = enclii::test::measureImage(image);
    qInfo("%d colours, background %.1f %% -> %s", stats.distinctColors, stats.backgroundShare * 100, qPrintable(path));
    QVERIFY(stats.distinctColors >= 300);
    QVERIFY(stats.backgroundShare <= 0.75);
}

QTEST_MAIN(TestConsoleCanary)
#include "tst_console_canary.moc"
