#pragma once

// Internal to Waybill: one blocking HTTP exchange for the outbound calls (Stripe, Slack).

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

namespace enclii::waybill::detail {

struct Exchange
{
    int status = 0; // 0: no HTTP answer
    QByteArray body;
    bool replayed = false; // Idempotent-Replayed: true
    QString failure;       // why there was no answer
};

// Runs the request on a worker thread with its own event loop, so the caller's thread (and
// its event loop) is never re-entered; bounded by timeoutMs; reads at most 4 MiB of answer.
Exchange exchange(const QByteArray &method, const QUrl &url, const QList<QPair<QByteArray, QByteArray>> &headers,
                  const QByteArray &body, int timeoutMs);

} // namespace enclii::waybill::detail
