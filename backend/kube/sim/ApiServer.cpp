#include "ApiServer.h"

#include "Apply.h"
#include "BodyParser.h"
#include "Discovery.h"
#include "ManagedFields.h"
#include "Json.h"
#include "ObjectStore.h"
#include "SimClock.h"

#include <QJsonDocument>

namespace enclii::kube::sim {

ApiResponse ApiResponse::json(const QJsonObject &o, int status)
{
    ApiResponse r;
    r.status = status;
    r.body = QJsonDocument(o).toJson(QJsonDocument::Compact);
    return r;
}

ApiResponse ApiResponse::error(const ApiError &e)
{
    return json(e.toStatus(), e.code);
}

ApiResponse ApiResponse::text(const QByteArray &body, const QByteArray &contentType, int status)
{
    ApiResponse r;
    r.status = status;
    r.body = body;
    r.contentType = contentType;
    return r;
}

namespace {

ApiError pathNotFound()
{
    ApiError e = notFound({}, {});
    e.message = QStringLiteral("the server could not find the requested resource");
    e.kind.clear();
    return e;
}

bool acceptsJson(const QByteArray &accept)
{
    if (accept.isEmpty())
        return true;
    for (const QByteArray &part : accept.split(',')) {
        const QByteArray type = part.split(';').first().trimmed().toLower();
        if (type == "application/json" || type == "*/*" || type == "application/*" || type.startsWith("application/json"))
            return true;
    }
    return false;
}

} // namespace

ApiServer::ApiServer(ObjectStore &store, SimClock &clock, const Admission &admission, Options options)
    : m_store(store), m_clock(clock), m_admission(admission), m_options(std::move(options))
{
}

ApiResponse ApiServer::handle(const ApiRequest &request)
{
    if (!acceptsJson(request.header("accept"))) {
        ApiError e = apiError(406, QStringLiteral("NotAcceptable"),
                   QStringLiteral("only the following media types are accepted: application/json"));
        return ApiResponse::error(e);
    }
    const QString path = request.path.endsWith(u'/') && request.path.size() > 1 ? request.path.chopped(1) : request.path;
    QStringList s = path.split(u'/', Qt::SkipEmptyParts);
    const bool read = request.method == "GET" || request.method == "HEAD";
    if (path == QLatin1String("/version") && read)
        return ApiResponse::json(discovery::version(m_options.gitVersion));
    if ((path == QLatin1String("/healthz") || path == QLatin1String("/livez") || path == QLatin1String("/readyz")) && read)
        return ApiResponse::text("ok", "text/plain; charset=utf-8");
    if (s.isEmpty() || (s[0] != QLatin1String("api") && s[0] != QLatin1String("apis")))
        return ApiResponse::error(pathNotFound());

    QString group, version;
    qsizetype rest = 0;
    if (s[0] == QLatin1String("api")) {
        if (s.size() == 1)
            return read ? ApiResponse::json(discovery::coreVersions()) : ApiResponse::error(methodNotAllowed(QStringLiteral("the server does not allow this method on the requested resource")));
        version = s[1];
        rest = 2;
    } else {
        if (s.size() == 1)
            return ApiResponse::json(discovery::groupList());
        group = s[1];
        if (s.size() == 2) {
            const QJsonObject g = discovery::group(group);
            return g.isEmpty() ? ApiResponse::error(pathNotFound()) : ApiResponse::json(g);
        }
        version = s[2];
        rest = 3;
    }
    if (s.size() == rest) {
        const QJsonObject list = discovery::resourceList(group, version);
        return list.isEmpty() || !read ? ApiResponse::error(pathNotFound()) : ApiResponse::json(list);
    }
    QStringList segments = s.mid(rest);
    bool legacyWatch = false;
    if (segments.first() == QLatin1String("watch")) { // the deprecated /watch/ prefix
        segments.removeFirst();
        legacyWatch = true;
    }
    ApiError error;
    const auto target = parseTarget(segments, group, version, &error);
    if (!target)
        return ApiResponse::error(error);
    if (legacyWatch) {
        if (!read || !target->name.isEmpty())
            return ApiResponse::error(pathNotFound());
        return watch(request, *target);
    }
    return resource(request, *target);
}

std::optional<ApiServer::Target> ApiServer::parseTarget(const QStringList &s, const QString &group, const QString &version,
                                                        ApiError *error) const
{
    Target t;
    if (s.size() >= 3 && s[0] == QLatin1String("namespaces")) {
        const ResourceType *type = resources::find(group, version, s[2]);
        if (type && type->namespaced) {
            if (s.size() > 5) {
                *error = pathNotFound();
                return std::nullopt;
            }
            t.type = type;
            t.ns = s[1];
            t.name = s.value(3);
            t.subresource = s.value(4);
        }
    }
    if (!t.type) {
        const ResourceType *type = resources::find(group, version, s[0]);
        if (!type || s.size() > 3 || (type->namespaced && s.size() > 1)) {
            *error = pathNotFound();
            return std::nullopt;
        }
        t.type = type;
        t.name = s.value(1);
        t.subresource = s.value(2);
    }
    if (!t.subresource.isEmpty() && !t.type->subresources.contains(t.subresource)) {
        *error = pathNotFound();
        return std::nullopt;
    }
    return t;
}

ApiResponse ApiServer::resource(const ApiRequest &request, const Target &t)
{
    const QByteArray &m = request.method;
    if (t.subresource == QLatin1String("scale"))
        return scale(request, t);
    if (t.subresource == QLatin1String("eviction")) {
        if (m != "POST")
            return ApiResponse::error(methodNotAllowed(QStringLiteral("evictions are created with POST")));
        if (auto e = evict(t.ns, t.name))
            return ApiResponse::error(*e);
        return ApiResponse::json(successStatus(t.type->qualified(), t.name, {}), 201);
    }
    if (t.name.isEmpty()) {
        if (m == "GET" || m == "HEAD")
            return request.flag(QStringLiteral("watch")) ? watch(request, t) : list(request, t);
        if (m == "POST")
            return create(request, t);
        if (m == "DELETE")
            return removeCollection(request, t);
    } else {
        if (m == "GET" || m == "HEAD")
            return getOne(t);
        if (m == "PUT")
            return update(request, t);
        if (m == "PATCH")
            return patch(request, t);
        if (m == "DELETE" && t.subresource.isEmpty())
            return remove(request, t);
    }
    return ApiResponse::error(methodNotAllowed(QStringLiteral("the server does not allow this method on the requested resource")));
}

ApiResponse ApiServer::getOne(const Target &t)
{
    const auto o = m_store.get(*t.type, t.ns, t.name);
    if (!o)
        return ApiResponse::error(notFound(t.type->qualified(), t.name));
    return ApiResponse::json(*o);
}

ApiResponse ApiServer::scale(const ApiRequest &request, const Target &t)
{
    auto o = m_store.get(*t.type, t.ns, t.name);
    if (!o)
        return ApiResponse::error(notFound(t.type->qualified(), t.name));
    auto scaleOf = [](const QJsonObject &obj) {
        QJsonObject meta = obj.value(QStringLiteral("metadata")).toObject();
        for (const char *k : {"labels", "annotations", "managedFields", "generation", "ownerReferences"})
            meta.remove(QLatin1String(k));
        QStringList selector;
        const QJsonObject ml = json::objectAt(obj, u"spec.selector.matchLabels");
        for (auto it = ml.begin(); it != ml.end(); ++it)
            selector << it.key() + u'=' + it.value().toString();
        return QJsonObject{{QStringLiteral("kind"), QStringLiteral("Scale")},
                           {QStringLiteral("apiVersion"), QStringLiteral("autoscaling/v1")},
                           {QStringLiteral("metadata"), meta},
                           {QStringLiteral("spec"), QJsonObject{{QStringLiteral("replicas"), json::at(obj, u"spec.replicas")}}},
                           {QStringLiteral("status"), QJsonObject{{QStringLiteral("replicas"), json::at(obj, u"status.replicas").toInt()},
                                                                  {QStringLiteral("selector"), selector.join(u',')}}}};
    };
    if (request.method == "GET")
        return ApiResponse::json(scaleOf(*o));
    if (request.method != "PUT" && request.method != "PATCH")
        return ApiResponse::error(methodNotAllowed(QStringLiteral("the scale subresource takes GET, PUT and PATCH")));
    QString error;
    const auto body = parseJsonBody(request.body, &error);
    if (!body)
        return ApiResponse::error(badRequest(error));
    const QJsonValue replicas = json::at(request.method == "PUT" ? *body : QJsonObject(mergePatch(scaleOf(*o), *body).toObject()),
                                         u"spec.replicas");
    const QString rv = json::stringAt(*body, u"metadata.resourceVersion");
    if (!rv.isEmpty() && rv != json::stringAt(*o, u"metadata.resourceVersion"))
        return ApiResponse::error(conflict(t.type->qualified(), t.name,
                                           QStringLiteral("the object has been modified; please apply your changes to the latest version and try again")));
    QJsonObject candidate = *o;
    json::set(candidate, u"spec.replicas", replicas);
    QJsonObject stored;
    Write how{managed::managerFor(request.param(QStringLiteral("fieldManager")), request.header("user-agent")), false,
              request.param(QStringLiteral("dryRun")) == QLatin1String("All")};
    if (auto e = commit({t.type, t.ns, t.name, {}}, o, candidate, how, &stored))
        return ApiResponse::error(*e);
    return ApiResponse::json(scaleOf(stored));
}

} // namespace enclii::kube::sim
