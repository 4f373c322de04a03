#include "kube/client/KubeClient.h"

#include "kube/client/KubeTransport_p.h"
#include "kube/client/KubeWatch.h"
#include "kube/client/Resources.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

namespace enclii::kube {

Q_LOGGING_CATEGORY(lcKubeClient, "enclii.kube.client")

namespace {

constexpr qint64 kMaxErrorBody = 64 * 1024;
constexpr int kMaxListPages = 100000;

// What one call addresses: the kind's resource, and the object's namespace and name.
struct Target
{
    ResourceType type;
    QString ns;
    QString name;
    QString operation; // "get Deployment shop/web"
};

QString describe(const QString &verb, const ResourceType &type, const QString &ns, const QString &name)
{
    QString s = verb + QLatin1Char(' ') + type.kind;
    const QString where = type.namespaced && !ns.isEmpty() ? (name.isEmpty() ? ns : ns + QLatin1Char('/') + name) : name;
    return where.isEmpty() ? s : s + QLatin1Char(' ') + where;
}

KubeError invalid(const QString &operation, const QString &message)
{
    return KubeError::make(KubeError::Kind::InvalidArgument, operation, message);
}

KubeResult<ResourceType> resolveKind(const QString &verb, const QString &kind)
{
    KubeResult<ResourceType> type = resourceForKind(kind);
    if (!type.ok())
        return invalid(verb + QLatin1Char(' ') + kind, type.error().message);
    return type;
}

// ns for a namespaced kind (defaulted), checked; the name checked against the kind's grammar.
KubeResult<Target> resolveTarget(const QString &verb, const ResourceType &type, const QString &ns,
                                 const QString &name, const QString &defaultNamespace)
{
    Target t{type, type.namespaced ? (ns.isEmpty() ? defaultNamespace : ns) : QString(), name, {}};
    t.operation = describe(verb, type, t.ns, name);
    if (const QString why = type.namespaced ? checkNamespace(t.ns) : QString(); !why.isEmpty())
        return invalid(t.operation, why);
    if (const QString why = type.checkName(name); !why.isEmpty())
        return invalid(t.operation, why);
    return t;
}

// A named object of a kind, as get and delete address it.
KubeResult<Target> resolveNamed(const QString &verb, const QString &kind, const QString &ns, const QString &name,
                                const QString &defaultNamespace)
{
    const KubeResult<ResourceType> type = resolveKind(verb, kind);
    if (!type.ok())
        return type.error();
    return resolveTarget(verb, *type, ns, name, defaultNamespace);
}

// The object's own kind, namespace and name, for writes.
KubeResult<Target> resolveObject(const QString &verb, const QJsonObject &object, const QString &defaultNamespace)
{
    const KubeResult<ResourceType> type = resourceForObject(object);
    if (!type.ok())
        return invalid(verb, type.error().message);
    const QJsonObject meta = object.value(QLatin1String("metadata")).toObject();
    const QString ns = meta.value(QLatin1String("namespace")).toString();
    const QString name = meta.value(QLatin1String("name")).toString();
    if (!type->namespaced && !ns.isEmpty())
        return invalid(describe(verb, *type, {}, name),
                       QStringLiteral("%1 is cluster-scoped; remove metadata.namespace").arg(type->kind));
    return resolveTarget(verb, *type, ns, name, defaultNamespace);
}

QString propagationName(KubeClient::Propagation p)
{
    switch (p) {
    case KubeClient::Propagation::Foreground: return QStringLiteral("Foreground");
    case KubeClient::Propagation::Orphan: return QStringLiteral("Orphan");
    case KubeClient::Propagation::Background: break;
    }
    return QStringLiteral("Background");
}

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

} // namespace

KubeClient::KubeClient(KubeConfig config) : KubeClient(std::move(config), Options{}) {}

KubeClient::KubeClient(KubeConfig config, Options options)
    : m_transport(std::make_shared<KubeTransport>(std::move(config), std::move(options)))
{
}

KubeClient::~KubeClient() = default;

const KubeConfig &KubeClient::config() const { return m_transport->config(); }
const KubeClient::Options &KubeClient::options() const { return m_transport->options(); }
QString KubeClient::defaultNamespace() const { return m_transport->config().defaultNamespace; }

void KubeClient::pause(qint64 ms)
{
    if (ms <= 0)
        return;
    QEventLoop loop;
    QTimer::singleShot(std::chrono::milliseconds(ms), &loop, &QEventLoop::quit);
    loop.exec(QEventLoop::ExcludeUserInputEvents);
}

KubeResult<KubeResponse> KubeClient::exchange(const KubeRequest &request)
{
    const Options &o = options();
    const std::unique_ptr<QNetworkReply> reply(m_transport->start(request));
    KubeResponse response;
    bool timedOut = false;
    bool tooLarge = false;
    QEventLoop loop;
    QTimer idle;
    idle.setSingleShot(true);
    idle.setInterval(qMax(1, o.requestTimeoutMs));
    const auto drain = [&] {
        const QByteArray data = reply->readAll();
        if (data.isEmpty() || tooLarge)
            return;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const bool success = status >= 200 && status < 300;
        if (response.body.size() + data.size() > (success ? o.maxResponseBytes : kMaxErrorBody)) {
            tooLarge = success; // an oversized error body is cut, not fatal
            if (tooLarge)
                reply->abort();
            return;
        }
        response.body.append(data);
    };
    QObject::connect(&idle, &QTimer::timeout, &loop, [&] {
        timedOut = true;
        reply->abort();
    });
    QObject::connect(reply.get(), &QNetworkReply::readyRead, &loop, [&] {
        idle.start();
        drain();
    });
    QObject::connect(reply.get(), &QNetworkReply::uploadProgress, &idle, qOverload<>(&QTimer::start));
    QObject::connect(reply.get(), &QNetworkReply::finished, &loop, &QEventLoop::quit);
    idle.start();
    if (!reply->isFinished())
        loop.exec(QEventLoop::ExcludeUserInputEvents);
    if (reply->isOpen())
        drain();

    if (timedOut)
        return m_transport->error(request, KubeError::Kind::Timeout,
                                  QStringLiteral("no answer for %1 ms").arg(o.requestTimeoutMs));
    if (tooLarge)
        return m_transport->error(request, KubeError::Kind::Protocol,
                                  QStringLiteral("the answer is larger than %1 bytes").arg(o.maxResponseBytes));
    if (std::optional<KubeError> e = m_transport->replyError(request, reply.get()))
        return *e;
    response.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    response.retryAfter = reply->rawHeader("Retry-After");
    return response;
}

KubeResult<KubeResponse> KubeClient::send(const KubeRequest &request)
{
    if (std::optional<KubeError> e = m_transport->checkUsable(request))
        return *e;
    const int maxAttempts = qMax(1, options().maxAttempts);
    bool tokenReloaded = false;
    for (int attempt = 1;; ++attempt) {
        pause(m_transport->reserve());
        KubeResult<KubeResponse> r = exchange(request);
        const KubeResponse *response = r.ok() ? &r.value() : nullptr;
        if (response && response->status == 401 && !tokenReloaded && m_transport->reloadToken()) {
            tokenReloaded = true; // a rotated token: one more try that does not count as a retry
            --attempt;
            continue;
        }
        // A non-idempotent request is retried only when the server says it did not act on it.
        const bool retry = response
            ? response->status == 429 || (response->status >= 500 && (request.idempotent || response->status == 503))
            : request.idempotent && r.error().isTransient();
        if (!retry && response)
            return r;
        const int delay = retry && attempt < maxAttempts ? m_transport->backoffMs(attempt, response) : -1;
        if (delay < 0) {
            KubeError e = response ? m_transport->httpError(request, *response) : r.error();
            e.attempts = attempt;
            if (retry && response && attempt < maxAttempts)
                e.message += QStringLiteral(" (the server asked to retry after more than %1 s)")
                                 .arg(options().maxRetryAfterMs / 1000);
            return e;
        }
        qCDebug(lcKubeClient).noquote() << request.operation << "attempt" << attempt << "failed ("
                                        << (response ? QStringLiteral("HTTP %1").arg(response->status)
                                                     : r.error().message)
                                        << "), retrying in" << delay << "ms";
        pause(delay);
    }
}

KubeResult<QJsonObject> KubeClient::sendForObject(const KubeRequest &request)
{
    KubeResult<KubeResponse> r = send(request);
    if (!r.ok())
        return r.error();
    if (!r->isSuccess())
        return m_transport->httpError(request, *r);
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(r->body, &parseError);
    if (!doc.isObject())
        return m_transport->error(request, KubeError::Kind::Protocol,
                                  QStringLiteral("the answer is not a JSON object (%1)").arg(parseError.errorString()));
    return doc.object();
}

KubeResult<QJsonObject> KubeClient::apply(const QJsonObject &object, const QString &fieldManager, bool force)
{
    ApplyOptions o;
    o.fieldManager = fieldManager;
    o.force = force;
    return apply(object, o);
}

KubeResult<QJsonObject> KubeClient::apply(const QJsonObject &object, const ApplyOptions &options)
{
    const KubeResult<Target> t = resolveObject(QStringLiteral("apply"), object, defaultNamespace());
    if (!t.ok())
        return t.error();
    if (options.fieldManager.isEmpty() || options.fieldManager.size() > 128)
        return invalid(t->operation, QStringLiteral("the field manager must be 1 to 128 characters"));
    // The server owns managedFields; sending them back (from a live object) is refused.
    QJsonObject body = object;
    QJsonObject meta = body.value(QLatin1String("metadata")).toObject();
    meta.remove(QLatin1String("managedFields"));
    body.insert(QLatin1String("metadata"), meta);

    KubeRequest request;
    request.operation = t->operation;
    request.verb = "PATCH";
    request.path = t->type.objectPath(t->ns, t->name);
    request.contentType = "application/apply-patch+yaml"; // JSON is YAML
    request.body = compact(body);
    request.addQuery(QStringLiteral("fieldManager"), options.fieldManager);
    if (options.force)
        request.addQuery(QStringLiteral("force"), QStringLiteral("true"));
    if (options.dryRun)
        request.addQuery(QStringLiteral("dryRun"), QStringLiteral("All"));
    return sendForObject(request);
}

KubeResult<QJsonObject> KubeClient::get(const QString &kind, const QString &ns, const QString &name)
{
    const KubeResult<Target> t = resolveNamed(QStringLiteral("get"), kind, ns, name, defaultNamespace());
    if (!t.ok())
        return t.error();
    KubeRequest request;
    request.operation = t->operation;
    request.path = t->type.objectPath(t->ns, t->name);
    return sendForObject(request);
}

KubeResult<KubeClient::ObjectList> KubeClient::list(const QString &kind, const QString &ns)
{
    return list(kind, ns, ListOptions());
}

KubeResult<KubeClient::ObjectList> KubeClient::list(const QString &kind, const QString &ns, const ListOptions &options)
{
    const KubeResult<ResourceType> type = resolveKind(QStringLiteral("list"), kind);
    if (!type.ok())
        return type.error();
    if (const QString why = type->namespaced && !ns.isEmpty() ? checkNamespace(ns) : QString(); !why.isEmpty())
        return invalid(describe(QStringLiteral("list"), *type, ns, {}), why);
    bool continueExpired = false;
    KubeResult<ObjectList> r = listOnce(*type, ns, options, &continueExpired);
    if (!r.ok() && continueExpired) {
        // The snapshot behind the continue token is gone: a consistent list starts over.
        qCDebug(lcKubeClient).noquote() << r.error().operation << "continue token expired; listing again";
        r = listOnce(*type, ns, options, &continueExpired);
    }
    return r;
}

KubeResult<KubeClient::ObjectList> KubeClient::listOnce(const ResourceType &type, const QString &ns,
                                                        const ListOptions &options, bool *continueExpired)
{
    const int pageSize = options.pageSize > 0 ? options.pageSize : qMax(1, this->options().listPageSize);
    ObjectList out;
    QString continueToken;
    *continueExpired = false;
    do {
        KubeRequest request;
        request.operation = describe(QStringLiteral("list"), type, ns, {});
        request.path = type.collectionPath(ns);
        if (!options.labelSelector.isEmpty())
            request.addQuery(QStringLiteral("labelSelector"), options.labelSelector);
        if (!options.fieldSelector.isEmpty())
            request.addQuery(QStringLiteral("fieldSelector"), options.fieldSelector);
        request.addQuery(QStringLiteral("limit"), QString::number(pageSize));
        if (!continueToken.isEmpty())
            request.addQuery(QStringLiteral("continue"), continueToken);
        KubeResult<QJsonObject> page = sendForObject(request);
        if (!page.ok()) {
            *continueExpired = !continueToken.isEmpty() && page.error().isExpired();
            return page.error();
        }
        const QJsonArray items = page->value(QLatin1String("items")).toArray();
        if (out.items.size() + items.size() > this->options().maxListItems)
            return m_transport->error(request, KubeError::Kind::Protocol,
                                      QStringLiteral("the list has more than %1 items; narrow it with a selector")
                                          .arg(this->options().maxListItems));
        for (const QJsonValue &v : items) {
            // List items come without apiVersion and kind; callers get whole objects.
            QJsonObject item = v.toObject();
            item.insert(QLatin1String("apiVersion"), type.apiVersion());
            item.insert(QLatin1String("kind"), type.kind);
            out.items.append(item);
        }
        const QJsonObject meta = page->value(QLatin1String("metadata")).toObject();
        out.resourceVersion = meta.value(QLatin1String("resourceVersion")).toString();
        continueToken = meta.value(QLatin1String("continue")).toString();
        if (++out.pages >= kMaxListPages && !continueToken.isEmpty())
            return m_transport->error(request, KubeError::Kind::Protocol,
                                      QStringLiteral("the list did not end after %1 pages").arg(kMaxListPages));
    } while (!continueToken.isEmpty());
    return out;
}

KubeResult<KubeClient::DeleteResult> KubeClient::remove(const QString &kind, const QString &ns, const QString &name)
{
    return remove(kind, ns, name, DeleteOptions());
}

KubeResult<KubeClient::DeleteResult> KubeClient::remove(const QString &kind, const QString &ns, const QString &name,
                                                        const DeleteOptions &options)
{
    const KubeResult<Target> t = resolveNamed(QStringLiteral("delete"), kind, ns, name, defaultNamespace());
    if (!t.ok())
        return t.error();
    QJsonObject body{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                     {QStringLiteral("kind"), QStringLiteral("DeleteOptions")},
                     {QStringLiteral("propagationPolicy"), propagationName(options.propagation)}};
    QJsonObject preconditions;
    if (!options.preconditionUid.isEmpty())
        preconditions.insert(QStringLiteral("uid"), options.preconditionUid);
    if (!options.preconditionResourceVersion.isEmpty())
        preconditions.insert(QStringLiteral("resourceVersion"), options.preconditionResourceVersion);
    if (!preconditions.isEmpty())
        body.insert(QStringLiteral("preconditions"), preconditions);
    if (options.gracePeriodSeconds)
        body.insert(QStringLiteral("gracePeriodSeconds"), qMax(0, *options.gracePeriodSeconds));
    if (options.dryRun)
        body.insert(QStringLiteral("dryRun"), QJsonArray{QStringLiteral("All")});

    KubeRequest request;
    request.operation = t->operation;
    request.verb = "DELETE";
    request.path = t->type.objectPath(t->ns, t->name);
    request.contentType = "application/json";
    request.body = compact(body);
    KubeResult<KubeResponse> r = send(request);
    if (!r.ok())
        return r.error();
    DeleteResult out;
    if (r->status == 404) {
        out.alreadyGone = true;
        return out;
    }
    if (!r->isSuccess())
        return m_transport->httpError(request, *r);
    out.object = QJsonDocument::fromJson(r->body).object();
    return out;
}

KubeResult<QJsonObject> KubeClient::create(const QJsonObject &object)
{
    return write(object, "POST", QStringLiteral("create"));
}

KubeResult<QJsonObject> KubeClient::replace(const QJsonObject &object)
{
    return write(object, "PUT", QStringLiteral("replace"));
}

KubeResult<QJsonObject> KubeClient::write(const QJsonObject &object, const QByteArray &verb, const QString &what)
{
    const KubeResult<Target> t = resolveObject(what, object, defaultNamespace());
    if (!t.ok())
        return t.error();
    KubeRequest request;
    request.operation = t->operation;
    request.verb = verb;
    request.path = verb == "POST" ? t->type.collectionPath(t->ns) : t->type.objectPath(t->ns, t->name);
    request.contentType = "application/json";
    request.body = compact(object);
    request.idempotent = verb != "POST";
    return sendForObject(request);
}

KubeResult<std::unique_ptr<KubeWatch>> KubeClient::watch(const QString &kind, const QString &ns,
                                                         const WatchOptions &options)
{
    const KubeResult<ResourceType> type = resolveKind(QStringLiteral("watch"), kind);
    if (!type.ok())
        return type.error();
    KubeRequest request;
    request.operation = describe(QStringLiteral("watch"), *type, type->namespaced ? ns : QString(), {});
    if (const QString why = type->namespaced && !ns.isEmpty() ? checkNamespace(ns) : QString(); !why.isEmpty())
        return invalid(request.operation, why);
    request.path = type->collectionPath(ns);
    request.addQuery(QStringLiteral("watch"), QStringLiteral("1"));
    if (!options.resourceVersion.isEmpty())
        request.addQuery(QStringLiteral("resourceVersion"), options.resourceVersion);
    if (options.allowBookmarks)
        request.addQuery(QStringLiteral("allowWatchBookmarks"), QStringLiteral("true"));
    if (options.timeoutSeconds > 0)
        request.addQuery(QStringLiteral("timeoutSeconds"), QString::number(options.timeoutSeconds));
    if (!options.labelSelector.isEmpty())
        request.addQuery(QStringLiteral("labelSelector"), options.labelSelector);
    if (!options.fieldSelector.isEmpty())
        request.addQuery(QStringLiteral("fieldSelector"), options.fieldSelector);
    if (std::optional<KubeError> e = m_transport->checkUsable(request))
        return *e;
    // Without a server-side end, a silent connection is declared dead after five minutes
    // (bookmarks and events arrive far more often on a live one).
    const int idleMs = options.timeoutSeconds > 0 ? options.timeoutSeconds * 1000 + 30000 : 5 * 60 * 1000;
    return std::make_unique<KubeWatch>(m_transport, request, *type, idleMs);
}

} // namespace enclii::kube
