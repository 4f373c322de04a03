#pragma once

#include "kube/client/KubeConfig.h"
#include "kube/client/KubeError.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <memory>
#include <optional>

namespace enclii::kube {

class KubeTransport;
class KubeWatch;
struct KubeRequest;
struct KubeResponse;
struct ResourceType;

// A blocking client of one cluster's Kubernetes API, for the kinds of Resources.h.
//
// Threading: each call blocks until it is done, spinning a local QEventLoop, so it works on
// worker threads that run no event loop of their own. The client's network state is created
// by its first call, in the calling thread, and stays bound to it: use one client per thread
// (a call from another thread fails with InvalidArgument). The local loop also runs the
// thread's other events (timers, sockets) while a call waits.
//
// Watches are the streaming part: watch() returns a KubeWatch that lives in the client's
// thread and needs that thread's event loop to deliver its events (see Informer for the
// list-then-watch cache built on both). Watches share the client's settings and rate limiter
// but not its connections: an open stream never holds up the blocking calls.
//
// Politeness: a token bucket (client-go's defaults: 5 requests a second, bursts of 10)
// spaces requests; 429 and 5xx answers are retried with exponential backoff honouring
// Retry-After, and so are connection failures of idempotent requests; all bounded by
// Options. (Below us, Qt Network may itself send a request once more when its connection
// closes before any byte of the answer, as on a stale keep-alive connection.) A 401 with a token file re-reads the file once (rotated service account tokens).
class KubeClient
{
public:
    struct Options
    {
        double qps = 5.0;                // <= 0 turns client-side rate limiting off
        int burst = 10;
        int maxAttempts = 5;             // tries per request, the first included
        int initialBackoffMs = 250;      // doubled after each failure, +-20% jitter
        int maxBackoffMs = 8000;
        int maxRetryAfterMs = 60000;     // a longer Retry-After fails instead of waiting
        int requestTimeoutMs = 30000;    // no progress for this long aborts a request
        qint64 maxResponseBytes = 64 << 20;
        qint64 maxWatchEventBytes = 16 << 20;
        int listPageSize = 500;          // limit= of each list page
        int maxListItems = 200000;       // a longer list fails instead of filling memory
        QByteArray userAgent = "encliid";
    };

    struct ApplyOptions
    {
        QString fieldManager = QStringLiteral("enclii");
        bool force = false;   // take over fields other managers own instead of failing with 409
        bool dryRun = false;  // dryRun=All: validated and merged by the server, not stored
    };

    struct ListOptions
    {
        QString labelSelector;
        QString fieldSelector;
        int pageSize = 0;     // 0: Options::listPageSize
    };

    struct ObjectList
    {
        QList<QJsonObject> items; // with apiVersion and kind filled in
        QString resourceVersion;  // of the list: where a watch continues from
        int pages = 0;
    };

    enum class Propagation { Background, Foreground, Orphan };

    struct DeleteOptions
    {
        Propagation propagation = Propagation::Background;
        QString preconditionUid;             // delete only this incarnation
        QString preconditionResourceVersion; // delete only this version
        std::optional<int> gracePeriodSeconds;
        bool dryRun = false;
    };

    struct DeleteResult
    {
        bool alreadyGone = false; // 404: nothing to delete
        // The object as the server returned it while finalizers or foreground deletion
        // hold it (metadata.deletionTimestamp set), or the Status it answered with.
        QJsonObject object;
    };

    struct WatchOptions
    {
        QString labelSelector;
        QString fieldSelector;
        QString resourceVersion;  // where to start; empty: "now" with synthetic ADDED for existing objects
        int timeoutSeconds = 0;   // ask the server to end the watch after this long; 0: server default
        bool allowBookmarks = true;
    };

    explicit KubeClient(KubeConfig config);
    KubeClient(KubeConfig config, Options options);
    ~KubeClient();
    KubeClient(const KubeClient &) = delete;
    KubeClient &operator=(const KubeClient &) = delete;

    const KubeConfig &config() const;
    const Options &options() const;
    QString defaultNamespace() const;

    // Server-side apply: PATCH application/apply-patch+yaml ?fieldManager=..[&force=true]
    // [&dryRun=All] to the object's own URL; creates it or merges into it; the live object
    // back. A namespaced object without metadata.namespace goes to defaultNamespace().
    // metadata.managedFields is dropped from what is sent. 409: see KubeError::fieldConflicts.
    KubeResult<QJsonObject> apply(const QJsonObject &object, const ApplyOptions &options);
    KubeResult<QJsonObject> apply(const QJsonObject &object, const QString &fieldManager = QStringLiteral("enclii"),
                                  bool force = false);

    // ns is ignored for cluster-scoped kinds; empty for a namespaced kind: defaultNamespace().
    KubeResult<QJsonObject> get(const QString &kind, const QString &ns, const QString &name);
    // Every page to the end (limit + continue). An expired continue token restarts the list
    // once from the beginning. For a namespaced kind, ns empty lists all namespaces.
    KubeResult<ObjectList> list(const QString &kind, const QString &ns, const ListOptions &options);
    KubeResult<ObjectList> list(const QString &kind, const QString &ns);
    // DELETE with DeleteOptions in the body. A 404 is success with alreadyGone.
    KubeResult<DeleteResult> remove(const QString &kind, const QString &ns, const QString &name,
                                    const DeleteOptions &options);
    KubeResult<DeleteResult> remove(const QString &kind, const QString &ns, const QString &name);
    // Create (POST; fails with AlreadyExists) and replace (PUT; optimistic concurrency when
    // the object carries metadata.resourceVersion), for objects that are not applied, such
    // as Events and the Leases of leader election.
    KubeResult<QJsonObject> create(const QJsonObject &object);
    KubeResult<QJsonObject> replace(const QJsonObject &object);

    // Starts a watch (GET ?watch=1&allowWatchBookmarks=true&resourceVersion=..) in this thread.
    // The watch keeps what it needs of the client alive; stop or delete it to end it.
    KubeResult<std::unique_ptr<KubeWatch>> watch(const QString &kind, const QString &ns,
                                                 const WatchOptions &options);

private:
    KubeResult<KubeResponse> send(const KubeRequest &request);
    KubeResult<KubeResponse> exchange(const KubeRequest &request);
    KubeResult<QJsonObject> sendForObject(const KubeRequest &request);
    KubeResult<ObjectList> listOnce(const ResourceType &type, const QString &ns, const ListOptions &options,
                                    bool *continueExpired);
    KubeResult<QJsonObject> write(const QJsonObject &object, const QByteArray &verb, const QString &what);
    void pause(qint64 ms);

    std::shared_ptr<KubeTransport> m_transport;
};

} // namespace enclii::kube
