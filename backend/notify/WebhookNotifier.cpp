#include "WebhookNotifier.h"

#include <QJsonDocument>
#include <QMutexLocker>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

#include <spdlog/spdlog.h>

#include <algorithm>

namespace enclii::notify {

WebhookNotifier::WebhookNotifier(Options options, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_network(new QNetworkAccessManager(this))
{
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &WebhookNotifier::pump);
    connect(m_network, &QNetworkAccessManager::finished, this, &WebhookNotifier::finished);
}

WebhookNotifier::~WebhookNotifier() = default;

QString WebhookNotifier::redacted(const QUrl &url)
{
    return url.scheme() + QStringLiteral("://") + url.host() + QStringLiteral("/…");
}

void WebhookNotifier::send(const Message &message)
{
    const QByteArray payload = QJsonDocument(message.toSlackPayload()).toJson(QJsonDocument::Compact);
    {
        QMutexLocker lock(&m_mutex);
        if (int(m_queue.size()) >= m_options.maxQueued) {
            // The front may be in flight: drop the oldest one waiting behind it.
            m_queue.erase(m_queue.size() > 1 ? m_queue.begin() + 1 : m_queue.begin());
            ++m_dropped;
            spdlog::warn("notifications to {}: queue full ({} messages), the oldest waiting one is dropped",
                         redacted(m_options.url).toStdString(), m_options.maxQueued);
        }
        m_queue.push_back(payload);
    }
    // Delivery runs on this object's thread, whichever thread called.
    QMetaObject::invokeMethod(this, &WebhookNotifier::pump, Qt::QueuedConnection);
}

void WebhookNotifier::pump()
{
    QByteArray payload;
    {
        QMutexLocker lock(&m_mutex);
        if (m_busy || m_retry.isActive() || m_queue.empty())
            return;
        m_busy = true;
        payload = m_queue.front();
    }
    QNetworkRequest request(m_options.url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setTransferTimeout(m_options.timeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    m_network->post(request, payload);
}

void WebhookNotifier::finished(QNetworkReply *reply)
{
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QString where = redacted(m_options.url);
    {
        QMutexLocker lock(&m_mutex);
        m_busy = false;
    }
    if (status >= 200 && status < 300) {
        QMutexLocker lock(&m_mutex);
        if (!m_queue.empty())
            m_queue.pop_front();
        m_attempts = 0;
        ++m_delivered;
    } else {
        ++m_attempts;
        const bool retryable = status == 0 || status == 408 || status == 429 || status >= 500;
        // Never the reply's errorString(): Qt puts the full URL in it.
        const QString why = status ? QStringLiteral("HTTP %1").arg(status) : QStringLiteral("no answer (network error %1)").arg(int(reply->error()));
        if (retryable && m_attempts < m_options.maxAttempts) {
            const long long backoff = std::min<long long>(qint64(m_options.initialBackoffMs) << std::min(m_attempts - 1, 20), m_options.maxBackoffMs);
            bool ok = false;
            const int retryAfter = reply->rawHeader("Retry-After").trimmed().toInt(&ok);
            const int delay = ok && retryAfter >= 0 ? std::min(retryAfter * 1000, m_options.maxBackoffMs) : int(backoff);
            retryLater(delay, why);
            return;
        }
        spdlog::error("notification to {} dropped after {} attempt(s): {}{}", where.toStdString(), m_attempts, why.toStdString(),
                      retryable ? "" : " (the receiver refused it; check the webhook's configuration)");
        QMutexLocker lock(&m_mutex);
        if (!m_queue.empty())
            m_queue.pop_front();
        m_attempts = 0;
        ++m_dropped;
    }
    pump();
}

void WebhookNotifier::retryLater(int delayMs, const QString &why)
{
    spdlog::warn("notification to {}: {}, attempt {} of {}; retrying in {} ms", redacted(m_options.url).toStdString(), why.toStdString(),
                 m_attempts, m_options.maxAttempts, delayMs);
    m_retry.start(delayMs);
}

int WebhookNotifier::queued() const
{
    QMutexLocker lock(&m_mutex);
    return int(m_queue.size());
}

int WebhookNotifier::delivered() const
{
    QMutexLocker lock(&m_mutex);
    return m_delivered;
}

int WebhookNotifier::dropped() const
{
    QMutexLocker lock(&m_mutex);
    return m_dropped;
}

} // namespace enclii::notify
