#pragma once

#include "ApiTypes.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

class QTcpSocket;

namespace enclii::kube::sim {

class ObjectStore;
struct WatchEvent;

// One open watch: newline-delimited JSON events in HTTP/1.1 chunks, as the real server
// streams them. It starts with the current objects (ADDED) or replays the history after a
// resourceVersion (an ERROR event with a 410 Expired Status when that history is gone), then
// follows the store. An object that stops matching a label selector is DELETED for this
// watch, one that starts matching is ADDED. BOOKMARKs carry the current resourceVersion when
// asked for. A client that stops reading is dropped rather than buffered without end.
class WatchStream : public QObject
{
    Q_OBJECT
public:
    static constexpr qint64 kMaxBacklogBytes = 16 * 1024 * 1024;

    WatchStream(QTcpSocket *socket, const ObjectStore &store, WatchSpec spec, int bookmarkIntervalMs,
                int defaultTimeoutSeconds, QObject *parent = nullptr);

    static QByteArray chunk(const QByteArray &data);

private:
    void start();
    void onChange(const WatchEvent &event);
    void send(const QString &type, const QJsonObject &object);
    void bookmark(bool initialEnd);
    void finish();
    bool matches(const QJsonObject &o) const;

    QPointer<QTcpSocket> m_socket;
    const ObjectStore &m_store;
    WatchSpec m_spec;
    QTimer m_bookmarks;
    QTimer m_timeout;
    bool m_done = false;
};

} // namespace enclii::kube::sim
