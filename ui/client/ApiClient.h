#pragma once

#include "Session.h"

#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>
#include <QUrlQuery>

#include <chrono>

class QNetworkReply;

namespace enclii::ui {

// The console's only door to encliid. It polls GET /healthz to know whether the daemon is
// reachable, backs off while it is not, and (re)fetches GET /v1/ecosystem whenever the
// connection comes (back) up, so every screen can simply follow its signals.
//
// With a Session, /v1 calls carry its bearer token and wait until the daemon's sign-in
// requirement is known (and met). A 401 gets one refresh of the session and one retry;
// if that does not help, the session ends and authenticationFailed() says why.
class ApiClient : public QObject
{
    Q_OBJECT

public:
    enum class State { Connecting, Connected, Disconnected };
    Q_ENUM(State)

    explicit ApiClient(QObject *parent = nullptr);
    ~ApiClient() override;

    static QUrl defaultBaseUrl();

    QUrl baseUrl() const { return m_baseUrl; }
    // Switching daemons drops whatever was in flight and starts over (if started).
    void setBaseUrl(const QUrl &url);

    // Not owned; null (the default) means no sign-in at all, as with an older daemon.
    void setSession(Session *session);
    Session *session() const { return m_session; }

    State state() const { return m_state; }
    QString lastError() const { return m_lastError; }
    bool isRunning() const { return m_running; }

    // Tunables; the defaults suit people, tests shorten them.
    void setPollInterval(std::chrono::milliseconds interval) { m_pollInterval = interval; }
    void setBackoff(std::chrono::milliseconds initial, std::chrono::milliseconds cap);
    void setRequestTimeout(std::chrono::milliseconds timeout) { m_requestTimeout = timeout; }

    // Whether /v1 calls may go out now: sign-in is off, or someone is signed in.
    bool mayFetch() const;
    // For the screens' own /v1 resources: a request to `path`?`query` on the daemon, with
    // the bearer token when there is one, sent through network().
    QNetworkRequest apiRequest(const QString &path, const QUrlQuery &query = {}) const;
    QNetworkAccessManager *network() { return &m_network; }
    std::chrono::milliseconds requestTimeout() const { return m_requestTimeout; }
    // Aborts the reply `slot` holds, clearing the slot first so the finished() that abort()
    // emits at once finds it empty and is ignored.
    static void abortReply(QPointer<QNetworkReply> &slot);
    // "GET <url>: what went wrong", for any reply of network().
    QString describeFailure(QNetworkReply *reply) const;
    // The reply's HTTP status (0: no HTTP answer), and whether it is a 2xx without a network error.
    static int httpStatus(QNetworkReply *reply);
    static bool succeeded(QNetworkReply *reply);

    // Delay before retry number `attempt` (1-based): initial, 2x, 4x ... capped.
    static std::chrono::milliseconds backoffDelay(int attempt, std::chrono::milliseconds initial,
                                                  std::chrono::milliseconds cap);
    // One line for a failed HTTP exchange. RFC 9457 problem documents give their title,
    // detail and code; anything else falls back to the HTTP status and `fallback`.
    static QString problemMessage(int httpStatus, const QByteArray &body, const QString &fallback);

public slots:
    void start();
    void stop();
    // Forget the backoff and try now; the "Reconnect" action.
    void reconnect();
    void fetchEcosystem();

signals:
    void stateChanged(enclii::ui::ApiClient::State state, const QString &error);
    void ecosystemReceived(const QJsonObject &ecosystem);
    void ecosystemFailed(const QString &message);
    // While disconnected: the next attempt happens in `msec` milliseconds.
    void retryScheduled(int msec);
    // encliid kept answering 401 and the session could not be renewed: it has ended.
    void authenticationFailed(const QString &message);

private:
    QNetworkRequest makeRequest(const QString &path, bool authorized = false) const;
    void onSessionChanged();
    void onSessionRefreshed(bool ok);
    bool handleUnauthorized(QNetworkReply *reply, const QString &message);
    void pollHealth();
    void onHealthFinished(QNetworkReply *reply);
    void onEcosystemFinished(QNetworkReply *reply);
    void markUnreachable(const QString &error);
    void scheduleEcosystemRetry();
    void setState(State state, const QString &error = {});
    void abortInFlight();

    QNetworkAccessManager m_network;
    QTimer m_pollTimer;
    QTimer m_ecosystemRetryTimer;
    QPointer<QNetworkReply> m_healthReply;
    QPointer<QNetworkReply> m_ecosystemReply;
    QPointer<Session> m_session;

    QUrl m_baseUrl;
    State m_state = State::Disconnected;
    QString m_lastError;
    bool m_running = false;
    bool m_needEcosystem = true;
    int m_failures = 0;          // consecutive failed health checks
    int m_ecosystemFailures = 0; // consecutive failed fetches while the daemon answers /healthz
    bool m_retriedAfter401 = false;
    bool m_waitingForRefresh = false;
    bool m_sessionWasSignedIn = false;

    std::chrono::milliseconds m_pollInterval{3000};
    std::chrono::milliseconds m_backoffInitial{1000};
    std::chrono::milliseconds m_backoffCap{30000};
    std::chrono::milliseconds m_requestTimeout{5000};
};

} // namespace enclii::ui
