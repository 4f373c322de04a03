#include "SimCluster.h"

#include "Admission.h"
#include "ApiServer.h"
#include "DeploymentController.h"
#include "EventRecorder.h"
#include "Faults.h"
#include "GarbageCollector.h"
#include "HpaController.h"
#include "HttpFrontEnd.h"
#include "Json.h"
#include "Kubelet.h"
#include "Nodes.h"
#include "ObjectStore.h"
#include "ReplicaSetController.h"
#include "Scheduler.h"
#include "SimClock.h"
#include "SimEndpoints.h"
#include "StatusControllers.h"
#include "Traffic.h"

namespace enclii::kube::sim {

namespace {
constexpr int kMaxPasses = 12; // a pass that keeps changing things is cut off, not looped on
}

SimCluster::SimCluster(SimOptions options, QObject *parent)
    : QObject(parent),
      m_options(std::move(options)),
      m_clock(new SimClock(m_options.timeFactor, this)),
      m_store(new ObjectStore(m_clock, m_options.watchHistory, this)),
      m_admission(std::make_unique<Admission>(*m_store)),
      m_events(std::make_unique<EventRecorder>(*m_store, *m_clock, m_options.eventTtlSeconds, m_options.maxEvents)),
      m_faults(std::make_unique<Faults>()),
      m_traffic(std::make_unique<Traffic>())
{
    m_api = std::make_unique<ApiServer>(*m_store, *m_clock, *m_admission, ApiServer::Options{m_options.gitVersion, 5000});
    m_endpoints = std::make_unique<SimEndpoints>(*this);
    m_traffic->setSyntheticRequestsPerSecond(m_options.syntheticRequestsPerSecond);
    m_controllers.push_back(std::make_unique<GarbageCollector>());
    m_controllers.push_back(std::make_unique<DeploymentController>());
    m_controllers.push_back(std::make_unique<ReplicaSetController>());
    m_controllers.push_back(std::make_unique<Scheduler>());
    m_controllers.push_back(std::make_unique<Kubelet>());
    m_controllers.push_back(std::make_unique<HpaController>());
    m_controllers.push_back(std::make_unique<DisruptionController>());
    m_controllers.push_back(std::make_unique<QuotaController>());

    const QString now = json::timestamp(m_clock->now());
    for (const char *ns : {"default", "kube-system", "kube-public", "kube-node-lease"}) {
        QJsonObject o{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                      {QStringLiteral("kind"), QStringLiteral("Namespace")},
                      {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), QLatin1String(ns)},
                                                               {QStringLiteral("labels"), QJsonObject{{QStringLiteral("kubernetes.io/metadata.name"), QLatin1String(ns)}}}}},
                      {QStringLiteral("spec"), QJsonObject{{QStringLiteral("finalizers"), QJsonArray{QStringLiteral("kubernetes")}}}},
                      {QStringLiteral("status"), QJsonObject{{QStringLiteral("phase"), QStringLiteral("Active")}}}};
        m_store->create(resources::namespaces(), o);
    }
    nodes::create(*m_store, m_options.nodes, m_options.gitVersion, now);

    m_simulatedUpToMs = m_clock->nowMs();
    connect(m_store, &ObjectStore::changed, this, &SimCluster::scheduleSettle);
    connect(m_clock, &SimClock::advanced, this, &SimCluster::catchUp);
    connect(&m_tick, &QTimer::timeout, this, &SimCluster::catchUp);
    m_tick.start(std::max(10, m_options.tickMs));
}

SimCluster::~SimCluster()
{
    m_tick.stop();
    disconnect(m_store, nullptr, this, nullptr);
    delete m_http; // its watches follow the store, which goes with the other children
    m_http = nullptr;
}

quint16 SimCluster::listen(const QHostAddress &address, quint16 port)
{
    if (!m_http) {
        HttpFrontEnd::Options o;
        o.maxBodyBytes = m_options.maxBodyBytes;
        o.bookmarkIntervalMs = m_options.bookmarkIntervalMs;
        m_http = new HttpFrontEnd([this](const ApiRequest &r) { return handle(r); }, *m_store, o, this);
    }
    const quint16 got = m_http->listen(address, port);
    if (!got)
        m_error = m_http->errorString();
    return got;
}

QUrl SimCluster::url() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_http ? m_http->port() : 0));
}

ApiResponse SimCluster::handle(const ApiRequest &request)
{
    if (auto r = m_endpoints->handle(request))
        return *r;
    return m_api->handle(request);
}

void SimCluster::advance(std::chrono::milliseconds by)
{
    m_clock->advance(by); // catchUp() runs through the interval
}

void SimCluster::catchUp()
{
    if (m_settling)
        return;
    const qint64 now = m_clock->nowMs();
    // Steps of at most stepMs, each seeing its own simulated time.
    while (m_simulatedUpToMs < now) {
        const qint64 to = std::min(now, m_simulatedUpToMs + std::max(1, m_options.stepMs));
        const double seconds = double(to - m_simulatedUpToMs) / 1000.0;
        m_simulatedUpToMs = to;
        m_clock->pin(to);
        step(seconds);
        m_clock->unpin();
    }
    // Nothing to do when no time passed: writes schedule their own settle.
}

void SimCluster::step(double seconds)
{
    m_traffic->advance(*m_store, *m_faults, seconds);
    settle();
    m_events->expire();
}

void SimCluster::scheduleSettle()
{
    if (m_settling || m_settlePending)
        return;
    m_settlePending = true;
    QTimer::singleShot(0, this, [this] {
        m_settlePending = false;
        settle();
    });
}

void SimCluster::settle()
{
    if (m_settling)
        return;
    m_settling = true;
    SimContext ctx{*m_store, *m_clock, *m_admission, *m_events, *m_faults, *m_traffic, m_options};
    for (int pass = 0; pass < kMaxPasses; ++pass) {
        const qint64 before = m_store->currentVersion();
        for (const auto &c : m_controllers)
            c->sync(ctx);
        if (m_store->currentVersion() == before)
            break;
    }
    m_settling = false;
}

} // namespace enclii::kube::sim
