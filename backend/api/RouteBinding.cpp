#include "RouteBinding.h"

#include "store/Database.h"

#include <QUrl>

#include <spdlog/spdlog.h>

namespace enclii::api {

http::Response failureResponse(const http::Request &r, const std::exception &e)
{
    spdlog::error("{} {}: {}", r.method.constData(), QUrl::toPercentEncoding(r.path, "/").constData(),
                  store::redactedError(e).toStdString());
    if (store::isConnectionError(e))
        return http::unavailable(QStringLiteral("database-unavailable"),
                                 QStringLiteral("the database does not answer; nothing was changed, try again shortly"))
            .toResponse(r.path);
    return http::internalError(QStringLiteral("the daemon could not complete this request; its log has the details")).toResponse(r.path);
}

} // namespace enclii::api
