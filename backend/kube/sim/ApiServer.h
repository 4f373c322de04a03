#pragma once

#include "ApiTypes.h"
#include "Resources.h"
#include "Status.h"

#include <QJsonObject>

#include <functional>
#include <optional>

namespace enclii::kube::sim {

class Admission;
class ObjectStore;
class SimClock;

// The Kubernetes REST API over the object store: discovery, then for every kind GET, LIST
// (selectors, pagination), WATCH (handed to the front end as a WatchSpec), POST, PUT
// (optimistic concurrency), PATCH (server-side apply, JSON merge patch), DELETE (with
// propagation through ownerReferences) and the status, scale and eviction subresources.
// Every failure is a meta/v1 Status with the real server's code and reason.
class ApiServer
{
public:
    struct Options
    {
        QString gitVersion = QStringLiteral("v1.29.0-enclii-sim");
        int maxListLimit = 5000;
    };

    ApiServer(ObjectStore &store, SimClock &clock, const Admission &admission, Options options);

    ApiResponse handle(const ApiRequest &request);
    const Options &options() const { return m_options; }

    // A pod eviction that honours PodDisruptionBudgets (also used in-process by a drain).
    std::optional<ApiError> evict(const QString &ns, const QString &pod);

private:
    struct Target
    {
        const ResourceType *type = nullptr;
        QString ns;
        QString name;
        QString subresource;
    };
    std::optional<Target> parseTarget(const QStringList &segments, const QString &group, const QString &version,
                                      ApiError *error) const;
    ApiResponse resource(const ApiRequest &request, const Target &target);

    ApiResponse getOne(const Target &t);
    ApiResponse list(const ApiRequest &request, const Target &t);
    ApiResponse watch(const ApiRequest &request, const Target &t);
    ApiResponse create(const ApiRequest &request, const Target &t);
    ApiResponse update(const ApiRequest &request, const Target &t);
    ApiResponse patch(const ApiRequest &request, const Target &t);
    ApiResponse remove(const ApiRequest &request, const Target &t);
    ApiResponse removeCollection(const ApiRequest &request, const Target &t);
    ApiResponse scale(const ApiRequest &request, const Target &t);

    // The write path every change takes: identity, defaults, validation, admission,
    // managed fields, no-op detection, the store. old is nullopt for a create.
    struct Write
    {
        QString manager;
        bool managedByApply = false; // candidate's managedFields are already computed
        bool dryRun = false;
    };
    std::optional<ApiError> commit(const Target &t, const std::optional<QJsonObject> &old, QJsonObject candidate,
                                   const Write &how, QJsonObject *stored);
    std::optional<ApiError> namespaceAdmits(const ResourceType &type, const QString &ns) const;
    // Deletion with a propagation policy; returns true when the object is gone now.
    bool deleteObject(const ResourceType &type, const QJsonObject &object, const QString &policy);

    ObjectStore &m_store;
    SimClock &m_clock;
    const Admission &m_admission;
    Options m_options;
    quint32 m_nextClusterIp = 10;
};

} // namespace enclii::kube::sim
