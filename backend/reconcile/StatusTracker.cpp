#include "StatusTracker.h"

#include "ObjectKey.h"
#include "ObjectSync.h"

#include <QJsonArray>

#include <spdlog/spdlog.h>

namespace enclii::reconcile {

using Action = SyncOutcome::Action;

namespace {

int intAt(const QJsonObject &o, const char *section, const char *field)
{
    return o.value(QLatin1String(section)).toObject().value(QLatin1String(field)).toInt();
}

QJsonObject condition(const QString &type, const QString &status, const QString &reason, const QString &message)
{
    return {{QStringLiteral("type"), type},
            {QStringLiteral("status"), status},
            {QStringLiteral("reason"), reason},
            {QStringLiteral("message"), message.left(1000)},
            {QStringLiteral("lastTransitionTime"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate)}};
}

QJsonObject liveCondition(const QJsonObject &deployment, const QString &type)
{
    for (const QJsonValue &v : deployment.value(QLatin1String("status")).toObject().value(QLatin1String("conditions")).toArray())
        if (v.toObject().value(QLatin1String("type")).toString() == type)
            return v.toObject();
    return {};
}

// The stored form of our own conditions keeps its transition time while it holds.
QJsonArray merged(const QJsonArray &previous, QJsonArray next)
{
    for (qsizetype i = 0; i < next.size(); ++i) {
        QJsonObject c = next[i].toObject();
        for (const QJsonValue &p : previous) {
            const QJsonObject old = p.toObject();
            if (old.value(QLatin1String("type")) == c.value(QLatin1String("type"))
                && old.value(QLatin1String("status")) == c.value(QLatin1String("status"))) {
                c.insert(QStringLiteral("lastTransitionTime"), old.value(QLatin1String("lastTransitionTime")));
                break;
            }
        }
        next[i] = c;
    }
    return next;
}

} // namespace

StatusTracker::StatusTracker(DeploymentRepository *repository, bool simulated) : m_repository(repository), m_simulated(simulated) {}

QString StatusTracker::rolloutState(const QJsonObject &d)
{
    if (d.isEmpty())
        return QStringLiteral("pending");
    if (liveCondition(d, QStringLiteral("Progressing")).value(QLatin1String("reason")).toString() == QLatin1String("ProgressDeadlineExceeded"))
        return QStringLiteral("failed");
    const QJsonObject status = d.value(QLatin1String("status")).toObject();
    const int desired = intAt(d, "spec", "replicas");
    const qint64 generation = d.value(QLatin1String("metadata")).toObject().value(QLatin1String("generation")).toInteger();
    const bool observed = status.value(QLatin1String("observedGeneration")).toInteger() >= generation;
    const int total = status.value(QLatin1String("replicas")).toInt();
    const int updated = status.value(QLatin1String("updatedReplicas")).toInt();
    const int ready = status.value(QLatin1String("readyReplicas")).toInt();
    const int available = status.value(QLatin1String("availableReplicas")).toInt();
    const bool rolledOut = observed && updated == desired && total == desired;
    if (rolledOut && ready >= desired && available >= desired)
        return QStringLiteral("ready");
    if (rolledOut && desired > 0)
        return QStringLiteral("degraded");
    return QStringLiteral("progressing");
}

void StatusTracker::setPlan(const DesiredState &state)
{
    if (!m_loaded && m_repository) {
        try {
            const auto rows = m_repository->load();
            for (auto it = rows.begin(); it != rows.end(); ++it) {
                Entry &e = m_entries[it.key()];
                e.saved = *it;
                e.hasSaved = true;
                e.announcedRelease = it->state == QLatin1String("pending") ? 0 : it->releaseId;
                e.lastApplied = it->lastAppliedAt;
            }
            m_loaded = true;
        } catch (const std::exception &ex) {
            spdlog::warn("reconciler: cannot read the deployments rows: {}", ex.what());
        }
    }
    QStringList gone;
    for (auto it = m_entries.begin(); it != m_entries.end(); ++it)
        if (!state.services.contains(it.key()))
            gone << it.key();
    for (const QString &s : gone)
        m_entries.remove(s);
    if (!gone.isEmpty() && m_repository) {
        try {
            m_repository->removeOthers(state.services.keys());
        } catch (const std::exception &ex) {
            spdlog::warn("reconciler: cannot remove the rows of deleted services: {}", ex.what());
        }
    }
    for (auto it = state.services.begin(); it != state.services.end(); ++it) {
        Entry &e = m_entries[it.key()];
        if (e.plan.release.id != it->release.id || e.plan.deploymentKey != it->deploymentKey)
            e.problems.clear();
        e.plan = *it;
        m_dirty.insert(it.key());
    }
}

void StatusTracker::onDeployment(const QString &service, const QJsonObject &deployment, bool deleted)
{
    const auto it = m_entries.find(service);
    if (it == m_entries.end())
        return;
    // Only the service's own Deployment speaks for it: a canary track beside it carries the
    // same service label but is the rollout's business.
    const bool canaryTrack = deployment.value(QLatin1String("metadata")).toObject().value(QLatin1String("labels")).toObject()
                                 .value(QLatin1String("enclii.dev/track")) == QLatin1String("canary");
    if (it->plan.deploymentKey.isEmpty() ? canaryTrack : keyOf(deployment) != it->plan.deploymentKey)
        return;
    it->deployment = deleted ? QJsonObject() : deployment;
    m_dirty.insert(service);
}

void StatusTracker::onOutcome(const SyncOutcome &o)
{
    const auto it = m_entries.find(o.service);
    if (it == m_entries.end())
        return;
    Entry &e = *it;
    switch (o.action) {
    case Action::Applied:
    case Action::Reapplied:
    case Action::Recreated:
        e.problems.remove(o.key);
        e.lastApplied = QDateTime::currentDateTimeUtc();
        if (o.key == e.plan.deploymentKey && e.plan.release.id != e.announcedRelease && m_repository) {
            e.announcedRelease = e.plan.release.id;
            try {
                m_repository->recordEvent(o.service, QStringLiteral("deploy"),
                                          QStringLiteral("release %1 applied: %2").arg(e.plan.release.id).arg(e.plan.release.image));
            } catch (const std::exception &ex) {
                spdlog::warn("reconciler: history of {} not written: {}", o.service.toStdString(), ex.what());
            }
        }
        break;
    case Action::UpToDate:
    case Action::Pruned:
    case Action::Kept:
        e.problems.remove(o.key);
        break;
    case Action::Refused:
        e.problems.insert(o.key, condition(QStringLiteral("ApplyRefused"), QStringLiteral("True"), QStringLiteral("NotManaged"), o.message));
        break;
    case Action::Conflict:
        e.problems.insert(o.key, condition(QStringLiteral("ApplyConflict"), QStringLiteral("True"), QStringLiteral("FieldManagerConflict"), o.message));
        break;
    case Action::Failed:
        e.problems.insert(o.key, condition(QStringLiteral("ApplyFailed"), QStringLiteral("True"), QStringLiteral("ApiError"), o.message));
        break;
    }
    m_dirty.insert(o.service);
}

void StatusTracker::setWaveFailures(const QHash<QString, QString> &messageByService)
{
    for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
        const QString message = messageByService.value(it.key());
        if (message != it->waveFailure) {
            it->waveFailure = message;
            m_dirty.insert(it.key());
        }
    }
}

// The live Deployment counts only once it is the one rendered for the planned release, at
// the spec's (minimum) replicas.
QString StatusTracker::stateOf(const Entry &e)
{
    if (!e.deployment.isEmpty() && !e.plan.deploymentHash.isEmpty() && renderHashOf(e.deployment) != e.plan.deploymentHash)
        return QStringLiteral("progressing");
    const QString state = rolloutState(e.deployment);
    // An autoscaled Deployment starts at one replica until its HPA scales it to the minimum.
    if (state == QLatin1String("ready") && intAt(e.deployment, "status", "readyReplicas") < e.plan.specReplicas)
        return QStringLiteral("progressing");
    return state;
}

DeploymentRecord StatusTracker::compute(const Entry &e) const
{
    DeploymentRecord r;
    r.service = e.plan.name;
    r.project = e.plan.project;
    r.namespaceName = e.plan.namespaceName;
    r.component = e.plan.component;
    r.wave = e.plan.wave;
    r.releaseId = e.plan.release.id;
    r.simulated = m_simulated;
    r.lastAppliedAt = e.lastApplied;
    const QJsonObject status = e.deployment.value(QLatin1String("status")).toObject();
    r.desiredReplicas = e.deployment.isEmpty() ? (r.releaseId ? e.plan.specReplicas : 0) : intAt(e.deployment, "spec", "replicas");
    r.readyReplicas = status.value(QLatin1String("readyReplicas")).toInt();
    r.updatedReplicas = status.value(QLatin1String("updatedReplicas")).toInt();
    r.availableReplicas = status.value(QLatin1String("availableReplicas")).toInt();

    QJsonArray conditions;
    for (const QString &type : {QStringLiteral("Available"), QStringLiteral("Progressing"), QStringLiteral("ReplicaFailure")}) {
        const QJsonObject c = liveCondition(e.deployment, type);
        if (!c.isEmpty())
            conditions.append(QJsonObject{{QStringLiteral("type"), type},
                                          {QStringLiteral("status"), c.value(QLatin1String("status"))},
                                          {QStringLiteral("reason"), c.value(QLatin1String("reason")).toString()},
                                          {QStringLiteral("message"), c.value(QLatin1String("message")).toString()},
                                          {QStringLiteral("lastTransitionTime"), c.value(QLatin1String("lastTransitionTime")).toString()}});
    }
    QJsonArray own;
    if (!e.plan.renderError.isEmpty())
        own.append(condition(QStringLiteral("RenderFailed"), QStringLiteral("True"), QStringLiteral("ReleaseRefused"), e.plan.renderError));
    for (const QJsonObject &c : e.problems)
        own.append(c);
    if (!e.waveFailure.isEmpty())
        own.append(condition(QStringLiteral("WaveDeadlineExceeded"), QStringLiteral("True"), QStringLiteral("WaveFailed"), e.waveFailure));
    own = merged(e.saved.conditions, own);
    for (const QJsonValue &c : own)
        conditions.append(c);
    r.conditions = conditions;

    if (r.releaseId == 0)
        r.state = QStringLiteral("pending");
    else if (!e.plan.renderError.isEmpty())
        r.state = QStringLiteral("failed");
    else if (!e.problems.isEmpty())
        r.state = e.deployment.isEmpty() ? QStringLiteral("failed") : QStringLiteral("degraded");
    else
        r.state = stateOf(e);
    if (!e.waveFailure.isEmpty() && r.state != QLatin1String("ready"))
        r.state = QStringLiteral("failed");
    return r;
}

void StatusTracker::history(Entry &e, const DeploymentRecord &next)
{
    if (!m_repository || !e.hasSaved)
        return;
    const DeploymentRecord &was = e.saved;
    if (next.state == QLatin1String("ready") && was.state != QLatin1String("ready"))
        m_repository->recordEvent(next.service, QStringLiteral("ready"),
                                  QStringLiteral("%1/%2 replicas ready, release %3").arg(next.readyReplicas).arg(next.desiredReplicas).arg(next.releaseId));
    if (next.state == QLatin1String("failed") && was.state != QLatin1String("failed")) {
        QString why;
        for (const QJsonValue &c : next.conditions) {
            const QJsonObject o = c.toObject();
            if (o.value(QLatin1String("status")).toString() == QLatin1String("True") && o.value(QLatin1String("type")).toString() != QLatin1String("Progressing")
                && o.value(QLatin1String("type")).toString() != QLatin1String("Available"))
                why = o.value(QLatin1String("message")).toString();
        }
        if (why.isEmpty())
            why = liveCondition(e.deployment, QStringLiteral("Progressing")).value(QLatin1String("message")).toString();
        m_repository->recordEvent(next.service, QStringLiteral("failed"), why.isEmpty() ? QStringLiteral("the rollout failed") : why);
    }
    if (next.releaseId == was.releaseId && was.desiredReplicas > 0 && next.desiredReplicas != was.desiredReplicas
        && !e.deployment.isEmpty())
        m_repository->recordEvent(next.service, QStringLiteral("scaled"),
                                  QStringLiteral("scaled from %1 to %2 replicas").arg(was.desiredReplicas).arg(next.desiredReplicas));
}

bool StatusTracker::flush()
{
    const QSet<QString> dirty = m_dirty;
    for (const QString &service : dirty) {
        const auto it = m_entries.find(service);
        if (it == m_entries.end()) {
            m_dirty.remove(service);
            continue;
        }
        const DeploymentRecord next = compute(*it);
        if (it->hasSaved && next == it->saved) {
            m_dirty.remove(service);
            continue;
        }
        try {
            if (m_repository) {
                history(*it, next);
                m_repository->save(next);
            }
        } catch (const std::exception &ex) {
            spdlog::warn("reconciler: the deployment row of {} was not written: {}", service.toStdString(), ex.what());
            return false;
        }
        it->saved = next;
        it->hasSaved = true;
        m_dirty.remove(service);
    }
    return true;
}

QSet<QString> StatusTracker::released() const
{
    QSet<QString> out;
    for (auto it = m_entries.begin(); it != m_entries.end(); ++it)
        if (it->plan.release.id != 0)
            out.insert(it.key());
    return out;
}

QSet<QString> StatusTracker::ready() const
{
    QSet<QString> out;
    for (auto it = m_entries.begin(); it != m_entries.end(); ++it)
        if (it->plan.release.id != 0 && it->problems.isEmpty() && it->plan.renderError.isEmpty()
            && stateOf(*it) == QLatin1String("ready"))
            out.insert(it.key());
    return out;
}

QHash<QString, DeploymentRecord> StatusTracker::records() const
{
    QHash<QString, DeploymentRecord> out;
    for (auto it = m_entries.begin(); it != m_entries.end(); ++it)
        out.insert(it.key(), it->hasSaved ? it->saved : compute(*it));
    return out;
}

} // namespace enclii::reconcile
