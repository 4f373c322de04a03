#pragma once

#include "oci/image/Platform.h"

#include <QDateTime>
#include <QMap>
#include <QString>
#include <QStringList>
#include <QTimeZone>

#include <optional>

namespace enclii::oci {

// What a build says about the image on top of its base: where the source goes and how the
// container starts. Every field has a value that keeps the image reproducible; nothing
// here defaults to "now" or to the builder's environment.
struct BuildConfig
{
    // Well-known label keys (OCI image-spec annotations.md; also used as config labels).
    static QString sourceLabel() { return QStringLiteral("org.opencontainers.image.source"); }
    static QString revisionLabel() { return QStringLiteral("org.opencontainers.image.revision"); }

    // Absolute path inside the image; the source folder's content lands here and it
    // becomes the WorkingDir.
    QString workdir = QStringLiteral("/app");
    // Empty keeps the base's. Setting an entrypoint without a cmd clears the base's Cmd, as
    // a Dockerfile ENTRYPOINT does: a base's Cmd was written for the base's entrypoint.
    QStringList entrypoint;
    // std::nullopt keeps the base's (unless an entrypoint is set); an empty list clears it.
    std::optional<QStringList> cmd;
    // "KEY=value" entries. A key the base already has is replaced in place; new keys are
    // appended in this order.
    QStringList env;
    // Added to the base's ExposedPorts as "<port>/tcp".
    std::optional<quint16> exposedPort;
    // Numeric "uid" or "uid:gid". The default is the conventional "nonroot" id of
    // distroless images, so that a service never runs as root by accident.
    QString user = QStringLiteral("65532");
    // Merged over the base's labels (ours win).
    QMap<QString, QString> labels;
    // The image's "created" time and that of its new history entry. Use the commit time
    // for reproducible builds; the default is the epoch.
    QDateTime created = QDateTime::fromSecsSinceEpoch(0, QTimeZone::utc());
    // The numeric owner of the files in the new layer (their modes are normalised to
    // 0644/0755, so root ownership still leaves them readable by `user`).
    qint64 fileUid = 0;
    qint64 fileGid = 0;
    // The platform written into the config when the base is scratch; a real base's wins.
    Platform platform{QStringLiteral("amd64"), QStringLiteral("linux"), {}, {}, {}};
    // The "created_by" of the new history entry; say what produced the layer.
    QString createdBy = QStringLiteral("enclii roundhouse: source layer");
    // When set (e.g. "docker.io/library/debian:12"), the manifest carries the OCI
    // base-image annotations org.opencontainers.image.base.name/.digest.
    QString baseName;
};

} // namespace enclii::oci
