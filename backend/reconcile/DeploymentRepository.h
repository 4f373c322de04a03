#pragma once

#include "DesiredState.h"
#include "WaveTracker.h"

#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace enclii::store {
class Database;
}

namespace enclii::reconcile {

// A release as a deploy request sees it.
struct ReleaseRequest
{
    qint64 releaseId = 0;
    QString service;
    QString project;
    QString image;
    QString commit;
    bool autoDeploy = false;
    bool preview = false; // built from a pull request: not production code
    qint64 requestId = 0; // the release_deploys row, once recorded
};

// One deployments row (migration 0007): what a service runs and how its rollout is doing.
struct DeploymentRecord
{
    QString service;
    QString project;
    QString namespaceName;
    QString component;
    QString wave;
    qint64 releaseId = 0; // 0: none yet
    int desiredReplicas = 0;
    int readyReplicas = 0;
    int updatedReplicas = 0;
    int availableReplicas = 0;
    QString state = QStringLiteral("pending"); // pending | progressing | ready | degraded | failed
    QJsonArray conditions; // [{type, status, reason, message, lastTransitionTime}]
    bool simulated = false;
    QDateTime lastAppliedAt;

    bool operator==(const DeploymentRecord &) const = default;
};

struct DriftRecord
{
    QString service;
    QString namespaceName;
    QString kind;
    QString name;
    QString action; // reapplied | recreated | pruned
    QStringList fields;
};

// The reconciler's rows. Thread-safe (each call takes a pooled connection). The JSON of a
// deployment and of a drift item is built by the database (deployment_json, drift_json), so
// the API and the event feed send the same documents.
class DeploymentRepository
{
public:
    explicit DeploymentRepository(store::Database &db);

    // --- the reconciler ---

    // Per service, what it should run: its newest release with auto_deploy, or the release
    // someone asked for (requestDeploy) after that one was made.
    QHash<QString, ReleaseRef> currentReleases();
    // Records a request to deploy a release (one built without auto-deploy, or an older one to
    // go back to). Empty when there is no such release.
    std::optional<ReleaseRequest> requestDeploy(qint64 releaseId, const QString &actor, const QString &reason);
    std::optional<ReleaseRequest> release(qint64 releaseId);
    QHash<QString, DeploymentRecord> load();
    // Inserts or updates; a row that would not change is not written (and so no event).
    void save(const DeploymentRecord &record);
    // Rows of services no longer in the catalog go.
    void removeOthers(const QStringList &services);
    // The drift row, and a "drift" line in the service's history, in one transaction.
    void recordDrift(const DriftRecord &drift);
    // type: deploy | drift | ready | failed | scaled.
    void recordEvent(const QString &service, const QString &type, const QString &message);
    void saveWaves(const QList<WaveStatus> &waves);

    // --- the API ---

    QJsonArray list(const QString &project = {}, const QString &service = {});
    std::optional<QJsonObject> find(const QString &service);
    // Newest first.
    QJsonArray drift(int limit);
    QJsonArray history(const QString &service, int limit);
    // [{name, services, state, deadline}] in wave order.
    QJsonArray waves();
    // The identity of the reconciler holding the leader lock (LeaderElection), or empty.
    QString leader();

private:
    store::Database &m_db;
};

} // namespace enclii::reconcile
