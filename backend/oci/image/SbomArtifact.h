#pragma once

#include "oci/image/ArtifactManifest.h"
#include "oci/image/Descriptor.h"

#include <QByteArray>
#include <QMap>
#include <QString>

namespace enclii::oci::SbomArtifact {

// The OCI 1.1 "empty" descriptor: {"mediaType": "application/vnd.oci.empty.v1+json",
// "digest": sha256 of "{}", "size": 2}. Its blob is the two bytes "{}".
Descriptor emptyDescriptor();

// An SBOM attached to an image the OCI 1.1 way (image-spec manifest.md, "Guidelines for
// Artifact Usage"): an image manifest with artifactType = the SBOM's media type
// (application/vnd.cyclonedx+json or application/spdx+json), config = the empty
// descriptor, one layer = the SBOM blob, and subject = the image manifest's descriptor, so
// that registries list it under the image's referrers. Push blobs, then the manifest by
// digest. `annotations` go on the manifest (e.g. org.opencontainers.image.created).
ArtifactManifest build(const QByteArray &sbom, const QString &sbomMediaType, const Descriptor &imageManifest,
                       const QMap<QString, QString> &annotations = {});

} // namespace enclii::oci::SbomArtifact
