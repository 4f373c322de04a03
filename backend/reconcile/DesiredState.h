#pragma once

#include "RenderOptions.h"

#include "core/Ecosystem.h"

#include <QHash>
#include <QJsonObject>
#include <QSet>
#include <QString>
#include <QStringList>

#include <memory>

namespace enclii::reconcile {

class WaveTracker;

// A release as the reconciler deploys it: the releases row's id and its image by digest.
struct ReleaseRef
{
    qint64 id = 0;
    QString image;  // registry/repository@sha256:...
    QString digest; // sha256:...
};

// What the controller is asked to make true: the catalog's specs and, per service, the
// release it should run (the newest auto-deploy release). fingerprint changes whenever
// either does, so an unchanged input is not planned again.
struct DesiredInput
{
    core::SpecSet specs;
    QHash<QString, ReleaseRef> releases;
    // Services a canary rollout is changing (its traffic split, its canary track): rendered
    // and watched, but neither applied nor pruned until the rollout has settled.
    QSet<QString> inRollout;
    QString fingerprint;
};

struct DesiredObject
{
    QJsonObject object;
    QString hash;    // its enclii.dev/render-hash
    QString service; // app.kubernetes.io/name: the service, or the project for namespace-wide objects
};

struct ServicePlan
{
    QString name;
    QString project;
    QString namespaceName;
    QString component;
    QString wave;
    ReleaseRef release;          // id 0: no release yet
    bool gated = false;          // its wave waits: nothing of it is applied or pruned
    bool inRollout = false;      // a canary rollout owns its objects for now: held likewise
    QString renderError;         // the release was refused
    QString deploymentKey;       // "Deployment/<ns>/<name>" when it has objects
    QString deploymentHash;      // that Deployment's render hash
    int specReplicas = 0;        // spec.replicas (minimum replicas when autoscaling)
    bool autoscaled = false;
};

// One moment's desired state: every object keyed by ObjectKey, the plan of every service of
// the catalog, and the services whose objects are held as they are (their wave waits, or
// their release was refused: a bad release never takes a running service down).
struct DesiredState
{
    QHash<QString, DesiredObject> objects;
    QHash<QString, ServicePlan> services;
    QSet<QString> held;
    QString fingerprint;

    const DesiredObject *find(const QString &key) const
    {
        const auto it = objects.constFind(key);
        return it == objects.constEnd() ? nullptr : &*it;
    }
    // Whether a live object belongs to a held service.
    bool isHeld(const QJsonObject &live) const;
    // Keys whose desired object differs between the two states (added, changed or removed).
    static QStringList changedKeys(const DesiredState *before, const DesiredState &after);
};

// Renders every namespace of the catalog, and every service whose release may deploy now
// (see WaveTracker::mayDeploy) one by one, so one refused release stops only its service.
std::shared_ptr<const DesiredState> planDesiredState(const DesiredInput &input, const WaveTracker &waves,
                                                     const RenderOptions &options);

} // namespace enclii::reconcile
