#include "ObjectKey.h"

#include "Renderer.h"

namespace enclii::reconcile {

namespace {

QString metadataString(const QJsonObject &object, QLatin1String field)
{
    return object.value(QLatin1String("metadata")).toObject().value(field).toString();
}

QString labelOf(const QJsonObject &object, const char *label)
{
    return object.value(QLatin1String("metadata")).toObject().value(QLatin1String("labels")).toObject()
        .value(QLatin1String(label)).toString();
}

} // namespace

QString managedSelector()
{
    return QLatin1String(kManagedByLabel) + u'=' + QLatin1String(kManagedByValue);
}

QString ObjectKey::toString() const
{
    return kind + u'/' + ns + u'/' + name;
}

ObjectKey ObjectKey::of(const QJsonObject &object)
{
    return {object.value(QLatin1String("kind")).toString(), metadataString(object, QLatin1String("namespace")),
            metadataString(object, QLatin1String("name"))};
}

ObjectKey ObjectKey::parse(const QString &key)
{
    const QStringList parts = key.split(u'/');
    if (parts.size() != 3)
        return {};
    return {parts[0], parts[1], parts[2]};
}

QString keyOf(const QJsonObject &object)
{
    return ObjectKey::of(object).toString();
}

bool isOwned(const QJsonObject &object)
{
    return labelOf(object, kManagedByLabel) == QLatin1String(kManagedByValue);
}

QString serviceOf(const QJsonObject &object)
{
    return labelOf(object, kNameLabel);
}

QString renderHashOf(const QJsonObject &object)
{
    return object.value(QLatin1String("metadata")).toObject().value(QLatin1String("annotations")).toObject()
        .value(QLatin1String(kRenderHashAnnotation)).toString();
}

} // namespace enclii::reconcile
