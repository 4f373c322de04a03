#include "EventStream.h"

#include "ApiClient.h"

#include <QNetworkReply>
#include <QNetworkRequest>

#include <algorithm>

namespace enclii::ui {

namespace {
// Enough of a refusal's body for its problem document; the rest is not read.
constexpr qsizetype MaxErrorBody = 16 * 1024;

bool isEventStream(const QByteArray &contentType)
{
    return contentType.trimmed().toLower().startsWith("text/event-stream");
}
} // namespace

EventStream::EventStream(ApiClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{
    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &EventStream::connectNow);
}

EventStream::~EventStream()
{
    abortReply();
}

void EventStream::setBackoff(std::chrono::milliseconds initial, std::chrono::milliseconds cap)
{
    m_backoffInitial = initial;
    m_backoffCap = std::max(cap, initial);
}

void EventStream::setParserLimits(EventStreamParser::Limits limits)
{
    const QByteArray id = m_parser.lastEventId();
    m_parser = EventStreamParser(limits);
    m_parser.setLastEventId(id);
}

void EventStream::start()
{
    if (m_running)
        return;
    m_running = true;
    m_failures = 0;
    connectNow();
}

void EventStream::stop()
{
    m_running = false;
    m_reconnectTimer.stop();
    abortReply();
    setState(State::Idle);
}

void EventStream::connectNow()
{
    if (!m_running)
        return;
    abortReply();
    m_parser.reset();
    m_accepted = false;
    m_errorBody.clear();

    QNetworkRequest request = m_client->apiRequest(defaultPath());
    request.setRawHeader("Accept", "text/event-stream");
    request.setRawHeader("Cache-Control", "no-cache");
    if (const QByteArray id = m_parser.lastEventId(); !id.isEmpty())
        request.setRawHeader("Last-Event-ID", id);
    // An inactivity limit, not a total one: the keepalives keep a healthy stream under it.
    request.setTransferTimeout(int(m_idleTimeout.count()));

    QNetworkReply *reply = m_client->network()->get(request);
    m_reply = reply;
    // The headers alone open the stream: the first bytes may be a keepalive 15 s later.
    connect(reply, &QNetworkReply::metaDataChanged, this, [this, reply] {
        if (reply == m_reply && !m_accepted)
            acceptResponse(reply);
    });
    connect(reply, &QNetworkReply::readyRead, this, [this, reply] { onReadyRead(reply); });
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onFinished(reply); });
    setState(State::Connecting);
}

bool EventStream::acceptResponse(QNetworkReply *reply)
{
    if (m_accepted)
        return true;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 200 || !isEventStream(reply->header(QNetworkRequest::ContentTypeHeader).toByteArray()))
        return false;
    m_accepted = true;
    m_failures = 0;
    m_lastStatus = 0;
    setState(State::Open);
    emit opened();
    return true;
}

void EventStream::onReadyRead(QNetworkReply *reply)
{
    if (reply != m_reply)
        return;
    if (!m_accepted && !acceptResponse(reply)) {
        // A refusal: keep the start of its body for the message, drop the rest.
        m_errorBody += reply->read(std::max<qint64>(0, MaxErrorBody - m_errorBody.size()));
        reply->readAll();
        return;
    }
    const QList<ServerSentEvent> events = m_parser.feed(reply->readAll());
    for (const ServerSentEvent &event : events) {
        emit eventReceived(event);
        if (reply != m_reply)
            return; // a receiver stopped or restarted the stream
    }
}

void EventStream::onFinished(QNetworkReply *reply)
{
    reply->deleteLater();
    if (reply != m_reply)
        return;
    m_reply.clear();
    if (!m_running)
        return;

    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (m_accepted || (status == 200 && isEventStream(reply->header(QNetworkRequest::ContentTypeHeader).toByteArray()))) {
        // The daemon ended the stream, or it dropped or went quiet: the usual way back.
        const QString why = reply->error() == QNetworkReply::NoError ? tr("encliid closed the event stream")
                            : reply->error() == QNetworkReply::OperationCanceledError
                                ? tr("the event stream was silent for %1 s").arg(m_idleTimeout.count() / 1000.0)
                                : tr("the event stream broke: %1").arg(reply->errorString());
        ++m_failures;
        const auto backoff = ApiClient::backoffDelay(m_failures, m_backoffInitial, m_backoffCap);
        const auto asked = std::chrono::milliseconds(m_parser.reconnectionTime().value_or(0));
        scheduleReconnect(State::Retrying, why, std::max(backoff, asked));
        return;
    }

    m_lastStatus = status;
    const QString what = QStringLiteral("GET %1").arg(reply->url().toDisplayString());
    const QString why = status > 0 ? QStringLiteral("%1: %2").arg(what, ApiClient::problemMessage(status, m_errorBody,
                                                                     reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString()))
                                   : QStringLiteral("%1: %2").arg(what, reply->errorString());
    m_errorBody.clear();
    if (status == 404 || status == 405 || status == 501 || status == 200) {
        // No stream on this daemon (or not one we can read): follow by polling, look again later.
        scheduleReconnect(State::Unavailable, why, m_backoffCap);
        return;
    }
    ++m_failures;
    scheduleReconnect(State::Retrying, why, ApiClient::backoffDelay(m_failures, m_backoffInitial, m_backoffCap));
}

void EventStream::scheduleReconnect(State state, const QString &why, std::chrono::milliseconds delay)
{
    setState(state, why);
    m_reconnectTimer.start(delay);
    emit retryScheduled(int(delay.count()));
}

void EventStream::setState(State state, const QString &detail)
{
    if (state == m_state && detail == m_lastError)
        return;
    m_state = state;
    m_lastError = detail;
    emit stateChanged(state, detail);
}

void EventStream::abortReply()
{
    ApiClient::abortReply(m_reply); // its finished() must not schedule anything
}

} // namespace enclii::ui
