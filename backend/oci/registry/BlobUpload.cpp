#include "oci/registry/BlobUpload_p.h"

#include <QLoggingCategory>

namespace enclii::oci {

Q_DECLARE_LOGGING_CATEGORY(lcRegistry)

namespace {

const QString kOperation = QStringLiteral("push blob");

QUrl withDigest(QUrl url, const QString &digest)
{
    QString query = url.query(QUrl::FullyEncoded);
    if (!query.isEmpty())
        query += QLatin1Char('&');
    query += QLatin1String("digest=") + QString::fromLatin1(QUrl::toPercentEncoding(digest));
    url.setQuery(query, QUrl::StrictMode);
    return url;
}

// "0-<last>" (docker-registry also sends "bytes=0-<last>"): the offset after it.
std::optional<qint64> offsetAfterRange(const QByteArray &range)
{
    QByteArray r = range.trimmed();
    if (r.startsWith("bytes="))
        r = r.mid(6);
    const qsizetype dash = r.indexOf('-');
    if (dash <= 0)
        return std::nullopt;
    bool okStart = false;
    bool okEnd = false;
    const qint64 start = r.left(dash).toLongLong(&okStart);
    const qint64 end = r.mid(dash + 1).toLongLong(&okEnd);
    if (!okStart || !okEnd || start != 0 || end < 0)
        return std::nullopt;
    return end + 1;
}

// 404 BLOB_UPLOAD_UNKNOWN, 400 BLOB_UPLOAD_INVALID, 416 offset disagreement: the session
// is gone or unusable, though the blob itself can still be uploaded in a new one.
bool sessionLost(const HttpResponse &resp, const RegistryError &error)
{
    return resp.status == 404 || resp.status == 416
        || (resp.status == 400 && error.hasCode(QStringLiteral("BLOB_UPLOAD_INVALID")));
}

} // namespace

BlobUpload::BlobUpload(RegistryTransport &transport, QString repository, QString filePath, const QByteArray *data,
                       QString digest, qint64 size, RegistryClient::Progress progress)
    : m_transport(transport)
    , m_repository(std::move(repository))
    , m_filePath(std::move(filePath))
    , m_data(data)
    , m_digest(std::move(digest))
    , m_size(size)
    , m_progress(std::move(progress))
    , m_scope(QStringLiteral("repository:%1:pull,push").arg(m_repository))
{
}

void BlobUpload::report(qint64 done) const
{
    if (m_progress)
        m_progress(qMin(done, m_size), m_size);
}

RegistryError BlobUpload::failure(RegistryError e, int attempts) const
{
    e.operation = kOperation + QLatin1Char(' ') + m_digest;
    e.attempts = qMax(e.attempts, attempts);
    return e;
}

HttpRequest BlobUpload::request(const QByteArray &method, const QUrl &url, qint64 offset, qint64 length) const
{
    HttpRequest req;
    req.operation = kOperation + QLatin1Char(' ') + m_digest;
    req.method = method;
    req.url = url;
    req.scope = m_scope;
    req.retry = false; // the upload loop decides how to recover
    req.setHeader("Content-Type", "application/octet-stream");
    if (m_data) {
        req.body = m_data->mid(offset, length);
    } else if (length > 0) {
        req.bodyFile = m_filePath;
        req.bodyOffset = offset;
        req.bodyLength = length;
    }
    req.uploadProgress = [this, offset](qint64 sent, qint64) { report(offset + sent); };
    return req;
}

RegistryResult<QUrl> BlobUpload::openSession()
{
    HttpRequest req;
    req.operation = kOperation + QLatin1Char(' ') + m_digest;
    req.method = "POST";
    req.url = m_transport.url(m_repository + QLatin1String("/blobs/uploads/"));
    req.scope = m_scope;
    RegistryResult<HttpResponse> r = m_transport.send(req);
    if (!r.ok())
        return r.error();
    if (r->status != 202)
        return m_transport.errorFor(req, *r, QStringLiteral("the registry did not open an upload session"));
    const QByteArray location = r->header("Location");
    if (location.isEmpty())
        return m_transport.error(req, RegistryError::Kind::Protocol,
                                 QStringLiteral("the upload session answer has no Location"));
    return m_transport.resolve(location);
}

RegistryResult<void> BlobUpload::checkCommitted(const HttpRequest &req, const HttpResponse &resp) const
{
    const QByteArray stored = resp.header("Docker-Content-Digest").trimmed();
    if (!stored.isEmpty() && QString::fromLatin1(stored) != m_digest)
        return m_transport.error(req, RegistryError::Kind::DigestMismatch,
                                 QStringLiteral("the registry stored the blob as %1, not %2")
                                     .arg(QString::fromLatin1(stored.left(140)), m_digest));
    report(m_size);
    return {};
}

RegistryResult<bool> headBlob(RegistryTransport &transport, const QString &operation, const QString &repository,
                              const QString &digest, const QString &scope)
{
    HttpRequest req;
    req.operation = operation;
    req.method = "HEAD";
    req.url = transport.url(repository + QLatin1String("/blobs/") + digest);
    req.scope = scope;
    RegistryResult<HttpResponse> r = transport.send(req);
    if (!r.ok())
        return r.error();
    if (r->status == 200)
        return true;
    if (r->status == 404)
        return false;
    return transport.errorFor(req, *r);
}

RegistryResult<bool> BlobUpload::blobComplete()
{
    return headBlob(m_transport, kOperation + QLatin1Char(' ') + m_digest, m_repository, m_digest, m_scope);
}

RegistryResult<void> BlobUpload::monolithic(QUrl session)
{
    const int maxAttempts = qMax(1, m_transport.options().retry.maxAttempts);
    for (int attempt = 1;; ++attempt) {
        if (session.isEmpty()) {
            RegistryResult<QUrl> opened = openSession();
            if (!opened.ok())
                return failure(opened.error(), attempt);
            session = opened.value();
        }
        const HttpRequest put = request("PUT", withDigest(session, m_digest), 0, m_size);
        RegistryResult<HttpResponse> r = m_transport.send(put);
        if (r.ok() && r->status == 201)
            return checkCommitted(put, *r);
        const RegistryError e = r.ok() ? m_transport.errorFor(put, *r) : r.error();
        if (!e.isTransient() || attempt >= maxAttempts)
            return failure(e, attempt);
        qCInfo(lcRegistry).noquote() << "upload of" << m_digest << "failed:" << e.message << "- retrying";
        m_transport.pause(m_transport.backoffMs(attempt, r.ok() ? &r.value() : nullptr));
        // The PUT may have landed even though its answer did not.
        RegistryResult<bool> done = blobComplete();
        if (done.ok() && done.value()) {
            report(m_size);
            return {};
        }
        session = QUrl();
    }
}

RegistryResult<BlobUpload::Sync> BlobUpload::resync(QUrl *session, qint64 *offset)
{
    RegistryResult<bool> done = blobComplete();
    if (!done.ok())
        return done.error();
    if (done.value())
        return Sync::Complete;
    if (session->isEmpty())
        return Sync::Lost;
    HttpRequest req;
    req.operation = kOperation + QLatin1Char(' ') + m_digest;
    req.url = *session;
    req.scope = m_scope;
    RegistryResult<HttpResponse> r = m_transport.send(req);
    if (!r.ok())
        return r.error();
    if (sessionLost(*r, m_transport.errorFor(req, *r)))
        return Sync::Lost;
    if (r->status != 204)
        return m_transport.errorFor(req, *r, QStringLiteral("the upload session status is unreadable"));
    const std::optional<qint64> next = offsetAfterRange(r->header("Range"));
    // "0-0" is ambiguous in docker-registry (empty or one byte): start over in that case.
    if (!next || *next > m_size || r->header("Range").trimmed().endsWith("0-0"))
        return Sync::Lost;
    if (const QByteArray location = r->header("Location"); !location.isEmpty())
        *session = m_transport.resolve(location);
    *offset = *next;
    return Sync::Resumed;
}

RegistryResult<void> BlobUpload::chunked(QUrl session)
{
    const RegistryClient::Options &options = m_transport.options();
    const int maxFailures = qMax(1, options.retry.maxAttempts);
    const qint64 chunkSize = qMax<qint64>(1, options.chunkSize);
    qint64 offset = 0;
    int failures = 0;     // consecutive, reset by progress
    int sessions = 0;
    RegistryError last;
    for (;;) {
        if (session.isEmpty()) {
            if (++sessions > maxFailures)
                return failure(last, failures);
            RegistryResult<QUrl> opened = openSession();
            if (!opened.ok())
                return failure(opened.error(), failures + 1);
            session = opened.value();
            offset = 0;
        }
        const bool finishing = offset >= m_size;
        const qint64 length = finishing ? 0 : qMin(chunkSize, m_size - offset);
        HttpRequest req = finishing ? request("PUT", withDigest(session, m_digest), 0, 0)
                                    : request("PATCH", session, offset, length);
        if (!finishing) {
            req.setHeader("Content-Range", QByteArray::number(offset) + '-' + QByteArray::number(offset + length - 1));
        }
        RegistryResult<HttpResponse> r = m_transport.send(req);
        if (r.ok() && finishing && r->status == 201)
            return checkCommitted(req, *r);
        if (r.ok() && !finishing && r->status == 202) {
            const QByteArray location = r->header("Location");
            const std::optional<qint64> next = offsetAfterRange(r->header("Range"));
            if (location.isEmpty() || !next || *next <= offset || *next > offset + length)
                return failure(m_transport.error(req, RegistryError::Kind::Protocol,
                                                 QStringLiteral("the chunk answer lacks a usable Location or Range")),
                               failures + 1);
            session = m_transport.resolve(location);
            offset = *next;
            failures = 0;
            report(offset);
            continue;
        }
        last = r.ok() ? m_transport.errorFor(req, *r) : r.error();
        const bool lost = r.ok() && sessionLost(*r, last);
        if (!last.isTransient() && !lost)
            return failure(last, failures + 1);
        if (++failures >= maxFailures)
            return failure(last, failures);
        qCInfo(lcRegistry).noquote() << "chunk at" << offset << "of" << m_digest << "failed:" << last.message
                                     << "- re-synchronising";
        m_transport.pause(lost ? 0 : m_transport.backoffMs(failures, r.ok() ? &r.value() : nullptr));
        if (lost) {
            session = QUrl();
            continue;
        }
        RegistryResult<Sync> sync = resync(&session, &offset);
        if (!sync.ok())
            return failure(sync.error(), failures);
        if (sync.value() == Sync::Complete) {
            report(m_size);
            return {};
        }
        if (sync.value() == Sync::Lost)
            session = QUrl();
    }
}

} // namespace enclii::oci
