#pragma once

#include "kube/client/KubeConfig.h"

#include <QString>
#include <QThread>
#include <QUrl>

#include <memory>

namespace enclii::canary {
class RolloutService;
}
namespace enclii::store {
class AuditLog;
class Database;
}

namespace enclii::daemon {

// Canary rollouts inside encliid: the rollout state machine on a thread of its own, with its
// own Kubernetes client and traffic driver (a client is bound to the thread that first uses
// it), measuring through Prometheus and posting one message per state change that matters to
// a Slack-compatible webhook. It ticks only while setLeading(true): the reconciler's leader
// drives the rollouts too, so replicas never measure or move traffic twice. service() is
// usable from any thread for what the API needs (the rows and the on-call controls).
class RolloutRuntime
{
public:
    struct Options
    {
        kube::KubeConfig cluster;
        QUrl prometheus;
        QUrl webhook;         // empty: transitions are recorded, no message is posted
        int tickIntervalMs = 1000;
    };

    RolloutRuntime(store::Database &db, store::AuditLog *audit, Options options);
    ~RolloutRuntime();

    canary::RolloutService &service();
    // Thread-safe.
    void setLeading(bool leading);

private:
    struct Loop;
    QThread m_thread;
    Loop *m_loop = nullptr; // lives in m_thread; deleted there
};

} // namespace enclii::daemon
