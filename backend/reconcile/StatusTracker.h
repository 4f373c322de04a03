#pragma once

#include "DeploymentRepository.h"
#include "DesiredState.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QSet>
#include <QString>

namespace enclii::reconcile {

struct SyncOutcome;

// Each service's deployment as the rows show it: the release it should run, the counts and
// conditions of its live Deployment, what went wrong applying its objects, and its history
// (deploy, ready, failed, scaled). Fed on the control thread by the plan, the Deployment
// watch and the workers' outcomes; flush() writes the rows that changed.
class StatusTracker
{
public:
    StatusTracker(DeploymentRepository *repository, bool simulated);

    void setPlan(const DesiredState &state);
    // The live Deployment (status included); an empty object: it is gone.
    // A live Deployment labelled for `service` changed (or was deleted).
    void onDeployment(const QString &service, const QJsonObject &deployment, bool deleted = false);
    void onOutcome(const SyncOutcome &outcome);
    // Services of failed waves that are not ready are failed too.
    void setWaveFailures(const QHash<QString, QString> &messageByService);

    // Writes changed rows (and history); false when the database refused (tried again next time).
    bool flush();
    bool hasChanges() const { return !m_dirty.isEmpty(); }

    QSet<QString> released() const;
    QSet<QString> ready() const;
    QHash<QString, DeploymentRecord> records() const;

    // The state of a service from its Deployment (with status), the rules the rows use.
    static QString rolloutState(const QJsonObject &deployment);

private:
    struct Entry
    {
        ServicePlan plan;
        QJsonObject deployment;
        QHash<QString, QJsonObject> problems; // object key -> condition
        QString waveFailure;
        QDateTime lastApplied;
        qint64 announcedRelease = 0;
        DeploymentRecord saved;
        bool hasSaved = false;
    };

    static QString stateOf(const Entry &entry);
    DeploymentRecord compute(const Entry &entry) const;
    void history(Entry &entry, const DeploymentRecord &next);

    DeploymentRepository *m_repository;
    bool m_simulated;
    QHash<QString, Entry> m_entries;
    QSet<QString> m_dirty;
    bool m_loaded = false;
};

} // namespace enclii::reconcile
