#pragma once

#include "Config.h"

#include <QString>
#include <QUrl>

#include <memory>

namespace enclii::waybill {
class UsageIngest;
}

namespace enclii::daemon {

// One encliid process's parts, composed: the database (embedded or given), migrations, the
// spec catalog with the specs folder imported, and the REST API. start() brings them up in
// that order; the destructor takes them down in reverse (the embedded PostgreSQL last).
class Daemon
{
public:
    explicit Daemon(Config config);
    ~Daemon();

    bool start(QString *error);
    quint16 port() const;
    QString url() const;
    QString databaseDescription() const; // "embedded PostgreSQL on 127.0.0.1:5xxxx" or "DATABASE_URL"
    QString issuer() const;              // the built-in provider's or the external issuer's URL
    // The generated password of the first administrator, when this start created one.
    QString bootstrapPassword() const;
    // "GET /v1/ecosystem catalog.read", one per route: what the access matrix test walks.
    QStringList routeTable() const;
    // The simulated cluster's address when this process runs one (no kubeconfig), else empty.
    QUrl simulatedClusterUrl() const;
    // Where the daemon's own emitters record usage (UsageIngest::record()); null before start().
    waybill::UsageIngest *usageIngest() const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace enclii::daemon
