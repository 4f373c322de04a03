#include "Http.h"

#include <QJsonDocument>

namespace enclii::http {

Response Response::json(const QJsonObject &o, int status)
{
    return raw(QJsonDocument(o).toJson(QJsonDocument::Compact), "application/json", status);
}

Response Response::json(const QJsonArray &a, int status)
{
    return raw(QJsonDocument(a).toJson(QJsonDocument::Compact), "application/json", status);
}

Response Response::raw(QByteArray body, QByteArray contentType, int status)
{
    Response r;
    r.status = status;
    r.body = std::move(body);
    r.headers.append({"Content-Type", std::move(contentType)});
    return r;
}

Response &Response::withHeader(QByteArray name, QByteArray value)
{
    // Qt HttpServer writes header values as they are: a CR or LF would split the response.
    for (QByteArray *part : {&name, &value})
        part->replace('\r', ' ').replace('\n', ' ').replace('\0', ' ');
    headers.append({std::move(name), std::move(value)});
    return *this;
}

Response Problem::toResponse(const QString &instance) const
{
    QJsonObject o = extensions;
    o.insert(QStringLiteral("type"), QStringLiteral("https://enclii.dev/problems/") + code);
    o.insert(QStringLiteral("title"), title);
    o.insert(QStringLiteral("status"), status);
    o.insert(QStringLiteral("detail"), detail);
    o.insert(QStringLiteral("code"), code);
    if (!instance.isEmpty())
        o.insert(QStringLiteral("instance"), instance);
    Response r = Response::json(o, status);
    r.headers[0].second = "application/problem+json";
    return r;
}

Problem badRequest(const QString &code, const QString &detail)
{
    return {400, code, QStringLiteral("Bad request"), detail, {}};
}

Problem notFound(const QString &what)
{
    return {404, QStringLiteral("not-found"), QStringLiteral("Not found"), what, {}};
}

Problem methodNotAllowed(const QStringList &allowed)
{
    return {405, QStringLiteral("method-not-allowed"), QStringLiteral("Method not allowed"),
            QStringLiteral("this resource accepts %1").arg(allowed.join(QStringLiteral(", "))), {}};
}

Problem payloadTooLarge(qint64 limit)
{
    return {413, QStringLiteral("payload-too-large"), QStringLiteral("Payload too large"),
            QStringLiteral("request bodies are limited to %1 bytes; send a smaller document").arg(limit),
            {{QStringLiteral("limit"), double(limit)}}};
}

Problem unsupportedMediaType(const QString &got, const QStringList &accepted)
{
    return {415, QStringLiteral("unsupported-media-type"), QStringLiteral("Unsupported media type"),
            QStringLiteral("Content-Type \"%1\" is not accepted; send one of: %2").arg(got, accepted.join(QStringLiteral(", "))), {}};
}

Problem unprocessable(const QString &detail, const QJsonArray &errors)
{
    return {422, QStringLiteral("validation-failed"), QStringLiteral("Validation failed"), detail,
            {{QStringLiteral("errors"), errors}}};
}

Problem conflict(const QString &code, const QString &detail)
{
    return {409, code, QStringLiteral("Conflict"), detail, {}};
}

Problem unauthorized(const QString &detail)
{
    return {401, QStringLiteral("unauthorized"), QStringLiteral("Unauthorized"), detail, {}};
}

Problem forbidden(const QString &detail)
{
    return {403, QStringLiteral("forbidden"), QStringLiteral("Forbidden"), detail, {}};
}

Problem tooManyRequests(const QString &detail, int retryAfterSeconds)
{
    return {429, QStringLiteral("too-many-requests"), QStringLiteral("Too many requests"), detail,
            {{QStringLiteral("retryAfter"), retryAfterSeconds}}};
}

Problem internalError(const QString &detail)
{
    return {500, QStringLiteral("internal-error"), QStringLiteral("Internal error"), detail, {}};
}

Problem unavailable(const QString &code, const QString &detail)
{
    return {503, code, QStringLiteral("Service unavailable"), detail, {}};
}

const char *reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 411: return "Length Required";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Status";
    }
}

} // namespace enclii::http
