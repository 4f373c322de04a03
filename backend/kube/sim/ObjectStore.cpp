#include "ObjectStore.h"

#include "Json.h"
#include "SimClock.h"

#include <QUuid>

namespace enclii::kube::sim {

namespace {

QString keyFor(const QString &ns, const QString &name)
{
    return ns + u'/' + name;
}

// What generation counts: everything but metadata and status.
bool specChanged(const QJsonObject &a, const QJsonObject &b)
{
    QJsonObject x = a, y = b;
    for (QJsonObject *o : {&x, &y}) {
        o->remove(QStringLiteral("metadata"));
        o->remove(QStringLiteral("status"));
    }
    return x != y;
}

QJsonObject withoutVersion(QJsonObject o)
{
    QJsonObject meta = o.value(QStringLiteral("metadata")).toObject();
    meta.remove(QStringLiteral("resourceVersion"));
    o.insert(QStringLiteral("metadata"), meta);
    return o;
}

} // namespace

QString WatchEvent::typeName() const
{
    switch (type) {
    case Type::Added: return QStringLiteral("ADDED");
    case Type::Modified: return QStringLiteral("MODIFIED");
    case Type::Deleted: return QStringLiteral("DELETED");
    }
    return {};
}

ObjectStore::ObjectStore(const SimClock *clock, int historyLimit, QObject *parent)
    : QObject(parent), m_clock(clock), m_historyLimit(std::max(16, historyLimit))
{
}

QString ObjectStore::keyOf(const QJsonObject &o)
{
    const QJsonObject meta = o.value(QStringLiteral("metadata")).toObject();
    return keyFor(meta.value(QStringLiteral("namespace")).toString(), meta.value(QStringLiteral("name")).toString());
}

std::optional<QJsonObject> ObjectStore::get(const ResourceType &type, const QString &ns, const QString &name) const
{
    const auto t = m_tables.constFind(type.qualified());
    if (t == m_tables.cend())
        return std::nullopt;
    const auto it = t->constFind(keyFor(type.namespaced ? ns : QString(), name));
    if (it == t->cend())
        return std::nullopt;
    return *it;
}

QList<QJsonObject> ObjectStore::list(const ResourceType &type, const QString &ns) const
{
    QList<QJsonObject> out;
    const auto t = m_tables.constFind(type.qualified());
    if (t == m_tables.cend())
        return out;
    if (ns.isEmpty() || !type.namespaced)
        return t->values();
    const QString prefix = ns + u'/';
    for (auto it = t->lowerBound(prefix); it != t->cend() && it.key().startsWith(prefix); ++it)
        out.append(*it);
    return out;
}

QJsonObject ObjectStore::create(const ResourceType &type, QJsonObject object)
{
    QJsonObject meta = object.value(QStringLiteral("metadata")).toObject();
    // A uid that is unique and still reads as a UUID.
    meta.insert(QStringLiteral("uid"), QUuid::createUuid().toString(QUuid::WithoutBraces));
    meta.insert(QStringLiteral("creationTimestamp"), json::timestamp(m_clock->now()));
    meta.insert(QStringLiteral("resourceVersion"), QString::number(++m_version));
    if (!type.namespaced)
        meta.remove(QStringLiteral("namespace"));
    if (object.contains(QStringLiteral("spec")))
        meta.insert(QStringLiteral("generation"), 1);
    object.insert(QStringLiteral("metadata"), meta);
    table(type).insert(keyOf(object), object);
    ++m_count;
    record({m_version, WatchEvent::Type::Added, &type, object, {}});
    return object;
}

QJsonObject ObjectStore::replace(const ResourceType &type, QJsonObject object)
{
    auto &t = table(type);
    const QString key = keyOf(object);
    const QJsonObject old = t.value(key);
    QJsonObject meta = object.value(QStringLiteral("metadata")).toObject();
    const QJsonObject oldMeta = old.value(QStringLiteral("metadata")).toObject();
    // System fields survive whatever the writer sent.
    for (const char *f : {"uid", "creationTimestamp"})
        meta.insert(QLatin1String(f), oldMeta.value(QLatin1String(f)));
    qint64 generation = oldMeta.value(QStringLiteral("generation")).toInteger();
    const bool deleting = meta.contains(QStringLiteral("deletionTimestamp")) && !oldMeta.contains(QStringLiteral("deletionTimestamp"));
    if (specChanged(old, object) || deleting)
        ++generation;
    if (generation > 0)
        meta.insert(QStringLiteral("generation"), generation);
    meta.insert(QStringLiteral("resourceVersion"), QString::number(++m_version));
    object.insert(QStringLiteral("metadata"), meta);
    t.insert(key, object);
    record({m_version, WatchEvent::Type::Modified, &type, object, old});
    return object;
}

bool ObjectStore::replaceIfChanged(const ResourceType &type, const QJsonObject &object)
{
    const auto old = get(type, json::stringAt(object, u"metadata.namespace"), json::stringAt(object, u"metadata.name"));
    if (!old || withoutVersion(*old) == withoutVersion(object))
        return false;
    replace(type, object);
    return true;
}

void ObjectStore::remove(const ResourceType &type, const QString &ns, const QString &name)
{
    auto &t = table(type);
    const auto it = t.find(keyFor(type.namespaced ? ns : QString(), name));
    if (it == t.end())
        return;
    QJsonObject last = *it;
    t.erase(it);
    --m_count;
    QJsonObject meta = last.value(QStringLiteral("metadata")).toObject();
    meta.insert(QStringLiteral("resourceVersion"), QString::number(++m_version));
    last.insert(QStringLiteral("metadata"), meta);
    record({m_version, WatchEvent::Type::Deleted, &type, last, {}});
}

std::optional<QList<WatchEvent>> ObjectStore::changesSince(const ResourceType &type, qint64 version) const
{
    if (version < m_compacted)
        return std::nullopt;
    QList<WatchEvent> out;
    // History is ordered by version: skip to the first newer one from the back.
    auto it = m_history.end();
    while (it != m_history.begin() && std::prev(it)->resourceVersion > version)
        --it;
    for (; it != m_history.end(); ++it)
        if (it->resource == &type)
            out.append(*it);
    return out;
}

void ObjectStore::record(WatchEvent event)
{
    m_history.push_back(event);
    while (int(m_history.size()) > m_historyLimit) {
        m_compacted = m_history.front().resourceVersion;
        m_history.pop_front();
    }
    emit changed(event);
}

} // namespace enclii::kube::sim
