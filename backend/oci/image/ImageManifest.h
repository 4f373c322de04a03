#pragma once

#include "oci/image/Descriptor.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>

#include <optional>

namespace enclii::oci {

// An OCI image manifest (image-spec manifest.md, v1.1): images, and the artifacts we attach
// to them (SBOMs, cosign signatures), are all written through this one type.
struct ImageManifest
{
    // Manifests larger than this are refused on read (the distribution spec suggests that
    // registries accept at least 4 MiB).
    static constexpr qsizetype MaxBytes = 4 * 1024 * 1024;

    Descriptor config;
    QList<Descriptor> layers;
    QString artifactType;              // OCI 1.1; empty for images
    std::optional<Descriptor> subject; // OCI 1.1 referrers: the manifest this one is about
    QMap<QString, QString> annotations;

    // Compact JSON with schemaVersion 2 and the OCI manifest mediaType; deterministic.
    QByteArray toJson() const;
    // The descriptor of toJson()'s bytes, with the manifest media type.
    Descriptor descriptor() const;

    // Reads an OCI image manifest or a Docker schema 2 manifest (the mediaType member, or
    // for OCI manifests that omit it the config's media type, tells which). An image index
    // or manifest list is refused with an error that says to pick a platform first. Media
    // types are kept as found; use MediaType::toOci to convert.
    static std::optional<ImageManifest> fromJson(const QByteArray &json, QString *error = nullptr);
};

} // namespace enclii::oci
