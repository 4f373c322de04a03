#include "oci/image/ImageAssembler.h"

#include "oci/image/Digest.h"
#include "oci/image/GzipWriter.h"
#include "oci/image/ImageConfigBuilder.h"
#include "oci/image/ImageManifest.h"
#include "oci/image/Json_p.h"
#include "oci/image/MediaTypes.h"
#include "oci/image/TreeArchiver.h"

#include <QDir>
#include <QFile>
#include <QTemporaryFile>

namespace enclii::oci {

using detail::setError;

bool ImageAssembler::buildLayer(const QString &sourceDir, const QString &destination, qint64 uid, qint64 gid,
                                const QString &scratchDir, Descriptor *layer, QString *diffId, QString *path,
                                QString *error)
{
    if (!QDir().mkpath(scratchDir)) {
        setError(error, QStringLiteral("cannot create the scratch folder %1").arg(scratchDir));
        return false;
    }
    QTemporaryFile file(scratchDir + QStringLiteral("/layer-XXXXXX.partial"));
    if (!file.open()) {
        setError(error, QStringLiteral("cannot create a file in %1: %2").arg(scratchDir, file.errorString()));
        return false;
    }
    GzipWriter gzip(&file);
    TarWriterOptions options;
    options.uid = uid;
    options.gid = gid;
    TarWriter tar(&gzip, options);
    QString why;
    if (!TreeArchiver::archive(sourceDir, destination, tar, &why) || !tar.finish() || !gzip.finish()
        || !file.flush()) {
        if (why.isEmpty())
            why = tar.hasError() ? tar.errorString() : gzip.errorString();
        if (why.isEmpty())
            why = file.errorString();
        setError(error, QStringLiteral("cannot build the layer from %1: %2").arg(sourceDir, why));
        return false;
    }
    const QString finalPath = scratchDir + u'/' + Digest::hex(gzip.compressedDigest()) + QStringLiteral(".tar.gz");
    QFile::remove(finalPath);
    if (!file.rename(finalPath)) {
        setError(error, QStringLiteral("cannot rename the layer to %1: %2").arg(finalPath, file.errorString()));
        return false;
    }
    file.setAutoRemove(false);
    layer->mediaType = MediaType::OciLayerGzip;
    layer->digest = gzip.compressedDigest();
    layer->size = gzip.compressedSize();
    *diffId = gzip.uncompressedDigest();
    *path = finalPath;
    return true;
}

std::optional<AssembledImage> ImageAssembler::assemble(const BaseImage &base, const QString &sourceDir,
                                                       const BuildConfig &build, const QString &scratchDir,
                                                       QString *error)
{
    AssembledImage image;
    if (!build.workdir.startsWith(u'/')) {
        setError(error, QStringLiteral("build config: workdir \"%1\" must be an absolute path").arg(build.workdir));
        return std::nullopt;
    }
    if (!buildLayer(sourceDir, build.workdir, build.fileUid, build.fileGid, scratchDir, &image.layer, &image.diffId,
                    &image.layerPath, error))
        return std::nullopt;
    const auto config = ImageConfigBuilder::derive(base, build, image.diffId, error);
    if (!config) {
        QFile::remove(image.layerPath);
        return std::nullopt;
    }
    image.configJson = detail::compactJson(*config);
    image.config = {QString(MediaType::OciConfig), Digest::sha256(image.configJson), image.configJson.size(), {}, {}, {}, {}};
    image.baseLayers = base.layers();

    ImageManifest manifest;
    manifest.config = image.config;
    manifest.layers = image.baseLayers;
    manifest.layers.append(image.layer);
    if (!base.isScratch() && !build.baseName.isEmpty()) {
        manifest.annotations.insert(QStringLiteral("org.opencontainers.image.base.name"), build.baseName);
        manifest.annotations.insert(QStringLiteral("org.opencontainers.image.base.digest"), base.manifestDigest());
    }
    image.manifestJson = manifest.toJson();
    image.manifest = manifest.descriptor();
    return image;
}

} // namespace enclii::oci
