#pragma once

#include "ObjectKey.h"

#include <QString>
#include <QStringList>

namespace enclii::kube {
class KubeClient;
}

namespace enclii::reconcile {

class LiveCache;
struct DesiredState;

// What syncing one key did.
struct SyncOutcome
{
    enum class Action {
        UpToDate,   // nothing to do: no write
        Applied,    // a new or changed render applied
        Reapplied,  // drift: our fields changed by someone else, put back (fields)
        Recreated,  // drift: our object deleted by someone else, created again
        Pruned,     // ours and no longer desired: deleted
        Kept,       // no longer desired but left in place (a Namespace; see message)
        Refused,    // the name is taken by an object we do not own: left alone
        Conflict,   // another manager holds fields we never held: reported, not forced
        Failed,     // the API refused or could not be reached
    };

    Action action = Action::UpToDate;
    QString key;
    ObjectKey id;
    QString service;
    QStringList fields;  // drifted paths; for Conflict "<manager>: <field>"
    QString message;
    bool retry = false;  // try again after the key's backoff
    int writes = 0;      // apply and delete requests sent
    int reads = 0;

    bool isDrift() const { return action == Action::Reapplied || action == Action::Recreated || action == Action::Pruned; }
    static QString actionName(Action action);
};

// One key, level-triggered: compares the desired object with the live one and does the one
// thing that makes them agree. Server-side apply only when the live object's render hash
// differs or it is missing, or when a field we set was changed (drift); so a steady state
// costs no request at all. On an apply conflict, fields are forced back only when they are
// ours: the render is unchanged (someone took fields of what we applied), or our manager
// held them before; a field we never held is reported. Prunes only labelled objects, never a
// Namespace (deleting one would delete what others put in it).
class ObjectSync
{
public:
    static constexpr char kFieldManager[] = "enclii";
    // Holds spec.replicas for the HorizontalPodAutoscaler when a service starts autoscaling:
    // dropping the field from our apply would otherwise reset the Deployment to one replica.
    static constexpr char kHandoverManager[] = "enclii-handover";

    ObjectSync(kube::KubeClient &client, LiveCache &cache);

    SyncOutcome sync(const QString &key, const DesiredState &desired);

private:
    void apply(const QJsonObject &desired, bool renderUnchanged, SyncOutcome &out);
    void handOverReplicas(const QJsonObject &desired, const QJsonObject &live, SyncOutcome &out);
    void prune(const QJsonObject &live, SyncOutcome &out);

    kube::KubeClient &m_client;
    LiveCache &m_cache;
};

} // namespace enclii::reconcile
