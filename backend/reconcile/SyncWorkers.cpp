#include "SyncWorkers.h"

#include "ControllerShared_p.h"
#include "ObjectSync.h"

#include <spdlog/spdlog.h>

namespace enclii::reconcile {

using Action = SyncOutcome::Action;

SyncWorkers::SyncWorkers(ControllerShared &shared, Report report) : m_shared(shared), m_report(std::move(report)) {}

SyncWorkers::~SyncWorkers()
{
    stop();
}

void SyncWorkers::start(int count)
{
    for (int i = 0; i < count; ++i) {
        m_threads.push_back(std::unique_ptr<QThread>(QThread::create([this] { run(); })));
        m_threads.back()->setObjectName(QStringLiteral("reconcile-%1").arg(i));
        m_threads.back()->start();
    }
}

void SyncWorkers::stop()
{
    if (m_threads.empty())
        return;
    m_shared.queue.shutDown();
    for (auto &t : m_threads)
        t->wait();
    m_threads.clear();
}

void SyncWorkers::run()
{
    kube::KubeClient client(m_shared.cluster, m_shared.options.client);
    ObjectSync sync(client, m_shared.cache);
    QString key;
    while (m_shared.queue.get(&key)) {
        const auto desired = m_shared.desiredState();
        if (!desired) {
            m_shared.queue.done(key);
            continue;
        }
        const bool hadFailed = m_shared.queue.failures(key) > 0;
        const SyncOutcome out = sync.sync(key, *desired);
        ++m_shared.syncs;
        m_shared.writes += out.writes;
        m_shared.reads += out.reads;
        if (out.action == Action::Applied || out.action == Action::Reapplied || out.action == Action::Recreated)
            ++m_shared.applies;
        if (out.action == Action::Pruned)
            ++m_shared.deletes;
        if (out.action == Action::Conflict)
            ++m_shared.conflicts;
        if (out.action == Action::Failed || out.action == Action::Refused)
            ++m_shared.failures;
        if (out.isDrift()) {
            ++m_shared.drifts;
            spdlog::info("drift: {} {} ({}){}", SyncOutcome::actionName(out.action).toStdString(), key.toStdString(),
                         out.service.toStdString(), out.fields.isEmpty() ? "" : ": " + out.fields.join(QStringLiteral(", ")).toStdString());
            if (m_shared.repository) {
                try {
                    m_shared.repository->recordDrift({out.service, out.id.ns, out.id.kind, out.id.name,
                                                      SyncOutcome::actionName(out.action), out.fields});
                } catch (const std::exception &e) {
                    spdlog::warn("reconciler: drift on {} not recorded: {}", key.toStdString(), e.what());
                }
            }
        }
        if (out.retry) {
            if (m_shared.queue.failures(key) == 0 || out.action != Action::Failed)
                spdlog::warn("reconcile {}: {} {}", key.toStdString(), SyncOutcome::actionName(out.action).toStdString(),
                             out.message.toStdString());
            m_shared.queue.addRateLimited(key);
        } else {
            m_shared.queue.forget(key);
        }
        if (out.action != Action::UpToDate || hadFailed)
            m_report(out);
        m_shared.queue.done(key);
    }
}

} // namespace enclii::reconcile
