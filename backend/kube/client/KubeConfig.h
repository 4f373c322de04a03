#pragma once

#include "kube/client/KubeError.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace enclii::kube {

// Where and how to reach one cluster's API server: what a kubeconfig context or a pod's
// service account resolves to. Holds credentials (token, client key): never log it whole;
// describe() is the printable form.
struct KubeConfig
{
    QUrl server;                       // https://host:port, possibly with a path prefix
    QByteArray certificateAuthorityPem; // trusted CAs; empty: the system's
    bool insecureSkipTlsVerify = false;
    QString tlsServerName;             // the name to check the server certificate against
    QByteArray clientCertificatePem;   // the first certificate is ours, any others its chain
    QByteArray clientKeyPem;           // secret
    QByteArray token;                  // secret: a bearer token given inline
    QString tokenFile;                 // or a file holding it, re-read when it changes (rotation)
    QString defaultNamespace = QStringLiteral("default");
    QString contextName;               // the kubeconfig context; empty in-cluster
    QString origin;                    // "kubeconfig /home/op/.kube/config" or "in-cluster service account"

    // "https://10.0.0.1:6443 (context prod from kubeconfig /path; bearer token; namespace shop)":
    // no secret in it.
    QString describe() const;

    // --- kubeconfig (KUBECONFIG semantics) ---

    // The files merged in order: for clusters, users and contexts the first file to name one
    // wins, and current-context is the first one set. Missing files in a list of several are
    // skipped (as kubectl does); relative paths inside a file are relative to its directory.
    // context empty: current-context. Errors point at file:line:column.
    static KubeResult<KubeConfig> fromKubeconfig(const QStringList &files, const QString &context = {});
    static KubeResult<KubeConfig> fromKubeconfigFile(const QString &file, const QString &context = {})
    {
        return fromKubeconfig(QStringList{file}, context);
    }
    // The files $KUBECONFIG lists (':'-separated), or ~/.kube/config when it is unset.
    static QStringList defaultKubeconfigFiles();
    static KubeResult<KubeConfig> fromDefaultKubeconfig(const QString &context = {})
    {
        return fromKubeconfig(defaultKubeconfigFiles(), context);
    }

    // --- in-cluster (a pod's service account) ---

    static constexpr char kServiceAccountDir[] = "/var/run/secrets/kubernetes.io/serviceaccount";
    // https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT with the token (re-read as the
    // kubelet rotates it), ca.crt and namespace of the mounted service account.
    static KubeResult<KubeConfig> inCluster();
    // The same from an explicit account directory and service address (tests, sidecars).
    static KubeResult<KubeConfig> inCluster(const QString &serviceAccountDir, const QString &host,
                                            const QString &port);
    // Whether inCluster() has what it needs: the service variables and a token file.
    static bool runningInCluster();
};

} // namespace enclii::kube
