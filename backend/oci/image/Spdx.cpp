#include "oci/image/Spdx.h"

#include "oci/image/Digest.h"
#include "oci/image/ImageConfigBuilder.h"
#include "oci/image/Json_p.h"
#include "oci/image/License.h"

#include <QJsonArray>
#include <QMap>
#include <QRegularExpression>
#include <QUuid>

namespace enclii::oci::Spdx {

namespace {

const QString kNoAssertion = QStringLiteral("NOASSERTION");
const QString kImageId = QStringLiteral("SPDXRef-Image");
const QUuid kNamespace(QStringLiteral("{2b0e6a5d-8c4f-5e21-b7d3-91a4c6f0e852}"));

QString licenseRef(const QString &name)
{
    static const QRegularExpression invalid(QStringLiteral("[^A-Za-z0-9.-]+"));
    QString id = name;
    id.replace(invalid, QStringLiteral("-"));
    return QStringLiteral("LicenseRef-") + id.left(64) + u'-' + Digest::hex(Digest::sha256(name.toUtf8())).left(8);
}

// The declared expression, and the LicenseRefs it needs defined.
QString declared(const QStringList &licenses, QMap<QString, QString> *extracted)
{
    if (licenses.isEmpty())
        return kNoAssertion;
    QStringList terms;
    for (const QString &license : licenses) {
        if (License::isSpdxExpression(license)) {
            terms.append(license);
        } else {
            const QString ref = licenseRef(license);
            extracted->insert(ref, license);
            terms.append(ref);
        }
    }
    return License::conjunction(terms);
}

QJsonObject relationship(const QString &from, const QString &type, const QString &to)
{
    return {{QStringLiteral("spdxElementId"), from},
            {QStringLiteral("relationshipType"), type},
            {QStringLiteral("relatedSpdxElement"), to}};
}

} // namespace

QString packageId(const Package &package)
{
    return QStringLiteral("SPDXRef-Package-%1-%2")
        .arg(packageTypeName(package.type), Digest::hex(Digest::sha256(package.purl.toUtf8())).left(16));
}

QByteArray write(const SbomSubject &subject, const QList<Package> &packages)
{
    QJsonArray spdxPackages;
    spdxPackages.append(QJsonObject{{QStringLiteral("SPDXID"), kImageId},
                                    {QStringLiteral("name"), subject.imageName},
                                    {QStringLiteral("versionInfo"), subject.imageDigest},
                                    {QStringLiteral("primaryPackagePurpose"), QStringLiteral("CONTAINER")},
                                    {QStringLiteral("downloadLocation"), kNoAssertion},
                                    {QStringLiteral("filesAnalyzed"), false},
                                    {QStringLiteral("licenseConcluded"), kNoAssertion},
                                    {QStringLiteral("licenseDeclared"), kNoAssertion},
                                    {QStringLiteral("copyrightText"), kNoAssertion}});
    QJsonArray relationships{relationship(QStringLiteral("SPDXRef-DOCUMENT"), QStringLiteral("DESCRIBES"), kImageId)};
    QMap<QString, QString> extracted;
    for (const Package &p : packages) {
        const QString id = packageId(p);
        const QJsonObject purl{{QStringLiteral("referenceCategory"), QStringLiteral("PACKAGE-MANAGER")},
                               {QStringLiteral("referenceType"), QStringLiteral("purl")},
                               {QStringLiteral("referenceLocator"), p.purl}};
        spdxPackages.append(QJsonObject{{QStringLiteral("SPDXID"), id},
                                        {QStringLiteral("name"), p.name},
                                        {QStringLiteral("versionInfo"), p.version},
                                        {QStringLiteral("downloadLocation"), kNoAssertion},
                                        {QStringLiteral("filesAnalyzed"), false},
                                        {QStringLiteral("licenseConcluded"), kNoAssertion},
                                        {QStringLiteral("licenseDeclared"), declared(p.licenses, &extracted)},
                                        {QStringLiteral("copyrightText"), kNoAssertion},
                                        {QStringLiteral("sourceInfo"), QStringLiteral("found in /%1").arg(p.foundIn)},
                                        {QStringLiteral("externalRefs"), QJsonArray{purl}}});
        relationships.append(relationship(kImageId, QStringLiteral("CONTAINS"), id));
    }
    const QString uuid = QUuid::createUuidV5(kNamespace, QStringLiteral("spdx:") + subject.imageDigest).toString(QUuid::WithoutBraces);
    static const QRegularExpression unsafe(QStringLiteral("[^A-Za-z0-9._-]+"));
    QString slug = subject.imageName;
    slug.replace(unsafe, QStringLiteral("-"));
    QJsonObject doc{{QStringLiteral("spdxVersion"), QStringLiteral("SPDX-2.3")},
                    {QStringLiteral("dataLicense"), QStringLiteral("CC0-1.0")},
                    {QStringLiteral("SPDXID"), QStringLiteral("SPDXRef-DOCUMENT")},
                    {QStringLiteral("name"), QStringLiteral("%1@%2").arg(subject.imageName, subject.imageDigest)},
                    {QStringLiteral("documentNamespace"), QStringLiteral("%1/%2-%3").arg(subject.namespaceBase, slug, uuid)},
                    {QStringLiteral("creationInfo"),
                     QJsonObject{{QStringLiteral("created"), ImageConfigBuilder::timestamp(subject.timestamp)},
                                 {QStringLiteral("creators"),
                                  QJsonArray{QStringLiteral("Tool: %1-%2").arg(subject.toolName, subject.toolVersion)}}}},
                    {QStringLiteral("documentDescribes"), QJsonArray{kImageId}},
                    {QStringLiteral("packages"), spdxPackages},
                    {QStringLiteral("relationships"), relationships}};
    if (!extracted.isEmpty()) {
        QJsonArray infos;
        for (auto it = extracted.cbegin(); it != extracted.cend(); ++it)
            infos.append(QJsonObject{{QStringLiteral("licenseId"), it.key()},
                                     {QStringLiteral("name"), it.value()},
                                     {QStringLiteral("extractedText"), it.value()}});
        doc.insert(QStringLiteral("hasExtractedLicensingInfos"), infos);
    }
    return detail::compactJson(doc);
}

} // namespace enclii::oci::Spdx
