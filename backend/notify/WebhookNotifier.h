#pragma once

#include "Notifier.h"

#include <QMutex>
#include <QObject>
#include <QTimer>
#include <QUrl>

#include <deque>

class QNetworkAccessManager;
class QNetworkReply;

namespace enclii::notify {

// A Slack-compatible incoming webhook: POST application/json {"text", "blocks"?}.
//
// send() is thread-safe and returns at once: the message joins a bounded queue that this
// object works through on its own thread's event loop, one request at a time and in order.
// 429, 5xx, timeouts and connection failures are retried with exponential backoff (honouring
// Retry-After up to maxBackoffMs); other 4xx answers drop the message, since sending it again
// cannot help. The webhook URL is the secret (whoever has it may post): logs and errors name
// only its scheme and host.
class WebhookNotifier : public QObject, public Notifier
{
    Q_OBJECT
public:
    struct Options
    {
        QUrl url;
        int maxAttempts = 6;
        int initialBackoffMs = 1000;
        int maxBackoffMs = 60000;
        int timeoutMs = 10000;
        int maxQueued = 1000; // beyond it the oldest message is dropped (and counted)
    };

    explicit WebhookNotifier(Options options, QObject *parent = nullptr);
    ~WebhookNotifier() override;

    void send(const Message &message) override;

    // "https://hooks.slack.com/…": what may be shown of a webhook URL.
    static QString redacted(const QUrl &url);

    int queued() const;
    int delivered() const;
    int dropped() const;

private:
    void pump();
    void finished(QNetworkReply *reply);
    void retryLater(int delayMs, const QString &why);

    Options m_options;
    QNetworkAccessManager *m_network; // child
    QTimer m_retry;
    mutable QMutex m_mutex;
    std::deque<QByteArray> m_queue; // payloads, the front one in flight or waiting to retry
    bool m_busy = false;
    int m_attempts = 0;  // of the front message
    int m_delivered = 0;
    int m_dropped = 0;
};

} // namespace enclii::notify
