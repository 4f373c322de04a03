// The write verbs of ApiServer: POST, PUT, PATCH (apply and merge) and the path they share.
#include "ApiServer.h"

#include "Admission.h"
#include "Apply.h"
#include "BodyParser.h"
#include "Defaults.h"
#include "Json.h"
#include "ManagedFields.h"
#include "ObjectStore.h"
#include "SimClock.h"
#include "Validation.h"


namespace enclii::kube::sim {

namespace {

const QString kModified = QStringLiteral("the object has been modified; please apply your changes to the latest version and try again");

bool isDryRun(const ApiRequest &r)
{
    return r.param(QStringLiteral("dryRun")) == QLatin1String("All");
}

// The body's identity must agree with the URL: kind/apiVersion with the endpoint, the
// namespace and the name with the path.
std::optional<ApiError> checkIdentity(const QJsonObject &body, const ResourceType &type, const QString &ns,
                                      const QString &name)
{
    const QString kind = body.value(QStringLiteral("kind")).toString();
    const QString apiVersion = body.value(QStringLiteral("apiVersion")).toString();
    if ((!kind.isEmpty() && kind != type.kind) || (!apiVersion.isEmpty() && apiVersion != type.apiVersion()))
        return badRequest(QStringLiteral("the API version in the data (%1) and the kind (%2) do not match the endpoint (%3, %4)")
                              .arg(apiVersion.left(64), kind.left(64), type.apiVersion(), type.kind));
    const QJsonValue bodyNs = json::at(body, u"metadata.namespace");
    if (type.namespaced && bodyNs.isString() && !bodyNs.toString().isEmpty() && bodyNs.toString() != ns)
        return badRequest(QStringLiteral("the namespace of the provided object does not match the namespace sent on the request"));
    const QString bodyName = json::stringAt(body, u"metadata.name");
    if (!name.isEmpty() && !bodyName.isEmpty() && bodyName != name)
        return badRequest(QStringLiteral("the name of the object (%1) does not match the name on the URL (%2)").arg(bodyName.left(253), name));
    if (!body.value(QStringLiteral("metadata")).isUndefined() && !body.value(QStringLiteral("metadata")).isObject())
        return badRequest(QStringLiteral("metadata must be an object"));
    return std::nullopt;
}

QJsonObject withIdentity(QJsonObject o, const ResourceType &type, const QString &ns, const QString &name)
{
    o.insert(QStringLiteral("apiVersion"), type.apiVersion());
    o.insert(QStringLiteral("kind"), type.kind);
    QJsonObject meta = o.value(QStringLiteral("metadata")).toObject();
    if (!name.isEmpty())
        meta.insert(QStringLiteral("name"), name);
    if (type.namespaced)
        meta.insert(QStringLiteral("namespace"), ns);
    else
        meta.remove(QStringLiteral("namespace"));
    o.insert(QStringLiteral("metadata"), meta);
    return o;
}

} // namespace

std::optional<ApiError> ApiServer::namespaceAdmits(const ResourceType &type, const QString &ns) const
{
    if (!type.namespaced)
        return std::nullopt;
    const auto n = m_store.get(resources::namespaces(), {}, ns);
    if (!n)
        return notFound(QStringLiteral("namespaces"), ns);
    if (json::at(*n, u"metadata.deletionTimestamp").isString())
        return forbidden(type.qualified(), {},
                         QStringLiteral("unable to create new content in namespace %1 because it is being terminated").arg(ns));
    return std::nullopt;
}

std::optional<ApiError> ApiServer::commit(const Target &t, const std::optional<QJsonObject> &old, QJsonObject candidate,
                                          const Write &how, QJsonObject *stored)
{
    const ResourceType &type = *t.type;
    const bool status = t.subresource == QLatin1String("status");
    candidate = withIdentity(candidate, type, t.ns, old ? json::stringAt(*old, u"metadata.name") : json::stringAt(candidate, u"metadata.name"));
    if (old) {
        // Each side of the status split keeps the other side's stored state.
        QJsonObject meta = old->value(QStringLiteral("metadata")).toObject();
        if (status) {
            QJsonObject next = *old;
            next.insert(QStringLiteral("status"), candidate.value(QStringLiteral("status")));
            meta.insert(QStringLiteral("managedFields"), json::at(candidate, u"metadata.managedFields"));
            next.insert(QStringLiteral("metadata"), meta);
            candidate = next;
        } else {
            if (type.hasStatus())
                old->contains(QStringLiteral("status")) ? void(candidate.insert(QStringLiteral("status"), old->value(QStringLiteral("status"))))
                                                        : void(candidate.remove(QStringLiteral("status")));
            QJsonObject cmeta = candidate.value(QStringLiteral("metadata")).toObject();
            for (const char *k : {"uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation"})
                meta.contains(QLatin1String(k)) ? void(cmeta.insert(QLatin1String(k), meta.value(QLatin1String(k))))
                                                : void(cmeta.remove(QLatin1String(k)));
            candidate.insert(QStringLiteral("metadata"), cmeta);
        }
    } else {
        if (auto e = namespaceAdmits(type, t.ns))
            return e;
        QJsonObject meta = candidate.value(QStringLiteral("metadata")).toObject();
        const QString generateName = meta.value(QStringLiteral("generateName")).toString();
        if (meta.value(QStringLiteral("name")).toString().isEmpty() && !generateName.isEmpty())
            meta.insert(QStringLiteral("name"), generateName.left(58) + names::randomSuffix());
        for (const char *k : {"uid", "resourceVersion", "creationTimestamp", "deletionTimestamp", "generation"})
            meta.remove(QLatin1String(k));
        candidate.insert(QStringLiteral("metadata"), meta);
        if (m_store.get(type, t.ns, meta.value(QStringLiteral("name")).toString()))
            return alreadyExists(type.qualified(), meta.value(QStringLiteral("name")).toString());
        if (m_store.objectCount() >= ObjectStore::kMaxObjects)
            return tooLarge(QStringLiteral("the simulated cluster holds its maximum of %1 objects; delete some first").arg(ObjectStore::kMaxObjects));
    }
    applyDefaults(type, candidate, [this] {
        const quint32 n = m_nextClusterIp++;
        return QStringLiteral("10.43.%1.%2").arg((n >> 8) & 0xff).arg(n & 0xff);
    });
    const QString name = json::stringAt(candidate, u"metadata.name");
    const QJsonArray causes = validateObject(type, candidate, old ? &*old : nullptr);
    if (!causes.isEmpty())
        return invalid(type.kind, type.groupKind(), name, causes);
    if (auto e = m_admission.admit(type, candidate, old ? &*old : nullptr))
        return e;
    if (!how.managedByApply) {
        QJsonObject meta = candidate.value(QStringLiteral("metadata")).toObject();
        const QJsonArray mf = managed::afterUpdate(old ? &*old : nullptr, candidate, type.kind, how.manager, t.subresource, m_clock.now());
        mf.isEmpty() ? void(meta.remove(QStringLiteral("managedFields"))) : void(meta.insert(QStringLiteral("managedFields"), mf));
        candidate.insert(QStringLiteral("metadata"), meta);
    }
    // Finalizers gone from an object being deleted: the deletion completes now.
    if (old && json::at(candidate, u"metadata.deletionTimestamp").isString()
        && json::at(candidate, u"metadata.finalizers").toArray().isEmpty()) {
        if (!how.dryRun)
            m_store.remove(type, t.ns, name);
        *stored = candidate;
        return std::nullopt;
    }
    if (how.dryRun) {
        *stored = candidate;
        return std::nullopt;
    }
    if (!old) {
        *stored = m_store.create(type, candidate);
        return std::nullopt;
    }
    QJsonObject compare = candidate;
    json::set(compare, u"metadata.resourceVersion", json::at(*old, u"metadata.resourceVersion"));
    *stored = compare == *old ? *old : m_store.replace(type, candidate);
    return std::nullopt;
}

ApiResponse ApiServer::create(const ApiRequest &request, const Target &t)
{
    QString error;
    const auto body = parseJsonBody(request.body, &error);
    if (!body)
        return ApiResponse::error(badRequest(error));
    if (auto e = checkIdentity(*body, *t.type, t.ns, {}))
        return ApiResponse::error(*e);
    QJsonObject stored;
    Write how{managed::managerFor(request.param(QStringLiteral("fieldManager")), request.header("user-agent")), false, isDryRun(request)};
    if (auto e = commit(t, std::nullopt, *body, how, &stored))
        return ApiResponse::error(*e);
    return ApiResponse::json(stored, 201);
}

ApiResponse ApiServer::update(const ApiRequest &request, const Target &t)
{
    QString error;
    const auto body = parseJsonBody(request.body, &error);
    if (!body)
        return ApiResponse::error(badRequest(error));
    if (auto e = checkIdentity(*body, *t.type, t.ns, t.name))
        return ApiResponse::error(*e);
    const auto old = m_store.get(*t.type, t.ns, t.name);
    if (!old)
        return ApiResponse::error(notFound(t.type->qualified(), t.name));
    const QString rv = json::stringAt(*body, u"metadata.resourceVersion");
    if (!rv.isEmpty() && rv != json::stringAt(*old, u"metadata.resourceVersion"))
        return ApiResponse::error(conflict(t.type->qualified(), t.name, kModified));
    const QString uid = json::stringAt(*body, u"metadata.uid");
    if (!uid.isEmpty() && uid != json::stringAt(*old, u"metadata.uid"))
        return ApiResponse::error(conflict(t.type->qualified(), t.name,
                                           QStringLiteral("Precondition failed: UID in precondition: %1, UID in object meta: %2")
                                               .arg(uid.left(64), json::stringAt(*old, u"metadata.uid"))));
    QJsonObject stored;
    Write how{managed::managerFor(request.param(QStringLiteral("fieldManager")), request.header("user-agent")), false, isDryRun(request)};
    if (auto e = commit(t, old, *body, how, &stored))
        return ApiResponse::error(*e);
    return ApiResponse::json(stored);
}

ApiResponse ApiServer::patch(const ApiRequest &request, const Target &t)
{
    const QByteArray contentType = request.header("content-type").split(';').first().trimmed().toLower();
    const QStringList accepted{QStringLiteral("application/apply-patch+yaml"), QStringLiteral("application/merge-patch+json")};
    if (contentType != "application/apply-patch+yaml" && contentType != "application/merge-patch+json")
        return ApiResponse::error(unsupportedMediaType(QString::fromLatin1(contentType), accepted));
    const bool apply = contentType == "application/apply-patch+yaml";
    const QString fieldManager = request.param(QStringLiteral("fieldManager"));
    if (apply && fieldManager.isEmpty())
        return ApiResponse::error(badRequest(QStringLiteral("PATCH, application/apply-patch+yaml requires fieldManager to be set; "
                                                            "add ?fieldManager=<name> to the request")));
    if (fieldManager.size() > 128)
        return ApiResponse::error(badRequest(QStringLiteral("fieldManager may be at most 128 characters")));
    if (!apply && request.param(QStringLiteral("force")).size())
        return ApiResponse::error(badRequest(QStringLiteral("force is only allowed for apply patches")));
    QString error;
    const auto body = apply ? parseYamlBody(request.body, &error) : parseJsonBody(request.body, &error);
    if (!body)
        return ApiResponse::error(badRequest(error));
    const auto old = m_store.get(*t.type, t.ns, t.name);
    const Write how{managed::managerFor(fieldManager, request.header("user-agent")), apply, isDryRun(request)};
    QJsonObject stored;

    if (!apply) {
        if (!old)
            return ApiResponse::error(notFound(t.type->qualified(), t.name));
        const QJsonObject merged = mergePatch(*old, *body).toObject();
        if (auto e = checkIdentity(merged, *t.type, t.ns, t.name))
            return ApiResponse::error(*e);
        const QString rv = json::stringAt(*body, u"metadata.resourceVersion");
        if (!rv.isEmpty() && rv != json::stringAt(*old, u"metadata.resourceVersion"))
            return ApiResponse::error(conflict(t.type->qualified(), t.name, kModified));
        if (auto e = commit(t, old, merged, how, &stored))
            return ApiResponse::error(*e);
        return ApiResponse::json(stored);
    }

    if (auto e = checkIdentity(*body, *t.type, t.ns, t.name))
        return ApiResponse::error(*e);
    if (body->value(QStringLiteral("kind")).toString().isEmpty() || body->value(QStringLiteral("apiVersion")).toString().isEmpty())
        return ApiResponse::error(badRequest(QStringLiteral("an apply configuration must set apiVersion and kind")));
    if (json::stringAt(*body, u"metadata.name").isEmpty())
        return ApiResponse::error(badRequest(QStringLiteral("an apply configuration must set metadata.name")));
    if (json::at(*body, u"metadata.managedFields").isArray())
        return ApiResponse::error(badRequest(QStringLiteral("metadata.managedFields must be nil in an apply configuration")));
    if (!old && t.subresource == QLatin1String("status"))
        return ApiResponse::error(notFound(t.type->qualified(), t.name));
    ApplyRequest ar{how.manager, request.flag(QStringLiteral("force")), t.subresource, t.type->kind, t.type->qualified(), m_clock.now()};
    const ApplyOutcome outcome = serverSideApply(old ? &*old : nullptr, withIdentity(*body, *t.type, t.ns, t.name), ar);
    if (outcome.error)
        return ApiResponse::error(*outcome.error);
    if (!outcome.changed)
        return ApiResponse::json(*old);
    if (auto e = commit(t, old, outcome.object, how, &stored))
        return ApiResponse::error(*e);
    return ApiResponse::json(stored, old ? 200 : 201);
}

} // namespace enclii::kube::sim
