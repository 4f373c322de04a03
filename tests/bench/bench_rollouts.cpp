// Canary rollouts, measured in the simulated cluster:
//  1. Time from the failing measurement that decides a rollback to traffic back on the stable
//     track (the canary Ingress at weight 0 and gone): the deciding pass's writes and the
//     driver's calls. Baseline: the same two calls on a canary Ingress, bare.
//  2. The controller's CPU for 100 concurrent rollouts (10 -> 50 -> 100 %, ingress weights, a
//     canary autoscaler-free Deployment each), on the rollout thread only (the simulated
//     cluster runs on the main thread). Baseline: the same thread reading each rollout's two
//     canary objects once per pass with bare GETs.
// Measurements are scripted (Prometheus's own query time is not the controller's), so the
// figures are the state machine, the rows and the cluster calls.
//
//   bench_rollouts [N]   (N rollouts, 100 by default)
#include "canary/KubeTrafficDriver.h"
#include "canary/RolloutService.h"
#include "canary/RolloutStore.h"
#include "kube/client/KubeClient.h"
#include "kube/sim/SimCluster.h"
#include "store/Database.h"
#include "store/Migrator.h"
#include "support/TestPostgres.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QThread>

#include <algorithm>
#include <cstdio>
#include <ctime>

using namespace enclii;
using namespace enclii::canary;

namespace {

const QString kNs = QStringLiteral("bench");

double threadCpuSeconds()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) + double(t.tv_nsec) / 1e9;
}

QString imageOf(const QString &service, QChar digit)
{
    return QStringLiteral("registry.local/bench/%1@sha256:%2").arg(service, QString(64, digit));
}

QList<QJsonObject> stableObjects(const QString &name)
{
    const QJsonObject labels{{"app.kubernetes.io/name", name}, {"app.kubernetes.io/managed-by", "enclii"}, {"enclii.dev/track", "stable"}};
    const QJsonObject container{{"name", "app"}, {"image", imageOf(name, u'0')},
                                {"resources", QJsonObject{{"requests", QJsonObject{{"cpu", "10m"}, {"memory", "16Mi"}}}}}};
    const QJsonObject deployment{
        {"apiVersion", "apps/v1"}, {"kind", "Deployment"}, {"metadata", QJsonObject{{"name", name}, {"namespace", kNs}, {"labels", labels}}},
        {"spec", QJsonObject{{"replicas", 2}, {"selector", QJsonObject{{"matchLabels", labels}}},
                             {"template", QJsonObject{{"metadata", QJsonObject{{"labels", labels}}},
                                                      {"spec", QJsonObject{{"containers", QJsonArray{container}}}}}}}}};
    const QJsonObject service{{"apiVersion", "v1"}, {"kind", "Service"}, {"metadata", QJsonObject{{"name", name}, {"namespace", kNs}}},
                              {"spec", QJsonObject{{"selector", labels}, {"ports", QJsonArray{QJsonObject{{"port", 80}}}}}}};
    const QJsonObject path{{"path", "/"}, {"pathType", "Prefix"},
                           {"backend", QJsonObject{{"service", QJsonObject{{"name", name}, {"port", QJsonObject{{"number", 80}}}}}}}};
    const QJsonObject ingress{{"apiVersion", "networking.k8s.io/v1"}, {"kind", "Ingress"},
                              {"metadata", QJsonObject{{"name", name}, {"namespace", kNs}}},
                              {"spec", QJsonObject{{"ingressClassName", "nginx"},
                                                   {"rules", QJsonArray{QJsonObject{{"host", name + ".bench.test"},
                                                                                    {"http", QJsonObject{{"paths", QJsonArray{path}}}}}}}}}};
    return {deployment, service, ingress};
}

core::ServiceSpec specOf(const QString &name)
{
    core::ServiceSpec s;
    s.name = name;
    s.project = QStringLiteral("bench");
    s.namespaceName = kNs;
    s.deploy.strategy = QStringLiteral("canary");
    s.deploy.canarySteps = {core::CanaryStep{10, 10, false}, core::CanaryStep{50, 10, false}, core::CanaryStep{100, 0, false}};
    s.deploy.analysis.intervalSeconds = 5;
    s.deploy.analysis.failureLimit = 1;
    s.deploy.analysis.inconclusiveLimit = 2;
    s.deploy.analysis.errorLimit = 3;
    s.deploy.rollback = QStringLiteral("automatic");
    return s;
}

// Scripted: every measurement passes, except the canary's success rate of the services in
// `failing`, which fails (and records when).
struct Script
{
    QSet<QString> failing;
    QElapsedTimer *clock = nullptr;
    QHash<QString, qint64> lastFailure; // by canary Deployment: steady-clock ns
    Measurement operator()(const AnalysisMetric &metric)
    {
        Measurement m;
        m.metric = metric.name;
        m.track = metric.track;
        m.gates = metric.gates;
        m.condition = metric.condition.text();
        m.at = QDateTime::currentDateTimeUtc();
        const QString deployment = metric.query.section(QStringLiteral("deployment=\""), 1).section(u'"', 0, 0);
        const bool fails = metric.track == QLatin1String("canary") && metric.name == QLatin1String("success-rate")
            && failing.contains(deployment.chopped(7)); // "-canary"
        m.value = fails ? 0.5 : (metric.name == QLatin1String("success-rate") ? 1.0 : 0.05);
        m.verdict = fails ? Verdict::Failed : Verdict::Successful;
        if (fails) {
            lastFailure[deployment] = clock->nsecsElapsed();
            m.message = QStringLiteral("scripted failure");
        }
        return m;
    }
};

// The product's driver, with the moment each service's first abort call returned: by then the
// canary Ingress is at weight 0 and gone (abort moves traffic first, then the autoscaler,
// then the pods), so traffic is back on the stable track.
class TimedDriver : public TrafficDriver
{
public:
    explicit TimedDriver(TrafficDriver &inner) : m_inner(inner) {}
    QHash<QString, qint64> trafficBackAt; // service -> steady-clock ns
    QElapsedTimer clock;

    DriverResult<TrafficSplit> plan(const RolloutTarget &t, int w) override { return m_inner.plan(t, w); }
    DriverResult<int> ensureCanary(const RolloutTarget &t, const QString &i, int r) override { return m_inner.ensureCanary(t, i, r); }
    DriverResult<TrafficSplit> setWeight(const RolloutTarget &t, int w) override { return m_inner.setWeight(t, w); }
    DriverResult<bool> promote(const RolloutTarget &t, const QString &i) override { return m_inner.promote(t, i); }
    DriverResult<TrafficSplit> split(const RolloutTarget &t) override { return m_inner.split(t); }
    DriverResult<bool> abort(const RolloutTarget &t) override
    {
        auto r = m_inner.abort(t);
        if (r && !trafficBackAt.contains(t.service))
            trafficBackAt.insert(t.service, clock.nsecsElapsed());
        return r;
    }

private:
    TrafficDriver &m_inner;
};

struct Figures
{
    int rollouts = 0;
    int succeeded = 0;
    int passes = 0;
    double wall = 0;
    double cpu = 0;
    double bareCpuPerPass = 0;
    QList<double> rollbackMs;
    double bareWeightZeroMs = 0;
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    const int n = argc > 1 ? std::max(1, QByteArray(argv[1]).toInt()) : 100;
    test::TestPostgres pg(QStringLiteral("bench_rollouts"));
    if (!pg.isValid()) {
        std::fprintf(stderr, "bench_rollouts: no PostgreSQL: %s\n", qPrintable(pg.error()));
        return 1;
    }
    store::Database db(store::Database::Options{pg.connectionString(), 4, 10000});
    QString error;
    if (!db.open(&error) || store::Migrator(db).migrate(&error) < 0) {
        std::fprintf(stderr, "bench_rollouts: %s\n", qPrintable(error));
        return 1;
    }
    kube::sim::SimOptions so;
    so.nodes.count = std::max(3, n / 20); // up to five pods a service during a rollout
    so.nodes.maxPods = 250;
    so.nodes.cpuMillicores = 64000;
    so.nodes.memoryBytes = 256LL * 1024 * 1024 * 1024;
    so.tickMs = 1000; // the simulation catches up once a second: it shares the machine with the controller
    kube::sim::SimCluster sim(so);
    sim.listen();
    kube::KubeConfig cluster;
    cluster.server = sim.url();
    kube::KubeClient::Options co;
    co.qps = 0;
    kube::KubeClient setup(cluster, co);
    setup.apply({{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", QJsonObject{{"name", kNs}}}}, QStringLiteral("enclii"));
    QStringList services;
    for (int i = 0; i < n; ++i) {
        services << QStringLiteral("svc-%1").arg(i, 3, 10, QLatin1Char('0'));
        for (const QJsonObject &o : stableObjects(services.last()))
            setup.apply(o, QStringLiteral("enclii"));
    }
    std::printf("bench_rollouts: %d services with stable Deployments, Services and Ingresses in the simulated cluster\n", n);

    Figures f;
    f.rollouts = n;
    QThread thread;
    QObject worker;
    worker.moveToThread(&thread);
    thread.start();
    QEventLoop done;
    QMetaObject::invokeMethod(&worker, [&] {
        kube::KubeClient client(cluster, co);
        KubeTrafficDriver kubeDriver(client);
        TimedDriver driver(kubeDriver);
        driver.clock.start();
        Script script;
        script.clock = &driver.clock;
        RolloutService::Options o;
        o.measurer = [&script](const AnalysisMetric &m) { return script(m); };
        RolloutService rollouts(db, QUrl(), &driver, nullptr, nullptr, o);

        // 2. n concurrent rollouts to the end, a pass a second as the daemon runs them.
        QList<qint64> ids;
        for (const QString &s : services)
            ids << rollouts.startRollout(specOf(s), imageOf(s, u'1'), QStringLiteral("r1"), QStringLiteral("bench")).rollout.id;
        QElapsedTimer wall;
        wall.start();
        double cpu = 0;
        const auto allEnded = [&] {
            for (qint64 id : ids) {
                const auto r = rollouts.store().rollout(id);
                if (!r || isActive(r->state) || !r->settled)
                    return false;
            }
            return true;
        };
        while (!allEnded() && wall.elapsed() < 600000) {
            QElapsedTimer pass;
            pass.start();
            const double c0 = threadCpuSeconds();
            rollouts.tick();
            cpu += threadCpuSeconds() - c0;
            ++f.passes;
            if (f.passes % 15 == 0) {
                int ended = 0;
                for (qint64 id : ids)
                    ended += rollouts.store().rollout(id)->state == RolloutState::Succeeded ? 1 : 0;
                std::fprintf(stderr, "bench_rollouts: pass %d, %d of %d succeeded, %.0f s\n", f.passes, ended, n, double(wall.elapsed()) / 1000);
            }
            QEventLoop pause;
            QTimer::singleShot(std::max<qint64>(0, 1000 - pass.elapsed()), &pause, &QEventLoop::quit);
            pause.exec();
        }
        f.wall = double(wall.elapsed()) / 1000;
        f.cpu = cpu;
        for (qint64 id : ids)
            f.succeeded += rollouts.store().rollout(id)->state == RolloutState::Succeeded ? 1 : 0;
        // Baseline: the same thread, each rollout's canary Deployment and Ingress read once.
        const double b0 = threadCpuSeconds();
        for (int rep = 0; rep < 5; ++rep)
            for (const QString &s : services) {
                (void)client.get(QStringLiteral("Deployment"), kNs, s + QStringLiteral("-canary"));
                (void)client.get(QStringLiteral("Ingress"), kNs, s + QStringLiteral("-canary"));
            }
        f.bareCpuPerPass = (threadCpuSeconds() - b0) / 5;

        // 1. Rollbacks: ten faulty releases; from the deciding failure to traffic back on stable.
        const int faulty = std::min(10, n);
        QList<qint64> bad;
        for (int i = 0; i < faulty; ++i) {
            script.failing.insert(services[i]);
            core::ServiceSpec spec = specOf(services[i]);
            spec.deploy.analysis.failureLimit = 0; // the first failing measurement decides
            bad << rollouts.startRollout(spec, imageOf(services[i], u'2'), QStringLiteral("r2"), QStringLiteral("bench")).rollout.id;
        }
        QSet<qint64> measured;
        QElapsedTimer limit;
        limit.start();
        while (measured.size() < bad.size() && limit.elapsed() < 300000) {
            rollouts.tick();
            for (int i = 0; i < bad.size(); ++i) {
                if (measured.contains(bad[i]))
                    continue;
                const auto r = rollouts.store().rollout(bad[i]);
                if (!r || r->state != RolloutState::RolledBack)
                    continue;
                if (!driver.trafficBackAt.contains(services[i]))
                    continue;
                f.rollbackMs << double(driver.trafficBackAt.value(services[i]) - script.lastFailure.value(services[i] + QStringLiteral("-canary"))) / 1e6;
                measured.insert(bad[i]);
            }
            QEventLoop pause;
            QTimer::singleShot(200, &pause, &QEventLoop::quit);
            pause.exec();
        }
        // Baseline: the traffic part of an abort, bare: a canary Ingress set to weight 0 and
        // deleted, on the same cluster (each time on a fresh one made beforehand).
        QList<double> bare;
        for (int i = 0; i < 10; ++i) {
            QJsonObject canaryIngress = stableObjects(services[i])[2];
            QJsonObject meta = canaryIngress.value("metadata").toObject();
            meta.insert("name", services[i] + QStringLiteral("-bare"));
            meta.insert("annotations", QJsonObject{{"nginx.ingress.kubernetes.io/canary", "true"}, {"nginx.ingress.kubernetes.io/canary-weight", "10"}});
            canaryIngress.insert("metadata", meta);
            (void)client.apply(canaryIngress, QStringLiteral("bench"));
            meta.insert("annotations", QJsonObject{{"nginx.ingress.kubernetes.io/canary", "true"}, {"nginx.ingress.kubernetes.io/canary-weight", "0"}});
            canaryIngress.insert("metadata", meta);
            QElapsedTimer t;
            t.start();
            (void)client.apply(canaryIngress, QStringLiteral("bench"));
            (void)client.remove(QStringLiteral("Ingress"), kNs, services[i] + QStringLiteral("-bare"));
            bare << double(t.nsecsElapsed()) / 1e6;
        }
        std::sort(bare.begin(), bare.end());
        f.bareWeightZeroMs = bare[bare.size() / 2];
        done.quit();
    });
    done.exec();
    thread.quit();
    thread.wait();

    std::sort(f.rollbackMs.begin(), f.rollbackMs.end());
    const double cpuPerPass = f.passes ? f.cpu / f.passes : 0;
    std::printf("\n%d concurrent rollouts (10 -> 50 -> 100 %%, 10 s analysis windows, a pass a second): %d succeeded in %.1f s, %d passes\n",
                f.rollouts, f.succeeded, f.wall, f.passes);
    std::printf("  rollout thread CPU: %.2f s in all, %.1f ms per pass (%.1f ms per pass per 100 rollouts), %.3f s per rollout\n",
                f.cpu, cpuPerPass * 1000, cpuPerPass * 1000 * 100 / f.rollouts, f.cpu / f.rollouts);
    std::printf("  baseline, two bare GETs per rollout per pass: %.1f ms per pass; ratio %.1f\n", f.bareCpuPerPass * 1000,
                f.bareCpuPerPass > 0 ? cpuPerPass / f.bareCpuPerPass : 0.0);
    if (!f.rollbackMs.isEmpty())
        std::printf("\nfailing measurement -> traffic back on stable (%lld rollbacks): median %.1f ms, max %.1f ms "
                    "(detection adds the analysis interval x (failureLimit + 1))\n  baseline, a canary Ingress set to weight 0 and "
                    "deleted by bare calls: %.1f ms; ratio %.1f\n",
                    qlonglong(f.rollbackMs.size()), f.rollbackMs[f.rollbackMs.size() / 2], f.rollbackMs.last(), f.bareWeightZeroMs,
                    f.rollbackMs[f.rollbackMs.size() / 2] / f.bareWeightZeroMs);
    return f.succeeded == f.rollouts && f.rollbackMs.size() == std::min(10, n) ? 0 : 2;
}
