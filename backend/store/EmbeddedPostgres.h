#pragma once

#include <QString>

#include <memory>

namespace enclii::store {

// A private PostgreSQL cluster under a folder of ours: initdb on first use, then pg_ctl start
// on a free loopback port with password (SCRAM) authentication, and pg_ctl stop when this
// object goes away. Used as the daemon's embedded default (no DATABASE_URL) and by the tests.
//
// When the process runs as root the server runs as the `postgres` system user, since
// PostgreSQL refuses to run as root; the data folder is then owned by that user.
// After a kill -9 of the owner the server may still be running: start() finds it through
// postmaster.pid and either reuses it or restarts it, so no second cluster is ever started.
class EmbeddedPostgres
{
public:
    struct Options
    {
        QString dataDir;           // the cluster's folder (created if missing)
        QString database = QStringLiteral("enclii");
        QString user = QStringLiteral("enclii");
        int startTimeoutMs = 60000;
        bool stopOnDestroy = true;  // tests and the daemon: yes
    };

    explicit EmbeddedPostgres(Options options);
    ~EmbeddedPostgres();
    EmbeddedPostgres(const EmbeddedPostgres &) = delete;
    EmbeddedPostgres &operator=(const EmbeddedPostgres &) = delete;

    // Initialises (first time) and starts the server, creates the database if missing.
    // Returns false with a clear reason in error() on failure.
    bool start();
    void stop();
    bool isRunning() const;

    // libpq connection string: "host=127.0.0.1 port=N dbname=... user=... password=..."
    QString connectionString() const;
    // The same as a postgresql:// URL.
    QString url() const;
    int port() const;
    QString error() const;

    // Where the PostgreSQL server programs live (initdb, pg_ctl, postgres), e.g.
    // /usr/lib/postgresql/15/bin; empty when PostgreSQL is not installed.
    static QString findBinDir();

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace enclii::store
