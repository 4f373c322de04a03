#pragma once

#include "oci/image/Package.h"
#include "oci/image/SbomSubject.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace enclii::oci::Spdx {

// An SPDX 2.3 JSON document for a container image: spdxVersion "SPDX-2.3", dataLicense
// "CC0-1.0", SPDXID "SPDXRef-DOCUMENT", name, a documentNamespace derived from the image
// digest (unique per image, stable across runs), creationInfo {created, creators}, the
// image as a package (primaryPackagePurpose CONTAINER), one package per found package
// (SPDXID from its purl, versionInfo, downloadLocation NOASSERTION, filesAnalyzed false,
// licenseConcluded NOASSERTION, licenseDeclared, copyrightText NOASSERTION, an externalRef
// PACKAGE-MANAGER/purl), and relationships DOCUMENT DESCRIBES image, image CONTAINS each
// package.
//
// licenseDeclared is the SPDX expression of the package's licences (joined with AND);
// licences that are not SPDX ids become LicenseRef-<name> with the text recorded under
// hasExtractedLicensingInfos, as the spec requires; none known gives NOASSERTION.
QByteArray write(const SbomSubject &subject, const QList<Package> &packages);

// "SPDXRef-Package-<type>-<16 hex of sha256(purl)>": unique per purl, valid SPDX id chars.
QString packageId(const Package &package);

} // namespace enclii::oci::Spdx
