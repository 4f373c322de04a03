#include "EventRecorder.h"

#include "Json.h"
#include "ObjectStore.h"
#include "SimClock.h"

#include <algorithm>

namespace enclii::kube::sim {

namespace {
constexpr qint64 kRepeatMs = 10000;
}

EventRecorder::EventRecorder(ObjectStore &store, const SimClock &clock, int ttlSeconds, int maxEvents)
    : m_store(store), m_clock(clock), m_ttlSeconds(ttlSeconds), m_maxEvents(std::max(10, maxEvents))
{
}

void EventRecorder::normal(const QJsonObject &involved, const QString &reason, const QString &message, const QString &component)
{
    record(involved, QStringLiteral("Normal"), reason, message, component);
}

void EventRecorder::warning(const QJsonObject &involved, const QString &reason, const QString &message, const QString &component)
{
    record(involved, QStringLiteral("Warning"), reason, message, component);
}

void EventRecorder::record(const QJsonObject &involved, const QString &type, const QString &reason, const QString &message,
                           const QString &component)
{
    const QString uid = json::stringAt(involved, u"metadata.uid");
    QString ns = json::stringAt(involved, u"metadata.namespace");
    if (ns.isEmpty())
        ns = QStringLiteral("default");
    if (!m_store.get(resources::namespaces(), {}, ns))
        return;
    const QString now = json::timestamp(m_clock.now());
    const QString key = uid + u'|' + reason + u'|' + message;
    if (const QString where = m_names.value(key); !where.isEmpty()) {
        if (auto e = m_store.get(resources::events(), where.section(u'/', 0, 0), where.section(u'/', 1))) {
            const QDateTime last = json::parseTimestamp(e->value(QStringLiteral("lastTimestamp")).toString());
            if (last.isValid() && last.msecsTo(m_clock.now()) < kRepeatMs)
                return;
            e->insert(QStringLiteral("count"), e->value(QStringLiteral("count")).toInt() + 1);
            e->insert(QStringLiteral("lastTimestamp"), now);
            m_store.replace(resources::events(), *e);
            return;
        }
    }
    const QString name = QStringLiteral("%1.%2").arg(json::stringAt(involved, u"metadata.name").left(200)).arg(++m_counter, 16, 16, QLatin1Char('0'));
    const QJsonObject event{
        {QStringLiteral("apiVersion"), QStringLiteral("v1")},
        {QStringLiteral("kind"), QStringLiteral("Event")},
        {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("namespace"), ns}}},
        {QStringLiteral("involvedObject"),
         QJsonObject{{QStringLiteral("apiVersion"), involved.value(QStringLiteral("apiVersion"))},
                     {QStringLiteral("kind"), involved.value(QStringLiteral("kind"))},
                     {QStringLiteral("name"), json::at(involved, u"metadata.name")},
                     {QStringLiteral("namespace"), json::at(involved, u"metadata.namespace")},
                     {QStringLiteral("uid"), uid},
                     {QStringLiteral("resourceVersion"), json::at(involved, u"metadata.resourceVersion")}}},
        {QStringLiteral("type"), type},
        {QStringLiteral("reason"), reason},
        {QStringLiteral("message"), message},
        {QStringLiteral("count"), 1},
        {QStringLiteral("firstTimestamp"), now},
        {QStringLiteral("lastTimestamp"), now},
        {QStringLiteral("source"), QJsonObject{{QStringLiteral("component"), component}}},
        {QStringLiteral("reportingComponent"), component},
        {QStringLiteral("reportingInstance"), component + QStringLiteral("-enclii-sim")}};
    m_store.create(resources::events(), event);
    m_names.insert(key, ns + u'/' + name);
}

void EventRecorder::expire()
{
    QList<QJsonObject> all = m_store.list(resources::events());
    const QDateTime cutoff = m_clock.now().addSecs(-m_ttlSeconds);
    std::sort(all.begin(), all.end(), [](const QJsonObject &a, const QJsonObject &b) {
        return a.value(QStringLiteral("lastTimestamp")).toString() < b.value(QStringLiteral("lastTimestamp")).toString();
    });
    qsizetype excess = all.size() - m_maxEvents;
    for (const QJsonObject &e : all) {
        const bool old = json::parseTimestamp(e.value(QStringLiteral("lastTimestamp")).toString()) < cutoff;
        if (!old && excess <= 0)
            break;
        m_store.remove(resources::events(), json::stringAt(e, u"metadata.namespace"), json::stringAt(e, u"metadata.name"));
        --excess;
    }
    if (m_names.size() > 4 * m_maxEvents)
        m_names.clear(); // stale keys only cost a fresh Event instead of a count bump
}

} // namespace enclii::kube::sim
