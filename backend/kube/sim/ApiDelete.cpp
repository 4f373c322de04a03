// The delete verbs of ApiServer: DELETE of one object and of a collection, with the
// propagation policies, and the eviction subresource.
#include "ApiServer.h"

#include "BodyParser.h"
#include "Deletion.h"
#include "Json.h"
#include "ObjectStore.h"
#include "Ownership.h"
#include "Selectors.h"
#include "SimClock.h"

#include <QJsonArray>

namespace enclii::kube::sim {

namespace {

struct DeleteOptions
{
    QString policy = QStringLiteral("Background");
    QString uid;
    QString resourceVersion;
    bool dryRun = false;
};

std::optional<DeleteOptions> deleteOptions(const ApiRequest &r, ApiError *error)
{
    DeleteOptions o;
    QJsonObject body;
    if (!r.body.trimmed().isEmpty()) {
        QString why;
        const auto parsed = parseJsonBody(r.body, &why);
        if (!parsed) {
            *error = badRequest(why);
            return std::nullopt;
        }
        body = *parsed;
    }
    QString policy = r.param(QStringLiteral("propagationPolicy"));
    if (policy.isEmpty())
        policy = body.value(QStringLiteral("propagationPolicy")).toString();
    if (policy.isEmpty() && (body.value(QStringLiteral("orphanDependents")).toBool() || r.flag(QStringLiteral("orphanDependents"))))
        policy = QStringLiteral("Orphan");
    if (!policy.isEmpty()) {
        if (policy != QLatin1String("Background") && policy != QLatin1String("Foreground") && policy != QLatin1String("Orphan")) {
            *error = badRequest(QStringLiteral("propagationPolicy: Unsupported value: \"%1\": supported values: \"Background\", "
                                               "\"Foreground\", \"Orphan\"").arg(policy.left(64)));
            error->code = 422;
            error->reason = QStringLiteral("Invalid");
            return std::nullopt;
        }
        o.policy = policy;
    }
    o.uid = json::stringAt(body, u"preconditions.uid");
    o.resourceVersion = json::stringAt(body, u"preconditions.resourceVersion");
    o.dryRun = r.param(QStringLiteral("dryRun")) == QLatin1String("All")
               || body.value(QStringLiteral("dryRun")).toArray().contains(QStringLiteral("All"));
    return o;
}

} // namespace

bool ApiServer::deleteObject(const ResourceType &type, const QJsonObject &object, const QString &policy)
{
    return deletion::remove(m_store, m_clock.now(), type, object, policy);
}

ApiResponse ApiServer::remove(const ApiRequest &request, const Target &t)
{
    ApiError error;
    const auto opts = deleteOptions(request, &error);
    if (!opts)
        return ApiResponse::error(error);
    const auto o = m_store.get(*t.type, t.ns, t.name);
    if (!o)
        return ApiResponse::error(notFound(t.type->qualified(), t.name));
    if (!opts->uid.isEmpty() && opts->uid != json::stringAt(*o, u"metadata.uid"))
        return ApiResponse::error(conflict(t.type->qualified(), t.name,
                                           QStringLiteral("Precondition failed: UID in precondition: %1, UID in object meta: %2")
                                               .arg(opts->uid.left(64), json::stringAt(*o, u"metadata.uid"))));
    if (!opts->resourceVersion.isEmpty() && opts->resourceVersion != json::stringAt(*o, u"metadata.resourceVersion"))
        return ApiResponse::error(conflict(t.type->qualified(), t.name,
                                           QStringLiteral("Precondition failed: ResourceVersion in precondition: %1, ResourceVersion in object meta: %2")
                                               .arg(opts->resourceVersion.left(32), json::stringAt(*o, u"metadata.resourceVersion"))));
    if (opts->dryRun)
        return ApiResponse::json(*o);
    const bool gone = deleteObject(*t.type, *o, opts->policy);
    if (gone)
        return ApiResponse::json(*o);
    const auto now = m_store.get(*t.type, t.ns, t.name);
    return ApiResponse::json(now ? *now : *o, 202);
}

ApiResponse ApiServer::removeCollection(const ApiRequest &request, const Target &t)
{
    ApiError error;
    const auto opts = deleteOptions(request, &error);
    if (!opts)
        return ApiResponse::error(error);
    QString why;
    const auto selectors = request.selectors(t.type->kind, &why);
    if (!selectors)
        return ApiResponse::error(badRequest(why));
    QJsonArray items;
    for (const QJsonObject &o : m_store.list(*t.type, t.ns)) {
        if (!selectors->matches(o))
            continue;
        items.append(o);
        if (!opts->dryRun)
            deleteObject(*t.type, o, opts->policy);
    }
    return ApiResponse::json({{QStringLiteral("kind"), t.type->kind + QStringLiteral("List")},
                              {QStringLiteral("apiVersion"), t.type->apiVersion()},
                              {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("resourceVersion"), QString::number(m_store.currentVersion())}}},
                              {QStringLiteral("items"), items}});
}

std::optional<ApiError> ApiServer::evict(const QString &ns, const QString &podName)
{
    const auto pod = m_store.get(resources::pods(), ns, podName);
    if (!pod)
        return notFound(QStringLiteral("pods"), podName);
    for (QJsonObject pdb : m_store.list(resources::podDisruptionBudgets(), ns)) {
        QString why;
        const auto sel = LabelSelector::fromObject(json::objectAt(pdb, u"spec.selector"), &why);
        if (!sel || !sel->matches(json::objectAt(*pod, u"metadata.labels")))
            continue;
        const qint64 allowed = json::at(pdb, u"status.disruptionsAllowed").toInteger();
        if (allowed < 1) {
            ApiError e = apiError(429, QStringLiteral("TooManyRequests"), QStringLiteral("Cannot evict pod as it would violate the pod's disruption budget."));
            e.causes.append(fieldCause(QStringLiteral("DisruptionBudget"), {},
                                       QStringLiteral("The disruption budget %1 needs %2 healthy pods and has %3 currently")
                                           .arg(json::stringAt(pdb, u"metadata.name"))
                                           .arg(json::at(pdb, u"status.desiredHealthy").toInteger())
                                           .arg(json::at(pdb, u"status.currentHealthy").toInteger())));
            return e;
        }
        json::set(pdb, u"status.disruptionsAllowed", allowed - 1);
        m_store.replace(resources::podDisruptionBudgets(), pdb);
    }
    deleteObject(resources::pods(), *pod, QStringLiteral("Background"));
    return std::nullopt;
}

} // namespace enclii::kube::sim
