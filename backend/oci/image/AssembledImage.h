#pragma once

#include "oci/image/Descriptor.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace enclii::oci {

// One blob an image needs in a registry, and where its bytes are. A pusher asks the
// registry which digests it already has and uploads only the rest: Base blobs normally
// exist in the base's repository (mount or copy them from there), File blobs are read from
// `filePath`, Bytes blobs are in `bytes`.
struct ImageBlob
{
    enum class Source { Base, File, Bytes };

    Descriptor descriptor;
    Source source = Source::Bytes;
    QString filePath;
    QByteArray bytes;
};

// The result of ImageAssembler::assemble. The manifest is pushed last (after every blob),
// under a tag or by its digest.
struct AssembledImage
{
    Descriptor layer;   // the new layer (tar+gzip), as the manifest lists it
    QString diffId;     // sha256 of the uncompressed layer, as the config lists it
    QString layerPath;  // the layer blob, in the scratch folder
    QList<Descriptor> baseLayers;

    QByteArray configJson;
    Descriptor config;

    QByteArray manifestJson;
    Descriptor manifest; // its digest is the image's identity (sign and deploy this)

    // Every blob the manifest references, layers first (in manifest order), config last.
    QList<ImageBlob> blobs() const;
};

} // namespace enclii::oci
