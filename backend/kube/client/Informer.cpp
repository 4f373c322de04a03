#include "kube/client/Informer.h"

#include "kube/client/Resources.h"
#include "kube/client/WatchEvent.h"

#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QTimer>

namespace enclii::kube {

Q_LOGGING_CATEGORY(lcInformer, "enclii.kube.informer")

namespace {

constexpr qint64 kShortWatchMs = 1000; // a watch that ends sooner without events is not retried at once

QString resourceVersionOf(const QJsonObject &object)
{
    return object.value(QLatin1String("metadata")).toObject().value(QLatin1String("resourceVersion")).toString();
}

} // namespace

Informer::Informer(KubeClient *client, QString kind, QString ns, QObject *parent)
    : Informer(client, std::move(kind), std::move(ns), Options{}, parent)
{
}

Informer::Informer(KubeClient *client, QString kind, QString ns, Options options, QObject *parent)
    : QObject(parent),
      m_client(client),
      m_kind(std::move(kind)),
      m_namespace(std::move(ns)),
      m_options(std::move(options)),
      m_retry(new QTimer(this))
{
    const KubeResult<ResourceType> type = resourceForKind(m_kind);
    m_namespaced = !type.ok() || type->namespaced;
    m_retry->setSingleShot(true);
}

Informer::~Informer() = default;

void Informer::start()
{
    if (m_running)
        return;
    m_running = true;
    m_backoffMs = 0;
    QTimer::singleShot(0, this, &Informer::relist);
}

void Informer::stop()
{
    m_running = false;
    m_retry->stop();
    dropWatch();
}

QJsonObject Informer::item(const QString &ns, const QString &name) const
{
    return m_cache.value((m_namespaced ? ns : QString()) + QLatin1Char('/') + name);
}

QString Informer::keyOf(const QJsonObject &object) const
{
    const QJsonObject meta = object.value(QLatin1String("metadata")).toObject();
    return (m_namespaced ? meta.value(QLatin1String("namespace")).toString() : QString()) + QLatin1Char('/')
        + meta.value(QLatin1String("name")).toString();
}

void Informer::dropWatch()
{
    if (!m_watch)
        return;
    m_watch->stop();
    m_watch->deleteLater();
    m_watch = nullptr;
}

void Informer::fail(const KubeError &error)
{
    m_lastError = error;
    // Watches drop routinely (API server restarts, idle proxies): resuming is the normal path.
    if (error.kind == KubeError::Kind::Network || error.kind == KubeError::Kind::Timeout)
        qCInfo(lcInformer).noquote() << error.toString() << "- resuming from" << m_resourceVersion;
    else
        qCWarning(lcInformer).noquote() << error.toString();
    emit errorOccurred(error);
}

void Informer::retryLater(void (Informer::*step)())
{
    if (!m_running)
        return;
    m_backoffMs = m_backoffMs == 0 ? qMax(1, m_options.initialBackoffMs) : qMin(m_backoffMs * 2, m_options.maxBackoffMs);
    m_retry->disconnect(this);
    connect(m_retry, &QTimer::timeout, this, step);
    m_retry->start(m_backoffMs);
}

void Informer::relist()
{
    // The list runs the thread's events while it loads: nothing may start a second one, or a
    // watch, meanwhile.
    if (!m_running || m_listing)
        return;
    m_retry->stop();
    dropWatch();
    ++m_lists;
    m_listing = true;
    const KubeResult<KubeClient::ObjectList> list =
        m_client->list(m_kind, m_namespace, {m_options.labelSelector, m_options.fieldSelector, 0});
    m_listing = false;
    if (!m_running)
        return; // stopped while the list was loading
    if (!list.ok()) {
        fail(list.error());
        retryLater(&Informer::relist);
        return;
    }
    // Reconcile the cache with the list: what the watch missed becomes events now.
    QHash<QString, QJsonObject> fresh;
    for (const QJsonObject &object : list->items)
        fresh.insert(keyOf(object), object);
    const QHash<QString, QJsonObject> previous = std::exchange(m_cache, fresh);
    // Signals in a stable order: the gone ones by key, then the list's own order.
    QStringList gone;
    for (auto it = previous.cbegin(); it != previous.cend(); ++it)
        if (!fresh.contains(it.key()))
            gone << it.key();
    gone.sort();
    for (const QString &key : std::as_const(gone))
        emit deleted(previous.value(key));
    for (const QJsonObject &object : list->items) {
        const auto old = previous.constFind(keyOf(object));
        if (old == previous.cend())
            emit added(object);
        else if (resourceVersionOf(*old) != resourceVersionOf(object))
            emit updated(*old, object);
    }
    m_resourceVersion = list->resourceVersion;
    m_synced = true;
    m_backoffMs = 0;
    emit synced();
    startWatch();
}

void Informer::startWatch()
{
    if (!m_running || m_listing)
        return;
    m_retry->stop();
    dropWatch();
    KubeClient::WatchOptions o;
    o.labelSelector = m_options.labelSelector;
    o.fieldSelector = m_options.fieldSelector;
    o.resourceVersion = m_resourceVersion;
    // Spread the reconnections of many informers, as client-go does.
    o.timeoutSeconds = m_options.watchTimeoutSeconds > 0 ? m_options.watchTimeoutSeconds
                                                         : 300 + int(QRandomGenerator::global()->bounded(300));
    KubeResult<std::unique_ptr<KubeWatch>> w = m_client->watch(m_kind, m_namespace, o);
    if (!w.ok()) {
        fail(w.error());
        retryLater(&Informer::startWatch);
        return;
    }
    ++m_watches;
    m_watch = w.value().release();
    m_watch->setParent(this);
    connect(m_watch, &KubeWatch::eventReceived, this, &Informer::onEvent);
    connect(m_watch, &KubeWatch::finished, this, &Informer::onWatchFinished);
    m_watchAge.start();
}

void Informer::onEvent(const WatchEvent &event)
{
    if (const QString rv = event.resourceVersion(); !rv.isEmpty())
        m_resourceVersion = rv;
    if (event.type == WatchEvent::Type::Bookmark)
        return;
    const QString key = keyOf(event.object);
    if (event.type == WatchEvent::Type::Deleted) {
        if (m_cache.remove(key))
            emit deleted(event.object);
        return;
    }
    const auto old = m_cache.constFind(key);
    if (old == m_cache.cend()) {
        m_cache.insert(key, event.object);
        emit added(event.object);
    } else {
        const QJsonObject before = *old;
        m_cache.insert(key, event.object);
        emit updated(before, event.object);
    }
}

void Informer::onWatchFinished(KubeWatch::End end)
{
    const KubeError error = m_watch ? m_watch->error() : KubeError{};
    const bool delivered = m_watch && m_watch->eventCount() > 0;
    dropWatch();
    if (!m_running)
        return;
    switch (end) {
    case KubeWatch::End::Expired:
        qCDebug(lcInformer).noquote() << m_kind << "watch expired at" << m_resourceVersion << "; listing again";
        QTimer::singleShot(0, this, &Informer::relist);
        return;
    case KubeWatch::End::Closed:
        if (delivered || m_watchAge.elapsed() >= kShortWatchMs) {
            m_backoffMs = 0;
            QTimer::singleShot(0, this, &Informer::startWatch);
        } else {
            retryLater(&Informer::startWatch);
        }
        return;
    case KubeWatch::End::Failed:
        fail(error);
        if (delivered)
            m_backoffMs = 0;
        retryLater(&Informer::startWatch);
        return;
    }
}

} // namespace enclii::kube
