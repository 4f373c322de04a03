#include "ObjectSync.h"

#include "DesiredState.h"
#include "LiveCache.h"
#include "ObjectDiff.h"

#include "kube/client/KubeClient.h"

#include <QSet>

namespace enclii::reconcile {

using Action = SyncOutcome::Action;

namespace {

QJsonObject specOf(const QJsonObject &o)
{
    return o.value(QLatin1String("spec")).toObject();
}

void fail(SyncOutcome &out, const kube::KubeError &error)
{
    out.action = Action::Failed;
    out.message = error.toString();
    out.retry = true;
}

} // namespace

QString SyncOutcome::actionName(Action action)
{
    switch (action) {
    case Action::UpToDate: return QStringLiteral("up-to-date");
    case Action::Applied: return QStringLiteral("applied");
    case Action::Reapplied: return QStringLiteral("reapplied");
    case Action::Recreated: return QStringLiteral("recreated");
    case Action::Pruned: return QStringLiteral("pruned");
    case Action::Kept: return QStringLiteral("kept");
    case Action::Refused: return QStringLiteral("refused");
    case Action::Conflict: return QStringLiteral("conflict");
    case Action::Failed: return QStringLiteral("failed");
    }
    return {};
}

ObjectSync::ObjectSync(kube::KubeClient &client, LiveCache &cache) : m_client(client), m_cache(cache) {}

SyncOutcome ObjectSync::sync(const QString &key, const DesiredState &desired)
{
    SyncOutcome out;
    out.key = key;
    out.id = ObjectKey::parse(key);
    const DesiredObject *want = desired.find(key);
    std::optional<QJsonObject> live = m_cache.get(key);
    if (!want) {
        if (live && !desired.isHeld(*live)) {
            out.service = serviceOf(*live);
            prune(*live, out);
        }
        return out;
    }
    out.service = want->service;
    if (desired.held.contains(want->service))
        return out; // a canary rollout is changing it: the rollout's changes are not drift
    if (!live) {
        // Not among our labelled objects: the name may still be taken by someone else's.
        const auto found = m_client.get(out.id.kind, out.id.ns, out.id.name);
        ++out.reads;
        if (found.ok()) {
            if (!isOwned(found.value())) {
                out.action = Action::Refused;
                out.message = QStringLiteral("%1 %2 exists without the label %3=%4: it is not Enclii's and is left alone; "
                                             "delete or rename it, or label it to hand it over")
                                  .arg(out.id.kind, out.id.ns.isEmpty() ? out.id.name : out.id.ns + u'/' + out.id.name,
                                       QLatin1String(kManagedByLabel), QLatin1String(kManagedByValue));
                out.retry = true;
                return out;
            }
            m_cache.put(found.value());
            live = m_cache.get(key);
        } else if (!found.error().isNotFound()) {
            fail(out, found.error());
            return out;
        }
    }
    const bool recreated = !live && m_cache.takeDeleted(key);
    if (live && renderHashOf(*live) == want->hash) {
        out.fields = driftedFields(want->object, *live);
        if (out.fields.isEmpty())
            return out;
        apply(want->object, true, out);
        if (out.action == Action::Applied)
            out.action = Action::Reapplied;
        return out;
    }
    if (live && out.id.kind == QLatin1String("Deployment"))
        handOverReplicas(want->object, *live, out);
    apply(want->object, false, out);
    if (out.action == Action::Applied && recreated)
        out.action = Action::Recreated;
    return out;
}

void ObjectSync::apply(const QJsonObject &desired, bool renderUnchanged, SyncOutcome &out)
{
    auto result = m_client.apply(desired, QLatin1String(kFieldManager), false);
    ++out.writes;
    if (!result.ok() && result.error().isConflict() && !result.error().fieldConflicts().isEmpty()) {
        const QList<kube::FieldConflict> conflicts = result.error().fieldConflicts();
        bool ours = renderUnchanged;
        if (!ours) {
            const auto fresh = m_client.get(out.id.kind, out.id.ns, out.id.name);
            ++out.reads;
            QSet<QString> owned;
            if (fresh.ok())
                owned = fieldsOwnedBy(fresh.value(), QLatin1String(kFieldManager))
                        + fieldsOwnedBy(fresh.value(), QLatin1String(kHandoverManager), QString());
            ours = std::all_of(conflicts.begin(), conflicts.end(), [&](const kube::FieldConflict &c) {
                return owned.contains(c.field) || c.manager == QLatin1String(kHandoverManager);
            });
        }
        if (!ours) {
            out.action = Action::Conflict;
            for (const kube::FieldConflict &c : conflicts)
                out.fields << c.manager + QStringLiteral(": ") + c.field;
            out.message = QStringLiteral("%1 %2: fields Enclii never held are owned by another manager (%3); not forced. "
                                         "Have that manager release them, or remove them from its configuration")
                              .arg(out.id.kind, out.id.name, out.fields.join(QStringLiteral(", ")));
            out.retry = true;
            return;
        }
        result = m_client.apply(desired, QLatin1String(kFieldManager), true);
        ++out.writes;
    }
    if (!result.ok()) {
        fail(out, result.error());
        return;
    }
    m_cache.put(result.value());
    out.action = Action::Applied;
}

void ObjectSync::handOverReplicas(const QJsonObject &desired, const QJsonObject &live, SyncOutcome &out)
{
    if (specOf(desired).contains(QLatin1String("replicas")) || !specOf(live).contains(QLatin1String("replicas")))
        return;
    const auto fresh = m_client.get(out.id.kind, out.id.ns, out.id.name);
    ++out.reads;
    if (!fresh.ok() || !fieldsOwnedBy(fresh.value(), QLatin1String(kFieldManager)).contains(QStringLiteral(".spec.replicas")))
        return;
    const QJsonObject meta = desired.value(QLatin1String("metadata")).toObject();
    const QJsonObject holder{
        {QStringLiteral("apiVersion"), desired.value(QLatin1String("apiVersion"))},
        {QStringLiteral("kind"), desired.value(QLatin1String("kind"))},
        {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), meta.value(QLatin1String("name"))},
                                                 {QStringLiteral("namespace"), meta.value(QLatin1String("namespace"))}}},
        {QStringLiteral("spec"), QJsonObject{{QStringLiteral("replicas"), specOf(fresh.value()).value(QLatin1String("replicas"))}}}};
    m_client.apply(holder, QLatin1String(kHandoverManager), false);
    ++out.writes;
}

void ObjectSync::prune(const QJsonObject &live, SyncOutcome &out)
{
    if (!isOwned(live))
        return;
    if (out.id.kind == QLatin1String("Namespace")) {
        out.action = Action::Kept;
        out.message = QStringLiteral("namespace %1 is no longer desired; it is left in place because deleting it would delete "
                                     "everything in it. Delete it by hand once it is empty of what matters").arg(out.id.name);
        return;
    }
    kube::KubeClient::DeleteOptions options;
    options.propagation = kube::KubeClient::Propagation::Background;
    options.preconditionUid = live.value(QLatin1String("metadata")).toObject().value(QLatin1String("uid")).toString();
    const auto result = m_client.remove(out.id.kind, out.id.ns, out.id.name, options);
    ++out.writes;
    if (!result.ok()) {
        fail(out, result.error()); // a 409 here: another incarnation took the name meanwhile; look again
        return;
    }
    m_cache.forget(out.key);
    out.action = Action::Pruned;
}

} // namespace enclii::reconcile
