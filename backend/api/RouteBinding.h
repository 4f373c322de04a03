#pragma once

#include "http/Router.h"

#include <QString>

#include <exception>
#include <optional>

namespace enclii::api {

// The answer for an exception a handler let escape: 503 when the database could not be
// reached (try again), 500 otherwise; logged, with connection secrets redacted.
http::Response failureResponse(const http::Request &request, const std::exception &error);

// The {id} path parameter as a positive number; 0 when it is not one.
qint64 idParam(const http::Request &request);

// The optional {"reason": "..."} body of an action (promote, abort, deploy...): empty when
// there is no body, nullopt with *refusal (415, 400 or 422) when the body is not one.
std::optional<QString> reasonOf(const http::Request &request, http::Response *refusal);

// Adds method + pattern -> (object->*handler)(request), with escaped exceptions answered by
// failureResponse, so no resource repeats that mapping.
template<typename T>
void bindRoute(http::Router &router, T *object, const QByteArray &method, const QString &pattern,
               http::Response (T::*handler)(const http::Request &), http::RouteAccess access)
{
    router.add(method, pattern, [object, handler](const http::Request &r) {
        try {
            return (object->*handler)(r);
        } catch (const std::exception &e) {
            return failureResponse(r, e);
        }
    }, std::move(access));
}

} // namespace enclii::api
