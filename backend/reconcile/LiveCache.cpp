#include "LiveCache.h"

#include "ObjectKey.h"

namespace enclii::reconcile {

namespace {

QString versionOf(const QJsonObject &object)
{
    return object.value(QLatin1String("metadata")).toObject().value(QLatin1String("resourceVersion")).toString();
}

} // namespace

bool LiveCache::newer(const QString &key, const QString &resourceVersion) const
{
    const QString seen = m_versions.value(key);
    if (seen.isEmpty() || resourceVersion.isEmpty())
        return true;
    bool a = false, b = false;
    const qint64 have = seen.toLongLong(&a), got = resourceVersion.toLongLong(&b);
    return !(a && b) || got >= have;
}

void LiveCache::put(const QJsonObject &object)
{
    const QString key = keyOf(object);
    const QString version = versionOf(object);
    std::lock_guard lock(m_mutex);
    if (!newer(key, version))
        return;
    m_objects.insert(key, object); // shared with the watch's copy, not duplicated
    m_versions.insert(key, version);
    m_deleted.remove(key);
}

void LiveCache::remove(const QJsonObject &lastKnown, bool deletedByOthers)
{
    const QString key = keyOf(lastKnown);
    const QString version = versionOf(lastKnown);
    std::lock_guard lock(m_mutex);
    if (!newer(key, version))
        return;
    m_objects.remove(key);
    m_versions.insert(key, version);
    if (deletedByOthers)
        m_deleted.insert(key);
}

void LiveCache::forget(const QString &key, const QString &resourceVersion)
{
    std::lock_guard lock(m_mutex);
    m_objects.remove(key);
    if (!resourceVersion.isEmpty())
        m_versions.insert(key, resourceVersion);
    m_deleted.remove(key);
}

std::optional<QJsonObject> LiveCache::get(const QString &key) const
{
    std::lock_guard lock(m_mutex);
    const auto it = m_objects.constFind(key);
    if (it == m_objects.constEnd())
        return std::nullopt;
    return *it;
}

bool LiveCache::takeDeleted(const QString &key)
{
    std::lock_guard lock(m_mutex);
    return m_deleted.remove(key);
}

QStringList LiveCache::keys() const
{
    std::lock_guard lock(m_mutex);
    return m_objects.keys();
}

int LiveCache::size() const
{
    std::lock_guard lock(m_mutex);
    return int(m_objects.size());
}

void LiveCache::clear()
{
    std::lock_guard lock(m_mutex);
    m_objects.clear();
    m_versions.clear();
    m_deleted.clear();
}

} // namespace enclii::reconcile
