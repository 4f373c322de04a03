#pragma once

#include "waybill/Decimal.h"

#include <QDateTime>
#include <QMap>
#include <QString>

#include <optional>

namespace enclii::waybill {

enum class UsageType {
    DeploymentStarted,
    DeploymentStopped,
    DeploymentScaled,
    BuildCompleted,
    BuildFailed,
    VolumeCreated,
    VolumeDeleted,
    VolumeResized,
    BandwidthUsage,
    DomainAdded,
    DomainRemoved,
};

// The wire names: "deployment.started", ..., "domain.removed".
QString usageTypeName(UsageType type);
std::optional<UsageType> usageTypeFromName(QStringView name);

// The quantity keys, as sent on the wire.
namespace quantity {
inline const QString Replicas = QStringLiteral("replicas");
inline const QString Vcpu = QStringLiteral("vcpu");
inline const QString MemoryGb = QStringLiteral("memoryGb");
inline const QString Minutes = QStringLiteral("minutes");
inline const QString Gb = QStringLiteral("gb");
} // namespace quantity

// One usage fact, as emitted by the daemon or posted to /v1/usage/events. Which quantities a
// type carries (validateUsageEvent() enforces it):
//   deployment.started   replicas (whole, >= 0), vcpu (>= 0), memoryGb (>= 0): all three
//   deployment.scaled    any non-empty subset of those; the missing ones keep their last value
//   deployment.stopped   none
//   build.completed      minutes (>= 0): the build's duration as the worker measured it
//   build.failed         minutes (>= 0)
//   volume.created       gb (>= 0): the volume's size
//   volume.resized       gb (>= 0): the new size
//   volume.deleted       none
//   bandwidth.usage      gb (>= 0): traffic since the previous report
//   domain.added         none (the resource is the domain name)
//   domain.removed       none
// Keys a type does not carry are refused, so a misspelt key cannot silently bill as zero.
struct UsageEvent
{
    UsageType type = UsageType::BandwidthUsage;
    QString project;
    QString resource; // service, volume or domain name
    QMap<QString, Decimal> quantities;
    QDateTime timestamp; // UTC; milliseconds are the finest precision kept
    QString idempotencyKey;

    // Same content (the timestamp compared as an instant, to the millisecond).
    friend bool operator==(const UsageEvent &a, const UsageEvent &b);
};

// Empty when the event is well-formed, else what is wrong with it (the first problem found).
QString validateUsageEvent(const UsageEvent &event);

} // namespace enclii::waybill
