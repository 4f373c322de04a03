#include "Pods.h"

#include "Json.h"

#include <QJsonArray>

namespace enclii::kube::sim::pods {

namespace {

void addContainer(QMap<QString, qint64> &sum, const QJsonObject &c)
{
    for (const char *kind : {"requests", "limits"}) {
        const QJsonObject r = json::objectAt(c, QStringLiteral("resources.") + QLatin1String(kind));
        for (auto it = r.begin(); it != r.end(); ++it)
            sum[QLatin1String(kind) + u'.' + it.key()] += quantityMilli(it.value());
    }
}

} // namespace

QMap<QString, qint64> resources(const QJsonObject &pod)
{
    QMap<QString, qint64> sum;
    for (const QJsonValue &c : json::at(pod, u"spec.containers").toArray())
        addContainer(sum, c.toObject());
    for (const QJsonValue &c : json::at(pod, u"spec.initContainers").toArray()) {
        QMap<QString, qint64> one;
        addContainer(one, c.toObject());
        for (auto it = one.begin(); it != one.end(); ++it)
            sum[it.key()] = std::max(sum.value(it.key()), it.value());
    }
    return sum;
}

bool isTerminal(const QJsonObject &pod)
{
    const QString phase = json::stringAt(pod, u"status.phase");
    return phase == QLatin1String("Succeeded") || phase == QLatin1String("Failed");
}

bool isDeleting(const QJsonObject &o)
{
    return json::at(o, u"metadata.deletionTimestamp").isString();
}

bool isActive(const QJsonObject &pod)
{
    return !isTerminal(pod) && !isDeleting(pod);
}

QJsonObject condition(const QJsonObject &object, const QString &type)
{
    for (const QJsonValue &c : json::at(object, u"status.conditions").toArray())
        if (c.toObject().value(QStringLiteral("type")).toString() == type)
            return c.toObject();
    return {};
}

bool isReady(const QJsonObject &pod)
{
    return condition(pod, QStringLiteral("Ready")).value(QStringLiteral("status")) == QLatin1String("True");
}

QDateTime readySince(const QJsonObject &pod)
{
    const QJsonObject c = condition(pod, QStringLiteral("Ready"));
    if (c.value(QStringLiteral("status")) != QLatin1String("True"))
        return {};
    return json::parseTimestamp(c.value(QStringLiteral("lastTransitionTime")).toString());
}

bool isAvailable(const QJsonObject &pod, int minReadySeconds, const QDateTime &now)
{
    const QDateTime since = readySince(pod);
    return since.isValid() && since.addSecs(minReadySeconds) <= now;
}

void setCondition(QJsonObject &object, QJsonObject c, const QString &now)
{
    QJsonObject status = object.value(QStringLiteral("status")).toObject();
    QJsonArray conditions = status.value(QStringLiteral("conditions")).toArray();
    const QString type = c.value(QStringLiteral("type")).toString();
    for (qsizetype i = 0; i < conditions.size(); ++i) {
        const QJsonObject old = conditions[i].toObject();
        if (old.value(QStringLiteral("type")).toString() != type)
            continue;
        const bool same = old.value(QStringLiteral("status")) == c.value(QStringLiteral("status"));
        c.insert(QStringLiteral("lastTransitionTime"), same ? old.value(QStringLiteral("lastTransitionTime")) : QJsonValue(now));
        if (c.contains(QStringLiteral("lastUpdateTime")) && same && old.value(QStringLiteral("reason")) == c.value(QStringLiteral("reason"))
            && old.value(QStringLiteral("message")) == c.value(QStringLiteral("message")))
            c.insert(QStringLiteral("lastUpdateTime"), old.value(QStringLiteral("lastUpdateTime")));
        conditions.replace(i, c);
        status.insert(QStringLiteral("conditions"), conditions);
        object.insert(QStringLiteral("status"), status);
        return;
    }
    c.insert(QStringLiteral("lastTransitionTime"), now);
    conditions.append(c);
    status.insert(QStringLiteral("conditions"), conditions);
    object.insert(QStringLiteral("status"), status);
}

} // namespace enclii::kube::sim::pods
