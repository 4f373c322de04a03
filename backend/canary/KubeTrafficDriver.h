#pragma once

#include "TrafficDriver.h"

#include "kube/client/KubeError.h"

namespace enclii::kube {
class KubeClient;
}

namespace enclii::canary {

// The TrafficDriver over the Kubernetes API (server-side apply as field manager
// "enclii-canary"). The canary track is derived from the live stable objects, so it runs
// whatever the stable runs (probes, resources, security context) with another image:
//   Deployment <svc>-canary   the stable's pod template, track=canary, the release's image
//   Service    <svc>-canary   the stable's ports, selecting the canary track
//   Ingress    <svc>-canary   when the stable has an Ingress: its rules towards the canary
//                             Service, nginx.ingress.kubernetes.io/canary + canary-weight
//   HPA        <svc>-canary   when the stable autoscales and traffic goes by ingress (the canary
//                             then gets load in proportion to its weight); never in replica
//                             mode, where the replica count is the weight
// Without an Ingress the stable Service is made to select both tracks for the rollout (its
// original selector is kept in the annotation enclii.dev/stable-selector and put back on
// promotion or abort); the weight is then the canary's share of the ready pods.
class KubeTrafficDriver : public TrafficDriver
{
public:
    static constexpr char kFieldManager[] = "enclii-canary";
    static constexpr char kTrackLabel[] = "enclii.dev/track";
    static constexpr char kStableSelectorAnnotation[] = "enclii.dev/stable-selector";
    static constexpr char kCanaryAnnotation[] = "nginx.ingress.kubernetes.io/canary";
    static constexpr char kCanaryWeightAnnotation[] = "nginx.ingress.kubernetes.io/canary-weight";

    explicit KubeTrafficDriver(kube::KubeClient &client);

    DriverResult<TrafficSplit> plan(const RolloutTarget &target, int weight) override;
    DriverResult<int> ensureCanary(const RolloutTarget &target, const QString &image, int replicas) override;
    DriverResult<TrafficSplit> setWeight(const RolloutTarget &target, int weight) override;
    DriverResult<bool> promote(const RolloutTarget &target, const QString &image) override;
    DriverResult<bool> abort(const RolloutTarget &target) override;
    DriverResult<TrafficSplit> split(const RolloutTarget &target) override;

private:
    // The live object, nullopt when it does not exist; error set on any other failure.
    std::optional<QJsonObject> fetch(const QString &kind, const QString &ns, const QString &name, QString *error);
    bool applyObject(const QJsonObject &object, QString *error);
    bool removeObject(const QString &kind, const QString &ns, const QString &name, QString *error);
    bool applyCanaryIngress(const RolloutTarget &target, const QJsonObject &stableIngress, int weight, QString *error);
    bool selectBothTracks(const RolloutTarget &target, QString *error);
    bool restoreStableSelector(const RolloutTarget &target, QString *error);
    bool replaceService(QJsonObject service, const QJsonObject &annotations, const QJsonObject &spec, QString *error);
    DriverResult<TrafficSplit> current(const RolloutTarget &target, int requestedWeight);

    kube::KubeClient &m_client;
};

} // namespace enclii::canary
