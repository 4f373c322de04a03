// The build's artifacts beside the image: its SBOM (an OCI 1.1 referrer) and its cosign
// signature manifest.
#include "BuildLog.h"
#include "ImageBuild.h"

#include "oci/image/ArtifactManifest.h"
#include "oci/image/Cosign.h"
#include "oci/image/MediaTypes.h"

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
