#pragma once

#include "core/Principal.h"

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrlQuery>

#include <functional>

class QTcpSocket;

namespace enclii::http {

// A request as the handlers see it: plain values, no socket, so handlers are testable
// and could run on any thread.
struct Request
{
    QByteArray method;   // "GET", "PUT", ...
    QString path;        // decoded path, "/v1/services/switchyard-api"
    QUrlQuery query;
    QHash<QByteArray, QByteArray> headers; // names in lower case
    QByteArray body;
    QHostAddress remote;
    QHash<QString, QString> params; // filled by the router from {name} segments
    core::Principal principal;      // filled by the router's guard; anonymous without one

    QByteArray header(const QByteArray &lowerName) const { return headers.value(lowerName); }
    QString param(const QString &name) const { return params.value(name); }
};

struct Response
{
    int status = 200;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    // A streamed response (Server-Sent Events): the server writes the status line and the
    // headers, then hands the connection over; the body runs until either side closes it.
    std::function<void(QTcpSocket *)> stream;

    static Response json(const QJsonObject &o, int status = 200);
    static Response json(const QJsonArray &a, int status = 200);
    static Response raw(QByteArray body, QByteArray contentType, int status = 200);
    Response &withHeader(QByteArray name, QByteArray value);
};

// RFC 9457 problem details. `code` is our stable, machine-readable error code; `type` is
// derived from it. Extensions (such as "errors") are merged into the document.
struct Problem
{
    int status = 500;
    QString code;   // e.g. "validation-failed"
    QString title;  // short, the same for every occurrence of the code
    QString detail; // this occurrence: what, where, how to fix
    QJsonObject extensions;

    Response toResponse(const QString &instance = {}) const;
};

Problem badRequest(const QString &code, const QString &detail);
Problem notFound(const QString &what);
Problem methodNotAllowed(const QStringList &allowed);
Problem payloadTooLarge(qint64 limit);
Problem unsupportedMediaType(const QString &got, const QStringList &accepted);
Problem unprocessable(const QString &detail, const QJsonArray &errors);
Problem conflict(const QString &code, const QString &detail);
Problem unauthorized(const QString &detail);
Problem forbidden(const QString &detail);
Problem tooManyRequests(const QString &detail, int retryAfterSeconds);
Problem internalError(const QString &detail);
Problem unavailable(const QString &code, const QString &detail);

const char *reasonPhrase(int status);

} // namespace enclii::http
