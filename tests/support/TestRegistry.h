#pragma once

#include "oci/registry/EmbeddedRegistry.h"
#include "oci/registry/RegistryClient.h"

#include <QString>
#include <QUrl>

#include <memory>

namespace enclii::test {

// A real docker-registry on a free loopback port, in a temporary folder removed with this
// object; for the registry client's tests and the build pipeline's end-to-end tests.
//
// With Options::tokenAuth the registry runs in token mode (Docker's token authentication)
// and the fixture also runs the token service on its own thread: GET /token with Basic
// credentials username/password answers a JWT (RS256, the signing certificate in the
// header's x5c, issued for every scope asked), a wrong password a 401. The service keeps
// answering whatever the test's thread does, blocked in a client call or not.
//
// Failures never throw: check isValid() and report error(), e.g.
//     TestRegistry registry;
//     QVERIFY2(registry.isValid(), qPrintable(registry.error()));
//     RegistryClient client(registry.clientOptions());
class TestRegistry
{
public:
    struct Options
    {
        bool tokenAuth = false;
        QString username = QStringLiteral("builder");
        QString password = QStringLiteral("correct horse battery staple");
        int startTimeoutMs = 30000;
    };

    TestRegistry();
    explicit TestRegistry(Options options);
    ~TestRegistry();
    TestRegistry(const TestRegistry &) = delete;
    TestRegistry &operator=(const TestRegistry &) = delete;

    bool isValid() const;
    QString error() const;

    QString address() const; // "127.0.0.1:<port>"
    QUrl url() const;
    int port() const;
    QString stateDir() const;
    oci::EmbeddedRegistry &registry();

    // Options for a client of this registry; with the right credentials in token mode.
    oci::RegistryClient::Options clientOptions() const;

    // A crash: SIGKILL to the registry, waiting until it is gone. Thread-safe.
    void kill();
    // Starts it again on the same port and folder (uploads in progress survive).
    bool restart();

    // Token mode: the service's URL and how many tokens it issued / refused so far.
    QUrl tokenRealm() const;
    int tokensIssued() const;
    int tokensRefused() const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace enclii::test
