#include "DeploymentResources.h"
#include "RouteBinding.h"

#include "catalog/Catalog.h"
#include "reconcile/ClusterView.h"
#include "reconcile/DeploymentRepository.h"
#include "store/AuditLog.h"

#include <QJsonArray>

namespace enclii::api {

using http::Request;
using http::Response;

namespace {

constexpr int kHistory = 50;

// An optional whole-number query parameter within [low, high]; nullopt when malformed.
std::optional<int> intParam(const Request &req, const QString &name, int fallback, int low, int high)
{
    const QString text = req.query.queryItemValue(name);
    if (text.isEmpty())
        return fallback;
    bool ok = false;
    const int v = text.toInt(&ok);
    if (!ok || v < low || v > high)
        return std::nullopt;
    return v;
}

QJsonObject resourcesOf(const core::ServiceSpec &s)
{
    using Kind = core::Quantity::Kind;
    const auto list = [](const core::ResourceList &r) {
        return QJsonObject{{QStringLiteral("cpu"), r.cpu.toString(Kind::Cpu)}, {QStringLiteral("memory"), r.memory.toString(Kind::Memory)}};
    };
    return {{QStringLiteral("requests"), list(s.resources.requests)}, {QStringLiteral("limits"), list(s.resources.limits)}};
}

} // namespace

DeploymentResources::DeploymentResources(reconcile::DeploymentRepository &repository, catalog::Catalog &catalog,
                                         reconcile::ClusterView *view, store::AuditLog *audit, DeployHeld deployHeld)
    : m_repository(repository), m_catalog(catalog), m_view(view), m_audit(audit), m_deployHeld(std::move(deployHeld))
{
}

void DeploymentResources::registerRoutes(http::Router &router)
{
    const auto bind = [this, &router](const QString &pattern, Response (DeploymentResources::*fn)(const Request &)) {
        bindRoute(router, this, "GET", pattern, fn, http::RouteAccess{QStringLiteral("catalog.read"), {}});
    };
    bind(QStringLiteral("/v1/deployments"), &DeploymentResources::list);
    bind(QStringLiteral("/v1/deployments/{service}"), &DeploymentResources::get);
    bind(QStringLiteral("/v1/deployments/{service}/metrics"), &DeploymentResources::metrics);
    bind(QStringLiteral("/v1/drift"), &DeploymentResources::drift);
    bind(QStringLiteral("/v1/cluster"), &DeploymentResources::cluster);
    bindRoute(router, this, "POST", QStringLiteral("/v1/releases/{id}/deploy"), &DeploymentResources::deploy,
              http::RouteAccess{QStringLiteral("builds.trigger"), [this](const Request &r) { return releaseProject(r); }});
}

// An unknown release names no project: only a platform-wide grant passes, and the handler
// answers 404.
QStringList DeploymentResources::releaseProject(const Request &req)
{
    try {
        const qint64 id = idParam(req);
        const auto r = id ? m_repository.release(id) : std::nullopt;
        return r ? QStringList{r->project} : QStringList{};
    } catch (const std::exception &) {
        return {}; // the handler meets the same error and reports it
    }
}

Response DeploymentResources::deploy(const Request &req)
{
    const qint64 id = idParam(req);
    if (!id)
        return http::notFound(QStringLiteral("release %1; GET /v1/releases lists them").arg(req.param(QStringLiteral("id")).left(40)))
            .toResponse(req.path);
    Response refusal;
    const auto reason = reasonOf(req, &refusal);
    if (!reason)
        return refusal;
    const auto release = m_repository.release(id);
    if (!release)
        return http::notFound(QStringLiteral("release %1; GET /v1/releases lists them").arg(id)).toResponse(req.path);
    if (release->preview && m_deployHeld && m_deployHeld(release->project, QStringLiteral("preview")))
        return http::conflict(QStringLiteral("deploys-held"),
                              QStringLiteral("release %1 is a preview (built from a pull request), and deploys of %2 to non-production "
                                             "environments are held: the project has spent its monthly budget. Raise the budget "
                                             "(PUT /v1/waybill/projects/%2/budget) or deploy a production release")
                                  .arg(id)
                                  .arg(release->project))
            .toResponse(req.path);
    const auto request = m_repository.requestDeploy(id, req.principal.actor(), *reason);
    if (!request)
        return http::notFound(QStringLiteral("release %1; GET /v1/releases lists them").arg(id)).toResponse(req.path);
    const auto snapshot = m_catalog.snapshot();
    const core::ServiceSpec *spec = snapshot->specs.service(request->service);
    const bool canary = spec && spec->deploy.strategy == QLatin1String("canary");
    if (m_audit)
        m_audit->append(req.principal.actor(), QStringLiteral("release.deploy"), QStringLiteral("release/%1").arg(id),
                        QJsonObject{{QStringLiteral("service"), request->service}, {QStringLiteral("reason"), *reason}});
    const QString next = !spec ? QStringLiteral("the service is not in the catalog, so nothing will run it")
        : canary              ? QStringLiteral("a canary rollout of it starts within seconds; GET /v1/rollouts?service=%1 follows it").arg(request->service)
                              : QStringLiteral("the reconciler applies it within seconds; GET /v1/deployments/%1 follows it").arg(request->service);
    return Response::json(QJsonObject{{QStringLiteral("release"), double(id)},
                                      {QStringLiteral("service"), request->service},
                                      {QStringLiteral("project"), request->project},
                                      {QStringLiteral("image"), request->image},
                                      {QStringLiteral("request"), double(request->requestId)},
                                      {QStringLiteral("strategy"), canary ? QStringLiteral("canary") : QStringLiteral("direct")},
                                      {QStringLiteral("message"), next}},
                          202)
        .withHeader("Location", "/v1/deployments/" + request->service.toUtf8());
}

Response DeploymentResources::list(const Request &req)
{
    const QString project = req.query.queryItemValue(QStringLiteral("project"));
    const QString service = req.query.queryItemValue(QStringLiteral("service"));
    if (project.size() > 253 || service.size() > 253)
        return http::badRequest(QStringLiteral("bad-query"), QStringLiteral("project and service are names of at most 253 characters"))
            .toResponse(req.path);
    return Response::json(QJsonObject{{QStringLiteral("items"), m_repository.list(project, service)}});
}

Response DeploymentResources::get(const Request &req)
{
    const QString service = req.param(QStringLiteral("service"));
    auto deployment = m_repository.find(service);
    if (!deployment)
        return http::notFound(QStringLiteral("a deployment of service %1; GET /v1/deployments lists them").arg(service)).toResponse(req.path);
    QJsonArray pods;
    if (m_view)
        for (const reconcile::PodInfo &p : m_view->pods(service))
            pods.append(p.toJson());
    deployment->insert(QStringLiteral("pods"), pods);
    const auto snapshot = m_catalog.snapshot();
    const core::ServiceSpec *spec = snapshot->specs.service(service);
    deployment->insert(QStringLiteral("resources"), spec ? QJsonValue(resourcesOf(*spec)) : QJsonValue());
    deployment->insert(QStringLiteral("events"), m_repository.history(service, kHistory));
    return Response::json(*deployment);
}

Response DeploymentResources::metrics(const Request &req)
{
    const QString service = req.param(QStringLiteral("service"));
    const auto seconds = intParam(req, QStringLiteral("seconds"), 3600, 1, 3600);
    if (!seconds)
        return http::badRequest(QStringLiteral("bad-query"), QStringLiteral("seconds is a whole number from 1 to 3600 (samples are kept one hour)"))
            .toResponse(req.path);
    if (!m_repository.find(service))
        return http::notFound(QStringLiteral("a deployment of service %1; GET /v1/deployments lists them").arg(service)).toResponse(req.path);
    if (!m_view)
        return Response::json(reconcile::ClusterView().metrics(service, *seconds));
    return Response::json(m_view->metrics(service, *seconds));
}

Response DeploymentResources::drift(const Request &req)
{
    const auto limit = intParam(req, QStringLiteral("limit"), 100, 1, 1000);
    if (!limit)
        return http::badRequest(QStringLiteral("bad-query"), QStringLiteral("limit is a whole number from 1 to 1000")).toResponse(req.path);
    return Response::json(QJsonObject{{QStringLiteral("items"), m_repository.drift(*limit)}});
}

Response DeploymentResources::cluster(const Request &)
{
    QJsonArray nodes, pending;
    if (m_view) {
        for (const reconcile::NodeInfo &n : m_view->nodes())
            nodes.append(n.toJson());
        for (const reconcile::PodInfo &p : m_view->pendingPods())
            pending.append(QJsonObject{{QStringLiteral("namespace"), p.namespaceName}, {QStringLiteral("name"), p.name},
                                       {QStringLiteral("service"), p.service}, {QStringLiteral("reason"), p.reason}});
    }
    const QString leader = m_repository.leader();
    return Response::json(QJsonObject{{QStringLiteral("simulated"), m_view && m_view->simulated()},
                                      {QStringLiteral("server"), m_view ? m_view->server() : QString()},
                                      {QStringLiteral("nodes"), nodes},
                                      {QStringLiteral("pendingPods"), pending},
                                      {QStringLiteral("waves"), m_repository.waves()},
                                      {QStringLiteral("leader"), leader.isEmpty() ? QJsonValue() : QJsonValue(leader)}});
}

} // namespace enclii::api
