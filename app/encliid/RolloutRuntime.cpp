#include "RolloutRuntime.h"

#include "canary/KubeTrafficDriver.h"
#include "canary/RolloutService.h"
#include "kube/client/KubeClient.h"
#include "notify/WebhookNotifier.h"
#include "reconcile/Controller.h"
#include "reconcile/LoopThread.h"

#include <QSemaphore>

#include <spdlog/spdlog.h>

namespace enclii::daemon {

struct RolloutRuntime::Loop : QObject
{
    std::unique_ptr<kube::KubeClient> client;
    std::unique_ptr<canary::KubeTrafficDriver> driver;
    std::unique_ptr<notify::WebhookNotifier> notifier;
    std::unique_ptr<canary::RolloutService> service;
};

RolloutRuntime::RolloutRuntime(store::Database &db, store::AuditLog *audit, Options options) : m_loop(new Loop)
{
    m_thread.setObjectName(QStringLiteral("rollouts"));
    QSemaphore built;
    Loop *loop = m_loop;
    reconcile::startInThread(m_thread, m_loop, [loop, &db, audit, &options, &built] {
        loop->client = std::make_unique<kube::KubeClient>(options.cluster, reconcile::Controller::defaultClientOptions());
        loop->driver = std::make_unique<canary::KubeTrafficDriver>(*loop->client);
        if (!options.webhook.isEmpty()) {
            notify::WebhookNotifier::Options n;
            n.url = options.webhook;
            loop->notifier = std::make_unique<notify::WebhookNotifier>(n);
        }
        canary::RolloutService::Options o;
        o.tickIntervalMs = options.tickIntervalMs;
        loop->service = std::make_unique<canary::RolloutService>(db, options.prometheus, loop->driver.get(), loop->notifier.get(),
                                                                 audit, o);
        built.release();
    });
    built.acquire();
    spdlog::info("canary rollouts measure through {}{}", options.prometheus.toString().toStdString(),
                 options.webhook.isEmpty() ? "; no notification webhook (ENCLII_ROLLOUT_WEBHOOK_URL)"
                                           : "; notifications to " + notify::WebhookNotifier::redacted(options.webhook).toStdString());
}

RolloutRuntime::~RolloutRuntime()
{
    Loop *loop = m_loop;
    reconcile::stopInThread(m_thread, m_loop, [loop] {
        loop->service.reset();
        loop->notifier.reset();
        loop->driver.reset();
        loop->client.reset();
        delete loop;
    });
}

canary::RolloutService &RolloutRuntime::service()
{
    return *m_loop->service;
}

void RolloutRuntime::setLeading(bool leading)
{
    canary::RolloutService *service = m_loop->service.get();
    QMetaObject::invokeMethod(m_loop, [service, leading] {
        if (leading) {
            spdlog::info("canary rollouts: leading; the rollout loop runs here");
            service->startTimer();
            service->wake();
        } else {
            service->stopTimer();
        }
    }, Qt::QueuedConnection);
}

} // namespace enclii::daemon
