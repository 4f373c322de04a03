#pragma once

#include <QDateTime>
#include <QString>
#include <QTimeZone>

namespace enclii::oci {

// What an SBOM describes and who wrote it. Everything that goes into the document comes
// from here or from the package list, so the same image gives byte-identical SBOMs.
struct SbomSubject
{
    QString imageName;   // "registry.example/shop/api"
    QString imageDigest; // the image manifest digest, "sha256:..."
    // The document's creation time; pass the build's (commit) time, not "now", to keep the
    // SBOM reproducible.
    QDateTime timestamp = QDateTime::fromSecsSinceEpoch(0, QTimeZone::utc());
    QString toolName = QStringLiteral("enclii");
    QString toolVersion = QStringLiteral("0.1.0");
    // Prefix of the SPDX documentNamespace (a URI that must be unique per document).
    QString namespaceBase = QStringLiteral("https://enclii.dev/spdxdocs");
};

} // namespace enclii::oci
