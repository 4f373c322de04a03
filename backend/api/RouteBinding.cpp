#include "RouteBinding.h"

#include "store/Database.h"

#include <QJsonDocument>
#include <QJsonObject>
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

qint64 idParam(const http::Request &req)
{
    bool ok = false;
    const qint64 id = req.param(QStringLiteral("id")).toLongLong(&ok);
    return ok && id > 0 ? id : 0;
}

std::optional<QString> reasonOf(const http::Request &req, http::Response *refusal)
{
    if (req.body.trimmed().isEmpty())
        return QString();
    const QByteArray type = req.header("content-type").split(';').first().trimmed().toLower();
    if (type != "application/json") {
        *refusal = http::unsupportedMediaType(QString::fromLatin1(type.isEmpty() ? QByteArray("(none)") : type), {QStringLiteral("application/json")})
                       .toResponse(req.path);
        return std::nullopt;
    }
    QJsonParseError e;
    const QJsonDocument doc = QJsonDocument::fromJson(req.body, &e);
    if (e.error != QJsonParseError::NoError || !doc.isObject()) {
        *refusal = http::badRequest(QStringLiteral("invalid-json"), QStringLiteral("the body must be a JSON object such as {\"reason\": \"...\"}"))
                       .toResponse(req.path);
        return std::nullopt;
    }
    const QJsonValue reason = doc.object().value(QStringLiteral("reason"));
    if (!reason.isUndefined() && !reason.isString()) {
        *refusal = http::unprocessable(QStringLiteral("reason must be a string"), {}).toResponse(req.path);
        return std::nullopt;
    }
    return reason.toString().trimmed();
}


} // namespace enclii::api
