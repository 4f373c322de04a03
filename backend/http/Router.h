#pragma once

#include "Http.h"

#include <functional>

namespace enclii::http {

using Handler = std::function<Response(const Request &)>;

// Method + path pattern -> handler. Patterns are literal segments and {name} captures:
// "/v1/services/{name}/revisions/{revision}". Unknown paths give 404, known paths with
// another method give 405 with an Allow header.
class Router
{
public:
    void add(const QByteArray &method, const QString &pattern, Handler handler);

    struct Match
    {
        const Handler *handler = nullptr;
        QString pattern;                // the route, for metrics and logs
        QHash<QString, QString> params;
        QStringList allowed;            // when the path matched but not the method
    };
    Match match(const QByteArray &method, const QString &path) const;
    Response dispatch(Request &request) const;

    QStringList patterns() const;

private:
    struct Route
    {
        QByteArray method;
        QString pattern;
        QStringList segments;
        Handler handler;
    };
    QList<Route> m_routes;
};

} // namespace enclii::http
