#pragma once

#include <QString>

#include <exception>
#include <functional>
#include <memory>

namespace pqxx {
// libpqxx 6 (Debian 12): every connection type derives from connection_base.
class connection_base;
}

namespace enclii::store {

// A small pool of libpqxx connections to one PostgreSQL database. Connections are opened
// lazily up to poolSize, handed out one at a time, and replaced when found broken.
// Thread-safe. All SQL in the store is parameterized; nothing here formats values into SQL.
class Database
{
public:
    struct Options
    {
        QString connectionString; // libpq key=value string or postgresql:// URL
        int poolSize = 4;
        int acquireTimeoutMs = 10000;
    };

    explicit Database(Options options);
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    // Opens one connection to check the settings; false with the reason (no password shown).
    bool open(QString *error);
    // SELECT 1 on a pooled connection, for /readyz.
    bool ping(QString *error);

    // Runs fn with a connection of the pool. Errors from libpqxx propagate as exceptions
    // (std::exception); callers at the API edge turn them into problem responses.
    void withConnection(const std::function<void(pqxx::connection_base &)> &fn);

    int poolSize() const;
    int openConnections() const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

// True when the error means the database could not be reached (lost or refused connection,
// or no pooled connection free in time) rather than a failed statement.
bool isConnectionError(const std::exception &e);

// The message of a libpqxx / libpq exception with any connection secrets removed.
QString redactedError(const std::exception &e);

} // namespace enclii::store
