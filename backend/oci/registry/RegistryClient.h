#pragma once

#include "oci/registry/OciDescriptor.h"
#include "oci/registry/RegistryError.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <functional>
#include <memory>

namespace enclii::oci {

class RegistryTransport;

// A blocking client of one registry's OCI Distribution API (/v2/).
//
// Threading: every call blocks until it is done, spinning a local QEventLoop, so it works
// on any thread, including worker threads that never run an event loop of their own.
// The client's QNetworkAccessManager is created by the first call, in the calling thread,
// and stays bound to it: use one client per thread (a call from another thread fails with
// InvalidArgument instead of touching Qt objects across threads). Because the local loop
// processes the calling thread's events, a caller on the GUI/main thread sees its timers
// and sockets run during a call; workers are the intended callers.
//
// Transport: https, except plain http for loopback registries (localhost, 127.0.0.0/8, ::1)
// and for registries configured `insecure`. Authentication is anonymous, Basic, or Docker's
// token authentication (a 401 with `WWW-Authenticate: Bearer realm,service,scope` -> a
// token from the realm, sent with the credentials as Basic, cached per scope until it
// expires, and the request retried once). Credentials and tokens are only ever sent to
// the registry and its token realm, never to a redirect target on another host, and never
// appear in errors or logs.
//
// Faults: connection errors, timeouts, 5xx and 429 are retried with exponential backoff
// (Retry-After honoured, capped) up to RetryPolicy::maxAttempts; other 4xx never are.
// A chunked upload that fails midway resumes from the offset the registry reports, or
// starts a new upload session when the registry lost the old one.
class RegistryClient
{
public:
    struct Credentials
    {
        QString username;
        QString password;
        bool isEmpty() const { return username.isEmpty() && password.isEmpty(); }
    };

    struct RetryPolicy
    {
        int maxAttempts = 5;          // tries per request, the first included
        int initialBackoffMs = 250;   // doubled after each failure
        int maxBackoffMs = 8000;
        int maxRetryAfterMs = 30000;  // a longer Retry-After fails instead of waiting
    };

    struct Options
    {
        // "host[:port]" as ImageReference::registry() has it, or a base URL
        // "http(s)://host[:port]". docker.io means registry-1.docker.io.
        QString registry;
        Credentials credentials;
        bool insecure = false;           // plain http to a non-loopback registry
        RetryPolicy retry;
        int requestTimeoutMs = 60000;    // without any bytes moving, per request
        qint64 chunkThreshold = 32LL << 20; // Auto mode: chunked upload above this size
        qint64 chunkSize = 8LL << 20;
        qint64 maxManifestSize = 4LL << 20; // the size the distribution spec asks registries to accept
        QString platformOs = QStringLiteral("linux");
        QString platformArchitecture = QStringLiteral("amd64");
        QString platformVariant;         // empty: any variant
        QString userAgent = QStringLiteral("enclii");
    };

    // bytes done, bytes total; called on the calling thread during uploads and downloads.
    using Progress = std::function<void(qint64 done, qint64 total)>;

    enum class UploadMode { Auto, Monolithic, Chunked };

    struct PushOptions
    {
        UploadMode mode = UploadMode::Auto;
        QString mountFrom; // a repository of the same registry that may already hold the blob
        Progress progress;
    };

    struct PushedBlob
    {
        QString digest;
        qint64 size = 0;
        bool existed = false; // HEAD found it: nothing uploaded
        bool mounted = false; // the registry linked it from mountFrom
    };

    struct Manifest
    {
        QString mediaType;
        QByteArray bytes;
        QString digest;      // sha256 of bytes (verified against a digest reference)
        QString indexDigest; // set when an index was resolved to this platform's manifest
    };

    struct ManifestInfo
    {
        QString mediaType;
        QString digest;
        qint64 size = 0;
    };

    enum class ReferrerWrite {
        Native,         // the registry serves the referrers API: it indexes subjects itself
        IndexUpdated,   // the sha256-<hex> fallback index now lists the descriptor
        AlreadyListed,  // it did already
    };

    explicit RegistryClient(Options options);
    ~RegistryClient();
    RegistryClient(const RegistryClient &) = delete;
    RegistryClient &operator=(const RegistryClient &) = delete;

    // scheme://host:port the requests go to, or an empty URL when Options::registry is invalid.
    QUrl baseUrl() const;
    const Options &options() const;

    // GET /v2/: reachable, and the credentials (if any) accepted.
    RegistryResult<void> ping();

    RegistryResult<bool> blobExists(const QString &repository, const QString &digest);
    // The blob in memory; refused above maxSize (configs, manifests-as-blobs, small layers).
    RegistryResult<QByteArray> pullBlob(const QString &repository, const QString &digest,
                                        qint64 maxSize = 64LL << 20);
    // Streams to filePath (replaced); on a digest mismatch the file is removed.
    RegistryResult<qint64> pullBlobToFile(const QString &repository, const QString &digest,
                                          const QString &filePath, const Progress &progress = {});

    // Uploads a file unless the registry has the blob already. digest may be empty: it is
    // then computed from the file first. Monolithic: POST then PUT ?digest= with the body.
    // Chunked: POST, PATCHes of chunkSize with Content-Range, then PUT ?digest=.
    RegistryResult<PushedBlob> pushBlob(const QString &repository, const QString &filePath,
                                        const QString &digest, const PushOptions &options);
    RegistryResult<PushedBlob> pushBlob(const QString &repository, const QString &filePath,
                                        const QString &digest = {})
    {
        return pushBlob(repository, filePath, digest, PushOptions());
    }
    RegistryResult<PushedBlob> pushBlobData(const QString &repository, const QByteArray &data,
                                            const PushOptions &options);
    RegistryResult<PushedBlob> pushBlobData(const QString &repository, const QByteArray &data)
    {
        return pushBlobData(repository, data, PushOptions());
    }
    // POST ?mount=<digest>&from=<repo>: true when linked (201); false when the registry
    // declined (202; the upload session it opened instead is cancelled).
    RegistryResult<bool> mountBlob(const QString &repository, const QString &digest, const QString &fromRepository);

    // PUT of a manifest under a tag or its own digest; returns its digest.
    RegistryResult<QString> putManifest(const QString &repository, const QString &tagOrDigest,
                                        const QString &mediaType, const QByteArray &bytes);
    // accept empty: the OCI and Docker v2 manifest and index types. An index (or Docker
    // manifest list) is resolved to the manifest of the configured platform when
    // resolveIndex is true; otherwise it is returned as is.
    RegistryResult<Manifest> getManifest(const QString &repository, const QString &reference,
                                         const QStringList &accept = {}, bool resolveIndex = true);
    RegistryResult<ManifestInfo> headManifest(const QString &repository, const QString &reference,
                                              const QStringList &accept = {});
    // Follows Link rel="next" pages; pageSize 0 lets the registry choose.
    RegistryResult<QStringList> listTags(const QString &repository, int pageSize = 0, int maxTags = 100000);

    // Manifests whose subject is `digest`: GET /v2/<repo>/referrers/<digest>, or the
    // referrers tag schema (tag sha256-<hex>, an index) when the registry answers 404, as
    // docker-registry 2.8 does. artifactType filters when not empty.
    RegistryResult<QList<OciDescriptor>> referrers(const QString &repository, const QString &digest,
                                                   const QString &artifactType = {});
    // The writer side of the fallback: adds `referrer` to the sha256-<hex> index of
    // subjectDigest (read, modify, write; idempotent by digest). Concurrent writers to the
    // same subject can lose each other's entry, as with every tag-schema client; callers
    // serialise per subject. Nothing is written when the registry serves the referrers API.
    RegistryResult<ReferrerWrite> addReferrer(const QString &repository, const QString &subjectDigest,
                                              const OciDescriptor &referrer);

    // "sha256-<hex>" for "sha256:<hex>".
    static QString referrersTag(const QString &digest);

private:
    RegistryResult<PushedBlob> pushBlobFrom(const QString &repository, const QString &filePath,
                                            const QByteArray *data, const QString &digest,
                                            const PushOptions &options);
    // What an operation puts into its URLs: checked before anything is sent.
    struct Names
    {
        QStringList repositories;
        QStringList digests;
        QStringList references; // a tag or a digest
    };
    // Checks the names and binds the transport to the calling thread; null, with *error
    // naming the operation, when either fails.
    RegistryTransport *begin(const QString &operation, const Names &names, RegistryError *error);

    std::unique_ptr<RegistryTransport> m_transport;
};

} // namespace enclii::oci
