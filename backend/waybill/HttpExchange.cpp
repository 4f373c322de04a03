#include "HttpExchange_p.h"

#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QThread>
#include <QTimer>

#include <memory>

namespace enclii::waybill::detail {

constexpr qint64 kMaxBody = 4 << 20;

Exchange exchange(const QByteArray &method, const QUrl &url, const QList<QPair<QByteArray, QByteArray>> &headers,
                  const QByteArray &body, int timeoutMs)
{
    Exchange out;
    std::unique_ptr<QThread> worker(QThread::create([&] {
        QNetworkAccessManager nam;
        QNetworkRequest request(url);
        request.setTransferTimeout(timeoutMs);
        for (const auto &[name, value] : headers)
            request.setRawHeader(name, value);
        QNetworkReply *reply = nam.sendCustomRequest(request, method, body);
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
        if (!reply->isFinished())
            loop.exec();
        out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (!reply->isFinished())
            out.failure = QStringLiteral("no answer within %1 ms").arg(timeoutMs);
        else if (out.status == 0)
            out.failure = reply->errorString();
        else
            out.body = reply->read(kMaxBody);
        out.replayed = reply->rawHeader("Idempotent-Replayed") == "true";
        reply->abort();
    }));
    worker->start();
    worker->wait();
    return out;
}

} // namespace enclii::waybill::detail
