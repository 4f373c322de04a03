#pragma once

#include <QHash>
#include <QJsonObject>
#include <QSet>
#include <QString>
#include <QStringList>

#include <mutex>
#include <optional>

namespace enclii::reconcile {

// What the cluster holds of our objects, for the reconciler's workers: fed by the watches
// (on the control thread) and by the workers' own writes, read by the workers. Objects are
// kept as they came: a QJsonObject copy shares its data, so this costs little beside the
// watches' own caches. A state never replaces a newer one (resourceVersions compared as numbers when both are),
// so a watch event that arrives after our own apply's answer cannot roll the cache back.
// Thread-safe.
class LiveCache
{
public:
    void put(const QJsonObject &object);
    // The object is gone. deletedByOthers: it was desired, so the next sync of its key
    // reports a recreation (see takeDeleted).
    void remove(const QJsonObject &lastKnown, bool deletedByOthers);
    // Our own prune: gone, and no drift to report.
    void forget(const QString &key, const QString &resourceVersion = {});

    std::optional<QJsonObject> get(const QString &key) const;
    // Whether the key's object was deleted by someone else since it was last recorded; clears it.
    bool takeDeleted(const QString &key);
    QStringList keys() const;
    int size() const;
    void clear();

private:
    bool newer(const QString &key, const QString &resourceVersion) const;

    mutable std::mutex m_mutex;
    QHash<QString, QJsonObject> m_objects;
    QHash<QString, QString> m_versions;   // last resourceVersion seen per key, tombstones included
    QSet<QString> m_deleted;
};

} // namespace enclii::reconcile
