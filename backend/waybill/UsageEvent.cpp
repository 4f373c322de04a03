#include "UsageEvent.h"

#include <QStringList>

namespace enclii::waybill {

namespace {

struct TypeInfo
{
    UsageType type;
    const char *name;
};

constexpr TypeInfo kTypes[] = {
    {UsageType::DeploymentStarted, "deployment.started"},
    {UsageType::DeploymentStopped, "deployment.stopped"},
    {UsageType::DeploymentScaled, "deployment.scaled"},
    {UsageType::BuildCompleted, "build.completed"},
    {UsageType::BuildFailed, "build.failed"},
    {UsageType::VolumeCreated, "volume.created"},
    {UsageType::VolumeDeleted, "volume.deleted"},
    {UsageType::VolumeResized, "volume.resized"},
    {UsageType::BandwidthUsage, "bandwidth.usage"},
    {UsageType::DomainAdded, "domain.added"},
    {UsageType::DomainRemoved, "domain.removed"},
};

struct Shape
{
    QStringList required; // every one of these
    QStringList anyOf;    // at least one of these (and nothing else)
};

Shape shapeOf(UsageType type)
{
    using namespace quantity;
    switch (type) {
    case UsageType::DeploymentStarted:
        return {{Replicas, Vcpu, MemoryGb}, {}};
    case UsageType::DeploymentScaled:
        return {{}, {Replicas, Vcpu, MemoryGb}};
    case UsageType::BuildCompleted:
    case UsageType::BuildFailed:
        return {{Minutes}, {}};
    case UsageType::VolumeCreated:
    case UsageType::VolumeResized:
    case UsageType::BandwidthUsage:
        return {{Gb}, {}};
    case UsageType::DeploymentStopped:
    case UsageType::VolumeDeleted:
    case UsageType::DomainAdded:
    case UsageType::DomainRemoved:
        break;
    }
    return {};
}

} // namespace

QString usageTypeName(UsageType type)
{
    for (const auto &t : kTypes) {
        if (t.type == type)
            return QLatin1String(t.name);
    }
    return {};
}

std::optional<UsageType> usageTypeFromName(QStringView name)
{
    for (const auto &t : kTypes) {
        if (name == QLatin1String(t.name))
            return t.type;
    }
    return std::nullopt;
}

bool operator==(const UsageEvent &a, const UsageEvent &b)
{
    return a.type == b.type && a.project == b.project && a.resource == b.resource
        && a.quantities == b.quantities && a.idempotencyKey == b.idempotencyKey
        && a.timestamp.isValid() == b.timestamp.isValid()
        && (!a.timestamp.isValid() || a.timestamp.toMSecsSinceEpoch() == b.timestamp.toMSecsSinceEpoch());
}

QString validateUsageEvent(const UsageEvent &e)
{
    if (e.idempotencyKey.isEmpty())
        return QStringLiteral("the idempotency key is empty");
    if (e.project.isEmpty())
        return QStringLiteral("the project is empty");
    if (e.resource.isEmpty())
        return QStringLiteral("the resource is empty");
    if (!e.timestamp.isValid())
        return QStringLiteral("the timestamp is missing or not valid");
    const Shape shape = shapeOf(e.type);
    const QString type = usageTypeName(e.type);
    // Unknown keys first: a misspelt key is the likelier cause of a missing one.
    for (auto it = e.quantities.cbegin(); it != e.quantities.cend(); ++it) {
        if (!shape.required.contains(it.key()) && !shape.anyOf.contains(it.key()))
            return QStringLiteral("%1 does not carry the quantity \"%2\"").arg(type, it.key());
    }
    for (const QString &key : shape.required) {
        if (!e.quantities.contains(key))
            return QStringLiteral("%1 needs the quantity \"%2\"").arg(type, key);
    }
    if (!shape.anyOf.isEmpty() && e.quantities.isEmpty())
        return QStringLiteral("%1 needs at least one of %2").arg(type, shape.anyOf.join(QStringLiteral(", ")));
    for (auto it = e.quantities.cbegin(); it != e.quantities.cend(); ++it) {
        if (!it.value().isValid())
            return QStringLiteral("the quantity \"%1\" is not a valid number").arg(it.key());
        if (it.value().isNegative())
            return QStringLiteral("the quantity \"%1\" is negative (%2)").arg(it.key(), it.value().toString());
        if (it.key() == quantity::Replicas && !it.value().toInt64())
            return QStringLiteral("replicas must be a whole number, not %1").arg(it.value().toString());
    }
    return {};
}

} // namespace enclii::waybill
