#pragma once

#include "core/Ecosystem.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

namespace enclii::reconcile {

struct WaveStatus
{
    int order = 0;
    QString name;
    QStringList services;             // every service the wave names, released or not
    QString state = QStringLiteral("waiting"); // waiting | deploying | done | failed
    QDateTime startedAt;
    QDateTime deadline;               // set while deploying or failed
};

// The Ecosystem's deployment waves, in order: a wave deploys once every wave before it is
// done, and is done when every service of it that has a release is ready. A wave that is
// not done by its deadline is failed (its services stay deployed; the waves after it wait,
// and it turns done should its services become ready later). Done is for good: a service of
// a done wave that later degrades does not stop the waves after it. A service no wave names
// deploys at once.
class WaveTracker
{
public:
    explicit WaveTracker(int deadlineSeconds = 600);

    // The waves and their services from the Ecosystem (steps' services and the components
    // of their repositories); states of waves that keep their name are kept.
    void setEcosystem(const core::SpecSet &specs);
    // Moves the states on; true when any changed.
    bool evaluate(const QSet<QString> &released, const QSet<QString> &ready, const QDateTime &now);

    // The service's wave is done, deploying or failed (or it has none).
    bool mayDeploy(const QString &service) const;
    QString waveOf(const QString &service) const;
    bool allDone() const;
    const QList<WaveStatus> &waves() const { return m_waves; }
    int deadlineSeconds() const { return m_deadlineSeconds; }

private:
    int m_deadlineSeconds;
    QList<WaveStatus> m_waves;
    QHash<QString, int> m_waveOfService; // index into m_waves
};

} // namespace enclii::reconcile
