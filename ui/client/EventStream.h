#pragma once

#include "EventStreamParser.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <chrono>

class QNetworkReply;

namespace enclii::ui {

class ApiClient;

// encliid's live feed, GET /v1/events (text/event-stream), read as it arrives. A stream that
// ends or goes quiet past the idle timeout (the daemon sends a keepalive comment every 15 s)
// is reopened after a backoff, with Last-Event-ID so the daemon can replay what was missed.
// A daemon without the stream (404, 405, 501, or another content type) makes it Unavailable:
// whoever follows it polls instead, and the stream is probed again at the backoff cap.
class EventStream : public QObject
{
    Q_OBJECT

public:
    enum class State { Idle, Connecting, Open, Retrying, Unavailable };
    Q_ENUM(State)

    explicit EventStream(ApiClient *client, QObject *parent = nullptr);
    ~EventStream() override;

    static QString defaultPath() { return QStringLiteral("/v1/events"); }

    State state() const { return m_state; }
    QString lastError() const { return m_lastError; }
    bool isRunning() const { return m_running; }
    QByteArray lastEventId() const { return m_parser.lastEventId(); }
    // HTTP status of the last refusal (0: none, or no HTTP answer at all).
    int lastStatus() const { return m_lastStatus; }

    void setBackoff(std::chrono::milliseconds initial, std::chrono::milliseconds cap);
    void setIdleTimeout(std::chrono::milliseconds timeout) { m_idleTimeout = timeout; }
    void setParserLimits(EventStreamParser::Limits limits);

public slots:
    void start();
    void stop();

signals:
    void stateChanged(enclii::ui::EventStream::State state, const QString &detail);
    // The stream is (again) open; what happened while it was closed may be missing.
    void opened();
    void eventReceived(const enclii::ui::ServerSentEvent &event);
    void retryScheduled(int msec);

private:
    void connectNow();
    bool acceptResponse(QNetworkReply *reply);
    void onReadyRead(QNetworkReply *reply);
    void onFinished(QNetworkReply *reply);
    void scheduleReconnect(State state, const QString &why, std::chrono::milliseconds delay);
    void setState(State state, const QString &detail = {});
    void abortReply();

    ApiClient *m_client; // not owned
    EventStreamParser m_parser;
    QPointer<QNetworkReply> m_reply;
    QTimer m_reconnectTimer;
    State m_state = State::Idle;
    QString m_lastError;
    int m_lastStatus = 0;
    bool m_running = false;
    bool m_accepted = false;   // this reply's status and type were right
    QByteArray m_errorBody;    // the start of a refusal's body, for its message
    int m_failures = 0;
    std::chrono::milliseconds m_backoffInitial{1000};
    std::chrono::milliseconds m_backoffCap{30000};
    std::chrono::milliseconds m_idleTimeout{45000};
};

} // namespace enclii::ui
