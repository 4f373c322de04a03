#include "Admission.h"

#include "Json.h"
#include "ObjectStore.h"
#include "Quota.h"

#include <QJsonArray>

namespace enclii::kube::sim {

namespace {

QString podRef(const QJsonObject &o)
{
    return json::stringAt(o, u"metadata.name");
}

// Fills the LimitRange's defaults into one container and checks its bounds; returns the
// reason for a refusal, or empty.
QString limitContainer(QJsonObject &c, const QJsonObject &limit)
{
    QJsonObject res = c.value(QStringLiteral("resources")).toObject();
    QJsonObject requests = res.value(QStringLiteral("requests")).toObject();
    QJsonObject limits = res.value(QStringLiteral("limits")).toObject();
    const QJsonObject defLimits = limit.value(QStringLiteral("default")).toObject();
    const QJsonObject defRequests = limit.value(QStringLiteral("defaultRequest")).toObject();
    for (auto it = defLimits.begin(); it != defLimits.end(); ++it)
        if (!limits.contains(it.key()))
            limits.insert(it.key(), it.value());
    for (auto it = defRequests.begin(); it != defRequests.end(); ++it)
        if (!requests.contains(it.key()))
            requests.insert(it.key(), it.value());
    const QJsonObject max = limit.value(QStringLiteral("max")).toObject();
    for (auto it = max.begin(); it != max.end(); ++it) {
        if (limits.contains(it.key()) && quantityMilli(limits.value(it.key())) > quantityMilli(it.value()))
            return QStringLiteral("maximum %1 usage per Container is %2, but limit is %3")
                .arg(it.key(), it.value().toString(), limits.value(it.key()).toString());
        if (!limits.contains(it.key()))
            return QStringLiteral("maximum %1 usage per Container is %2.  No limit is specified").arg(it.key(), it.value().toString());
    }
    const QJsonObject min = limit.value(QStringLiteral("min")).toObject();
    for (auto it = min.begin(); it != min.end(); ++it)
        if (requests.contains(it.key()) && quantityMilli(requests.value(it.key())) < quantityMilli(it.value()))
            return QStringLiteral("minimum %1 usage per Container is %2, but request is %3")
                .arg(it.key(), it.value().toString(), requests.value(it.key()).toString());
    if (!requests.isEmpty())
        res.insert(QStringLiteral("requests"), requests);
    if (!limits.isEmpty())
        res.insert(QStringLiteral("limits"), limits);
    c.insert(QStringLiteral("resources"), res);
    return {};
}

// A request left out where a limit is given defaults to the limit (the API's pod defaults).
void requestsFromLimits(QJsonObject &c)
{
    QJsonObject res = c.value(QStringLiteral("resources")).toObject();
    QJsonObject requests = res.value(QStringLiteral("requests")).toObject();
    const QJsonObject limits = res.value(QStringLiteral("limits")).toObject();
    for (auto it = limits.begin(); it != limits.end(); ++it)
        if (!requests.contains(it.key()))
            requests.insert(it.key(), it.value());
    if (!requests.isEmpty())
        res.insert(QStringLiteral("requests"), requests);
    c.insert(QStringLiteral("resources"), res);
}

QString amounts(const QMap<QString, qint64> &m, const QStringList &keys)
{
    QStringList parts;
    for (const QString &k : keys)
        parts << k + u'=' + quota::format(k, m.value(k));
    return parts.join(u',');
}

} // namespace

std::optional<ApiError> Admission::admit(const ResourceType &type, QJsonObject &object, const QJsonObject *old) const
{
    if (type.kind == QLatin1String("Pod") && !old) {
        if (auto e = limitRanges(object))
            return e;
    }
    return quotas(type, object, old);
}

std::optional<ApiError> Admission::limitRanges(QJsonObject &pod) const
{
    const QString ns = json::stringAt(pod, u"metadata.namespace");
    QJsonObject spec = pod.value(QStringLiteral("spec")).toObject();
    QJsonArray containers = spec.value(QStringLiteral("containers")).toArray();
    const QList<QJsonObject> ranges = m_store.list(resources::limitRanges(), ns);
    for (qsizetype i = 0; i < containers.size(); ++i) {
        QJsonObject c = containers[i].toObject();
        for (const QJsonObject &lr : ranges) {
            for (const QJsonValue &l : json::at(lr, u"spec.limits").toArray()) {
                if (l.toObject().value(QStringLiteral("type")).toString() != QLatin1String("Container"))
                    continue;
                const QString why = limitContainer(c, l.toObject());
                if (!why.isEmpty())
                    return forbidden(QStringLiteral("pods"), podRef(pod), why);
            }
        }
        requestsFromLimits(c);
        containers.replace(i, c);
    }
    spec.insert(QStringLiteral("containers"), containers);
    pod.insert(QStringLiteral("spec"), spec);
    return std::nullopt;
}

std::optional<ApiError> Admission::quotas(const ResourceType &type, const QJsonObject &object, const QJsonObject *old) const
{
    if (!type.namespaced || type.kind == QLatin1String("Event"))
        return std::nullopt;
    const QString ns = json::stringAt(object, u"metadata.namespace");
    auto charge = quota::charge(type, object);
    if (old) {
        const auto before = quota::charge(type, *old);
        for (auto it = before.begin(); it != before.end(); ++it)
            charge[it.key()] -= it.value();
    }
    for (const QJsonObject &q : m_store.list(resources::resourceQuotas(), ns)) {
        const QString name = json::stringAt(q, u"metadata.name");
        const QJsonObject hard = json::objectAt(q, u"spec.hard");
        // A pod must state every compute resource a quota constrains.
        if (type.kind == QLatin1String("Pod") && !old) {
            QStringList missing;
            for (auto it = hard.begin(); it != hard.end(); ++it) {
                if (!quota::isCpuKey(it.key()) && !quota::isMemoryKey(it.key()))
                    continue;
                const QString key = it.key().contains(u'.') ? it.key() : QStringLiteral("requests.") + it.key();
                QStringList who;
                for (const QJsonValue &c : json::at(object, u"spec.containers").toArray())
                    if (!json::at(c.toObject(), QStringLiteral("resources.") + key).isString()
                        && !json::at(c.toObject(), QStringLiteral("resources.") + key).isDouble())
                        who << c.toObject().value(QStringLiteral("name")).toString();
                if (!who.isEmpty())
                    missing << QStringLiteral("%1 for: %2").arg(it.key(), who.join(u','));
            }
            if (!missing.isEmpty())
                return forbidden(type.qualified(), json::stringAt(object, u"metadata.name"),
                                 QStringLiteral("failed quota: %1: must specify %2").arg(name, missing.join(QStringLiteral("; "))));
        }
        QStringList exceeded;
        const auto used = quota::usage(m_store, ns, hard);
        for (auto it = hard.begin(); it != hard.end(); ++it) {
            const qint64 add = charge.value(it.key());
            if (add > 0 && used.value(it.key()) + add > quantityMilli(it.value()))
                exceeded << it.key();
        }
        if (exceeded.isEmpty())
            continue;
        QMap<QString, qint64> limited;
        for (const QString &k : exceeded)
            limited[k] = quantityMilli(hard.value(k));
        return forbidden(type.qualified(), json::stringAt(object, u"metadata.name"),
                         QStringLiteral("exceeded quota: %1, requested: %2, used: %3, limited: %4")
                             .arg(name, amounts(charge, exceeded), amounts(used, exceeded), amounts(limited, exceeded)));
    }
    return std::nullopt;
}

} // namespace enclii::kube::sim
