#include "ApiClient.h"

#include "Session.h"

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
    if (m_session)
        m_session->setBaseUrl(url);
    if (m_running)
        reconnect();
}

void ApiClient::setSession(Session *session)
{
    if (session == m_session)
        return;
    if (m_session)
        m_session->disconnect(this);
    m_session = session;
    m_sessionWasSignedIn = false;
    m_waitingForRefresh = false;
    m_retriedAfter401 = false;
    if (!session)
        return;
    session->setBaseUrl(m_baseUrl);
    connect(session, &Session::stateChanged, this, &ApiClient::onSessionChanged);
    connect(session, &Session::requirementChanged, this, &ApiClient::onSessionChanged);
    connect(session, &Session::refreshFinished, this, &ApiClient::onSessionRefreshed);
    if (m_state == State::Connected && session->requirement() == Session::Requirement::Unknown)
        session->checkConfiguration();
}

bool ApiClient::mayFetch() const
{
    if (!m_session)
        return true;
    switch (m_session->requirement()) {
    case Session::Requirement::Off: return true;
    case Session::Requirement::Unknown: return false; // one 401 saved: ask how to sign in first
    case Session::Requirement::Required: return m_session->state() == Session::State::SignedIn;
    }
    return false;
}

void ApiClient::onSessionChanged()
{
    const bool signedIn = m_session && m_session->isSignedIn();
    if (signedIn && !m_sessionWasSignedIn) {
        // Someone (new) signed in: what they may see can differ from what is on screen.
        m_needEcosystem = true;
        m_retriedAfter401 = false;
    }
    m_sessionWasSignedIn = signedIn;
    if (m_running && m_state == State::Connected && m_needEcosystem && mayFetch())
        fetchEcosystem();
}

void ApiClient::onSessionRefreshed(bool ok)
{
    if (!m_waitingForRefresh)
        return;
    m_waitingForRefresh = false;
    if (ok) {
        fetchEcosystem(); // the one retry, with the new token
        return;
    }
    const QString reason = m_session ? m_session->lastError() : QString();
    if (m_session && !m_session->isSignedIn()) {
        emit authenticationFailed(reason);
        return;
    }
    // The provider did not answer: the session still stands, so keep trying as for any failure.
    m_retriedAfter401 = false;
    emit ecosystemFailed(reason);
    scheduleEcosystemRetry();
}

bool ApiClient::handleUnauthorized(QNetworkReply *reply, const QString &message)
{
    if (!m_session)
        return false;
    m_needEcosystem = true;
    if (m_session->requirement() != Session::Requirement::Required) {
        // Sign-in was turned on since we asked: ask again, and fail this one as usual.
        m_session->checkConfiguration();
        return false;
    }
    if (!m_session->isSignedIn())
        return false;
    if (m_retriedAfter401) {
        // Even a freshly renewed token is refused: this session is over.
        m_retriedAfter401 = false;
        const QString reason = tr("encliid refused the renewed sign-in: %1").arg(message);
        m_session->endSession(reason);
        emit authenticationFailed(reason);
        return true;
    }
    m_retriedAfter401 = true;
    const QByteArray sent = reply->request().rawHeader("Authorization");
    if (sent != "Bearer " + m_session->accessToken().toLatin1()) {
        fetchEcosystem(); // the session was renewed while this request was out
        return true;
    }
    m_waitingForRefresh = true;
    m_session->refresh();
    return true;
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
    m_retriedAfter401 = false;
    m_waitingForRefresh = false;
    m_pollTimer.stop();
    m_ecosystemRetryTimer.stop();
    abortInFlight();
    setState(State::Connecting);
    pollHealth();
}

QNetworkRequest ApiClient::makeRequest(const QString &path, bool authorized) const
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
    // /healthz stays anonymous; the token goes only where the API needs it.
    if (authorized && m_session && m_session->isSignedIn())
        request.setRawHeader("Authorization", "Bearer " + m_session->accessToken().toLatin1());
    return request;
}

QNetworkRequest ApiClient::apiRequest(const QString &path, const QUrlQuery &query) const
{
    QNetworkRequest request = makeRequest(path, true);
    if (!query.isEmpty()) {
        QUrl url = request.url();
        url.setQuery(query);
        request.setUrl(url);
    }
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
    if (m_session && m_session->requirement() == Session::Requirement::Unknown)
        m_session->checkConfiguration(); // retried on every poll until the daemon says
    if (cameUp || (m_needEcosystem && !m_ecosystemRetryTimer.isActive()))
        fetchEcosystem();
    m_pollTimer.start(m_pollInterval);
}

void ApiClient::fetchEcosystem()
{
    if (m_ecosystemReply)
        return; // one fetch at a time; its answer serves every caller
    if (!mayFetch()) {
        m_needEcosystem = true; // onSessionChanged() fetches once the session allows
        return;
    }
    m_ecosystemRetryTimer.stop();
    QNetworkReply *reply = m_network.get(makeRequest(QString::fromLatin1(EcosystemPath), true));
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
        if (status == 401 && handleUnauthorized(reply, message))
            return;
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
    m_retriedAfter401 = false;
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
    abortReply(m_healthReply);
    abortReply(m_ecosystemReply);
}

void ApiClient::abortReply(QPointer<QNetworkReply> &slot)
{
    if (QNetworkReply *reply = slot.data()) {
        slot.clear();
        reply->abort();
    }
}

int ApiClient::httpStatus(QNetworkReply *reply)
{
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

bool ApiClient::succeeded(QNetworkReply *reply)
{
    const int status = httpStatus(reply);
    return reply->error() == QNetworkReply::NoError && status >= 200 && status < 300;
}

QString ApiClient::describeFailure(QNetworkReply *reply) const
{
    const QByteArray verb = reply->operation() == QNetworkAccessManager::PostOperation ? "POST" : "GET";
    const QString what = QStringLiteral("%1 %2").arg(QString::fromLatin1(verb), reply->url().toDisplayString());
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status > 0)
        return QStringLiteral("%1: %2").arg(what, problemMessage(status, reply->readAll(),
                                                                 reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString()));
    if (reply->error() == QNetworkReply::OperationCanceledError)
        return tr("%1: no answer within %2 s").arg(what).arg(m_requestTimeout.count() / 1000.0);
    return QStringLiteral("%1: %2").arg(what, reply->errorString());
}

} // namespace enclii::ui
