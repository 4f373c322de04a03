#include "GarbageCollector.h"

#include "Deletion.h"
#include "Json.h"
#include "ObjectStore.h"
#include "Ownership.h"
#include "Pods.h"

#include <QJsonArray>

namespace enclii::kube::sim {

void GarbageCollector::sync(SimContext &ctx)
{
    foreground(ctx);
    orphans(ctx);
    namespaces(ctx);
}

void GarbageCollector::foreground(SimContext &ctx)
{
    for (const ResourceType &type : resources::all()) {
        for (QJsonObject o : ctx.store.list(type)) {
            if (!pods::isDeleting(o))
                continue;
            QJsonArray finalizers = json::at(o, u"metadata.finalizers").toArray();
            if (!finalizers.contains(deletion::kForeground))
                continue;
            const QString ns = json::stringAt(o, u"metadata.namespace");
            const auto dependents = ownership::dependentsOf(ctx.store, ns, json::stringAt(o, u"metadata.uid"));
            for (const StoredRef &d : dependents)
                deletion::remove(ctx.store, ctx.now(), *d.type, d.object, QStringLiteral("Foreground"));
            if (!dependents.isEmpty())
                continue;
            for (qsizetype i = finalizers.size() - 1; i >= 0; --i)
                if (finalizers[i] == deletion::kForeground)
                    finalizers.removeAt(i);
            if (finalizers.isEmpty()) {
                ctx.store.remove(type, ns, json::stringAt(o, u"metadata.name"));
            } else {
                json::set(o, u"metadata.finalizers", finalizers);
                ctx.store.replace(type, o);
            }
        }
    }
}

void GarbageCollector::orphans(SimContext &ctx)
{
    for (const ResourceType &type : resources::all()) {
        if (&type == &resources::events() || &type == &resources::nodes() || &type == &resources::namespaces())
            continue;
        for (const QJsonObject &o : ctx.store.list(type))
            if (!pods::isDeleting(o) && ownership::orphaned(ctx.store, o))
                deletion::remove(ctx.store, ctx.now(), type, o, QStringLiteral("Background"));
    }
}

void GarbageCollector::namespaces(SimContext &ctx)
{
    for (const QJsonObject &n : ctx.store.list(resources::namespaces())) {
        if (!pods::isDeleting(n))
            continue;
        const QString ns = json::stringAt(n, u"metadata.name");
        bool empty = true;
        for (const ResourceType &type : resources::all()) {
            if (!type.namespaced)
                continue;
            for (const QJsonObject &o : ctx.store.list(type, ns)) {
                empty = false;
                if (!pods::isDeleting(o))
                    deletion::remove(ctx.store, ctx.now(), type, o, QStringLiteral("Background"));
            }
        }
        if (empty)
            ctx.store.remove(resources::namespaces(), {}, ns);
    }
}

} // namespace enclii::kube::sim
