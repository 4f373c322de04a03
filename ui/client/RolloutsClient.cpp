#include "RolloutsClient.h"

#include "ApiClient.h"
#include "Session.h"

#include <QJsonDocument>
#include <QNetworkReply>
#include <QUrlQuery>

namespace enclii::ui {

using namespace Qt::StringLiterals;

namespace {

constexpr auto RolloutsPath = "/v1/rollouts";
constexpr qsizetype MaxReasonChars = 1000; // the daemon's own limit

// Ended rollouts do not change by themselves (a retry is a new rollout, found in the list).
bool endedState(const QString &state)
{
    return state == "succeeded"_L1 || state == "aborted"_L1 || state == "rolled_back"_L1 || state == "failed"_L1
           || state == "superseded"_L1;
}

} // namespace

RolloutsClient::RolloutsClient(ApiClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{
    m_poll.setInterval(m_pollInterval);
    connect(&m_poll, &QTimer::timeout, this, &RolloutsClient::poll);
    connect(m_client, &ApiClient::stateChanged, this, &RolloutsClient::updateActivity);
    if (Session *session = m_client->session()) {
        connect(session, &Session::stateChanged, this, &RolloutsClient::updateActivity);
        connect(session, &Session::requirementChanged, this, &RolloutsClient::updateActivity);
    }
}

RolloutsClient::~RolloutsClient()
{
    ApiClient::abortReply(m_listReply);
    ApiClient::abortReply(m_detailReply);
}

QString RolloutsClient::rolloutPath(qint64 id, const QString &action)
{
    QString path = QLatin1String(RolloutsPath) + u'/' + QString::number(id);
    if (!action.isEmpty())
        path += u'/' + action;
    return path;
}

void RolloutsClient::setPollInterval(std::chrono::milliseconds interval)
{
    m_pollInterval = std::max(interval, std::chrono::milliseconds(50));
    m_poll.setInterval(m_pollInterval);
}

void RolloutsClient::setEnabled(bool enabled)
{
    if (m_enabled == enabled)
        return;
    m_enabled = enabled;
    updateActivity();
}

void RolloutsClient::updateActivity()
{
    const bool shouldRun = m_enabled && m_client->state() == ApiClient::State::Connected && m_client->mayFetch();
    if (shouldRun == m_active)
        return;
    m_active = shouldRun;
    if (!m_active) {
        m_poll.stop();
        ApiClient::abortReply(m_listReply);
        ApiClient::abortReply(m_detailReply);
        m_listAgain = m_detailAgain = false;
        return;
    }
    m_poll.start();
    refresh();
}

void RolloutsClient::poll()
{
    fetchList();
    if (!m_followedSettled)
        fetchDetail();
}

void RolloutsClient::refresh()
{
    fetchList();
    fetchDetail();
}

void RolloutsClient::follow(qint64 id)
{
    if (id == m_followed)
        return;
    m_followed = id;
    m_followedSettled = false;
    ApiClient::abortReply(m_detailReply);
    m_detailAgain = false;
    fetchDetail();
}

void RolloutsClient::fetchList()
{
    if (!m_active)
        return;
    if (m_listReply) {
        m_listAgain = true;
        return;
    }
    m_listAgain = false;
    QUrlQuery query;
    query.addQueryItem(u"limit"_s, QString::number(m_listLimit));
    QNetworkReply *reply = m_client->network()->get(m_client->apiRequest(QLatin1String(RolloutsPath), query));
    m_listReply = reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onListFinished(reply); });
}

void RolloutsClient::fetchDetail()
{
    if (!m_active || m_followed <= 0)
        return;
    if (m_detailReply) {
        m_detailAgain = true; // its answer may predate what prompted this call
        return;
    }
    m_detailAgain = false;
    const qint64 id = m_followed;
    QNetworkReply *reply = m_client->network()->get(m_client->apiRequest(rolloutPath(id)));
    m_detailReply = reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply, id] { onDetailFinished(reply, id); });
}

QJsonObject RolloutsClient::readObject(QNetworkReply *reply, QString *error) const
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(reply->readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        *error = tr("%1: the answer is not a JSON object (%2)").arg(reply->url().toDisplayString(), parseError.errorString());
        return {};
    }
    return doc.object();
}

void RolloutsClient::onListFinished(QNetworkReply *reply)
{
    reply->deleteLater();
    if (reply != m_listReply)
        return; // aborted
    m_listReply.clear();
    const int status = ApiClient::httpStatus(reply);
    if (!ApiClient::succeeded(reply)) {
        emit rolloutsFailed(status, m_client->describeFailure(reply));
    } else {
        QString error;
        const QJsonObject body = readObject(reply, &error);
        const QJsonValue items = body.value("items"_L1);
        if (!error.isEmpty())
            emit rolloutsFailed(status, error);
        else if (!items.isArray())
            emit rolloutsFailed(status, tr("%1: the answer has no \"items\" list").arg(reply->url().toDisplayString()));
        else
            emit rolloutsReceived(items.toArray());
    }
    if (m_listAgain)
        fetchList();
}

void RolloutsClient::onDetailFinished(QNetworkReply *reply, qint64 id)
{
    reply->deleteLater();
    if (reply != m_detailReply)
        return;
    m_detailReply.clear();
    const int status = ApiClient::httpStatus(reply);
    if (id != m_followed) {
        // Followed another meanwhile; follow() has asked for it already.
    } else if (!ApiClient::succeeded(reply)) {
        emit detailFailed(id, status, m_client->describeFailure(reply));
    } else {
        QString error;
        const QJsonObject body = readObject(reply, &error);
        if (!error.isEmpty()) {
            emit detailFailed(id, status, error);
        } else if (body.value("id"_L1).toInteger() != id) {
            emit detailFailed(id, status, tr("%1: the answer is about another rollout").arg(reply->url().toDisplayString()));
        } else {
            m_followedSettled = endedState(body.value("state"_L1).toString()) && body.value("settled"_L1).toBool(true);
            emit detailReceived(body);
        }
    }
    if (m_detailAgain)
        fetchDetail();
}

void RolloutsClient::act(qint64 id, const QString &action, const QString &reason)
{
    if (id <= 0 || action.isEmpty())
        return;
    QNetworkRequest request = m_client->apiRequest(rolloutPath(id, action));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    const QString why = reason.trimmed().left(MaxReasonChars);
    const QByteArray body = why.isEmpty() ? QByteArray()
                                          : QJsonDocument(QJsonObject{{"reason"_L1, why}}).toJson(QJsonDocument::Compact);
    QNetworkReply *reply = m_client->network()->post(request, body);
    connect(reply, &QNetworkReply::finished, this, [this, reply, id, action] {
        reply->deleteLater();
        const int status = ApiClient::httpStatus(reply);
        QString message;
        QJsonObject rollout;
        if (ApiClient::succeeded(reply)) {
            QString error;
            rollout = readObject(reply, &error);
            message = rollout.value("outcome"_L1).toString();
        } else if (status > 0) {
            // The daemon's own words (title, detail, code); the URL adds nothing for on-call.
            message = ApiClient::problemMessage(status, reply->readAll(),
                                                reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString());
        } else {
            message = m_client->describeFailure(reply);
        }
        emit actionFinished(id, action, status, message, rollout);
        m_followedSettled = false; // whatever it was, it has just changed
        refresh();
    });
}

} // namespace enclii::ui
