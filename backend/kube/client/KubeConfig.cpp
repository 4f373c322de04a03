#include "kube/client/KubeConfig.h"

#include "kube/client/ConfigFiles_p.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>

namespace enclii::kube {

namespace {

KubeError inClusterError(const QString &message)
{
    return KubeError::make(KubeError::Kind::Config, QStringLiteral("load in-cluster configuration"), message);
}

} // namespace

bool readBoundedFile(const QString &path, qint64 maxBytes, QByteArray *content, QString *error)
{
    QFile file(path);
    const QFileInfo info(path);
    if (!info.exists()) {
        *error = QStringLiteral("%1 does not exist").arg(path);
        return false;
    }
    if (!info.isFile()) {
        *error = QStringLiteral("%1 is not a regular file").arg(path);
        return false;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return false;
    }
    // Read one byte past the bound: a file that grows while we read is caught too.
    *content = file.read(maxBytes + 1);
    if (content->size() > maxBytes) {
        content->clear();
        *error = QStringLiteral("%1 is larger than %2 bytes").arg(path).arg(maxBytes);
        return false;
    }
    return true;
}

bool cleanToken(QByteArray *token)
{
    *token = token->trimmed();
    return !token->isEmpty()
        && std::all_of(token->cbegin(), token->cend(), [](char c) { return c > 0x20 && c < 0x7f; });
}

QString KubeConfig::describe() const
{
    QStringList parts;
    if (!contextName.isEmpty())
        parts << QStringLiteral("context %1 from %2").arg(contextName, origin);
    else if (!origin.isEmpty())
        parts << origin;
    if (!token.isEmpty() || !tokenFile.isEmpty())
        parts << (tokenFile.isEmpty() || !token.isEmpty() ? QStringLiteral("bearer token")
                                                          : QStringLiteral("bearer token from %1").arg(tokenFile));
    if (!clientCertificatePem.isEmpty())
        parts << QStringLiteral("client certificate");
    if (insecureSkipTlsVerify)
        parts << QStringLiteral("TLS verification OFF");
    parts << QStringLiteral("namespace %1").arg(defaultNamespace);
    return server.toString(QUrl::RemoveUserInfo) + QLatin1String(" (") + parts.join(QLatin1String("; "))
        + QLatin1Char(')');
}

QStringList KubeConfig::defaultKubeconfigFiles()
{
    const QString env = qEnvironmentVariable("KUBECONFIG");
    if (!env.isEmpty())
        return env.split(QDir::listSeparator(), Qt::SkipEmptyParts);
    return {QDir::homePath() + QLatin1String("/.kube/config")};
}

bool KubeConfig::runningInCluster()
{
    return !qEnvironmentVariableIsEmpty("KUBERNETES_SERVICE_HOST")
        && !qEnvironmentVariableIsEmpty("KUBERNETES_SERVICE_PORT")
        && QFileInfo::exists(QLatin1String(kServiceAccountDir) + QLatin1String("/token"));
}

KubeResult<KubeConfig> KubeConfig::inCluster()
{
    return inCluster(QLatin1String(kServiceAccountDir), qEnvironmentVariable("KUBERNETES_SERVICE_HOST"),
                     qEnvironmentVariable("KUBERNETES_SERVICE_PORT"));
}

KubeResult<KubeConfig> KubeConfig::inCluster(const QString &serviceAccountDir, const QString &host,
                                             const QString &port)
{
    if (host.isEmpty() || port.isEmpty())
        return inClusterError(QStringLiteral("not running inside a cluster: KUBERNETES_SERVICE_HOST and "
                                             "KUBERNETES_SERVICE_PORT are not set (give a kubeconfig instead)"));
    bool portOk = false;
    const int portNumber = port.toInt(&portOk);
    KubeConfig config;
    config.server.setScheme(QStringLiteral("https"));
    config.server.setHost(host, QUrl::StrictMode); // brackets an IPv6 address as needed
    if (!portOk || portNumber <= 0 || portNumber > 65535 || !config.server.isValid() || config.server.host().isEmpty())
        return inClusterError(QStringLiteral("KUBERNETES_SERVICE_HOST/PORT (\"%1\", \"%2\") is not a usable address")
                                  .arg(host.left(100), port.left(20)));
    config.server.setPort(portNumber);

    const QString dir = QDir(serviceAccountDir).absolutePath();
    QString why;
    QByteArray token;
    if (!readBoundedFile(dir + QLatin1String("/token"), kMaxCredentialFileBytes, &token, &why))
        return inClusterError(QStringLiteral("no service account token: %1 (is automountServiceAccountToken "
                                             "off for this pod?)").arg(why));
    if (!cleanToken(&token))
        return inClusterError(QStringLiteral("the service account token in %1/token is empty or malformed").arg(dir));
    config.tokenFile = dir + QLatin1String("/token");
    if (!readBoundedFile(dir + QLatin1String("/ca.crt"), kMaxCredentialFileBytes, &config.certificateAuthorityPem, &why))
        return inClusterError(QStringLiteral("no cluster CA certificate: %1").arg(why));
    QByteArray ns;
    if (readBoundedFile(dir + QLatin1String("/namespace"), 1024, &ns, &why) && !ns.trimmed().isEmpty())
        config.defaultNamespace = QString::fromUtf8(ns.trimmed());
    config.origin = QStringLiteral("in-cluster service account %1").arg(dir);
    return config;
}

} // namespace enclii::kube
