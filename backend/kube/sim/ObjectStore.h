#pragma once

#include "Resources.h"

#include <QHash>
#include <QJsonObject>
#include <QMap>
#include <QObject>

#include <deque>
#include <optional>

namespace enclii::kube::sim {

class SimClock;

struct WatchEvent
{
    enum class Type { Added, Modified, Deleted };
    qint64 resourceVersion = 0;
    Type type = Type::Added;
    const ResourceType *resource = nullptr;
    QJsonObject object;
    QJsonObject previous; // the state before a MODIFIED, for watches that filter by labels

    QString typeName() const;
};

// The cluster's objects (etcd's part): one global resourceVersion counter, system metadata
// (uid, creationTimestamp, generation) kept on every write, and a bounded history of
// changes for watches to resume from. Nothing here checks permissions or validity; the API
// front end and the controllers do that before they write.
class ObjectStore : public QObject
{
    Q_OBJECT
public:
    static constexpr int kDefaultHistory = 10000;
    static constexpr int kMaxObjects = 200000;

    explicit ObjectStore(const SimClock *clock, int historyLimit = kDefaultHistory, QObject *parent = nullptr);

    qint64 currentVersion() const { return m_version; }
    // Changes after this version can no longer be replayed (410 Expired for a watch from it).
    qint64 compactedVersion() const { return m_compacted; }
    int objectCount() const { return m_count; }

    std::optional<QJsonObject> get(const ResourceType &type, const QString &ns, const QString &name) const;
    // Sorted by namespace then name; ns empty lists every namespace.
    QList<QJsonObject> list(const ResourceType &type, const QString &ns = {}) const;
    // The key a list is ordered by, for continue tokens.
    static QString keyOf(const QJsonObject &o);

    // Fills uid, creationTimestamp, generation 1 and a new resourceVersion; returns the
    // stored object. The caller has checked that the name is free.
    QJsonObject create(const ResourceType &type, QJsonObject object);
    // Stores a new state under a new resourceVersion, bumping generation when anything but
    // metadata and status changed. Returns the stored object.
    QJsonObject replace(const ResourceType &type, QJsonObject object);
    // replace() unless the object is unchanged (resourceVersion aside); true when written.
    bool replaceIfChanged(const ResourceType &type, const QJsonObject &object);
    // Removes the object; the DELETED event carries its last state under a new version.
    void remove(const ResourceType &type, const QString &ns, const QString &name);

    // The changes to `type` after `version`, or nullopt when they were compacted away.
    std::optional<QList<WatchEvent>> changesSince(const ResourceType &type, qint64 version) const;

signals:
    void changed(const enclii::kube::sim::WatchEvent &event);

private:
    void record(WatchEvent event);
    QMap<QString, QJsonObject> &table(const ResourceType &type) { return m_tables[type.qualified()]; }

    const SimClock *m_clock;
    int m_historyLimit;
    qint64 m_version = 0;
    qint64 m_compacted = 0;
    int m_count = 0;
    QHash<QString, QMap<QString, QJsonObject>> m_tables;
    std::deque<WatchEvent> m_history;
};

} // namespace enclii::kube::sim
