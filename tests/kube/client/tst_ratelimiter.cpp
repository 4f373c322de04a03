// TokenBucket: client-go's QPS/burst arithmetic on a clock the test controls.

#include "kube/client/RateLimiter.h"

#include <QTest>

using namespace enclii::kube;

class TestRateLimiter : public QObject
{
    Q_OBJECT

private slots:
    void burstThenSpaced();
    void refillsUpToBurstOnly();
    void waitsAccumulateInOrder();
    void offNeverWaits();
    void clientGoDefaults();
};

void TestRateLimiter::burstThenSpaced()
{
    TokenBucket b(10, 3); // 100 ms a token
    QCOMPARE(b.reserve(0), 0);
    QCOMPARE(b.reserve(0), 0);
    QCOMPARE(b.reserve(0), 0);
    QCOMPARE(b.reserve(0), 100);
    QCOMPARE(b.reserve(0), 200);
}

void TestRateLimiter::refillsUpToBurstOnly()
{
    TokenBucket b(10, 2);
    QCOMPARE(b.reserve(0), 0);
    QCOMPARE(b.reserve(0), 0);
    QCOMPARE(b.reserve(50), 50);       // half a token back after 50 ms
    QCOMPARE(b.reserve(10000), 0);     // a long pause refills to the burst, not beyond
    QCOMPARE(b.reserve(10000), 0);
    QCOMPARE(b.reserve(10000), 100);
}

void TestRateLimiter::waitsAccumulateInOrder()
{
    TokenBucket b(5, 1); // 200 ms a token
    QList<qint64> waits;
    for (int i = 0; i < 5; ++i)
        waits << b.reserve(1000);
    QCOMPARE(waits, (QList<qint64>{0, 200, 400, 600, 800}));
    QCOMPARE(b.reserve(1000 + 800), 200); // time passed pays the earlier debt first
}

void TestRateLimiter::offNeverWaits()
{
    TokenBucket b(0, 10);
    QVERIFY(!b.enabled());
    for (int i = 0; i < 1000; ++i)
        QCOMPARE(b.reserve(0), 0);
}

void TestRateLimiter::clientGoDefaults()
{
    TokenBucket b(5, 10);
    for (int i = 0; i < 10; ++i)
        QCOMPARE(b.reserve(0), 0);
    QCOMPARE(b.reserve(0), 200);
}

QTEST_APPLESS_MAIN(TestRateLimiter)
#include "tst_ratelimiter.moc"
