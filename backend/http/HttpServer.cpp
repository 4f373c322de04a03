#include "HttpServer.h"

#include "ConnectionGuard.h"

#include "observe/Metrics.h"

#include <QElapsedTimer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QTcpSocket>

#include <spdlog/spdlog.h>

#include <exception>

namespace enclii::http {

namespace {

QByteArray methodName(QHttpServerRequest::Method m)
{
    switch (m) {
    case QHttpServerRequest::Method::Get: return "GET";
    case QHttpServerRequest::Method::Put: return "PUT";
    case QHttpServerRequest::Method::Delete: return "DELETE";
    case QHttpServerRequest::Method::Post: return "POST";
    case QHttpServerRequest::Method::Head: return "HEAD";
    case QHttpServerRequest::Method::Options: return "OPTIONS";
    case QHttpServerRequest::Method::Patch: return "PATCH";
    case QHttpServerRequest::Method::Connect: return "CONNECT";
    case QHttpServerRequest::Method::Trace: return "TRACE";
    default: return "UNKNOWN";
    }
}

void registerMetrics()
{
    static const bool once = [] {
        auto &m = observe::Metrics::global();
        m.describe(QStringLiteral("enclii_http_requests_total"), QStringLiteral("counter"),
                   QStringLiteral("HTTP requests answered, by method, route and status."));
        m.describeHistogram(QStringLiteral("enclii_http_request_duration_seconds"),
                            QStringLiteral("Time from a complete request to its response, by route."),
                            {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5});
        return true;
    }();
    Q_UNUSED(once);
}

void writeBody(QHttpServerResponder &responder, const Request &req, const Response &resp)
{
    // 204 and 304 carry no body and no length (RFC 9110 §8.6).
    const bool bodiless = resp.status == 204 || resp.status == 304;
    if (!bodiless)
        responder.writeHeader("Content-Length", QByteArray::number(resp.body.size()));
    responder.writeBody(req.method == "HEAD" || bodiless ? QByteArray() : resp.body);
}

} // namespace

HttpServer::HttpServer(Router router, Options options, QObject *parent)
    : QAbstractHttpServer(parent), m_router(std::move(router)), m_options(options)
{
    registerMetrics();
}

quint16 HttpServer::listenOn(const QHostAddress &address, quint16 port)
{
    auto *server = new GuardedTcpServer(m_options.maxBodyBytes, this);
    if (!server->listen(address, port)) {
        m_error = server->errorString();
        server->deleteLater();
        return 0;
    }
    bind(server);
    return server->serverPort();
}

Response HttpServer::handle(Request &request) const
{
    if (request.body.size() > m_options.maxBodyBytes)
        return payloadTooLarge(m_options.maxBodyBytes).toResponse(request.path);
    try {
        return m_router.dispatch(request);
    } catch (const std::exception &e) {
        spdlog::error("{} {}: unhandled error: {}", request.method.constData(),
                      QUrl::toPercentEncoding(request.path, "/").constData(), e.what());
    } catch (...) {
        spdlog::error("{} {}: unhandled error", request.method.constData(), QUrl::toPercentEncoding(request.path, "/").constData());
    }
    return internalError(QStringLiteral("the daemon could not complete this request; its log has the details"))
        .toResponse(request.path);
}

bool HttpServer::handleRequest(const QHttpServerRequest &qreq, QTcpSocket *socket)
{
    QElapsedTimer timer;
    timer.start();
    Request req;
    req.method = methodName(qreq.method());
    req.path = qreq.url().path();
    req.query = qreq.query();
    for (const auto &[name, value] : qreq.headers())
        req.headers.insert(name.toLower(), value);
    req.body = qreq.body();
    req.remote = qreq.remoteAddress();

    const auto match = m_router.match(req.method, req.path);
    const QString route = match.pattern.isEmpty() ? QStringLiteral("unmatched") : match.pattern;
    Response resp = handle(req);

    // Written piece by piece: Qt 6.4's header list is an initializer_list, and HEAD needs the
    // headers (with the length of the body it would get) without the body.
    QHttpServerResponder responder = makeResponder(qreq, socket);
    responder.writeStatusLine(static_cast<QHttpServerResponder::StatusCode>(resp.status));
    for (const auto &[k, v] : resp.headers)
        responder.writeHeader(k, v);
    if (resp.stream && req.method != "HEAD") {
        // No length and no chunking: the body ends when the connection does (RFC 9112 §6.3).
        responder.writeHeader("Connection", "close");
        responder.writeBody(QByteArray()); // ends the head
        resp.stream(socket);
    } else {
        writeBody(responder, req, resp);
    }

    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    auto &metrics = observe::Metrics::global();
    metrics.increment(QStringLiteral("enclii_http_requests_total"),
                      {{QStringLiteral("method"), QString::fromLatin1(req.method)},
                       {QStringLiteral("route"), route},
                       {QStringLiteral("status"), QString::number(resp.status)}});
    metrics.observe(QStringLiteral("enclii_http_request_duration_seconds"), {{QStringLiteral("route"), route}}, seconds);
    const bool quiet = route == QLatin1String("/healthz") || route == QLatin1String("/metrics") || route == QLatin1String("/readyz");
    // The encoded path, so a %0A in a URL cannot forge a log line.
    const QByteArray logPath = qreq.url().path(QUrl::FullyEncoded).toUtf8();
    if (quiet || (resp.status < 400 && (req.method == "GET" || req.method == "HEAD")))
        spdlog::debug("{} {} {} {:.2f}ms", req.method.constData(), logPath.constData(), resp.status, seconds * 1000);
    else
        spdlog::info("{} {} {} {:.2f}ms", req.method.constData(), logPath.constData(), resp.status, seconds * 1000);
    return true;
}

void HttpServer::missingHandler(const QHttpServerRequest &qreq, QTcpSocket *socket)
{
    // Unreachable: handleRequest answers every request. Kept total for the base class.
    makeResponder(qreq, socket).write(QHttpServerResponder::StatusCode::NotFound);
}

} // namespace enclii::http
