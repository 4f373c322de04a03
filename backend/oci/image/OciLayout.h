#pragma once

#include "oci/image/AssembledImage.h"
#include "oci/image/Descriptor.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>

#include <optional>

namespace enclii::oci {

// A directory in OCI image layout (image-spec image-layout.md): "oci-layout", "index.json"
// and content-addressed "blobs/sha256/<hex>". skopeo ("oci:<dir>:<ref>"), umoci
// ("<dir>:<ref>"), buildah and crane all read it; it is also how a build can be exported
// without a registry.
//
// Writing: blobs are verified against their descriptor as they are stored (a blob that
// does not hash to its digest is refused, never stored under that name) and each blob is
// written to a temporary name first and renamed, so a crash never leaves a truncated blob
// under a valid digest. index.json is rewritten atomically by addManifest().
//
// Reading: every blob read is bounded and checked against its digest.
class OciLayout
{
public:
    static constexpr qsizetype MaxIndexBytes = 4 * 1024 * 1024;

    // Creates the layout in `dir` (the folder itself may exist) or opens an existing one;
    // an existing "oci-layout" must say imageLayoutVersion 1.0.0.
    static std::optional<OciLayout> create(const QString &dir, QString *error = nullptr);
    // Opens an existing layout; fails when oci-layout or index.json is missing or invalid.
    static std::optional<OciLayout> open(const QString &dir, QString *error = nullptr);

    QString path() const { return m_dir; }
    // blobs/sha256/<hex> for a digest (whether or not it exists).
    QString blobPath(const QString &digest) const;
    bool hasBlob(const QString &digest) const;

    bool addBlob(const QByteArray &bytes, const Descriptor &expected, QString *error = nullptr);
    // Copies a file into the layout, checking size and digest on the way.
    bool addBlobFile(const QString &file, const Descriptor &expected, QString *error = nullptr);
    // Adds (or, for a refName already present, replaces) an entry of index.json. The
    // manifest blob must already be stored. An empty refName adds an unnamed entry.
    bool addManifest(const Descriptor &manifest, const QString &refName, QString *error = nullptr);

    // Stores an assembled image (layers, config, manifest) and names it `refName`. Base
    // layers are copied from `baseLayerFiles` (digest -> file) unless already present.
    bool addImage(const AssembledImage &image, const QMap<QString, QString> &baseLayerFiles, const QString &refName,
                  QString *error = nullptr);

    // The entries of index.json, in file order.
    const QList<Descriptor> &manifests() const { return m_manifests; }
    // The entry annotated with org.opencontainers.image.ref.name == refName.
    std::optional<Descriptor> resolve(const QString &refName, QString *error = nullptr) const;
    // A blob's bytes, when it exists, is at most `maxBytes` and matches its digest.
    std::optional<QByteArray> readBlob(const QString &digest, qsizetype maxBytes, QString *error = nullptr) const;

private:
    explicit OciLayout(const QString &dir) : m_dir(dir) {}
    bool loadIndex(QString *error);
    bool storeBlob(QIODevice &source, const Descriptor &expected, QString *error);

    QString m_dir;
    QList<Descriptor> m_manifests;
};

} // namespace enclii::oci
