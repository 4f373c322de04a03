#include "Apply.h"

#include "FieldSet.h"
#include "Json.h"
#include "ManagedFields.h"

#include <QJsonArray>

namespace enclii::kube::sim {

namespace {

using fields::Path;

struct Conflict
{
    qsizetype entry;
    QString manager;
    QString apiVersion;
    Path path;
};

QJsonValue merge(const QJsonValue &live, const QJsonValue &applied, const QString &kind, const QStringList &schema);

QJsonObject mergeMaps(const QJsonObject &live, const QJsonObject &applied, const QString &kind, const QStringList &schema)
{
    QJsonObject out = live;
    for (auto it = applied.begin(); it != applied.end(); ++it)
        out.insert(it.key(), merge(live.value(it.key()), it.value(), kind, schema + QStringList{it.key()}));
    return out;
}

// Live items keep their places, matching applied items merge into them, new ones follow.
QJsonArray mergeListMap(const QJsonArray &live, const QJsonArray &applied, const QString &kind, const QStringList &schema)
{
    const QStringList keys = fields::listKeys(kind, schema);
    QJsonArray out = live;
    for (const QJsonValue &item : applied) {
        const QString key = fields::itemKey(item.toObject(), keys);
        qsizetype at = -1;
        for (qsizetype i = 0; i < out.size() && at < 0; ++i)
            if (fields::itemKey(out[i].toObject(), keys) == key)
                at = i;
        if (at >= 0)
            out.replace(at, mergeMaps(out[at].toObject(), item.toObject(), kind, schema));
        else
            out.append(item);
    }
    return out;
}

QJsonValue merge(const QJsonValue &live, const QJsonValue &applied, const QString &kind, const QStringList &schema)
{
    if (live.isObject() && applied.isObject())
        return mergeMaps(live.toObject(), applied.toObject(), kind, schema);
    if (live.isArray() && applied.isArray() && !fields::listKeys(kind, schema).isEmpty())
        return mergeListMap(live.toArray(), applied.toArray(), kind, schema);
    return applied;
}

// What an apply may carry: the main resource without status, or only status; never the
// system's metadata (the object's identity comes from the live object or the request).
QJsonObject scoped(const QJsonObject &applied, fields::Scope scope)
{
    QJsonObject out;
    if (scope == fields::Scope::Status) {
        if (applied.contains(QStringLiteral("status")))
            out.insert(QStringLiteral("status"), applied.value(QStringLiteral("status")));
        return out;
    }
    out = applied;
    out.remove(QStringLiteral("status"));
    QJsonObject meta = out.value(QStringLiteral("metadata")).toObject();
    for (const char *f : {"uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp",
                          "deletionGracePeriodSeconds", "managedFields", "selfLink"})
        meta.remove(QLatin1String(f));
    out.insert(QStringLiteral("metadata"), meta);
    return out;
}

// A key field of a list item: it stays as long as the item does.
bool isKeyField(const Path &p)
{
    if (p.size() < 2 || !p[p.size() - 2].startsWith(QLatin1String("k:")) || !p.last().startsWith(QLatin1String("f:")))
        return false;
    return p[p.size() - 2].contains(u'"' + p.last().mid(2) + QStringLiteral("\":"));
}

ApiError conflictError(const QList<Conflict> &conflicts, const ApplyRequest &request, const QString &name)
{
    // The real server's wording: grouped by manager, one field per line when there are several.
    QStringList lines;
    QJsonArray causes;
    for (const Conflict &c : conflicts) {
        const QString who = QStringLiteral("conflict with \"%1\" using %2").arg(c.manager, c.apiVersion);
        causes.append(fieldCause(QStringLiteral("FieldManagerConflict"), fields::describe(c.path), who));
        lines << (conflicts.size() == 1 ? who + QStringLiteral(": ") + fields::describe(c.path)
                                        : QStringLiteral("- %1 (%2)").arg(fields::describe(c.path), who));
    }
    ApiError e;
    e.code = 409;
    e.reason = QStringLiteral("Conflict");
    e.message = conflicts.size() == 1
                    ? QStringLiteral("Apply failed with 1 conflict: %1").arg(lines.first())
                    : QStringLiteral("Apply failed with %1 conflicts:\n%2").arg(conflicts.size()).arg(lines.join(u'\n'));
    const qsizetype dot = request.qualifiedResource.indexOf(u'.');
    e.kind = dot < 0 ? request.qualifiedResource : request.qualifiedResource.left(dot);
    e.group = dot < 0 ? QString() : request.qualifiedResource.mid(dot + 1);
    e.name = name;
    e.causes = causes;
    return e;
}

} // namespace

ApplyOutcome serverSideApply(const QJsonObject *live, const QJsonObject &applied, const ApplyRequest &request)
{
    ApplyOutcome out;
    const auto scope = request.subresource == QLatin1String("status") ? fields::Scope::Status : fields::Scope::Main;
    const QString name = json::stringAt(applied, u"metadata.name");
    const QString apiVersion = applied.value(QStringLiteral("apiVersion")).toString();

    fields::Set intent;
    QString error;
    if (!fields::collect(applied, request.kind, scope, true, &intent, &error)) {
        out.error = badRequest(QStringLiteral("failed to create typed patch object (%1): %2").arg(request.kind, error));
        out.error->code = 422;
        out.error->reason = QStringLiteral("Invalid");
        return out;
    }

    const QJsonObject base = live ? *live : QJsonObject();
    QList<ManagerEntry> entries = live ? managed::read(*live) : QList<ManagerEntry>();
    qsizetype mine = -1;
    for (qsizetype i = 0; i < entries.size(); ++i)
        if (entries[i].sameOwner(request.manager, QStringLiteral("Apply"), request.subresource))
            mine = i;

    QList<Conflict> conflicts;
    for (qsizetype i = 0; i < entries.size(); ++i) {
        if (i == mine)
            continue;
        for (const Path &p : intent) {
            if (!entries[i].set.count(p) || fields::isItem(p))
                continue;
            if (fields::valueAt(applied, p, request.kind) != fields::valueAt(base, p, request.kind))
                conflicts.append({i, entries[i].manager, entries[i].apiVersion, p});
        }
    }
    if (!conflicts.isEmpty() && !request.force) {
        out.error = conflictError(conflicts, request, name);
        return out;
    }
    for (const Conflict &c : conflicts)
        entries[c.entry].set.erase(c.path);

    QJsonObject merged = merge(base, scoped(applied, scope), request.kind, {}).toObject();

    // Fields this manager gave up: gone unless another manager still holds them (or something beneath).
    fields::Set others;
    for (qsizetype i = 0; i < entries.size(); ++i)
        if (i != mine)
            others.insert(entries[i].set.begin(), entries[i].set.end());
    const fields::Set previous = mine >= 0 ? entries[mine].set : fields::Set();
    // In set order an item comes before its fields, so an item that goes takes them along.
    for (const Path &p : previous) {
        if (intent.count(p) || fields::coversPrefix(others, p) || fields::coversPrefix(intent, p) || isKeyField(p))
            continue;
        fields::removeAt(merged, p, request.kind);
    }

    if (mine < 0) {
        entries.append({request.manager, QStringLiteral("Apply"), apiVersion, json::timestamp(request.now), request.subresource, {}});
        mine = entries.size() - 1;
    }
    entries[mine].set = intent;
    entries[mine].apiVersion = apiVersion;

    QJsonObject meta = merged.value(QStringLiteral("metadata")).toObject();
    meta.insert(QStringLiteral("managedFields"), managed::write(entries));
    if (meta.value(QStringLiteral("managedFields")).toArray().isEmpty())
        meta.remove(QStringLiteral("managedFields"));
    merged.insert(QStringLiteral("metadata"), meta);
    out.changed = !live || merged != *live;
    if (out.changed) {
        entries[mine].time = json::timestamp(request.now);
        meta.insert(QStringLiteral("managedFields"), managed::write(entries));
        merged.insert(QStringLiteral("metadata"), meta);
    }
    out.object = merged;
    return out;
}

QJsonValue mergePatch(const QJsonValue &target, const QJsonValue &patch)
{
    if (!patch.isObject())
        return patch;
    QJsonObject out = target.isObject() ? target.toObject() : QJsonObject();
    const QJsonObject p = patch.toObject();
    for (auto it = p.begin(); it != p.end(); ++it) {
        if (it.value().isNull())
            out.remove(it.key());
        else
            out.insert(it.key(), mergePatch(out.value(it.key()), it.value()));
    }
    return out;
}

} // namespace enclii::kube::sim
