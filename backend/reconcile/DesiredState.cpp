#include "DesiredState.h"

#include "ObjectKey.h"
#include "Renderer.h"
#include "WaveTracker.h"

#include <QSet>

namespace enclii::reconcile {

bool DesiredState::isHeld(const QJsonObject &live) const
{
    return held.contains(serviceOf(live));
}

QStringList DesiredState::changedKeys(const DesiredState *before, const DesiredState &after)
{
    QStringList out;
    for (auto it = after.objects.begin(); it != after.objects.end(); ++it) {
        const DesiredObject *was = before ? before->find(it.key()) : nullptr;
        // A service that is held now, or no longer, is looked at again either way.
        if (!was || was->hash != it->hash || (before && before->held.contains(it->service) != after.held.contains(it->service)))
            out << it.key();
    }
    if (before)
        for (auto it = before->objects.begin(); it != before->objects.end(); ++it)
            if (!after.objects.contains(it.key()))
                out << it.key();
    return out;
}

std::shared_ptr<const DesiredState> planDesiredState(const DesiredInput &input, const WaveTracker &waves,
                                                     const RenderOptions &options)
{
    auto state = std::make_shared<DesiredState>();
    state->fingerprint = input.fingerprint;
    const auto add = [&](const QJsonObject &o) {
        state->objects.insert(keyOf(o), DesiredObject{o, renderHashOf(o), serviceOf(o)});
    };

    QSet<QString> namespaces;
    for (const core::ServiceSpec &s : input.specs.services)
        namespaces.insert(s.namespaceName);
    for (const QString &ns : namespaces)
        for (const QJsonObject &o : renderNamespace(input.specs, ns, options))
            add(o);

    for (const core::ServiceSpec &s : input.specs.services) {
        ServicePlan plan;
        plan.name = s.name;
        plan.project = s.project;
        plan.namespaceName = s.namespaceName;
        plan.component = s.component;
        plan.wave = waves.waveOf(s.name);
        plan.specReplicas = s.minReplicas();
        plan.autoscaled = s.autoscaling.has_value();
        plan.release = input.releases.value(s.name);
        if (plan.release.id != 0) {
            plan.gated = !waves.mayDeploy(s.name);
            if (plan.gated) {
                state->held.insert(s.name);
            } else {
                const Release release{s.name, plan.release.image, QString::number(plan.release.id)};
                QString error;
                const QList<QJsonObject> objects = renderService(input.specs, s, release, options, &error);
                if (objects.isEmpty()) {
                    plan.renderError = error.isEmpty() ? QStringLiteral("nothing rendered") : error;
                    state->held.insert(s.name);
                }
                for (const QJsonObject &o : objects) {
                    add(o);
                    if (o.value(QLatin1String("kind")).toString() == QLatin1String("Deployment")) {
                        plan.deploymentKey = keyOf(o);
                        plan.deploymentHash = renderHashOf(o);
                    }
                }
                plan.inRollout = input.inRollout.contains(s.name);
                if (plan.inRollout)
                    state->held.insert(s.name);
            }
        }
        state->services.insert(s.name, plan);
    }
    return state;
}

} // namespace enclii::reconcile
