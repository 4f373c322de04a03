#include "oci/image/MediaTypes.h"

namespace enclii::oci::MediaType {

bool isImageManifest(QStringView mediaType)
{
    return mediaType == OciManifest || mediaType == DockerManifest;
}

bool isImageIndex(QStringView mediaType)
{
    return mediaType == OciIndex || mediaType == DockerManifestList;
}

bool isLayer(QStringView mediaType)
{
    return mediaType == OciLayerGzip || mediaType == OciLayerTar || mediaType == OciNondistributableLayerGzip
        || mediaType == DockerLayerGzip || mediaType == DockerForeignLayerGzip;
}

QString toOci(QStringView mediaType)
{
    if (mediaType == DockerManifest)
        return OciManifest;
    if (mediaType == DockerManifestList)
        return OciIndex;
    if (mediaType == DockerConfig)
        return OciConfig;
    if (mediaType == DockerLayerGzip)
        return OciLayerGzip;
    if (mediaType == DockerForeignLayerGzip)
        return OciNondistributableLayerGzip;
    return mediaType.toString();
}

} // namespace enclii::oci::MediaType
