#pragma once

// What the rollout tests share: a migrated throwaway database, a clock the test moves, a
// traffic driver that records what it was asked and answers as told, scripted measurements,
// and a notifier that keeps its messages.
#include "canary/Rollout.h"
#include "canary/RolloutMachine.h"
#include "canary/RolloutStore.h"
#include "canary/TrafficDriver.h"
#include "notify/Notifier.h"
#include "store/Database.h"
#include "store/Migrator.h"
#include "support/TestPostgres.h"

#include <QMap>
#include <QStringList>

#include <cmath>
#include <memory>

namespace enclii::test {

class FakeClock
{
public:
    QDateTime now = QDateTime(QDate(2025, 11, 27), QTime(12, 0), Qt::UTC);
    canary::Clock clock()
    {
        return [this] { return now; };
    }
    void advance(int seconds) { now = now.addSecs(seconds); }
};

// A cluster in a few numbers: the canary's pods become ready `readyAfterCalls` ensureCanary
// calls after its size changes; promotion completes after `promoteCalls` calls.
class FakeDriver : public canary::TrafficDriver
{
public:
    canary::TrafficMode mode = canary::TrafficMode::Replicas;
    int stableReplicas = 3;
    QString stableImage = QStringLiteral("registry.local/shop/web@sha256:") + QString(64, u'0');
    int readyAfterCalls = 1;
    bool neverReady = false;
    int promoteCalls = 2;
    QString error; // every call fails with it while set

    // What the cluster looks like.
    QString canaryImage;
    int canaryReplicas = 0;
    int canaryReady = 0;
    int weight = 0;
    bool canaryHpa = false;
    QList<int> weightsSet;
    QStringList calls;
    int promotions = 0;
    int aborts = 0;

    canary::DriverResult<canary::TrafficSplit> plan(const canary::RolloutTarget &, int w) override
    {
        calls << QStringLiteral("plan %1").arg(w);
        if (!error.isEmpty())
            return canary::DriverResult<canary::TrafficSplit>::failed(error);
        canary::TrafficSplit s;
        s.mode = mode;
        s.requestedWeight = w;
        s.stableReplicas = stableReplicas;
        s.canaryReplicas = mode == canary::TrafficMode::Ingress ? std::max(1, int(std::ceil(stableReplicas * w / 100.0)))
                                                                : canary::canaryReplicasFor(w, stableReplicas);
        return canary::DriverResult<canary::TrafficSplit>::ok(s);
    }
    canary::DriverResult<int> ensureCanary(const canary::RolloutTarget &, const QString &image, int replicas) override
    {
        calls << QStringLiteral("ensure %1").arg(replicas);
        if (!error.isEmpty())
            return canary::DriverResult<int>::failed(error);
        if (image != canaryImage || replicas != canaryReplicas) {
            canaryImage = image;
            canaryReplicas = replicas;
            m_sinceChange = 0;
            canaryReady = 0;
        }
        canaryHpa = mode == canary::TrafficMode::Ingress;
        if (!neverReady && ++m_sinceChange >= readyAfterCalls)
            canaryReady = canaryReplicas;
        return canary::DriverResult<int>::ok(canaryReady);
    }
    canary::DriverResult<canary::TrafficSplit> setWeight(const canary::RolloutTarget &, int w) override
    {
        calls << QStringLiteral("weight %1").arg(w);
        if (!error.isEmpty())
            return canary::DriverResult<canary::TrafficSplit>::failed(error);
        weight = w;
        weightsSet << w;
        return canary::DriverResult<canary::TrafficSplit>::ok(now(w));
    }
    canary::DriverResult<bool> promote(const canary::RolloutTarget &, const QString &image) override
    {
        calls << QStringLiteral("promote");
        if (!error.isEmpty())
            return canary::DriverResult<bool>::failed(error);
        if (++promotions < promoteCalls)
            return canary::DriverResult<bool>::ok(false);
        stableImage = image;
        canaryReplicas = canaryReady = weight = 0;
        canaryImage.clear();
        canaryHpa = false;
        return canary::DriverResult<bool>::ok(true);
    }
    canary::DriverResult<bool> abort(const canary::RolloutTarget &) override
    {
        calls << QStringLiteral("abort");
        if (!error.isEmpty())
            return canary::DriverResult<bool>::failed(error);
        ++aborts;
        weight = 0;
        canaryHpa = false;
        canaryReplicas = canaryReady = 0;
        return canary::DriverResult<bool>::ok(true);
    }
    canary::DriverResult<canary::TrafficSplit> split(const canary::RolloutTarget &) override
    {
        return canary::DriverResult<canary::TrafficSplit>::ok(now(-1));
    }

private:
    canary::TrafficSplit now(int requested) const
    {
        canary::TrafficSplit s;
        s.mode = mode;
        s.requestedWeight = requested;
        s.stableReplicas = stableReplicas;
        s.canaryReplicas = canaryReplicas;
        s.canaryReady = canaryReady;
        s.canaryWeight = mode == canary::TrafficMode::Ingress ? weight : canary::replicaWeight(stableReplicas, canaryReady);
        return s;
    }
    int m_sinceChange = 0;
};

// Measurements as the test says: a value per "metric/track" (NaN: no requests), or an error
// for everything while `prometheusDown`.
class ScriptedMetrics
{
public:
    QMap<QString, double> values;
    bool prometheusDown = false;
    int taken = 0;

    ScriptedMetrics()
    {
        for (const char *track : {"canary", "stable"}) {
            values.insert(QStringLiteral("success-rate/%1").arg(QLatin1String(track)), 0.999);
            values.insert(QStringLiteral("latency-p99/%1").arg(QLatin1String(track)), 0.05);
        }
    }

    canary::Measurer measurer()
    {
        return [this](const canary::AnalysisMetric &metric) {
            ++taken;
            canary::Measurement m;
            m.metric = metric.name;
            m.track = metric.track;
            m.condition = metric.condition.text();
            m.gates = metric.gates;
            if (prometheusDown) {
                m.verdict = canary::Verdict::Error;
                m.message = QStringLiteral("Prometheus did not answer");
                return m;
            }
            const double v = values.value(metric.name + u'/' + metric.track, 1.0);
            if (std::isnan(v)) {
                m.verdict = canary::Verdict::Inconclusive;
                m.message = QStringLiteral("no requests in the window (0/0)");
                return m;
            }
            m.value = v;
            m.verdict = metric.condition.holds(v) ? canary::Verdict::Successful : canary::Verdict::Failed;
            if (m.verdict == canary::Verdict::Failed)
                m.message = QStringLiteral("%1 of the %2 track is %3, which fails %4").arg(metric.name, metric.track).arg(v).arg(m.condition);
            return m;
        };
    }
};

class CollectingNotifier : public notify::Notifier
{
public:
    QStringList texts;
    void send(const notify::Message &m) override { texts << m.text; }
};

// A migrated database of its own.
class RolloutDatabase
{
public:
    explicit RolloutDatabase(const QString &name) : pg(name)
    {
        if (!pg.isValid()) {
            error = pg.error();
            return;
        }
        db = std::make_unique<store::Database>(store::Database::Options{pg.connectionString(), 4, 10000});
        if (db->open(&error) && store::Migrator(*db).migrate(&error) >= 1)
            error.clear();
    }
    bool ok() const { return db && error.isEmpty(); }

    TestPostgres pg;
    std::unique_ptr<store::Database> db;
    QString error;
};

// The seed's strategy: 10 % and 50 % with five minutes of analysis, a measurement a minute,
// then 100 %.
inline core::DeployStrategy seedStrategy(const QString &rollback = QStringLiteral("automatic"))
{
    core::DeployStrategy d;
    d.strategy = QStringLiteral("canary");
    d.canarySteps = canary::defaultSteps();
    d.analysis.intervalSeconds = 60;
    d.analysis.minSuccessRatePercent = 99.0;
    d.analysis.latencyPercentile = 99;
    d.analysis.maxLatencyMs = 300;
    d.analysis.failureLimit = 1;
    d.analysis.inconclusiveLimit = 2;
    d.analysis.errorLimit = 3;
    d.rollback = rollback;
    return d;
}

inline canary::NewRollout release(const QString &service, const QString &digitOfDigest, const core::DeployStrategy &strategy,
                                  const QString &project = QStringLiteral("shop"))
{
    return {service, project, QStringLiteral("shop"),
            QStringLiteral("registry.local/shop/%1@sha256:%2").arg(service, QString(64, digitOfDigest.at(0))),
            QStringLiteral("r-%1").arg(digitOfDigest), strategy, QStringLiteral("roundhouse"), 0};
}

} // namespace enclii::test
