#include "oci/image/SbomArtifact.h"

#include "oci/image/Digest.h"
#include "oci/image/ImageManifest.h"
#include "oci/image/MediaTypes.h"

namespace enclii::oci::SbomArtifact {

namespace {
const QByteArray kEmptyJson = QByteArrayLiteral("{}");
}

Descriptor emptyDescriptor()
{
    return {QString(MediaType::OciEmpty), Digest::sha256(kEmptyJson), kEmptyJson.size(), {}, {}, {}, {}};
}

ArtifactManifest build(const QByteArray &sbom, const QString &sbomMediaType, const Descriptor &imageManifest,
                       const QMap<QString, QString> &annotations)
{
    ImageManifest manifest;
    manifest.artifactType = sbomMediaType;
    manifest.config = emptyDescriptor();
    const Descriptor layer{sbomMediaType, Digest::sha256(sbom), sbom.size(), {}, {}, {}, {}};
    manifest.layers = {layer};
    // The subject is referenced by media type, digest and size only.
    manifest.subject = Descriptor{imageManifest.mediaType, imageManifest.digest, imageManifest.size, {}, {}, {}, {}};
    manifest.annotations = annotations;

    ArtifactManifest out;
    out.manifestJson = manifest.toJson();
    out.manifest = manifest.descriptor();
    out.blobs = {{manifest.config, ImageBlob::Source::Bytes, {}, kEmptyJson}, {layer, ImageBlob::Source::Bytes, {}, sbom}};
    return out;
}

} // namespace enclii::oci::SbomArtifact
