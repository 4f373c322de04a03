#include "oci/image/Platform.h"

#include "oci/image/Json_p.h"

#include <QJsonArray>

namespace enclii::oci {

QJsonObject Platform::toJson() const
{
    QJsonObject json{{QStringLiteral("architecture"), architecture}, {QStringLiteral("os"), os}};
    if (!variant.isEmpty())
        json.insert(QStringLiteral("variant"), variant);
    if (!osVersion.isEmpty())
        json.insert(QStringLiteral("os.version"), osVersion);
    if (!osFeatures.isEmpty())
        json.insert(QStringLiteral("os.features"), QJsonArray::fromStringList(osFeatures));
    return json;
}

std::optional<Platform> Platform::fromJson(const QJsonObject &json, QString *error)
{
    auto fail = [&](const QString &why) -> std::optional<Platform> {
        if (error)
            *error = QStringLiteral("invalid platform: %1").arg(why);
        return std::nullopt;
    };
    Platform p;
    if (!json.value(QLatin1StringView("architecture")).isString() || !json.value(QLatin1StringView("os")).isString())
        return fail(QStringLiteral("\"architecture\" and \"os\" must be strings"));
    p.architecture = json.value(QLatin1StringView("architecture")).toString();
    p.os = json.value(QLatin1StringView("os")).toString();
    for (const auto &[key, target] : {std::pair{QStringLiteral("variant"), &p.variant},
                                      std::pair{QStringLiteral("os.version"), &p.osVersion}}) {
        const QJsonValue v = json.value(key);
        if (v.isUndefined())
            continue;
        if (!v.isString())
            return fail(QStringLiteral("\"%1\" must be a string").arg(key));
        *target = v.toString();
    }
    if (!detail::readStringList(json.value(QLatin1StringView("os.features")), &p.osFeatures))
        return fail(QStringLiteral("\"os.features\" must be an array of strings"));
    return p;
}

} // namespace enclii::oci
