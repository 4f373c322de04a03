#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace enclii::oci {

// The registry side's view of an OCI content descriptor (image-spec descriptor.md): what
// an index lists and what the referrers API answers. Only the members the registry
// client reads or writes; unknown members of a parsed descriptor are kept in `extra` so a
// read-modify-write of an index does not drop them.
struct OciDescriptor
{
    QString mediaType;
    QString digest;
    qint64 size = 0;
    QString artifactType;
    QJsonObject annotations;
    QString platformOs;           // index entries only
    QString platformArchitecture;
    QString platformVariant;
    QJsonObject extra;

    QJsonObject toJson() const;
    // Needs mediaType, a valid digest and a non-negative size; says what is missing.
    static std::optional<OciDescriptor> fromJson(const QJsonObject &json, QString *error = nullptr);
};

// Media types the registry client names (image-spec and Docker's v2 schema 2).
namespace RegistryMediaType {
inline constexpr char OciManifest[] = "application/vnd.oci.image.manifest.v1+json";
inline constexpr char OciIndex[] = "application/vnd.oci.image.index.v1+json";
inline constexpr char DockerManifest[] = "application/vnd.docker.distribution.manifest.v2+json";
inline constexpr char DockerManifestList[] = "application/vnd.docker.distribution.manifest.list.v2+json";
inline constexpr char OciEmpty[] = "application/vnd.oci.empty.v1+json";
} // namespace RegistryMediaType

} // namespace enclii::oci
