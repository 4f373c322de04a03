// The reconciler's work queue: a key queued twice is queued once, a key in progress is never
// handed to a second worker (and comes back once done if added meanwhile), failures back off
// per key and under an overall bucket, shutDown wakes waiting workers.
#include "reconcile/WorkQueue.h"

#include <QElapsedTimer>
#include <QSet>
#include <QTest>

#include <atomic>
#include <thread>
#include <vector>

using namespace enclii::reconcile;
using namespace std::chrono_literals;

class TestWorkQueue : public QObject
{
    Q_OBJECT
private slots:
    void duplicatesAreQueuedOnce()
    {
        WorkQueue q;
        q.add("a");
        q.add("b");
        q.add("a");
        QCOMPARE(q.queued(), 2);
        QString k;
        QVERIFY(q.tryGet(&k, 0ms));
        QCOMPARE(k, QStringLiteral("a"));
        QVERIFY(q.tryGet(&k, 0ms));
        QCOMPARE(k, QStringLiteral("b"));
        QVERIFY(!q.tryGet(&k, 10ms));
    }

    void aKeyInProgressIsNotHandedOutAgain()
    {
        WorkQueue q;
        q.add("a");
        QString k;
        QVERIFY(q.tryGet(&k, 0ms));
        q.add("a"); // changed while being worked on
        QVERIFY(!q.tryGet(&k, 10ms));
        QCOMPARE(q.processing(), 1);
        q.done("a");
        QVERIFY(q.tryGet(&k, 0ms));
        QCOMPARE(k, QStringLiteral("a"));
        q.done("a");
        QVERIFY(q.isIdle());
    }

    void concurrentWorkersNeverShareAKey()
    {
        WorkQueue q;
        std::atomic<int> inFlight[8] = {};
        std::atomic<bool> overlap{false};
        std::atomic<int> handled{0};
        std::vector<std::thread> workers;
        for (int w = 0; w < 4; ++w)
            workers.emplace_back([&] {
                QString k;
                while (q.get(&k)) {
                    const int i = k.toInt();
                    if (inFlight[i].fetch_add(1) != 0)
                        overlap = true;
                    std::this_thread::sleep_for(100us);
                    inFlight[i].fetch_sub(1);
                    ++handled;
                    q.done(k);
                }
            });
        for (int round = 0; round < 2000; ++round)
            q.add(QString::number(round % 8));
        QVERIFY(QTest::qWaitFor([&] { return q.isIdle(); }, 10000));
        q.shutDown();
        for (auto &t : workers)
            t.join();
        QVERIFY(!overlap);
        QVERIFY(handled >= 8);
        QVERIFY(handled <= 2000);
    }

    void failuresBackOffPerKeyAndForgetResets()
    {
        WorkQueue::Options o;
        o.baseDelayMs = 10;
        o.maxDelayMs = 80;
        o.qps = 0;
        WorkQueue q(o);
        QCOMPARE(q.nextBackoff("a"), 10ms);
        q.addRateLimited("a");
        q.addRateLimited("a");
        q.addRateLimited("a");
        QCOMPARE(q.failures("a"), 3);
        QCOMPARE(q.nextBackoff("a"), 80ms);
        q.addRateLimited("a");
        QCOMPARE(q.nextBackoff("a"), 80ms); // capped
        QCOMPARE(q.nextBackoff("b"), 10ms); // per key
        q.forget("a");
        QCOMPARE(q.nextBackoff("a"), 10ms);
    }

    void aDelayedKeyComesWhenDue()
    {
        WorkQueue q;
        q.addAfter("late", 60ms);
        QString k;
        QElapsedTimer t;
        t.start();
        QVERIFY(!q.tryGet(&k, 20ms));
        QVERIFY(q.tryGet(&k, 1000ms));
        QCOMPARE(k, QStringLiteral("late"));
        QVERIFY(t.elapsed() >= 55);
        // An earlier due time wins over a later one.
        q.done(k);
        q.addAfter("x", 5000ms);
        q.addAfter("x", 10ms);
        QVERIFY(q.tryGet(&k, 1000ms));
        QCOMPARE(q.delayed(), 0);
    }

    void theBucketSpacesRetriesOverAllKeys()
    {
        WorkQueue::Options o;
        o.baseDelayMs = 1;
        o.qps = 50;
        o.burst = 5;
        WorkQueue q(o);
        for (int i = 0; i < 30; ++i)
            q.addRateLimited(QString::number(i));
        QElapsedTimer t;
        t.start();
        QString k;
        int got = 0;
        while (got < 30 && q.tryGet(&k, 2000ms)) {
            q.done(k);
            ++got;
        }
        QCOMPARE(got, 30);
        // 5 at once, 25 more at 50 a second: about half a second.
        QVERIFY2(t.elapsed() >= 400, qPrintable(QString::number(t.elapsed())));
    }

    void shutDownWakesWaitingWorkers()
    {
        WorkQueue q;
        std::atomic<bool> returned{false};
        std::thread worker([&] {
            QString k;
            returned = !q.get(&k);
        });
        std::this_thread::sleep_for(20ms);
        q.shutDown();
        worker.join();
        QVERIFY(returned);
        q.add("after");
        QCOMPARE(q.queued(), 0);
        q.reset();
        q.add("again");
        QCOMPARE(q.queued(), 1);
    }
};

QTEST_GUILESS_MAIN(TestWorkQueue)
#include "tst_workqueue.moc"
