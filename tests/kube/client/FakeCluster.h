#pragma once

// An in-memory stand-in for the API server's REST behaviour, as documented, for the paths
// the client uses: server-side apply (create, merge, field ownership, 409 conflicts with
// FieldManagerConflict causes, force, dryRun), create and replace (AlreadyExists, optimistic
// concurrency on metadata.resourceVersion), get, list (labelSelector equality, limit +
// continue, 410 for an expired continue token), delete (DeleteOptions body: preconditions,
// propagationPolicy), and watch (backlog since a resourceVersion, live events on open
// streams, bookmarks, ERROR 410 for a compacted resourceVersion). Field ownership is kept per
// leaf path with lists atomic: enough to show conflicts, not a structured-merge-diff.

#include "FakeApiServer.h"

#include <QJsonObject>
#include <QMap>
#include <QString>

#include <functional>

namespace enclii::kube::test {

class FakeCluster
{
public:
    explicit FakeCluster(FakeApiServer *server) : m_server(server) {}

    FakeReply handle(const FakeRequest &request);

    // Another client's update: merges patch into the object at objectPath (creating it) and
    // takes ownership of the fields it sets, as a PATCH/PUT by `manager` would.
    QJsonObject update(const QString &objectPath, const QJsonObject &patch, const QString &manager);
    bool erase(const QString &objectPath);
    QJsonObject object(const QString &objectPath) const { return m_objects.value(objectPath).object; }
    bool contains(const QString &objectPath) const { return m_objects.contains(objectPath); }
    qint64 resourceVersion() const { return m_rv; }
    // Forgets the event history: a watch from an older resourceVersion gets ERROR 410.
    void compact();
    // The next list request that carries a continue token gets 410 Expired.
    void expireNextContinue() { m_expireContinue = true; }
    // A BOOKMARK at the current resourceVersion on every open watch stream.
    void bookmark();

    // How a watch answer goes on after its backlog; and how the backlog is cut into pieces.
    FakeReply::Ending watchEnding = FakeReply::Ending::KeepOpen;
    std::function<QList<QByteArray>(const QByteArray &)> splitBacklog;
    int pieceDelayMs = 0;

private:
    struct Stored
    {
        QJsonObject object;
        QMap<QString, QString> owners;     // leaf path -> manager
        QMap<QString, QString> operations; // manager -> "Apply" or "Update"
    };

    FakeReply apply(const FakeRequest &request);
    FakeReply get(const FakeRequest &request);
    FakeReply list(const FakeRequest &request);
    FakeReply watch(const FakeRequest &request);
    FakeReply remove(const FakeRequest &request);
    FakeReply write(const FakeRequest &request);
    QJsonObject store(const QString &path, Stored stored, const char *eventType);
    void record(const QString &path, const char *type, const QJsonObject &object);

    FakeApiServer *m_server;
    QMap<QString, Stored> m_objects; // by object path, so lists come out sorted
    struct Event
    {
        qint64 rv;
        QString collection;
        QByteArray line;
    };
    QList<Event> m_history;
    qint64 m_rv = 100;
    qint64 m_compactedAt = 0;
    int m_uid = 0;
    bool m_expireContinue = false;
};

} // namespace enclii::kube::test
