#include "Faults.h"

#include "Json.h"
#include "Validation.h"

#include <QJsonArray>

#include <algorithm>

namespace enclii::kube::sim {

QJsonObject Fault::toJson() const
{
    return {{QStringLiteral("name"), name},
            {QStringLiteral("match"), QJsonObject{{QStringLiteral("namespace"), ns},
                                                  {QStringLiteral("deployment"), deployment},
                                                  {QStringLiteral("track"), track},
                                                  {QStringLiteral("image"), image}}},
            {QStringLiteral("errorRate"), errorRate},
            {QStringLiteral("addedLatencySeconds"), addedLatencySeconds},
            {QStringLiteral("crashLoop"), crashLoop},
            {QStringLiteral("neverReady"), neverReady}};
}

std::optional<Fault> Fault::fromJson(const QString &name, const QJsonObject &o, QString *error)
{
    Fault f;
    f.name = name;
    if (!names::isDnsSubdomain(name)) {
        *error = QStringLiteral("a fault's name is a lowercase RFC 1123 subdomain, not \"%1\"").arg(name.left(64));
        return std::nullopt;
    }
    const QJsonObject m = o.value(QStringLiteral("match")).toObject();
    f.ns = m.value(QStringLiteral("namespace")).toString();
    f.deployment = m.value(QStringLiteral("deployment")).toString();
    f.track = m.value(QStringLiteral("track")).toString();
    f.image = m.value(QStringLiteral("image")).toString().left(512);
    if (f.deployment.isEmpty() && f.image.isEmpty()) {
        *error = QStringLiteral("match needs a deployment (with its namespace) or an image");
        return std::nullopt;
    }
    f.errorRate = o.value(QStringLiteral("errorRate")).toDouble();
    f.addedLatencySeconds = o.value(QStringLiteral("addedLatencySeconds")).toDouble();
    if (!(f.errorRate >= 0 && f.errorRate <= 1) || !(f.addedLatencySeconds >= 0 && f.addedLatencySeconds <= 600)) {
        *error = QStringLiteral("errorRate is a share from 0 to 1 and addedLatencySeconds from 0 to 600");
        return std::nullopt;
    }
    f.crashLoop = o.value(QStringLiteral("crashLoop")).toBool();
    f.neverReady = o.value(QStringLiteral("neverReady")).toBool();
    return f;
}

bool Faults::set(const Fault &fault)
{
    if (!m_faults.contains(fault.name) && m_faults.size() >= kMaxFaults)
        return false;
    m_faults.insert(fault.name, fault);
    return true;
}

bool Faults::remove(const QString &name)
{
    return m_faults.remove(name) > 0;
}

QString deploymentOf(const QJsonObject &pod)
{
    const QString hash = json::stringAt(pod, u"metadata.labels.pod-template-hash");
    for (const QJsonValue &r : json::at(pod, u"metadata.ownerReferences").toArray()) {
        const QJsonObject ref = r.toObject();
        const QString owner = ref.value(QStringLiteral("name")).toString();
        if (ref.value(QStringLiteral("kind")) == QLatin1String("ReplicaSet") && !hash.isEmpty() && owner.endsWith(u'-' + hash))
            return owner.chopped(hash.size() + 1);
    }
    return {};
}

FaultEffect Faults::effectFor(const QJsonObject &pod) const
{
    FaultEffect e;
    if (m_faults.isEmpty())
        return e;
    const QString ns = json::stringAt(pod, u"metadata.namespace");
    const QString deployment = deploymentOf(pod);
    QStringList images;
    for (const QJsonValue &c : json::at(pod, u"spec.containers").toArray())
        images << c.toObject().value(QStringLiteral("image")).toString();
    for (const Fault &f : m_faults) {
        if (!f.ns.isEmpty() && f.ns != ns)
            continue;
        if (!f.deployment.isEmpty() && f.deployment != deployment)
            continue;
        if (!f.track.isEmpty() && f.track != json::objectAt(pod, u"metadata.labels").value(QStringLiteral("enclii.dev/track")).toString())
            continue;
        if (!f.image.isEmpty() && std::none_of(images.begin(), images.end(), [&](const QString &i) {
                return i == f.image || i.startsWith(f.image + u':') || i.startsWith(f.image + u'@');
            }))
            continue;
        e.errorRate = std::min(1.0, e.errorRate + f.errorRate);
        e.addedLatencySeconds += f.addedLatencySeconds;
        e.crashLoop = e.crashLoop || f.crashLoop;
        e.neverReady = e.neverReady || f.neverReady;
    }
    return e;
}

} // namespace enclii::kube::sim
