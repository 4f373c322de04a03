#pragma once

#include "Resources.h"
#include "Status.h"

#include <QJsonObject>

#include <optional>

namespace enclii::kube::sim {

class ObjectStore;

// The admission plugins the simulation runs on writes, in the real order: LimitRanger
// (fills container defaults, refuses values outside min/max), then ResourceQuota (refuses
// what would take a namespace over its hard limits, and pods that omit a resource the quota
// constrains). Both answer 403 Forbidden with the real server's messages.
class Admission
{
public:
    explicit Admission(const ObjectStore &store) : m_store(store) {}

    // May change `object` (defaults); old is the stored object on update.
    std::optional<ApiError> admit(const ResourceType &type, QJsonObject &object, const QJsonObject *old) const;

private:
    std::optional<ApiError> limitRanges(QJsonObject &pod) const;
    std::optional<ApiError> quotas(const ResourceType &type, const QJsonObject &object, const QJsonObject *old) const;

    const ObjectStore &m_store;
};

} // namespace enclii::kube::sim
