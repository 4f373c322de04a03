#pragma once

// Internal to enclii_oci_registry: the upload half of RegistryClient::pushBlob.

#include "oci/registry/RegistryTransport_p.h"

namespace enclii::oci {

// HEAD /v2/<repository>/blobs/<digest>: true (200), false (404), or the error.
RegistryResult<bool> headBlob(RegistryTransport &transport, const QString &operation, const QString &repository,
                              const QString &digest, const QString &scope);

// One blob going up, from a file or from memory, with a known digest and size.
//
// Monolithic: POST opens a session, PUT ?digest= carries the whole body. Chunked: PATCHes
// with Content-Range, each answer's Location and Range taken as the new session URL and
// offset, then an empty PUT ?digest=. After a failed step the upload re-synchronises:
// the blob may already be complete (a PUT whose answer was lost), the session may report
// its offset (GET on it), or the registry may have lost or invalidated it (docker-registry
// cancels a session whose stored size no longer matches its signed state, as after a
// crash mid-PATCH), in which case a new session starts from zero. Consecutive failures
// are bounded by the retry policy.
class BlobUpload
{
public:
    BlobUpload(RegistryTransport &transport, QString repository, QString filePath, const QByteArray *data,
               QString digest, qint64 size, RegistryClient::Progress progress);

    // session: an upload session the registry already opened (a declined mount), or empty.
    RegistryResult<void> monolithic(QUrl session);
    RegistryResult<void> chunked(QUrl session);

private:
    enum class Sync { Resumed, Complete, Lost };

    RegistryResult<QUrl> openSession();
    HttpRequest request(const QByteArray &method, const QUrl &url, qint64 offset, qint64 length) const;
    RegistryResult<void> checkCommitted(const HttpRequest &req, const HttpResponse &resp) const;
    RegistryResult<Sync> resync(QUrl *session, qint64 *offset);
    RegistryResult<bool> blobComplete();
    RegistryError failure(RegistryError e, int attempts) const;
    void report(qint64 done) const;

    RegistryTransport &m_transport;
    QString m_repository;
    QString m_filePath;
    const QByteArray *m_data;
    QString m_digest;
    qint64 m_size;
    RegistryClient::Progress m_progress;
    QString m_scope;
};

} // namespace enclii::oci
