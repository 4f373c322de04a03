#pragma once

#include "oci/image/BaseImage.h"
#include "oci/image/BuildConfig.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace enclii::oci {

// Derives the new image's config (image-spec config.md) from the base's: rootfs.diff_ids
// gains the new layer's diffID, history gains one entry, and the execution parameters are
// merged as BuildConfig documents. Members of the base config we do not touch are kept
// as they are, so a base's Healthcheck, StopSignal or Volumes survive the build.
class ImageConfigBuilder
{
public:
    // Refuses a relative workdir, env entries without "KEY=", a non-numeric user and a
    // created time that is not valid.
    static std::optional<QJsonObject> derive(const BaseImage &base, const BuildConfig &build, const QString &diffId,
                                             QString *error = nullptr);
    // RFC 3339 in UTC with a "Z", as the spec's "created" wants: "1970-01-01T00:00:00Z".
    static QString timestamp(const QDateTime &time);
};

} // namespace enclii::oci
