#pragma once

#include "reconcile/DesiredState.h"

#include <QHash>
#include <QSet>
#include <QString>

#include <functional>

namespace enclii::core {
struct ServiceSpec;
struct SpecSet;
}
namespace enclii::store {
class Database;
}

namespace enclii::canary {

// Between the releases services should run and what the reconciler applies: a canary
// service's stable track changes only through a rollout.
//
// For each service whose strategy is canary, gate() answers the release its stable track
// runs (stable_releases, migration 0010) and, when the wanted release is another image,
// starts a rollout of it (once: a rollout of that image that ended, rolled back say, is not
// started again; on-call retries it, or a newer release comes). A rollout that reaches
// promoting makes its release the stable one. A service's first release has nothing to
// compare against and deploys directly. Other services pass through unchanged.
//
//   canary::ReleaseGate gate(db, [&](const core::ServiceSpec &s, const QString &image, const QString &rev, const QString &actor) {
//       rollouts.startRollout(s, image, rev, actor);
//   });
//   in.releases = gate.gate(specs, repository.currentReleases());
//
// Thread-safe (each call takes a pooled connection); the reconciler calls it while leading.
class ReleaseGate
{
public:
    using StartRollout = std::function<void(const core::ServiceSpec &service, const QString &image, const QString &revision,
                                            const QString &actor)>;

    ReleaseGate(store::Database &db, StartRollout startRollout);

    QHash<QString, reconcile::ReleaseRef> gate(const core::SpecSet &specs, const QHash<QString, reconcile::ReleaseRef> &wanted);
    // Services whose rollout is active or whose canary is still draining: the reconciler
    // holds their objects meanwhile (DesiredInput::inRollout).
    QSet<QString> inRollout();

private:
    reconcile::ReleaseRef stableFor(const core::ServiceSpec &service, const reconcile::ReleaseRef &wanted);

    store::Database &m_db;
    StartRollout m_startRollout;
};

} // namespace enclii::canary
