#pragma once

#include "core/ServiceSpec.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <functional>
#include <optional>

namespace enclii::roundhouse {

class BuildLog;
struct StopFlag;

// One blob of a built image and where its bytes are: a local file (layers, which the SBOM
// scan reads too) or memory (configs, manifests' payloads). `fromRegistry`/`fromRepository`
// name where a base layer came from, so a push to the same registry can mount it.
struct ImageBlobRef
{
    QString mediaType;
    QString digest;
    qint64 size = 0;
    QString filePath;
    QByteArray bytes;
    QString fromRegistry;
    QString fromRepository;
};

// A manifest to put, with the blobs it needs (pushed first) and where it goes: by tag, or by
// its digest with `subject` set for a referrer (the SBOM) so the fallback index lists it.
struct ManifestToPush
{
    QString mediaType;
    QByteArray bytes;
    QString digest;
    QString tag;          // empty: by digest
    QString artifactType; // for the referrers index
    QList<ImageBlobRef> blobs;
    bool referrer = false;
};

// An image built in a scratch folder, not pushed yet: its manifest and blobs, then its
// SBOM and signature as manifests of their own (OCI 1.1 referrer; cosign's .sig tag).
class BuiltImage
{
public:
    ManifestToPush image;
    QList<QString> layerFiles; // every layer, base first, for the SBOM scan
    qint64 newLayerBytes = 0;
    std::optional<ManifestToPush> sbom;
    std::optional<ManifestToPush> signature;
    QJsonObject sbomStats; // packages, licenses, byType
    QString sbomKind = QStringLiteral("CycloneDX 1.5");
    QDateTime created = QDateTime::fromSecsSinceEpoch(0, Qt::UTC); // the commit time: the SBOM is reproducible too

    QString manifestDigest() const { return image.digest; }
    int layerCount() const { return int(layerFiles.size()); }
    qint64 newBytes() const { return newLayerBytes; }
    qint64 totalBytes() const;

    // The SBOM of every layer's packages (CycloneDX 1.5 JSON, or SPDX 2.3 JSON), as a referrer
    // of the image.
    bool makeSbom(const QString &dockerReference, bool spdx, BuildLog &log, QString *error);
    QString sbomFormat() const { return sbomKind; }
    QJsonObject sbomSummary() const { return sbomStats; }
    QJsonObject sbomJsonSummary(const QString &digest) const;
    QString sbomSummaryText() const;
    // The cosign signature manifest, pushed under sha256-<hex>.sig.
    bool attachSignature(const QByteArray &payload, const QString &signatureBase64, QString *error);
};

struct ImageBuildRequest
{
    core::ServiceSpec spec;
    QString buildDir;    // the service's folder inside the checkout
    QString checkoutDir;
    QString workDir;     // scratch for layers
    QString repo;
    QString commit;
    QDateTime commitTime;
    QString baseImageMirror;
    bool baseImageMirrorInsecure = false;
    QString buildahProgram;
};

using StepProgress = std::function<void(double fraction, const QString &detail)>;

// The build step: the native assembler on the spec's base image (pulled, with its layers,
// from its registry or the mirror), or the service's Dockerfile — built by buildah when it
// is installed, else natively when it has no RUN instruction (FROM, COPY/ADD of local
// files, WORKDIR, ENV, ARG, LABEL, EXPOSE, USER, ENTRYPOINT, CMD). *permanent: the input is
// wrong (no such base image, a RUN without buildah), so a retry cannot help.
std::optional<BuiltImage> buildImage(const ImageBuildRequest &request, BuildLog &log, const StopFlag &stop,
                                     const StepProgress &progress, QString *error, bool *permanent);

} // namespace enclii::roundhouse
