#include "BuildsClient.h"

#include "ApiClient.h"
#include "Session.h"

#include <QJsonDocument>
#include <QNetworkReply>
#include <QUrlQuery>

namespace enclii::ui {

using namespace Qt::StringLiterals;

namespace {

constexpr auto BuildsPath = "/v1/builds";

QString buildPath(qint64 id, QLatin1String suffix = {})
{
    return u"%1/%2"_s.arg(QLatin1String(BuildsPath)).arg(id) + suffix;
}

int httpStatus(QNetworkReply *reply)
{
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

bool succeeded(QNetworkReply *reply)
{
    const int status = httpStatus(reply);
    return reply->error() == QNetworkReply::NoError && status >= 200 && status < 300;
}

QJsonObject jsonObject(const QByteArray &bytes)
{
    return QJsonDocument::fromJson(bytes).object(); // empty unless it is an object
}

} // namespace

BuildsClient::BuildsClient(ApiClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_stream(client)
{
    connect(&m_follow, &FollowMode::pollDue, this, &BuildsClient::poll);
    connect(&m_follow, &FollowMode::modeChanged, this, &BuildsClient::modeChanged);
    connect(&m_stream, &EventStream::stateChanged, &m_follow, &FollowMode::followStream);
    connect(&m_stream, &EventStream::opened, this, &BuildsClient::onStreamOpened);
    connect(&m_stream, &EventStream::eventReceived, this, &BuildsClient::onEvent);
    connect(m_client, &ApiClient::stateChanged, this, &BuildsClient::updateActivity);
    if (Session *session = m_client->session()) {
        connect(session, &Session::stateChanged, this, &BuildsClient::updateActivity);
        connect(session, &Session::requirementChanged, this, &BuildsClient::updateActivity);
    }
    // Queued: whoever made us connects its receivers first, then the first answers come.
    QMetaObject::invokeMethod(this, &BuildsClient::updateActivity, Qt::QueuedConnection);
}

BuildsClient::~BuildsClient()
{
    for (QPointer<QNetworkReply> *slot : {&m_listReply, &m_buildReply, &m_logsReply})
        ApiClient::abortReply(*slot);
}

void BuildsClient::setPollInterval(std::chrono::milliseconds interval)
{
    m_follow.setPollInterval(interval);
}

void BuildsClient::updateActivity()
{
    const bool shouldRun = m_client->state() == ApiClient::State::Connected && m_client->mayFetch();
    if (shouldRun == m_active)
        return;
    m_active = shouldRun;
    if (!m_active) {
        m_stream.stop();
        for (QPointer<QNetworkReply> *slot : {&m_listReply, &m_buildReply, &m_logsReply})
            ApiClient::abortReply(*slot);
        m_follow.setActive(false, &m_stream, m_client->lastError());
        return;
    }
    m_follow.setActive(true, &m_stream);
    refresh();
    fetchFollowed();
    fetchLogs();
    m_stream.start();
}

void BuildsClient::onStreamOpened()
{
    m_follow.setMode(FollowMode::Mode::Live);
    // Whatever happened while the stream was closed: the list, the followed build, its log.
    refresh();
    fetchFollowed();
    fetchLogs();
}

void BuildsClient::onEvent(const ServerSentEvent &event)
{
    if (event.type != "build" && event.type != "log")
        return; // newer daemons send more kinds; they are not ours to read
    const QJsonObject data = jsonObject(event.data);
    if (data.isEmpty())
        return;
    if (event.type == "log") {
        onLogEvent(data);
        return;
    }
    if (data.value("id"_L1).toInteger() > 0)
        emit buildUpdated(data);
}

void BuildsClient::onLogEvent(const QJsonObject &line)
{
    if (m_followed == 0 || line.value("build"_L1).toInteger() != m_followed)
        return;
    const qint64 seq = line.value("seq"_L1).toInteger();
    if (seq <= 0)
        return;
    m_highestSeen = std::max(m_highestSeen, seq);
    if (m_logsReply)
        return; // the fetch in flight (or the one after it) brings this line in order
    if (seq <= m_lastSeq)
        return;
    m_lastSeq = seq;
    emit logLinesReceived(m_followed, QJsonArray{line});
}

void BuildsClient::poll()
{
    refresh();
    fetchFollowed();
    fetchLogs();
}

void BuildsClient::refresh()
{
    if (!m_active)
        return;
    if (m_listReply) {
        m_listAgain = true; // its answer may predate what prompted this call
        return;
    }
    m_listAgain = false;
    QUrlQuery query;
    query.addQueryItem(u"limit"_s, QString::number(m_listLimit));
    QNetworkReply *reply = m_client->network()->get(m_client->apiRequest(QLatin1String(BuildsPath), query));
    m_listReply = reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onListFinished(reply); });
}

void BuildsClient::onListFinished(QNetworkReply *reply)
{
    reply->deleteLater();
    if (reply != m_listReply)
        return;
    m_listReply.clear();
    if (!succeeded(reply)) {
        emit buildsFailed(httpStatus(reply), m_client->describeFailure(reply));
    } else {
        const QJsonValue items = jsonObject(reply->readAll()).value("items"_L1);
        if (items.isArray())
            emit buildsReceived(items.toArray());
        else
            emit buildsFailed(httpStatus(reply), tr("GET %1: the answer has no \"items\" list").arg(reply->url().toDisplayString()));
    }
    if (m_listAgain)
        refresh();
}

void BuildsClient::follow(qint64 buildId)
{
    if (buildId == m_followed)
        return;
    m_followed = std::max<qint64>(0, buildId);
    m_lastSeq = 0;
    m_highestSeen = 0;
    for (QPointer<QNetworkReply> *slot : {&m_buildReply, &m_logsReply})
        ApiClient::abortReply(*slot);
    fetchFollowed();
    fetchLogs();
}

void BuildsClient::fetchFollowed()
{
    if (!m_active || m_followed == 0 || m_buildReply)
        return;
    const qint64 id = m_followed;
    QNetworkReply *reply = m_client->network()->get(m_client->apiRequest(buildPath(id)));
    m_buildReply = reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply, id] { onBuildFinished(reply, id); });
}

void BuildsClient::onBuildFinished(QNetworkReply *reply, qint64 buildId)
{
    reply->deleteLater();
    if (reply != m_buildReply)
        return;
    m_buildReply.clear();
    // A failure here changes nothing on screen: the list's next answer says what is wrong.
    if (!succeeded(reply))
        return;
    const QJsonObject build = jsonObject(reply->readAll());
    if (build.value("id"_L1).toInteger() == buildId)
        emit buildUpdated(build);
}

void BuildsClient::fetchLogs()
{
    if (!m_active || m_followed == 0 || m_logsReply)
        return;
    const qint64 id = m_followed;
    QUrlQuery query;
    query.addQueryItem(u"after"_s, QString::number(m_lastSeq));
    query.addQueryItem(u"limit"_s, QString::number(m_logPageSize));
    QNetworkReply *reply = m_client->network()->get(m_client->apiRequest(buildPath(id, "/logs"_L1), query));
    m_logsReply = reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply, id] { onLogsFinished(reply, id); });
}

QJsonArray BuildsClient::acceptNewLines(const QJsonArray &lines)
{
    QJsonArray fresh;
    for (const QJsonValue &value : lines) {
        const qint64 seq = value.toObject().value("seq"_L1).toInteger();
        if (seq <= m_lastSeq)
            continue; // seen already, or out of order: never twice, never backwards
        m_lastSeq = seq;
        fresh.append(value);
    }
    return fresh;
}

void BuildsClient::onLogsFinished(QNetworkReply *reply, qint64 buildId)
{
    reply->deleteLater();
    if (reply != m_logsReply)
        return;
    m_logsReply.clear();
    if (buildId != m_followed)
        return;
    if (!succeeded(reply)) {
        emit logFailed(buildId, httpStatus(reply), m_client->describeFailure(reply));
        return;
    }
    const QJsonArray lines = jsonObject(reply->readAll()).value("lines"_L1).toArray();
    const QJsonArray fresh = acceptNewLines(lines);
    if (!fresh.isEmpty())
        emit logLinesReceived(buildId, fresh);
    // A full page, or lines the stream showed meanwhile: there is more. Nothing new means the
    // daemon has nothing more to give now; the next event or poll asks again.
    if (!fresh.isEmpty() && (lines.size() >= m_logPageSize || m_highestSeen > m_lastSeq))
        fetchLogs();
}

void BuildsClient::cancel(qint64 buildId)
{
    sendAction(buildId, Action::Cancel);
}

void BuildsClient::retry(qint64 buildId)
{
    sendAction(buildId, Action::Retry);
}

void BuildsClient::sendAction(qint64 buildId, Action action)
{
    if (buildId <= 0)
        return;
    const QLatin1String suffix = action == Action::Cancel ? "/cancel"_L1 : "/retry"_L1;
    QNetworkRequest request = m_client->apiRequest(buildPath(buildId, suffix));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply *reply = m_client->network()->post(request, QByteArray());
    connect(reply, &QNetworkReply::finished, this, [this, reply, buildId, action] {
        reply->deleteLater();
        const int status = httpStatus(reply);
        const QString message = succeeded(reply) ? QString() : m_client->describeFailure(reply);
        emit actionFinished(buildId, action, status, message);
        if (buildId == m_followed)
            fetchFollowed();
        refresh();
    });
}

} // namespace enclii::ui
