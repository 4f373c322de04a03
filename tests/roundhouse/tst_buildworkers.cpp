// The worker pool and the clone step against a real PostgreSQL and real git repositories:
// a job runs to success with its steps and log stored; a commit that is not in the
// repository fails at once (no retries); a build path that escapes the clone is refused;
// cancel reaches a running job; a worker that stops heartbeating loses its job to another,
// which finishes it; a NOTIFY wakes an idle pool without waiting for its poll.
#include "GitFixture.h"

#include "roundhouse/BuildLog.h"
#include "roundhouse/BuildQueue.h"
#include "roundhouse/BuildRecord.h"
#include "roundhouse/BuildWorkers.h"
#include "roundhouse/GitCheckout.h"
#include "roundhouse/JobListener.h"

#include "store/Database.h"
#include "store/Migrator.h"
#include "support/TestPostgres.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>

using namespace enclii;
using namespace enclii::roundhouse;

namespace {

NewBuildJob jobFor(const QString &repo, const QString &commit, int maxAttempts = 3)
{
    NewBuildJob j;
    j.service = QStringLiteral("switchyard-api");
    j.project = QStringLiteral("enclii");
    j.repo = repo;
    j.commit = commit;
    j.ref = QStringLiteral("refs/heads/main");
    j.reason = QStringLiteral("push");
    j.maxAttempts = maxAttempts;
    return j;
}

bool waitFor(const std::function<bool()> &done, int ms = 20000)
{
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > ms)
            return false;
        QTest::qWait(25);
    }
    return true;
}

} // namespace

class TestBuildWorkers : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY2(m_pg.isValid(), qPrintable(m_pg.error()));
        m_db = std::make_unique<store::Database>(store::Database::Options{m_pg.connectionString(), 8, 10000});
        QString error;
        QVERIFY2(m_db->open(&error), qPrintable(error));
        QVERIFY2(store::Migrator(*m_db).migrate(&error) >= 1, qPrintable(error));
        m_queue = std::make_unique<BuildQueue>(*m_db);
        m_record = std::make_unique<BuildRecord>(*m_db);
        QVERIFY2(m_git.isValid(), qPrintable(m_git.lastError()));
        QVERIFY(m_git.write(QStringLiteral("apps/api/main.py"), "print('hello')\n"));
        QVERIFY(m_git.write(QStringLiteral("apps/api/run.sh"), "#!/bin/sh\nexec python3 main.py\n", true));
        m_commit = m_git.commitAndPush(QStringLiteral("first"));
        QVERIFY2(!m_commit.isEmpty(), qPrintable(m_git.lastError()));
    }

    void init()
    {
        bool ok = false;
        m_pg.query(QStringLiteral("TRUNCATE build_jobs CASCADE"), &ok);
        QVERIFY(ok);
    }

    // The clone runner: checks out the job's commit and reads a file from it.
    void checkoutRunsToSuccessWithStepsAndLog()
    {
        QTemporaryDir scratch;
        std::atomic<int> files{0};
        BuildWorkers workers(*m_queue, *m_record, [&](const BuildJob &job, BuildLog &log, const StopFlag &stop) {
            const QString dir = scratch.path() + QStringLiteral("/%1").arg(job.id);
            BuildStep step;
            step.name = QStringLiteral("clone");
            step.state = QStringLiteral("running");
            step.startedAt = QDateTime::currentDateTimeUtc();
            m_record->updateStep(job.id, step);
            const CheckoutResult r = checkoutCommit(job.repo, job.commit, dir, log, stop);
            step.state = r.ok ? QStringLiteral("succeeded") : QStringLiteral("failed");
            step.finishedAt = QDateTime::currentDateTimeUtc();
            m_record->updateStep(job.id, step);
            if (!r.ok)
                return JobOutcome{r.permanent ? BuildQueue::Outcome::Permanent : BuildQueue::Outcome::Retryable, r.error};
            files = r.files;
            QFile f(dir + QStringLiteral("/apps/api/main.py"));
            if (!f.open(QIODevice::ReadOnly) || f.readAll() != "print('hello')\n")
                return JobOutcome{BuildQueue::Outcome::Permanent, QStringLiteral("wrong content")};
            return JobOutcome{};
        }, {1, 10, 1, QStringLiteral("w")});
        workers.start();
        const qint64 id = m_queue->enqueue(jobFor(m_git.remote(), m_commit)).id;
        workers.wake();
        QVERIFY(waitFor([&] { return m_queue->job(id)->state == QLatin1String("succeeded"); }));
        QCOMPARE(files.load(), 2);
        const QList<BuildStep> steps = m_record->steps(id);
        QCOMPARE(steps.size(), 6); // every step listed, in order
        QCOMPARE(steps[0].name, QStringLiteral("clone"));
        QCOMPARE(steps[0].state, QStringLiteral("succeeded"));
        QCOMPARE(steps[1].state, QStringLiteral("pending"));
        QVERIFY(steps[0].finishedAt >= steps[0].startedAt);
        const QList<LogLine> lines = m_record->logs(id, 0, 100);
        QVERIFY(!lines.isEmpty());
        QVERIFY(std::any_of(lines.begin(), lines.end(), [&](const LogLine &l) { return l.text.contains(m_commit.left(12)); }));
        for (int i = 0; i < lines.size(); ++i)
            QCOMPARE(lines[i].seq, i + 1);
        // The feed saw the job and its steps.
        QVERIFY(m_pg.query(QStringLiteral("SELECT count(*) FROM events WHERE topic = 'build'")).toInt() >= 3);
        QCOMPARE(m_pg.query(QStringLiteral("SELECT count(*) FROM events WHERE topic = 'log'")).toInt(), int(lines.size()));
    }

    void missingCommitFailsWithoutRetry()
    {
        QTemporaryDir scratch;
        BuildWorkers workers(*m_queue, *m_record, [&](const BuildJob &job, BuildLog &log, const StopFlag &stop) {
            const CheckoutResult r = checkoutCommit(job.repo, job.commit, scratch.path() + QStringLiteral("/c"), log, stop);
            return r.ok ? JobOutcome{} : JobOutcome{r.permanent ? BuildQueue::Outcome::Permanent : BuildQueue::Outcome::Retryable, r.error};
        }, {1, 10, 1, QStringLiteral("w")});
        workers.start();
        const QString ghost = QStringLiteral("0123456789abcdef0123456789abcdef01234567");
        const qint64 id = m_queue->enqueue(jobFor(m_git.remote(), ghost)).id;
        workers.wake();
        QVERIFY(waitFor([&] { return m_queue->job(id)->state == QLatin1String("failed"); }));
        const BuildJob j = *m_queue->job(id);
        QCOMPARE(j.attempts, 1);
        QVERIFY2(j.lastError.contains(ghost) && j.lastError.contains(QLatin1String("not in")), qPrintable(j.lastError));
    }

    // Submodules come along, at their recorded commit, from a local remote.
    void submodulesAreCheckedOut()
    {
        test::GitFixture lib;
        QVERIFY(lib.isValid());
        QVERIFY(lib.write(QStringLiteral("shared.py"), "SHARED = 1\n"));
        QVERIFY(!lib.commitAndPush(QStringLiteral("lib")).isEmpty());
        test::GitFixture app;
        QVERIFY(app.write(QStringLiteral("main.py"), "import shared\n"));
        QVERIFY2(app.git(app.workTree(), {QStringLiteral("-c"), QStringLiteral("protocol.file.allow=always"), QStringLiteral("submodule"),
                                          QStringLiteral("add"), QStringLiteral("-q"), lib.remote(), QStringLiteral("vendor/lib")}),
                 qPrintable(app.lastError()));
        const QString commit = app.commitAndPush(QStringLiteral("with a submodule"));
        QVERIFY2(!commit.isEmpty(), qPrintable(app.lastError()));
        QTemporaryDir scratch;
        BuildLog log(*m_record, m_queue->enqueue(jobFor(app.remote(), commit)).id, 1);
        StopFlag stop;
        const CheckoutResult r = checkoutCommit(app.remote(), commit, scratch.path() + QStringLiteral("/c"), log, stop);
        QVERIFY2(r.ok, qPrintable(r.error));
        QFile shared(scratch.path() + QStringLiteral("/c/vendor/lib/shared.py"));
        QVERIFY(shared.open(QIODevice::ReadOnly));
        QCOMPARE(shared.readAll(), QByteArray("SHARED = 1\n"));

        // The same repository asked for by a remote URL (reaching a local mirror through a
        // rewrite): its .gitmodules may not pull the build host's files in.
        CheckoutOptions options;
        options.urlRewrites = {{QStringLiteral("https://example.invalid/app"), app.remote()}};
        QCOMPARE(rewriteUrl(QStringLiteral("https://example.invalid/app.git"), options.urlRewrites), app.remote() + QStringLiteral(".git"));
        const CheckoutResult remote = checkoutCommit(QStringLiteral("https://example.invalid/app"), commit, scratch.path() + QStringLiteral("/r"),
                                                     log, stop, options);
        QVERIFY(!remote.ok);
        QVERIFY2(remote.error.contains(QLatin1String("submodule")), qPrintable(remote.error));
    }

    void buildPathMustStayInsideTheClone()
    {
        QTemporaryDir dir;
        QVERIFY(QDir().mkpath(dir.path() + QStringLiteral("/clone/apps/api")));
        QVERIFY(QFile::link(QStringLiteral("/etc"), dir.path() + QStringLiteral("/clone/apps/escape")));
        QVERIFY(QFile::link(QStringLiteral("../.."), dir.path() + QStringLiteral("/clone/apps/up")));
        QString error;
        QVERIFY(!resolveBuildPath(dir.path() + QStringLiteral("/clone"), QStringLiteral("apps/api"), &error).isEmpty());
        QVERIFY(resolveBuildPath(dir.path() + QStringLiteral("/clone"), QStringLiteral("apps/escape"), &error).isEmpty());
        QVERIFY2(error.contains(QLatin1String("outside")), qPrintable(error));
        QVERIFY(resolveBuildPath(dir.path() + QStringLiteral("/clone"), QStringLiteral("apps/up"), &error).isEmpty());
        QVERIFY(resolveBuildPath(dir.path() + QStringLiteral("/clone"), QStringLiteral("../"), &error).isEmpty());
        QVERIFY(resolveBuildPath(dir.path() + QStringLiteral("/clone"), QStringLiteral("apps/missing"), &error).isEmpty());
        QVERIFY2(error.contains(QLatin1String("not a folder")), qPrintable(error));
    }

    // A batch goes in as one statement of arrays: any text must come back as it went in.
    void logLinesSurviveAnyText()
    {
        const qint64 id = m_queue->enqueue(jobFor(m_git.remote(), m_commit)).id;
        const QStringList texts{QStringLiteral("quotes \" and \\ backslashes"), QStringLiteral("{braces}, commas, NULL"), QStringLiteral(""),
                                QStringLiteral("ünïcödé ✓"), QStringLiteral("nul") + QChar(0) + QStringLiteral("byte")};
        QList<LogLine> lines;
        for (const QString &t : texts)
            lines << LogLine{0, 1, QStringLiteral("build"), QStringLiteral("stdout"), {}, t};
        m_record->appendLog(id, 1, lines);
        m_record->appendLog(id, 1, {LogLine{0, 1, QStringLiteral("push"), QStringLiteral("stderr"), {}, QStringLiteral("second batch")}});
        const QList<LogLine> back = m_record->logs(id, 0, 100);
        QCOMPARE(back.size(), texts.size() + 1);
        for (int i = 0; i < texts.size(); ++i) {
            QCOMPARE(back[i].seq, i + 1);
            QCOMPARE(back[i].text, QString(texts[i]).remove(QChar(0)));
        }
        QCOMPARE(back.last().seq, int(texts.size()) + 1);
        QCOMPARE(back.last().step, QStringLiteral("push"));
        QCOMPARE(m_pg.query(QStringLiteral("SELECT count(*) FROM events WHERE topic = 'log' AND payload->>'build' = '%1'").arg(id)).toInt(),
                 int(texts.size()) + 1);
    }

    void credentialsNeverReachTheLog()
    {
        QCOMPARE(BuildLog::redact(QStringLiteral("fetching https://x-access-token:ghs_secret@github.com/o/r.git at 1")),
                 QStringLiteral("fetching https://***@github.com/o/r.git at 1"));
    }

    void cancelReachesARunningJob()
    {
        std::atomic<bool> sawStop{false};
        BuildWorkers workers(*m_queue, *m_record, [&](const BuildJob &, BuildLog &, const StopFlag &stop) {
            QElapsedTimer t;
            t.start();
            while (!stop.stop() && t.elapsed() < 20000)
                QThread::msleep(20);
            sawStop = stop.cancelled.load();
            return JobOutcome{BuildQueue::Outcome::Retryable, QStringLiteral("stopped")};
        }, {1, 3, 1, QStringLiteral("w")}); // lease 3 s: a heartbeat each second
        workers.start();
        const qint64 id = m_queue->enqueue(jobFor(m_git.remote(), m_commit)).id;
        workers.wake();
        QVERIFY(waitFor([&] { return m_queue->job(id)->state == QLatin1String("running"); }));
        QVERIFY(m_queue->cancel(id));
        QVERIFY(waitFor([&] { return sawStop.load(); }, 10000));
        QTRY_COMPARE(workers.busy(), 0);
        QCOMPARE(m_queue->job(id)->state, QStringLiteral("cancelled"));
    }

    // A worker stuck without heartbeats (as a killed one would be): the job goes to another.
    void aSilentWorkerLosesItsJobToAnother()
    {
        std::atomic<bool> release{false};
        std::atomic<int> runs{0};
        auto runner = [&](const BuildJob &, BuildLog &, const StopFlag &stop) {
            if (++runs == 1) { // the first run hangs until its lease is lost
                while (!stop.stop() && !release)
                    QThread::msleep(20);
                return JobOutcome{BuildQueue::Outcome::Retryable, QStringLiteral("lost")};
            }
            return JobOutcome{};
        };
        const qint64 id = m_queue->enqueue(jobFor(m_git.remote(), m_commit)).id;
        // Claim it "by hand" for a dead worker with a 1 s lease and never heartbeat.
        auto claimed = m_queue->claim(QStringLiteral("dead/1"), 1);
        QVERIFY(claimed && claimed->id == id);
        runs = 1;
        BuildWorkers survivor(*m_queue, *m_record, runner, {1, 10, 1, QStringLiteral("alive")});
        survivor.start();
        QVERIFY(waitFor([&] { return m_queue->job(id)->state == QLatin1String("succeeded"); }, 20000));
        const BuildJob j = *m_queue->job(id);
        QCOMPARE(j.attempts, 2);
        QVERIFY(j.leaseOwner.startsWith(QLatin1String("alive/")));
        release = true;
    }

    void notifyWakesAnIdlePool()
    {
        std::atomic<qint64> started{0};
        BuildWorkers workers(*m_queue, *m_record, [&](const BuildJob &, BuildLog &, const StopFlag &) {
            started = QDateTime::currentMSecsSinceEpoch();
            return JobOutcome{};
        }, {1, 10, 30, QStringLiteral("w")}); // a 30 s poll: only the NOTIFY can be this quick
        JobListener listener(m_pg.connectionString());
        connect(&listener, &JobListener::jobQueued, &workers, &BuildWorkers::wake);
        QString error;
        QVERIFY2(listener.start(&error), qPrintable(error));
        workers.start();
        QTest::qWait(300); // the pool is idle, waiting
        const qint64 queuedAt = QDateTime::currentMSecsSinceEpoch();
        m_queue->enqueue(jobFor(m_git.remote(), m_commit));
        QVERIFY(waitFor([&] { return started.load() != 0; }, 10000));
        QVERIFY2(started - queuedAt < 5000, qPrintable(QString::number(started - queuedAt)));
    }

private:
    test::TestPostgres m_pg{QStringLiteral("buildworkers")};
    std::unique_ptr<store::Database> m_db;
    std::unique_ptr<BuildQueue> m_queue;
    std::unique_ptr<BuildRecord> m_record;
    test::GitFixture m_git;
    QString m_commit;
};

QTEST_GUILESS_MAIN(TestBuildWorkers)
#include "tst_buildworkers.moc"
