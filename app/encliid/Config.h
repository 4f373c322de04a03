#pragma once

#include <QString>
#include <QStringList>

namespace enclii::daemon {

// encliid's settings. Each comes from, in order of precedence: a command-line flag, an
// environment variable, the YAML file given by --config (or ENCLII_CONFIG), the default.
struct Config
{
    QString command = QStringLiteral("serve"); // serve | validate
    QStringList arguments;                     // positional arguments after the command
    QString listen = QStringLiteral("127.0.0.1:4200");
    QString stateDir;      // default: $XDG_STATE_HOME/enclii or ~/.local/state/enclii
    QString specsDir;      // default: the specs/ folder next to the sources, else /usr/share/enclii/specs
    QString databaseUrl;   // empty: the embedded PostgreSQL under stateDir
    QString logFormat = QStringLiteral("text"); // text | json
    QString logLevel = QStringLiteral("info");
    qint64 maxBodyBytes = 1 << 20;
    int dbPoolSize = 4;
    QString role = QStringLiteral("all"); // all | api (REST only) | worker (builds only) | reconciler (the reconciler only)
    int buildWorkers = 2;  // concurrent builds in this process (roles all and worker)
    QString registry;      // where images are pushed, "host[:port][/prefix]"; empty: the embedded registry
    QString registryUsername; // from ENCLII_REGISTRY_USERNAME / _PASSWORD only, never a flag
    QString registryPassword;
    bool registryInsecure = false; // plain HTTP to a non-loopback registry
    bool simulatedReleases = false; // simulated cluster only: a simulated release for every service without one
    QString baseImageMirror; // "host[:port]" base images are pulled from instead of their own registry
    QStringList gitRewrites; // "FROM=TO" clone URL prefix rewrites (mirrors), from ENCLII_GIT_REWRITE (';'-separated)
    QString sbomFormat = QStringLiteral("cyclonedx"); // cyclonedx | spdx (ENCLII_SBOM_FORMAT)
    int buildLeaseSeconds = 30; // a worker silent this long is taken for dead (ENCLII_BUILD_LEASE_SECONDS)
    QString authMode = QStringLiteral("builtin"); // builtin | external | disabled
    QString oidcIssuer;   // external mode: the issuer URL (Janua: https://auth.janua.dev)
    QString oidcAudience = QStringLiteral("enclii");
    QString publicUrl;    // builtin mode: the URL clients reach encliid at (the issuer); default http://<listen>
    int usageGraceHours = 48; // how late a usage event may arrive and still be stored
    QString configFile;
    // The reconciler (roles all and reconciler). No kubeconfig and not in a cluster: the
    // simulated cluster, in-process on a loopback port.
    QString kubeconfig;        // --kubeconfig FILE, else $KUBECONFIG (':'-separated files)
    QString kubeContext;       // the kubeconfig context; empty: its current-context
    QString gitopsRepo;        // also write the rendered manifests into this git working tree
    QString gitopsRemote;      // cloned from and pushed to
    QString prometheusUrl;     // request metrics from this Prometheus instead of the pods' exposition
    int reconcileWorkers = 4;
    int waveDeadlineSeconds = 600;
    int sampleSeconds = 15;    // the metrics sampler's period (ENCLII_SAMPLE_SECONDS)

    bool runsReconciler() const { return role == QLatin1String("all") || role == QLatin1String("reconciler"); }

    // Splits "host:port" (or "[v6]:port"); false when it is not an address and port.
    bool listenAddress(QString *host, quint16 *port) const;
};

struct ConfigResult
{
    Config config;
    QString error;     // non-empty: the command line or the file is wrong; exit 2
    bool exitNow = false; // --help or --version was answered
    QString output;    // what --help / --version print
};

// argv as given to main (argv[0] included); env is the process environment.
ConfigResult parseConfig(const QStringList &argv, const QStringList &environment);

QString defaultStateDir(const QStringList &environment);

} // namespace enclii::daemon
