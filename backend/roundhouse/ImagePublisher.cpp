#include "ImagePublisher.h"

#include "BuildLog.h"
#include "ImageBuild.h"

#include "oci/registry/RegistryClient.h"

namespace enclii::roundhouse {

ImagePublisher::ImagePublisher(RegistryTarget target) : m_target(std::move(target)) {}

std::optional<PublishedImage> ImagePublisher::publish(const BuiltImage &image, const QString &repository, const QString &tag,
                                                      BuildLog &log, const StopFlag &stop,
                                                      const std::function<void(double, const QString &)> &progress, QString *error)
{
    oci::RegistryClient::Options o;
    o.registry = m_target.host();
    o.credentials = {m_target.username, m_target.password};
    o.insecure = m_target.insecure;
    oci::RegistryClient client(o);
    PublishedImage out;

    QList<const ManifestToPush *> manifests{&image.image};
    if (image.sbom)
        manifests << &*image.sbom;
    if (image.signature)
        manifests << &*image.signature;
    qint64 total = 0, done = 0;
    for (const ManifestToPush *m : manifests)
        for (const ImageBlobRef &b : m->blobs)
            total += b.size;

    for (const ManifestToPush *m : manifests) {
        for (const ImageBlobRef &b : m->blobs) {
            if (stop.stop())
                return *error = QStringLiteral("stopped"), std::nullopt;
            oci::RegistryClient::PushOptions po;
            if (b.fromRegistry == m_target.host() && !b.fromRepository.isEmpty() && b.fromRepository != repository)
                po.mountFrom = b.fromRepository;
            const qint64 before = done;
            po.progress = [&](qint64 d, qint64) {
                if (total > 0)
                    progress(double(before + d) / double(total), QStringLiteral("uploading %1").arg(b.digest.left(19)));
            };
            const auto pushed = b.filePath.isEmpty() ? client.pushBlobData(repository, b.bytes, po)
                                                     : client.pushBlob(repository, b.filePath, b.digest, po);
            if (!pushed) {
                *error = QStringLiteral("blob %1: %2").arg(b.digest.left(19), pushed.error().toString());
                return std::nullopt;
            }
            if (pushed->digest != b.digest) {
                *error = QStringLiteral("blob %1 was stored as %2").arg(b.digest, pushed->digest);
                return std::nullopt;
            }
            done += b.size;
            if (pushed->existed || pushed->mounted) {
                ++out.reusedBlobs;
                log.info(QStringLiteral("%1 %2").arg(pushed->mounted ? QStringLiteral("mounted") : QStringLiteral("exists"), b.digest.left(19)));
            } else {
                out.uploadedBytes += b.size;
                log.info(QStringLiteral("uploaded %1 (%2 bytes)").arg(b.digest.left(19)).arg(b.size));
            }
            progress(total > 0 ? double(done) / double(total) : 1.0, QStringLiteral("uploading"));
        }
        const QString reference = m->tag.isEmpty() ? m->digest : m->tag;
        const auto put = client.putManifest(repository, reference, m->mediaType, m->bytes);
        if (!put) {
            *error = QStringLiteral("manifest %1: %2").arg(reference, put.error().toString());
            return std::nullopt;
        }
        if (*put != m->digest) {
            *error = QStringLiteral("manifest %1 was stored as %2").arg(m->digest, *put);
            return std::nullopt;
        }
        if (m->referrer) {
            oci::OciDescriptor d;
            d.mediaType = m->mediaType;
            d.digest = m->digest;
            d.size = m->bytes.size();
            d.artifactType = m->artifactType;
            const auto added = client.addReferrer(repository, image.image.digest, d);
            if (!added) {
                *error = QStringLiteral("listing the SBOM as a referrer: %1").arg(added.error().toString());
                return std::nullopt;
            }
        }
        log.info(QStringLiteral("manifest %1 -> %2").arg(m->digest.left(19), reference));
    }
    out.imageReference = m_target.host() + u'/' + repository + u'@' + image.image.digest;
    if (image.sbom)
        out.sbomDigest = image.sbom->digest;
    if (image.signature)
        out.signatureDigest = image.signature->digest;
    Q_UNUSED(tag);
    return out;
}

} // namespace enclii::roundhouse
