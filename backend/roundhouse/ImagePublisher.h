#pragma once

#include "BuildPipeline.h"

#include <optional>

namespace enclii::roundhouse {

class BuildLog;
class BuiltImage;
struct StopFlag;
struct ManifestToPush;

struct PublishedImage
{
    QString imageReference; // host/repository@sha256:...
    QString sbomDigest;
    QString signatureDigest;
    qint64 uploadedBytes = 0;
    int reusedBlobs = 0; // already there, or mounted from the base's repository
};

// The push step: every blob the registry lacks (a blob it has is skipped; a base layer of
// the same registry is mounted from the base's repository), then the image manifest under
// the commit's tag, the SBOM manifest by digest as a referrer of the image, and the
// signature manifest under sha256-<hex>.sig. Retries and resumption are the registry
// client's; a second push of the same build uploads nothing.
class ImagePublisher
{
public:
    explicit ImagePublisher(RegistryTarget target);

    std::optional<PublishedImage> publish(const BuiltImage &image, const QString &repository, const QString &tag, BuildLog &log,
                                          const StopFlag &stop, const std::function<void(double, const QString &)> &progress,
                                          QString *error);

private:
    RegistryTarget m_target;
};

} // namespace enclii::roundhouse
