#pragma once

#include "oci/image/Descriptor.h"
#include "oci/image/Platform.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace enclii::oci {

// The image a build starts from: its manifest and config exactly as fetched from a
// registry, checked against each other, or "scratch" (no base at all).
class BaseImage
{
public:
    static constexpr qsizetype MaxConfigBytes = 8 * 1024 * 1024;

    // An empty base: no layers, no config; the BuildConfig's platform is used.
    static BaseImage scratch();

    // Accepts an OCI image manifest or a Docker schema 2 one with its config blob. Checks
    // that the config's digest and size are the ones the manifest names (so the pair really
    // belongs together), that the config is an object with rootfs.type "layers", and that
    // rootfs.diff_ids has one entry per layer. Layer descriptors are converted to OCI media
    // types; an index/manifest list is refused (pick the platform's manifest first).
    static std::optional<BaseImage> fromRegistry(const QByteArray &manifestJson, const QByteArray &configJson,
                                                 QString *error = nullptr);

    bool isScratch() const { return m_scratch; }
    // Digest of the manifest bytes as given; empty for scratch.
    QString manifestDigest() const { return m_manifestDigest; }
    // The base's layers with OCI media types, in order.
    const QList<Descriptor> &layers() const { return m_layers; }
    // The parsed config; an empty object for scratch.
    const QJsonObject &config() const { return m_config; }
    QStringList diffIds() const { return m_diffIds; }

private:
    bool m_scratch = true;
    QString m_manifestDigest;
    QList<Descriptor> m_layers;
    QJsonObject m_config;
    QStringList m_diffIds;
};

} // namespace enclii::oci
