#include "oci/image/BaseImage.h"

#include "oci/image/Digest.h"
#include "oci/image/ImageManifest.h"
#include "oci/image/Json_p.h"
#include "oci/image/MediaTypes.h"

#include <QJsonArray>

namespace enclii::oci {

using detail::setError;

BaseImage BaseImage::scratch()
{
    return BaseImage();
}

std::optional<BaseImage> BaseImage::fromRegistry(const QByteArray &manifestJson, const QByteArray &configJson,
                                                  QString *error)
{
    auto fail = [&](const QString &why) -> std::optional<BaseImage> {
        setError(error, QStringLiteral("base image: %1").arg(why));
        return std::nullopt;
    };
    QString why;
    const auto manifest = ImageManifest::fromJson(manifestJson, &why);
    if (!manifest)
        return fail(why);
    const QString configType = manifest->config.mediaType;
    if (configType != MediaType::OciConfig && configType != MediaType::DockerConfig)
        return fail(QStringLiteral("config media type \"%1\" is not an image config (is this an artifact?)").arg(configType));
    if (Digest::sha256(configJson) != manifest->config.digest || configJson.size() != manifest->config.size)
        return fail(QStringLiteral("the config blob does not match the manifest's config descriptor %1 (pass the "
                                   "config exactly as fetched)")
                        .arg(manifest->config.digest));
    const auto config = detail::parseJsonObject(configJson, QStringLiteral("config"), MaxConfigBytes, &why);
    if (!config)
        return fail(why);

    BaseImage base;
    base.m_scratch = false;
    base.m_manifestDigest = Digest::sha256(manifestJson);
    base.m_config = *config;
    const QJsonObject rootfs = config->value(QLatin1StringView("rootfs")).toObject();
    if (rootfs.value(QLatin1StringView("type")).toString() != QLatin1StringView("layers"))
        return fail(QStringLiteral("config rootfs.type must be \"layers\""));
    for (const QJsonValue &id : rootfs.value(QLatin1StringView("diff_ids")).toArray()) {
        if (!Digest::isValid(id.toString(), &why))
            return fail(QStringLiteral("config rootfs.diff_ids: %1").arg(why));
        base.m_diffIds.append(id.toString());
    }
    for (Descriptor layer : manifest->layers) {
        if (!MediaType::isLayer(layer.mediaType))
            return fail(QStringLiteral("layer %1 has unsupported media type \"%2\"").arg(layer.digest, layer.mediaType));
        layer.mediaType = MediaType::toOci(layer.mediaType);
        base.m_layers.append(layer);
    }
    if (base.m_diffIds.size() != base.m_layers.size())
        return fail(QStringLiteral("the manifest has %1 layers but the config lists %2 diff_ids")
                        .arg(base.m_layers.size())
                        .arg(base.m_diffIds.size()));
    return base;
}

} // namespace enclii::oci
