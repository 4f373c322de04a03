#include "ReleaseGate.h"

#include "core/Ecosystem.h"
#include "store/Database.h"
#include "store/PqxxUtil_p.h"

#include <pqxx/pqxx>

namespace enclii::canary {

using reconcile::ReleaseRef;
using store::detail::qstr;
using store::detail::str;

namespace {

std::optional<ReleaseRef> releaseById(pqxx::transaction_base &tx, long long id)
{
    const auto r = tx.exec_params("SELECT id, image_ref, image_digest FROM releases WHERE id = $1", id);
    if (r.empty())
        return std::nullopt;
    return ReleaseRef{r[0][0].as<long long>(), qstr(r[0][1]), qstr(r[0][2])};
}

} // namespace

ReleaseGate::ReleaseGate(store::Database &db, StartRollout startRollout) : m_db(db), m_startRollout(std::move(startRollout)) {}

QHash<QString, ReleaseRef> ReleaseGate::gate(const core::SpecSet &specs, const QHash<QString, ReleaseRef> &wanted)
{
    QHash<QString, ReleaseRef> out = wanted;
    for (auto it = out.begin(); it != out.end(); ++it) {
        const core::ServiceSpec *spec = specs.service(it.key());
        if (spec && spec->deploy.strategy == QLatin1String("canary"))
            it.value() = stableFor(*spec, it.value());
    }
    return out;
}

QSet<QString> ReleaseGate::inRollout()
{
    QSet<QString> out;
    m_db.withConnection([&](pqxx::connection_base &c) {
        out.clear();
        pqxx::read_transaction tx(c);
        for (const auto &r : tx.exec("SELECT DISTINCT service FROM rollouts"
                                     " WHERE state IN ('pending', 'progressing', 'paused', 'promoting') OR NOT settled"))
            out.insert(qstr(r[0]));
    });
    return out;
}

ReleaseRef ReleaseGate::stableFor(const core::ServiceSpec &service, const ReleaseRef &wanted)
{
    ReleaseRef stable;
    QString startImage; // a rollout to start, after the transaction
    QString revision;
    m_db.withConnection([&](pqxx::connection_base &c) {
        startImage.clear();
        pqxx::work tx(c);
        const std::string name = str(service.name);
        // Serializes the gate's passes for this service (a failover's two leaders, briefly).
        tx.exec_params("SELECT pg_advisory_xact_lock(hashtext('enclii.release-gate:' || $1))", name);
        const auto row = tx.exec_params("SELECT release_id, coalesce(rollout_id, 0) FROM stable_releases WHERE service = $1", name);
        std::optional<ReleaseRef> current;
        long long promotedBy = 0;
        if (!row.empty()) {
            current = releaseById(tx, row[0][0].as<long long>());
            promotedBy = row[0][1].as<long long>();
        } else {
            // First look: what the reconciler last deployed is stable; with nothing deployed
            // yet, the wanted release is the first deploy.
            const auto deployed = tx.exec_params("SELECT coalesce(release_id, 0) FROM deployments WHERE service = $1", name);
            if (!deployed.empty() && deployed[0][0].as<long long>() > 0)
                current = releaseById(tx, deployed[0][0].as<long long>());
            if (!current)
                current = wanted;
        }
        // A rollout that reached promoting since hands its release to the stable track.
        const auto promoted = tx.exec_params(
            "SELECT ro.id, r.id FROM rollouts ro JOIN LATERAL ("
            "  SELECT id FROM releases WHERE service = ro.service AND image_ref = ro.image ORDER BY id DESC LIMIT 1) r ON true"
            " WHERE ro.service = $1 AND ro.state IN ('promoting', 'succeeded') AND ro.id > $2 ORDER BY ro.id DESC LIMIT 1",
            name, promotedBy);
        if (!promoted.empty()) {
            promotedBy = promoted[0][0].as<long long>();
            if (const auto r = releaseById(tx, promoted[0][1].as<long long>()))
                current = r;
        }
        // A rebuild of the same image is the same stable track.
        if (current->image == wanted.image)
            current = wanted;
        tx.exec_params("INSERT INTO stable_releases (service, release_id, rollout_id) VALUES ($1, $2, nullif($3, 0))"
                       " ON CONFLICT (service) DO UPDATE SET release_id = EXCLUDED.release_id, rollout_id = EXCLUDED.rollout_id,"
                       " updated_at = now()"
                       " WHERE (stable_releases.release_id, stable_releases.rollout_id) IS DISTINCT FROM"
                       " (EXCLUDED.release_id, EXCLUDED.rollout_id)",
                       name, current->id, promotedBy);
        if (current->image != wanted.image) {
            const auto latest = tx.exec_params("SELECT image FROM rollouts WHERE service = $1 ORDER BY id DESC LIMIT 1", name);
            if (latest.empty() || qstr(latest[0][0]) != wanted.image) {
                startImage = wanted.image;
                const auto commit = tx.exec_params("SELECT commit_sha FROM releases WHERE id = $1", wanted.id);
                revision = commit.empty() ? QString() : qstr(commit[0][0]);
            }
        }
        tx.commit();
        stable = *current;
    });
    if (!startImage.isEmpty() && m_startRollout)
        m_startRollout(service, startImage, revision, QStringLiteral("release %1").arg(wanted.id));
    return stable;
}

} // namespace enclii::canary
