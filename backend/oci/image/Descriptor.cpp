#include "oci/image/Descriptor.h"

#include "oci/image/Digest.h"
#include "oci/image/Json_p.h"

#include <QJsonArray>

#include <cmath>

namespace enclii::oci {

namespace {

// Largest integer a JSON number (an IEEE double) holds exactly.
constexpr double kMaxExactInteger = 9007199254740992.0;

} // namespace

QJsonObject Descriptor::toJson() const
{
    QJsonObject json{{QStringLiteral("mediaType"), mediaType},
                     {QStringLiteral("digest"), digest},
                     {QStringLiteral("size"), double(size)}};
    if (!annotations.isEmpty())
        json.insert(QStringLiteral("annotations"), detail::toJsonObject(annotations));
    if (!artifactType.isEmpty())
        json.insert(QStringLiteral("artifactType"), artifactType);
    if (!urls.isEmpty())
        json.insert(QStringLiteral("urls"), QJsonArray::fromStringList(urls));
    if (platform)
        json.insert(QStringLiteral("platform"), platform->toJson());
    return json;
}

std::optional<Descriptor> Descriptor::fromJson(const QJsonObject &json, QString *error)
{
    auto fail = [&](const QString &why) -> std::optional<Descriptor> {
        if (error)
            *error = QStringLiteral("invalid descriptor: %1").arg(why);
        return std::nullopt;
    };
    Descriptor d;
    const QJsonValue mediaType = json.value(QLatin1StringView("mediaType"));
    if (!mediaType.isString() || mediaType.toString().isEmpty())
        return fail(QStringLiteral("\"mediaType\" must be a non-empty string"));
    d.mediaType = mediaType.toString();

    const QJsonValue digest = json.value(QLatin1StringView("digest"));
    QString digestError;
    if (!digest.isString() || !Digest::isValid(digest.toString(), &digestError))
        return fail(digest.isString() ? digestError : QStringLiteral("\"digest\" must be a string"));
    d.digest = digest.toString();

    const QJsonValue size = json.value(QLatin1StringView("size"));
    const double s = size.toDouble(-1);
    if (!size.isDouble() || s < 0 || s > kMaxExactInteger || std::floor(s) != s)
        return fail(QStringLiteral("\"size\" must be a non-negative integer"));
    d.size = qint64(s);

    const QJsonValue annotations = json.value(QLatin1StringView("annotations"));
    if (!annotations.isUndefined() && !annotations.isNull()) {
        if (!annotations.isObject())
            return fail(QStringLiteral("\"annotations\" must be an object of strings"));
        const QJsonObject a = annotations.toObject();
        for (auto it = a.begin(); it != a.end(); ++it) {
            if (!it.value().isString())
                return fail(QStringLiteral("annotation \"%1\" must be a string").arg(it.key()));
            d.annotations.insert(it.key(), it.value().toString());
        }
    }

    const QJsonValue artifactType = json.value(QLatin1StringView("artifactType"));
    if (!artifactType.isUndefined()) {
        if (!artifactType.isString())
            return fail(QStringLiteral("\"artifactType\" must be a string"));
        d.artifactType = artifactType.toString();
    }

    if (!detail::readStringList(json.value(QLatin1StringView("urls")), &d.urls))
        return fail(QStringLiteral("\"urls\" must be an array of strings"));

    const QJsonValue platform = json.value(QLatin1StringView("platform"));
    if (!platform.isUndefined()) {
        if (!platform.isObject())
            return fail(QStringLiteral("\"platform\" must be an object"));
        QString platformError;
        d.platform = Platform::fromJson(platform.toObject(), &platformError);
        if (!d.platform)
            return fail(platformError);
    }
    return d;
}

} // namespace enclii::oci
