#pragma once

#include <QHash>
#include <QJsonObject>
#include <QString>

namespace enclii::kube::sim {

class ObjectStore;
class SimClock;

// core/v1 Events about the simulated objects (Scheduled, FailedScheduling, ScalingReplicaSet,
// BackOff...). A repeat of the same reason and message for the same object bumps the count
// of the existing Event, at most every ten simulated seconds, like the real event
// correlator; Events expire after a TTL and the oldest go first past a cap.
class EventRecorder
{
public:
    EventRecorder(ObjectStore &store, const SimClock &clock, int ttlSeconds, int maxEvents);

    void normal(const QJsonObject &involved, const QString &reason, const QString &message, const QString &component);
    void warning(const QJsonObject &involved, const QString &reason, const QString &message, const QString &component);
    // Drops expired Events and, past the cap, the oldest.
    void expire();

private:
    void record(const QJsonObject &involved, const QString &type, const QString &reason, const QString &message,
                const QString &component);

    ObjectStore &m_store;
    const SimClock &m_clock;
    int m_ttlSeconds;
    int m_maxEvents;
    quint64 m_counter = 0;
    QHash<QString, QString> m_names; // dedupe key -> "namespace/name" of the Event
};

} // namespace enclii::kube::sim
