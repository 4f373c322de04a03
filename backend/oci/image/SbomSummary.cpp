#include "oci/image/SbomSummary.h"

namespace enclii::oci {

SbomSummary SbomSummary::of(const QList<Package> &packages)
{
    SbomSummary s;
    s.packages = int(packages.size());
    for (const Package &p : packages) {
        ++s.byType[packageTypeName(p.type)];
        if (p.licenses.isEmpty())
            ++s.withoutLicense;
        QStringList seen;
        for (const QString &license : p.licenses) {
            if (seen.contains(license))
                continue;
            seen.append(license);
            ++s.licenses[license];
        }
    }
    return s;
}

QJsonObject SbomSummary::toJson() const
{
    QJsonObject types, licenseCounts;
    for (auto it = byType.cbegin(); it != byType.cend(); ++it)
        types.insert(it.key(), it.value());
    for (auto it = licenses.cbegin(); it != licenses.cend(); ++it)
        licenseCounts.insert(it.key(), it.value());
    return {{QStringLiteral("packages"), packages},
            {QStringLiteral("byType"), types},
            {QStringLiteral("licenses"), licenseCounts},
            {QStringLiteral("withoutLicense"), withoutLicense}};
}

} // namespace enclii::oci
