#pragma once

#include "kube/client/KubeError.h"
#include "kube/client/Resources.h"
#include "kube/client/WatchEvent.h"

#include <QObject>
#include <QString>

#include <memory>

class QNetworkAccessManager;
class QNetworkReply;
class QTimer;

namespace enclii::kube {

class KubeTransport;
struct KubeRequest;

// One watch stream (GET ?watch=1), made by KubeClient::watch. It lives in the client's thread
// and delivers through that thread's event loop: eventReceived for ADDED, MODIFIED, DELETED
// and BOOKMARK events, then finished once:
//   Closed  - the server ended the stream (timeoutSeconds elapsed): watch again from
//             lastResourceVersion();
//   Expired - 410 Gone, as an HTTP status or an ERROR event: the resource version is too old,
//             list again (error() has the Status);
//   Failed  - a dropped connection, a timeout, another ERROR event or HTTP status, a
//             malformed stream (error() says which): watch again from lastResourceVersion()
//             after a pause.
// stop() or the destructor ends it without finished.
class KubeWatch : public QObject
{
    Q_OBJECT

public:
    enum class End { Closed, Expired, Failed };
    Q_ENUM(End)

    // Use KubeClient::watch.
    KubeWatch(std::shared_ptr<KubeTransport> transport, const KubeRequest &request, const ResourceType &type,
              int idleTimeoutMs, QObject *parent = nullptr);
    ~KubeWatch() override;

    const ResourceType &resourceType() const { return m_type; }
    // The resourceVersion of the last event (bookmarks included), or the one the watch
    // started from.
    QString lastResourceVersion() const { return m_lastResourceVersion; }
    int eventCount() const { return m_events; }
    bool isRunning() const { return !m_ended; }
    const KubeError &error() const { return m_error; }

    void stop();

signals:
    void eventReceived(const enclii::kube::WatchEvent &event);
    void finished(enclii::kube::KubeWatch::End end);

private:
    void begin();
    void onReadyRead();
    void onFinished();
    void end(End how, const KubeError &error = {});
    void dropReply();

    std::shared_ptr<KubeTransport> m_transport;
    std::unique_ptr<QNetworkAccessManager> m_nam; // this stream's own connection
    std::unique_ptr<KubeRequest> m_request;
    ResourceType m_type;
    WatchEventParser m_parser;
    QNetworkReply *m_reply = nullptr; // a child of m_nam; dropped by dropReply
    QTimer *m_idle = nullptr;         // child
    QByteArray m_errorBody;           // a non-200 answer's Status
    QString m_lastResourceVersion;
    KubeError m_error;
    int m_events = 0;
    bool m_ended = false;
};

} // namespace enclii::kube
