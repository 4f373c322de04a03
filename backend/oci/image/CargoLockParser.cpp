#include "oci/image/License.h"
#include "oci/image/LockToml_p.h"
#include "oci/image/PackageParsers.h"
#include "oci/image/Purl.h"

namespace enclii::oci::Parsers {

QList<Package> parseCargoLock(const QByteArray &content, const QString &foundIn, QStringList *warnings)
{
    QList<Package> out;
    for (const auto &table : detail::lockPackages(content, foundIn, warnings)) {
        const QString name = table.value(QStringLiteral("name"));
        const QString version = table.value(QStringLiteral("version"));
        const QString source = table.value(QStringLiteral("source"));
        if (name.isEmpty() || version.isEmpty() || source.isEmpty())
            continue;
        Package pkg = Package::found(PackageType::Cargo, name, version, Purl::cargo(name, version), foundIn);
        if (!table.value(QStringLiteral("license")).isEmpty())
            pkg.licenses.append(License::normalise(table.value(QStringLiteral("license"))));
        if (source.startsWith(QLatin1StringView("git+")))
            pkg.properties.insert(QStringLiteral("source"), source);
        out.append(pkg);
    }
    return out;
}

} // namespace enclii::oci::Parsers
