// The build queue against a real PostgreSQL: concurrent claimers never share a job, leases
// expire and are taken over, only the owner completes, retries back off up to a cap, cancel,
// priorities, idempotent enqueue, and LISTEN/NOTIFY waking a listener at once.
#include "roundhouse/BuildQueue.h"
#include "roundhouse/JobListener.h"

#include "store/Database.h"
#include "store/Migrator.h"
#include "support/TestPostgres.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <set>
#include <thread>

using namespace enclii;
using roundhouse::BuildQueue;
using roundhouse::NewBuildJob;

namespace {

NewBuildJob job(const QString &service, int n, int priority = 0, int maxAttempts = 3)
{
    NewBuildJob j;
    j.service = service;
    j.project = QStringLiteral("enclii");
    j.repo = QStringLiteral("https://github.com/madfam-org/enclii");
    j.commit = QStringLiteral("%1").arg(n, 40, 16, QLatin1Char('0'));
    j.ref = QStringLiteral("refs/heads/main");
    j.reason = QStringLiteral("push");
    j.priority = priority;
    j.maxAttempts = maxAttempts;
    return j;
}

} // namespace

class TestBuildQueue : public QObject
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
    }

    void init()
    {
        bool ok = false;
        m_pg.query(QStringLiteral("TRUNCATE build_jobs CASCADE"), &ok);
        QVERIFY2(ok, qPrintable(m_pg.error()));
    }

    void enqueueIsIdempotent()
    {
        const auto first = m_queue->enqueue(job(QStringLiteral("api"), 1));
        QVERIFY(first.created);
        QVERIFY(first.id > 0);
        const auto again = m_queue->enqueue(job(QStringLiteral("api"), 1));
        QVERIFY(!again.created);
        QCOMPARE(again.id, first.id);
        // Another reason for the same commit is another build.
        auto manual = job(QStringLiteral("api"), 1);
        manual.reason = QStringLiteral("manual");
        QVERIFY(m_queue->enqueue(manual).created);
        QCOMPARE(count(), 2);
    }

    void priorityThenAge()
    {
        const qint64 low = m_queue->enqueue(job(QStringLiteral("a"), 1, -10)).id;
        const qint64 oldMid = m_queue->enqueue(job(QStringLiteral("b"), 2, 0)).id;
        const qint64 newMid = m_queue->enqueue(job(QStringLiteral("c"), 3, 0)).id;
        const qint64 high = m_queue->enqueue(job(QStringLiteral("d"), 4, 10)).id;
        QList<qint64> order;
        while (auto j = m_queue->claim(QStringLiteral("w"), 60))
            order << j->id;
        QCOMPARE(order, (QList<qint64>{high, oldMid, newMid, low}));
    }

    void concurrentClaimersGetDistinctJobs()
    {
        const int jobs = 200;
        for (int i = 0; i < jobs; ++i)
            m_queue->enqueue(job(QStringLiteral("svc"), i));
        std::mutex mutex;
        std::vector<qint64> claimed;
        std::atomic<int> errors{0};
        QElapsedTimer timer;
        timer.start();
        std::vector<std::thread> workers;
        for (int w = 0; w < 4; ++w) {
            workers.emplace_back([&, w] {
                const QString id = QStringLiteral("worker-%1").arg(w);
                try {
                    while (auto j = m_queue->claim(id, 60)) {
                        // Empty work: complete at once, as the throughput benchmark does.
                        if (!m_queue->complete(j->id, id, true))
                            ++errors;
                        std::lock_guard lock(mutex);
                        claimed.push_back(j->id);
                    }
                } catch (const std::exception &) {
                    ++errors;
                }
            });
        }
        for (auto &t : workers)
            t.join();
        const qint64 ms = std::max<qint64>(1, timer.elapsed());
        QCOMPARE(errors.load(), 0);
        QCOMPARE(int(claimed.size()), jobs);
        QCOMPARE(int(std::set<qint64>(claimed.begin(), claimed.end()).size()), jobs);
        QCOMPARE(m_pg.query(QStringLiteral("SELECT count(*) FROM build_jobs WHERE state = 'succeeded' AND attempts = 1")).trimmed(),
                 QString::number(jobs));
        qInfo("4 workers claimed and completed %d empty jobs in %lld ms: %.0f jobs/s", jobs, ms, jobs * 1000.0 / ms);
    }

    void expiredLeaseIsTakenOverAndTheOldOwnerIsLocked()
    {
        const qint64 id = m_queue->enqueue(job(QStringLiteral("api"), 7)).id;
        auto first = m_queue->claim(QStringLiteral("w1"), 60);
        QVERIFY(first);
        QCOMPARE(first->attempts, 1);
        QCOMPARE(m_queue->heartbeat(id, QStringLiteral("w1"), 60), BuildQueue::Lease::Extended);
        // Nobody else gets a leased job.
        QVERIFY(!m_queue->claim(QStringLiteral("w2"), 60));
        expireLease(id); // w1 "died": no heartbeat for longer than its lease
        auto second = m_queue->claim(QStringLiteral("w2"), 60);
        QVERIFY(second);
        QCOMPARE(second->id, id);
        QCOMPARE(second->attempts, 2);
        QCOMPARE(second->leaseOwner, QStringLiteral("w2"));
        QVERIFY(second->lastError.contains(QStringLiteral("w1")));
        // The old worker comes back: it may neither renew nor complete.
        QCOMPARE(m_queue->heartbeat(id, QStringLiteral("w1"), 60), BuildQueue::Lease::Lost);
        QVERIFY(!m_queue->complete(id, QStringLiteral("w1"), true));
        QVERIFY(!m_queue->complete(id, QStringLiteral("w1"), false, QStringLiteral("late")));
        QCOMPARE(m_queue->job(id)->state, QStringLiteral("running"));
        QVERIFY(m_queue->complete(id, QStringLiteral("w2"), true));
        QCOMPARE(m_queue->job(id)->state, QStringLiteral("succeeded"));
        QVERIFY(!m_queue->complete(id, QStringLiteral("w2"), true)); // once
    }

    void expiredLeasesStopAtTheCap()
    {
        const qint64 id = m_queue->enqueue(job(QStringLiteral("api"), 8, 0, 2)).id;
        QVERIFY(m_queue->claim(QStringLiteral("w1"), 60));
        expireLease(id);
        QCOMPARE(m_queue->claim(QStringLiteral("w2"), 60)->attempts, 2);
        expireLease(id);
        QVERIFY(!m_queue->claim(QStringLiteral("w3"), 60));
        const auto j = m_queue->job(id);
        QCOMPARE(j->state, QStringLiteral("failed"));
        QVERIFY2(j->lastError.contains(QStringLiteral("no attempts left")), qPrintable(j->lastError));
        QVERIFY(j->finishedAt.isValid());
    }

    void failuresBackOffThenFail()
    {
        QCOMPARE(BuildQueue::backoffSeconds(1), 2);
        QCOMPARE(BuildQueue::backoffSeconds(2), 4);
        QCOMPARE(BuildQueue::backoffSeconds(9), 512);
        QCOMPARE(BuildQueue::backoffSeconds(10), 600);
        QCOMPARE(BuildQueue::backoffSeconds(40), 600);

        const qint64 id = m_queue->enqueue(job(QStringLiteral("api"), 9, 0, 3)).id;
        for (int attempt = 1; attempt <= 3; ++attempt) {
            auto j = m_queue->claim(QStringLiteral("w"), 60);
            QVERIFY2(j, qPrintable(QStringLiteral("attempt %1").arg(attempt)));
            QCOMPARE(j->attempts, attempt);
            QVERIFY(m_queue->complete(id, QStringLiteral("w"), false, QStringLiteral("boom %1").arg(attempt)));
            const auto after = m_queue->job(id);
            QCOMPARE(after->lastError, QStringLiteral("boom %1").arg(attempt));
            if (attempt < 3) {
                QCOMPARE(after->state, QStringLiteral("queued"));
                // run_after = now() + 2^attempts s, now() being updated_at of the same statement.
                QCOMPARE(after->updatedAt.msecsTo(after->runAfter), qint64(BuildQueue::backoffSeconds(attempt)) * 1000);
                QVERIFY(!m_queue->claim(QStringLiteral("w"), 60)); // not before the backoff
                bool ok = false;
                m_pg.query(QStringLiteral("UPDATE build_jobs SET run_after = now() - interval '1 second' WHERE id = %1").arg(id), &ok);
                QVERIFY(ok);
            } else {
                QCOMPARE(after->state, QStringLiteral("failed"));
                QVERIFY(after->finishedAt.isValid());
            }
        }
        QVERIFY(!m_queue->claim(QStringLiteral("w"), 60));
    }

    void cancelQueuedAndRunning()
    {
        const qint64 queued = m_queue->enqueue(job(QStringLiteral("a"), 10)).id;
        QVERIFY(m_queue->cancel(queued));
        QVERIFY(!m_queue->cancel(queued)); // already
        QVERIFY(!m_queue->claim(QStringLiteral("w"), 60));
        QCOMPARE(m_queue->job(queued)->state, QStringLiteral("cancelled"));

        const qint64 running = m_queue->enqueue(job(QStringLiteral("b"), 11)).id;
        QCOMPARE(m_queue->claim(QStringLiteral("w"), 60)->id, running);
        QVERIFY(m_queue->cancel(running));
        // The worker learns it at its next heartbeat, and cannot complete it.
        QCOMPARE(m_queue->heartbeat(running, QStringLiteral("w"), 60), BuildQueue::Lease::Cancelled);
        QVERIFY(!m_queue->complete(running, QStringLiteral("w"), true));
        QCOMPARE(m_queue->job(running)->state, QStringLiteral("cancelled"));

        // A closed pull request: its preview jobs go, others stay.
        auto pr = job(QStringLiteral("c"), 12);
        pr.reason = QStringLiteral("pull_request");
        pr.ref = QStringLiteral("refs/pull/5/head");
        m_queue->enqueue(pr);
        const qint64 other = m_queue->enqueue(job(QStringLiteral("c"), 13)).id;
        QCOMPARE(m_queue->cancelRef(pr.repo, pr.ref, QStringLiteral("pull_request")), 1);
        QCOMPARE(m_queue->job(other)->state, QStringLiteral("queued"));
    }

    void listFilters()
    {
        m_queue->enqueue(job(QStringLiteral("a"), 20));
        m_queue->enqueue(job(QStringLiteral("a"), 21));
        m_queue->enqueue(job(QStringLiteral("b"), 22));
        QVERIFY(m_queue->claim(QStringLiteral("w"), 60));
        QCOMPARE(m_queue->list(QStringLiteral("a"), {}).size(), 2);
        QCOMPARE(m_queue->list({}, QStringLiteral("queued")).size(), 2);
        QCOMPARE(m_queue->list({}, QStringLiteral("running")).size(), 1);
        QCOMPARE(m_queue->list({}, {}, 1).size(), 1);
    }

    void notifyWakesAListenerAtOnce()
    {
        roundhouse::JobListener listener(m_pg.connectionString());
        QString error;
        QVERIFY2(listener.start(&error), qPrintable(error));
        QSignalSpy spy(&listener, &roundhouse::JobListener::jobQueued);
        QList<qint64> latencies;
        for (int i = 0; i < 50; ++i) {
            QElapsedTimer timer;
            timer.start();
            const qint64 id = m_queue->enqueue(job(QStringLiteral("wake"), i)).id;
            QVERIFY(spy.wait(1000));
            latencies << timer.nsecsElapsed() / 1000; // microseconds, enqueue commit included
            QCOMPARE(spy.takeFirst().at(0).toLongLong(), id);
        }
        // An enqueue that queues nothing new notifies nobody.
        m_queue->enqueue(job(QStringLiteral("wake"), 0));
        QVERIFY(!spy.wait(300));
        std::sort(latencies.begin(), latencies.end());
        qInfo("enqueue -> listener signal over %lld runs: p50 %.2f ms, p99 %.2f ms, max %.2f ms", qlonglong(latencies.size()),
              latencies[latencies.size() / 2] / 1000.0, latencies[latencies.size() * 99 / 100] / 1000.0, latencies.last() / 1000.0);
        QVERIFY(latencies.last() < 1000 * 1000);
    }

private:
    int count() { return m_pg.query(QStringLiteral("SELECT count(*) FROM build_jobs")).trimmed().toInt(); }
    void expireLease(qint64 id)
    {
        bool ok = false;
        m_pg.query(QStringLiteral("UPDATE build_jobs SET lease_expires_at = now() - interval '1 second' WHERE id = %1").arg(id), &ok);
        QVERIFY(ok);
    }

    test::TestPostgres m_pg{QStringLiteral("buildqueue")};
    std::unique_ptr<store::Database> m_db;
    std::unique_ptr<BuildQueue> m_queue;
};

QTEST_GUILESS_MAIN(TestBuildQueue)
#include "tst_buildqueue.moc"
