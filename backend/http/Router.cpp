#include "Router.h"

namespace enclii::http {

namespace {

QStringList split(const QString &path)
{
    return path.split(u'/', Qt::SkipEmptyParts);
}

bool matchSegments(const QStringList &pattern, const QStringList &path, QHash<QString, QString> &params)
{
    if (pattern.size() != path.size())
        return false;
    for (int i = 0; i < pattern.size(); ++i) {
        const QString &p = pattern[i];
        if (p.startsWith(u'{') && p.endsWith(u'}'))
            params.insert(p.mid(1, p.size() - 2), path[i]);
        else if (p != path[i])
            return false;
    }
    return true;
}

} // namespace

void Router::add(const QByteArray &method, const QString &pattern, Handler handler, RouteAccess access)
{
    m_routes.append({method, pattern, split(pattern), std::move(handler), std::move(access)});
}

QList<Router::RouteInfo> Router::routes() const
{
    QList<RouteInfo> out;
    for (const auto &r : m_routes)
        out << RouteInfo{r.method, r.pattern, r.access};
    return out;
}

Router::Match Router::match(const QByteArray &method, const QString &path) const
{
    Match m;
    const QStringList segments = split(path);
    for (const auto &r : m_routes) {
        QHash<QString, QString> params;
        if (!matchSegments(r.segments, segments, params))
            continue;
        if (r.method == method || (method == "HEAD" && r.method == "GET")) {
            m.handler = &r.handler;
            m.access = &r.access;
            m.pattern = r.pattern;
            m.params = params;
            return m;
        }
        m.pattern = r.pattern;
        if (!m.allowed.contains(QString::fromLatin1(r.method)))
            m.allowed << QString::fromLatin1(r.method);
        if (r.method == "GET" && !m.allowed.contains(QStringLiteral("HEAD")))
            m.allowed << QStringLiteral("HEAD");
    }
    return m;
}

Response Router::dispatch(Request &request) const
{
    const Match m = match(request.method, request.path);
    if (!m.handler) {
        if (!m.allowed.isEmpty())
            return methodNotAllowed(m.allowed).toResponse(request.path).withHeader("Allow", m.allowed.join(QStringLiteral(", ")).toLatin1());
        return notFound(QStringLiteral("no resource at %1; the API lives under /v1 (see GET /v1)").arg(request.path)).toResponse(request.path);
    }
    request.params = m.params;
    if (m_guard) {
        if (auto refused = m_guard(request, *m.access))
            return *refused;
    }
    return (*m.handler)(request);
}

} // namespace enclii::http
