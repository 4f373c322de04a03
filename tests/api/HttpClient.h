#pragma once

// A blocking HTTP client for tests: one request, waited for in a local event loop.

#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

namespace enclii::test {

// A loopback port free at this moment (another process may still take it before it is used).
inline int freePort()
{
    QTcpServer s;
    s.listen(QHostAddress::LocalHost, 0);
    return s.serverPort();
}

struct HttpResult
{
    int status = 0; // 0: no answer
    QByteArray body;
    QByteArray contentType;
    QList<QNetworkReply::RawHeaderPair> headers;
    QString error;

    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QByteArray header(const QByteArray &name) const
    {
        for (const auto &[k, v] : headers)
            if (k.compare(name, Qt::CaseInsensitive) == 0)
                return v;
        return {};
    }
};

inline HttpResult httpRequest(const QString &url, const QByteArray &method = "GET", const QByteArray &body = {},
                              const QByteArray &contentType = {}, const QList<QPair<QByteArray, QByteArray>> &headers = {},
                              int timeoutMs = 20000)
{
    QNetworkAccessManager nam;
    QNetworkRequest request{QUrl(url)};
    // Tests look at every response as it is: redirects are answers too.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    if (!contentType.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    for (const auto &[k, v] : headers)
        request.setRawHeader(k, v);
    QNetworkReply *reply = nam.sendCustomRequest(request, method, body);
    QEventLoop loop;
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    HttpResult r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.body = reply->readAll();
    r.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    r.headers = reply->rawHeaderPairs();
    if (reply->error() != QNetworkReply::NoError && r.status == 0)
        r.error = reply->errorString();
    if (!reply->isFinished())
        r.error = QStringLiteral("timed out");
    reply->abort();
    reply->deleteLater();
    return r;
}

// Writes raw bytes to a server on this thread's loopback and returns what came back up to
// the end of the response head. The test thread serves the in-process daemon too, so its
// event loop spins while waiting.
inline QByteArray rawExchange(quint16 port, const QByteArray &head, const QByteArray &bodyStart = {}, int timeoutMs = 10000)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(5000))
        return {};
    socket.write(head);
    socket.write(bodyStart);
    QByteArray answer;
    QElapsedTimer t;
    t.start();
    while (!answer.contains("\r\n\r\n") && t.elapsed() < timeoutMs) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        socket.waitForReadyRead(20);
        answer += socket.readAll();
    }
    return answer;
}

} // namespace enclii::test
