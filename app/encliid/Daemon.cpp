#include "Daemon.h"

#include "api/AccessGuard.h"
#include "api/IdentityResources.h"
#include "api/Switchyard.h"
#include "api/UsageResources.h"
#include "api/RoundhouseResources.h"
#include "api/EventsResource.h"
#include "auth/Authenticator.h"
#include "auth/KeyRing.h"
#include "auth/RemoteJwks.h"
#include "auth/TokenValidator.h"
#include "auth/crypto/PasswordHash.h"
#include "auth/crypto/SecretBox.h"
#include "store/AuditLog.h"
#include "store/IdentityRepository.h"
#include "catalog/Catalog.h"
#include "http/HttpServer.h"
#include "store/Database.h"
#include "store/EmbeddedPostgres.h"
#include "store/Migrator.h"
#include "waybill/UsageIngest.h"
#include "roundhouse/BuildQueue.h"
#include "roundhouse/BuildPipeline.h"
#include "roundhouse/BuildRecord.h"
#include "roundhouse/ImageSigner.h"
#include "oci/registry/EmbeddedRegistry.h"
#include "roundhouse/BuildWorkers.h"
#include "roundhouse/JobListener.h"
#include "roundhouse/WebhookStore.h"
#include "store/EventFeed.h"
#include "api/WaybillResources.h"
#include "waybill/WaybillService.h"
#include "waybill/Budgets.h"
#include "api/DeploymentResources.h"
#include "kube/client/KubeConfig.h"
#include "kube/sim/SimCluster.h"
#include "reconcile/ClusterSampler.h"
#include "reconcile/ClusterView.h"
#include "reconcile/Controller.h"
#include "reconcile/DeploymentRepository.h"
#include "reconcile/GitOpsWriter.h"
#include "api/CanaryResources.h"
#include "canary/ReleaseGate.h"
#include "canary/RolloutControls.h"
#include "canary/RolloutService.h"
#include "canary/RolloutStore.h"
#include "observe/EmbeddedPrometheus.h"
#include "RolloutRuntime.h"
#include "SimulatedReleases.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>

#include <spdlog/spdlog.h>

namespace enclii::daemon {

using auth::SecretBox;

struct Daemon::Private
{
    Config config;
    std::unique_ptr<store::EmbeddedPostgres> postgres;
    std::unique_ptr<store::Database> db;
    std::unique_ptr<catalog::Catalog> catalog;
    std::unique_ptr<store::IdentityRepository> identity;
    std::unique_ptr<store::AuditLog> audit;
    std::unique_ptr<auth::KeyRing> keyRing;
    std::unique_ptr<auth::RemoteJwks> remoteJwks;
    std::unique_ptr<auth::TokenValidator> validator;
    std::unique_ptr<auth::Authenticator> authenticator;
    std::unique_ptr<api::IdentityResources> identityApi;
    std::unique_ptr<api::Switchyard> api;
    std::unique_ptr<waybill::UsageIngest> usageIngest;
    std::unique_ptr<api::UsageResources> usageApi;
    std::unique_ptr<roundhouse::BuildQueue> buildQueue;
    std::unique_ptr<roundhouse::WebhookStore> webhooks;
    std::unique_ptr<api::RoundhouseResources> roundhouseApi;
    std::unique_ptr<roundhouse::BuildRecord> buildRecord;
    std::unique_ptr<store::EventFeed> eventFeed;
    std::unique_ptr<api::EventsResource> eventsApi;
    std::unique_ptr<roundhouse::JobListener> jobListener;
    std::unique_ptr<roundhouse::BuildWorkers> workers;
    std::unique_ptr<roundhouse::ImageSigner> signer;
    std::unique_ptr<oci::EmbeddedRegistry> registry;
    std::unique_ptr<roundhouse::BuildPipeline> pipeline;
    std::unique_ptr<kube::sim::SimCluster> sim;
    std::unique_ptr<reconcile::DeploymentRepository> deployments;
    std::unique_ptr<reconcile::ClusterView> clusterView;
    std::unique_ptr<reconcile::ClusterSampler> sampler;
    std::unique_ptr<reconcile::GitOpsWriter> gitops;
    std::unique_ptr<reconcile::Controller> reconciler;
    std::unique_ptr<api::DeploymentResources> deploymentApi;
    std::unique_ptr<observe::EmbeddedPrometheus> prometheus;
    std::unique_ptr<RolloutRuntime> rollouts;
    std::unique_ptr<canary::ReleaseGate> releaseGate;
    std::unique_ptr<canary::RolloutStore> rolloutStore;       // API-only processes
    std::unique_ptr<canary::RolloutControls> rolloutControls; // API-only processes
    std::unique_ptr<api::CanaryResources> canaryApi;
    std::unique_ptr<SimulatedReleases> simulatedReleases; // the simulated cluster only
    std::unique_ptr<http::HttpServer> server;
    std::unique_ptr<waybill::WaybillService> waybill;
    std::unique_ptr<api::WaybillResources> waybillApi;
    QString connection;
    quint16 port = 0;
    QString host;
    QString issuer;
    QString bootstrapPassword;

    bool startAuth(QString *error);
    bool startWorkers(QString *error);
    bool startReconciler(QString *error);
    QUrl metricsSource(bool simulated, QString *error);
    void startCanaryApi(http::Router &router);
    std::optional<kube::KubeConfig> clusterConfig(bool *simulated, QString *error);
};

namespace {

const QString kConsoleClient = QStringLiteral("enclii-console");

std::optional<SecretBox> masterKey(const Config &c, QString *error)
{
    const QByteArray fromEnv = qgetenv("ENCLII_MASTER_KEY");
    if (fromEnv.isEmpty() && !QDir().mkpath(c.stateDir)) {
        *error = QStringLiteral("cannot create the state folder %1 for the master key").arg(c.stateDir);
        return std::nullopt;
    }
    QByteArray key = fromEnv.isEmpty() ? SecretBox::loadOrCreateKeyFile(QDir(c.stateDir).filePath(QStringLiteral("master.key")), error)
                                       : QByteArray::fromBase64(fromEnv);
    auto box = SecretBox::fromKey(key);
    if (!box && error->isEmpty())
        *error = QStringLiteral("ENCLII_MASTER_KEY must be 32 bytes in base64");
    return box;
}

} // namespace

bool Daemon::Private::startAuth(QString *error)
{
    const Config &c = config;
    if (c.authMode == QLatin1String("disabled") && !QHostAddress(host).isLoopback()) {
        *error = QStringLiteral("--auth disabled would open every route to the network on %1; listen on loopback, "
                                "or keep sign-in on").arg(c.listen);
        return false;
    }
    if (c.authMode == QLatin1String("disabled")) {
        spdlog::warn("sign-in is disabled (--auth disabled): every API route is open to whoever reaches {}", c.listen.toStdString());
        return true;
    }
    if (c.authMode == QLatin1String("external")) {
        issuer = c.oidcIssuer; // exactly as configured: it is compared byte for byte with iss
        remoteJwks = std::make_unique<auth::RemoteJwks>(issuer);
        validator = std::make_unique<auth::TokenValidator>(*remoteJwks, issuer, c.oidcAudience);
        authenticator = std::make_unique<auth::Authenticator>(*validator, identity.get());
        spdlog::info("accepting tokens from the external issuer {}", issuer.toStdString());
        return true;
    }
    QString why;
    const auto box = masterKey(c, &why);
    if (!box) {
        *error = QStringLiteral("the master key is not usable: %1").arg(why);
        return false;
    }
    keyRing = std::make_unique<auth::KeyRing>(*identity, *box);
    if (!keyRing->ensureSigningKey(&why)) {
        *error = QStringLiteral("no signing key: %1").arg(why);
        return false;
    }
    validator = std::make_unique<auth::TokenValidator>(*keyRing, issuer, c.oidcAudience, 60, true);
    authenticator = std::make_unique<auth::Authenticator>(*validator, identity.get());

    // The console is a public client (PKCE); RFC 8252 loopback redirects on any port.
    store::ClientRow console;
    console.clientId = kConsoleClient;
    console.name = QStringLiteral("Enclii console");
    console.redirectUris = {QStringLiteral("http://127.0.0.1/callback"), QStringLiteral("http://[::1]/callback")};
    console.grantTypes = {QStringLiteral("authorization_code"), QStringLiteral("refresh_token")};
    console.scopes = {QStringLiteral("openid"), QStringLiteral("profile"), QStringLiteral("email"), QStringLiteral("offline_access")};
    identity->upsertClient(console);

    if (identity->userCount() == 0) {
        QString email = qEnvironmentVariable("ENCLII_ADMIN_EMAIL", QStringLiteral("admin@enclii.local")).trimmed().toLower();
        QString password = qEnvironmentVariable("ENCLII_ADMIN_PASSWORD");
        if (password.isEmpty()) {
            password = auth::randomToken(18);
            bootstrapPassword = password; // printed once by the caller, never logged
        } else if (password.size() < 12) {
            *error = QStringLiteral("ENCLII_ADMIN_PASSWORD must be at least 12 characters");
            return false;
        }
        try {
            identity->createUser(QStringLiteral("usr_") + auth::randomToken(12), email, QStringLiteral("Administrator"),
                                 auth::hashPassword(password), {core::RoleGrant{QStringLiteral("admin"), {}}});
        } catch (const std::exception &) {
            // Another replica starting at the same moment created the first admin first.
            if (identity->userCount() == 0)
                throw;
            bootstrapPassword.clear();
            return true;
        }
        audit->append(QStringLiteral("system"), QStringLiteral("user.create"), QStringLiteral("user/") + email,
                      QJsonObject{{QStringLiteral("roles"), QJsonArray{QStringLiteral("admin")}}, {QStringLiteral("bootstrap"), true}});
        spdlog::info("created the first administrator, {}", email.toStdString());
    }
    return true;
}

bool Daemon::Private::startWorkers(QString *error)
{
    const Config &c = config;
    if (c.role == QLatin1String("api") || c.role == QLatin1String("reconciler") || c.buildWorkers == 0) {
        spdlog::info("no build workers in this process (role {}, {} worker(s))", c.role.toStdString(), c.buildWorkers);
        return true;
    }
    roundhouse::BuildPipeline::Options o;
    o.scratchDir = QDir(c.stateDir).filePath(QStringLiteral("builds"));
    if (c.registry.isEmpty()) {
        oci::EmbeddedRegistry::Options ro;
        ro.stateDir = QDir(c.stateDir).filePath(QStringLiteral("registry"));
        registry = std::make_unique<oci::EmbeddedRegistry>(ro);
        spdlog::info("starting the embedded registry in {}", ro.stateDir.toStdString());
        if (!registry->start()) {
            *error = QStringLiteral("the embedded registry did not start: %1 (install docker-registry, or give --registry)").arg(registry->error());
            return false;
        }
        o.target.location = registry->address();
        spdlog::info("embedded registry ready on {}", o.target.location.toStdString());
    } else {
        o.target.location = c.registry;
        o.target.username = c.registryUsername;
        o.target.password = c.registryPassword;
        o.target.insecure = c.registryInsecure;
    }
    // Offline by default: base images come from our own registry unless a mirror is named.
    o.baseImageMirror = c.baseImageMirror.isEmpty() && registry ? registry->address() : c.baseImageMirror;
    o.baseImageMirrorInsecure = c.registryInsecure;
    catalog::Catalog *cat = catalog.get();
    o.serviceSpec = [cat](const QString &name) -> std::optional<core::ServiceSpec> {
        const auto snapshot = cat->snapshot();
        const core::ServiceSpec *s = snapshot->specs.service(name);
        return s ? std::optional<core::ServiceSpec>(*s) : std::nullopt;
    };
    waybill::UsageIngest *ingest = usageIngest.get();
    o.usage = [ingest](const roundhouse::BuildUsage &u) {
        waybill::UsageEvent e;
        e.type = u.succeeded ? waybill::UsageType::BuildCompleted : waybill::UsageType::BuildFailed;
        e.project = u.project;
        e.resource = u.service;
        e.timestamp = u.finishedAt;
        // Milliseconds to minutes in exact decimal (6 places, rounded up); Waybill rounds per its rules.
        e.quantities.insert(waybill::quantity::Minutes, waybill::Decimal::fromInt(u.durationMs)
                                                            .divided(waybill::Decimal::fromInt(60000), waybill::Rounding::Up, 6));
        e.idempotencyKey = u.succeeded ? QStringLiteral("build/%1/completed").arg(u.buildId)
                                       : QStringLiteral("build/%1/attempt/%2/failed").arg(u.buildId).arg(u.attempt);
        const auto r = ingest->record(e);
        if (r.status != waybill::UsageIngest::Status::Accepted && r.status != waybill::UsageIngest::Status::Duplicate)
            spdlog::warn("build {}: usage not recorded: {}", u.buildId, r.reason.toStdString());
    };
    o.signer = signer.get();
    o.spdx = c.sbomFormat == QLatin1String("spdx");
    for (const QString &rule : c.gitRewrites)
        o.gitUrlRewrites.append({rule.section(u'=', 0, 0), rule.section(u'=', 1)});
    pipeline = std::make_unique<roundhouse::BuildPipeline>(*buildRecord, o);
    roundhouse::BuildPipeline *p = pipeline.get();
    roundhouse::BuildWorkers::Options wo;
    wo.concurrency = c.buildWorkers;
    wo.leaseSeconds = c.buildLeaseSeconds;
    workers = std::make_unique<roundhouse::BuildWorkers>(
        *buildQueue, *buildRecord,
        [p](const roundhouse::BuildJob &job, roundhouse::BuildLog &log, const roundhouse::StopFlag &stop) { return p->run(job, log, stop); },
        wo);
    jobListener = std::make_unique<roundhouse::JobListener>(connection);
    QObject::connect(jobListener.get(), &roundhouse::JobListener::jobQueued, workers.get(), &roundhouse::BuildWorkers::wake);
    QString why;
    if (!jobListener->start(&why))
        spdlog::warn("build workers cannot LISTEN ({}); they poll every 5 s", why.toStdString());
    workers->start();
    return true;
}

// The cluster to reconcile into: a kubeconfig, the pod's service account, or else the
// simulated cluster, started here on a loopback port.
std::optional<kube::KubeConfig> Daemon::Private::clusterConfig(bool *simulated, QString *error)
{
    const Config &c = config;
    *simulated = false;
    if (!c.kubeconfig.isEmpty()) {
        const auto loaded = kube::KubeConfig::fromKubeconfig(c.kubeconfig.split(u':', Qt::SkipEmptyParts), c.kubeContext);
        if (!loaded.ok()) {
            *error = loaded.error().toString();
            return std::nullopt;
        }
        return loaded.value();
    }
    if (kube::KubeConfig::runningInCluster()) {
        const auto loaded = kube::KubeConfig::inCluster();
        if (!loaded.ok()) {
            *error = loaded.error().toString();
            return std::nullopt;
        }
        return loaded.value();
    }
    kube::sim::SimOptions simOptions;
    // Users, simulated: requests per second per Service (ENCLII_SIM_LOAD; 0: none).
    bool loadOk = false;
    simOptions.syntheticRequestsPerSecond = qEnvironmentVariable("ENCLII_SIM_LOAD", QStringLiteral("8")).toDouble(&loadOk);
    if (!loadOk || simOptions.syntheticRequestsPerSecond < 0 || simOptions.syntheticRequestsPerSecond > 10000) {
        *error = QStringLiteral("ENCLII_SIM_LOAD must be a number of requests per second per Service from 0 to 10000");
        return std::nullopt;
    }
    sim = std::make_unique<kube::sim::SimCluster>(simOptions);
    if (sim->listen() == 0) {
        *error = QStringLiteral("the simulated cluster cannot listen on loopback: %1").arg(sim->errorString());
        return std::nullopt;
    }
    *simulated = true;
    kube::KubeConfig cluster;
    cluster.server = sim->url();
    cluster.origin = QStringLiteral("simulated cluster");
    spdlog::warn("no kubeconfig: reconciling into a simulated cluster at {} (KWOK-like: the API is real, no container runs); "
                 "give --kubeconfig for a real one", sim->url().toString().toStdString());
    return cluster;
}

bool Daemon::Private::startReconciler(QString *error)
{
    const Config &c = config;
    if (!c.runsReconciler()) {
        spdlog::info("no reconciler in this process (role {})", c.role.toStdString());
        return true;
    }
    bool simulated = false;
    QString why;
    const auto cluster = clusterConfig(&simulated, &why);
    if (!cluster) {
        *error = QStringLiteral("the reconciler has no cluster: %1").arg(why);
        return false;
    }
    spdlog::info("reconciler target: {}", cluster->describe().toStdString());

    const QUrl prometheusUrl = metricsSource(simulated, &why);
    if (!why.isEmpty()) {
        *error = why;
        return false;
    }

    clusterView = std::make_unique<reconcile::ClusterView>(c.sampleSeconds, 3600);
    clusterView->setCluster(cluster->server.toString(), simulated);
    reconcile::ClusterSampler::Options so;
    so.intervalMs = c.sampleSeconds * 1000;
    so.client = reconcile::Controller::defaultClientOptions();
    if (!c.prometheusUrl.isEmpty())
        so.prometheus = QUrl(c.prometheusUrl);
    else if (sim)
        so.exposition = QUrl(sim->url().toString() + QStringLiteral("/sim/v1/metrics"));
    sampler = std::make_unique<reconcile::ClusterSampler>(*cluster, so, *clusterView);
    sampler->start();

    reconcile::Controller::Options o;
    o.workers = c.reconcileWorkers;
    o.waveDeadlineSeconds = c.waveDeadlineSeconds;
    o.databaseConnection = connection;
    o.simulated = simulated;
    if (!c.gitopsRepo.isEmpty()) {
        reconcile::GitOpsWriter::Options target;
        target.repoDir = c.gitopsRepo;
        target.remote = c.gitopsRemote;
        gitops = std::make_unique<reconcile::GitOpsWriter>(target);
        reconcile::GitOpsWriter *writer = gitops.get();
        o.onPlanned = [writer](const reconcile::DesiredState &state) {
            QList<QJsonObject> objects;
            for (const reconcile::DesiredObject &x : state.objects)
                objects << x.object;
            const auto r = writer->write(objects, QStringLiteral("desired state %1").arg(state.fingerprint.left(60)));
            if (!r.ok)
                spdlog::warn("GitOps repository not written: {}", r.error.toStdString());
            else if (r.committed)
                spdlog::info("GitOps commit {}: {}", r.commit.toStdString(), r.message.section(u'\n', 0, 0).toStdString());
        };
        spdlog::info("GitOps target: {}", c.gitopsRepo.toStdString());
    }
    // Canary rollouts: driven by whichever process leads the reconciler; a canary service's
    // new release reaches its stable track only through one (the release gate).
    RolloutRuntime::Options ro;
    ro.cluster = *cluster;
    ro.prometheus = prometheusUrl;
    ro.webhook = QUrl(qEnvironmentVariable("ENCLII_ROLLOUT_WEBHOOK_URL"));
    rollouts = std::make_unique<RolloutRuntime>(*db, audit.get(), ro);
    canary::RolloutService *rolloutService = &rollouts->service();
    releaseGate = std::make_unique<canary::ReleaseGate>(
        *db, [rolloutService](const core::ServiceSpec &s, const QString &image, const QString &revision, const QString &actor) {
            const auto started = rolloutService->startRollout(s, image, revision, actor);
            if (started.created)
                spdlog::info("canary rollout #{} of {} started ({})", started.rollout.id, s.name.toStdString(), actor.toStdString());
        });

    catalog::Catalog *cat = catalog.get();
    reconcile::DeploymentRepository *repo = deployments.get();
    canary::ReleaseGate *gate = releaseGate.get();
    const auto source = [cat, repo, gate] {
        reconcile::DesiredInput in;
        const auto snapshot = cat->snapshot();
        in.specs = snapshot->specs;
        in.releases = gate->gate(in.specs, repo->currentReleases());
        in.inRollout = gate->inRollout();
        QStringList parts{QString::number(snapshot->generation)};
        for (auto it = in.releases.begin(); it != in.releases.end(); ++it)
            parts << it.key() + u'=' + QString::number(it->id);
        for (const QString &service : in.inRollout)
            parts << service + QStringLiteral("=rollout");
        parts.sort();
        in.fingerprint = parts.join(u' ');
        return in;
    };
    if (sim) {
        simulatedReleases = std::make_unique<SimulatedReleases>(*db, *catalog, *sim, audit.get());
        if (c.simulatedReleases)
            spdlog::info("simulated releases: {} service(s) got one (--simulated-releases)", simulatedReleases->seedMissing());
    } else if (c.simulatedReleases) {
        spdlog::warn("--simulated-releases is for the simulated cluster only; ignored with {}", cluster->describe().toStdString());
    }
    reconciler = std::make_unique<reconcile::Controller>(*cluster, o, source, repo);
    RolloutRuntime *runtime = rollouts.get();
    QObject::connect(reconciler.get(), &reconcile::Controller::leadershipChanged, reconciler.get(),
                     [runtime](bool leading) { runtime->setLeading(leading); }, Qt::DirectConnection);
    reconciler->start();
    return true;
}

// Where request metrics come from: --prometheus-url, else (the simulated cluster) an embedded
// Prometheus scraping the simulated pods. A real cluster without a Prometheus can deploy but
// not analyse a canary: its measurements are errors, and a rollout never promotes on them.
QUrl Daemon::Private::metricsSource(bool simulated, QString *error)
{
    const Config &c = config;
    if (!c.prometheusUrl.isEmpty())
        return QUrl(c.prometheusUrl);
    if (!simulated) {
        spdlog::warn("no --prometheus-url: canary analysis cannot measure, so canary rollouts pause or abort instead of promoting");
        return {};
    }
    observe::EmbeddedPrometheus::Options po;
    po.stateDir = QDir(c.stateDir).filePath(QStringLiteral("prometheus"));
    po.targets = {{QStringLiteral("127.0.0.1:%1").arg(sim->url().port()), QStringLiteral("/sim/v1/metrics")}};
    po.scrapeIntervalSeconds = std::clamp(c.sampleSeconds, 1, 15);
    prometheus = std::make_unique<observe::EmbeddedPrometheus>(po);
    spdlog::info("starting the embedded Prometheus in {}", po.stateDir.toStdString());
    if (!prometheus->start()) {
        *error = QStringLiteral("the embedded Prometheus did not start: %1 (install prometheus, or give --prometheus-url)")
                     .arg(prometheus->error());
        return {};
    }
    spdlog::info("embedded Prometheus ready on {}, scraping the simulated cluster", prometheus->url().toString().toStdString());
    return prometheus->url();
}

void Daemon::Private::startCanaryApi(http::Router &router)
{
    if (rollouts) {
        canaryApi = std::make_unique<api::CanaryResources>(rollouts->service().store(), rollouts->service().controls());
    } else {
        // No rollout loop here: the controls write the rows, and the leader's loop acts on them.
        rolloutStore = std::make_unique<canary::RolloutStore>(*db);
        rolloutControls = std::make_unique<canary::RolloutControls>(*rolloutStore, audit.get(),
                                                                    [] { return QDateTime::currentDateTimeUtc(); },
                                                                    canary::RolloutMachine::Options().timeouts);
        canaryApi = std::make_unique<api::CanaryResources>(*rolloutStore, *rolloutControls);
    }
    canaryApi->registerRoutes(router);
}

Daemon::Daemon(Config config) : d(std::make_unique<Private>())
{
    d->config = std::move(config);
}

Daemon::~Daemon()
{
    // Reverse order of start(): stop taking requests, then close connections, then the server.
    d->server.reset();
    d->reconciler.reset(); // stops its workers and watches, and lets the leader lock go
    d->canaryApi.reset();
    d->simulatedReleases.reset();
    d->rolloutControls.reset();
    d->rolloutStore.reset();
    d->releaseGate.reset();
    d->rollouts.reset(); // stops the rollout loop; the rows carry on with the next leader
    d->prometheus.reset();
    d->sampler.reset();
    d->gitops.reset();
    d->sim.reset();
    d->workers.reset(); // running builds stop; their leases run out and another worker takes them
    d->jobListener.reset();
    d->pipeline.reset();
    d->registry.reset(); // stops the embedded registry
    d->eventsApi.reset();
    d->roundhouseApi.reset();
    d->webhooks.reset();
    d->buildQueue.reset();
    d->waybillApi.reset();
    d->waybill.reset(); // stops the rollup loop
    d->usageApi.reset();
    d->usageIngest.reset();
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

    d->connection = connection;
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

    // Listen first: the built-in provider's issuer is the address we actually got.
    d->server = std::make_unique<http::HttpServer>(http::Router(), http::HttpServer::Options{c.maxBodyBytes});
    quint16 port = 0;
    c.listenAddress(&d->host, &port);
    d->port = d->server->listenOn(QHostAddress(d->host), port);
    if (d->port == 0) {
        *error = QStringLiteral("cannot listen on %1: %2; choose another with --listen").arg(c.listen, d->server->errorString());
        return false;
    }
    d->issuer = c.publicUrl.isEmpty() ? url() : c.publicUrl;
    while (d->issuer.endsWith(u'/'))
        d->issuer.chop(1);
    d->identity = std::make_unique<store::IdentityRepository>(*d->db);
    d->audit = std::make_unique<store::AuditLog>(*d->db);
    try {
        if (!d->startAuth(error))
            return false;
    } catch (const std::exception &e) {
        *error = QStringLiteral("setting up sign-in failed: %1").arg(store::redactedError(e));
        return false;
    }

    http::Router router;
    d->api = std::make_unique<api::Switchyard>(*d->db, *d->catalog);
    d->api->registerRoutes(router);
    waybill::UsageIngest::Options usage;
    usage.graceMs = qint64(c.usageGraceHours) * 3600 * 1000;
    d->usageIngest = std::make_unique<waybill::UsageIngest>(*d->db, usage);
    d->usageApi = std::make_unique<api::UsageResources>(*d->db, *d->usageIngest);
    d->usageApi->registerRoutes(router);
    // Waybill: rollups, invoices, budgets, Stripe; settings from ENCLII_WAYBILL_*, ENCLII_STRIPE_*, ENCLII_BUDGET_*.
    d->waybill = std::make_unique<waybill::WaybillService>(*d->db, connection, waybill::WaybillSettings::fromEnvironment(c.specsDir));
    d->waybill->start();
    d->waybillApi = std::make_unique<api::WaybillResources>(*d->waybill, d->audit.get());
    d->waybillApi->registerRoutes(router);
    // Webhook secrets are sealed with the master key whatever the sign-in mode.
    QString keyError;
    const auto box = masterKey(c, &keyError);
    if (!box) {
        *error = QStringLiteral("the master key is not usable: %1").arg(keyError);
        return false;
    }
    d->buildQueue = std::make_unique<roundhouse::BuildQueue>(*d->db);
    d->webhooks = std::make_unique<roundhouse::WebhookStore>(*d->db, *box);
    d->buildRecord = std::make_unique<roundhouse::BuildRecord>(*d->db);
    d->roundhouseApi = std::make_unique<api::RoundhouseResources>(*d->catalog, *d->buildQueue, *d->buildRecord, *d->webhooks,
                                                                  d->audit.get());
    d->signer = std::make_unique<roundhouse::ImageSigner>(*d->db, *box);
    try {
        if (!d->signer->ensureKey(&why)) {
            *error = QStringLiteral("no image-signing key: %1").arg(why);
            return false;
        }
    } catch (const std::exception &e) {
        *error = QStringLiteral("no image-signing key: %1").arg(store::redactedError(e));
        return false;
    }
    d->roundhouseApi->setSigner(d->signer.get());
    d->eventFeed = std::make_unique<store::EventFeed>(*d->db);
    d->eventsApi = std::make_unique<api::EventsResource>(*d->eventFeed, *d->buildQueue, *d->buildRecord, connection);
    d->deployments = std::make_unique<reconcile::DeploymentRepository>(*d->db);
    if (!d->startReconciler(error))
        return false;
    d->deploymentApi = std::make_unique<api::DeploymentResources>(
        *d->deployments, *d->catalog, d->clusterView.get(), d->audit.get(),
        [budgets = &d->waybill->budgets()](const QString &project, const QString &environment) {
            return budgets->deployHeld(project, environment);
        });
    if (c.role != QLatin1String("worker") && c.role != QLatin1String("reconciler")) {
        d->roundhouseApi->registerRoutes(router);
        d->eventsApi->registerRoutes(router);
        d->deploymentApi->registerRoutes(router);
        d->startCanaryApi(router);
        if (d->simulatedReleases)
            d->simulatedReleases->registerRoutes(router);
        if (!d->eventsApi->start(&why))
            spdlog::warn("the event feed cannot listen ({}); it polls every 5 s instead", why.toStdString());
    }
    if (!d->startWorkers(error))
        return false;
    api::ProviderSettings provider;
    provider.mode = c.authMode;
    provider.issuer = d->issuer;
    provider.audience = c.oidcAudience;
    d->identityApi = std::make_unique<api::IdentityResources>(provider, d->identity.get(), d->audit.get(), d->keyRing.get(),
                                                             d->authenticator.get());
    d->identityApi->registerRoutes(router);
    router.setGuard(api::makeAccessGuard(d->authenticator.get()));
    d->server->setRouter(std::move(router));
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

QString Daemon::bootstrapPassword() const
{
    return d->bootstrapPassword;
}

QStringList Daemon::routeTable() const
{
    QStringList out;
    for (const auto &r : d->server->router().routes())
        out << QStringLiteral("%1 %2 %3").arg(QString::fromLatin1(r.method), r.pattern, r.access.permission);
    return out;
}

QUrl Daemon::simulatedClusterUrl() const
{
    return d->sim ? d->sim->url() : QUrl();
}

waybill::UsageIngest *Daemon::usageIngest() const
{
    return d->usageIngest.get();
}

QString Daemon::issuer() const
{
    return d->issuer;
}

QString Daemon::databaseDescription() const
{
    return d->postgres ? QStringLiteral("embedded PostgreSQL on 127.0.0.1:%1").arg(d->postgres->port())
                       : QStringLiteral("the database at DATABASE_URL");
}

} // namespace enclii::daemon
