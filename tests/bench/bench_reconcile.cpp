// The reconciler's figures, each against a baseline from the same run, on in-process
// simulated clusters (clock stopped) with a synthetic catalog (the seed's services cloned
// into namespaces of 10) and no database (statuses are not written):
//  1. cold reconcile of SERVICES_COLD services, objects/s, with the controller's client rate
//     limit on (50 QPS, bursts of 100) and off; baseline: the same objects applied one by one
//     by a bare client (no queue, no watches, no checks), limit off. The simulated cluster runs
//     its controllers over every object after each write, which bounds both rates; so the CPU
//     of our own threads per object is given too (the cluster runs on the main thread).
//  2. steady-state resync of SERVICES_STEADY services: every key looked at again, zero writes
//     (asserted: the controller's write count and the cluster's resourceVersion); its CPU
//     time against a baseline of bare GETs of the same objects (what a controller without a
//     watch cache would pay just to look).
//  3. memory per 1,000 services: the heap the running controller holds (desired state, live
//     cache, watch caches) against the compact JSON size of the desired objects.
//   bench_reconcile [SERVICES_COLD] [SERVICES_STEADY]   defaults 1000 and 10000
#include "kube/client/KubeClient.h"
#include "kube/client/Resources.h"
#include "kube/sim/ApiTypes.h"
#include "kube/sim/ObjectStore.h"
#include "kube/sim/SimCluster.h"
#include "reconcile/Controller.h"
#include "reconcile/ObjectKey.h"
#include "reconcile/Renderer.h"
#include "spec/SpecLoader.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QEventLoop>
#include <QThread>
#include <QTimer>

#include <spdlog/spdlog.h>

#include <malloc.h>
#include <sys/resource.h>

#include <atomic>
#include <cstdio>
#include <ctime>
#include <cstdlib>

using namespace enclii;

namespace {

double cpuSeconds()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// CPU of this (the main) thread, which runs the simulated cluster and nothing of ours.
double mainThreadCpuSeconds()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) + double(t.tv_nsec) / 1e9;
}

// The CPU spent outside the main thread since construction: the reconciler's (or the bare
// client's) own share, without the simulated cluster's.
class OffMainCpu
{
public:
    OffMainCpu() : m_process(cpuSeconds()), m_main(mainThreadCpuSeconds()) {}
    double seconds() const { return (cpuSeconds() - m_process) - (mainThreadCpuSeconds() - m_main); }

private:
    double m_process;
    double m_main;
};

qint64 heapInUse()
{
    malloc_trim(0);
    return qint64(mallinfo2().uordblks);
}

// The seed's services, and clones of them up to n, each clone in a namespace of 10.
reconcile::DesiredInput syntheticInput(int n)
{
    const auto seed = spec::SpecLoader().loadDirectory(QStringLiteral(ENCLII_SOURCE_DIR "/specs"));
    reconcile::DesiredInput in;
    in.specs = seed.specs;
    in.specs.ecosystem.waves.clear(); // every service at once: this measures the reconciler, not the waves
    const QList<core::ServiceSpec> originals = seed.specs.services;
    for (int i = int(originals.size()); i < n; ++i) {
        core::ServiceSpec s = originals[i % originals.size()];
        s.name = QStringLiteral("%1-b%2").arg(s.name).arg(i);
        s.project = QStringLiteral("bench-%1").arg(i / 10);
        s.namespaceName = s.project;
        s.domains.clear();
        in.specs.services << s;
    }
    qint64 id = 0;
    for (const core::ServiceSpec &s : in.specs.services) {
        const QString hex = QString::fromLatin1(QCryptographicHash::hash(s.name.toUtf8(), QCryptographicHash::Sha256).toHex());
        in.releases.insert(s.name, {++id, QStringLiteral("ghcr.io/bench/%1@sha256:%2").arg(s.name, hex), "sha256:" + hex});
    }
    in.fingerprint = QStringLiteral("bench-%1").arg(n);
    return in;
}

kube::KubeConfig clusterOf(const kube::sim::SimCluster &sim)
{
    kube::KubeConfig c;
    c.server = sim.url();
    c.origin = QStringLiteral("simulated cluster");
    return c;
}

// A simulated cluster large enough for every service's pod: pods that cannot be scheduled are
// looked at again on every settle, which would measure the simulated scheduler.
kube::sim::SimOptions stopped(int services)
{
    kube::sim::SimOptions o;
    o.timeFactor = 0;
    o.watchHistory = 200000;
    o.nodes.count = std::max(3, services / 100);
    o.nodes.cpuMillicores = 64000;
    o.nodes.memoryBytes = 256LL << 30;
    o.nodes.maxPods = 250;
    return o;
}

reconcile::Controller::Options controllerOptions(bool rateLimited)
{
    reconcile::Controller::Options o;
    o.workers = 4;
    o.resyncSeconds = 3600; // only the resync the bench asks for
    if (!rateLimited)
        o.client.qps = 0;
    return o;
}

// Runs this thread's event loop (the simulated cluster serves from it) until done() holds.
// QTest::qWaitFor would sleep between its rounds and slow the cluster down.
bool waitUntil(const std::function<bool()> &done, int ms)
{
    QEventLoop loop;
    QTimer check;
    QElapsedTimer t;
    t.start();
    QObject::connect(&check, &QTimer::timeout, &loop, [&] {
        if (done() || t.elapsed() > ms)
            loop.quit();
    });
    check.start(5);
    if (!done())
        loop.exec();
    return done();
}

bool waitIdle(const reconcile::Controller &c, int ms)
{
    return waitUntil([&] { return c.isIdle(); }, ms);
}

struct Cold
{
    qsizetype objects = 0;
    double seconds = 0;
    double ownCpu = 0; // the controller's threads
    reconcile::Controller::Stats stats;
};

// From start to the first moment every key is done, on a fresh cluster.
Cold coldReconcile(kube::sim::SimCluster &sim, const reconcile::DesiredInput &input, bool rateLimited,
                   std::unique_ptr<reconcile::Controller> *keep = nullptr)
{
    auto controller = std::make_unique<reconcile::Controller>(clusterOf(sim), controllerOptions(rateLimited),
                                                              [input] { return input; });
    QElapsedTimer t;
    t.start();
    const OffMainCpu cpu;
    controller->start();
    if (!waitIdle(*controller, 3600 * 1000)) {
        std::fprintf(stderr, "bench: the cold reconcile did not finish\n");
        std::exit(1);
    }
    Cold out{controller->desiredState()->objects.size(), double(t.nsecsElapsed()) / 1e9, cpu.seconds(), controller->stats()};
    if (keep)
        *keep = std::move(controller);
    return out;
}

// Applies every object of the input in-process, as the controller would over HTTP.
qsizetype fillCluster(kube::sim::SimCluster &sim, const reconcile::DesiredInput &input)
{
    reconcile::WaveTracker waves;
    waves.setEcosystem(input.specs);
    const auto state = reconcile::planDesiredState(input, waves, {});
    QList<QJsonObject> objects;
    for (const reconcile::DesiredObject &o : state->objects)
        objects << o.object;
    reconcile::sortObjects(objects);
    for (const QJsonObject &object : objects) {
        const reconcile::ObjectKey id = reconcile::ObjectKey::of(object);
        kube::sim::ApiRequest r;
        r.method = "PATCH";
        r.path = kube::resourceForObject(object)->objectPath(id.ns, id.name);
        r.query.addQueryItem(QStringLiteral("fieldManager"), QStringLiteral("enclii"));
        r.headers.insert("content-type", "application/apply-patch+yaml");
        r.body = QJsonDocument(object).toJson(QJsonDocument::Compact);
        const kube::sim::ApiResponse answer = sim.handle(r);
        if (answer.status >= 300) {
            std::fprintf(stderr, "bench: filling the cluster: %s -> %d %s\n", qPrintable(r.path), answer.status, answer.body.left(300).constData());
            std::exit(1);
        }
    }
    return objects.size();
}

QList<QJsonObject> desiredObjects(const reconcile::Controller &c)
{
    QList<QJsonObject> out;
    for (const reconcile::DesiredObject &o : c.desiredState()->objects)
        out << o.object;
    reconcile::sortObjects(out);
    return out;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    spdlog::set_level(spdlog::level::warn);
    qputenv("QT_LOGGING_RULES", "enclii.*.debug=false;enclii.*.info=false");
    const int coldServices = argc > 1 ? std::atoi(argv[1]) : 1000;
    const int steadyServices = argc > 2 ? std::atoi(argv[2]) : 10000;

    // 1. Cold reconcile, limit on and off, and the bare applies.
    const reconcile::DesiredInput cold = syntheticInput(coldServices);
    QList<QJsonObject> objects;
    for (bool limited : {false, true}) {
        kube::sim::SimCluster sim(stopped(coldServices));
        sim.listen();
        std::unique_ptr<reconcile::Controller> controller;
        const Cold c = coldReconcile(sim, cold, limited, &controller);
        if (objects.isEmpty())
            objects = desiredObjects(*controller);
        controller.reset();
        std::printf("reconcile: cold, %d services, %lld objects, client limit %s: %.1f s, %.1f objects/s (%lld applies, %lld reads); "
                    "the reconciler's own CPU %.2f s, %.0f us per object\n",
                    coldServices, qlonglong(c.objects), limited ? "on (50 QPS, burst 100)" : "off", c.seconds,
                    double(c.objects) / c.seconds, c.stats.applies, c.stats.reads, c.ownCpu, c.ownCpu / double(c.objects) * 1e6);
        std::fflush(stdout);
    }
    {
        // On a thread of its own, like the controller's workers, so its CPU is told apart.
        kube::sim::SimCluster sim(stopped(coldServices));
        sim.listen();
        const kube::KubeConfig cluster = clusterOf(sim);
        std::atomic<bool> failed{false};
        QElapsedTimer t;
        t.start();
        const OffMainCpu cpu;
        std::unique_ptr<QThread> bare(QThread::create([&] {
            kube::KubeClient::Options o;
            o.qps = 0;
            kube::KubeClient client(cluster, o);
            for (const QJsonObject &object : objects)
                if (!client.apply(object).ok())
                    failed = true;
        }));
        bare->start();
        waitUntil([&] { return bare->isFinished(); }, 3600 * 1000);
        if (failed) {
            std::fprintf(stderr, "bench: a bare apply failed\n");
            return 1;
        }
        const double s = double(t.nsecsElapsed()) / 1e9;
        std::printf("reconcile: baseline, the same %lld objects applied one by one by a bare client: %.1f s, %.1f objects/s; "
                    "its own CPU %.2f s, %.0f us per object\n",
                    qlonglong(objects.size()), s, double(objects.size()) / s, cpu.seconds(), cpu.seconds() / double(objects.size()) * 1e6);
    }

    // 2. and 3. The steady state of a large catalog. The cluster is filled in-process with
    // what a reconcile applies (server-side apply as manager enclii, one settle of the
    // simulated controllers at the end): the simulated controllers look at every Deployment on
    // each settle, so filling 10,000 services over HTTP would measure them, not us.
    const reconcile::DesiredInput steady = syntheticInput(steadyServices);
    kube::sim::SimCluster sim(stopped(steadyServices));
    sim.listen();
    {
        QElapsedTimer fill;
        fill.start();
        const qsizetype n = fillCluster(sim, steady);
        waitUntil([] { return false; }, 100); // the simulated controllers' settle
        std::printf("reconcile: %d services' %lld objects applied in-process to the simulated cluster in %.1f s\n", steadyServices,
                    qlonglong(n), double(fill.nsecsElapsed()) / 1e9);
    }
    const qint64 heapBefore = heapInUse();
    std::unique_ptr<reconcile::Controller> controller;
    const Cold c = coldReconcile(sim, steady, false, &controller);
    std::printf("reconcile: first pass over the filled cluster, %lld objects: %.1f s, %lld writes\n", qlonglong(c.objects), c.seconds,
                c.stats.writes);
    controller->resetStats();
    const qint64 versionBefore = sim.store().currentVersion();
    const double cpu0 = cpuSeconds();
    QElapsedTimer t;
    t.start();
    controller->resyncNow();
    const qsizetype keys = c.objects;
    if (!waitUntil([&] { return controller->stats().syncs >= keys && controller->isIdle(); }, 600000))
        return 1;
    const double resyncCpu = cpuSeconds() - cpu0;
    const double resyncWall = double(t.nsecsElapsed()) / 1e9;
    const auto stats = controller->stats();
    const bool zeroWrites = stats.writes == 0 && sim.store().currentVersion() == versionBefore;
    std::printf("reconcile: steady-state resync of %d services (%lld keys): writes %lld, reads %lld, cluster resourceVersion %s; "
                "CPU %.3f s, wall %.3f s\n",
                steadyServices, qlonglong(stats.syncs), stats.writes, stats.reads,
                sim.store().currentVersion() == versionBefore ? "unchanged" : "CHANGED", resyncCpu, resyncWall);
    std::printf("reconcile: steady state zero writes: %s\n", zeroWrites ? "yes" : "NO");

    const qint64 heapRunning = heapInUse();
    QList<QJsonObject> steadyObjects = desiredObjects(*controller);
    qint64 jsonBytes = 0;
    for (const QJsonObject &o : steadyObjects)
        jsonBytes += QJsonDocument(o).toJson(QJsonDocument::Compact).size();
    controller.reset();
    const qint64 heapStopped = heapInUse();
    const double per1000 = double(heapRunning - heapStopped) / (steadyServices / 1000.0);
    std::printf("reconcile: memory per 1,000 services held by the running controller: %.1f MiB (heap with it %lld MiB, "
                "without %lld MiB, before %lld MiB)\n",
                per1000 / 1048576.0, heapRunning >> 20, heapStopped >> 20, heapBefore >> 20);
    std::printf("reconcile: baseline, the desired objects as compact JSON: %.1f MiB per 1,000 services; ratio %.1f\n",
                double(jsonBytes) / (steadyServices / 1000.0) / 1048576.0, per1000 / (double(jsonBytes) / (steadyServices / 1000.0)));

    // Baseline of the resync: bare GETs of the same objects from one client.
    {
        kube::KubeClient::Options o;
        o.qps = 0;
        kube::KubeClient client(clusterOf(sim), o);
        const double g0 = cpuSeconds();
        QElapsedTimer g;
        g.start();
        for (const QJsonObject &object : steadyObjects) {
            const reconcile::ObjectKey id = reconcile::ObjectKey::of(object);
            if (!client.get(id.kind, id.ns, id.name).ok()) {
                std::fprintf(stderr, "bench: a bare GET failed\n");
                return 1;
            }
        }
        const double getCpu = cpuSeconds() - g0;
        std::printf("reconcile: baseline, %lld bare GETs of the same objects: CPU %.3f s, wall %.3f s; resync CPU / GETs CPU = %.3f\n",
                    qlonglong(steadyObjects.size()), getCpu, double(g.nsecsElapsed()) / 1e9, resyncCpu / getCpu);
    }
    return zeroWrites ? 0 : 1;
}
