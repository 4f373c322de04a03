#include "Daemon.h"

#include "api/Switchyard.h"
#include "catalog/Catalog.h"
#include "http/HttpServer.h"
#include "store/Database.h"
#include "store/EmbeddedPostgres.h"
#include "store/Migrator.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>

#include <spdlog/spdlog.h>

namespace enclii::daemon {

struct Daemon::Private
{
    Config config;
    std::unique_ptr<store::EmbeddedPostgres> postgres;
    std::unique_ptr<store::Database> db;
    std::unique_ptr<catalog::Catalog> catalog;
    std::unique_ptr<api::Switchyard> api;
    std::unique_ptr<http::HttpServer> server;
    quint16 port = 0;
    QString host;
};

Daemon::Daemon(Config config) : d(std::make_unique<Private>())
{
    d->config = std::move(config);
}

Daemon::~Daemon()
{
    // Reverse order of start(): stop taking requests, then close connections, then the server.
    d->server.reset();
    d->api.reset();
    d->catalog.reset();
    d->db.reset();
    if (d->postgres) {
        spdlog::info("stopping the embedded PostgreSQL");
        d->postgres.reset();
    }
}

bool Daemon::start(QString *error)
{
    QElapsedTimer timer;
    timer.start();
    const Config &c = d->config;
    QString connection = c.databaseUrl;
    if (connection.isEmpty()) {
        if (!QDir().mkpath(c.stateDir)) {
            *error = QStringLiteral("cannot create the state folder %1; choose another with --state-dir").arg(c.stateDir);
            return false;
        }
        store::EmbeddedPostgres::Options options;
        options.dataDir = QDir(c.stateDir).filePath(QStringLiteral("postgres"));
        d->postgres = std::make_unique<store::EmbeddedPostgres>(options);
        spdlog::info("starting the embedded PostgreSQL in {}", options.dataDir.toStdString());
        if (!d->postgres->start()) {
            *error = QStringLiteral("the embedded PostgreSQL did not start: %1").arg(d->postgres->error());
            return false;
        }
        connection = d->postgres->connectionString();
        spdlog::info("embedded PostgreSQL ready on 127.0.0.1:{}", d->postgres->port());
    }

    d->db = std::make_unique<store::Database>(store::Database::Options{connection, c.dbPoolSize, 10000});
    QString why;
    if (!d->db->open(&why)) {
        *error = QStringLiteral("cannot connect to the database: %1").arg(why);
        return false;
    }
    const int applied = store::Migrator(*d->db).migrate(&why);
    if (applied < 0) {
        *error = why;
        return false;
    }
    if (applied > 0)
        spdlog::info("applied {} database migration(s)", applied);

    d->catalog = std::make_unique<catalog::Catalog>(*d->db);
    if (QFileInfo(c.specsDir).isDir()) {
        catalog::Catalog::ImportReport report;
        try {
            report = d->catalog->importDirectory(c.specsDir, QStringLiteral("specs-import"));
        } catch (const std::exception &e) {
            *error = QStringLiteral("importing %1 failed: %2").arg(c.specsDir, store::redactedError(e));
            return false;
        }
        for (const auto &diag : report.diagnostics) {
            if (diag.isError())
                spdlog::error("{}", diag.toString().toStdString());
            else
                spdlog::warn("{}", diag.toString().toStdString());
        }
        if (report.ok())
            spdlog::info("imported {}: {} documents, {} changed", c.specsDir.toStdString(), report.documents, report.changed);
        else
            spdlog::error("the specs in {} have errors; nothing was imported, the stored specs stay in force",
                          c.specsDir.toStdString());
    } else {
        spdlog::warn("no specs folder at {}; serving the stored specs only", c.specsDir.toStdString());
    }

    http::Router router;
    d->api = std::make_unique<api::Switchyard>(*d->db, *d->catalog);
    d->api->registerRoutes(router);
    d->server = std::make_unique<http::HttpServer>(std::move(router), http::HttpServer::Options{c.maxBodyBytes});
    quint16 port = 0;
    c.listenAddress(&d->host, &port);
    d->port = d->server->listenOn(QHostAddress(d->host), port);
    if (d->port == 0) {
        *error = QStringLiteral("cannot listen on %1: %2; choose another with --listen").arg(c.listen, d->server->errorString());
        return false;
    }
    spdlog::info("encliid ready on {} in {} ms", url().toStdString(), timer.elapsed());
    return true;
}

quint16 Daemon::port() const
{
    return d->port;
}

QString Daemon::url() const
{
    const QString host = d->host.contains(u':') ? u'[' + d->host + u']' : d->host;
    return QStringLiteral("http://%1:%2").arg(host).arg(d->port);
}

QString Daemon::databaseDescription() const
{
    return d->postgres ? QStringLiteral("embedded PostgreSQL on 127.0.0.1:%1").arg(d->postgres->port())
                       : QStringLiteral("the database at DATABASE_URL");
}

} // namespace enclii::daemon
