#include "oci/registry/RegistryClient.h"

#include "oci/registry/BlobUpload_p.h"
#include "oci/registry/ContentDigest_p.h"
#include "oci/registry/ImageReference.h"
#include "oci/registry/RegistryTransport_p.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace enclii::oci {

namespace {

constexpr int kMaxIndexEntries = 10000;
constexpr int kMaxPages = 1000;

QString pullScope(const QString &repository)
{
    return QStringLiteral("repository:%1:pull").arg(repository);
}

QString pushScope(const QString &repository)
{
    return QStringLiteral("repository:%1:pull,push").arg(repository);
}

QStringList defaultAccept()
{
    return {QLatin1String(RegistryMediaType::OciManifest), QLatin1String(RegistryMediaType::OciIndex),
            QLatin1String(RegistryMediaType::DockerManifest), QLatin1String(RegistryMediaType::DockerManifestList)};
}

bool isIndexType(const QString &mediaType)
{
    return mediaType == QLatin1String(RegistryMediaType::OciIndex)
        || mediaType == QLatin1String(RegistryMediaType::DockerManifestList);
}

QString mediaTypeOf(const QByteArray &contentType, const QByteArray &body)
{
    QString type = QString::fromLatin1(contentType).section(QLatin1Char(';'), 0, 0).trimmed();
    if (type.isEmpty() || type == QLatin1String("application/json") || type == QLatin1String("text/plain"))
        type = QJsonDocument::fromJson(body).object().value(QLatin1String("mediaType")).toString();
    return type;
}

// <url>; rel="next" from a Link header (RFC 8288), or empty.
QByteArray nextLink(const QByteArray &link)
{
    for (const QByteArray &part : link.split(',')) {
        const qsizetype open = part.indexOf('<');
        const qsizetype close = part.indexOf('>', open + 1);
        if (open < 0 || close < 0)
            continue;
        const QByteArray params = part.mid(close + 1).toLower();
        if (params.contains("rel=\"next\"") || params.contains("rel=next"))
            return part.mid(open + 1, close - open - 1).trimmed();
    }
    return {};
}

std::optional<QList<OciDescriptor>> indexEntries(const QByteArray &bytes, QString *error)
{
    QJsonParseError parse;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parse);
    if (!doc.isObject()) {
        *error = QStringLiteral("the index is not a JSON object: %1").arg(parse.errorString());
        return std::nullopt;
    }
    const QJsonArray manifests = doc.object().value(QLatin1String("manifests")).toArray();
    if (manifests.size() > kMaxIndexEntries) {
        *error = QStringLiteral("the index lists more than %1 manifests").arg(kMaxIndexEntries);
        return std::nullopt;
    }
    QList<OciDescriptor> out;
    for (const QJsonValue &v : manifests) {
        QString why;
        if (auto d = OciDescriptor::fromJson(v.toObject(), &why))
            out.append(*d);
    }
    return out;
}

HttpRequest manifestRequest(const RegistryTransport &t, const QString &operation, const QByteArray &method,
                            const QString &repository, const QString &reference, const QStringList &accept)
{
    HttpRequest req;
    req.operation = operation;
    req.method = method;
    req.url = t.url(repository + QLatin1String("/manifests/") + reference);
    req.scope = pullScope(repository);
    req.setHeader("Accept", (accept.isEmpty() ? defaultAccept() : accept).join(QLatin1String(", ")).toUtf8());
    req.maxBodySize = t.options().maxManifestSize;
    return req;
}

bool isValidReference(const QString &reference, QString *why)
{
    return reference.contains(QLatin1Char(':')) ? ImageReference::isValidDigest(reference, why)
                                                : ImageReference::isValidTag(reference, why);
}

QList<OciDescriptor> filtered(QList<OciDescriptor> entries, const QString &artifactType)
{
    if (artifactType.isEmpty())
        return entries;
    entries.removeIf([&](const OciDescriptor &d) { return d.artifactType != artifactType; });
    return entries;
}

RegistryError invalid(const QString &operation, const QString &message)
{
    RegistryError e;
    e.kind = RegistryError::Kind::InvalidArgument;
    e.operation = operation;
    e.message = message;
    return e;
}

std::pair<QUrl, QString> baseUrlFor(const RegistryClient::Options &o)
{
    QString registry = o.registry.trimmed();
    QUrl url;
    if (registry.contains(QLatin1String("://"))) {
        url = QUrl(registry, QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty()
            || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))
            || (!url.path().isEmpty() && url.path() != QLatin1String("/")) || url.hasQuery() || !url.userInfo().isEmpty())
            return {{}, QStringLiteral("registry URL \"%1\" must be http(s)://host[:port] without a path or "
                                       "user information").arg(url.toString(QUrl::RemoveUserInfo))};
        url.setPath(QString());
    } else {
        QString why;
        if (!ImageReference::isValidRegistry(registry, &why))
            return {{}, why};
        if (registry == ImageReference::DefaultRegistry)
            registry = QStringLiteral("registry-1.docker.io");
        const bool plain = o.insecure || ImageReference::isLoopbackHost(registry);
        url = QUrl(QLatin1String(plain ? "http://" : "https://") + registry, QUrl::StrictMode);
    }
    if (url.scheme() == QLatin1String("http") && !o.insecure && !ImageReference::isLoopbackHost(url.host()))
        return {{}, QStringLiteral("plain http to %1 needs the registry to be configured insecure").arg(url.host())};
    return {url, QString()};
}

} // namespace

RegistryClient::RegistryClient(Options options)
{
    auto [url, error] = baseUrlFor(options);
    m_transport = std::make_unique<RegistryTransport>(std::move(options), url, error);
}

RegistryClient::~RegistryClient() = default;

QUrl RegistryClient::baseUrl() const
{
    return m_transport->baseUrl();
}

const RegistryClient::Options &RegistryClient::options() const
{
    return m_transport->options();
}

QString RegistryClient::referrersTag(const QString &digest)
{
    return QString(digest).replace(QLatin1Char(':'), QLatin1Char('-'));
}

RegistryTransport *RegistryClient::begin(const QString &operation, const Names &names, RegistryError *error)
{
    QString why;
    bool valid = true;
    for (const QString &repository : names.repositories)
        valid = valid && ImageReference::isValidRepository(repository, &why);
    for (const QString &digest : names.digests)
        valid = valid && ImageReference::isValidDigest(digest, &why);
    for (const QString &reference : names.references)
        valid = valid && isValidReference(reference, &why);
    if (!valid) {
        *error = invalid(operation, why);
        return nullptr;
    }
    return m_transport->usable(operation, error) ? m_transport.get() : nullptr;
}

RegistryResult<void> RegistryClient::ping()
{
    RegistryError e;
    RegistryTransport *t = begin(QStringLiteral("ping"), {}, &e);
    if (!t)
        return e;
    HttpRequest req;
    req.operation = QStringLiteral("ping");
    req.url = t->url(QString());
    RegistryResult<HttpResponse> r = t->send(req);
    if (!r.ok())
        return r.error();
    if (r->status != 200)
        return t->errorFor(req, *r);
    return {};
}

RegistryResult<bool> RegistryClient::blobExists(const QString &repository, const QString &digest)
{
    const QString op = QStringLiteral("check blob %1").arg(digest.left(80));
    RegistryError e;
    RegistryTransport *t = begin(op, {{repository}, {digest}, {}}, &e);
    if (!t)
        return e;
    return headBlob(*t, op, repository, digest, pullScope(repository));
}

RegistryResult<QByteArray> RegistryClient::pullBlob(const QString &repository, const QString &digest, qint64 maxSize)
{
    const QString op = QStringLiteral("pull blob %1").arg(digest.left(80));
    RegistryError e;
    RegistryTransport *t = begin(op, {{repository}, {digest}, {}}, &e);
    if (!t)
        return e;
    QByteArray data;
    ContentHasher hasher(digest);
    HttpRequest req;
    req.operation = op;
    req.url = t->url(repository + QLatin1String("/blobs/") + digest);
    req.scope = pullScope(repository);
    req.sink = [&](QByteArrayView chunk, RegistryError *error) {
        if (data.size() + chunk.size() > maxSize) {
            error->kind = RegistryError::Kind::Protocol;
            error->message = QStringLiteral("the blob is larger than the %1 bytes allowed").arg(maxSize);
            return false;
        }
        data.append(chunk);
        hasher.add(chunk);
        return true;
    };
    req.restart = [&] {
        data.clear();
        hasher.reset();
    };
    RegistryResult<HttpResponse> r = t->send(req);
    if (!r.ok())
        return r.error();
    if (r->status != 200)
        return t->errorFor(req, *r);
    if (hasher.digest() != digest)
        return t->error(req, RegistryError::Kind::DigestMismatch,
                        QStringLiteral("the content hashes to %1").arg(hasher.digest()));
    return data;
}

RegistryResult<qint64> RegistryClient::pullBlobToFile(const QString &repository, const QString &digest,
                                                      const QString &filePath, const Progress &progress)
{
    const QString op = QStringLiteral("pull blob %1").arg(digest.left(80));
    RegistryError e;
    RegistryTransport *t = begin(op, {{repository}, {digest}, {}}, &e);
    if (!t)
        return e;
    // QSaveFile: the target appears only once the content verified.
    QSaveFile file(filePath);
    if (!file.open(QIODevice::WriteOnly))
        return invalid(op, QStringLiteral("cannot write %1: %2").arg(filePath, file.errorString()));
    ContentHasher hasher(digest);
    qint64 written = 0;
    HttpRequest req;
    req.operation = op;
    req.url = t->url(repository + QLatin1String("/blobs/") + digest);
    req.scope = pullScope(repository);
    req.downloadProgress = progress;
    req.sink = [&](QByteArrayView chunk, RegistryError *error) {
        if (file.write(chunk.data(), chunk.size()) != chunk.size()) {
            error->kind = RegistryError::Kind::Io;
            error->message = QStringLiteral("cannot write %1: %2").arg(filePath, file.errorString());
            return false;
        }
        hasher.add(chunk);
        written += chunk.size();
        return true;
    };
    req.restart = [&] {
        file.seek(0);
        file.resize(0);
        hasher.reset();
        written = 0;
    };
    RegistryResult<HttpResponse> r = t->send(req);
    if (!r.ok()) {
        file.cancelWriting();
        return r.error();
    }
    if (r->status != 200) {
        file.cancelWriting();
        return t->errorFor(req, *r);
    }
    if (hasher.digest() != digest) {
        file.cancelWriting();
        return t->error(req, RegistryError::Kind::DigestMismatch,
                        QStringLiteral("the content hashes to %1; %2 was not written").arg(hasher.digest(), filePath));
    }
    if (!file.commit()) {
        RegistryError io = t->error(req, RegistryError::Kind::Io,
                                    QStringLiteral("cannot write %1: %2").arg(filePath, file.errorString()));
        return io;
    }
    return written;
}

RegistryResult<RegistryClient::PushedBlob> RegistryClient::pushBlob(const QString &repository, const QString &filePath,
                                                                    const QString &digest, const PushOptions &options)
{
    return pushBlobFrom(repository, filePath, nullptr, digest, options);
}

RegistryResult<RegistryClient::PushedBlob> RegistryClient::pushBlobData(const QString &repository,
                                                                        const QByteArray &data,
                                                                        const PushOptions &options)
{
    return pushBlobFrom(repository, QString(), &data, sha256Of(data), options);
}

RegistryResult<RegistryClient::PushedBlob> RegistryClient::pushBlobFrom(const QString &repository,
                                                                        const QString &filePath,
                                                                        const QByteArray *data, const QString &digest,
                                                                        const PushOptions &options)
{
    const QString op = QStringLiteral("push blob");
    QStringList repositories{repository};
    if (!options.mountFrom.isEmpty())
        repositories << options.mountFrom;
    RegistryError e;
    RegistryTransport *t = begin(op, {repositories, digest.isEmpty() ? QStringList() : QStringList{digest}, {}}, &e);
    if (!t)
        return e;
    QString why;
    PushedBlob pushed;
    pushed.digest = digest;
    if (data) {
        pushed.size = data->size();
    } else {
        const QFileInfo info(filePath);
        if (!info.isFile() || !info.isReadable())
            return invalid(op, QStringLiteral("%1 is not a readable file").arg(filePath));
        pushed.size = info.size();
        if (pushed.digest.isEmpty()) {
            std::optional<QString> computed = sha256OfFile(filePath, &pushed.size, &why);
            if (!computed) {
                RegistryError io = invalid(op, why);
                io.kind = RegistryError::Kind::Io;
                return io;
            }
            pushed.digest = *computed;
        }
    }

    RegistryResult<bool> exists = blobExists(repository, pushed.digest);
    if (!exists.ok())
        return exists.error();
    if (exists.value()) {
        pushed.existed = true;
        if (options.progress)
            options.progress(pushed.size, pushed.size);
        return pushed;
    }

    QUrl session;
    if (!options.mountFrom.isEmpty()) {
        HttpRequest req;
        req.operation = QStringLiteral("mount blob %1 from %2").arg(pushed.digest, options.mountFrom);
        req.method = "POST";
        req.url = t->url(repository + QLatin1String("/blobs/uploads/"),
                         QLatin1String("mount=") + QString::fromLatin1(QUrl::toPercentEncoding(pushed.digest))
                             + QLatin1String("&from=") + QString::fromLatin1(QUrl::toPercentEncoding(options.mountFrom)));
        req.scope = pushScope(repository) + QLatin1Char(' ') + pullScope(options.mountFrom);
        RegistryResult<HttpResponse> r = t->send(req);
        if (!r.ok())
            return r.error();
        if (r->status == 201) {
            pushed.mounted = true;
            if (options.progress)
                options.progress(pushed.size, pushed.size);
            return pushed;
        }
        if (r->status != 202)
            return t->errorFor(req, *r);
        if (const QByteArray location = r->header("Location"); !location.isEmpty())
            session = t->resolve(location);
    }

    const bool chunked = options.mode == UploadMode::Chunked
        || (options.mode == UploadMode::Auto && pushed.size > t->options().chunkThreshold);
    BlobUpload upload(*t, repository, filePath, data, pushed.digest, pushed.size, options.progress);
    RegistryResult<void> done = chunked ? upload.chunked(session) : upload.monolithic(session);
    if (!done.ok())
        return done.error();
    return pushed;
}

RegistryResult<bool> RegistryClient::mountBlob(const QString &repository, const QString &digest,
                                               const QString &fromRepository)
{
    const QString op = QStringLiteral("mount blob %1 from %2").arg(digest.left(80), fromRepository.left(80));
    RegistryError e;
    RegistryTransport *t = begin(op, {{repository, fromRepository}, {digest}, {}}, &e);
    if (!t)
        return e;
    HttpRequest req;
    req.operation = op;
    req.method = "POST";
    req.url = t->url(repository + QLatin1String("/blobs/uploads/"),
                     QLatin1String("mount=") + QString::fromLatin1(QUrl::toPercentEncoding(digest))
                         + QLatin1String("&from=") + QString::fromLatin1(QUrl::toPercentEncoding(fromRepository)));
    req.scope = pushScope(repository) + QLatin1Char(' ') + pullScope(fromRepository);
    RegistryResult<HttpResponse> r = t->send(req);
    if (!r.ok())
        return r.error();
    if (r->status == 201)
        return true;
    if (r->status != 202)
        return t->errorFor(req, *r);
    // Declined: the registry opened a plain upload session instead; do not leave it behind.
    if (const QByteArray location = r->header("Location"); !location.isEmpty()) {
        HttpRequest cancel;
        cancel.operation = op + QLatin1String(" (cancel upload)");
        cancel.method = "DELETE";
        cancel.url = t->resolve(location);
        cancel.scope = pushScope(repository);
        t->send(cancel);
    }
    return false;
}

RegistryResult<QString> RegistryClient::putManifest(const QString &repository, const QString &tagOrDigest,
                                                    const QString &mediaType, const QByteArray &bytes)
{
    const QString op = QStringLiteral("put manifest %1:%2").arg(repository.left(120), tagOrDigest.left(80));
    RegistryError e;
    RegistryTransport *t = begin(op, {{repository}, {}, {tagOrDigest}}, &e);
    if (!t)
        return e;
    if (mediaType.isEmpty() || bytes.isEmpty())
        return invalid(op, QStringLiteral("a manifest needs a media type and content"));
    if (bytes.size() > options().maxManifestSize)
        return invalid(op, QStringLiteral("the manifest is %1 bytes, more than the %2 registries must accept")
                               .arg(bytes.size()).arg(options().maxManifestSize));
    const QString digest = sha256Of(bytes);
    const bool byDigest = tagOrDigest.contains(QLatin1Char(':'));
    if (byDigest) {
        ContentHasher hasher(tagOrDigest);
        hasher.add(bytes);
        if (hasher.digest() != tagOrDigest)
            return invalid(op, QStringLiteral("the content hashes to %1, not to the digest it is put under")
                                   .arg(hasher.digest()));
    }
    HttpRequest req;
    req.operation = op;
    req.method = "PUT";
    req.url = t->url(repository + QLatin1String("/manifests/") + tagOrDigest);
    req.scope = pushScope(repository);
    req.setHeader("Content-Type", mediaType.toUtf8());
    req.body = bytes;
    RegistryResult<HttpResponse> r = t->send(req);
    if (!r.ok())
        return r.error();
    if (r->status != 201)
        return t->errorFor(req, *r);
    const QByteArray stored = r->header("Docker-Content-Digest").trimmed();
    if (!stored.isEmpty() && !byDigest && QString::fromLatin1(stored) != digest)
        return t->error(req, RegistryError::Kind::DigestMismatch,
                        QStringLiteral("the registry stored the manifest as %1, not %2")
                            .arg(QString::fromLatin1(stored.left(140)), digest));
    return byDigest ? tagOrDigest : digest;
}

RegistryResult<RegistryClient::Manifest> RegistryClient::getManifest(const QString &repository,
                                                                     const QString &reference,
                                                                     const QStringList &accept, bool resolveIndex)
{
    const QString op = QStringLiteral("get manifest %1:%2").arg(repository.left(120), reference.left(80));
    RegistryError e;
    RegistryTransport *t = begin(op, {{repository}, {}, {reference}}, &e);
    if (!t)
        return e;
    const bool byDigest = reference.contains(QLatin1Char(':'));
    const HttpRequest req = manifestRequest(*t, op, "GET", repository, reference, accept);
    RegistryResult<HttpResponse> r = t->send(req);
    if (!r.ok())
        return r.error();
    if (r->status != 200)
        return t->errorFor(req, *r);

    Manifest m;
    m.bytes = r->body;
    m.mediaType = mediaTypeOf(r->header("Content-Type"), m.bytes);
    ContentHasher hasher(byDigest ? reference : QStringLiteral("sha256"));
    hasher.add(m.bytes);
    m.digest = hasher.digest();
    if (byDigest && m.digest != reference)
        return t->error(req, RegistryError::Kind::DigestMismatch,
                        QStringLiteral("the manifest served for %1 hashes to %2").arg(reference, m.digest));
    const QByteArray claimed = r->header("Docker-Content-Digest").trimmed();
    if (!byDigest && !claimed.isEmpty() && claimed.startsWith("sha256:") && QString::fromLatin1(claimed) != m.digest)
        return t->error(req, RegistryError::Kind::DigestMismatch,
                        QStringLiteral("the registry says %1 but the manifest hashes to %2")
                            .arg(QString::fromLatin1(claimed.left(140)), m.digest));
    if (!resolveIndex || !isIndexType(m.mediaType))
        return m;

    QString why;
    const std::optional<QList<OciDescriptor>> entries = indexEntries(m.bytes, &why);
    if (!entries)
        return t->error(req, RegistryError::Kind::Protocol, why);
    const Options &o = options();
    QStringList offered;
    for (const OciDescriptor &d : *entries) {
        offered << d.platformOs + QLatin1Char('/') + d.platformArchitecture
                       + (d.platformVariant.isEmpty() ? QString() : QLatin1Char('/') + d.platformVariant);
        if (d.platformOs != o.platformOs || d.platformArchitecture != o.platformArchitecture
            || (!o.platformVariant.isEmpty() && d.platformVariant != o.platformVariant))
            continue;
        RegistryResult<Manifest> child = getManifest(repository, d.digest, accept, false);
        if (!child.ok())
            return child.error();
        if (isIndexType(child->mediaType))
            return t->error(req, RegistryError::Kind::Protocol,
                            QStringLiteral("index %1 points to another index for %2").arg(m.digest, offered.last()));
        Manifest resolved = child.value();
        resolved.indexDigest = m.digest;
        return resolved;
    }
    RegistryError none = t->error(req, RegistryError::Kind::NotFound,
                                  QStringLiteral("index %1 has no manifest for %2/%3 (it offers: %4)")
                                      .arg(m.digest, o.platformOs, o.platformArchitecture,
                                           offered.isEmpty() ? QStringLiteral("nothing") : offered.join(QLatin1String(", "))));
    return none;
}

RegistryResult<RegistryClient::ManifestInfo> RegistryClient::headManifest(const QString &repository,
                                                                          const QString &reference,
                                                                          const QStringList &accept)
{
    const QString op = QStringLiteral("head manifest %1:%2").arg(repository.left(120), reference.left(80));
    RegistryError e;
    RegistryTransport *t = begin(op, {{repository}, {}, {reference}}, &e);
    if (!t)
        return e;
    const bool byDigest = reference.contains(QLatin1Char(':'));
    const HttpRequest req = manifestRequest(*t, op, "HEAD", repository, reference, accept);
    RegistryResult<HttpResponse> r = t->send(req);
    if (!r.ok())
        return r.error();
    if (r->status != 200)
        return t->errorFor(req, *r);
    ManifestInfo info;
    info.mediaType = mediaTypeOf(r->header("Content-Type"), {});
    info.digest = QString::fromLatin1(r->header("Docker-Content-Digest").trimmed());
    info.size = r->header("Content-Length").toLongLong();
    if (byDigest)
        info.digest = reference;
    if (!ImageReference::isValidDigest(info.digest)) {
        // No usable digest header: the content itself says.
        RegistryResult<Manifest> full = getManifest(repository, reference, accept, false);
        if (!full.ok())
            return full.error();
        info.mediaType = full->mediaType;
        info.digest = full->digest;
        info.size = full->bytes.size();
    }
    return info;
}

RegistryResult<QStringList> RegistryClient::listTags(const QString &repository, int pageSize, int maxTags)
{
    const QString op = QStringLiteral("list tags of %1").arg(repository.left(120));
    RegistryError e;
    RegistryTransport *t = begin(op, {{repository}, {}, {}}, &e);
    if (!t)
        return e;
    QStringList tags;
    QUrl next = t->url(repository + QLatin1String("/tags/list"),
                       pageSize > 0 ? QStringLiteral("n=%1").arg(pageSize) : QString());
    for (int page = 0; !next.isEmpty(); ++page) {
        HttpRequest req;
        req.operation = op;
        req.url = next;
        req.scope = pullScope(repository);
        req.maxBodySize = 8 << 20;
        if (page >= kMaxPages)
            return t->error(req, RegistryError::Kind::Protocol, QStringLiteral("more than %1 pages").arg(kMaxPages));
        RegistryResult<HttpResponse> r = t->send(req);
        if (!r.ok())
            return r.error();
        if (r->status != 200)
            return t->errorFor(req, *r);
        const QJsonArray page_tags = QJsonDocument::fromJson(r->body).object().value(QLatin1String("tags")).toArray();
        for (const QJsonValue &v : page_tags) {
            const QString tag = v.toString();
            if (ImageReference::isValidTag(tag) && !tags.contains(tag))
                tags.append(tag);
        }
        if (tags.size() > maxTags)
            return t->error(req, RegistryError::Kind::Protocol,
                            QStringLiteral("the repository has more than %1 tags").arg(maxTags));
        const QByteArray link = nextLink(r->header("Link"));
        next = link.isEmpty() ? QUrl() : t->resolve(link);
        if (!next.isEmpty() && (next.host() != t->baseUrl().host() || next.port() != t->baseUrl().port()))
            return t->error(req, RegistryError::Kind::Protocol,
                            QStringLiteral("the next page link leaves the registry: %1")
                                .arg(RegistryTransport::describeUrl(next)));
    }
    return tags;
}

RegistryResult<QList<OciDescriptor>> RegistryClient::referrers(const QString &repository, const QString &digest,
                                                               const QString &artifactType)
{
    const QString op = QStringLiteral("list referrers of %1").arg(digest.left(80));
    RegistryError e;
    RegistryTransport *t = begin(op, {{repository}, {digest}, {}}, &e);
    if (!t)
        return e;
    QString why;
    QList<OciDescriptor> out;
    QUrl next = t->url(repository + QLatin1String("/referrers/") + digest,
                       artifactType.isEmpty() ? QString()
                                              : QLatin1String("artifactType=")
                               + QString::fromLatin1(QUrl::toPercentEncoding(artifactType)));
    for (int page = 0; !next.isEmpty() && page < kMaxPages; ++page) {
        HttpRequest req;
        req.operation = op;
        req.url = next;
        req.scope = pullScope(repository);
        req.setHeader("Accept", RegistryMediaType::OciIndex);
        req.maxBodySize = options().maxManifestSize;
        RegistryResult<HttpResponse> r = t->send(req);
        if (!r.ok())
            return r.error();
        if (r->status == 404 && page == 0)
            break; // no referrers API: the tag schema below
        if (r->status != 200)
            return t->errorFor(req, *r);
        const std::optional<QList<OciDescriptor>> entries = indexEntries(r->body, &why);
        if (!entries)
            return t->error(req, RegistryError::Kind::Protocol, why);
        const bool applied = r->header("OCI-Filters-Applied").contains("artifactType");
        out += applied ? *entries : filtered(*entries, artifactType);
        const QByteArray link = nextLink(r->header("Link"));
        next = link.isEmpty() ? QUrl() : t->resolve(link);
        if (next.isEmpty())
            return out;
    }
    RegistryResult<Manifest> index = getManifest(repository, referrersTag(digest),
                                                 {QLatin1String(RegistryMediaType::OciIndex)}, false);
    if (!index.ok())
        return index.error().isNotFound() ? RegistryResult<QList<OciDescriptor>>(QList<OciDescriptor>())
                                          : RegistryResult<QList<OciDescriptor>>(index.error());
    const std::optional<QList<OciDescriptor>> entries = indexEntries(index->bytes, &why);
    if (!entries)
        return invalid(op, QStringLiteral("the referrers index %1 is unreadable: %2").arg(referrersTag(digest), why));
    return filtered(*entries, artifactType);
}

RegistryResult<RegistryClient::ReferrerWrite> RegistryClient::addReferrer(const QString &repository,
                                                                          const QString &subjectDigest,
                                                                          const OciDescriptor &referrer)
{
    const QString op = QStringLiteral("add referrer %1 to %2").arg(referrer.digest.left(80), subjectDigest.left(80));
    RegistryError e;
    RegistryTransport *t = begin(op, {{repository}, {subjectDigest}, {}}, &e);
    if (!t)
        return e;
    QString why;
    if (!OciDescriptor::fromJson(referrer.toJson(), &why))
        return invalid(op, why);

    HttpRequest probe;
    probe.operation = op;
    probe.url = t->url(repository + QLatin1String("/referrers/") + subjectDigest);
    probe.scope = pullScope(repository);
    probe.setHeader("Accept", RegistryMediaType::OciIndex);
    probe.maxBodySize = options().maxManifestSize;
    RegistryResult<HttpResponse> r = t->send(probe);
    if (!r.ok())
        return r.error();
    if (r->status == 200)
        return ReferrerWrite::Native;
    if (r->status != 404)
        return t->errorFor(probe, *r);

    const QString tag = referrersTag(subjectDigest);
    QJsonObject index{{QStringLiteral("schemaVersion"), 2},
                      {QStringLiteral("mediaType"), QLatin1String(RegistryMediaType::OciIndex)},
                      {QStringLiteral("manifests"), QJsonArray()}};
    RegistryResult<Manifest> current = getManifest(repository, tag, {QLatin1String(RegistryMediaType::OciIndex)}, false);
    if (current.ok()) {
        index = QJsonDocument::fromJson(current->bytes).object();
        if (index.isEmpty() || !indexEntries(current->bytes, &why))
            return invalid(op, QStringLiteral("the referrers index %1 is unreadable: %2").arg(tag, why));
    } else if (!current.error().isNotFound()) {
        return current.error();
    }
    QJsonArray manifests = index.value(QLatin1String("manifests")).toArray();
    for (const QJsonValue &v : manifests)
        if (v.toObject().value(QLatin1String("digest")).toString() == referrer.digest)
            return ReferrerWrite::AlreadyListed;
    manifests.append(referrer.toJson());
    index.insert(QStringLiteral("manifests"), manifests);
    RegistryResult<QString> put = putManifest(repository, tag, QLatin1String(RegistryMediaType::OciIndex),
                                              QJsonDocument(index).toJson(QJsonDocument::Compact));
    if (!put.ok())
        return put.error();
    return ReferrerWrite::IndexUpdated;
}

} // namespace enclii::oci
