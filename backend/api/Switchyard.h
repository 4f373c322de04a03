#pragma once

#include "http/Router.h"

#include <QByteArray>
#include <QMutex>

namespace enclii::store {
class Database;
}
namespace enclii::catalog {
class Catalog;
}

namespace enclii::api {

// Switchyard, the control-plane REST API: each resource parses the request, calls the
// catalog or the store, and answers JSON or an RFC 9457 problem.
class Switchyard
{
public:
    Switchyard(store::Database &db, catalog::Catalog &catalog);

    // Adds every route to router.
    void registerRoutes(http::Router &router);

private:
    http::Response healthz(const http::Request &);
    http::Response readyz(const http::Request &);
    http::Response metrics(const http::Request &);
    http::Response index(const http::Request &);
    http::Response ecosystem(const http::Request &);
    http::Response listProjects(const http::Request &);
    http::Response getProject(const http::Request &);
    http::Response listServices(const http::Request &);
    http::Response getService(const http::Request &);
    http::Response applyService(const http::Request &);
    http::Response listRevisions(const http::Request &);
    http::Response getRevision(const http::Request &);
    http::Response diffRevisions(const http::Request &);
    http::Response listAudit(const http::Request &);
    QStringList projectsTouchedByApply(const http::Request &);

    store::Database &m_db;
    catalog::Catalog &m_catalog;
    QMutex m_cacheMutex;
    qint64 m_ecosystemGeneration = -1;
    QByteArray m_ecosystemBody; // serialized once per catalog generation
    QByteArray m_ecosystemEtag;
    QStringList m_routes;
};

} // namespace enclii::api
