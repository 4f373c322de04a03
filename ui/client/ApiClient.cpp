#include "ApiClient.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QNetworkReply>
#include <QNetworkRequest>

#include <algorithm>

namespace enclii::ui {

namespace {
constexpr auto HealthPath = "/healthz";
constexpr auto EcosystemPath = "/v1/ecosystem";
} // namespace

ApiClient::ApiClient(QObject *parent)
    : QObject(parent)
    , m_baseUrl(defaultBaseUrl())
{
    m_pollTimer.setSingleShot(true);
    connect(&m_pollTimer, &QTimer::timeout, this, &ApiClient::pollHealth);
    m_ecosystemRetryTimer.setSingleShot(true);
    connect(&m_ecosystemRetryTimer, &QTimer::timeout, this, [this] {
        if (m_state == State::Connected)
            fetchEcosystem();
    });
}

ApiClient::~ApiClient()
{
    // Replies are children of m_network; abort them first so no finished() lands in a
    // half-destroyed client.
    abortInFlight();
}

QUrl ApiClient::defaultBaseUrl()
{
    return QUrl(QStringLiteral("http://127.0.0.1:4200"));
}

void ApiClient::setBaseUrl(const QUrl &url)
{
    if (url == m_baseUrl)
        return;
    m_baseUrl = url;
    if (m_running)
        reconnect();
}

void ApiClient::setBackoff(std::chrono::milliseconds initial, std::chrono::milliseconds cap)
{
    m_backoffInitial = initial;
    m_backoffCap = std::max(cap, initial);
}

std::chrono::milliseconds ApiClient::backoffDelay(int attempt, std::chrono::milliseconds initial,
                                                  std::chrono::milliseconds cap)
{
    auto delay = initial;
    for (int i = 1; i < attempt && delay < cap; ++i)
        delay *= 2;
    return std::min(delay, cap);
}

QString ApiClient::problemMessage(int httpStatus, const QByteArray &body, const QString &fallback)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    const QJsonObject problem = doc.object();
    const QString title = problem.value(QLatin1String("title")).toString();
    const QString detail = problem.value(QLatin1String("detail")).toString();
    const QString code = problem.value(QLatin1String("code")).toString();
    const int status = problem.value(QLatin1String("status")).toInt(httpStatus);

    QString text;
    if (!title.isEmpty() || !detail.isEmpty()) {
        text = title;
        if (!detail.isEmpty())
            text += text.isEmpty() ? detail : QStringLiteral(": ") + detail;
        if (!code.isEmpty())
            text += QStringLiteral(" (%1)").arg(code);
    } else {
        text = fallback;
    }
    if (status > 0)
        text = tr("HTTP %1: %2").arg(status).arg(text);
    return text;
}

void ApiClient::start()
{
    if (m_running)
        return;
    m_running = true;
    m_failures = 0;
    m_needEcosystem = true;
    setState(State::Connecting);
    pollHealth();
}

void ApiClient::stop()
{
    m_running = false;
    m_pollTimer.stop();
    m_ecosystemRetryTimer.stop();
    abortInFlight();
    setState(State::Disconnected, tr("Stopped"));
}

void ApiClient::reconnect()
{
    m_running = true;
    m_failures = 0;
    m_ecosystemFailures = 0;
    m_needEcosystem = true;
    m_pollTimer.stop();
    m_ecosystemRetryTimer.stop();
    abortInFlight();
    setState(State::Connecting);
    pollHealth();
}

QNetworkRequest ApiClient::makeRequest(const QString &path) const
{
    QUrl url = m_baseUrl;
    QString base = url.path();
    if (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    url.setPath(base + path);
    QNetworkRequest request(url);
    request.setRawHeader("Accept", "application/json, application/problem+json");
    request.setTransferTimeout(int(m_requestTimeout.count()));
    // Health checks must see the daemon as it is now, never a cached answer.
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    return request;
}

void ApiClient::pollHealth()
{
    if (!m_running || m_healthReply)
        return;
    QNetworkReply *reply = m_network.get(makeRequest(QString::fromLatin1(HealthPath)));
    m_healthReply = reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onHealthFinished(reply); });
}

void ApiClient::onHealthFinished(QNetworkReply *reply)
{
    reply->deleteLater();
    if (reply != m_healthReply)
        return; // aborted by a reconnect; a newer request owns the state
    m_healthReply.clear();
    if (!m_running)
        return;

    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->error() != QNetworkReply::NoError || status < 200 || status >= 300) {
        markUnreachable(describeFailure(reply));
        return;
    }

    m_failures = 0;
    const bool cameUp = m_state != State::Connected;
    setState(State::Connected);
    if (cameUp || (m_needEcosystem && !m_ecosystemRetryTimer.isActive()))
        fetchEcosystem();
    m_pollTimer.start(m_pollInterval);
}

void ApiClient::fetchEcosystem()
{
    if (m_ecosystemReply)
        return; // one fetch at a time; its answer serves every caller
    m_ecosystemRetryTimer.stop();
    QNetworkReply *reply = m_network.get(makeRequest(QString::fromLatin1(EcosystemPath)));
    m_ecosystemReply = reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onEcosystemFinished(reply); });
}

void ApiClient::onEcosystemFinished(QNetworkReply *reply)
{
    reply->deleteLater();
    if (reply != m_ecosystemReply)
        return;
    m_ecosystemReply.clear();

    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->error() != QNetworkReply::NoError || status < 200 || status >= 300) {
        const QString message = describeFailure(reply);
        m_needEcosystem = true;
        emit ecosystemFailed(message);
        if (status == 0 && m_running)
            markUnreachable(message); // no HTTP answer at all: the daemon went away
        else
            scheduleEcosystemRetry();
        return;
    }

    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(reply->readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        m_needEcosystem = true;
        emit ecosystemFailed(tr("GET %1: the answer is not a JSON object (%2)")
                                 .arg(reply->url().toDisplayString(), parseError.errorString()));
        scheduleEcosystemRetry();
        return;
    }
    m_needEcosystem = false;
    m_ecosystemFailures = 0;
    emit ecosystemReceived(doc.object());
}

void ApiClient::scheduleEcosystemRetry()
{
    if (!m_running)
        return;
    ++m_ecosystemFailures;
    m_ecosystemRetryTimer.start(backoffDelay(m_ecosystemFailures, m_backoffInitial, m_backoffCap));
}

void ApiClient::markUnreachable(const QString &error)
{
    ++m_failures;
    m_needEcosystem = true;
    setState(State::Disconnected, error);
    const auto delay = backoffDelay(m_failures, m_backoffInitial, m_backoffCap);
    m_pollTimer.start(delay); // restarts: never two polls scheduled
    emit retryScheduled(int(delay.count()));
}

void ApiClient::setState(State state, const QString &error)
{
    if (state == m_state && error == m_lastError)
        return;
    m_state = state;
    m_lastError = error;
    emit stateChanged(state, error);
}

void ApiClient::abortInFlight()
{
    // Clear the pointers first so the finished() that abort() emits synchronously is ignored.
    if (QNetworkReply *reply = m_healthReply.data()) {
        m_healthReply.clear();
        reply->abort();
    }
    if (QNetworkReply *reply = m_ecosystemReply.data()) {
        m_ecosystemReply.clear();
        reply->abort();
    }
}

QString ApiClient::describeFailure(QNetworkReply *reply) const
{
    const QString what = QStringLiteral("GET %1").arg(reply->url().toDisplayString());
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status > 0)
        return QStringLiteral("%1: %2").arg(what, problemMessage(status, reply->readAll(),
                                                                 reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString()));
    if (reply->error() == QNetworkReply::OperationCanceledError)
        return tr("%1: no answer within %2 s").arg(what).arg(m_requestTimeout.count() / 1000.0);
    return QStringLiteral("%1: %2").arg(what, reply->errorString());
}

} // namespace enclii::ui
