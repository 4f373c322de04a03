#pragma once

#include "kube/client/KubeClient.h"
#include "kube/client/KubeError.h"
#include "kube/client/KubeWatch.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QString>

class QTimer;

namespace enclii::kube {

struct WatchEvent;

// A local cache of one kind's objects (in a namespace or all of them, optionally narrowed by
// selectors), kept current the way client-go's reflector does: list, then watch from the
// list's resourceVersion; after a dropped or ended watch, watch again from the last
// resourceVersion seen (bookmarks included); after 410 Gone, list again and reconcile the
// cache with the new list (added/updated/deleted for what changed meanwhile). Failures are
// reported with errorOccurred and retried with exponential backoff, forever, until stop().
//
// Lives in the client's thread, which must run an event loop. The list is one of the
// client's blocking calls, so the thread's other events keep running while it loads.
class Informer : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        QString labelSelector;
        QString fieldSelector;
        int watchTimeoutSeconds = 0; // each watch's timeoutSeconds; 0: 5 to 10 minutes at random
        int initialBackoffMs = 500;
        int maxBackoffMs = 30000;
    };

    // client must outlive the informer.
    Informer(KubeClient *client, QString kind, QString ns, Options options, QObject *parent = nullptr);
    Informer(KubeClient *client, QString kind, QString ns, QObject *parent = nullptr);
    ~Informer() override;

    void start();
    void stop();
    bool isRunning() const { return m_running; }
    // Whether a list has filled the cache at least once.
    bool hasSynced() const { return m_synced; }

    // In no particular order.
    QList<QJsonObject> items() const { return m_cache.values(); }
    // The cached object, or an empty one. ns is ignored for cluster-scoped kinds.
    QJsonObject item(const QString &ns, const QString &name) const;
    qsizetype size() const { return m_cache.size(); }
    // The last resourceVersion seen (of the list, or of the watch's last event).
    QString resourceVersion() const { return m_resourceVersion; }
    int listCount() const { return m_lists; }
    int watchCount() const { return m_watches; }
    const KubeError &lastError() const { return m_lastError; }

signals:
    void added(const QJsonObject &object);
    void updated(const QJsonObject &oldObject, const QJsonObject &newObject);
    void deleted(const QJsonObject &lastKnown);
    void synced(); // after every successful list
    void errorOccurred(const enclii::kube::KubeError &error);

private:
    void relist();
    void startWatch();
    void onEvent(const WatchEvent &event);
    void onWatchFinished(KubeWatch::End end);
    void retryLater(void (Informer::*step)());
    void dropWatch();
    void fail(const KubeError &error);
    QString keyOf(const QJsonObject &object) const;

    KubeClient *m_client;
    QString m_kind;
    QString m_namespace;
    Options m_options;
    bool m_namespaced = true;
    QHash<QString, QJsonObject> m_cache; // "ns/name"
    QPointer<KubeWatch> m_watch;         // child
    QTimer *m_retry = nullptr;           // child
    QElapsedTimer m_watchAge;
    QString m_resourceVersion;
    KubeError m_lastError;
    int m_backoffMs = 0;
    int m_lists = 0;
    int m_watches = 0;
    bool m_running = false;
    bool m_listing = false;
    bool m_synced = false;
};

} // namespace enclii::kube
