#pragma once

#include "http/Router.h"

namespace enclii::canary {
class RolloutControls;
class RolloutStore;
}

namespace enclii::api {

// Canary rollouts over HTTP: what the Canary review reads, and the on-call controls.
//   GET  /v1/rollouts                   (catalog.read) ?service=&state=&limit=
//   GET  /v1/rollouts/{id}              (catalog.read) steps, thresholds, timeline, measurements,
//                                       the traffic split and its mode, the actions allowed now
//   POST /v1/rollouts/{id}/promote      (canary.operate on the rollout's project) the current step passes
//   POST /v1/rollouts/{id}/promote-full (canary.operate) straight to promotion
//   POST /v1/rollouts/{id}/pause        (canary.operate)
//   POST /v1/rollouts/{id}/resume       (canary.operate)
//   POST /v1/rollouts/{id}/abort        (canary.operate) {"reason": "..."} required
//   POST /v1/rollouts/{id}/retry        (canary.operate) an aborted, rolled back or failed rollout again
// The POST bodies are optional {"reason": "..."}; 409 when the rollout's state does not allow
// the action (the answer says which states do).
class CanaryResources
{
public:
    CanaryResources(canary::RolloutStore &store, canary::RolloutControls &controls);

    void registerRoutes(http::Router &router);

private:
    http::Response list(const http::Request &);
    http::Response get(const http::Request &);
    http::Response promote(const http::Request &);
    http::Response promoteFull(const http::Request &);
    http::Response pause(const http::Request &);
    http::Response resume(const http::Request &);
    http::Response abort(const http::Request &);
    http::Response retry(const http::Request &);
    http::Response act(const http::Request &, const QString &action);
    QStringList projectOf(const http::Request &);

    canary::RolloutStore &m_store;
    canary::RolloutControls &m_controls;
};

} // namespace enclii::api
