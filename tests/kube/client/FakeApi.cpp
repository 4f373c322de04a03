#include "FakeApi.h"

namespace enclii::kube::test {

FakeApi::FakeApi()
    : server([this](const FakeRequest &r) {
          if (intercept)
              if (std::optional<FakeReply> reply = intercept(r))
                  return *reply;
          return cluster.handle(r);
      }),
      cluster(&server)
{
    listening = server.listen();
}

KubeConfig FakeApi::config(const QByteArray &token) const
{
    KubeConfig c;
    c.server = server.url();
    c.token = token;
    c.defaultNamespace = QStringLiteral("shop");
    return c;
}

KubeClient::Options FakeApi::fastOptions()
{
    KubeClient::Options o;
    o.qps = 0;
    o.maxAttempts = 3;
    o.initialBackoffMs = 10;
    o.maxBackoffMs = 40;
    o.requestTimeoutMs = 5000;
    return o;
}

QJsonObject FakeApi::configMap(const QString &name, const QString &value, const QString &managedBy)
{
    const QJsonObject labels{{QStringLiteral("app.kubernetes.io/managed-by"), managedBy}};
    return {{QStringLiteral("apiVersion"), QStringLiteral("v1")},
            {QStringLiteral("kind"), QStringLiteral("ConfigMap")},
            {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), name},
                                                     {QStringLiteral("namespace"), QStringLiteral("shop")},
                                                     {QStringLiteral("labels"), labels}}},
            {QStringLiteral("data"), QJsonObject{{QStringLiteral("v"), value}}}};
}

void FakeApi::putConfigMap(const QString &name, const QString &value, const QString &managedBy)
{
    cluster.update(kConfigMapsPath + QLatin1Char('/') + name, configMap(name, value, managedBy), QStringLiteral("test"));
}

} // namespace enclii::kube::test
