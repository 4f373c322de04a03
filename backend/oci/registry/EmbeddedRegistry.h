#pragma once

#include <QString>
#include <QUrl>

#include <memory>
#include <optional>

namespace enclii::oci {

// A private OCI registry: Debian's docker-registry (distribution 2.8) serving a folder of
// ours on 127.0.0.1.
//
// This is encliid's embedded default when no registry is configured: the daemon makes one
// with stateDir = <state directory>/registry, calls start() once at boot and hands
// address() to the build pipeline (image references "127.0.0.1:<port>/<repo>") and to the
// reconciler. Builds push to it and deployments pull from it with RegistryClient, exactly
// as they would with an external registry. The object stops the registry when destroyed.
//
// Layout of stateDir: config.yml (generated at each start), data/ (the blobs and
// manifests), registry.log (the registry's own log, warnings and errors only),
// registry.pid, registry.port, http.secret (0600; signs upload-session state, kept across
// restarts so an upload survives a registry restart), registry.lock.
//
// Restarts: the port is remembered in registry.port and reused when it is free, so image
// references stored elsewhere stay valid (start() gives a port still held by a registry
// that just exited two seconds to come free). After the owner was killed -9 its registry keeps
// running, orphaned: start() finds it through registry.pid (checking that the process is
// docker-registry serving this stateDir's config), stops it and starts a fresh one. A port
// taken by some other program makes start() choose another free port (unless a port was
// given explicitly). Only one EmbeddedRegistry at a time may own a stateDir (registry.lock;
// a lock left by a killed owner is taken over).
//
// Not thread-safe; the calls block (start() up to startTimeoutMs) and need no event loop.
class EmbeddedRegistry
{
public:
    // docker-registry's `auth.token` section: tokens signed by a key whose certificate is
    // in rootCertBundle, issued by `issuer` for `service`, fetched by clients from `realm`.
    struct TokenAuth
    {
        QString realm;
        QString service;
        QString issuer;
        QString rootCertBundle; // a PEM file
    };

    struct Options
    {
        QString stateDir;
        int port = 0;           // 0: the remembered port if free, else any free loopback port
        QString executable = QStringLiteral("/usr/bin/docker-registry");
        int startTimeoutMs = 30000;
        int stopGraceMs = 5000; // SIGTERM, then SIGKILL after this
        std::optional<TokenAuth> tokenAuth;
        bool stopOnDestroy = true;
    };

    explicit EmbeddedRegistry(Options options);
    ~EmbeddedRegistry();
    EmbeddedRegistry(const EmbeddedRegistry &) = delete;
    EmbeddedRegistry &operator=(const EmbeddedRegistry &) = delete;

    // Starts the registry and waits until GET /v2/ answers. False with error() on failure;
    // the error names the cause and quotes the end of registry.log.
    bool start();
    // SIGTERM, then SIGKILL after stopGraceMs; waits until the process is gone.
    void stop();
    bool isRunning() const;

    QString error() const;
    // "127.0.0.1:<port>": the registry part of image references.
    QString address() const;
    QUrl url() const; // http://127.0.0.1:<port>
    int port() const;
    qint64 pid() const;
    QString logPath() const;
    QString dataDir() const;
    QString configPath() const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace enclii::oci
