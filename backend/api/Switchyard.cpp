#include "Switchyard.h"
#include "RouteBinding.h"

#include "EcosystemView.h"

#include "catalog/Catalog.h"
#include "observe/Metrics.h"
#include "spec/JsonDiff.h"
#include "spec/SpecLoader.h"
#include "store/AuditLog.h"
#include "store/Database.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUrl>

#include <spdlog/spdlog.h>

namespace enclii::api {

using http::Request;
using http::Response;

namespace {

QJsonArray diagnosticsJson(const core::Diagnostics &ds)
{
    QJsonArray out;
    for (const auto &d : ds) {
        QJsonObject o{{QStringLiteral("severity"), d.isError() ? QStringLiteral("error") : QStringLiteral("warning")},
                      {QStringLiteral("file"), d.file},
                      {QStringLiteral("field"), d.field},
                      {QStringLiteral("message"), d.message},
                      {QStringLiteral("text"), d.toString()}};
        if (d.line > 0) {
            o.insert(QStringLiteral("line"), d.line);
            o.insert(QStringLiteral("column"), d.column);
        }
        out << o;
    }
    return out;
}

QJsonObject revisionJson(const store::RevisionInfo &r)
{
    return {{QStringLiteral("revision"), r.revision},
            {QStringLiteral("contentHash"), r.contentHash},
            {QStringLiteral("author"), r.author},
            {QStringLiteral("source"), r.source},
            {QStringLiteral("createdAt"), r.createdAt.toString(Qt::ISODateWithMs)}};
}

// If-None-Match (RFC 9110 §13.1.2): "*" or a list of entity tags, compared weakly.
bool etagMatches(const QByteArray &header, const QByteArray &etag)
{
    for (QByteArray tag : header.split(',')) {
        tag = tag.trimmed();
        if (tag == "*")
            return true;
        if (tag.startsWith("W/"))
            tag = tag.mid(2);
        if (tag == etag)
            return true;
    }
    return false;
}

std::optional<int> positiveInt(const QString &text)
{
    bool ok = false;
    const int v = text.toInt(&ok);
    return ok && v > 0 ? std::optional<int>(v) : std::nullopt;
}

Response serviceNotFound(const QString &name)
{
    return http::notFound(QStringLiteral("no service named \"%1\"; GET /v1/services lists them").arg(name)).toResponse();
}

} // namespace

Switchyard::Switchyard(store::Database &db, catalog::Catalog &catalog) : m_db(db), m_catalog(catalog) {}

void Switchyard::registerRoutes(http::Router &router)
{
    auto bind = [this, &router](const QByteArray &method, const QString &pattern, Response (Switchyard::*fn)(const Request &),
                                const char *permission, std::function<QStringList(const Request &)> projects = {}) {
        bindRoute(router, this, method, pattern, fn, http::RouteAccess{QString::fromLatin1(permission), std::move(projects)});
        m_routes << QString::fromLatin1(method) + u' ' + pattern;
    };
    // Probes and scraping are open (they reveal nothing; network policy limits who reaches
    // them); everything under /v1 needs a role.
    bind("GET", QStringLiteral("/healthz"), &Switchyard::healthz, "public");
    bind("GET", QStringLiteral("/readyz"), &Switchyard::readyz, "public");
    bind("GET", QStringLiteral("/metrics"), &Switchyard::metrics, "public");
    bind("GET", QStringLiteral("/v1"), &Switchyard::index, "public");
    bind("GET", QStringLiteral("/v1/ecosystem"), &Switchyard::ecosystem, "catalog.read");
    bind("GET", QStringLiteral("/v1/projects"), &Switchyard::listProjects, "catalog.read");
    bind("GET", QStringLiteral("/v1/projects/{name}"), &Switchyard::getProject, "catalog.read");
    bind("GET", QStringLiteral("/v1/services"), &Switchyard::listServices, "catalog.read");
    bind("GET", QStringLiteral("/v1/services/{name}"), &Switchyard::getService, "catalog.read");
    bind("PUT", QStringLiteral("/v1/services/{name}"), &Switchyard::applyService, "specs.write",
         [this](const Request &r) { return projectsTouchedByApply(r); });
    bind("GET", QStringLiteral("/v1/services/{name}/revisions"), &Switchyard::listRevisions, "catalog.read");
    bind("GET", QStringLiteral("/v1/services/{name}/revisions/{revision}"), &Switchyard::getRevision, "catalog.read");
    bind("GET", QStringLiteral("/v1/services/{name}/diff"), &Switchyard::diffRevisions, "catalog.read");
    bind("GET", QStringLiteral("/v1/audit"), &Switchyard::listAudit, "audit.read");
}

QStringList Switchyard::projectsTouchedByApply(const Request &req)
{
    // Both the project the service belongs to now and the one the new document names: moving
    // a service between projects needs the right on both.
    QStringList projects;
    const auto snap = m_catalog.snapshot();
    if (const auto *current = snap->specs.service(req.param(QStringLiteral("name"))))
        projects << current->project;
    spec::LoadResult incoming;
    spec::SpecLoader().loadText(req.body, QStringLiteral("request body"), incoming);
    for (const auto &s : incoming.specs.services)
        if (!s.project.isEmpty() && !projects.contains(s.project))
            projects << s.project;
    // Nothing to go by (an unparsable body): require the right platform-wide; the handler
    // then explains what is wrong with the body to whoever may send one.
    return projects;
}

Response Switchyard::healthz(const Request &)
{
    return Response::json(QJsonObject{{QStringLiteral("status"), QStringLiteral("ok")}});
}

Response Switchyard::readyz(const Request &)
{
    QString error;
    if (!m_db.ping(&error)) {
        // The reason (host, user, libpq's words) goes to the log, not to an anonymous caller.
        spdlog::warn("readiness: the database does not answer: {}", error.toStdString());
        return http::unavailable(QStringLiteral("database-unavailable"), QStringLiteral("the database does not answer"))
            .toResponse(QStringLiteral("/readyz"));
    }
    return Response::json(QJsonObject{{QStringLiteral("status"), QStringLiteral("ready")},
                                      {QStringLiteral("checks"), QJsonObject{{QStringLiteral("database"), QStringLiteral("ok")}}}});
}

Response Switchyard::metrics(const Request &)
{
    auto &m = observe::Metrics::global();
    m.set(QStringLiteral("enclii_db_pool_open_connections"), {}, m_db.openConnections());
    m.set(QStringLiteral("enclii_db_pool_size"), {}, m_db.poolSize());
    return Response::raw(m.exposition(), "text/plain; version=0.0.4; charset=utf-8");
}

Response Switchyard::index(const Request &)
{
    return Response::json(QJsonObject{{QStringLiteral("name"), QStringLiteral("encliid")},
                                      {QStringLiteral("api"), QStringLiteral("v1")},
                                      {QStringLiteral("routes"), QJsonArray::fromStringList(m_routes)}});
}

Response Switchyard::ecosystem(const Request &req)
{
    const auto snap = m_catalog.snapshot();
    if (!snap->hasEcosystem)
        return http::notFound(QStringLiteral("no Ecosystem document is stored yet; start encliid with --specs DIR")).toResponse();
    QMutexLocker lock(&m_cacheMutex);
    if (snap->generation != m_ecosystemGeneration || m_ecosystemBody.isEmpty()) {
        m_ecosystemBody = QJsonDocument(ecosystemView(*snap)).toJson(QJsonDocument::Compact);
        m_ecosystemEtag = '"' + QCryptographicHash::hash(m_ecosystemBody, QCryptographicHash::Sha256).toHex().left(32) + '"';
        m_ecosystemGeneration = snap->generation;
    }
    if (etagMatches(req.header("if-none-match"), m_ecosystemEtag)) {
        Response r;
        r.status = 304;
        return r.withHeader("ETag", m_ecosystemEtag);
    }
    return Response::raw(m_ecosystemBody, "application/json").withHeader("ETag", m_ecosystemEtag);
}

Response Switchyard::listProjects(const Request &)
{
    const auto snap = m_catalog.snapshot();
    QJsonArray items;
    for (const auto &p : m_catalog.repository().projects()) {
        QStringList services;
        for (const auto &s : snap->specs.services)
            if (s.project == p.name)
                services << s.name;
        items << QJsonObject{{QStringLiteral("name"), p.name}, {QStringLiteral("tier"), p.tier},
                             {QStringLiteral("purpose"), p.purpose}, {QStringLiteral("namespace"), p.namespaceName},
                             {QStringLiteral("deployed"), p.deployed}, {QStringLiteral("services"), QJsonArray::fromStringList(services)},
                             {QStringLiteral("updatedAt"), p.updatedAt.toString(Qt::ISODateWithMs)}};
    }
    return Response::json(QJsonObject{{QStringLiteral("items"), items}});
}

Response Switchyard::getProject(const Request &req)
{
    const QString name = req.param(QStringLiteral("name"));
    const auto p = m_catalog.repository().project(name);
    if (!p)
        return http::notFound(QStringLiteral("no project named \"%1\"; GET /v1/projects lists them").arg(name)).toResponse();
    const auto snap = m_catalog.snapshot();
    QJsonArray services;
    for (const auto &s : snap->specs.services)
        if (s.project == name)
            services << serviceNode(*snap, s.name);
    return Response::json(QJsonObject{{QStringLiteral("name"), p->name}, {QStringLiteral("tier"), p->tier},
                                      {QStringLiteral("purpose"), p->purpose}, {QStringLiteral("namespace"), p->namespaceName},
                                      {QStringLiteral("deployed"), p->deployed}, {QStringLiteral("services"), services}});
}

Response Switchyard::listServices(const Request &req)
{
    const auto snap = m_catalog.snapshot();
    const QString project = req.query.queryItemValue(QStringLiteral("project"));
    QJsonArray items;
    for (const auto &s : snap->specs.services)
        if (project.isEmpty() || s.project == project)
            items << serviceNode(*snap, s.name);
    return Response::json(QJsonObject{{QStringLiteral("items"), items}});
}

Response Switchyard::getService(const Request &req)
{
    const QString name = req.param(QStringLiteral("name"));
    const auto doc = m_catalog.repository().current(QStringLiteral("Service"), name);
    if (!doc)
        return serviceNotFound(name);
    const auto snap = m_catalog.snapshot();
    QJsonObject o = serviceNode(*snap, name);
    o.insert(QStringLiteral("revision"), doc->info.revision);
    o.insert(QStringLiteral("revisionInfo"), revisionJson(doc->info));
    o.insert(QStringLiteral("spec"), doc->content);
    return Response::json(o);
}

Response Switchyard::applyService(const Request &req)
{
    const QString name = req.param(QStringLiteral("name"));
    const QByteArray type = req.header("content-type").split(';').first().trimmed().toLower();
    static const QList<QByteArray> accepted = {"application/yaml", "application/x-yaml", "text/yaml", "application/json"};
    if (!accepted.contains(type)) {
        return http::unsupportedMediaType(QString::fromLatin1(type.isEmpty() ? QByteArray("(none)") : type),
                                          {QStringLiteral("application/yaml"), QStringLiteral("application/json")})
            .toResponse(req.path);
    }
    if (req.body.trimmed().isEmpty())
        return http::badRequest(QStringLiteral("empty-body"), QStringLiteral("send one Service document in the body")).toResponse(req.path);

    const auto report = m_catalog.applyService(name, req.body, req.principal.actor());
    using Status = catalog::Catalog::ApplyReport::Status;
    if (report.status == Status::NoEcosystem)
        return http::conflict(QStringLiteral("no-ecosystem"),
                              QStringLiteral("no Ecosystem document is stored yet; start encliid with --specs DIR first"))
            .toResponse(req.path);
    if (report.status == Status::Invalid) {
        const int count = int(report.diagnostics.size());
        return http::unprocessable(QStringLiteral("the Service document has %1 error%2; nothing was stored. First: %3")
                                       .arg(count).arg(count == 1 ? "" : "s")
                                       .arg(report.diagnostics.isEmpty() ? QString() : report.diagnostics.first().toString()),
                                   diagnosticsJson(report.diagnostics))
            .toResponse(req.path);
    }
    spdlog::info("service {} applied: revision {} ({})", name.toStdString(), report.outcome.revision,
                 report.status == Status::Applied ? "changed" : "unchanged");
    QJsonObject body{{QStringLiteral("name"), name},
                     {QStringLiteral("revision"), report.outcome.revision},
                     {QStringLiteral("changed"), report.outcome.changed},
                     {QStringLiteral("created"), report.outcome.created}};
    return Response::json(body, report.outcome.created ? 201 : 200);
}

Response Switchyard::listRevisions(const Request &req)
{
    const QString name = req.param(QStringLiteral("name"));
    const auto history = m_catalog.repository().history(QStringLiteral("Service"), name);
    if (history.isEmpty())
        return serviceNotFound(name);
    QJsonArray items;
    for (const auto &r : history)
        items << revisionJson(r);
    return Response::json(QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("items"), items}});
}

Response Switchyard::getRevision(const Request &req)
{
    const QString name = req.param(QStringLiteral("name"));
    const auto rev = positiveInt(req.param(QStringLiteral("revision")));
    if (!rev)
        return http::badRequest(QStringLiteral("bad-revision"), QStringLiteral("a revision is a positive whole number")).toResponse(req.path);
    const auto doc = m_catalog.repository().revision(QStringLiteral("Service"), name, *rev);
    if (!doc)
        return http::notFound(QStringLiteral("service \"%1\" has no revision %2").arg(name, QString::number(*rev))).toResponse(req.path);
    QJsonObject o = revisionJson(doc->info);
    o.insert(QStringLiteral("name"), name);
    o.insert(QStringLiteral("spec"), doc->content);
    return Response::json(o);
}

Response Switchyard::diffRevisions(const Request &req)
{
    const QString name = req.param(QStringLiteral("name"));
    auto &repo = m_catalog.repository();
    const auto current = repo.current(QStringLiteral("Service"), name);
    if (!current)
        return serviceNotFound(name);
    const QString fromText = req.query.queryItemValue(QStringLiteral("from"));
    const QString toText = req.query.queryItemValue(QStringLiteral("to"));
    const auto from = positiveInt(fromText);
    const auto to = toText.isEmpty() ? std::optional<int>(current->info.revision) : positiveInt(toText);
    if (!from || !to)
        return http::badRequest(QStringLiteral("bad-revision"),
                                QStringLiteral("give ?from=N (and optionally &to=M, default the current revision) as positive whole numbers"))
            .toResponse(req.path);
    const auto a = repo.revision(QStringLiteral("Service"), name, *from);
    const auto b = repo.revision(QStringLiteral("Service"), name, *to);
    if (!a || !b)
        return http::notFound(QStringLiteral("service \"%1\" has no revision %2").arg(name, QString::number(!a ? *from : *to))).toResponse(req.path);
    return Response::json(QJsonObject{{QStringLiteral("name"), name},
                                      {QStringLiteral("from"), revisionJson(a->info)},
                                      {QStringLiteral("to"), revisionJson(b->info)},
                                      {QStringLiteral("changes"), spec::jsonDiff(a->content, b->content)}});
}

Response Switchyard::listAudit(const Request &req)
{
    bool ok = true;
    const QString limitText = req.query.queryItemValue(QStringLiteral("limit"));
    const int limit = limitText.isEmpty() ? 100 : limitText.toInt(&ok);
    if (!ok || limit < 1 || limit > 500)
        return http::badRequest(QStringLiteral("bad-query"), QStringLiteral("limit is a whole number from 1 to 500")).toResponse(req.path);
    const QString beforeText = req.query.queryItemValue(QStringLiteral("before"));
    const qint64 before = beforeText.isEmpty() ? 0 : beforeText.toLongLong(&ok);
    if (!ok || before < 0)
        return http::badRequest(QStringLiteral("bad-query"), QStringLiteral("before is an audit entry id (a whole number)")).toResponse(req.path);
    QJsonArray items;
    for (const auto &e : store::AuditLog(m_db).list(limit, before, req.query.queryItemValue(QStringLiteral("target"))))
        items << QJsonObject{{QStringLiteral("id"), double(e.id)}, {QStringLiteral("at"), e.at.toString(Qt::ISODateWithMs)},
                             {QStringLiteral("actor"), e.actor}, {QStringLiteral("action"), e.action},
                             {QStringLiteral("target"), e.target}, {QStringLiteral("detail"), e.detail}};
    return Response::json(QJsonObject{{QStringLiteral("items"), items}});
}

} // namespace enclii::api
