#include "DeploymentRepository.h"

#include "LeaderElection.h"

#include "store/Database.h"
#include "store/PqxxUtil_p.h"

#include <QJsonDocument>

namespace enclii::reconcile {

using namespace store::detail;

namespace {

#define MS(col) "(extract(epoch FROM " col ") * 1000)::bigint"

std::string jsonArrayText(const QJsonArray &a)
{
    return QJsonDocument(a).toJson(QJsonDocument::Compact).toStdString();
}

QJsonArray jsonArray(const pqxx::field &f)
{
    return f.is_null() ? QJsonArray() : QJsonDocument::fromJson(QByteArray::fromStdString(f.as<std::string>())).array();
}

// libpqxx 6 has no null parameters: an empty string stands for NULL.
std::string msOrEmpty(const QDateTime &t)
{
    return t.isValid() ? std::to_string(t.toMSecsSinceEpoch()) : std::string();
}

std::string idOrEmpty(qint64 id)
{
    return id > 0 ? std::to_string(id) : std::string();
}

std::optional<ReleaseRequest> readRelease(pqxx::transaction_base &tx, qint64 releaseId)
{
    const auto r = tx.exec_params("SELECT r.service, r.project, r.image_ref, r.commit_sha, r.auto_deploy, j.reason = 'pull_request'"
                                  " FROM releases r JOIN build_jobs j ON j.id = r.build_id WHERE r.id = $1",
                                  releaseId);
    if (r.empty())
        return std::nullopt;
    return ReleaseRequest{releaseId, qstr(r[0][0]), qstr(r[0][1]), qstr(r[0][2]), qstr(r[0][3]), r[0][4].as<bool>(), r[0][5].as<bool>(), 0};
}

} // namespace

DeploymentRepository::DeploymentRepository(store::Database &db) : m_db(db) {}

QHash<QString, ReleaseRef> DeploymentRepository::currentReleases()
{
    QHash<QString, ReleaseRef> out;
    m_db.withConnection([&](pqxx::connection_base &c) {
        out.clear();
        pqxx::read_transaction tx(c);
        // The newest auto-deploy release, unless someone asked for a release after it was made.
        for (const auto &r : tx.exec("SELECT DISTINCT ON (service) service, id, image_ref, image_digest FROM ("
                                     "  SELECT service, id, image_ref, image_digest, created_at AS at, 0::bigint AS request"
                                     "    FROM releases WHERE auto_deploy"
                                     "  UNION ALL"
                                     "  SELECT d.service, r.id, r.image_ref, r.image_digest, d.requested_at, d.id"
                                     "    FROM release_deploys d JOIN releases r ON r.id = d.release_id) x"
                                     " ORDER BY service, at DESC, request DESC, id DESC"))
            out.insert(qstr(r[0]), ReleaseRef{r[1].as<long long>(), qstr(r[2]), qstr(r[3])});
    });
    return out;
}

std::optional<ReleaseRequest> DeploymentRepository::requestDeploy(qint64 releaseId, const QString &actor, const QString &reason)
{
    std::optional<ReleaseRequest> out;
    m_db.withConnection([&](pqxx::connection_base &c) {
        out.reset();
        pqxx::work tx(c);
        auto q = readRelease(tx, releaseId);
        if (!q)
            return;
        q->requestId = tx.exec_params("INSERT INTO release_deploys (service, release_id, requested_by, reason) VALUES ($1, $2, $3, $4)"
                                      " RETURNING id",
                                      str(q->service), releaseId, str(actor), str(reason))[0][0].as<long long>();
        tx.commit();
        out = q;
    });
    return out;
}

std::optional<ReleaseRequest> DeploymentRepository::release(qint64 releaseId)
{
    std::optional<ReleaseRequest> out;
    m_db.withConnection([&](pqxx::connection_base &c) {
        out.reset();
        pqxx::read_transaction tx(c);
        out = readRelease(tx, releaseId);
    });
    return out;
}

QHash<QString, DeploymentRecord> DeploymentRepository::load()
{
    QHash<QString, DeploymentRecord> out;
    m_db.withConnection([&](pqxx::connection_base &c) {
        out.clear();
        pqxx::read_transaction tx(c);
        for (const auto &r : tx.exec("SELECT service, project, namespace, component, wave, coalesce(release_id, 0), desired_replicas,"
                                     " ready_replicas, updated_replicas, available_replicas, state, conditions, simulated, "
                                     MS("last_applied_at") " FROM deployments")) {
            DeploymentRecord d;
            d.service = qstr(r[0]);
            d.project = qstr(r[1]);
            d.namespaceName = qstr(r[2]);
            d.component = qstr(r[3]);
            d.wave = qstr(r[4]);
            d.releaseId = r[5].as<long long>();
            d.desiredReplicas = r[6].as<int>();
            d.readyReplicas = r[7].as<int>();
            d.updatedReplicas = r[8].as<int>();
            d.availableReplicas = r[9].as<int>();
            d.state = qstr(r[10]);
            d.conditions = jsonArray(r[11]);
            d.simulated = r[12].as<bool>();
            d.lastAppliedAt = timestamp(r[13]);
            out.insert(d.service, d);
        }
    });
    return out;
}

void DeploymentRepository::save(const DeploymentRecord &d)
{
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::work tx(c);
        tx.exec_params(
            "INSERT INTO deployments AS d (service, project, namespace, component, wave, release_id, desired_replicas, ready_replicas,"
            " updated_replicas, available_replicas, state, conditions, simulated, last_applied_at)"
            " VALUES ($1, $2, $3, $4, $5, nullif($6, '')::bigint, $7, $8, $9, $10, $11, $12::jsonb, $13,"
            " to_timestamp(nullif($14, '')::float8 / 1000))"
            " ON CONFLICT (service) DO UPDATE SET project = EXCLUDED.project, namespace = EXCLUDED.namespace,"
            " component = EXCLUDED.component, wave = EXCLUDED.wave, release_id = EXCLUDED.release_id,"
            " desired_replicas = EXCLUDED.desired_replicas, ready_replicas = EXCLUDED.ready_replicas,"
            " updated_replicas = EXCLUDED.updated_replicas, available_replicas = EXCLUDED.available_replicas,"
            " state = EXCLUDED.state, conditions = EXCLUDED.conditions, simulated = EXCLUDED.simulated,"
            " last_applied_at = EXCLUDED.last_applied_at, updated_at = clock_timestamp()"
            " WHERE (d.project, d.namespace, d.component, d.wave, d.release_id, d.desired_replicas, d.ready_replicas,"
            " d.updated_replicas, d.available_replicas, d.state, d.conditions, d.simulated, d.last_applied_at)"
            " IS DISTINCT FROM (EXCLUDED.project, EXCLUDED.namespace, EXCLUDED.component, EXCLUDED.wave, EXCLUDED.release_id,"
            " EXCLUDED.desired_replicas, EXCLUDED.ready_replicas, EXCLUDED.updated_replicas, EXCLUDED.available_replicas,"
            " EXCLUDED.state, EXCLUDED.conditions, EXCLUDED.simulated, EXCLUDED.last_applied_at)",
            str(d.service), str(d.project), str(d.namespaceName), str(d.component), str(d.wave), idOrEmpty(d.releaseId),
            d.desiredReplicas, d.readyReplicas, d.updatedReplicas, d.availableReplicas, str(d.state), jsonArrayText(d.conditions),
            d.simulated, msOrEmpty(d.lastAppliedAt));
        tx.commit();
    });
}

void DeploymentRepository::removeOthers(const QStringList &services)
{
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::work tx(c);
        tx.exec_params("DELETE FROM deployments WHERE NOT (service = ANY($1::text[]))", textArrayLiteral(services));
        tx.commit();
    });
}

void DeploymentRepository::recordDrift(const DriftRecord &x)
{
    const QString what = x.action == QLatin1String("pruned")
        ? QStringLiteral("%1 %2 pruned: no longer desired").arg(x.kind, x.name)
        : x.action == QLatin1String("recreated")
        ? QStringLiteral("%1 %2 was deleted outside Enclii; recreated").arg(x.kind, x.name)
        : QStringLiteral("%1 %2 changed outside Enclii (%3); reapplied").arg(x.kind, x.name, x.fields.join(QStringLiteral(", ")));
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::work tx(c);
        tx.exec_params("INSERT INTO drift_events (service, namespace, kind, name, action, fields) VALUES ($1, $2, $3, $4, $5, $6::jsonb)",
                       str(x.service), str(x.namespaceName), str(x.kind), str(x.name), str(x.action),
                       jsonArrayText(QJsonArray::fromStringList(x.fields)));
        tx.exec_params("INSERT INTO deployment_events (service, type, message) VALUES ($1, 'drift', $2)", str(x.service), str(what));
        tx.commit();
    });
}

void DeploymentRepository::recordEvent(const QString &service, const QString &type, const QString &message)
{
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::work tx(c);
        tx.exec_params("INSERT INTO deployment_events (service, type, message) VALUES ($1, $2, $3)", str(service), str(type),
                       str(message.left(2000)));
        tx.commit();
    });
}

void DeploymentRepository::saveWaves(const QList<WaveStatus> &waves)
{
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::work tx(c);
        tx.exec_params("DELETE FROM deployment_waves WHERE position >= $1", int(waves.size()));
        for (qsizetype i = 0; i < waves.size(); ++i) {
            const WaveStatus &w = waves[i];
            tx.exec_params("INSERT INTO deployment_waves (position, name, services, state, deadline)"
                           " VALUES ($1, $2, $3::jsonb, $4, to_timestamp(nullif($5, '')::float8 / 1000))"
                           " ON CONFLICT (position) DO UPDATE SET name = EXCLUDED.name, services = EXCLUDED.services,"
                           " state = EXCLUDED.state, deadline = EXCLUDED.deadline, updated_at = clock_timestamp()",
                           int(i), str(w.name), jsonArrayText(QJsonArray::fromStringList(w.services)), str(w.state),
                           msOrEmpty(w.state == QLatin1String("deploying") || w.state == QLatin1String("failed") ? w.deadline
                                                                                                                 : QDateTime()));
        }
        tx.commit();
    });
}

QJsonArray DeploymentRepository::list(const QString &project, const QString &service)
{
    QJsonArray out;
    m_db.withConnection([&](pqxx::connection_base &c) {
        out = QJsonArray();
        pqxx::read_transaction tx(c);
        for (const auto &r : tx.exec_params("SELECT deployment_json(d) FROM deployments d"
                                            " WHERE ($1 = '' OR d.project = $1) AND ($2 = '' OR d.service = $2)"
                                            " ORDER BY d.project, d.service",
                                            str(project), str(service)))
            out.append(jsonObject(r[0]));
    });
    return out;
}

std::optional<QJsonObject> DeploymentRepository::find(const QString &service)
{
    const QJsonArray rows = list({}, service);
    if (rows.isEmpty())
        return std::nullopt;
    return rows.first().toObject();
}

QJsonArray DeploymentRepository::drift(int limit)
{
    QJsonArray out;
    m_db.withConnection([&](pqxx::connection_base &c) {
        out = QJsonArray();
        pqxx::read_transaction tx(c);
        for (const auto &r : tx.exec_params("SELECT drift_json(x) FROM drift_events x ORDER BY x.id DESC LIMIT $1", limit))
            out.append(jsonObject(r[0]));
    });
    return out;
}

QJsonArray DeploymentRepository::history(const QString &service, int limit)
{
    QJsonArray out;
    m_db.withConnection([&](pqxx::connection_base &c) {
        out = QJsonArray();
        pqxx::read_transaction tx(c);
        for (const auto &r : tx.exec_params("SELECT enclii_iso(at), type, message FROM deployment_events WHERE service = $1"
                                            " ORDER BY id DESC LIMIT $2",
                                            str(service), limit))
            out.append(QJsonObject{{QStringLiteral("at"), qstr(r[0])}, {QStringLiteral("type"), qstr(r[1])},
                                   {QStringLiteral("message"), qstr(r[2])}});
    });
    return out;
}

QJsonArray DeploymentRepository::waves()
{
    QJsonArray out;
    m_db.withConnection([&](pqxx::connection_base &c) {
        out = QJsonArray();
        pqxx::read_transaction tx(c);
        for (const auto &r : tx.exec("SELECT name, services, state, enclii_iso(deadline) FROM deployment_waves ORDER BY position"))
            out.append(QJsonObject{{QStringLiteral("name"), qstr(r[0])}, {QStringLiteral("services"), jsonArray(r[1])},
                                   {QStringLiteral("state"), qstr(r[2])},
                                   {QStringLiteral("deadline"), r[3].is_null() ? QJsonValue() : QJsonValue(qstr(r[3]))}});
    });
    return out;
}

QString DeploymentRepository::leader()
{
    QString out;
    m_db.withConnection([&](pqxx::connection_base &c) {
        pqxx::read_transaction tx(c);
        const auto rows = tx.exec_params(
            "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
            " WHERE l.locktype = 'advisory' AND l.granted AND l.classid = ($1::bigint >> 32)::oid"
            " AND l.objid = ($1::bigint & 4294967295)::oid AND l.objsubid = 1"
            " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())",
            static_cast<long long>(LeaderElection::kLockKey));
        out = rows.empty() ? QString() : qstr(rows[0][0]);
    });
    const QString prefix = QLatin1String(LeaderElection::kApplicationPrefix);
    return out.startsWith(prefix) ? out.mid(prefix.size()) : out;
}

} // namespace enclii::reconcile
