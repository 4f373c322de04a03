#pragma once

#include <QLatin1StringView>
#include <QString>

// Media types of the OCI image spec (v1.1) and the Docker image manifest schema 2 ones
// that a base image fetched from a registry may still carry. We always write OCI types;
// Docker types are accepted on read only.
namespace enclii::oci::MediaType {

inline constexpr QLatin1StringView OciManifest{"application/vnd.oci.image.manifest.v1+json"};
inline constexpr QLatin1StringView OciIndex{"application/vnd.oci.image.index.v1+json"};
inline constexpr QLatin1StringView OciConfig{"application/vnd.oci.image.config.v1+json"};
inline constexpr QLatin1StringView OciLayerGzip{"application/vnd.oci.image.layer.v1.tar+gzip"};
inline constexpr QLatin1StringView OciLayerTar{"application/vnd.oci.image.layer.v1.tar"};
inline constexpr QLatin1StringView OciLayerZstd{"application/vnd.oci.image.layer.v1.tar+zstd"};
inline constexpr QLatin1StringView OciNondistributableLayerGzip{
    "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip"};
// The descriptor of "{}" (OCI 1.1): the config of artifacts that have none.
inline constexpr QLatin1StringView OciEmpty{"application/vnd.oci.empty.v1+json"};

inline constexpr QLatin1StringView DockerManifest{"application/vnd.docker.distribution.manifest.v2+json"};
inline constexpr QLatin1StringView DockerManifestList{"application/vnd.docker.distribution.manifest.list.v2+json"};
inline constexpr QLatin1StringView DockerConfig{"application/vnd.docker.container.image.v1+json"};
inline constexpr QLatin1StringView DockerLayerGzip{"application/vnd.docker.image.rootfs.diff.tar.gzip"};
inline constexpr QLatin1StringView DockerForeignLayerGzip{"application/vnd.docker.image.rootfs.foreign.diff.tar.gzip"};

inline constexpr QLatin1StringView CycloneDxJson{"application/vnd.cyclonedx+json"};
inline constexpr QLatin1StringView SpdxJson{"application/spdx+json"};
inline constexpr QLatin1StringView CosignSimpleSigning{"application/vnd.dev.cosign.simplesigning.v1+json"};

// True for the single-platform manifest types (OCI or Docker schema 2).
bool isImageManifest(QStringView mediaType);
// True for the multi-platform index types (OCI index or Docker manifest list).
bool isImageIndex(QStringView mediaType);
// True for every layer type we can unpack: OCI tar, tar+gzip (distributable or not) and
// their Docker equivalents.
bool isLayer(QStringView mediaType);
// The OCI media type for a Docker one (manifest, config, layers); OCI types and unknown
// types are returned unchanged.
QString toOci(QStringView mediaType);

} // namespace enclii::oci::MediaType
