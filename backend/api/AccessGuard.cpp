#include "AccessGuard.h"

#include "auth/Authenticator.h"
#include "auth/Policy.h"
#include "store/Database.h"

#include <spdlog/spdlog.h>

namespace enclii::api {

namespace {

http::Response unauthorized(const QString &detail, bool presented, const QString &path)
{
    http::Response r = http::unauthorized(detail).toResponse(path);
    // RFC 6750 §3: say which scheme, and why the token was refused when one was sent.
    // The reason can quote the token's own header (its alg, its kid): it stays in the problem
    // body, JSON-escaped, and never reaches a header line.
    QByteArray challenge = "Bearer realm=\"enclii\"";
    if (presented)
        challenge += ", error=\"invalid_token\", error_description=\"the access token is not valid\"";
    return r.withHeader("WWW-Authenticate", challenge);
}

} // namespace

http::Guard makeAccessGuard(auth::Authenticator *authenticator)
{
    return [authenticator](http::Request &req, const http::RouteAccess &access) -> std::optional<http::Response> {
        const auto permission = auth::permissionFromName(access.permission);
        if (!permission) // a route declared with an unknown permission is closed, not open
            return http::internalError(QStringLiteral("route has an unknown permission")).toResponse(req.path);
        if (*permission == auth::Permission::Public || !authenticator)
            return std::nullopt;
        auth::Authenticator::Outcome outcome;
        try {
            outcome = authenticator->authenticate(req.header("authorization"));
        } catch (const std::exception &e) {
            // Revocation and API-token checks read the database: without it, say so.
            spdlog::error("authentication: {}", store::redactedError(e).toStdString());
            if (store::isConnectionError(e))
                return http::unavailable(QStringLiteral("database-unavailable"), QStringLiteral("the database does not answer; try again shortly"))
                    .toResponse(req.path);
            return http::internalError(QStringLiteral("authentication failed; the daemon's log has the details")).toResponse(req.path);
        }
        if (!outcome.principal) {
            return unauthorized(outcome.presented ? QStringLiteral("the bearer token was refused: %1").arg(outcome.error)
                                                  : QStringLiteral("sign in first: send Authorization: Bearer <token>"),
                                outcome.presented, req.path);
        }
        req.principal = *outcome.principal;
        const QStringList projects = access.projects ? access.projects(req) : QStringList();
        if (!auth::allows(req.principal, *permission, projects)) {
            QStringList roles;
            for (const auto &g : req.principal.grants)
                roles << g.toString();
            const QString where = projects.isEmpty() ? QString() : QStringLiteral(" on %1").arg(projects.join(QStringLiteral(", ")));
            return http::forbidden(QStringLiteral("%1 needs %2%3; your roles (%4)%5 do not allow it")
                                       .arg(req.path, auth::permissionName(*permission), where,
                                            roles.isEmpty() ? QStringLiteral("none") : roles.join(QStringLiteral(", ")),
                                            req.principal.scopes.isEmpty() ? QString()
                                                                           : QStringLiteral(" and token scopes (%1)").arg(req.principal.scopes.join(QStringLiteral(", ")))))
                .toResponse(req.path);
        }
        return std::nullopt;
    };
}

} // namespace enclii::api
