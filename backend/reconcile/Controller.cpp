#include "Controller.h"

#include "ControlLoop.h"
#include "ControllerShared_p.h"
#include "LoopThread.h"

#include <QCoreApplication>
#include <QHostInfo>

namespace enclii::reconcile {

kube::KubeClient::Options Controller::defaultClientOptions()
{
    kube::KubeClient::Options o;
    o.qps = 50;
    o.burst = 100;
    return o;
}

Controller::Controller(kube::KubeConfig cluster, Options options, DesiredSource source, DeploymentRepository *repository,
                       QObject *parent)
    : QObject(parent)
{
    if (options.identity.isEmpty())
        options.identity = QStringLiteral("%1:%2").arg(QHostInfo::localHostName()).arg(QCoreApplication::applicationPid());
    m_shared = std::make_unique<ControllerShared>(std::move(cluster), std::move(options), std::move(source), repository);
    m_thread.setObjectName(QStringLiteral("reconciler"));
}

Controller::~Controller()
{
    stop();
}

void Controller::start()
{
    if (m_loop)
        return;
    m_loop = new ControlLoop(*m_shared);
    connect(m_loop, &ControlLoop::leadershipChanged, this, &Controller::leadershipChanged);
    startInThread(m_thread, m_loop, [loop = m_loop] { loop->begin(); });
}

void Controller::stop()
{
    if (!m_loop)
        return;
    ControlLoop *loop = m_loop;
    m_loop = nullptr;
    // Ended and deleted on its own thread, where its timers and watches live.
    stopInThread(m_thread, loop, [loop] {
        loop->end();
        delete loop;
    });
}

void Controller::trigger()
{
    if (m_loop)
        QMetaObject::invokeMethod(m_loop, [loop = m_loop] { loop->plan(false); }, Qt::QueuedConnection);
}

void Controller::resyncNow()
{
    if (m_loop)
        QMetaObject::invokeMethod(m_loop, &ControlLoop::resync, Qt::QueuedConnection);
}

bool Controller::isLeader() const
{
    return m_shared->leader;
}

bool Controller::isSynced() const
{
    return m_shared->synced;
}

bool Controller::isIdle() const
{
    return m_shared->synced && m_shared->queue.isIdle();
}

Controller::Stats Controller::stats() const
{
    const ControllerShared &s = *m_shared;
    return {s.syncs, s.applies, s.deletes, s.writes, s.reads, s.drifts, s.conflicts, s.failures};
}

void Controller::resetStats()
{
    ControllerShared &s = *m_shared;
    s.syncs = s.applies = s.deletes = s.writes = s.reads = s.drifts = s.conflicts = s.failures = 0;
}

QList<WaveStatus> Controller::waves() const
{
    std::lock_guard lock(m_shared->mutex);
    return m_shared->waves;
}

QHash<QString, DeploymentRecord> Controller::deployments() const
{
    std::lock_guard lock(m_shared->mutex);
    return m_shared->records;
}

std::shared_ptr<const DesiredState> Controller::desiredState() const
{
    return m_shared->desiredState();
}

int Controller::leaderBackendPid() const
{
    return m_shared->leaderPid;
}

QString Controller::identity() const
{
    return m_shared->options.identity;
}

} // namespace enclii::reconcile
