#include "oci/image/CycloneDx.h"

#include "oci/image/ImageConfigBuilder.h"
#include "oci/image/Json_p.h"
#include "oci/image/License.h"

#include <QJsonArray>
#include <QUuid>

#include <algorithm>

namespace enclii::oci::CycloneDx {

namespace {

// Our own namespace UUID for name-based serial numbers (RFC 4122 §4.3).
const QUuid kNamespace(QStringLiteral("{6f7c1e4a-3b1d-5c8e-9a47-0e2f5d1b8c34}"));

QJsonArray licenses(const QStringList &declared)
{
    QJsonArray out;
    const bool allSpdx = std::all_of(declared.cbegin(), declared.cend(), License::isSpdxExpression);
    const bool anyCompound = std::any_of(declared.cbegin(), declared.cend(), License::isCompoundExpression);
    if (allSpdx && anyCompound) {
        out.append(QJsonObject{{QStringLiteral("expression"), License::conjunction(declared)}});
        return out;
    }
    for (const QString &license : declared) {
        const QString id = License::spdxId(license);
        const QJsonObject body = id == license ? QJsonObject{{QStringLiteral("id"), id}}
                                               : QJsonObject{{QStringLiteral("name"), license}};
        out.append(QJsonObject{{QStringLiteral("license"), body}});
    }
    return out;
}

QJsonObject property(const QString &name, const QString &value)
{
    return {{QStringLiteral("name"), name}, {QStringLiteral("value"), value}};
}

QJsonObject component(const Package &p)
{
    QJsonArray properties{property(QStringLiteral("enclii:found-in"), p.foundIn),
                          property(QStringLiteral("enclii:package-type"), packageTypeName(p.type))};
    for (auto it = p.properties.cbegin(); it != p.properties.cend(); ++it)
        properties.append(property(QStringLiteral("enclii:") + it.key(), it.value()));
    QJsonObject c{{QStringLiteral("bom-ref"), p.purl},
                  {QStringLiteral("type"), QStringLiteral("library")},
                  {QStringLiteral("name"), p.name},
                  {QStringLiteral("version"), p.version},
                  {QStringLiteral("purl"), p.purl},
                  {QStringLiteral("properties"), properties}};
    if (!p.licenses.isEmpty())
        c.insert(QStringLiteral("licenses"), licenses(p.licenses));
    return c;
}

} // namespace

QString serialNumber(const QString &imageDigest)
{
    return QStringLiteral("urn:uuid:")
        + QUuid::createUuidV5(kNamespace, QStringLiteral("cyclonedx:") + imageDigest).toString(QUuid::WithoutBraces);
}

QByteArray write(const SbomSubject &subject, const QList<Package> &packages)
{
    QJsonArray components;
    for (const Package &p : packages)
        components.append(component(p));
    const QJsonObject tool{{QStringLiteral("type"), QStringLiteral("application")},
                           {QStringLiteral("name"), subject.toolName},
                           {QStringLiteral("version"), subject.toolVersion}};
    const QJsonObject image{{QStringLiteral("bom-ref"), subject.imageDigest},
                            {QStringLiteral("type"), QStringLiteral("container")},
                            {QStringLiteral("name"), subject.imageName},
                            {QStringLiteral("version"), subject.imageDigest}};
    const QJsonObject metadata{{QStringLiteral("timestamp"), ImageConfigBuilder::timestamp(subject.timestamp)},
                               {QStringLiteral("tools"), QJsonObject{{QStringLiteral("components"), QJsonArray{tool}}}},
                               {QStringLiteral("component"), image}};
    const QJsonObject bom{{QStringLiteral("bomFormat"), QStringLiteral("CycloneDX")},
                          {QStringLiteral("specVersion"), QStringLiteral("1.5")},
                          {QStringLiteral("serialNumber"), serialNumber(subject.imageDigest)},
                          {QStringLiteral("version"), 1},
                          {QStringLiteral("metadata"), metadata},
                          {QStringLiteral("components"), components}};
    return detail::compactJson(bom);
}

} // namespace enclii::oci::CycloneDx
