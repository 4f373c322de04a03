#pragma once

// The fake API server with the fake cluster behind it, on loopback, as the client tests use
// them: `intercept` may answer a request first (faults, scripted streams); the cluster answers
// the rest.

#include "FakeApiServer.h"
#include "FakeCluster.h"

#include "kube/client/KubeClient.h"
#include "kube/client/KubeConfig.h"

#include <functional>
#include <optional>

namespace enclii::kube::test {

inline const QString kConfigMapsPath = QStringLiteral("/api/v1/namespaces/shop/configmaps");

struct FakeApi
{
    FakeApi();

    // The server's URL, a bearer token, namespace "shop".
    KubeConfig config(const QByteArray &token = "t") const;
    // No rate limit, 3 attempts, backoff in tens of milliseconds: tests that wait little.
    static KubeClient::Options fastOptions();
    // A ConfigMap in "shop" labelled app.kubernetes.io/managed-by, holding data.v = value.
    static QJsonObject configMap(const QString &name, const QString &value,
                                 const QString &managedBy = QStringLiteral("enclii"));
    // Writes one into the cluster as another client would.
    void putConfigMap(const QString &name, const QString &value, const QString &managedBy = QStringLiteral("enclii"));

    FakeApiServer server;
    FakeCluster cluster;
    std::function<std::optional<FakeReply>(const FakeRequest &)> intercept;
    bool listening = false;
};

} // namespace enclii::kube::test
