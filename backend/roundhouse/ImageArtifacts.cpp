// The build's artifacts beside the image: its SBOM (an OCI 1.1 referrer) and its cosign
// signature manifest.
#include "BuildLog.h"
#include "ImageBuild.h"

#include "oci/image/ArtifactManifest.h"
#include "oci/image/Cosign.h"
#include "oci/image/CycloneDx.h"
#include "oci/image/MediaTypes.h"
#include "oci/image/PackageScanner.h"
#include "oci/image/SbomArtifact.h"
#include "oci/image/SbomSubject.h"
#include "oci/image/SbomSummary.h"
#include "oci/image/Spdx.h"

#include <QJsonArray>

namespace enclii::roundhouse {

namespace {

ManifestToPush fromArtifact(const oci::ArtifactManifest &a)
{
    ManifestToPush m;
    m.mediaType = a.manifest.mediaType;
    m.bytes = a.manifestJson;
    m.digest = a.manifest.digest;
    m.artifactType = a.manifest.artifactType;
    for (const oci::ImageBlob &b : a.blobs)
        m.blobs << ImageBlobRef{b.descriptor.mediaType, b.descriptor.digest, b.descriptor.size, b.filePath, b.bytes, {}, {}};
    return m;
}

} // namespace

bool BuiltImage::makeSbom(const QString &dockerReference, bool spdx, BuildLog &log, QString *error)
{
    const auto scan = oci::PackageScanner::scanLayers(layerFiles, error);
    if (!scan)
        return false;
    for (const QString &w : scan->warnings)
        log.info(QStringLiteral("sbom: %1").arg(w));
    oci::SbomSubject subject;
    subject.imageName = dockerReference;
    subject.imageDigest = image.digest;
    subject.timestamp = created;
    const QByteArray bom = spdx ? oci::Spdx::write(subject, scan->packages) : oci::CycloneDx::write(subject, scan->packages);
    sbomKind = spdx ? QStringLiteral("SPDX 2.3") : QStringLiteral("CycloneDX 1.5");
    oci::Descriptor imageDescriptor;
    imageDescriptor.mediaType = image.mediaType;
    imageDescriptor.digest = image.digest;
    imageDescriptor.size = image.bytes.size();
    sbom = fromArtifact(oci::SbomArtifact::build(bom, QString(spdx ? oci::MediaType::SpdxJson : oci::MediaType::CycloneDxJson), imageDescriptor));
    sbom->referrer = true;
    const oci::SbomSummary summary = oci::SbomSummary::of(scan->packages);
    QJsonObject byType;
    for (auto it = summary.byType.begin(); it != summary.byType.end(); ++it)
        byType.insert(it.key(), it.value());
    QJsonObject licenseCounts;
    for (auto it = summary.licenses.begin(); it != summary.licenses.end(); ++it)
        licenseCounts.insert(it.key(), it.value());
    sbomStats = {{QStringLiteral("packages"), summary.packages},
                 {QStringLiteral("licenses"), int(summary.licenses.size())},
                 {QStringLiteral("byType"), byType},
                 {QStringLiteral("licenseCounts"), licenseCounts},
                 {QStringLiteral("withoutLicense"), summary.withoutLicense}};
    log.info(QStringLiteral("sbom: %1 package(s) in %2 layer(s), %3 bytes of %4").arg(summary.packages).arg(layerFiles.size()).arg(bom.size()).arg(sbomKind));
    return true;
}

bool BuiltImage::attachSignature(const QByteArray &payload, const QString &signatureBase64, QString *error)
{
    const oci::ArtifactManifest a = oci::Cosign::signatureManifest({{payload, signatureBase64}});
    if (a.manifestJson.isEmpty()) {
        *error = QStringLiteral("the signature manifest could not be made");
        return false;
    }
    signature = fromArtifact(a);
    signature->tag = oci::Cosign::signatureTag(image.digest);
    return true;
}

QJsonObject BuiltImage::sbomJsonSummary(const QString &digest) const
{
    QJsonObject o = sbomStats;
    o.insert(QStringLiteral("format"), sbomKind);
    o.insert(QStringLiteral("digest"), digest);
    return o;
}

QString BuiltImage::sbomSummaryText() const
{
    return QStringLiteral("%1 package(s), %2 licence(s)")
        .arg(sbomStats.value(QStringLiteral("packages")).toInt())
        .arg(sbomStats.value(QStringLiteral("licenses")).toInt());
}

} // namespace enclii::roundhouse
