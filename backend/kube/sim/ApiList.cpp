// The read verbs of ApiServer over collections: LIST with selectors and pagination, and the
// parameters of a WATCH.
#include "ApiServer.h"

#include "Json.h"
#include "ObjectStore.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace enclii::kube::sim {

namespace {

// Continue tokens carry the list's resourceVersion and the key it stopped after, like the
// real server's (base64 of {"v":"meta.k8s.io/v1","rv":N,"start":"<key>"}).
QString encodeContinue(qint64 rv, const QString &lastKey)
{
    const QJsonObject o{{QStringLiteral("v"), QStringLiteral("meta.k8s.io/v1")},
                        {QStringLiteral("rv"), rv},
                        {QStringLiteral("start"), lastKey + QChar(0)}};
    return QString::fromLatin1(json::compact(o).toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

bool decodeContinue(const QString &token, qint64 *rv, QString *after)
{
    if (token.size() > 4096)
        return false;
    const auto decoded = QByteArray::fromBase64Encoding(token.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return false;
    const QJsonObject o = QJsonDocument::fromJson(*decoded).object();
    if (o.value(QStringLiteral("v")) != QLatin1String("meta.k8s.io/v1") || !o.value(QStringLiteral("rv")).isDouble())
        return false;
    *rv = o.value(QStringLiteral("rv")).toInteger();
    *after = o.value(QStringLiteral("start")).toString();
    if (after->endsWith(QChar(0)))
        after->chop(1);
    return *rv > 0;
}

std::optional<qint64> parseVersion(const QString &s, ApiError *error)
{
    if (s.isEmpty())
        return std::nullopt;
    bool ok = false;
    const qint64 v = s.toLongLong(&ok);
    if (!ok || v < 0) {
        *error = badRequest(QStringLiteral("resourceVersion: Invalid value: \"%1\": must be a resource version the server gave").arg(s.left(32)));
        return std::nullopt;
    }
    return v;
}

} // namespace

ApiResponse ApiServer::list(const ApiRequest &request, const Target &t)
{
    QString why;
    const auto selectors = request.selectors(t.type->kind, &why);
    if (!selectors)
        return ApiResponse::error(badRequest(why));

    qint64 limit = 0;
    if (const QString l = request.param(QStringLiteral("limit")); !l.isEmpty()) {
        bool ok = false;
        limit = l.toLongLong(&ok);
        if (!ok || limit < 0)
            return ApiResponse::error(badRequest(QStringLiteral("limit must be a non-negative integer, not \"%1\"").arg(l.left(32))));
    }
    limit = limit == 0 ? m_options.maxListLimit : std::min<qint64>(limit, m_options.maxListLimit);

    ApiError error;
    const auto rv = parseVersion(request.param(QStringLiteral("resourceVersion")), &error);
    if (!error.reason.isEmpty())
        return ApiResponse::error(error);
    if (rv && *rv > m_store.currentVersion()) {
        ApiError e = apiError(504, QStringLiteral("Timeout"),
                   QStringLiteral("Too large resource version: %1, current: %2").arg(*rv).arg(m_store.currentVersion()));
        e.causes.append(fieldCause(QStringLiteral("ResourceVersionTooLarge"), {}, QStringLiteral("Too large resource version")));
        return ApiResponse::error(e);
    }
    if (rv && *rv != 0 && *rv != m_store.currentVersion() && request.param(QStringLiteral("resourceVersionMatch")) == QLatin1String("Exact"))
        return ApiResponse::error(expired(QStringLiteral("too old resource version: %1 (%2)").arg(*rv).arg(m_store.currentVersion())));

    qint64 listVersion = m_store.currentVersion();
    QString after;
    if (const QString token = request.param(QStringLiteral("continue")); !token.isEmpty()) {
        if (!decodeContinue(token, &listVersion, &after))
            return ApiResponse::error(badRequest(QStringLiteral("continue key is not valid: the token was not issued by this server")));
        if (listVersion < m_store.compactedVersion())
            return ApiResponse::error(expired(QStringLiteral(
                "The provided continue parameter is too old to display a consistent list result. You can start a new list "
                "without the continue parameter.")));
    }

    QJsonArray items;
    QString lastKey;
    qint64 remaining = 0;
    for (const QJsonObject &o : m_store.list(*t.type, t.ns)) {
        const QString key = ObjectStore::keyOf(o);
        if (!after.isEmpty() && key <= after)
            continue;
        if (!selectors->matches(o))
            continue;
        if (items.size() < limit) {
            items.append(o);
            lastKey = key;
        } else {
            ++remaining;
        }
    }
    QJsonObject meta{{QStringLiteral("resourceVersion"), QString::number(listVersion)}};
    if (remaining > 0) {
        meta.insert(QStringLiteral("continue"), encodeContinue(listVersion, lastKey));
        meta.insert(QStringLiteral("remainingItemCount"), remaining);
    }
    return ApiResponse::json({{QStringLiteral("kind"), t.type->kind + QStringLiteral("List")},
                              {QStringLiteral("apiVersion"), t.type->apiVersion()},
                              {QStringLiteral("metadata"), meta},
                              {QStringLiteral("items"), items}});
}

ApiResponse ApiServer::watch(const ApiRequest &request, const Target &t)
{
    if (!t.name.isEmpty())
        return ApiResponse::error(badRequest(QStringLiteral("watch a single object with fieldSelector=metadata.name=<name> on its collection")));
    QString why;
    const auto selectors = request.selectors(t.type->kind, &why);
    if (!selectors)
        return ApiResponse::error(badRequest(why));
    ApiError error;
    const auto rv = parseVersion(request.param(QStringLiteral("resourceVersion")), &error);
    if (!error.reason.isEmpty())
        return ApiResponse::error(error);
    WatchSpec w;
    w.type = t.type;
    w.ns = t.ns;
    w.selectors = *selectors;
    const bool initial = request.flag(QStringLiteral("sendInitialEvents"));
    if (rv && *rv != 0 && !initial)
        w.fromVersion = rv;
    w.bookmarks = request.flag(QStringLiteral("allowWatchBookmarks"));
    w.initialEventsEnd = initial;
    const QString timeout = request.param(QStringLiteral("timeoutSeconds"));
    w.timeoutSeconds = std::clamp(timeout.toInt(), 0, 24 * 3600);
    ApiResponse r;
    r.watch = w;
    return r;
}

} // namespace enclii::kube::sim
