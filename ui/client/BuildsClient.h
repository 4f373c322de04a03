#pragma once

#include "EventStream.h"
#include "FollowMode.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <chrono>

class QNetworkReply;

namespace enclii::ui {

class ApiClient;

// Roundhouse's builds as the console follows them: GET /v1/builds for the list, one followed
// build (the selected one) with its details and log, and encliid's event stream for what
// changes. Without the stream (an older daemon, or while it reconnects) it polls instead.
//
// It starts by itself when ApiClient is connected and the session allows /v1 calls, and
// rests while not. Answers come out as JSON objects, as the daemon wrote them; the models
// read them.
//
// The followed build's log arrives exactly once and in order: lines come from the stream
// while nothing is being fetched, and from GET /v1/builds/{id}/logs?after=<last seq> after
// a (re)connect or when the stream showed lines the console has not seen.
class BuildsClient : public QObject
{
    Q_OBJECT

public:
    using Mode = FollowMode::Mode;
    enum class Action { Cancel, Retry };
    Q_ENUM(Action)

    explicit BuildsClient(ApiClient *client, QObject *parent = nullptr);
    ~BuildsClient() override;

    ApiClient *apiClient() const { return m_client; }
    EventStream *eventStream() { return &m_stream; }
    Mode mode() const { return m_follow.mode(); }
    bool isActive() const { return m_active; }
    qint64 followedBuild() const { return m_followed; }
    qint64 lastLogSeq() const { return m_lastSeq; }
    std::chrono::milliseconds pollInterval() const { return m_follow.pollInterval(); }

    void setPollInterval(std::chrono::milliseconds interval);
    void setListLimit(int limit) { m_listLimit = limit; }
    void setLogPageSize(int lines) { m_logPageSize = std::max(1, lines); }

public slots:
    void refresh();
    // The build whose details and log the screen shows; 0 follows none.
    void follow(qint64 buildId);
    void cancel(qint64 buildId);
    void retry(qint64 buildId);

signals:
    void modeChanged(enclii::ui::FollowMode::Mode mode, const QString &detail);
    // GET /v1/builds answered: its "items", newest first.
    void buildsReceived(const QJsonArray &items);
    // httpStatus 0: no HTTP answer at all.
    void buildsFailed(int httpStatus, const QString &message);
    // One build, fresh from GET /v1/builds/{id} or a "build" event.
    void buildUpdated(const QJsonObject &build);
    // New lines of the followed build, in sequence order, each seen once.
    void logLinesReceived(qint64 buildId, const QJsonArray &lines);
    void logFailed(qint64 buildId, int httpStatus, const QString &message);
    // httpStatus 2xx: done. 403: the person lacks builds.trigger.
    void actionFinished(qint64 buildId, enclii::ui::BuildsClient::Action action, int httpStatus, const QString &message);

private:
    void updateActivity();
    void onStreamOpened();
    void onEvent(const ServerSentEvent &event);
    void onLogEvent(const QJsonObject &line);
    void poll();
    void fetchFollowed();
    void fetchLogs();
    void onListFinished(QNetworkReply *reply);
    void onBuildFinished(QNetworkReply *reply, qint64 buildId);
    void onLogsFinished(QNetworkReply *reply, qint64 buildId);
    void sendAction(qint64 buildId, Action action);
    QJsonArray acceptNewLines(const QJsonArray &lines);

    ApiClient *m_client; // not owned
    EventStream m_stream;
    FollowMode m_follow;
    QPointer<QNetworkReply> m_listReply;
    QPointer<QNetworkReply> m_buildReply;
    QPointer<QNetworkReply> m_logsReply;
    bool m_active = false;
    bool m_listAgain = false;
    qint64 m_followed = 0;
    qint64 m_lastSeq = 0;     // the last log line handed out for the followed build
    qint64 m_highestSeen = 0; // the highest seq the stream showed for it
    int m_listLimit = 200;
    int m_logPageSize = 1000;
};

} // namespace enclii::ui
