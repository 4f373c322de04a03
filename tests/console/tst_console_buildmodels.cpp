// The pipeline's models fed from JSON fixtures (tests/console/data/builds.json, a day of
// Roundhouse builds as GET /v1/builds returns them): reading builds, the list and its merge
// rules, the filter, one build's stages, and the bounded log tail.

#include "BuildFixtures.h"
#include "models/Build.h"
#include "models/BuildFilterModel.h"
#include "models/BuildFormat.h"
#include "models/BuildListModel.h"
#include "models/BuildLogModel.h"
#include "models/BuildStepsModel.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace enclii::ui;
using namespace Qt::StringLiterals;

namespace {

using enclii::test::readTestJson;

QJsonArray fixtureBuilds()
{
    return readTestJson(u"builds.json"_s).value("items"_L1).toArray();
}

QJsonObject fixtureBuild(qint64 id)
{
    for (const QJsonValue &v : fixtureBuilds())
        if (v.toObject().value("id"_L1).toInteger() == id)
            return v.toObject();
    return {};
}

QString cell(const QAbstractItemModel &model, int row, int column)
{
    return model.index(row, column).data().toString();
}

} // namespace

class TestConsoleBuildModels : public QObject
{
    Q_OBJECT

private slots:
    void readsABuild();
    void unreadableBuildsAreSkipped();
    void listIsNewestFirst();
    void staleAnswersDoNotOverwrite();
    void summariesKeepKnownDetails();
    void listAnswerDropsVanishedBuilds();
    void listIsBounded();
    void finishedDurations();
    void filtersByProjectAndState();
    void stagesOfARunningBuild();
    void stagesOfQueuedAndFailedBuilds();
    void logTailTakesEachLineOnce();
    void logTailIsBounded();
    void durationsAreWords();
};

void TestConsoleBuildModels::readsABuild()
{
    const std::optional<Build> b = Build::fromJson(fixtureBuild(123));
    QVERIFY(b);
    QCOMPARE(b->service, u"waybill-api"_s);
    QCOMPARE(b->project, u"enclii"_s);
    QCOMPARE(b->state, BuildState::Succeeded);
    QCOMPARE(b->commit.size(), 40);
    QCOMPARE(b->shortCommit().size(), 7);
    QCOMPARE(b->branch(), u"main"_s);
    QCOMPARE(b->attempts, 1);
    QCOMPARE(b->maxAttempts, 3);
    QCOMPARE(b->startedAt, QDateTime(QDate(2025, 3, 14), QTime(13, 19, 33), Qt::UTC));
    QVERIFY(b->finishedAt.isValid());
    QCOMPARE(b->durationMs(QDateTime::currentDateTimeUtc()), b->startedAt.msecsTo(b->finishedAt));
    QCOMPARE(b->steps.size(), 6);
    QVERIFY(b->hasSteps);
    QVERIFY(b->image.reference.contains(u"@sha256:"_s));
    QVERIFY(b->image.sizeBytes > 0);
    QVERIFY(b->sbom.present);
    QCOMPARE(b->sbom.format, u"CycloneDX 1.5"_s);
    QVERIFY(b->sbom.packages > 0);
    QVERIFY(b->sbom.licenses > 0);
    QCOMPARE(b->sbom.byType.size(), 3);
    QCOMPARE(b->sbom.byType.first().first, u"npm"_s); // most packages first
    QCOMPARE(b->sbom.byType.last().first, u"generic"_s);
    QCOMPARE(b->signature.state, u"verified"_s);
    QCOMPARE(b->release.id, 63);

    // Fractions of a second and offsets are read too; the value is kept in UTC.
    const auto precise = Build::fromJson(QJsonObject{{"id"_L1, 5}, {"createdAt"_L1, "2025-03-14T16:00:00.250+01:00"_L1}});
    QVERIFY(precise);
    QCOMPARE(precise->createdAt, QDateTime(QDate(2025, 3, 14), QTime(15, 0, 0, 250), Qt::UTC));
}

void TestConsoleBuildModels::unreadableBuildsAreSkipped()
{
    QVERIFY(!Build::fromJson({}));
    QVERIFY(!Build::fromJson(QJsonObject{{"id"_L1, "12"_L1}}));
    QVERIFY(!Build::fromJson(QJsonObject{{"id"_L1, -3}}));
    // Wrong types become empty values, not nonsense.
    const auto odd = Build::fromJson(QJsonObject{{"id"_L1, 9}, {"service"_L1, 42}, {"state"_L1, "exploded"_L1},
                                                 {"steps"_L1, "none"_L1}, {"startedAt"_L1, "yesterday"_L1},
                                                 {"sbom"_L1, QJsonArray{1, 2}}});
    QVERIFY(odd);
    QCOMPARE(odd->service, QString());
    QCOMPARE(odd->state, BuildState::Unknown);
    QVERIFY(!odd->hasSteps);
    QVERIFY(!odd->startedAt.isValid());
    QVERIFY(!odd->sbom.present);

    BuildListModel model;
    QJsonArray items = fixtureBuilds();
    items.append(QJsonObject{{"service"_L1, "no-id"_L1}});
    items.append(42);
    model.setBuilds(items);
    QCOMPARE(model.rowCount(), fixtureBuilds().size());
}

void TestConsoleBuildModels::listIsNewestFirst()
{
    BuildListModel model;
    QSignalSpy loaded(&model, &BuildListModel::loaded);
    QVERIFY(!model.hasLoaded());
    model.setBuilds(fixtureBuilds());
    QVERIFY(model.hasLoaded());
    QCOMPARE(loaded.size(), 1);
    QCOMPARE(model.rowCount(), 26);
    QCOMPARE(model.columnCount(), int(BuildListModel::ColumnCount));
    for (int row = 1; row < model.rowCount(); ++row)
        QVERIFY(model.index(row - 1, 0).data(BuildListModel::BuildIdRole).toLongLong()
                > model.index(row, 0).data(BuildListModel::BuildIdRole).toLongLong());

    const int row = model.rowOf(123);
    QCOMPARE(row, 3);
    QCOMPARE(cell(model, row, BuildListModel::ServiceColumn), u"waybill-api"_s);
    QCOMPARE(cell(model, row, BuildListModel::CommitColumn), fixtureBuild(123).value("commit"_L1).toString().left(7));
    QCOMPARE(cell(model, row, BuildListModel::ReasonColumn), u"manual"_s);
    QCOMPARE(cell(model, row, BuildListModel::StateColumn), u"Succeeded"_s);
    QCOMPARE(cell(model, row, BuildListModel::DurationColumn), u"5 min"_s); // 4 min 59.6 s, rounded
    QCOMPARE(cell(model, row, BuildListModel::AttemptsColumn), u"1 of 3"_s);
    QCOMPARE(model.index(row, BuildListModel::StateColumn).data(Qt::DecorationRole).value<QColor>(),
             BuildFormat::stateColor(BuildState::Succeeded));
    // A queued build has not started: it says so instead of a time.
    QCOMPARE(cell(model, model.rowOf(125), BuildListModel::StartedColumn), u"waiting"_s);
    QCOMPARE(cell(model, model.rowOf(125), BuildListModel::DurationColumn), u"—"_s);
    QVERIFY(model.index(model.rowOf(124), 0).data(Qt::ToolTipRole).toString().contains(u"npm ci"_s));
}

void TestConsoleBuildModels::staleAnswersDoNotOverwrite()
{
    BuildListModel model;
    model.setBuilds(fixtureBuilds());
    QJsonObject running = fixtureBuild(126);

    QJsonObject older = running;
    older.insert("state"_L1, "queued"_L1);
    older.insert("updatedAt"_L1, "2025-03-14T14:57:00.000Z"_L1);
    QVERIFY(!model.upsert(older));
    QCOMPARE(model.build(126)->state, BuildState::Running);

    QJsonObject newer = running;
    newer.insert("state"_L1, "succeeded"_L1);
    newer.insert("updatedAt"_L1, "2025-03-14T15:01:00.000Z"_L1);
    newer.insert("finishedAt"_L1, "2025-03-14T15:01:00.000Z"_L1);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QVERIFY(model.upsert(newer));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(model.build(126)->state, BuildState::Succeeded);
    QCOMPARE(model.rowCount(), 26);
}

void TestConsoleBuildModels::summariesKeepKnownDetails()
{
    BuildListModel model;
    model.setBuilds(fixtureBuilds());
    QJsonObject summary = fixtureBuild(123);
    for (const char *key : {"steps", "sbom", "image", "signature", "release"})
        summary.remove(QLatin1String(key));
    QVERIFY(model.upsert(summary));
    const Build *b = model.build(123);
    QCOMPARE(b->steps.size(), 6);
    QVERIFY(b->sbom.present);
    QCOMPARE(b->signature.state, u"verified"_s);
    QVERIFY(b->release.id > 0);

    // A new attempt starts over: the earlier attempt's artefacts are not its own.
    summary.insert("attempts"_L1, 2);
    summary.insert("state"_L1, "queued"_L1);
    QVERIFY(model.upsert(summary));
    QVERIFY(!model.build(123)->sbom.present);
    QVERIFY(!model.build(123)->hasSteps);
}

void TestConsoleBuildModels::listAnswerDropsVanishedBuilds()
{
    BuildListModel model;
    model.setBuilds(fixtureBuilds());
    // An event brought a build the next list answer does not have yet; an old one vanished.
    QJsonObject fresh = fixtureBuild(126);
    fresh.insert("id"_L1, 127);
    QVERIFY(model.upsert(fresh));
    QJsonArray items = fixtureBuilds();
    items.removeAt(10);
    const qint64 vanished = fixtureBuilds().at(10).toObject().value("id"_L1).toInteger();
    model.setBuilds(items);
    QCOMPARE(model.rowOf(vanished), -1);
    QCOMPARE(model.rowOf(127), 0);
    QCOMPARE(model.rowCount(), 26);
}

void TestConsoleBuildModels::listIsBounded()
{
    BuildListModel model;
    model.setMaxBuilds(10);
    model.setBuilds(fixtureBuilds());
    QCOMPARE(model.rowCount(), 10);
    QCOMPARE(model.index(0, 0).data(BuildListModel::BuildIdRole).toLongLong(), 126);
    QCOMPARE(model.index(9, 0).data(BuildListModel::BuildIdRole).toLongLong(), 117);
    QVERIFY(!model.upsert(fixtureBuild(101))); // older than all that is kept
    QCOMPARE(model.rowCount(), 10);
}

void TestConsoleBuildModels::finishedDurations()
{
    BuildListModel model;
    model.setBuilds(fixtureBuilds());
    const QList<BuildDuration> all = model.finishedDurations();
    // 26 builds less the running, the queued and the cancelled one.
    QCOMPARE(all.size(), 23);
    for (int i = 1; i < all.size(); ++i)
        QVERIFY(all.at(i - 1).finishedAt <= all.at(i).finishedAt);
    QCOMPARE(std::count_if(all.cbegin(), all.cend(), [](const BuildDuration &d) { return !d.succeeded; }), 3);
    const auto b123 = std::find_if(all.cbegin(), all.cend(), [](const BuildDuration &d) { return d.id == 123; });
    QVERIFY(b123 != all.cend());
    QCOMPARE(b123->durationMs, 299596);

    const QList<BuildDuration> janua = model.finishedDurations(u"janua"_s);
    QVERIFY(!janua.isEmpty());
    for (const BuildDuration &d : janua)
        QCOMPARE(model.build(d.id)->project, u"janua"_s);
}

void TestConsoleBuildModels::filtersByProjectAndState()
{
    BuildListModel model;
    model.setBuilds(fixtureBuilds());
    BuildFilterModel filter;
    filter.setSourceModel(&model);
    QCOMPARE(filter.rowCount(), 26);
    QCOMPARE(model.projects(), (QStringList{u"avala"_s, u"dhanam"_s, u"enclii"_s, u"forgesight"_s, u"janua"_s}));

    filter.setProject(u"janua"_s);
    QVERIFY(filter.rowCount() > 0 && filter.rowCount() < 26);
    for (int row = 0; row < filter.rowCount(); ++row)
        QCOMPARE(filter.index(row, 0).data(BuildListModel::ProjectRole).toString(), u"janua"_s);

    filter.setProject({});
    filter.setStates({BuildState::Failed});
    QCOMPARE(filter.rowCount(), 3);
    filter.setStates({BuildState::Queued, BuildState::Running});
    QCOMPARE(filter.rowCount(), 2);
    filter.setProject(u"enclii"_s);
    QCOMPARE(filter.rowCount(), 1);
    QCOMPARE(filter.index(0, 0).data(BuildListModel::BuildIdRole).toLongLong(), 126);

    // A live change moves a build in or out of the filter.
    QJsonObject done = fixtureBuild(126);
    done.insert("state"_L1, "succeeded"_L1);
    done.insert("updatedAt"_L1, "2025-03-14T15:02:00.000Z"_L1);
    model.upsert(done);
    QCOMPARE(filter.rowCount(), 0);
}

void TestConsoleBuildModels::stagesOfARunningBuild()
{
    BuildStepsModel steps;
    steps.setBuild(*Build::fromJson(fixtureBuild(126)));
    QCOMPARE(steps.rowCount(), 7);
    QStringList names;
    for (const BuildStage &s : steps.stages())
        names << s.name;
    QCOMPARE(names, (QStringList{u"queued"_s, u"clone"_s, u"build"_s, u"sbom"_s, u"sign"_s, u"push"_s, u"release"_s}));

    const QList<BuildStage> &s = steps.stages();
    QCOMPARE(s.at(0).state, StepState::Succeeded);
    QCOMPARE(s.at(0).durationMs, 34000); // createdAt -> startedAt
    QCOMPARE(s.at(1).state, StepState::Succeeded);
    QCOMPARE(s.at(1).durationMs, 11000);
    QCOMPARE(s.at(2).state, StepState::Running);
    QCOMPARE(s.at(2).progress, 0.62);
    QVERIFY(s.at(2).durationMs > 0); // still counting
    QCOMPARE(s.at(2).detail, u"step 6 of 9: RUN npm run build"_s);
    for (int i = 3; i < 7; ++i)
        QCOMPARE(s.at(i).state, StepState::Pending);
    QCOMPARE(steps.index(2, BuildStepsModel::StageColumn).data().toString(), u"Build"_s);
    QCOMPARE(steps.index(3, BuildStepsModel::StageColumn).data().toString(), u"SBOM"_s);
    QCOMPARE(steps.index(2, 0).data(BuildStepsModel::ProgressRole).toDouble(), 0.62);

    // The same build again with the step done: rows change in place, no reset.
    QJsonObject next = fixtureBuild(126);
    QJsonArray list = next.value("steps"_L1).toArray();
    QJsonObject build = list.at(1).toObject();
    build.insert("state"_L1, "succeeded"_L1);
    build.insert("durationMs"_L1, 95000);
    list.replace(1, build);
    next.insert("steps"_L1, list);
    QSignalSpy reset(&steps, &QAbstractItemModel::modelReset);
    QSignalSpy changed(&steps, &QAbstractItemModel::dataChanged);
    steps.setBuild(*Build::fromJson(next));
    QCOMPARE(reset.size(), 0);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(steps.stages().at(2).state, StepState::Succeeded);
    QCOMPARE(steps.stages().at(2).progress, -1.0);
    QCOMPARE(steps.index(2, BuildStepsModel::DurationColumn).data().toString(), u"1 min 35 s"_s);
}

void TestConsoleBuildModels::stagesOfQueuedAndFailedBuilds()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QList<BuildStage> queued = BuildStepsModel::stagesOf(*Build::fromJson(fixtureBuild(125)), now);
    QCOMPARE(queued.at(0).state, StepState::Running);
    QCOMPARE(queued.at(0).detail, u"Waiting for a worker"_s);
    for (int i = 1; i < queued.size(); ++i)
        QCOMPARE(queued.at(i).state, StepState::Pending);

    const QList<BuildStage> failed = BuildStepsModel::stagesOf(*Build::fromJson(fixtureBuild(124)), now);
    QCOMPARE(failed.at(1).state, StepState::Succeeded);
    QCOMPARE(failed.at(2).state, StepState::Failed);
    QCOMPARE(failed.at(2).detail, u"exit status 1"_s);
    for (int i = 3; i < failed.size(); ++i)
        QCOMPARE(failed.at(i).state, StepState::Skipped);

    // Steps the daemon adds beyond the seed's follow in its order; unreported ones of a
    // finished build are skipped, not pending.
    Build custom = *Build::fromJson(fixtureBuild(124));
    custom.steps.append({u"scan"_s, StepState::Succeeded, {}, {}, 2000, -1, {}});
    custom.steps.removeIf([](const BuildStep &s) { return s.name == "release"_L1; });
    const QList<BuildStage> stages = BuildStepsModel::stagesOf(custom, now);
    QCOMPARE(stages.size(), 8);
    QCOMPARE(stages.last().name, u"scan"_s);
    QCOMPARE(stages.at(6).state, StepState::Skipped);
}

void TestConsoleBuildModels::logTailTakesEachLineOnce()
{
    const QJsonArray lines = readTestJson(u"build-126-logs.json"_s).value("lines"_L1).toArray();
    QVERIFY(lines.size() > 10);
    BuildLogModel log;
    log.setBuild(126);
    QCOMPARE(log.append(126, lines), lines.size());
    QCOMPARE(log.rowCount(), lines.size());
    QCOMPARE(log.lastSeq(), lines.size());
    // A replay, an overlap and another build's lines change nothing.
    QCOMPARE(log.append(126, lines), 0);
    QCOMPARE(log.append(125, QJsonArray{QJsonObject{{"seq"_L1, 999}, {"text"_L1, "other"_L1}}}), 0);
    QJsonArray overlap{lines.last(), QJsonObject{{"seq"_L1, lines.size() + 1}, {"step"_L1, "build"_L1},
                                                 {"stream"_L1, "stderr"_L1}, {"text"_L1, "npm warn deprecated"_L1}}};
    QCOMPARE(log.append(126, overlap), 1);
    QCOMPARE(log.rowCount(), lines.size() + 1);
    const QModelIndex last = log.index(log.rowCount() - 1);
    QVERIFY(last.data().toString().contains(u"npm warn deprecated"_s));
    QVERIFY(last.data().toString().contains(u"build"_s));
    QCOMPARE(last.data(Qt::ForegroundRole).value<QColor>(), BuildFormat::stateColor(BuildState::Failed));
    QCOMPARE(log.index(0).data(BuildLogModel::StepRole).toString(), u"clone"_s);

    log.setBuild(127);
    QCOMPARE(log.rowCount(), 0);
    QCOMPARE(log.lastSeq(), 0);
}

void TestConsoleBuildModels::logTailIsBounded()
{
    BuildLogModel log;
    log.setMaxLines(100);
    log.setBuild(7);
    QJsonArray batch;
    for (int i = 1; i <= 250; ++i)
        batch.append(QJsonObject{{"seq"_L1, i}, {"text"_L1, u"line %1"_s.arg(i)}});
    QCOMPARE(log.append(7, batch), 250);
    QCOMPARE(log.rowCount(), 100);
    QCOMPARE(log.droppedLines(), 150);
    QCOMPARE(log.index(0).data(BuildLogModel::SeqRole).toLongLong(), 151);
    QCOMPARE(log.index(99).data(BuildLogModel::SeqRole).toLongLong(), 250);

    for (int i = 251; i <= 260; ++i)
        log.append(7, QJsonArray{QJsonObject{{"seq"_L1, i}, {"text"_L1, u"line %1"_s.arg(i)}}});
    QCOMPARE(log.rowCount(), 100);
    QCOMPARE(log.index(0).data(BuildLogModel::SeqRole).toLongLong(), 161);

    // One absurd line is cut, not kept whole.
    log.append(7, QJsonArray{QJsonObject{{"seq"_L1, 261}, {"text"_L1, QString(1'000'000, u'x')}}});
    QVERIFY(log.line(99).text.size() <= BuildLogModel::maxLineLength() + 1);
}

void TestConsoleBuildModels::durationsAreWords()
{
    QCOMPARE(BuildFormat::duration(-1), u"—"_s);
    QCOMPARE(BuildFormat::duration(0), u"0 s"_s);
    QCOMPARE(BuildFormat::duration(42'400), u"42 s"_s);
    QCOMPARE(BuildFormat::duration(180'000), u"3 min"_s);
    QCOMPARE(BuildFormat::duration(192'000), u"3 min 12 s"_s);
    QCOMPARE(BuildFormat::duration(3'840'000), u"1 h 4 min"_s);
}

QTEST_GUILESS_MAIN(TestConsoleBuildModels)
#include "tst_console_buildmodels.moc"
