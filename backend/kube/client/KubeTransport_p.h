#pragma once

// Internal to enclii_kube: what KubeClient's blocking calls and KubeWatch's streams share —
// the URL, TLS and credentials of one cluster, the QNetworkAccessManager of the client's
// thread, the rate limiter, and the reading of answers into errors.

#include "kube/client/KubeClient.h"
#include "kube/client/RateLimiter.h"

#include <QByteArray>
#include <QDateTime>
#include <QElapsedTimer>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

#include <memory>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;
class QSslConfiguration;
class QThread;

namespace enclii::kube {

struct KubeRequest
{
    QString operation;            // "apply Deployment shop/web", for errors
    QByteArray verb = "GET";
    QString path;                 // /api/v1/namespaces/shop/pods
    QList<QPair<QString, QString>> query; // decoded; percent-encoded when sent
    QByteArray body;
    QByteArray contentType;
    bool idempotent = true;       // a connection failure may be retried

    void addQuery(const QString &name, const QString &value) { query.append({name, value}); }
};

struct KubeResponse
{
    int status = 0;
    QByteArray body;
    QByteArray retryAfter; // the Retry-After header, raw

    bool isSuccess() const { return status >= 200 && status < 300; }
};

class KubeTransport
{
public:
    KubeTransport(KubeConfig config, KubeClient::Options options);
    ~KubeTransport();

    const KubeConfig &config() const { return m_config; }
    const KubeClient::Options &options() const { return m_options; }

    // The configuration's TLS material and the calling thread (see KubeClient); an error
    // naming the request when it cannot be sent from here.
    std::optional<KubeError> checkUsable(const KubeRequest &request);
    QUrl url(const KubeRequest &request) const;
    // Sends now (the caller has waited for the rate limiter) through the client's own
    // QNetworkAccessManager, or through `nam`; the caller owns the reply.
    QNetworkReply *start(const KubeRequest &request, QNetworkAccessManager *nam = nullptr);
    // A QNetworkAccessManager of its own, for a watch: a long-lived stream then never takes
    // one of the connections (six per host over HTTP/1.1) the blocking calls share.
    static std::unique_ptr<QNetworkAccessManager> newNetworkAccessManager();
    // Takes a rate-limiter token; the milliseconds to wait before start().
    qint64 reserve();
    // After a 401: whether re-reading the token file gave a different token worth a retry.
    bool reloadToken();

    KubeError error(const KubeRequest &request, KubeError::Kind kind, const QString &message) const;
    // An error for a non-2xx answer, from its Status object when it has one.
    KubeError httpError(const KubeRequest &request, const KubeResponse &response) const;
    // The error of a reply that ended without a complete HTTP exchange; nullopt when it had one.
    std::optional<KubeError> replyError(const KubeRequest &request, QNetworkReply *reply) const;
    // The delay before attempt `attempt + 1`; -1 when a Retry-After beyond the limit says stop.
    int backoffMs(int attempt, const KubeResponse *response) const;

private:
    QByteArray bearerToken(QString *problem);
    void setUpTls();

    KubeConfig m_config;
    KubeClient::Options m_options;
    QString m_configError;
    QThread *m_thread = nullptr;
    std::unique_ptr<QNetworkAccessManager> m_nam;
    std::unique_ptr<QSslConfiguration> m_ssl;
    TokenBucket m_limiter;
    QElapsedTimer m_clock;
    // The token file as last read, and what told us it changed.
    QByteArray m_fileToken;
    QDateTime m_tokenModified;
    qint64 m_tokenSize = -1;
    QElapsedTimer m_tokenAge;
};

} // namespace enclii::kube
