#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace enclii::oci {

// The "platform" of an index entry (OCI image-index §platform): which OS and CPU a
// manifest runs on. Values use Go's GOOS/GOARCH spelling ("linux", "amd64", "arm64").
struct Platform
{
    QString architecture;
    QString os;
    QString variant;   // e.g. "v8" for arm64; empty when absent
    QString osVersion; // "os.version"; empty when absent
    QStringList osFeatures;

    QJsonObject toJson() const;
    // Requires string "architecture" and "os"; optional members must have the right type.
    static std::optional<Platform> fromJson(const QJsonObject &json, QString *error = nullptr);

    friend bool operator==(const Platform &, const Platform &) = default;
};

} // namespace enclii::oci
