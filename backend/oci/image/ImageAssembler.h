#pragma once

#include "oci/image/AssembledImage.h"
#include "oci/image/BaseImage.h"
#include "oci/image/BuildConfig.h"

#include <QString>

#include <optional>

namespace enclii::oci {

// Builds an image the way ko, Jib or apko do, without a daemon and without running
// anything: the base's layers stay as they are, one new layer holds the source folder
// under BuildConfig::workdir, and the config and manifest are derived from the base's.
//
// Reproducible: the same base, the same folder content (names, bytes, executable bits,
// symlink targets) and the same BuildConfig give byte-identical layer, config and
// manifest, hence the same image digest, whatever the files' mtimes, owners, the order the
// file system lists them or the umask they were written under. See TreeArchiver for what
// is archived and what is refused.
class ImageAssembler
{
public:
    // Writes the layer to `scratchDir` as "<hex of its digest>.tar.gz" (replacing a file of
    // that name, which by construction has the same content). On failure nothing is left
    // in `scratchDir` and *error says what went wrong.
    static std::optional<AssembledImage> assemble(const BaseImage &base, const QString &sourceDir,
                                                  const BuildConfig &build, const QString &scratchDir,
                                                  QString *error = nullptr);

    // Just the layer: the folder's content under `destination` as tar+gzip in `scratchDir`.
    // Fills `layer` (OCI tar+gzip descriptor), `diffId` and `path`. Useful for tests and for
    // extra layers.
    static bool buildLayer(const QString &sourceDir, const QString &destination, qint64 uid, qint64 gid,
                           const QString &scratchDir, Descriptor *layer, QString *diffId, QString *path,
                           QString *error = nullptr);
};

} // namespace enclii::oci
