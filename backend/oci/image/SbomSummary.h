#pragma once

#include "oci/image/Package.h"

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>

namespace enclii::oci {

// Counts for a build's page and the catalog: how many packages, of which ecosystems, under
// which licences.
struct SbomSummary
{
    int packages = 0;
    QMap<QString, int> byType;   // "deb" -> 87
    QMap<QString, int> licenses; // "MIT" -> 40; a package counts once per distinct licence
    int withoutLicense = 0;

    static SbomSummary of(const QList<Package> &packages);
    // {"packages", "byType": {...}, "licenses": {...}, "withoutLicense"}
    QJsonObject toJson() const;
};

} // namespace enclii::oci
