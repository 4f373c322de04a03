#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <algorithm>
#include <chrono>

class QNetworkReply;

namespace enclii::ui {

class ApiClient;

// The canary controller's rollouts as on-call follows them: GET /v1/rollouts for the active
// and recent ones, GET /v1/rollouts/{id} for the followed one (the selected one), and the
// controls, POST /v1/rollouts/{id}/<action>. encliid's event stream does not carry rollouts,
// so it polls: the list and, while it is active, the followed rollout every pollInterval().
//
// It runs while ApiClient is connected, the session allows /v1 calls and the screen is
// shown (setEnabled): a hidden screen costs the daemon nothing.
class RolloutsClient : public QObject
{
    Q_OBJECT

public:
    explicit RolloutsClient(ApiClient *client, QObject *parent = nullptr);
    ~RolloutsClient() override;

    ApiClient *apiClient() const { return m_client; }
    bool isActive() const { return m_active; }
    bool isEnabled() const { return m_enabled; }
    qint64 followedRollout() const { return m_followed; }
    std::chrono::milliseconds pollInterval() const { return m_pollInterval; }
    void setPollInterval(std::chrono::milliseconds interval);
    void setListLimit(int limit) { m_listLimit = std::clamp(limit, 1, 1000); }

    static QString rolloutPath(qint64 id, const QString &action = {});

public slots:
    // Whether the screen wants the rollouts (shown); polling stops while it does not.
    void setEnabled(bool enabled);
    void refresh();
    // The rollout whose detail the screen shows; 0 follows none.
    void follow(qint64 id);
    // `action` as the daemon names it (promote, promote-full, pause, resume, abort, retry);
    // the reason goes in the body when there is one.
    void act(qint64 id, const QString &action, const QString &reason = {});

signals:
    // GET /v1/rollouts answered: its "items".
    void rolloutsReceived(const QJsonArray &items);
    // httpStatus 0: no HTTP answer at all.
    void rolloutsFailed(int httpStatus, const QString &message);
    void detailReceived(const QJsonObject &rollout);
    void detailFailed(qint64 id, int httpStatus, const QString &message);
    // httpStatus 2xx: done, with the rollout as it is now (for retry, the new one) and the
    // daemon's words on what happened. Otherwise `message` is the daemon's refusal: 403 the
    // person lacks canary.operate, 409 the rollout's state does not allow it.
    void actionFinished(qint64 id, const QString &action, int httpStatus, const QString &message, const QJsonObject &rollout);

private:
    void updateActivity();
    void poll();
    void fetchList();
    void fetchDetail();
    void onListFinished(QNetworkReply *reply);
    void onDetailFinished(QNetworkReply *reply, qint64 id);
    // The reply's JSON object, or empty with *error set.
    QJsonObject readObject(QNetworkReply *reply, QString *error) const;

    ApiClient *m_client; // not owned
    QTimer m_poll;
    QPointer<QNetworkReply> m_listReply;
    QPointer<QNetworkReply> m_detailReply;
    bool m_enabled = false;
    bool m_active = false;
    bool m_listAgain = false;
    bool m_detailAgain = false;
    qint64 m_followed = 0;
    bool m_followedSettled = false; // its last detail said it has ended: no need to poll it
    int m_listLimit = 100;
    std::chrono::milliseconds m_pollInterval{3000};
};

} // namespace enclii::ui
