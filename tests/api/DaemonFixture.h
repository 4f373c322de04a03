#pragma once

// One encliid composed in-process for an API test: on the fixture's database, with a known
// administrator and master key, listening on a free loopback port, the admin signed in.

#include "Daemon.h"
#include "OidcTestClient.h"

#include <QTemporaryDir>

#include <memory>

namespace enclii::test {

struct DaemonFixture
{
    QTemporaryDir state;
    std::unique_ptr<daemon::Daemon> daemon;
    QString base;       // http://127.0.0.1:<port>
    QString adminToken; // an access token of the administrator
    QString error;
    int buildWorkers = 0; // API tests queue builds without running them unless they ask

    bool start(const QString &databaseConnection, const QString &adminEmail, const QString &adminPassword,
               const QByteArray &masterKey, daemon::Config config = {})
    {
        qputenv("ENCLII_ADMIN_EMAIL", adminEmail.toUtf8());
        qputenv("ENCLII_ADMIN_PASSWORD", adminPassword.toUtf8());
        qputenv("ENCLII_MASTER_KEY", masterKey.toBase64());
        config.listen = QStringLiteral("127.0.0.1:0");
        config.databaseUrl = databaseConnection;
        if (config.specsDir.isEmpty())
            config.specsDir = QStringLiteral(ENCLII_SOURCE_DIR "/specs");
        config.stateDir = state.path();
        config.buildWorkers = buildWorkers;
        daemon = std::make_unique<daemon::Daemon>(config);
        if (!daemon->start(&error))
            return false;
        base = daemon->url();
        adminToken = signIn(base, adminEmail, adminPassword).value(QStringLiteral("access_token")).toString();
        if (adminToken.isEmpty())
            error = QStringLiteral("the administrator could not sign in");
        return !adminToken.isEmpty();
    }
};

} // namespace enclii::test
