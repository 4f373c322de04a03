#pragma once

#include "oci/image/Package.h"
#include "oci/image/SbomSubject.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace enclii::oci::CycloneDx {

// A CycloneDX 1.5 JSON BOM for a container image:
// bomFormat "CycloneDX", specVersion "1.5", version 1, a serialNumber urn:uuid derived
// (UUID v5) from the image digest, metadata {timestamp, tools.components, component = the
// image (type "container", name, version = digest)}, and one component per package
// (type "library", bom-ref = purl, name, version, purl, licenses, properties).
//
// Licences: when all of a package's licences are SPDX and one has an operator, they become
// one {"expression": "A AND (B OR C)"} (the spec allows one expression or a list of
// licence objects, not both); otherwise each licence is {"license": {"id"}} when it is a
// known SPDX id and {"license": {"name"}} when it is not. Output is compact JSON with sorted keys: deterministic.
QByteArray write(const SbomSubject &subject, const QList<Package> &packages);

// "urn:uuid:<v5 uuid>" for a digest: the same image always gets the same serial number.
QString serialNumber(const QString &imageDigest);

} // namespace enclii::oci::CycloneDx
