#include "DeploymentsClient.h"

#include "ApiClient.h"
#include "Session.h"

#include <QJsonDocument>
#include <QNetworkReply>
#include <QUrl>
#include <QUrlQuery>

namespace enclii::ui {

using namespace Qt::StringLiterals;

namespace {

constexpr auto DeploymentsPath = "/v1/deployments";
constexpr auto DriftPath = "/v1/drift";
constexpr auto ClusterPath = "/v1/cluster";
// Event summaries held while a list is in flight; a burst beyond this just waits for the next list.
constexpr qsizetype MaxHeldSummaries = 2000;

int httpStatus(QNetworkReply *reply)
{
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

} // namespace

DeploymentsClient::DeploymentsClient(ApiClient *client, EventStream *sharedStream, QObject *parent)
    : QObject(parent)
    , m_client(client)
{
    if (!sharedStream)
        m_ownStream = sharedStream = new EventStream(client, this);
    m_stream = sharedStream;

    connect(&m_follow, &FollowMode::pollDue, this, &DeploymentsClient::poll);
    connect(&m_follow, &FollowMode::modeChanged, this, &DeploymentsClient::modeChanged);
    connect(&m_metricsTimer, &QTimer::timeout, this, [this] {
        fetch(Fetch::Metrics);
        fetch(Fetch::Detail);
        fetch(Fetch::Cluster);
    });
    m_settle.setSingleShot(true);
    m_settle.setInterval(300);
    connect(&m_settle, &QTimer::timeout, this, [this] {
        fetch(Fetch::Cluster);
        if (std::exchange(m_followedChanged, false))
            fetch(Fetch::Detail);
    });
    connect(m_stream, &EventStream::stateChanged, &m_follow, &FollowMode::followStream);
    connect(m_stream, &EventStream::opened, this, &DeploymentsClient::onStreamOpened);
    connect(m_stream, &EventStream::eventReceived, this, &DeploymentsClient::onEvent);
    connect(m_client, &ApiClient::stateChanged, this, &DeploymentsClient::updateActivity);
    if (Session *session = m_client->session()) {
        connect(session, &Session::stateChanged, this, &DeploymentsClient::updateActivity);
        connect(session, &Session::requirementChanged, this, &DeploymentsClient::updateActivity);
    }
    // Queued: whoever made us connects its receivers first, then the first answers come.
    QMetaObject::invokeMethod(this, &DeploymentsClient::updateActivity, Qt::QueuedConnection);
}

DeploymentsClient::~DeploymentsClient()
{
    abortAll();
}

QString DeploymentsClient::deploymentPath(const QString &service, QLatin1String suffix)
{
    return QLatin1String(DeploymentsPath) + u'/' + QString::fromLatin1(QUrl::toPercentEncoding(service)) + suffix;
}

void DeploymentsClient::setPollInterval(std::chrono::milliseconds interval)
{
    m_follow.setPollInterval(interval);
}

void DeploymentsClient::setMetricsInterval(std::chrono::milliseconds interval)
{
    m_metricsInterval = interval;
    if (m_metricsTimer.isActive())
        m_metricsTimer.start(m_metricsInterval);
}

void DeploymentsClient::abortAll()
{
    for (QPointer<QNetworkReply> &slot : m_replies)
        ApiClient::abortReply(slot);
    std::fill(std::begin(m_again), std::end(m_again), false);
}

void DeploymentsClient::updateActivity()
{
    const bool shouldRun = m_client->state() == ApiClient::State::Connected && m_client->mayFetch();
    if (shouldRun == m_active)
        return;
    m_active = shouldRun;
    if (!m_active) {
        if (m_ownStream)
            m_ownStream->stop(); // a shared stream is its owner's to stop
        abortAll();
        m_settle.stop();
        m_followedChanged = false;
        m_metricsTimer.stop();
        m_follow.setActive(false, m_stream, m_client->lastError());
        return;
    }
    m_follow.setActive(true, m_stream); // a shared stream may be open (or known to be missing) already
    refresh();
    refreshFollowed();
    m_metricsTimer.start(m_metricsInterval);
    if (m_stream)
        m_stream->start();
}

void DeploymentsClient::onStreamOpened()
{
    if (!m_active)
        return;
    m_follow.setMode(Mode::Live);
    // Whatever changed while the stream was closed.
    refresh();
    refreshFollowed();
}

void DeploymentsClient::onEvent(const ServerSentEvent &event)
{
    if (!m_active || (event.type != "deployment" && event.type != "drift"))
        return; // the builds' events, and kinds newer daemons send, are not ours to read
    const QJsonObject data = QJsonDocument::fromJson(event.data).object();
    const QString service = data.value("service"_L1).toString();
    if (event.type == "drift") {
        if (data.isEmpty())
            return;
        emit driftDetected(data);
    } else {
        if (service.isEmpty())
            return;
        if (m_replies[int(Fetch::List)] && (m_newerThanList.size() < MaxHeldSummaries || m_newerThanList.contains(service)))
            m_newerThanList.insert(service, data);
        emit deploymentUpdated(data);
    }
    // Pods, node figures, waves and the followed service's events move with it: fetch them
    // once the burst is over.
    if (!service.isEmpty() && service == m_followed)
        m_followedChanged = true;
    m_settle.start();
}

void DeploymentsClient::poll()
{
    refresh();
    refreshFollowed();
}

void DeploymentsClient::refresh()
{
    fetch(Fetch::List);
    fetch(Fetch::Drift);
    fetch(Fetch::Cluster);
}

void DeploymentsClient::refreshFollowed()
{
    fetch(Fetch::Detail);
    fetch(Fetch::Metrics);
}

void DeploymentsClient::follow(const QString &service)
{
    if (service == m_followed)
        return;
    m_followed = service;
    ApiClient::abortReply(m_replies[int(Fetch::Detail)]);
    ApiClient::abortReply(m_replies[int(Fetch::Metrics)]);
    m_again[int(Fetch::Detail)] = m_again[int(Fetch::Metrics)] = false;
    refreshFollowed();
}

void DeploymentsClient::fetch(Fetch what)
{
    const bool followed = what == Fetch::Detail || what == Fetch::Metrics;
    if (!m_active || (followed && m_followed.isEmpty()))
        return;
    QPointer<QNetworkReply> &slot = m_replies[int(what)];
    if (slot) {
        m_again[int(what)] = true; // its answer may predate what prompted this call
        return;
    }
    m_again[int(what)] = false;

    QString path;
    QUrlQuery query;
    switch (what) {
    case Fetch::List:
        path = QLatin1String(DeploymentsPath);
        m_newerThanList.clear();
        break;
    case Fetch::Drift:
        path = QLatin1String(DriftPath);
        query.addQueryItem(u"limit"_s, QString::number(m_driftLimit));
        break;
    case Fetch::Cluster: path = QLatin1String(ClusterPath); break;
    case Fetch::Detail: path = deploymentPath(m_followed); break;
    case Fetch::Metrics:
        path = deploymentPath(m_followed, "/metrics"_L1);
        query.addQueryItem(u"seconds"_s, QString::number(m_metricsSeconds));
        break;
    case Fetch::Count: return;
    }
    const QString service = followed ? m_followed : QString();
    QNetworkReply *reply = m_client->network()->get(m_client->apiRequest(path, query));
    slot = reply;
    connect(reply, &QNetworkReply::finished, this, [this, what, reply, service] { onFinished(what, reply, service); });
}

void DeploymentsClient::onFinished(Fetch what, QNetworkReply *reply, const QString &service)
{
    reply->deleteLater();
    if (reply != m_replies[int(what)])
        return; // aborted: a newer request, or none, owns the slot
    m_replies[int(what)].clear();

    const int status = httpStatus(reply);
    const bool stale = !service.isEmpty() && service != m_followed;
    if (stale) {
        // Followed something else meanwhile; follow() has asked for it already.
    } else if (reply->error() != QNetworkReply::NoError || status < 200 || status >= 300) {
        fail(what, status, m_client->describeFailure(reply), service);
    } else {
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(reply->readAll(), &parseError);
        if (parseError.error != QJsonParseError::NoError || !doc.isObject())
            fail(what, status, tr("GET %1: the answer is not a JSON object (%2)")
                                   .arg(reply->url().toDisplayString(), parseError.errorString()), service);
        else
            deliver(what, doc.object(), service, reply);
    }
    if (m_again[int(what)])
        fetch(what);
}

void DeploymentsClient::deliver(Fetch what, const QJsonObject &body, const QString &service, QNetworkReply *reply)
{
    const QJsonValue items = body.value("items"_L1);
    const bool listed = what == Fetch::List || what == Fetch::Drift;
    if (listed && !items.isArray()) {
        fail(what, httpStatus(reply), tr("GET %1: the answer has no \"items\" list").arg(reply->url().toDisplayString()),
             service);
        return;
    }
    switch (what) {
    case Fetch::List: {
        QJsonArray merged;
        QHash<QString, QJsonObject> newer = std::exchange(m_newerThanList, {});
        for (const QJsonValue &v : items.toArray()) {
            const QString name = v.toObject().value("service"_L1).toString();
            merged.append(newer.contains(name) ? QJsonValue(newer.take(name)) : v);
        }
        for (const QJsonObject &summary : std::as_const(newer))
            merged.append(summary); // appeared after the list was made
        emit deploymentsReceived(merged);
        break;
    }
    case Fetch::Drift: emit driftReceived(items.toArray()); break;
    case Fetch::Cluster: emit clusterReceived(body); break;
    case Fetch::Detail:
        if (body.value("service"_L1).toString() == service)
            emit detailReceived(body);
        else
            fail(what, httpStatus(reply), tr("GET %1: the answer is about another service").arg(reply->url().toDisplayString()),
                 service);
        break;
    case Fetch::Metrics: emit metricsReceived(service, body); break;
    case Fetch::Count: break;
    }
}

void DeploymentsClient::fail(Fetch what, int status, const QString &message, const QString &service)
{
    switch (what) {
    case Fetch::List: emit deploymentsFailed(status, message); break;
    case Fetch::Drift: emit driftFailed(status, message); break;
    case Fetch::Cluster: emit clusterFailed(status, message); break;
    case Fetch::Detail: emit detailFailed(service, status, message); break;
    case Fetch::Metrics: emit metricsFailed(service, status, message); break;
    case Fetch::Count: break;
    }
}

} // namespace enclii::ui
