#pragma once

#include "oci/image/Platform.h"

#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace enclii::oci {

// An OCI content descriptor (image-spec descriptor.md): what a manifest or index says about
// a blob it points to. Annotations sit in a QMap so that serialisation order, and thus the
// digest of the manifest that embeds the descriptor, never depends on insertion order.
struct Descriptor
{
    QString mediaType;
    QString digest; // "sha256:<hex>"
    qint64 size = 0;
    QMap<QString, QString> annotations;
    QString artifactType;            // OCI 1.1; empty when absent
    QStringList urls;                // non-distributable layers only; usually empty
    std::optional<Platform> platform; // index entries only

    // Empty members are left out, as the spec's examples do.
    QJsonObject toJson() const;
    // Checks types, a valid sha256 digest, a non-negative integral size and string-valued
    // annotations; unknown members are ignored (the spec says so). Sizes above 2^53 are
    // refused because a JSON double cannot hold them exactly.
    static std::optional<Descriptor> fromJson(const QJsonObject &json, QString *error = nullptr);

    // The annotation under which OCI layouts (index.json) name a reference, e.g. "latest".
    static QString refNameAnnotation() { return QStringLiteral("org.opencontainers.image.ref.name"); }

    friend bool operator==(const Descriptor &, const Descriptor &) = default;
};

} // namespace enclii::oci
