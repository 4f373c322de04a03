#include "oci/image/ImageManifest.h"

#include "oci/image/Digest.h"
#include "oci/image/Json_p.h"
#include "oci/image/MediaTypes.h"

#include <QJsonArray>

namespace enclii::oci {

using detail::setError;

QByteArray ImageManifest::toJson() const
{
    QJsonArray layerArray;
    for (const Descriptor &layer : layers)
        layerArray.append(layer.toJson());
    QJsonObject json{{QStringLiteral("schemaVersion"), 2},
                     {QStringLiteral("mediaType"), QString(MediaType::OciManifest)},
                     {QStringLiteral("config"), config.toJson()},
                     {QStringLiteral("layers"), layerArray}};
    if (!artifactType.isEmpty())
        json.insert(QStringLiteral("artifactType"), artifactType);
    if (subject)
        json.insert(QStringLiteral("subject"), subject->toJson());
    if (!annotations.isEmpty())
        json.insert(QStringLiteral("annotations"), detail::toJsonObject(annotations));
    return detail::compactJson(json);
}

Descriptor ImageManifest::descriptor() const
{
    const QByteArray json = toJson();
    Descriptor d;
    d.mediaType = MediaType::OciManifest;
    d.digest = Digest::sha256(json);
    d.size = json.size();
    if (!artifactType.isEmpty())
        d.artifactType = artifactType;
    return d;
}

std::optional<ImageManifest> ImageManifest::fromJson(const QByteArray &json, QString *error)
{
    const auto object = detail::parseJsonObject(json, QStringLiteral("manifest"), MaxBytes, error);
    if (!object)
        return std::nullopt;
    auto fail = [&](const QString &why) -> std::optional<ImageManifest> {
        setError(error, QStringLiteral("manifest: %1").arg(why));
        return std::nullopt;
    };
    if (object->value(QLatin1StringView("schemaVersion")).toInt(-1) != 2)
        return fail(QStringLiteral("\"schemaVersion\" must be 2"));
    const QString mediaType = object->value(QLatin1StringView("mediaType")).toString();
    if (MediaType::isImageIndex(mediaType) || object->contains(QLatin1StringView("manifests")))
        return fail(QStringLiteral("this is an image index (multi-platform); resolve it to one platform's manifest first"));
    if (!mediaType.isEmpty() && !MediaType::isImageManifest(mediaType))
        return fail(QStringLiteral("unsupported media type \"%1\"").arg(mediaType));

    ImageManifest m;
    QString why;
    const auto config = Descriptor::fromJson(object->value(QLatin1StringView("config")).toObject(), &why);
    if (!config)
        return fail(QStringLiteral("config: %1").arg(why));
    m.config = *config;
    const QJsonValue layers = object->value(QLatin1StringView("layers"));
    if (!layers.isArray())
        return fail(QStringLiteral("\"layers\" must be an array"));
    for (const QJsonValue &layer : layers.toArray()) {
        const auto d = Descriptor::fromJson(layer.toObject(), &why);
        if (!d)
            return fail(QStringLiteral("layer %1: %2").arg(m.layers.size()).arg(why));
        m.layers.append(*d);
    }
    m.artifactType = object->value(QLatin1StringView("artifactType")).toString();
    if (object->contains(QLatin1StringView("subject"))) {
        m.subject = Descriptor::fromJson(object->value(QLatin1StringView("subject")).toObject(), &why);
        if (!m.subject)
            return fail(QStringLiteral("subject: %1").arg(why));
    }
    const QJsonObject annotations = object->value(QLatin1StringView("annotations")).toObject();
    for (auto it = annotations.begin(); it != annotations.end(); ++it)
        m.annotations.insert(it.key(), it.value().toString());
    return m;
}

} // namespace enclii::oci
