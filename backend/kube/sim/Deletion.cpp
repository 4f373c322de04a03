#include "Deletion.h"

#include "Json.h"
#include "ObjectStore.h"
#include "Ownership.h"

#include <QJsonArray>

namespace enclii::kube::sim::deletion {

bool remove(ObjectStore &store, const QDateTime &now, const ResourceType &type, const QJsonObject &object, const QString &policy)
{
    const QString ns = json::stringAt(object, u"metadata.namespace");
    const QString name = json::stringAt(object, u"metadata.name");
    QJsonObject next = object;
    QJsonObject meta = next.value(QStringLiteral("metadata")).toObject();
    if (meta.contains(QStringLiteral("deletionTimestamp")))
        return false; // already on its way out
    QJsonArray finalizers = meta.value(QStringLiteral("finalizers")).toArray();
    if (policy == QLatin1String("Orphan")) {
        for (StoredRef &d : ownership::dependentsOf(store, ns, meta.value(QStringLiteral("uid")).toString()))
            if (ownership::dropOwner(d.object, meta.value(QStringLiteral("uid")).toString()))
                store.replace(*d.type, d.object);
    } else if (policy == QLatin1String("Foreground") && !finalizers.contains(kForeground)) {
        finalizers.append(kForeground);
    }
    const bool isNamespace = &type == &resources::namespaces();
    if (finalizers.isEmpty() && !isNamespace) {
        store.remove(type, ns, name);
        return true;
    }
    // Finalizers (ours: foregroundDeletion; a namespace's content) hold the object, marked.
    meta.insert(QStringLiteral("deletionTimestamp"), json::timestamp(now));
    meta.insert(QStringLiteral("deletionGracePeriodSeconds"), 0);
    if (!finalizers.isEmpty())
        meta.insert(QStringLiteral("finalizers"), finalizers);
    next.insert(QStringLiteral("metadata"), meta);
    if (isNamespace)
        json::set(next, u"status.phase", QStringLiteral("Terminating"));
    store.replace(type, next);
    return false;
}

} // namespace enclii::kube::sim::deletion
