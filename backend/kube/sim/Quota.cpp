#include "Quota.h"

#include "Json.h"
#include "ObjectStore.h"
#include "Pods.h"

#include <QJsonArray>

namespace enclii::kube::sim {

namespace quota {

bool isMemoryKey(const QString &key)
{
    return key == QLatin1String("memory") || key.endsWith(QLatin1String(".memory")) || key.endsWith(QLatin1String("storage"));
}

bool isCpuKey(const QString &key)
{
    return key == QLatin1String("cpu") || key.endsWith(QLatin1String(".cpu"));
}

QString format(const QString &key, qint64 milli)
{
    if (isCpuKey(key))
        return cpuText(milli);
    if (isMemoryKey(key))
        return memoryText(milli);
    return QString::number(milli / 1000);
}

QMap<QString, qint64> charge(const ResourceType &type, const QJsonObject &object)
{
    QMap<QString, qint64> c;
    c[QStringLiteral("count/") + type.qualified()] = 1000;
    if (type.kind == QLatin1String("Pod")) {
        if (pods::isTerminal(object))
            return {};
        c[QStringLiteral("pods")] = 1000;
        const auto r = pods::resources(object);
        for (auto it = r.begin(); it != r.end(); ++it)
            c[it.key()] = it.value();
        c[QStringLiteral("cpu")] = r.value(QStringLiteral("requests.cpu"));
        c[QStringLiteral("memory")] = r.value(QStringLiteral("requests.memory"));
    } else if (type.kind == QLatin1String("Service")) {
        c[QStringLiteral("services")] = 1000;
        const QString t = json::stringAt(object, u"spec.type");
        if (t == QLatin1String("LoadBalancer"))
            c[QStringLiteral("services.loadbalancers")] = 1000;
        if (t == QLatin1String("NodePort") || t == QLatin1String("LoadBalancer"))
            c[QStringLiteral("services.nodeports")] = 1000;
    } else if (type.kind == QLatin1String("ConfigMap")) {
        c[QStringLiteral("configmaps")] = 1000;
    } else if (type.kind == QLatin1String("Secret")) {
        c[QStringLiteral("secrets")] = 1000;
    } else if (type.kind == QLatin1String("ResourceQuota")) {
        c[QStringLiteral("resourcequotas")] = 1000;
    }
    return c;
}

QMap<QString, qint64> usage(const ObjectStore &store, const QString &ns, const QJsonObject &hard)
{
    QMap<QString, qint64> used;
    for (auto it = hard.begin(); it != hard.end(); ++it)
        used[it.key()] = 0;
    for (const ResourceType &type : resources::all()) {
        if (!type.namespaced || type.kind == QLatin1String("Event"))
            continue;
        for (const QJsonObject &o : store.list(type, ns)) {
            const auto c = charge(type, o);
            for (auto it = c.begin(); it != c.end(); ++it)
                if (used.contains(it.key()))
                    used[it.key()] += it.value();
        }
    }
    return used;
}

} // namespace quota

} // namespace enclii::kube::sim
