#include "RolloutService.h"

#include "PrometheusClient.h"

#include "core/ServiceSpec.h"
#include "store/Database.h"

#include <spdlog/spdlog.h>

namespace enclii::canary {

namespace {

Clock systemClock()
{
    return [] { return QDateTime::currentDateTimeUtc(); };
}

} // namespace

RolloutService::RolloutService(store::Database &db, const QUrl &prometheusUrl, TrafficDriver *driver, notify::Notifier *notifier,
                               store::AuditLog *audit, Options options, QObject *parent)
    : QObject(parent),
      m_clock(options.clock ? options.clock : systemClock()),
      m_store(db),
      m_prometheus(std::make_unique<PrometheusClient>(PrometheusClient::Options{prometheusUrl})),
      m_machine(m_store, *driver,
                options.measurer ? options.measurer
                                 : Measurer([this](const AnalysisMetric &metric) { return measure(*m_prometheus, metric, {}); }),
                m_clock, options.machine, notifier),
      m_controls(m_store, audit, m_clock, options.machine.timeouts)
{
    m_timer.setInterval(std::max(50, options.tickIntervalMs));
    connect(&m_timer, &QTimer::timeout, this, &RolloutService::tick);
    m_controls.setWake([this] { wake(); });
}

RolloutService::RolloutService(store::Database &db, const QUrl &prometheusUrl, TrafficDriver *driver, notify::Notifier *notifier,
                               store::AuditLog *audit)
    : RolloutService(db, prometheusUrl, driver, notifier, audit, Options())
{
}

RolloutService::~RolloutService() = default;

void RolloutService::startTimer()
{
    m_running = true;
    m_timer.start();
}

void RolloutService::stopTimer()
{
    m_running = false;
    m_timer.stop();
}

void RolloutService::wake()
{
    if (!m_running)
        return; // not this process's loop to run (it does not lead), or not started
    QMetaObject::invokeMethod(this, [this] { tick(); }, Qt::QueuedConnection);
}

int RolloutService::tick()
{
    // The driver's and Prometheus's blocking calls spin local event loops, in which the timer
    // or a wake-up could start another pass: one at a time.
    if (m_ticking)
        return 0;
    m_ticking = true;
    int changed = -1;
    try {
        changed = m_machine.tick();
    } catch (const std::exception &e) {
        spdlog::error("canary rollouts: a pass failed: {}", store::redactedError(e).toStdString());
    }
    m_ticking = false;
    return changed;
}

RolloutStore::Started RolloutService::startRollout(const core::ServiceSpec &service, const QString &image, const QString &revision,
                                                   const QString &actor)
{
    core::DeployStrategy strategy = service.deploy;
    if (strategy.canarySteps.isEmpty())
        strategy.canarySteps = defaultSteps();
    const RolloutStore::Started started =
        m_store.start({service.name, service.project, service.namespaceName, image, revision, strategy, actor, 0}, m_clock());
    if (started.created)
        wake();
    return started;
}

} // namespace enclii::canary
