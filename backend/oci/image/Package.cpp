#include "oci/image/Package.h"

#include <array>

namespace enclii::oci {

namespace {
constexpr std::array<std::pair<PackageType, const char *>, 6> kNames{{{PackageType::Deb, "deb"},
                                                                       {PackageType::Apk, "apk"},
                                                                       {PackageType::Npm, "npm"},
                                                                       {PackageType::Pypi, "pypi"},
                                                                       {PackageType::Golang, "golang"},
                                                                       {PackageType::Cargo, "cargo"}}};
}

QString packageTypeName(PackageType type)
{
    for (const auto &[t, name] : kNames) {
        if (t == type)
            return QString::fromLatin1(name);
    }
    return {};
}

std::optional<PackageType> packageTypeFromName(const QString &name)
{
    for (const auto &[t, n] : kNames) {
        if (name == QLatin1StringView(n))
            return t;
    }
    return std::nullopt;
}

} // namespace enclii::oci
