#pragma once

#include "oci/image/AssembledImage.h"
#include "oci/image/Descriptor.h"

#include <QByteArray>
#include <QList>

namespace enclii::oci {

// A manifest that is not a runnable image (an SBOM, a signature) with the blobs it needs.
// Push every blob, then the manifest (by digest, or under the tag the producer names).
struct ArtifactManifest
{
    QByteArray manifestJson;
    Descriptor manifest;
    QList<ImageBlob> blobs; // all Source::Bytes
};

} // namespace enclii::oci
