#pragma once

#include "Http.h"

#include <functional>
#include <optional>

namespace enclii::http {

using Handler = std::function<Response(const Request &)>;

// What a route requires, for the guard to check before the handler runs. The permission is
// a name (the auth library's), so this library knows nothing of roles; projects names the
// projects a request touches, for project-scoped permissions.
struct RouteAccess
{
    QString permission = QStringLiteral("public");
    std::function<QStringList(const Request &)> projects;
};

// Runs before every handler: answers (401, 403, 429...) to stop the request, or fills
// request.principal and lets it through. One guard for all routes: the one place where
// access is enforced.
using Guard = std::function<std::optional<Response>(Request &, const RouteAccess &)>;

// Method + path pattern -> handler. Patterns are literal segments and {name} captures:
// "/v1/services/{name}/revisions/{revision}". Unknown paths give 404, known paths with
// another method give 405 with an Allow header.
class Router
{
public:
    void add(const QByteArray &method, const QString &pattern, Handler handler, RouteAccess access = {});
    void setGuard(Guard guard) { m_guard = std::move(guard); }

    struct RouteInfo
    {
        QByteArray method;
        QString pattern;
        RouteAccess access;
    };
    QList<RouteInfo> routes() const;

    struct Match
    {
        const Handler *handler = nullptr;
        const RouteAccess *access = nullptr;
        QString pattern;                // the route, for metrics and logs
        QHash<QString, QString> params;
        QStringList allowed;            // when the path matched but not the method
    };
    Match match(const QByteArray &method, const QString &path) const;
    Response dispatch(Request &request) const;

private:
    struct Route
    {
        QByteArray method;
        QString pattern;
        QStringList segments;
        Handler handler;
        RouteAccess access;
    };
    QList<Route> m_routes;
    Guard m_guard;
};

} // namespace enclii::http
