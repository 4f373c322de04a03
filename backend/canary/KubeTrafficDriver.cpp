#include "KubeTrafficDriver.h"

#include "kube/client/KubeClient.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

namespace enclii::canary {

namespace {

QJsonObject obj(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toObject();
}

QJsonObject withTrack(QJsonObject labels, const QString &track)
{
    labels.insert(QLatin1String(KubeTrafficDriver::kTrackLabel), track);
    return labels;
}

QJsonObject header(const QString &apiVersion, const QString &kind, const QString &ns, const QString &name, const QJsonObject &labels = {})
{
    QJsonObject meta{{QStringLiteral("name"), name}, {QStringLiteral("namespace"), ns}};
    if (!labels.isEmpty())
        meta.insert(QStringLiteral("labels"), labels);
    return {{QStringLiteral("apiVersion"), apiVersion}, {QStringLiteral("kind"), kind}, {QStringLiteral("metadata"), meta}};
}

int desiredReplicas(const QJsonObject &deployment)
{
    return obj(deployment, "spec").value(QStringLiteral("replicas")).toInt(1);
}

// Ready pods of the Deployment's current template: none until the controller has seen the
// latest generation, so a just-changed image never counts its old pods as ready.
int readyOfCurrent(const QJsonObject &deployment)
{
    const QJsonObject meta = obj(deployment, "metadata");
    const QJsonObject status = obj(deployment, "status");
    if (status.value(QStringLiteral("observedGeneration")).toInteger() < meta.value(QStringLiteral("generation")).toInteger())
        return 0;
    return std::min(status.value(QStringLiteral("updatedReplicas")).toInt(), status.value(QStringLiteral("readyReplicas")).toInt());
}

bool rolledOut(const QJsonObject &deployment)
{
    const QJsonObject status = obj(deployment, "status");
    const int want = desiredReplicas(deployment);
    return readyOfCurrent(deployment) >= want && status.value(QStringLiteral("replicas")).toInt() == want
        && status.value(QStringLiteral("availableReplicas")).toInt() >= want;
}

QJsonArray containers(const QJsonObject &deployment)
{
    return obj(obj(obj(deployment, "spec"), "template"), "spec").value(QStringLiteral("containers")).toArray();
}

QString primaryImage(const QJsonObject &deployment)
{
    const QJsonArray c = containers(deployment);
    return c.isEmpty() ? QString() : c.first().toObject().value(QStringLiteral("image")).toString();
}

// The stable's pod template with the canary's labels and image: every container that runs
// the stable's primary image runs the release instead (sidecars keep theirs).
QJsonObject canaryTemplate(const QJsonObject &stable, const QString &image)
{
    QJsonObject tmpl = obj(obj(stable, "spec"), "template");
    QJsonObject meta = obj(tmpl, "metadata");
    meta.insert(QStringLiteral("labels"), withTrack(obj(meta, "labels"), QStringLiteral("canary")));
    tmpl.insert(QStringLiteral("metadata"), meta);
    QJsonObject podSpec = obj(tmpl, "spec");
    const QString old = primaryImage(stable);
    QJsonArray out;
    for (const QJsonValue &v : podSpec.value(QStringLiteral("containers")).toArray()) {
        QJsonObject c = v.toObject();
        if (c.value(QStringLiteral("image")).toString() == old)
            c.insert(QStringLiteral("image"), image);
        out << c;
    }
    podSpec.insert(QStringLiteral("containers"), out);
    tmpl.insert(QStringLiteral("spec"), podSpec);
    return tmpl;
}

QJsonObject rewriteBackends(QJsonArray rules, const QString &from, const QString &to)
{
    QJsonArray out;
    for (const QJsonValue &rv : rules) {
        QJsonObject rule = rv.toObject();
        QJsonObject http = obj(rule, "http");
        QJsonArray paths;
        for (const QJsonValue &pv : http.value(QStringLiteral("paths")).toArray()) {
            QJsonObject path = pv.toObject();
            QJsonObject backend = obj(path, "backend");
            QJsonObject service = obj(backend, "service");
            if (service.value(QStringLiteral("name")).toString() == from)
                service.insert(QStringLiteral("name"), to);
            backend.insert(QStringLiteral("service"), service);
            path.insert(QStringLiteral("backend"), backend);
            paths << path;
        }
        http.insert(QStringLiteral("paths"), paths);
        rule.insert(QStringLiteral("http"), http);
        out << rule;
    }
    return {{QStringLiteral("rules"), out}};
}

} // namespace

KubeTrafficDriver::KubeTrafficDriver(kube::KubeClient &client) : m_client(client) {}

std::optional<QJsonObject> KubeTrafficDriver::fetch(const QString &kind, const QString &ns, const QString &name, QString *error)
{
    const auto r = m_client.get(kind, ns, name);
    if (r.ok())
        return r.value();
    if (!r.error().isNotFound())
        *error = r.error().toString();
    return std::nullopt;
}

bool KubeTrafficDriver::applyObject(const QJsonObject &object, QString *error)
{
    kube::KubeClient::ApplyOptions options;
    options.fieldManager = QLatin1String(kFieldManager);
    // The canary objects are ours alone, and the promoted image must win over the stable's
    // previous release; force takes those fields over instead of failing with 409.
    options.force = true;
    const auto r = m_client.apply(object, options);
    if (!r.ok())
        *error = r.error().toString();
    return r.ok();
}

bool KubeTrafficDriver::removeObject(const QString &kind, const QString &ns, const QString &name, QString *error)
{
    const auto r = m_client.remove(kind, ns, name);
    if (!r.ok())
        *error = r.error().toString();
    return r.ok();
}

DriverResult<TrafficSplit> KubeTrafficDriver::plan(const RolloutTarget &target, int weight)
{
    QString error;
    const auto stable = fetch(QStringLiteral("Deployment"), target.ns, target.stableName(), &error);
    if (!stable)
        return DriverResult<TrafficSplit>::failed(error.isEmpty() ? QStringLiteral("the stable Deployment %1/%2 does not exist: a service's first "
                                                                                  "release is deployed by the reconciler, not by a canary")
                                                                        .arg(target.ns, target.stableName())
                                                                  : error);
    const auto ingress = fetch(QStringLiteral("Ingress"), target.ns, target.stableName(), &error);
    if (!error.isEmpty())
        return DriverResult<TrafficSplit>::failed(error);
    TrafficSplit s;
    s.requestedWeight = weight;
    s.stableReplicas = desiredReplicas(*stable);
    if (ingress) {
        s.mode = TrafficMode::Ingress;
        // Enough canary pods for their share of the load, at least one.
        s.canaryReplicas = std::max(1, int(std::ceil(s.stableReplicas * std::min(weight, 100) / 100.0)));
        s.canaryWeight = weight;
        s.precision = QStringLiteral("exact: the ingress controller sends %1 % of requests to the canary").arg(weight);
    } else {
        s.mode = TrafficMode::Replicas;
        s.canaryReplicas = canaryReplicasFor(weight, s.stableReplicas);
        s.canaryWeight = replicaWeight(s.stableReplicas, s.canaryReplicas);
        s.precision = replicaPrecision(s.stableReplicas, s.canaryReplicas);
    }
    return DriverResult<TrafficSplit>::ok(s);
}

DriverResult<int> KubeTrafficDriver::ensureCanary(const RolloutTarget &target, const QString &image, int replicas)
{
    using R = DriverResult<int>;
    QString error;
    const auto stable = fetch(QStringLiteral("Deployment"), target.ns, target.stableName(), &error);
    if (!stable)
        return R::failed(error.isEmpty() ? QStringLiteral("the stable Deployment %1/%2 does not exist").arg(target.ns, target.stableName()) : error);
    // A canary Deployment left by an earlier rollout (drained to 0) runs another release. Changing
    // its template and its size at once would scale its old ReplicaSet up first (a Deployment's
    // scaling event sizes the newest existing ReplicaSet before the rollout makes a new one),
    // and the old release would serve again for a moment. So it goes first, and comes back new.
    const auto previous = fetch(QStringLiteral("Deployment"), target.ns, target.canaryName(), &error);
    if (!error.isEmpty())
        return R::failed(error);
    if (previous && primaryImage(*previous) != image) {
        if (!removeObject(QStringLiteral("Deployment"), target.ns, target.canaryName(), &error))
            return R::failed(error);
        return R::ok(0);
    }
    const auto ingress = fetch(QStringLiteral("Ingress"), target.ns, target.stableName(), &error);
    const auto stableHpa = fetch(QStringLiteral("HorizontalPodAutoscaler"), target.ns, target.stableName(), &error);
    const auto stableService = fetch(QStringLiteral("Service"), target.ns, target.stableName(), &error);
    if (!error.isEmpty())
        return R::failed(error);
    const bool autoscaled = ingress && stableHpa;

    const QJsonObject stableSpec = obj(*stable, "spec");
    const QJsonObject labels = withTrack(obj(obj(*stable, "metadata"), "labels"), QStringLiteral("canary"));
    QJsonObject spec{{QStringLiteral("selector"), QJsonObject{{QStringLiteral("matchLabels"),
                                                               withTrack(obj(obj(stableSpec, "selector"), "matchLabels"), QStringLiteral("canary"))}}},
                     {QStringLiteral("template"), canaryTemplate(*stable, image)}};
    if (stableSpec.contains(QStringLiteral("strategy")))
        spec.insert(QStringLiteral("strategy"), stableSpec.value(QStringLiteral("strategy")));
    if (!autoscaled) // with an HPA the autoscaler owns replicas (its minimum is the weight's count)
        spec.insert(QStringLiteral("replicas"), replicas);
    QJsonObject deployment = header(QStringLiteral("apps/v1"), QStringLiteral("Deployment"), target.ns, target.canaryName(), labels);
    deployment.insert(QStringLiteral("spec"), spec);
    if (!applyObject(deployment, &error))
        return R::failed(error);

    if (stableService) {
        QJsonObject service = header(QStringLiteral("v1"), QStringLiteral("Service"), target.ns, target.canaryName(), labels);
        QJsonObject selector = obj(obj(*stableService, "metadata"), "annotations").contains(QLatin1String(kStableSelectorAnnotation))
            ? QJsonDocument::fromJson(obj(obj(*stableService, "metadata"), "annotations").value(QLatin1String(kStableSelectorAnnotation)).toString().toUtf8()).object()
            : obj(obj(*stableService, "spec"), "selector");
        QJsonArray ports;
        for (const QJsonValue &p : obj(*stableService, "spec").value(QStringLiteral("ports")).toArray()) {
            QJsonObject port = p.toObject();
            port.remove(QStringLiteral("nodePort"));
            ports << port;
        }
        service.insert(QStringLiteral("spec"), QJsonObject{{QStringLiteral("type"), QStringLiteral("ClusterIP")},
                                                            {QStringLiteral("selector"), withTrack(selector, QStringLiteral("canary"))},
                                                            {QStringLiteral("ports"), ports}});
        if (!applyObject(service, &error))
            return R::failed(error);
    }
    if (autoscaled) {
        QJsonObject hpaSpec = obj(*stableHpa, "spec");
        QJsonObject ref = obj(hpaSpec, "scaleTargetRef");
        ref.insert(QStringLiteral("name"), target.canaryName());
        hpaSpec.insert(QStringLiteral("scaleTargetRef"), ref);
        hpaSpec.insert(QStringLiteral("minReplicas"), replicas);
        hpaSpec.insert(QStringLiteral("maxReplicas"), std::max(replicas, hpaSpec.value(QStringLiteral("maxReplicas")).toInt(replicas)));
        QJsonObject hpa = header(QStringLiteral("autoscaling/v2"), QStringLiteral("HorizontalPodAutoscaler"), target.ns, target.canaryName(), labels);
        hpa.insert(QStringLiteral("spec"), hpaSpec);
        if (!applyObject(hpa, &error))
            return R::failed(error);
    }
    const auto live = fetch(QStringLiteral("Deployment"), target.ns, target.canaryName(), &error);
    if (!live)
        return R::failed(error.isEmpty() ? QStringLiteral("the canary Deployment vanished after it was applied") : error);
    return R::ok(primaryImage(*live) == image ? readyOfCurrent(*live) : 0);
}

bool KubeTrafficDriver::applyCanaryIngress(const RolloutTarget &target, const QJsonObject &stableIngress, int weight, QString *error)
{
    QJsonObject ingress = header(QStringLiteral("networking.k8s.io/v1"), QStringLiteral("Ingress"), target.ns, target.canaryName(),
                                 withTrack(obj(obj(stableIngress, "metadata"), "labels"), QStringLiteral("canary")));
    QJsonObject meta = obj(ingress, "metadata");
    meta.insert(QStringLiteral("annotations"), QJsonObject{{QLatin1String(kCanaryAnnotation), QStringLiteral("true")},
                                                           {QLatin1String(kCanaryWeightAnnotation), QString::number(std::clamp(weight, 0, 100))}});
    ingress.insert(QStringLiteral("metadata"), meta);
    const QJsonObject stableSpec = obj(stableIngress, "spec");
    QJsonObject spec = rewriteBackends(stableSpec.value(QStringLiteral("rules")).toArray(), target.stableName(), target.canaryName());
    if (stableSpec.contains(QStringLiteral("ingressClassName")))
        spec.insert(QStringLiteral("ingressClassName"), stableSpec.value(QStringLiteral("ingressClassName")));
    ingress.insert(QStringLiteral("spec"), spec);
    return applyObject(ingress, error);
}

// A PUT, not an apply: a Service's selector is an atomic map, and the reconciler owns it.
// The original goes into an annotation so that promotion and abort can put it back.
bool KubeTrafficDriver::selectBothTracks(const RolloutTarget &target, QString *error)
{
    auto service = fetch(QStringLiteral("Service"), target.ns, target.stableName(), error);
    if (!service)
        return error->isEmpty(); // nothing routes in-cluster: nothing to change
    QJsonObject annotations = obj(obj(*service, "metadata"), "annotations");
    QJsonObject spec = obj(*service, "spec");
    QJsonObject selector = obj(spec, "selector");
    if (!selector.contains(QLatin1String(kTrackLabel)))
        return true;
    if (!annotations.contains(QLatin1String(kStableSelectorAnnotation)))
        annotations.insert(QLatin1String(kStableSelectorAnnotation), QString::fromUtf8(QJsonDocument(selector).toJson(QJsonDocument::Compact)));
    selector.remove(QLatin1String(kTrackLabel));
    spec.insert(QStringLiteral("selector"), selector);
    return replaceService(*service, annotations, spec, error);
}

bool KubeTrafficDriver::restoreStableSelector(const RolloutTarget &target, QString *error)
{
    auto service = fetch(QStringLiteral("Service"), target.ns, target.stableName(), error);
    if (!service)
        return error->isEmpty();
    QJsonObject annotations = obj(obj(*service, "metadata"), "annotations");
    if (!annotations.contains(QLatin1String(kStableSelectorAnnotation)))
        return true;
    const QJsonObject selector = QJsonDocument::fromJson(annotations.value(QLatin1String(kStableSelectorAnnotation)).toString().toUtf8()).object();
    annotations.remove(QLatin1String(kStableSelectorAnnotation));
    QJsonObject spec = obj(*service, "spec");
    spec.insert(QStringLiteral("selector"), selector.isEmpty() ? withTrack(obj(spec, "selector"), QStringLiteral("stable")) : selector);
    return replaceService(*service, annotations, spec, error);
}

bool KubeTrafficDriver::replaceService(QJsonObject service, const QJsonObject &annotations, const QJsonObject &spec, QString *error)
{
    QJsonObject meta = obj(service, "metadata");
    if (annotations.isEmpty())
        meta.remove(QStringLiteral("annotations"));
    else
        meta.insert(QStringLiteral("annotations"), annotations);
    meta.remove(QStringLiteral("managedFields"));
    service.insert(QStringLiteral("metadata"), meta);
    service.insert(QStringLiteral("spec"), spec);
    // metadata.resourceVersion stays: a Service changed since it was read is a 409, retried next tick.
    const auto r = m_client.replace(service);
    if (!r.ok())
        *error = r.error().toString();
    return r.ok();
}

DriverResult<TrafficSplit> KubeTrafficDriver::setWeight(const RolloutTarget &target, int weight)
{
    QString error;
    const auto ingress = fetch(QStringLiteral("Ingress"), target.ns, target.stableName(), &error);
    if (!error.isEmpty())
        return DriverResult<TrafficSplit>::failed(error);
    if (ingress ? !applyCanaryIngress(target, *ingress, weight, &error) : !selectBothTracks(target, &error))
        return DriverResult<TrafficSplit>::failed(error);
    return current(target, weight);
}

DriverResult<TrafficSplit> KubeTrafficDriver::current(const RolloutTarget &target, int requestedWeight)
{
    using R = DriverResult<TrafficSplit>;
    QString error;
    const auto stable = fetch(QStringLiteral("Deployment"), target.ns, target.stableName(), &error);
    const auto canary = fetch(QStringLiteral("Deployment"), target.ns, target.canaryName(), &error);
    const auto ingress = fetch(QStringLiteral("Ingress"), target.ns, target.stableName(), &error);
    const auto canaryIngress = fetch(QStringLiteral("Ingress"), target.ns, target.canaryName(), &error);
    const auto service = fetch(QStringLiteral("Service"), target.ns, target.stableName(), &error);
    if (!error.isEmpty())
        return R::failed(error);
    TrafficSplit s;
    s.requestedWeight = requestedWeight;
    s.stableReplicas = stable ? desiredReplicas(*stable) : 0;
    s.canaryReplicas = canary ? desiredReplicas(*canary) : 0;
    s.canaryReady = canary ? readyOfCurrent(*canary) : 0;
    if (ingress) {
        s.mode = TrafficMode::Ingress;
        const QJsonObject annotations = canaryIngress ? obj(obj(*canaryIngress, "metadata"), "annotations") : QJsonObject();
        const bool on = annotations.value(QLatin1String(kCanaryAnnotation)).toString() == QLatin1String("true");
        s.canaryWeight = on && s.canaryReady > 0 ? annotations.value(QLatin1String(kCanaryWeightAnnotation)).toString().toDouble() : 0.0;
        s.precision = QStringLiteral("exact: the ingress controller's canary-weight");
    } else {
        s.mode = TrafficMode::Replicas;
        // The canary gets requests only while the stable Service selects both tracks.
        const bool shared = service && !obj(obj(*service, "spec"), "selector").contains(QLatin1String(kTrackLabel));
        const int stableReady = stable ? obj(*stable, "status").value(QStringLiteral("readyReplicas")).toInt() : 0;
        const int canaryServing = shared ? s.canaryReady : 0;
        s.canaryWeight = replicaWeight(stableReady, canaryServing);
        s.precision = replicaPrecision(stableReady, canaryServing);
    }
    return R::ok(s);
}

DriverResult<TrafficSplit> KubeTrafficDriver::split(const RolloutTarget &target)
{
    return current(target, -1);
}

DriverResult<bool> KubeTrafficDriver::promote(const RolloutTarget &target, const QString &image)
{
    using R = DriverResult<bool>;
    QString error;
    const auto stable = fetch(QStringLiteral("Deployment"), target.ns, target.stableName(), &error);
    if (!stable)
        return R::failed(error.isEmpty() ? QStringLiteral("the stable Deployment %1/%2 does not exist").arg(target.ns, target.stableName()) : error);
    if (primaryImage(*stable) != image) {
        // Only the image fields change hands; the rest of the Deployment stays the reconciler's.
        const QString old = primaryImage(*stable);
        QJsonArray changed;
        for (const QJsonValue &v : containers(*stable)) {
            const QJsonObject c = v.toObject();
            if (c.value(QStringLiteral("image")).toString() == old)
                changed << QJsonObject{{QStringLiteral("name"), c.value(QStringLiteral("name"))}, {QStringLiteral("image"), image}};
        }
        QJsonObject patch = header(QStringLiteral("apps/v1"), QStringLiteral("Deployment"), target.ns, target.stableName());
        patch.insert(QStringLiteral("spec"),
                     QJsonObject{{QStringLiteral("template"), QJsonObject{{QStringLiteral("spec"), QJsonObject{{QStringLiteral("containers"), changed}}}}}});
        if (!applyObject(patch, &error))
            return R::failed(error);
        return R::ok(false);
    }
    if (!rolledOut(*stable))
        return R::ok(false); // the canary keeps serving its share while the stable rolls
    // The stable runs the release everywhere: back to the canonical names, then the canary goes.
    if (!restoreStableSelector(target, &error) || !removeObject(QStringLiteral("Ingress"), target.ns, target.canaryName(), &error)
        || !removeObject(QStringLiteral("HorizontalPodAutoscaler"), target.ns, target.canaryName(), &error)
        || !removeObject(QStringLiteral("Service"), target.ns, target.canaryName(), &error)
        || !removeObject(QStringLiteral("Deployment"), target.ns, target.canaryName(), &error))
        return R::failed(error);
    return R::ok(true);
}

DriverResult<bool> KubeTrafficDriver::abort(const RolloutTarget &target)
{
    using R = DriverResult<bool>;
    QString error;
    // Traffic first (weight 0, then no canary route at all), then the HPA, so nothing can
    // scale the canary back up, then the canary's pods.
    const auto canaryIngress = fetch(QStringLiteral("Ingress"), target.ns, target.canaryName(), &error);
    const auto stableIngress = fetch(QStringLiteral("Ingress"), target.ns, target.stableName(), &error);
    if (!error.isEmpty())
        return R::failed(error);
    if (canaryIngress && stableIngress && !applyCanaryIngress(target, *stableIngress, 0, &error))
        return R::failed(error);
    if (!removeObject(QStringLiteral("Ingress"), target.ns, target.canaryName(), &error) || !restoreStableSelector(target, &error)
        || !removeObject(QStringLiteral("HorizontalPodAutoscaler"), target.ns, target.canaryName(), &error))
        return R::failed(error);
    const auto canary = fetch(QStringLiteral("Deployment"), target.ns, target.canaryName(), &error);
    if (!canary)
        return error.isEmpty() ? R::ok(true) : R::failed(error);
    if (desiredReplicas(*canary) != 0) {
        // The whole object again: an apply that left out the template would remove it.
        const QJsonObject live = obj(*canary, "spec");
        QJsonObject scale = header(QStringLiteral("apps/v1"), QStringLiteral("Deployment"), target.ns, target.canaryName(),
                                   obj(obj(*canary, "metadata"), "labels"));
        QJsonObject spec{{QStringLiteral("replicas"), 0}, {QStringLiteral("selector"), live.value(QStringLiteral("selector"))},
                         {QStringLiteral("template"), live.value(QStringLiteral("template"))}};
        if (live.contains(QStringLiteral("strategy")))
            spec.insert(QStringLiteral("strategy"), live.value(QStringLiteral("strategy")));
        scale.insert(QStringLiteral("spec"), spec);
        if (!applyObject(scale, &error))
            return R::failed(error);
        return R::ok(false);
    }
    return R::ok(obj(*canary, "status").value(QStringLiteral("replicas")).toInt() == 0);
}

} // namespace enclii::canary
