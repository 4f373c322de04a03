// Waves in order: the first deploys at once, each next one once the one before is done;
// a missed deadline fails a wave and holds the next; done is for good.
#include "reconcile/WaveTracker.h"

#include <QTest>

using namespace enclii;
using namespace enclii::reconcile;

namespace {

core::SpecSet specs()
{
    core::SpecSet s;
    for (const char *name : {"a1", "a2", "b1", "c1"}) {
        core::ServiceSpec spec;
        spec.name = QLatin1String(name);
        s.services << spec;
    }
    core::Repo repo;
    repo.name = QStringLiteral("b");
    repo.components = {QStringLiteral("b1")};
    s.ecosystem.repos << repo;
    core::Wave w1{1, QStringLiteral("first"), {}, {}, {core::WaveStep{QStringLiteral("s"), {}, {QStringLiteral("a1"), QStringLiteral("a2")}, {}, {}, {}}}};
    core::Wave w2{2, QStringLiteral("second"), {}, {}, {core::WaveStep{QStringLiteral("s"), {QStringLiteral("b")}, {}, {}, {}, {}}}};
    core::Wave w0{0, QStringLiteral("empty"), {}, {}, {core::WaveStep{QStringLiteral("infra"), {}, {}, {QStringLiteral("kubernetes")}, {}, {}}}};
    s.ecosystem.waves = {w2, w1, w0};
    return s;
}

QStringList states(const WaveTracker &t)
{
    QStringList out;
    for (const WaveStatus &w : t.waves())
        out << w.state;
    return out;
}

} // namespace

class TestWaveTracker : public QObject
{
    Q_OBJECT
private slots:
    void wavesOpenInOrder()
    {
        WaveTracker t(60);
        t.setEcosystem(specs());
        QCOMPARE(t.waves().size(), 3);
        QCOMPARE(t.waves()[1].name, QStringLiteral("first"));
        QCOMPARE(t.waveOf("b1"), QStringLiteral("second"));
        QVERIFY(t.mayDeploy("c1")); // in no wave
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const QSet<QString> released{"a1", "a2", "b1"};
        QVERIFY(t.evaluate(released, {}, now));
        QCOMPARE(states(t), (QStringList{"done", "deploying", "waiting"}));
        QVERIFY(t.mayDeploy("a1"));
        QVERIFY(!t.mayDeploy("b1"));
        QCOMPARE(t.waves()[1].deadline, now.addSecs(60));
        QVERIFY(!t.evaluate(released, {"a1"}, now.addSecs(1)));
        QVERIFY(t.evaluate(released, {"a1", "a2"}, now.addSecs(2)));
        QCOMPARE(states(t), (QStringList{"done", "done", "deploying"}));
        QVERIFY(t.mayDeploy("b1"));
        // Done is for good.
        QVERIFY(!t.evaluate(released, {}, now.addSecs(3)));
        QCOMPARE(t.waves()[1].state, QStringLiteral("done"));
    }

    void unreleasedServicesDoNotHoldAWave()
    {
        WaveTracker t(60);
        t.setEcosystem(specs());
        t.evaluate({"b1"}, {}, QDateTime::currentDateTimeUtc());
        QCOMPARE(states(t), (QStringList{"done", "done", "deploying"}));
    }

    void aMissedDeadlineFailsTheWaveAndHoldsTheNext()
    {
        WaveTracker t(10);
        t.setEcosystem(specs());
        const QDateTime now = QDateTime::currentDateTimeUtc();
        t.evaluate({"a1", "b1"}, {}, now);
        QVERIFY(t.evaluate({"a1", "b1"}, {}, now.addSecs(11)));
        QCOMPARE(states(t), (QStringList{"done", "failed", "waiting"}));
        QVERIFY(!t.mayDeploy("b1"));
        QVERIFY(t.mayDeploy("a1"));
        // Ready after all: the failed wave is done and the next one opens.
        QVERIFY(t.evaluate({"a1", "b1"}, {"a1"}, now.addSecs(20)));
        QCOMPARE(states(t), (QStringList{"done", "done", "deploying"}));
    }
};

QTEST_GUILESS_MAIN(TestWaveTracker)
#include "tst_wavetracker.moc"
