#include "oci/registry/OciDescriptor.h"

#include "oci/registry/ImageReference.h"

#include <QJsonValue>

namespace enclii::oci {

namespace {

const QString kMediaType = QStringLiteral("mediaType");
const QString kDigest = QStringLiteral("digest");
const QString kSize = QStringLiteral("size");
const QString kArtifactType = QStringLiteral("artifactType");
const QString kAnnotations = QStringLiteral("annotations");
const QString kPlatform = QStringLiteral("platform");
const QString kOs = QStringLiteral("os");
const QString kArchitecture = QStringLiteral("architecture");
const QString kVariant = QStringLiteral("variant");

void fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
}

} // namespace

QJsonObject OciDescriptor::toJson() const
{
    QJsonObject o = extra;
    o.insert(kMediaType, mediaType);
    o.insert(kDigest, digest);
    o.insert(kSize, double(size));
    if (!artifactType.isEmpty())
        o.insert(kArtifactType, artifactType);
    if (!annotations.isEmpty())
        o.insert(kAnnotations, annotations);
    if (!platformOs.isEmpty() || !platformArchitecture.isEmpty()) {
        QJsonObject p = o.value(kPlatform).toObject();
        p.insert(kOs, platformOs);
        p.insert(kArchitecture, platformArchitecture);
        if (!platformVariant.isEmpty())
            p.insert(kVariant, platformVariant);
        o.insert(kPlatform, p);
    }
    return o;
}

std::optional<OciDescriptor> OciDescriptor::fromJson(const QJsonObject &json, QString *error)
{
    OciDescriptor d;
    d.mediaType = json.value(kMediaType).toString();
    d.digest = json.value(kDigest).toString();
    const QJsonValue size = json.value(kSize);
    if (d.mediaType.isEmpty()) {
        fail(error, QStringLiteral("a descriptor has no mediaType"));
        return std::nullopt;
    }
    QString why;
    if (!ImageReference::isValidDigest(d.digest, &why)) {
        fail(error, QStringLiteral("a descriptor has a bad digest: %1").arg(why));
        return std::nullopt;
    }
    // JSON numbers are doubles: sizes up to 2^53 are exact, far beyond any blob.
    if (!size.isDouble() || size.toDouble() < 0 || size.toDouble() > 9007199254740992.0
        || size.toDouble() != double(qint64(size.toDouble()))) {
        fail(error, QStringLiteral("descriptor %1 has no valid size").arg(d.digest));
        return std::nullopt;
    }
    d.size = qint64(size.toDouble());
    d.artifactType = json.value(kArtifactType).toString();
    d.annotations = json.value(kAnnotations).toObject();
    const QJsonObject platform = json.value(kPlatform).toObject();
    d.platformOs = platform.value(kOs).toString();
    d.platformArchitecture = platform.value(kArchitecture).toString();
    d.platformVariant = platform.value(kVariant).toString();
    d.extra = json;
    for (const QString &known : {kMediaType, kDigest, kSize, kArtifactType, kAnnotations})
        d.extra.remove(known);
    return d;
}

} // namespace enclii::oci
