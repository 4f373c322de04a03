#pragma once

// A simulated cluster on a loopback port with its clock stopped, a throwaway database with
// the migrations applied, the seed's specs, and releases made as Roundhouse makes them: what
// the controller tests run a reconciler against.

#include "RenderFixture.h"

#include "kube/client/KubeClient.h"
#include "kube/sim/ObjectStore.h"
#include "kube/sim/SimCluster.h"
#include "reconcile/Controller.h"
#include "reconcile/DeploymentRepository.h"
#include "store/Database.h"
#include "store/Migrator.h"
#include "support/TestPostgres.h"

#include <pqxx/pqxx>

#include <QCryptographicHash>
#include <QJsonArray>
#include <QTest>

#include <atomic>
#include <memory>

namespace enclii::testing {

inline kube::sim::SimOptions stoppedSim(int watchHistory = 10000)
{
    kube::sim::SimOptions o;
    o.timeFactor = 0;
    o.watchHistory = watchHistory;
    return o;
}

class ReconcileFixture
{
public:
    explicit ReconcileFixture(const QString &name, kube::sim::SimOptions simOptions = stoppedSim())
        : pg(name), sim(simOptions)
    {
        sim.listen();
        if (!pg.isValid()) {
            error = pg.error();
            return;
        }
        db = std::make_unique<store::Database>(store::Database::Options{pg.connectionString(), 4, 10000});
        if (!db->open(&error) || store::Migrator(*db).migrate(&error) < 0)
            return;
        repository = std::make_unique<reconcile::DeploymentRepository>(*db);
        specs = seedSpecs();
        ok = true;
    }

    kube::KubeConfig cluster(const QUrl &server = {}) const
    {
        kube::KubeConfig c;
        c.server = server.isEmpty() ? sim.url() : server;
        c.origin = QStringLiteral("simulated cluster");
        return c;
    }

    // Quick to react, no client-side rate limit, no leader election (unless asked).
    static reconcile::Controller::Options fastOptions()
    {
        reconcile::Controller::Options o;
        o.workers = 2;
        o.planIntervalMs = 100;
        o.simulated = true;
        o.client.qps = 0;
        o.client.initialBackoffMs = 20;
        o.queue.baseDelayMs = 20;
        o.queue.maxDelayMs = 500;
        o.leaderCheckMs = 200;
        return o;
    }

    // The desired input from the database's releases and this fixture's specs.
    reconcile::Controller::DesiredSource source()
    {
        return [this] {
            reconcile::DesiredInput in;
            in.specs = specs;
            in.releases = repository->currentReleases();
            QStringList parts{QString::number(specsGeneration.load())};
            for (auto it = in.releases.begin(); it != in.releases.end(); ++it)
                parts << it.key() + u':' + QString::number(it->id);
            parts.sort();
            in.fingerprint = parts.join(u',');
            return in;
        };
    }

    std::unique_ptr<reconcile::Controller> controller(reconcile::Controller::Options options = fastOptions())
    {
        return std::make_unique<reconcile::Controller>(cluster(), options, source(), repository.get());
    }

    // A build and its release, as Roundhouse records them; returns the release id.
    qint64 release(const QString &service, const QString &salt = {}, bool autoDeploy = true)
    {
        const core::ServiceSpec *s = specs.service(service);
        const QByteArray digest = QCryptographicHash::hash(("enclii-test:" + service + salt).toUtf8(), QCryptographicHash::Sha256).toHex();
        const QString commit = QString::fromLatin1(QCryptographicHash::hash((service + salt).toUtf8(), QCryptographicHash::Sha1).toHex());
        qint64 id = 0;
        db->withConnection([&](pqxx::connection_base &c) {
            pqxx::work tx(c);
            const auto job = tx.exec_params("INSERT INTO build_jobs (service, project, repo, commit_sha, reason, state)"
                                            " VALUES ($1, $2, 'https://example.invalid/r.git', $3, 'push', 'succeeded') RETURNING id",
                                            service.toStdString(), s->project.toStdString(), commit.toStdString());
            id = tx.exec_params("INSERT INTO releases (build_id, service, project, commit_sha, image_ref, image_digest, auto_deploy)"
                                " VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                                job[0][0].as<long long>(), service.toStdString(), s->project.toStdString(), commit.toStdString(),
                                QStringLiteral("ghcr.io/madfam-org/%1@sha256:%2").arg(service, QString::fromLatin1(digest)).toStdString(),
                                ("sha256:" + digest).toStdString(), autoDeploy)[0][0].as<long long>();
            tx.commit();
        });
        return id;
    }

    // The seed's spec, with a fixed replica count instead of autoscaling.
    void fixReplicas(const QString &service, int replicas)
    {
        for (core::ServiceSpec &s : specs.services)
            if (s.name == service) {
                s.autoscaling.reset();
                s.replicas = replicas;
            }
        ++specsGeneration;
    }

    QString sql(const QString &query) const { return pg.query(query).trimmed(); }

    // A client of the test's own thread, for changes made "by someone else".
    kube::KubeClient &client()
    {
        if (!m_client) {
            kube::KubeClient::Options o;
            o.qps = 0;
            m_client = std::make_unique<kube::KubeClient>(cluster(), o);
        }
        return *m_client;
    }

    QJsonObject live(const QString &kind, const QString &ns, const QString &name)
    {
        const auto r = client().get(kind, ns, name);
        return r.ok() ? r.value() : QJsonObject();
    }

    // Spins this thread's event loop (the simulated cluster serves from it) until done.
    static bool waitFor(const std::function<bool()> &done, int ms = 20000) { return QTest::qWaitFor(done, ms); }

    // Simulated time forward, in steps, letting the controller see each one.
    void advance(int seconds, int step = 1)
    {
        for (int t = 0; t < seconds; t += step) {
            sim.advance(std::chrono::seconds(step));
            QTest::qWait(10);
        }
    }

    test::TestPostgres pg;
    kube::sim::SimCluster sim;
    std::unique_ptr<store::Database> db;
    std::unique_ptr<reconcile::DeploymentRepository> repository;
    core::SpecSet specs;
    std::atomic<int> specsGeneration{0};
    QString error;
    bool ok = false;

private:
    std::unique_ptr<kube::KubeClient> m_client;
};

inline QJsonValue at(const QJsonObject &o, const QString &dotted)
{
    QJsonValue v = o;
    for (const QString &p : dotted.split(u'.'))
        v = v.isArray() ? v.toArray().at(p.toInt()) : v.toObject().value(p);
    return v;
}

} // namespace enclii::testing
