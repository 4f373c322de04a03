#include "Config.h"

#include <yaml-cpp/yaml.h>

#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QHostAddress>
#include <QUrl>

namespace enclii::daemon {

namespace {

QHash<QString, QString> environmentMap(const QStringList &environment)
{
    QHash<QString, QString> env;
    for (const auto &kv : environment) {
        const qsizetype eq = kv.indexOf(u'=');
        if (eq > 0)
            env.insert(kv.left(eq), kv.mid(eq + 1));
    }
    return env;
}

QString defaultSpecsDir()
{
    const QString source = QStringLiteral(ENCLII_SOURCE_SPECS_DIR);
    if (QFileInfo(source).isDir())
        return source;
    return QStringLiteral("/usr/share/enclii/specs");
}

// Keys of the config file, each naming its Config member.
const QStringList kFileKeys = {QStringLiteral("listen"), QStringLiteral("stateDir"), QStringLiteral("specs"),
                               QStringLiteral("databaseUrl"), QStringLiteral("logFormat"), QStringLiteral("logLevel"),
                               QStringLiteral("maxBodyBytes"), QStringLiteral("dbPoolSize"), QStringLiteral("role"),
                               QStringLiteral("auth"), QStringLiteral("oidcIssuer"), QStringLiteral("oidcAudience"),
                               QStringLiteral("publicUrl"), QStringLiteral("usageGraceHours"), QStringLiteral("buildWorkers"),
                               QStringLiteral("registry"), QStringLiteral("registryInsecure"), QStringLiteral("baseImageMirror"),
                               QStringLiteral("kubeconfig"), QStringLiteral("kubeContext"), QStringLiteral("gitopsRepo"),
                               QStringLiteral("gitopsRemote"), QStringLiteral("prometheusUrl"), QStringLiteral("reconcileWorkers"),
                               QStringLiteral("waveDeadlineSeconds"), QStringLiteral("simulatedReleases")};

QString readFile(const QString &path, QHash<QString, QString> &values)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return QStringLiteral("cannot read the config file %1: %2").arg(path, f.errorString());
    if (f.size() > 256 * 1024)
        return QStringLiteral("%1: a config file is limited to 256 KiB").arg(path);
    try {
        const YAML::Node root = YAML::Load(f.readAll().toStdString());
        if (root.IsNull())
            return {};
        if (!root.IsMap())
            return QStringLiteral("%1: expected key: value lines (%2)").arg(path, kFileKeys.join(QStringLiteral(", ")));
        for (auto it = root.begin(); it != root.end(); ++it) {
            const QString key = QString::fromStdString(it->first.as<std::string>());
            const auto mark = it->first.Mark();
            if (!kFileKeys.contains(key))
                return QStringLiteral("%1:%2:%3: unknown setting \"%4\"; known: %5")
                    .arg(path, QString::number(mark.line + 1), QString::number(mark.column + 1), key, kFileKeys.join(QStringLiteral(", ")));
            if (!it->second.IsScalar())
                return QStringLiteral("%1:%2:%3: %4 must be a single value").arg(path, QString::number(mark.line + 1), QString::number(mark.column + 1), key);
            values.insert(key, QString::fromStdString(it->second.Scalar()));
        }
    } catch (const YAML::Exception &e) {
        return QStringLiteral("%1:%2:%3: not valid YAML: %4").arg(path, QString::number(e.mark.line + 1), QString::number(e.mark.column + 1), QString::fromStdString(e.msg));
    }
    return {};
}

} // namespace

QString defaultStateDir(const QStringList &environment)
{
    const auto env = environmentMap(environment);
    QString base = env.value(QStringLiteral("XDG_STATE_HOME"));
    if (base.isEmpty())
        base = env.value(QStringLiteral("HOME"), QDir::homePath()) + QStringLiteral("/.local/state");
    return base + QStringLiteral("/enclii");
}

bool Config::listenAddress(QString *host, quint16 *port) const
{
    const qsizetype colon = listen.lastIndexOf(u':');
    if (colon <= 0)
        return false;
    QString h = listen.left(colon);
    if (h.startsWith(u'[') && h.endsWith(u']'))
        h = h.mid(1, h.size() - 2);
    bool ok = false;
    const uint p = listen.mid(colon + 1).toUInt(&ok);
    if (!ok || p > 65535 || QHostAddress(h).isNull())
        return false;
    *host = h;
    *port = quint16(p);
    return true;
}

ConfigResult parseConfig(const QStringList &argv, const QStringList &environment)
{
    ConfigResult result;
    Config &c = result.config;
    const auto env = environmentMap(environment);

    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "encliid, the Enclii control-plane daemon.\n\n"
        "Commands:\n"
        "  serve            run the daemon (the default): REST API on --listen, specs imported from --specs\n"
        "  validate DIR     check a specs folder; exit 0 when valid, 1 on any error\n\n"
        "Each option may also come from an environment variable (named in brackets) or from the\n"
        "YAML file given by --config, with the keys listen, stateDir, specs, databaseUrl, logFormat,\n"
        "logLevel, maxBodyBytes, dbPoolSize, role, auth, oidcIssuer, oidcAudience, publicUrl,\n"
        "usageGraceHours, buildWorkers, registry, registryInsecure, baseImageMirror, kubeconfig, kubeContext,\n"
        "gitopsRepo, gitopsRemote, prometheusUrl, reconcileWorkers, waveDeadlineSeconds, simulatedReleases.\n"
        "Flags win over the\n"
        "environment, the environment over the file. Without a database URL encliid runs its own\n"
        "PostgreSQL under the state folder; without a registry, its own registry there too.\n\n"
        "Roles: all (the default) runs everything; api runs the REST API and queues builds; worker runs\n"
        "only the build workers; reconciler runs only the reconciler (one leads at a time). Any number of\n"
        "processes may share one database. Without a kubeconfig (and outside a cluster) the reconciler\n"
        "deploys into a simulated cluster started in-process: no container runs.\n\n"
        "Sign-in: by default encliid is its own OpenID Connect provider; on first start it creates the\n"
        "admin ENCLII_ADMIN_EMAIL (default admin@enclii.local) with ENCLII_ADMIN_PASSWORD, or a generated\n"
        "password printed once. Secrets at rest are sealed with ENCLII_MASTER_KEY (32 bytes, base64) or\n"
        "the key file <state-dir>/master.key, created on first start."));
    p.addHelpOption();
    p.addVersionOption();
    p.addPositionalArgument(QStringLiteral("command"), QStringLiteral("serve (default) or validate"), QStringLiteral("[command]"));
    const QCommandLineOption listen(QStringLiteral("listen"), QStringLiteral("Address and port of the REST API [ENCLII_LISTEN]. Default 127.0.0.1:4200."), QStringLiteral("ADDR:PORT"));
    const QCommandLineOption stateDir(QStringLiteral("state-dir"), QStringLiteral("Folder for state, including the embedded database [ENCLII_STATE_DIR]. Default $XDG_STATE_HOME/enclii."), QStringLiteral("DIR"));
    const QCommandLineOption specs(QStringLiteral("specs"), QStringLiteral("Specs folder imported at start [ENCLII_SPECS]."), QStringLiteral("DIR"));
    const QCommandLineOption database(QStringLiteral("database-url"), QStringLiteral("PostgreSQL to use instead of the embedded one [DATABASE_URL]."), QStringLiteral("URL"));
    const QCommandLineOption logFormat(QStringLiteral("log-format"), QStringLiteral("text or json [ENCLII_LOG_FORMAT]. Default text."), QStringLiteral("FORMAT"));
    const QCommandLineOption logLevel(QStringLiteral("log-level"), QStringLiteral("trace, debug, info, warn or error [ENCLII_LOG_LEVEL]. Default info."), QStringLiteral("LEVEL"));
    const QCommandLineOption maxBody(QStringLiteral("max-body-bytes"), QStringLiteral("Largest request body accepted [ENCLII_MAX_BODY_BYTES]. Default 1048576."), QStringLiteral("N"));
    const QCommandLineOption pool(QStringLiteral("db-pool-size"), QStringLiteral("Database connections [ENCLII_DB_POOL_SIZE]. Default 4."), QStringLiteral("N"));
    const QCommandLineOption role(QStringLiteral("role"), QStringLiteral("What this process runs: all, api, worker or reconciler [ENCLII_ROLE]. Default all."), QStringLiteral("ROLE"));
    const QCommandLineOption config(QStringLiteral("config"), QStringLiteral("YAML settings file [ENCLII_CONFIG]."), QStringLiteral("FILE"));
    const QCommandLineOption authMode(QStringLiteral("auth"), QStringLiteral("Sign-in: builtin (encliid's own OIDC provider), external (tokens from --oidc-issuer) or disabled [ENCLII_AUTH]. Default builtin, or external when an issuer is given."), QStringLiteral("MODE"));
    const QCommandLineOption issuer(QStringLiteral("oidc-issuer"), QStringLiteral("External OpenID Connect issuer whose tokens to accept, e.g. https://auth.janua.dev [ENCLII_OIDC_ISSUER]."), QStringLiteral("URL"));
    const QCommandLineOption audience(QStringLiteral("oidc-audience"), QStringLiteral("Audience access tokens must carry [ENCLII_OIDC_AUDIENCE]. Default enclii."), QStringLiteral("AUD"));
    const QCommandLineOption publicUrl(QStringLiteral("public-url"), QStringLiteral("URL clients reach encliid at; the built-in provider's issuer [ENCLII_PUBLIC_URL]. Default http://<listen>."), QStringLiteral("URL"));
    const QCommandLineOption grace(QStringLiteral("usage-grace-hours"), QStringLiteral("How late a usage event may arrive and still be stored, in hours [ENCLII_USAGE_GRACE_HOURS]. Default 48."), QStringLiteral("N"));
    const QCommandLineOption workers(QStringLiteral("build-workers"), QStringLiteral("Concurrent builds in this process [ENCLII_BUILD_WORKERS]. Default 2."), QStringLiteral("N"));
    const QCommandLineOption registry(QStringLiteral("registry"), QStringLiteral("Registry images are pushed to, host[:port][/prefix] [ENCLII_REGISTRY]; credentials in ENCLII_REGISTRY_USERNAME and ENCLII_REGISTRY_PASSWORD. Default: a private registry started under the state folder."), QStringLiteral("HOST"));
    const QCommandLineOption insecure(QStringLiteral("registry-insecure"), QStringLiteral("Talk plain HTTP to a registry that is not on loopback [ENCLII_REGISTRY_INSECURE=1]."));
    const QCommandLineOption mirror(QStringLiteral("base-image-mirror"), QStringLiteral("Registry host[:port] base images are pulled from instead of their own [ENCLII_BASE_IMAGE_MIRROR]. Default with the embedded registry: that registry."), QStringLiteral("HOST"));
    const QCommandLineOption kubeconfig(QStringLiteral("kubeconfig"), QStringLiteral("The cluster to reconcile into [KUBECONFIG]. Default: the pod's service account in a cluster, otherwise a simulated cluster in-process."), QStringLiteral("FILE"));
    const QCommandLineOption kubeContext(QStringLiteral("kube-context"), QStringLiteral("The kubeconfig context [ENCLII_KUBE_CONTEXT]. Default: its current-context."), QStringLiteral("NAME"));
    const QCommandLineOption gitopsRepo(QStringLiteral("gitops-repo"), QStringLiteral("Also write the rendered manifests into this git working tree, a commit per change [ENCLII_GITOPS_REPO]."), QStringLiteral("DIR"));
    const QCommandLineOption gitopsRemote(QStringLiteral("gitops-remote"), QStringLiteral("Clone the GitOps repository from, and push it to, this URL [ENCLII_GITOPS_REMOTE]."), QStringLiteral("URL"));
    const QCommandLineOption prometheus(QStringLiteral("prometheus-url"), QStringLiteral("Read services' request metrics from this Prometheus [ENCLII_PROMETHEUS_URL]. Default: the simulated cluster's own exposition."), QStringLiteral("URL"));
    const QCommandLineOption reconcileWorkers(QStringLiteral("reconcile-workers"), QStringLiteral("Reconciler worker threads [ENCLII_RECONCILE_WORKERS]. Default 4."), QStringLiteral("N"));
    const QCommandLineOption waveDeadline(QStringLiteral("wave-deadline-seconds"), QStringLiteral("How long a deployment wave may take to be ready before it is failed [ENCLII_WAVE_DEADLINE_SECONDS]. Default 600."), QStringLiteral("N"));
    const QCommandLineOption simulatedReleases(QStringLiteral("simulated-releases"), QStringLiteral("With the simulated cluster only: give every service without a release a simulated one, so the whole ecosystem deploys [ENCLII_SIMULATED_RELEASES=1]."));
    p.addOptions({listen, stateDir, specs, database, logFormat, logLevel, maxBody, pool, role, config, authMode, issuer, audience, publicUrl, grace,
                  workers, registry, insecure, mirror, kubeconfig, kubeContext, gitopsRepo, gitopsRemote, prometheus, reconcileWorkers,
                  waveDeadline, simulatedReleases});

    if (!p.parse(argv)) {
        result.error = p.errorText() + QStringLiteral("; see encliid --help");
        return result;
    }
    if (p.isSet(QStringLiteral("help"))) {
        result.exitNow = true;
        result.output = p.helpText();
        return result;
    }
    if (p.isSet(QStringLiteral("version"))) {
        result.exitNow = true;
        result.output = QStringLiteral("encliid %1\n").arg(QStringLiteral(ENCLII_VERSION));
        return result;
    }

    QHash<QString, QString> file;
    c.configFile = p.isSet(config) ? p.value(config) : env.value(QStringLiteral("ENCLII_CONFIG"));
    if (!c.configFile.isEmpty()) {
        result.error = readFile(c.configFile, file);
        if (!result.error.isEmpty())
            return result;
    }
    auto pick = [&](const QCommandLineOption &opt, const char *envName, const QString &fileKey, const QString &fallback) {
        if (p.isSet(opt))
            return p.value(opt);
        if (env.contains(QLatin1String(envName)))
            return env.value(QLatin1String(envName));
        return file.value(fileKey, fallback);
    };
    c.listen = pick(listen, "ENCLII_LISTEN", QStringLiteral("listen"), c.listen);
    c.stateDir = pick(stateDir, "ENCLII_STATE_DIR", QStringLiteral("stateDir"), defaultStateDir(environment));
    c.specsDir = pick(specs, "ENCLII_SPECS", QStringLiteral("specs"), defaultSpecsDir());
    c.databaseUrl = pick(database, "DATABASE_URL", QStringLiteral("databaseUrl"), QString());
    c.logFormat = pick(logFormat, "ENCLII_LOG_FORMAT", QStringLiteral("logFormat"), c.logFormat);
    c.logLevel = pick(logLevel, "ENCLII_LOG_LEVEL", QStringLiteral("logLevel"), c.logLevel);
    c.role = pick(role, "ENCLII_ROLE", QStringLiteral("role"), c.role);
    c.oidcIssuer = pick(issuer, "ENCLII_OIDC_ISSUER", QStringLiteral("oidcIssuer"), QString());
    c.oidcAudience = pick(audience, "ENCLII_OIDC_AUDIENCE", QStringLiteral("oidcAudience"), c.oidcAudience);
    c.publicUrl = pick(publicUrl, "ENCLII_PUBLIC_URL", QStringLiteral("publicUrl"), QString());
    c.authMode = pick(authMode, "ENCLII_AUTH", QStringLiteral("auth"),
                      c.oidcIssuer.isEmpty() ? QStringLiteral("builtin") : QStringLiteral("external"));
    if (!QStringList{QStringLiteral("builtin"), QStringLiteral("external"), QStringLiteral("disabled")}.contains(c.authMode)) {
        result.error = QStringLiteral("auth must be builtin, external or disabled, not \"%1\"").arg(c.authMode);
        return result;
    }
    if (c.authMode == QLatin1String("external")) {
        const QUrl u(c.oidcIssuer);
        if (c.oidcIssuer.isEmpty() || !u.isValid() || (u.scheme() != QLatin1String("https") && u.scheme() != QLatin1String("http")))
            return result.error = QStringLiteral("auth external needs --oidc-issuer URL (such as https://auth.janua.dev)"), result;
    }
    if (!c.publicUrl.isEmpty() && !QUrl(c.publicUrl).isValid())
        return result.error = QStringLiteral("public-url must be a URL such as https://api.enclii.dev"), result;
    bool ok = true;
    c.maxBodyBytes = pick(maxBody, "ENCLII_MAX_BODY_BYTES", QStringLiteral("maxBodyBytes"), QString::number(c.maxBodyBytes)).toLongLong(&ok);
    if (!ok || c.maxBodyBytes < 1024) {
        result.error = QStringLiteral("max-body-bytes must be a whole number of at least 1024");
        return result;
    }
    c.dbPoolSize = pick(pool, "ENCLII_DB_POOL_SIZE", QStringLiteral("dbPoolSize"), QString::number(c.dbPoolSize)).toInt(&ok);
    if (!ok || c.dbPoolSize < 1 || c.dbPoolSize > 100) {
        result.error = QStringLiteral("db-pool-size must be a whole number from 1 to 100");
        return result;
    }
    c.usageGraceHours = pick(grace, "ENCLII_USAGE_GRACE_HOURS", QStringLiteral("usageGraceHours"), QString::number(c.usageGraceHours)).toInt(&ok);
    if (!ok || c.usageGraceHours < 1 || c.usageGraceHours > 24 * 31) {
        result.error = QStringLiteral("usage-grace-hours must be a whole number from 1 to 744 (31 days)");
        return result;
    }
    if (c.logFormat != QLatin1String("text") && c.logFormat != QLatin1String("json")) {
        result.error = QStringLiteral("log-format must be text or json, not \"%1\"").arg(c.logFormat);
        return result;
    }
    if (c.role != QLatin1String("all") && c.role != QLatin1String("api") && c.role != QLatin1String("worker")
        && c.role != QLatin1String("reconciler")) {
        result.error = QStringLiteral("role must be all, api, worker or reconciler, not \"%1\"").arg(c.role);
        return result;
    }
    c.kubeconfig = pick(kubeconfig, "KUBECONFIG", QStringLiteral("kubeconfig"), QString());
    c.kubeContext = pick(kubeContext, "ENCLII_KUBE_CONTEXT", QStringLiteral("kubeContext"), QString());
    c.gitopsRepo = pick(gitopsRepo, "ENCLII_GITOPS_REPO", QStringLiteral("gitopsRepo"), QString());
    c.gitopsRemote = pick(gitopsRemote, "ENCLII_GITOPS_REMOTE", QStringLiteral("gitopsRemote"), QString());
    if (!c.gitopsRemote.isEmpty() && c.gitopsRepo.isEmpty()) {
        result.error = QStringLiteral("gitops-remote needs --gitops-repo DIR, the working tree it is cloned into");
        return result;
    }
    c.prometheusUrl = pick(prometheus, "ENCLII_PROMETHEUS_URL", QStringLiteral("prometheusUrl"), QString());
    if (!c.prometheusUrl.isEmpty()) {
        const QUrl u(c.prometheusUrl);
        if (!u.isValid() || (u.scheme() != QLatin1String("http") && u.scheme() != QLatin1String("https")) || u.host().isEmpty()) {
            result.error = QStringLiteral("prometheus-url must be an http(s) URL such as http://prometheus.monitoring:9090");
            return result;
        }
    }
    c.reconcileWorkers = pick(reconcileWorkers, "ENCLII_RECONCILE_WORKERS", QStringLiteral("reconcileWorkers"), QString::number(c.reconcileWorkers)).toInt(&ok);
    if (!ok || c.reconcileWorkers < 1 || c.reconcileWorkers > 64) {
        result.error = QStringLiteral("reconcile-workers must be a whole number from 1 to 64");
        return result;
    }
    c.waveDeadlineSeconds = pick(waveDeadline, "ENCLII_WAVE_DEADLINE_SECONDS", QStringLiteral("waveDeadlineSeconds"), QString::number(c.waveDeadlineSeconds)).toInt(&ok);
    if (!ok || c.waveDeadlineSeconds < 1 || c.waveDeadlineSeconds > 7 * 24 * 3600) {
        result.error = QStringLiteral("wave-deadline-seconds must be a whole number from 1 to 604800 (a week)");
        return result;
    }
    if (env.contains(QStringLiteral("ENCLII_SAMPLE_SECONDS"))) {
        c.sampleSeconds = env.value(QStringLiteral("ENCLII_SAMPLE_SECONDS")).toInt(&ok);
        if (!ok || c.sampleSeconds < 1 || c.sampleSeconds > 3600) {
            result.error = QStringLiteral("ENCLII_SAMPLE_SECONDS must be a whole number from 1 to 3600");
            return result;
        }
    }
    c.buildWorkers = pick(workers, "ENCLII_BUILD_WORKERS", QStringLiteral("buildWorkers"), QString::number(c.buildWorkers)).toInt(&ok);
    if (!ok || c.buildWorkers < 0 || c.buildWorkers > 64) {
        result.error = QStringLiteral("build-workers must be a whole number from 0 (no builds here) to 64");
        return result;
    }
    c.registry = pick(registry, "ENCLII_REGISTRY", QStringLiteral("registry"), QString());
    if (c.registry.contains(QLatin1String("://")) || c.registry.contains(u'@') || c.registry.endsWith(u'/')) {
        result.error = QStringLiteral("registry is host[:port][/prefix] with no scheme, credentials or trailing slash, such as ghcr.io/madfam-org; "
                                      "credentials go in ENCLII_REGISTRY_USERNAME and ENCLII_REGISTRY_PASSWORD");
        return result;
    }
    c.registryUsername = env.value(QStringLiteral("ENCLII_REGISTRY_USERNAME"));
    c.registryPassword = env.value(QStringLiteral("ENCLII_REGISTRY_PASSWORD"));
    c.simulatedReleases = p.isSet(simulatedReleases) || env.value(QStringLiteral("ENCLII_SIMULATED_RELEASES")) == QLatin1String("1")
        || file.value(QStringLiteral("simulatedReleases")) == QLatin1String("true");
    c.registryInsecure = p.isSet(insecure) || env.value(QStringLiteral("ENCLII_REGISTRY_INSECURE")) == QLatin1String("1")
        || file.value(QStringLiteral("registryInsecure")) == QLatin1String("true");
    c.baseImageMirror = pick(mirror, "ENCLII_BASE_IMAGE_MIRROR", QStringLiteral("baseImageMirror"), QString());
    for (const QString &rule : env.value(QStringLiteral("ENCLII_GIT_REWRITE")).split(u';', Qt::SkipEmptyParts)) {
        if (!rule.contains(u'=') || rule.section(u'=', 0, 0).isEmpty()) {
            result.error = QStringLiteral("ENCLII_GIT_REWRITE takes FROM=TO rules separated by ';', such as "
                                          "https://github.com/madfam-org/=file:///srv/mirrors/");
            return result;
        }
        c.gitRewrites << rule;
    }
    c.sbomFormat = env.value(QStringLiteral("ENCLII_SBOM_FORMAT"), c.sbomFormat).toLower();
    if (c.sbomFormat != QLatin1String("cyclonedx") && c.sbomFormat != QLatin1String("spdx")) {
        result.error = QStringLiteral("ENCLII_SBOM_FORMAT is cyclonedx (CycloneDX 1.5, the default) or spdx (SPDX 2.3)");
        return result;
    }
    if (env.contains(QStringLiteral("ENCLII_BUILD_LEASE_SECONDS"))) {
        c.buildLeaseSeconds = env.value(QStringLiteral("ENCLII_BUILD_LEASE_SECONDS")).toInt(&ok);
        if (!ok || c.buildLeaseSeconds < 3 || c.buildLeaseSeconds > 3600) {
            result.error = QStringLiteral("ENCLII_BUILD_LEASE_SECONDS must be a whole number from 3 to 3600");
            return result;
        }
    }
    QString host;
    quint16 port = 0;
    if (!c.listenAddress(&host, &port)) {
        result.error = QStringLiteral("listen must be ADDRESS:PORT such as 127.0.0.1:4200, not \"%1\"").arg(c.listen);
        return result;
    }

    const QStringList positional = p.positionalArguments();
    if (!positional.isEmpty()) {
        c.command = positional.first();
        c.arguments = positional.mid(1);
    }
    if (c.command != QLatin1String("serve") && c.command != QLatin1String("validate")) {
        result.error = QStringLiteral("unknown command \"%1\"; expected serve or validate").arg(c.command);
        return result;
    }
    if (c.command == QLatin1String("validate") && c.arguments.size() != 1) {
        result.error = QStringLiteral("validate takes one folder: encliid validate DIR");
        return result;
    }
    if (c.command == QLatin1String("serve") && !c.arguments.isEmpty()) {
        result.error = QStringLiteral("serve takes no arguments; use --specs DIR for the specs folder");
        return result;
    }
    return result;
}

} // namespace enclii::daemon
