#pragma once

#include <QString>

namespace enclii::reconcile {

// What the reconciler deploys for one service: an image pinned by digest. Until the
// Roundhouse issue lands, any image reference by digest will do.
struct Release
{
    QString service;  // the Service spec it deploys
    QString image;    // <repository>@sha256:<64 lowercase hex digits>
    QString revision; // the release's revision; shown on the Deployment, never in the pod template
};

// True when image is "<repository>@sha256:<64 lowercase hex>", repository following the OCI
// distribution grammar ([registry[:port]/]path, lowercase path components) with no tag: a
// tag beside a digest is ignored by the runtime and would only mislead a reader.
// On failure, error says what is wrong.
bool isImageByDigest(const QString &image, QString *error = nullptr);

// The release is for `service` and its image is pinned by digest.
bool validateRelease(const Release &release, const QString &service, QString *error = nullptr);

} // namespace enclii::reconcile
