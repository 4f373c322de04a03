#include "CanaryResources.h"
#include "RouteBinding.h"

#include "canary/RolloutControls.h"
#include "canary/RolloutJson.h"
#include "canary/RolloutStore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUrl>

namespace enclii::api {

using http::Request;
using http::Response;


CanaryResources::CanaryResources(canary::RolloutStore &store, canary::RolloutControls &controls) : m_store(store), m_controls(controls) {}

void CanaryResources::registerRoutes(http::Router &router)
{
    auto bind = [this, &router](const QByteArray &method, const QString &pattern, Response (CanaryResources::*fn)(const Request &),
                                const char *permission, bool scoped) {
        std::function<QStringList(const Request &)> projects;
        if (scoped)
            projects = [this](const Request &r) { return projectOf(r); };
        bindRoute(router, this, method, pattern, fn, http::RouteAccess{QString::fromLatin1(permission), std::move(projects)});
    };
    bind("GET", QStringLiteral("/v1/rollouts"), &CanaryResources::list, "catalog.read", false);
    bind("GET", QStringLiteral("/v1/rollouts/{id}"), &CanaryResources::get, "catalog.read", false);
    bind("POST", QStringLiteral("/v1/rollouts/{id}/promote"), &CanaryResources::promote, "canary.operate", true);
    bind("POST", QStringLiteral("/v1/rollouts/{id}/promote-full"), &CanaryResources::promoteFull, "canary.operate", true);
    bind("POST", QStringLiteral("/v1/rollouts/{id}/pause"), &CanaryResources::pause, "canary.operate", true);
    bind("POST", QStringLiteral("/v1/rollouts/{id}/resume"), &CanaryResources::resume, "canary.operate", true);
    bind("POST", QStringLiteral("/v1/rollouts/{id}/abort"), &CanaryResources::abort, "canary.operate", true);
    bind("POST", QStringLiteral("/v1/rollouts/{id}/retry"), &CanaryResources::retry, "canary.operate", true);
}

// An unknown rollout names no project: then only a platform-wide grant passes the guard, and
// the handler answers 404.
QStringList CanaryResources::projectOf(const Request &req)
{
    try {
        const qint64 id = idParam(req);
        const auto r = id ? m_store.rollout(id) : std::nullopt;
        return r ? QStringList{r->project} : QStringList{};
    } catch (const std::exception &) {
        return {}; // the handler meets the same error and reports it
    }
}

Response CanaryResources::list(const Request &req)
{
    const QString service = req.query.queryItemValue(QStringLiteral("service"), QUrl::FullyDecoded);
    const QString state = req.query.queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded);
    if (!state.isEmpty() && !canary::stateFromName(state))
        return http::badRequest(QStringLiteral("bad-query"), QStringLiteral("state is one of pending, progressing, paused, promoting, succeeded, "
                                                                            "aborted, rolled_back, failed, superseded"))
            .toResponse(req.path);
    bool ok = true;
    const QString limitText = req.query.queryItemValue(QStringLiteral("limit"));
    const int limit = limitText.isEmpty() ? 100 : limitText.toInt(&ok);
    if (!ok || limit < 1 || limit > 1000)
        return http::badRequest(QStringLiteral("bad-query"), QStringLiteral("limit is a whole number from 1 to 1000")).toResponse(req.path);
    QJsonArray items;
    for (const canary::Rollout &r : m_store.list(service, state, limit))
        items << canary::rolloutJson(r);
    return Response::json(QJsonObject{{QStringLiteral("items"), items}});
}

Response CanaryResources::get(const Request &req)
{
    const qint64 id = idParam(req);
    const auto r = id ? m_store.rollout(id) : std::nullopt;
    if (!r)
        return http::notFound(QStringLiteral("a rollout %1").arg(req.param(QStringLiteral("id")))).toResponse(req.path);
    const bool latest = m_store.latestId(r->service) == r->id;
    return Response::json(canary::rolloutDetailJson(*r, m_store.transitions(r->id), m_store.measurements(r->id),
                                                    canary::RolloutControls::allowedNames(*r, latest)));
}

Response CanaryResources::act(const Request &req, const QString &actionName)
{
    using Code = canary::RolloutControls::Outcome::Code;
    const qint64 id = idParam(req);
    if (!id)
        return http::notFound(QStringLiteral("a rollout %1").arg(req.param(QStringLiteral("id")))).toResponse(req.path);
    Response refusal;
    const auto reason = reasonOf(req, &refusal);
    if (!reason)
        return refusal;
    const auto action = canary::RolloutControls::actionFromName(actionName);
    const auto outcome = m_controls.act(id, *action, req.principal.actor(), *reason);
    switch (outcome.code) {
    case Code::NotFound:
        return http::notFound(outcome.detail).toResponse(req.path);
    case Code::Invalid:
        return http::unprocessable(outcome.detail, {}).toResponse(req.path);
    case Code::NotAllowed:
        return http::conflict(QStringLiteral("rollout-state"), outcome.detail).toResponse(req.path);
    case Code::Done:
        break;
    }
    const canary::Rollout &r = outcome.rollout;
    QJsonObject body = canary::rolloutDetailJson(r, m_store.transitions(r.id), m_store.measurements(r.id),
                                                 canary::RolloutControls::allowedNames(r, m_store.latestId(r.service) == r.id));
    body.insert(QStringLiteral("outcome"), outcome.detail);
    if (*action == canary::RolloutControls::Action::Retry)
        return Response::json(body, 202).withHeader("Location", "/v1/rollouts/" + QByteArray::number(r.id));
    return Response::json(body);
}

Response CanaryResources::promote(const Request &req) { return act(req, QStringLiteral("promote")); }
Response CanaryResources::promoteFull(const Request &req) { return act(req, QStringLiteral("promote-full")); }
Response CanaryResources::pause(const Request &req) { return act(req, QStringLiteral("pause")); }
Response CanaryResources::resume(const Request &req) { return act(req, QStringLiteral("resume")); }
Response CanaryResources::abort(const Request &req) { return act(req, QStringLiteral("abort")); }
Response CanaryResources::retry(const Request &req) { return act(req, QStringLiteral("retry")); }

} // namespace enclii::api
