#include "SimulatedReleases.h"

#include "api/RouteBinding.h"
#include "catalog/Catalog.h"
#include "kube/sim/Faults.h"
#include "kube/sim/SimCluster.h"
#include "store/AuditLog.h"
#include "store/Database.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

#include <pqxx/pqxx>

namespace enclii::daemon {

using http::Request;
using http::Response;

namespace {

constexpr char kRegistry[] = "sim.enclii.invalid";

QString digestOf(const QString &service, const QString &salt)
{
    return QString::fromLatin1(QCryptographicHash::hash((QStringLiteral("enclii-simulated:") + service + u':' + salt).toUtf8(),
                                                        QCryptographicHash::Sha256).toHex());
}

} // namespace

SimulatedReleases::SimulatedReleases(store::Database &db, catalog::Catalog &catalog, kube::sim::SimCluster &sim, store::AuditLog *audit)
    : m_db(db), m_catalog(catalog), m_sim(sim), m_audit(audit)
{
}

std::optional<SimulatedReleases::Made> SimulatedReleases::make(const QString &service, const QString &salt)
{
    const auto snapshot = m_catalog.snapshot();
    const core::ServiceSpec *spec = snapshot->specs.service(service);
    if (!spec)
        return std::nullopt;
    const QString digest = digestOf(service, salt);
    const QString commit = digest.left(40);
    Made made;
    made.image = QStringLiteral("%1/%2/%3@sha256:%4").arg(QLatin1String(kRegistry), spec->project, service, digest);
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::work tx(c);
        const auto job = tx.exec_params(
            "INSERT INTO build_jobs (service, project, repo, commit_sha, ref, reason, state) VALUES ($1, $2, $3, $4, 'simulated', 'simulated',"
            " 'succeeded') ON CONFLICT (service, commit_sha, reason) DO UPDATE SET updated_at = now() RETURNING id",
            service.toStdString(), spec->project.toStdString(), (QStringLiteral("simulated://") + spec->project).toStdString(), commit.toStdString());
        made.id = tx.exec_params("INSERT INTO releases (build_id, service, project, commit_sha, ref, image_ref, image_digest, auto_deploy)"
                                 " VALUES ($1, $2, $3, $4, 'simulated', $5, $6, true)"
                                 " ON CONFLICT (build_id) DO UPDATE SET service = EXCLUDED.service RETURNING id",
                                 job[0][0].as<long long>(), service.toStdString(), spec->project.toStdString(), commit.toStdString(),
                                 made.image.toStdString(), ("sha256:" + digest).toStdString())[0][0]
                      .as<long long>();
        tx.commit();
    });
    return made;
}

int SimulatedReleases::seedMissing()
{
    QSet<QString> released;
    m_db.withConnection([&](pqxx::connection_base &c) {
        released.clear();
        pqxx::read_transaction tx(c);
        for (const auto &r : tx.exec("SELECT DISTINCT service FROM releases"))
            released.insert(QString::fromStdString(r[0].as<std::string>()));
    });
    int made = 0;
    for (const core::ServiceSpec &s : m_catalog.snapshot()->specs.services)
        if (!released.contains(s.name) && make(s.name, QStringLiteral("seed")))
            ++made;
    return made;
}

void SimulatedReleases::registerRoutes(http::Router &router)
{
    api::bindRoute(router, this, "POST", QStringLiteral("/v1/simulator/releases"), &SimulatedReleases::create,
                   http::RouteAccess{QStringLiteral("builds.trigger"), [this](const Request &r) { return projectOf(r); }});
}

QStringList SimulatedReleases::projectOf(const Request &req)
{
    const QString service = QJsonDocument::fromJson(req.body).object().value(QStringLiteral("service")).toString();
    const auto snapshot = m_catalog.snapshot();
    const core::ServiceSpec *spec = snapshot->specs.service(service);
    return spec ? QStringList{spec->project} : QStringList{};
}

Response SimulatedReleases::create(const Request &req)
{
    QJsonParseError e;
    const QJsonDocument doc = QJsonDocument::fromJson(req.body, &e);
    if (e.error != QJsonParseError::NoError || !doc.isObject())
        return http::badRequest(QStringLiteral("invalid-json"),
                                QStringLiteral("the body must be a JSON object such as {\"service\": \"dhanam-api\", \"errorRate\": 0.3}"))
            .toResponse(req.path);
    const QJsonObject o = doc.object();
    const QString service = o.value(QStringLiteral("service")).toString();
    const double errorRate = o.value(QStringLiteral("errorRate")).toDouble(0);
    const double latency = o.value(QStringLiteral("addedLatencySeconds")).toDouble(0);
    if (!(errorRate >= 0 && errorRate <= 1) || !(latency >= 0 && latency <= 600))
        return http::unprocessable(QStringLiteral("errorRate is a share from 0 to 1 and addedLatencySeconds from 0 to 600"), {})
            .toResponse(req.path);
    const auto made = make(service, QString::number(QDateTime::currentMSecsSinceEpoch()));
    if (!made)
        return http::notFound(QStringLiteral("service %1; GET /v1/services lists them").arg(service.left(100))).toResponse(req.path);
    if (errorRate > 0 || latency > 0) {
        kube::sim::Fault fault;
        fault.name = QStringLiteral("release-%1").arg(made->id);
        fault.image = made->image;
        fault.errorRate = errorRate;
        fault.addedLatencySeconds = latency;
        if (!m_sim.faults().set(fault))
            return http::conflict(QStringLiteral("fault-table-full"), QStringLiteral("the simulated cluster holds as many faults as it can; "
                                                                                       "DELETE some on /sim/v1/faults"))
                .toResponse(req.path);
    }
    if (m_audit)
        m_audit->append(req.principal.actor(), QStringLiteral("simulator.release"), QStringLiteral("release/%1").arg(made->id),
                        QJsonObject{{QStringLiteral("service"), service}, {QStringLiteral("errorRate"), errorRate},
                                    {QStringLiteral("addedLatencySeconds"), latency}});
    return Response::json(QJsonObject{{QStringLiteral("release"), double(made->id)},
                                      {QStringLiteral("service"), service},
                                      {QStringLiteral("image"), made->image},
                                      {QStringLiteral("errorRate"), errorRate},
                                      {QStringLiteral("addedLatencySeconds"), latency},
                                      {QStringLiteral("simulated"), true}},
                          201);
}

} // namespace enclii::daemon
