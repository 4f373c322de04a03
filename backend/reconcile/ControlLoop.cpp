#include "ControlLoop.h"

#include "ControllerShared_p.h"
#include "LeaderElection.h"
#include "ObjectKey.h"
#include "ObjectSync.h"
#include "SyncWorkers.h"

#include "kube/client/Informer.h"

#include <QDateTime>

#include <spdlog/spdlog.h>

#include <algorithm>

namespace enclii::reconcile {

namespace {

// Every kind the renderer makes, in the order applies should go (namespaces first).
const QStringList &managedKinds()
{
    static const QStringList kinds{QStringLiteral("Namespace"), QStringLiteral("ResourceQuota"), QStringLiteral("LimitRange"),
                                   QStringLiteral("NetworkPolicy"), QStringLiteral("Service"), QStringLiteral("Deployment"),
                                   QStringLiteral("HorizontalPodAutoscaler"), QStringLiteral("PodDisruptionBudget"),
                                   QStringLiteral("Ingress")};
    return kinds;
}

bool isDeployment(const QJsonObject &o)
{
    return o.value(QLatin1String("kind")).toString() == QLatin1String("Deployment");
}

} // namespace

ControlLoop::ControlLoop(ControllerShared &shared)
    : m_shared(shared), m_waves(shared.options.waveDeadlineSeconds),
      m_status(shared.repository, shared.options.simulated), m_planTimer(this), m_resyncTimer(this), m_tick(this),
      m_evaluateSoon(this)
{
    m_planTimer.setInterval(std::max(100, shared.options.planIntervalMs));
    m_resyncTimer.setInterval(std::max(1, shared.options.resyncSeconds) * 1000);
    m_tick.setInterval(1000);
    m_evaluateSoon.setSingleShot(true);
    m_evaluateSoon.setInterval(50);
    connect(&m_planTimer, &QTimer::timeout, this, [this] { plan(false); });
    connect(&m_resyncTimer, &QTimer::timeout, this, &ControlLoop::resync);
    connect(&m_tick, &QTimer::timeout, this, &ControlLoop::evaluate);
    connect(&m_evaluateSoon, &QTimer::timeout, this, &ControlLoop::evaluate);
}

ControlLoop::~ControlLoop() = default;

void ControlLoop::begin()
{
    m_client = std::make_unique<kube::KubeClient>(m_shared.cluster, m_shared.options.client);
    m_workers = std::make_unique<SyncWorkers>(m_shared, [this](const SyncOutcome &o) {
        QMetaObject::invokeMethod(this, [this, o] { onOutcome(o); }, Qt::QueuedConnection);
    });
    if (m_shared.options.databaseConnection.isEmpty()) {
        lead();
        return;
    }
    m_election = std::make_unique<LeaderElection>(m_shared.options.databaseConnection, m_shared.options.identity,
                                                  m_shared.options.leaderCheckMs);
    connect(m_election.get(), &LeaderElection::elected, this, &ControlLoop::lead);
    connect(m_election.get(), &LeaderElection::lost, this, &ControlLoop::stepDown);
    m_election->start();
    m_shared.leaderPid = m_election->backendPid();
}

void ControlLoop::end()
{
    stepDown();
    if (m_election)
        m_election->stop();
    m_election.reset();
    m_workers.reset();
    m_client.reset();
}

void ControlLoop::lead()
{
    if (m_leading)
        return;
    m_leading = true;
    m_shared.leader = true;
    if (m_election)
        m_shared.leaderPid = m_election->backendPid();
    spdlog::info("reconciler {}: reconciling {}", m_shared.options.identity.toStdString(), m_shared.cluster.describe().toStdString());
    m_shared.queue.reset();
    m_workers->start(std::max(1, m_shared.options.workers));
    startInformers();
    emit leadershipChanged(true);
}

void ControlLoop::stepDown()
{
    if (!m_leading)
        return;
    m_leading = false;
    m_shared.leader = false;
    m_shared.synced = false;
    m_planTimer.stop();
    m_resyncTimer.stop();
    m_tick.stop();
    m_informers.clear();
    m_workers->stop();
    m_shared.cache.clear();
    {
        std::lock_guard lock(m_shared.mutex);
        m_shared.desired.reset();
    }
    m_haveInput = false;
    m_published = false;
    emit leadershipChanged(false);
}

void ControlLoop::startInformers()
{
    kube::Informer::Options o;
    o.labelSelector = managedSelector();
    for (const QString &kind : managedKinds()) {
        auto informer = std::make_unique<kube::Informer>(m_client.get(), kind, QString(), o);
        connect(informer.get(), &kube::Informer::added, this, &ControlLoop::onChanged);
        connect(informer.get(), &kube::Informer::updated, this,
                [this](const QJsonObject &, const QJsonObject &now) { onChanged(now); });
        connect(informer.get(), &kube::Informer::deleted, this, &ControlLoop::onDeleted);
        connect(informer.get(), &kube::Informer::synced, this, &ControlLoop::onSynced);
        connect(informer.get(), &kube::Informer::errorOccurred, this, [kind](const kube::KubeError &e) {
            spdlog::warn("reconciler: watch of {}: {}", kind.toStdString(), e.toString().toStdString());
        });
        m_informers.push_back(std::move(informer));
    }
    // Started after all are connected: a list is blocking and runs this thread's events.
    for (auto &informer : m_informers)
        if (m_leading)
            informer->start();
}

void ControlLoop::onSynced()
{
    if (m_shared.synced || !m_leading)
        return;
    if (!std::all_of(m_informers.begin(), m_informers.end(), [](const auto &i) { return i->hasSynced(); }))
        return;
    plan(true);
    if (!m_haveInput)
        return; // the input could not be read; the plan timer tries again
    m_shared.synced = true;
    resync();
    m_planTimer.start();
    m_resyncTimer.start();
    m_tick.start();
}

void ControlLoop::onChanged(const QJsonObject &object)
{
    m_shared.cache.put(object);
    m_shared.queue.add(keyOf(object));
    if (isDeployment(object)) {
        m_status.onDeployment(serviceOf(object), object);
        scheduleEvaluation();
    }
}

void ControlLoop::onDeleted(const QJsonObject &object)
{
    const QString key = keyOf(object);
    const auto desired = m_shared.desiredState();
    m_shared.cache.remove(object, desired && desired->find(key));
    m_shared.queue.add(key);
    if (isDeployment(object)) {
        m_status.onDeployment(serviceOf(object), object, true);
        scheduleEvaluation();
    }
}

void ControlLoop::scheduleEvaluation()
{
    if (!m_evaluateSoon.isActive())
        m_evaluateSoon.start();
}

void ControlLoop::plan(bool force)
{
    if (!m_leading)
        return;
    DesiredInput input;
    try {
        input = m_shared.source();
    } catch (const std::exception &e) {
        spdlog::warn("reconciler: cannot read the desired state (catalog, releases): {}", e.what());
        return;
    }
    const bool inputChanged = !m_haveInput || input.fingerprint != m_input.fingerprint || input.fingerprint.isEmpty();
    if (!force && !inputChanged)
        return;
    if (inputChanged) {
        m_input = std::move(input);
        m_haveInput = true;
        m_waves.setEcosystem(m_input.specs);
    }
    advanceWaves();
    render();
}

void ControlLoop::render()
{
    const auto next = planDesiredState(m_input, m_waves, m_shared.options.render);
    const auto previous = m_shared.desiredState();
    const QStringList changed = DesiredState::changedKeys(previous.get(), *next);
    {
        std::lock_guard lock(m_shared.mutex);
        m_shared.desired = next;
    }
    m_status.setPlan(*next);
    if (!changed.isEmpty() && m_shared.options.onPlanned)
        m_shared.options.onPlanned(*next);
    // Namespaces first, so their content does not meet a missing namespace.
    for (const QString &kind : managedKinds())
        for (const QString &key : changed)
            if (key.startsWith(kind + u'/'))
                m_shared.queue.add(key);
    m_status.flush();
    publish();
}

void ControlLoop::resync()
{
    const auto desired = m_shared.desiredState();
    if (!desired)
        return;
    for (const QString &kind : managedKinds())
        for (auto it = desired->objects.begin(); it != desired->objects.end(); ++it)
            if (it.key().startsWith(kind + u'/'))
                m_shared.queue.add(it.key());
    for (const QString &key : m_shared.cache.keys())
        m_shared.queue.add(key);
}

void ControlLoop::onOutcome(const SyncOutcome &outcome)
{
    if (!m_leading)
        return;
    m_status.onOutcome(outcome);
    scheduleEvaluation();
}

bool ControlLoop::advanceWaves()
{
    QSet<QString> released;
    for (auto it = m_input.releases.begin(); it != m_input.releases.end(); ++it)
        if (m_input.specs.service(it.key()))
            released.insert(it.key());
    if (m_waves.allDone() && m_published)
        return false; // done is for good: nothing can move
    const QList<WaveStatus> before = m_waves.waves();
    if (!m_waves.evaluate(released, m_status.ready(), QDateTime::currentDateTimeUtc()))
        return false;
    QHash<QString, QString> failures;
    for (const WaveStatus &w : m_waves.waves())
        if (w.state == QLatin1String("failed"))
            for (const QString &s : w.services)
                failures.insert(s, QStringLiteral("wave %1 was not ready by its deadline %2").arg(w.name, w.deadline.toString(Qt::ISODate)));
    m_status.setWaveFailures(failures);
    for (qsizetype i = 0; i < m_waves.waves().size(); ++i) {
        const WaveStatus &w = m_waves.waves()[i];
        if (i >= before.size() || before[i].state != w.state)
            spdlog::info("wave {} ({}): {}", w.order, w.name.toStdString(), w.state.toStdString());
    }
    if (m_shared.repository) {
        try {
            m_shared.repository->saveWaves(m_waves.waves());
        } catch (const std::exception &e) {
            spdlog::warn("reconciler: waves not written: {}", e.what());
        }
    }
    return true;
}

void ControlLoop::evaluate()
{
    if (!m_leading || !m_haveInput)
        return;
    if (advanceWaves()) {
        render(); // a wave that opened lets its services deploy
        return;
    }
    if (!m_status.hasChanges())
        return;
    m_status.flush();
    publish();
}

void ControlLoop::publish()
{
    m_published = true;
    std::lock_guard lock(m_shared.mutex);
    m_shared.waves = m_waves.waves();
    m_shared.records = m_status.records();
}

} // namespace enclii::reconcile
