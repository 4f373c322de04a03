#include "Renderer.h"

#include "Render_p.h"

#include "spec/SpecJson.h"

#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace enclii::reconcile {

namespace detail {

QJsonObject serviceLabels(const core::ServiceSpec &s)
{
    QJsonObject labels;
    for (auto it = s.labels.begin(); it != s.labels.end(); ++it)
        labels.insert(it.key(), it.value());
    labels.insert(u"app.kubernetes.io/managed-by"_s, u"enclii"_s);
    labels.insert(u"app.kubernetes.io/part-of"_s, s.project);
    labels.insert(u"app.kubernetes.io/name"_s, s.name);
    labels.insert(u"app.kubernetes.io/component"_s, s.component);
    return labels;
}

QJsonObject namespaceLabels(const core::SpecSet &specs, const QString &namespaceName)
{
    // The repository that owns the namespace; in the seed each has its own. Should two ever
    // share one, the first in the Ecosystem's order names it.
    QString project;
    for (const auto &repo : specs.ecosystem.repos) {
        if (repo.deployed && repo.namespaceName == namespaceName) {
            project = repo.name;
            break;
        }
    }
    if (project.isEmpty()) {
        const auto services = servicesIn(specs, namespaceName);
        if (!services.isEmpty())
            project = services.first()->project;
    }
    return {{u"app.kubernetes.io/managed-by"_s, u"enclii"_s},
            {u"app.kubernetes.io/part-of"_s, project},
            {u"app.kubernetes.io/name"_s, project},
            {u"app.kubernetes.io/component"_s, u"namespace"_s}};
}

QJsonObject stableSelector(const core::ServiceSpec &s)
{
    return {{u"app.kubernetes.io/name"_s, s.name}, {u"enclii.dev/track"_s, u"stable"_s}};
}

QJsonObject podSelector(const core::ServiceSpec &s)
{
    return {{u"app.kubernetes.io/name"_s, s.name}};
}

QJsonObject matchLabels(const QJsonObject &labels)
{
    return {{u"matchLabels"_s, labels}};
}

QJsonObject matchLabels(const QMap<QString, QString> &labels)
{
    QJsonObject o;
    for (auto it = labels.begin(); it != labels.end(); ++it)
        o.insert(it.key(), it.value());
    return matchLabels(o);
}

QJsonObject metadata(const QString &name, const QString &namespaceName, const QJsonObject &labels)
{
    QJsonObject m{{u"name"_s, name}, {u"labels"_s, labels}};
    if (!namespaceName.isEmpty())
        m.insert(u"namespace"_s, namespaceName);
    return m;
}

QJsonObject object(const QString &apiVersion, const QString &kind, const QJsonObject &metadata,
                   const QJsonObject &spec)
{
    QJsonObject o{{u"apiVersion"_s, apiVersion}, {u"kind"_s, kind}, {u"metadata"_s, metadata}};
    if (!spec.isEmpty())
        o.insert(u"spec"_s, spec);
    return o;
}

QJsonObject stamped(QJsonObject o)
{
    const QString hash = renderHash(o);
    QJsonObject meta = o.value(u"metadata"_s).toObject();
    QJsonObject annotations = meta.value(u"annotations"_s).toObject();
    annotations.insert(QLatin1StringView(kRenderHashAnnotation), hash);
    meta.insert(u"annotations"_s, annotations);
    o.insert(u"metadata"_s, meta);
    return o;
}

QList<const core::ServiceSpec *> servicesIn(const core::SpecSet &specs, const QString &namespaceName)
{
    QList<const core::ServiceSpec *> out;
    for (const auto &s : specs.services)
        if (s.namespaceName == namespaceName)
            out << &s;
    std::sort(out.begin(), out.end(), [](auto *a, auto *b) { return a->name < b->name; });
    return out;
}

int surgePods(const core::ServiceSpec &s, int replicas)
{
    const QString strategy = s.deploy.strategy;
    if (strategy == QLatin1String("recreate"))
        return 0;
    const QString surge = strategy == QLatin1String("canary") ? u"25%"_s : s.deploy.maxSurge;
    if (surge.endsWith(u'%')) {
        const int percent = surge.chopped(1).toInt();
        return (replicas * percent + 99) / 100;
    }
    return surge.toInt();
}

QJsonValue intOrPercent(const QString &text)
{
    if (text.endsWith(u'%'))
        return text;
    return text.toInt();
}

bool talksToKubernetesApi(const core::SpecSet &specs, const core::ServiceSpec &s)
{
    for (const auto &edge : specs.ecosystem.platformFlow) {
        if (edge.from != s.name)
            continue;
        for (const auto &infra : specs.ecosystem.infrastructure)
            if (infra.name == edge.to && infra.kind == QLatin1String("cluster"))
                return true;
    }
    return false;
}

} // namespace detail

namespace {

int kindOrder(const QString &kind)
{
    static const QStringList order{u"Namespace"_s, u"ResourceQuota"_s, u"LimitRange"_s,
                                   u"NetworkPolicy"_s, u"Service"_s, u"Deployment"_s,
                                   u"HorizontalPodAutoscaler"_s, u"PodDisruptionBudget"_s, u"Ingress"_s};
    const qsizetype i = order.indexOf(kind);
    return i < 0 ? int(order.size()) : int(i);
}

} // namespace

void sortObjects(QList<QJsonObject> &objects)
{
    auto key = [](const QJsonObject &o) {
        const QJsonObject meta = o.value(u"metadata"_s).toObject();
        return std::make_tuple(kindOrder(o.value(u"kind"_s).toString()), o.value(u"kind"_s).toString(),
                               meta.value(u"namespace"_s).toString(), meta.value(u"name"_s).toString());
    };
    std::stable_sort(objects.begin(), objects.end(),
                     [&](const QJsonObject &a, const QJsonObject &b) { return key(a) < key(b); });
}

QString renderHash(const QJsonObject &object)
{
    QJsonObject o = object;
    QJsonObject meta = o.value(u"metadata"_s).toObject();
    QJsonObject annotations = meta.value(u"annotations"_s).toObject();
    annotations.remove(QLatin1StringView(kRenderHashAnnotation));
    if (annotations.isEmpty())
        meta.remove(u"annotations"_s);
    else
        meta.insert(u"annotations"_s, annotations);
    o.insert(u"metadata"_s, meta);
    return spec::contentHash(o);
}

QList<QJsonObject> renderService(const core::SpecSet &specs, const core::ServiceSpec &s,
                                 const Release &release, const RenderOptions &options, QString *error)
{
    if (!validateRelease(release, s.name, error))
        return {};
    QList<QJsonObject> out;
    out << detail::deployment(specs, s, release, options);
    if (s.port > 0)
        out << detail::service(s);
    if (!s.domains.isEmpty() && s.port > 0)
        out << detail::ingress(s, options);
    if (s.autoscaling)
        out << detail::autoscaler(s);
    out << detail::disruptionBudget(s);
    out << detail::servicePolicy(specs, s, options);
    sortObjects(out);
    return out;
}

QList<QJsonObject> renderNamespace(const core::SpecSet &specs, const QString &namespaceName,
                                   const RenderOptions &options)
{
    if (detail::servicesIn(specs, namespaceName).isEmpty())
        return {};
    QList<QJsonObject> out;
    out << detail::namespaceObject(specs, namespaceName);
    out << detail::resourceQuota(specs, namespaceName);
    out << detail::limitRange(specs, namespaceName);
    out << detail::namespacePolicies(specs, namespaceName, options);
    sortObjects(out);
    return out;
}

QList<QJsonObject> renderAll(const core::SpecSet &specs, const QHash<QString, Release> &releases,
                             const RenderOptions &options, QString *error)
{
    QStringList problems;
    QStringList keys = releases.keys();
    keys.sort();
    for (const QString &name : keys) {
        const core::ServiceSpec *s = specs.service(name);
        QString why;
        if (!s)
            problems << u"release for %1: no such service in the spec set"_s.arg(name);
        else if (!validateRelease(releases.value(name), name, &why))
            problems << why;
    }
    if (!problems.isEmpty()) {
        if (error)
            *error = problems.join(u'\n');
        return {};
    }

    QList<QJsonObject> out;
    QSet<QString> namespaces;
    for (const auto &s : specs.services)
        namespaces.insert(s.namespaceName);
    for (const QString &ns : namespaces)
        out << renderNamespace(specs, ns, options);
    for (const auto &s : specs.services) {
        const auto it = releases.constFind(s.name);
        if (it != releases.constEnd())
            out << renderService(specs, s, *it, options);
    }
    sortObjects(out);
    return out;
}

} // namespace enclii::reconcile
