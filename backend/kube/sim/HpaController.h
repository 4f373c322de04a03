#pragma once

#include "Controller.h"

#include <QHash>
#include <QJsonObject>
#include <QList>

namespace enclii::kube::sim {

// HorizontalPodAutoscalers (autoscaling/v2) on Deployments, with the real algorithm:
// desired = ceil(ready pods x current/target) for each Resource metric (CPU or memory, as a
// utilisation of requests or an average value), a 10% tolerance, the highest metric wins;
// recommendations are stabilised (scale-down window 300 s by default, scale-up 0 s), rates
// limited by the behavior policies (defaults: up by max(100%, 4 pods) per 15 s, down by 100%
// per 15 s), and clamped to [minReplicas, maxReplicas]. It runs every hpaSyncSeconds and
// scales through the Deployment's replicas as the field manager kube-controller-manager.
class HpaController : public Controller
{
public:
    void sync(SimContext &ctx) override;

private:
    struct Recommendation
    {
        qint64 atMs;
        qint64 replicas;
    };
    struct ScaleEvent
    {
        qint64 atMs;
        qint64 delta;
    };
    struct State
    {
        qint64 lastSyncMs = 0;
        QList<Recommendation> recommendations;
        QList<ScaleEvent> events;
    };
    void syncOne(SimContext &ctx, QJsonObject hpa, State &state);

    QHash<QString, State> m_state; // by HPA uid
};

} // namespace enclii::kube::sim
