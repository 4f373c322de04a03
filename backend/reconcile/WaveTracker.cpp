#include "WaveTracker.h"

#include <algorithm>

namespace enclii::reconcile {

WaveTracker::WaveTracker(int deadlineSeconds) : m_deadlineSeconds(deadlineSeconds) {}

void WaveTracker::setEcosystem(const core::SpecSet &specs)
{
    QHash<QString, WaveStatus> previous;
    for (const WaveStatus &w : m_waves)
        previous.insert(w.name, w);
    QList<core::Wave> waves = specs.ecosystem.waves;
    std::stable_sort(waves.begin(), waves.end(), [](const core::Wave &a, const core::Wave &b) { return a.order < b.order; });
    m_waves.clear();
    m_waveOfService.clear();
    for (const core::Wave &wave : waves) {
        WaveStatus status = previous.value(wave.name);
        status.order = wave.order;
        status.name = wave.name;
        status.services.clear();
        const auto add = [&](const QString &service) {
            if (m_waveOfService.contains(service) || !specs.service(service))
                return;
            m_waveOfService.insert(service, int(m_waves.size()));
            status.services << service;
        };
        for (const core::WaveStep &step : wave.steps) {
            for (const QString &s : step.services)
                add(s);
            for (const QString &repoName : step.repos)
                if (const core::Repo *repo = specs.ecosystem.repo(repoName))
                    for (const QString &s : repo->components)
                        add(s);
        }
        m_waves << status;
    }
}

bool WaveTracker::evaluate(const QSet<QString> &released, const QSet<QString> &ready, const QDateTime &now)
{
    bool changed = false;
    bool blocked = false;
    for (WaveStatus &w : m_waves) {
        const WaveStatus before = w;
        if (blocked) {
            w.state = QStringLiteral("waiting");
            w.startedAt = {};
            w.deadline = {};
        } else if (w.state != QLatin1String("done")) {
            const bool allReady = std::all_of(w.services.begin(), w.services.end(), [&](const QString &s) {
                return !released.contains(s) || ready.contains(s);
            });
            if (allReady) {
                w.state = QStringLiteral("done");
                w.deadline = {};
            } else {
                if (w.state == QLatin1String("waiting")) {
                    w.state = QStringLiteral("deploying");
                    w.startedAt = now;
                    w.deadline = now.addSecs(m_deadlineSeconds);
                }
                if (w.state == QLatin1String("deploying") && now >= w.deadline)
                    w.state = QStringLiteral("failed");
            }
        }
        if (w.state != QLatin1String("done"))
            blocked = true;
        changed = changed || w.state != before.state || w.deadline != before.deadline;
    }
    return changed;
}

bool WaveTracker::mayDeploy(const QString &service) const
{
    const auto it = m_waveOfService.constFind(service);
    return it == m_waveOfService.constEnd() || m_waves[*it].state != QLatin1String("waiting");
}

QString WaveTracker::waveOf(const QString &service) const
{
    const auto it = m_waveOfService.constFind(service);
    return it == m_waveOfService.constEnd() ? QString() : m_waves[*it].name;
}

bool WaveTracker::allDone() const
{
    return std::all_of(m_waves.begin(), m_waves.end(), [](const WaveStatus &w) { return w.state == QLatin1String("done"); });
}

} // namespace enclii::reconcile
