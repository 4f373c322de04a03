#include "oci/image/SbomSummary.h"

#include "oci/image/Json_p.h"

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
    return {{QStringLiteral("packages"), packages},
            {QStringLiteral("byType"), detail::toJsonObject(byType)},
            {QStringLiteral("licenses"), detail::toJsonObject(licenses)},
            {QStringLiteral("withoutLicense"), withoutLicense}};
}

} // namespace enclii::oci
