#include "Ownership.h"

#include "Json.h"
#include "ObjectStore.h"

#include <QJsonArray>
#include <QSet>

namespace enclii::kube::sim::ownership {

namespace {

bool ownedBy(const QJsonObject &o, const QString &uid)
{
    for (const QJsonValue &r : json::at(o, u"metadata.ownerReferences").toArray())
        if (r.toObject().value(QStringLiteral("uid")).toString() == uid)
            return true;
    return false;
}

} // namespace

QList<StoredRef> dependentsOf(const ObjectStore &store, const QString &ns, const QString &ownerUid)
{
    QList<StoredRef> out;
    for (const ResourceType &t : resources::all()) {
        if (t.kind == QLatin1String("Event") || (!ns.isEmpty() && !t.namespaced))
            continue;
        for (const QJsonObject &o : store.list(t, ns))
            if (ownedBy(o, ownerUid))
                out.append({&t, o});
    }
    return out;
}

QString controllerUid(const QJsonObject &object)
{
    for (const QJsonValue &r : json::at(object, u"metadata.ownerReferences").toArray())
        if (r.toObject().value(QStringLiteral("controller")).toBool())
            return r.toObject().value(QStringLiteral("uid")).toString();
    return {};
}

bool orphaned(const ObjectStore &store, const QJsonObject &object)
{
    const QJsonArray refs = json::at(object, u"metadata.ownerReferences").toArray();
    if (refs.isEmpty())
        return false;
    const QString ns = json::stringAt(object, u"metadata.namespace");
    for (const QJsonValue &v : refs) {
        const QJsonObject r = v.toObject();
        const ResourceType *t = resources::byKind(r.value(QStringLiteral("apiVersion")).toString(), r.value(QStringLiteral("kind")).toString());
        if (!t)
            return false; // an owner of a kind we do not serve: leave the object alone
        const auto owner = store.get(*t, ns, r.value(QStringLiteral("name")).toString());
        if (owner && json::stringAt(*owner, u"metadata.uid") == r.value(QStringLiteral("uid")).toString())
            return false;
    }
    return true;
}

QJsonObject controllerRef(const QJsonObject &owner)
{
    return {{QStringLiteral("apiVersion"), owner.value(QStringLiteral("apiVersion"))},
            {QStringLiteral("kind"), owner.value(QStringLiteral("kind"))},
            {QStringLiteral("name"), json::at(owner, u"metadata.name")},
            {QStringLiteral("uid"), json::at(owner, u"metadata.uid")},
            {QStringLiteral("controller"), true},
            {QStringLiteral("blockOwnerDeletion"), true}};
}

bool dropOwner(QJsonObject &object, const QString &ownerUid)
{
    QJsonArray refs = json::at(object, u"metadata.ownerReferences").toArray();
    bool dropped = false;
    for (qsizetype i = refs.size() - 1; i >= 0; --i) {
        if (refs[i].toObject().value(QStringLiteral("uid")).toString() == ownerUid) {
            refs.removeAt(i);
            dropped = true;
        }
    }
    if (dropped)
        refs.isEmpty() ? json::remove(object, u"metadata.ownerReferences") : json::set(object, u"metadata.ownerReferences", refs);
    return dropped;
}

} // namespace enclii::kube::sim::ownership
