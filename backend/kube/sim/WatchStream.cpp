#include "WatchStream.h"

#include "Json.h"
#include "ObjectStore.h"
#include "Status.h"

#include <QTcpSocket>

namespace enclii::kube::sim {

WatchStream::WatchStream(QTcpSocket *socket, const ObjectStore &store, WatchSpec spec, int bookmarkIntervalMs,
                         int defaultTimeoutSeconds, QObject *parent)
    : QObject(parent), m_socket(socket), m_store(store), m_spec(std::move(spec))
{
    connect(socket, &QTcpSocket::disconnected, this, &QObject::deleteLater);
    connect(socket, &QObject::destroyed, this, &QObject::deleteLater);
    if (m_spec.bookmarks) {
        connect(&m_bookmarks, &QTimer::timeout, this, [this] { bookmark(false); });
        m_bookmarks.start(std::max(50, bookmarkIntervalMs));
    }
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, &WatchStream::finish);
    m_timeout.start(1000 * (m_spec.timeoutSeconds > 0 ? m_spec.timeoutSeconds : defaultTimeoutSeconds));
    socket->write("HTTP/1.1 200 OK\r\n"
                  "Content-Type: application/json\r\n"
                  "Cache-Control: no-cache, private\r\n"
                  "Transfer-Encoding: chunked\r\n\r\n");
    start();
}

QByteArray WatchStream::chunk(const QByteArray &data)
{
    return QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n";
}

bool WatchStream::matches(const QJsonObject &o) const
{
    if (m_spec.type->namespaced && !m_spec.ns.isEmpty() && json::stringAt(o, u"metadata.namespace") != m_spec.ns)
        return false;
    return m_spec.selectors.matches(o);
}

void WatchStream::start()
{
    if (m_spec.fromVersion) {
        const auto history = m_store.changesSince(*m_spec.type, *m_spec.fromVersion);
        if (!history) {
            const ApiError e = expired(QStringLiteral("too old resource version: %1 (%2)")
                                           .arg(*m_spec.fromVersion)
                                           .arg(m_store.compactedVersion() + 1));
            send(QStringLiteral("ERROR"), e.toStatus());
            finish();
            return;
        }
        for (const WatchEvent &e : *history)
            onChange(e);
    } else {
        for (const QJsonObject &o : m_store.list(*m_spec.type, m_spec.ns))
            if (matches(o))
                send(QStringLiteral("ADDED"), o);
        if (m_spec.initialEventsEnd)
            bookmark(true);
    }
    if (!m_done)
        connect(&m_store, &ObjectStore::changed, this, &WatchStream::onChange);
}

void WatchStream::onChange(const WatchEvent &event)
{
    if (event.resource != m_spec.type || m_done)
        return;
    const bool now = matches(event.object);
    switch (event.type) {
    case WatchEvent::Type::Added:
        if (now)
            send(QStringLiteral("ADDED"), event.object);
        break;
    case WatchEvent::Type::Deleted:
        if (now)
            send(QStringLiteral("DELETED"), event.object);
        break;
    case WatchEvent::Type::Modified: {
        const bool before = matches(event.previous);
        if (now)
            send(before ? QStringLiteral("MODIFIED") : QStringLiteral("ADDED"), event.object);
        else if (before)
            send(QStringLiteral("DELETED"), event.object);
        break;
    }
    }
}

void WatchStream::send(const QString &type, const QJsonObject &object)
{
    if (!m_socket || m_done)
        return;
    if (m_socket->bytesToWrite() > kMaxBacklogBytes) {
        m_done = true;
        m_socket->abort();
        return;
    }
    const QJsonObject event{{QStringLiteral("type"), type}, {QStringLiteral("object"), object}};
    m_socket->write(chunk(json::compact(event) + '\n'));
}

void WatchStream::bookmark(bool initialEnd)
{
    QJsonObject meta{{QStringLiteral("resourceVersion"), QString::number(m_store.currentVersion())}};
    if (initialEnd)
        meta.insert(QStringLiteral("annotations"), QJsonObject{{QStringLiteral("k8s.io/initial-events-end"), QStringLiteral("true")}});
    send(QStringLiteral("BOOKMARK"), {{QStringLiteral("kind"), m_spec.type->kind},
                                      {QStringLiteral("apiVersion"), m_spec.type->apiVersion()},
                                      {QStringLiteral("metadata"), meta}});
}

void WatchStream::finish()
{
    if (m_done)
        return;
    m_done = true;
    m_bookmarks.stop();
    if (m_socket) {
        m_socket->write("0\r\n\r\n");
        m_socket->disconnectFromHost();
    }
}

} // namespace enclii::kube::sim
