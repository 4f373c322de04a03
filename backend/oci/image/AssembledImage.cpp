#include "oci/image/AssembledImage.h"

namespace enclii::oci {

QList<ImageBlob> AssembledImage::blobs() const
{
    QList<ImageBlob> out;
    for (const Descriptor &d : baseLayers)
        out.append({d, ImageBlob::Source::Base, {}, {}});
    out.append({layer, ImageBlob::Source::File, layerPath, {}});
    out.append({config, ImageBlob::Source::Bytes, {}, configJson});
    return out;
}

} // namespace enclii::oci
