#pragma once

#include "http/Router.h"

#include <exception>

namespace enclii::api {

// The answer for an exception a handler let escape: 503 when the database could not be
// reached (try again), 500 otherwise; logged, with connection secrets redacted.
http::Response failureResponse(const http::Request &request, const std::exception &error);

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
