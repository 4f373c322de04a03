#include "SpecLoader.h"

#include "core/Capacity.h"

#include <QSet>

namespace enclii::spec {

using core::Quantity;

namespace {

class Checker
{
public:
    explicit Checker(LoadResult &r) : m_r(r), m_eco(r.specs.ecosystem) {}

    void run()
    {
        if (m_r.ecosystemDocuments == 0) {
            errorAt({}, {}, QStringLiteral("no Ecosystem document; the specs folder needs exactly one (kind: Ecosystem)"));
            return;
        }
        if (m_r.ecosystemDocuments > 1) {
            errorAt(m_r.ecosystemLocation, QStringLiteral("kind"), QStringLiteral("a second Ecosystem document; keep exactly one"));
            return;
        }
        indexNames();
        checkServices();
        checkRepos();
        checkBudgets();
        checkWaves();
        checkFlow();
        checkCapacity();
    }

private:
    void errorAt(const SourceLocation &at, const QString &field, const QString &message,
                 core::Diagnostic::Severity severity = core::Diagnostic::Severity::Error)
    {
        core::Diagnostic d;
        d.severity = severity;
        d.file = at.file;
        d.line = at.line;
        d.column = at.column;
        d.field = field;
        d.message = message;
        m_r.diagnostics << d;
    }
    void serviceError(const QString &service, const QString &field, const QString &message)
    {
        errorAt(m_r.serviceLocations.value(service), field, message);
    }
    void ecoError(const QString &field, const QString &message,
                  core::Diagnostic::Severity severity = core::Diagnostic::Severity::Error)
    {
        errorAt(m_r.ecosystemLocation, field, message, severity);
    }

    void indexNames()
    {
        for (const auto &i : m_eco.infrastructure) {
            if (m_infra.contains(i.name))
                ecoError(QStringLiteral("spec.infrastructure"), QStringLiteral("\"%1\" is named twice").arg(i.name));
            m_infra.insert(i.name);
            m_infraKinds.insert(i.kind);
        }
        for (const auto &r : m_eco.repos) {
            if (m_repos.contains(r.name))
                ecoError(QStringLiteral("spec.repos"), QStringLiteral("repository \"%1\" is named twice").arg(r.name));
            m_repos.insert(r.name);
        }
        for (const auto &n : m_eco.namespaces) {
            if (m_namespaces.contains(n.name))
                ecoError(QStringLiteral("spec.namespaces"), QStringLiteral("namespace \"%1\" is listed twice").arg(n.name));
            m_namespaces.insert(n.name);
        }
        for (const auto &t : m_eco.tiers) {
            if (m_tiers.contains(t.id))
                ecoError(QStringLiteral("spec.tiers"), QStringLiteral("tier %1 is listed twice").arg(t.id));
            m_tiers.insert(t.id);
        }
        QSet<int> waveOrders;
        for (const auto &w : m_eco.waves) {
            if (waveOrders.contains(w.order))
                ecoError(QStringLiteral("spec.waves"), QStringLiteral("two waves have order %1; each wave needs its own").arg(w.order));
            waveOrders.insert(w.order);
            QSet<QString> steps;
            for (const auto &st : w.steps) {
                if (steps.contains(st.name))
                    ecoError(QStringLiteral("spec.waves[%1].steps").arg(w.name),
                             QStringLiteral("step \"%1\" is named twice").arg(st.name));
                steps.insert(st.name);
            }
        }
        for (const auto &s : m_r.specs.services) {
            if (s.name.isEmpty())
                continue;
            if (m_services.contains(s.name))
                serviceError(s.name, QStringLiteral("metadata.name"),
                             QStringLiteral("service \"%1\" is defined twice; names must be unique").arg(s.name));
            m_services.insert(s.name);
        }
    }

    void checkServices()
    {
        static const QHash<QString, QString> kindForDependency = {
            {QStringLiteral("database"), QStringLiteral("database")}, {QStringLiteral("cache"), QStringLiteral("cache")},
            {QStringLiteral("objectStore"), QStringLiteral("objectStore")}, {QStringLiteral("search"), QStringLiteral("search")}};
        QHash<QString, QString> domainOwner;
        QHash<QString, QString> databaseOwner; // database name -> project
        for (const auto &s : m_r.specs.services) {
            for (const auto &d : s.domains) {
                const QString host = d.host.toLower();
                if (domainOwner.contains(host) && domainOwner[host] != s.name)
                    serviceError(s.name, QStringLiteral("spec.domains"),
                                 QStringLiteral("domain %1 is already used by %2; domains must be unique").arg(d.host, domainOwner[host]));
                domainOwner.insert(host, s.name);
            }
            for (const auto &d : s.dependencies) {
                if (!d.service.isEmpty() && !m_services.contains(d.service))
                    serviceError(s.name, QStringLiteral("spec.dependencies"),
                                 QStringLiteral("depends on service \"%1\", which no spec defines").arg(d.service));
                if (kindForDependency.contains(d.kind) && !m_infraKinds.contains(kindForDependency[d.kind]))
                    serviceError(s.name, QStringLiteral("spec.dependencies"),
                                 QStringLiteral("needs a %1, but the ecosystem lists no infrastructure of kind %2")
                                     .arg(d.kind, kindForDependency[d.kind]));
                if (d.kind == QLatin1String("database") && !d.name.isEmpty()) {
                    if (databaseOwner.contains(d.name) && databaseOwner[d.name] != s.project)
                        serviceError(s.name, QStringLiteral("spec.dependencies"),
                                     QStringLiteral("database %1 belongs to %2; an app must not use another app's database")
                                         .arg(d.name, databaseOwner[d.name]));
                    databaseOwner.insert(d.name, s.project);
                }
            }
            for (const auto &from : s.network.allowFrom) {
                if (!m_services.contains(from))
                    serviceError(s.name, QStringLiteral("spec.network.allowFrom"),
                                 QStringLiteral("\"%1\" is not a service").arg(from));
            }
            const core::Repo *repo = m_eco.repo(s.project);
            if (!repo) {
                serviceError(s.name, QStringLiteral("metadata.project"),
                             QStringLiteral("\"%1\" is not a repository of the ecosystem").arg(s.project));
                continue;
            }
            if (!repo->deployed)
                serviceError(s.name, QStringLiteral("metadata.project"),
                             QStringLiteral("repository %1 is a library that is not deployed").arg(s.project));
            if (!repo->components.contains(s.name))
                serviceError(s.name, QStringLiteral("metadata.name"),
                             QStringLiteral("not listed in the components of repository %1").arg(s.project));
            if (repo->namespaceName != s.namespaceName)
                serviceError(s.name, QStringLiteral("metadata.namespace"),
                             QStringLiteral("\"%1\" differs from repository %2's namespace \"%3\"")
                                 .arg(s.namespaceName, s.project, repo->namespaceName));
            if (!m_namespaces.contains(s.namespaceName))
                serviceError(s.name, QStringLiteral("metadata.namespace"),
                             QStringLiteral("\"%1\" is not listed in the ecosystem's namespaces").arg(s.namespaceName));
        }
    }

    void checkRepos()
    {
        for (const auto &r : m_eco.repos) {
            const QString field = QStringLiteral("spec.repos[%1]").arg(r.name);
            if (!m_tiers.contains(r.tier))
                ecoError(field, QStringLiteral("tier %1 is not one of the tiers").arg(r.tier));
            for (const auto &c : r.components) {
                if (!m_services.contains(c))
                    ecoError(field + QStringLiteral(".components"), QStringLiteral("no Service document for \"%1\"").arg(c));
            }
            for (const auto &d : r.dependsOn) {
                if (!m_infra.contains(d) && !m_repos.contains(d))
                    ecoError(field + QStringLiteral(".dependsOn"),
                             QStringLiteral("\"%1\" is neither infrastructure nor a repository").arg(d));
            }
            for (const auto &u : r.usedBy) {
                if (!m_repos.contains(u))
                    ecoError(field + QStringLiteral(".usedBy"), QStringLiteral("\"%1\" is not a repository").arg(u));
            }
            if (r.deployed && !r.namespaceName.isEmpty() && !m_namespaces.contains(r.namespaceName))
                ecoError(field + QStringLiteral(".namespace"),
                         QStringLiteral("\"%1\" is not listed in namespaces").arg(r.namespaceName));
        }
    }

    void checkBudgets()
    {
        for (const auto &b : m_eco.budgets) {
            const core::ServiceSpec *s = m_r.specs.service(b.service);
            const QString field = QStringLiteral("spec.budgets[%1]").arg(b.app);
            if (!s) {
                ecoError(field, QStringLiteral("service \"%1\" has no spec").arg(b.service));
                continue;
            }
            const auto &want = b.resources;
            const auto &have = s->resources;
            if (want.requests.cpu != have.requests.cpu || want.requests.memory != have.requests.memory
                || want.limits.cpu != have.limits.cpu || want.limits.memory != have.limits.memory) {
                serviceError(s->name, QStringLiteral("spec.resources"),
                             QStringLiteral("differs from the ecosystem budget for %1 (requests %2/%3, limits %4/%5)")
                                 .arg(b.app, want.requests.cpu.toString(Quantity::Kind::Cpu),
                                      want.requests.memory.toString(Quantity::Kind::Memory),
                                      want.limits.cpu.toString(Quantity::Kind::Cpu),
                                      want.limits.memory.toString(Quantity::Kind::Memory)));
            }
        }
    }

    void checkWaves()
    {
        QHash<QString, QString> placed; // service -> wave step
        for (const auto &w : m_eco.waves) {
            for (const auto &step : w.steps) {
                const QString field = QStringLiteral("spec.waves[%1].steps[%2]").arg(w.name, step.name);
                QStringList members;
                for (const auto &r : step.repos) {
                    const core::Repo *repo = m_eco.repo(r);
                    if (!repo) {
                        ecoError(field, QStringLiteral("\"%1\" is not a repository").arg(r));
                        continue;
                    }
                    members += repo->components;
                }
                for (const auto &s : step.services) {
                    if (!m_services.contains(s))
                        ecoError(field, QStringLiteral("\"%1\" is not a service").arg(s));
                    members << s;
                }
                for (const auto &i : step.infrastructure) {
                    if (!m_infra.contains(i))
                        ecoError(field, QStringLiteral("\"%1\" is not infrastructure").arg(i));
                }
                for (const auto &m : members) {
                    if (placed.contains(m) && placed[m] != field)
                        ecoError(field, QStringLiteral("service %1 is already deployed in %2").arg(m, placed[m]));
                    placed.insert(m, field);
                }
            }
        }
        for (const auto &s : m_r.specs.services) {
            if (!s.name.isEmpty() && !placed.contains(s.name))
                serviceError(s.name, QStringLiteral("metadata.name"),
                             QStringLiteral("no deployment wave names this service or its repository"));
        }
    }

    void checkFlow()
    {
        for (const auto &e : m_eco.platformFlow) {
            for (const auto &end : {e.from, e.to}) {
                if (!m_services.contains(end) && !m_infra.contains(end))
                    ecoError(QStringLiteral("spec.platformFlow"),
                             QStringLiteral("\"%1\" is neither a service nor infrastructure").arg(end));
            }
        }
    }

    void checkCapacity()
    {
        if (m_eco.cluster.nodes == 0)
            return;
        const core::CapacityPlan plan = core::planCapacity(m_r.specs);
        for (const auto &name : plan.unschedulable) {
            serviceError(name, QStringLiteral("spec.resources.requests"),
                         QStringLiteral("one pod asks more than a node can give (%1, %2 allocatable per node)")
                             .arg(m_eco.cluster.allocatableCpuPerNode().toString(Quantity::Kind::Cpu),
                                  m_eco.cluster.allocatableMemoryPerNode().toString(Quantity::Kind::Memory)));
        }
        auto describe = [&](const core::CapacityScenario &sc) {
            return QStringLiteral("requests %1 and %2 against %3 and %4 allocatable; %5 do not fit")
                .arg(sc.totals.cpuRequests.toDisplayString(Quantity::Kind::Cpu), sc.totals.memoryRequests.toDisplayString(Quantity::Kind::Memory),
                     plan.allocatableCpu.toDisplayString(Quantity::Kind::Cpu), plan.allocatableMemory.toDisplayString(Quantity::Kind::Memory),
                     sc.overflowingApps.join(QStringLiteral(", ")));
        };
        if (!plan.atMin.fits)
            ecoError(QStringLiteral("spec.cluster"), QStringLiteral("at minimum replicas the ecosystem does not fit: ") + describe(plan.atMin));
        if (!plan.atMax.fits)
            ecoError(QStringLiteral("spec.cluster"), QStringLiteral("at maximum replicas: ") + describe(plan.atMax),
                     core::Diagnostic::Severity::Warning);
    }

    LoadResult &m_r;
    const core::EcosystemSpec &m_eco;
    QSet<QString> m_infra, m_infraKinds, m_repos, m_namespaces, m_services;
    QSet<int> m_tiers;
};

} // namespace

void validateSpecSet(LoadResult &result)
{
    Checker(result).run();
}

} // namespace enclii::spec
