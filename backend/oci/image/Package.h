#pragma once

#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace enclii::oci {

// The ecosystems the SBOM scanner knows; the names are the purl types.
enum class PackageType { Deb, Apk, Npm, Pypi, Golang, Cargo };

QString packageTypeName(PackageType type); // "deb", "apk", "npm", "pypi", "golang", "cargo"
std::optional<PackageType> packageTypeFromName(const QString &name);

// One package found in an image.
struct Package
{
    QString name;    // as the ecosystem spells it ("@types/node", "github.com/pkg/errors")
    QString version; // as recorded ("1:2.36-9+deb12u4", "v1.9.1")
    PackageType type = PackageType::Deb;
    QString purl;           // package-url, see Purl
    QStringList licenses;   // SPDX ids or expressions where recognised, else the text found
    QString foundIn;        // the file in the image that lists it: "var/lib/dpkg/status"
    QMap<QString, QString> properties; // extra facts, e.g. {"indirect": "true"} for go.mod

    static Package found(PackageType type, const QString &name, const QString &version, const QString &purl,
                         const QString &foundIn)
    {
        return {name, version, type, purl, {}, foundIn, {}};
    }

    friend bool operator==(const Package &, const Package &) = default;
};

} // namespace enclii::oci
