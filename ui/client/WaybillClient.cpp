#include "WaybillClient.h"

#include "ApiClient.h"
#include "Session.h"

#include <QJsonDocument>
#include <QNetworkReply>
#include <QUrl>
#include <QUrlQuery>

#include <algorithm>

namespace enclii::ui {

using namespace Qt::StringLiterals;

namespace {

constexpr auto RollupsPath = "/v1/waybill/rollups";
constexpr auto InvoicesPath = "/v1/waybill/invoices";

QString utc(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

} // namespace

WaybillClient::WaybillClient(ApiClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{
    m_refresh.setInterval(std::chrono::minutes(1));
    connect(&m_refresh, &QTimer::timeout, this, &WaybillClient::refresh);
    connect(m_client, &ApiClient::stateChanged, this, &WaybillClient::updateActivity);
    if (Session *session = m_client->session()) {
        connect(session, &Session::stateChanged, this, &WaybillClient::updateActivity);
        connect(session, &Session::requirementChanged, this, &WaybillClient::updateActivity);
    }
    // Queued: whoever made us connects its receivers first, then the first answers come.
    QMetaObject::invokeMethod(this, &WaybillClient::updateActivity, Qt::QueuedConnection);
}

WaybillClient::~WaybillClient()
{
    abortAll();
}

QString WaybillClient::projectPath(const QString &project, QLatin1String suffix)
{
    return u"/v1/waybill/projects/"_s + QString::fromLatin1(QUrl::toPercentEncoding(project)) + suffix;
}

QDateTime WaybillClient::dailyFrom(const QDateTime &now, int days)
{
    const QDate today = now.toUTC().date();
    const QDate first = std::min(QDate(today.year(), today.month(), 1), today.addDays(1 - std::max(1, days)));
    return QDateTime(first, QTime(0, 0), Qt::UTC);
}

void WaybillClient::setAllowed(bool allowed)
{
    m_allowed = allowed;
    updateActivity();
}

void WaybillClient::setRefreshInterval(std::chrono::milliseconds interval)
{
    m_refresh.setInterval(interval);
}

void WaybillClient::setDailyDays(int days)
{
    m_dailyDays = std::clamp(days, 1, 366);
}

int WaybillClient::inFlight() const
{
    return int(std::count_if(std::begin(m_replies), std::end(m_replies), [](const QPointer<QNetworkReply> &r) { return !r.isNull(); }));
}

void WaybillClient::abortAll()
{
    for (QPointer<QNetworkReply> &slot : m_replies)
        ApiClient::abortReply(slot);
    m_roundTotal = m_roundDone = 0;
}

void WaybillClient::updateActivity()
{
    const bool shouldRun = m_allowed && m_client->state() == ApiClient::State::Connected && m_client->mayFetch();
    if (shouldRun == m_active)
        return;
    m_active = shouldRun;
    if (!m_active) {
        m_refresh.stop();
        abortAll();
        emit progress(0, 0);
        return;
    }
    refresh();
    m_refresh.start();
}

void WaybillClient::refresh()
{
    for (Resource r : {Resource::Projects, Resource::Budgets, Resource::Invoices, Resource::PlatformCost, Resource::Usage,
                       Resource::Preview, Resource::Daily, Resource::Invoice})
        fetch(r);
}

void WaybillClient::setProject(const QString &project)
{
    if (project == m_project)
        return;
    m_project = project;
    for (Resource r : {Resource::Usage, Resource::Preview, Resource::Daily}) {
        if (m_replies[int(r)])
            countDone();
        ApiClient::abortReply(m_replies[int(r)]);
        fetch(r);
    }
}

void WaybillClient::showInvoice(const QString &id)
{
    if (id == m_invoice)
        return;
    m_invoice = id;
    if (m_replies[int(Resource::Invoice)])
        countDone();
    ApiClient::abortReply(m_replies[int(Resource::Invoice)]);
    fetch(Resource::Invoice);
}

QString WaybillClient::keyFor(Resource what) const
{
    switch (what) {
    case Resource::Usage:
    case Resource::Preview:
    case Resource::Daily: return m_project;
    case Resource::Invoice: return m_invoice;
    default: return {};
    }
}

void WaybillClient::fetch(Resource what)
{
    const bool keyed = what == Resource::Usage || what == Resource::Preview || what == Resource::Daily || what == Resource::Invoice;
    const QString key = keyFor(what);
    if (!m_active || (keyed && key.isEmpty()) || m_replies[int(what)])
        return; // the answer on its way serves this call too

    QString path;
    QUrlQuery query;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    switch (what) {
    case Resource::Projects:
        path = QLatin1String(RollupsPath);
        query.addQueryItem(u"granularity"_s, u"month"_s);
        query.addQueryItem(u"from"_s, utc(QDateTime(QDate(now.date().year(), now.date().month(), 1).addMonths(-11), QTime(0, 0),
                                                    Qt::UTC)));
        break;
    case Resource::Budgets: path = u"/v1/waybill/budgets"_s; break;
    case Resource::Invoices: path = QLatin1String(InvoicesPath); break;
    case Resource::PlatformCost: path = u"/v1/waybill/platform-cost"_s; break;
    case Resource::Usage: path = projectPath(key, "/usage"_L1); break;
    case Resource::Preview: path = projectPath(key, "/preview"_L1); break;
    case Resource::Daily:
        path = QLatin1String(RollupsPath);
        query.addQueryItem(u"granularity"_s, u"day"_s);
        query.addQueryItem(u"project"_s, QString::fromLatin1(QUrl::toPercentEncoding(key)));
        query.addQueryItem(u"from"_s, utc(dailyFrom(now, m_dailyDays)));
        break;
    case Resource::Invoice: path = QLatin1String(InvoicesPath) + u'/' + QString::fromLatin1(QUrl::toPercentEncoding(key)); break;
    case Resource::Count: return;
    }
    if (inFlight() == 0)
        m_roundTotal = m_roundDone = 0;
    ++m_roundTotal;
    QNetworkReply *reply = m_client->network()->get(m_client->apiRequest(path, query));
    m_replies[int(what)] = reply;
    connect(reply, &QNetworkReply::finished, this, [this, what, reply, key] { onFinished(what, reply, key); });
    emit progress(m_roundDone, m_roundTotal);
}

void WaybillClient::countDone()
{
    m_roundDone = std::min(m_roundDone + 1, m_roundTotal);
    emit progress(m_roundDone, m_roundTotal);
}

void WaybillClient::onFinished(Resource what, QNetworkReply *reply, const QString &key)
{
    reply->deleteLater();
    if (reply != m_replies[int(what)])
        return; // aborted: a newer request, or none, owns the slot
    m_replies[int(what)].clear();
    countDone();

    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->error() != QNetworkReply::NoError || status < 200 || status >= 300) {
        emit failed(what, key, status, m_client->describeFailure(reply));
        return;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(reply->readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        emit failed(what, key, status,
                    tr("GET %1: the answer is not a JSON object (%2)").arg(reply->url().toDisplayString(), parseError.errorString()));
        return;
    }
    emit received(what, key, doc.object());
}

} // namespace enclii::ui
