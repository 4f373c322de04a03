#include "kube/client/KubeWatch.h"

#include "kube/client/KubeTransport_p.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QTimer>

namespace enclii::kube {

namespace {

constexpr qsizetype kMaxErrorBody = 64 * 1024;

} // namespace

KubeWatch::KubeWatch(std::shared_ptr<KubeTransport> transport, const KubeRequest &request, const ResourceType &type,
                     int idleTimeoutMs, QObject *parent)
    : QObject(parent),
      m_transport(std::move(transport)),
      m_nam(KubeTransport::newNetworkAccessManager()),
      m_request(std::make_unique<KubeRequest>(request)),
      m_type(type),
      m_parser(m_transport->options().maxWatchEventBytes),
      m_idle(new QTimer(this))
{
    for (const auto &[name, value] : m_request->query)
        if (name == QLatin1String("resourceVersion"))
            m_lastResourceVersion = value;
    m_idle->setSingleShot(true);
    m_idle->setInterval(qMax(1, idleTimeoutMs));
    connect(m_idle, &QTimer::timeout, this, [this] {
        end(End::Failed, m_transport->error(*m_request, KubeError::Kind::Timeout,
                                            QStringLiteral("the watch was silent for %1 ms").arg(m_idle->interval())));
    });
    QTimer::singleShot(std::chrono::milliseconds(m_transport->reserve()), this, &KubeWatch::begin);
}

KubeWatch::~KubeWatch()
{
    dropReply();
}

void KubeWatch::stop()
{
    m_ended = true;
    m_idle->stop();
    dropReply();
}

void KubeWatch::dropReply()
{
    if (!m_reply)
        return;
    // The reply stays a child of m_nam, which deletes it if it goes first; disconnected first
    // so abort() reports nothing back here.
    disconnect(m_reply, nullptr, this, nullptr);
    m_reply->abort();
    m_reply->deleteLater();
    m_reply = nullptr;
}

void KubeWatch::begin()
{
    if (m_ended)
        return;
    m_reply = m_transport->start(*m_request, m_nam.get());
    connect(m_reply, &QNetworkReply::readyRead, this, &KubeWatch::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &KubeWatch::onFinished);
    m_idle->start();
}

void KubeWatch::onReadyRead()
{
    m_idle->start();
    const QByteArray data = m_reply->readAll();
    if (m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200) {
        m_errorBody.append(data.left(kMaxErrorBody - m_errorBody.size()));
        return;
    }
    QList<WatchEvent> events;
    const bool wellFormed = m_parser.feed(data, &events);
    const QPointer<KubeWatch> self(this);
    for (const WatchEvent &event : std::as_const(events)) {
        if (event.type == WatchEvent::Type::Error) {
            KubeError error = m_transport->error(*m_request, KubeError::Kind::Http, {});
            error.readStatus(event.object);
            if (error.message.isEmpty())
                error.message = QStringLiteral("the watch ended with an ERROR event");
            end(error.isExpired() ? End::Expired : End::Failed, error);
            return;
        }
        if (const QString rv = event.resourceVersion(); !rv.isEmpty())
            m_lastResourceVersion = rv;
        ++m_events;
        emit eventReceived(event);
        if (!self || m_ended)
            return; // a receiver stopped or deleted us
    }
    if (!wellFormed)
        end(End::Failed, m_transport->error(*m_request, KubeError::Kind::Protocol, m_parser.error()));
}

void KubeWatch::onFinished()
{
    if (m_ended || !m_reply)
        return;
    const QPointer<KubeWatch> self(this);
    if (m_reply->bytesAvailable() > 0)
        onReadyRead();
    if (!self || m_ended)
        return;
    if (std::optional<KubeError> e = m_transport->replyError(*m_request, m_reply)) {
        end(End::Failed, *e);
        return;
    }
    KubeResponse response;
    response.status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (response.status != 200) {
        response.body = m_errorBody;
        const KubeError error = m_transport->httpError(*m_request, response);
        end(error.isExpired() ? End::Expired : End::Failed, error);
    } else if (m_parser.pending() > 0) {
        end(End::Failed, m_transport->error(*m_request, KubeError::Kind::Protocol,
                                            QStringLiteral("the stream ended in the middle of an event")));
    } else {
        end(End::Closed);
    }
}

void KubeWatch::end(End how, const KubeError &error)
{
    if (m_ended)
        return;
    m_ended = true;
    m_error = error;
    m_idle->stop();
    dropReply();
    emit finished(how);
}

} // namespace enclii::kube
