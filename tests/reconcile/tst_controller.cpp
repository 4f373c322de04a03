// The controller against an in-process simulated cluster and a real PostgreSQL: it applies
// the desired state, a second pass writes nothing, drift is put back and recorded with the
// fields that differed, owned objects no longer desired are pruned while unlabelled ones
// stay, apply conflicts are forced only for fields that were ours, a watch that resumes too
// late (410) relists and catches up, and the deployment rows follow the rollout.
#include "CutProxy.h"
#include "ReconcileFixture.h"

#include "../api/HttpClient.h"

#include "reconcile/GitOpsWriter.h"
#include "reconcile/ObjectKey.h"

#include <QFile>
#include <QTemporaryDir>

#include <QJsonDocument>

using namespace enclii;
using namespace enclii::testing;

namespace {

const QString kService = QStringLiteral("waybill-api");
const QString kNamespace = QStringLiteral("enclii-platform");

} // namespace

class TestController : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        m_f = std::make_unique<ReconcileFixture>(QStringLiteral("controller"));
        QVERIFY2(m_f->ok, qPrintable(m_f->error));
        m_f->fixReplicas(kService, 2);
        m_release = m_f->release(kService);
        m_controller = m_f->controller();
        m_controller->start();
        QVERIFY(ReconcileFixture::waitFor([&] { return m_controller->isIdle(); }));
    }

    void cleanupTestCase()
    {
        m_controller.reset();
        m_f.reset();
    }

    void appliesTheDesiredState()
    {
        QVERIFY(m_controller->isLeader());
        const auto desired = m_controller->desiredState();
        QVERIFY(desired);
        // Every namespace of the catalog, and the one released service's objects.
        for (auto it = desired->objects.begin(); it != desired->objects.end(); ++it) {
            const reconcile::ObjectKey id = reconcile::ObjectKey::parse(it.key());
            const QJsonObject live = m_f->live(id.kind, id.ns, id.name);
            QVERIFY2(!live.isEmpty(), qPrintable(it.key()));
            QCOMPARE(reconcile::renderHashOf(live), it->hash);
        }
        QVERIFY(desired->objects.contains(QStringLiteral("Namespace//enclii-forgesight")));
        QVERIFY(m_f->live("Deployment", "enclii-forgesight", "forgesight-api").isEmpty()); // no release
        const QJsonObject d = m_f->live("Deployment", kNamespace, kService);
        QCOMPARE(at(d, "spec.replicas").toInt(), 2);
        QVERIFY(at(d, "spec.template.spec.containers.0.image").toString().endsWith(m_f->repository->currentReleases().value(kService).digest));

        // The row: released, applied, rolling out; ready once the pods are.
        QVERIFY2(ReconcileFixture::waitFor([&] {
            return m_f->sql("SELECT release_id || ' ' || (last_applied_at IS NOT NULL) FROM deployments WHERE service = 'waybill-api'")
                == QStringLiteral("%1 true").arg(m_release);
        }), qPrintable(m_f->sql("SELECT release_id || ' ' || (last_applied_at IS NOT NULL) FROM deployments WHERE service = 'waybill-api'")));
        QCOMPARE(m_f->sql("SELECT state FROM deployments WHERE service = 'forgesight-api'"), QStringLiteral("pending"));
        m_f->advance(30);
        QVERIFY(ReconcileFixture::waitFor([&] {
            return m_f->sql("SELECT state || ' ' || ready_replicas || '/' || desired_replicas FROM deployments WHERE service = 'waybill-api'")
                == QStringLiteral("ready 2/2");
        }));
        QCOMPARE(m_f->sql("SELECT string_agg(type, ',' ORDER BY id) FROM deployment_events WHERE service = 'waybill-api'"),
                 QStringLiteral("deploy,ready"));
        QVERIFY(m_f->sql("SELECT count(*) FROM events WHERE topic = 'deployment' AND payload->>'service' = 'waybill-api'"
                         " AND payload->>'state' = 'ready'").toInt() >= 1);
    }

    void aSecondPassWritesNothing()
    {
        QVERIFY(ReconcileFixture::waitFor([&] { return m_controller->isIdle(); }));
        const QString deploymentVersion = at(m_f->live("Deployment", kNamespace, kService), "metadata.resourceVersion").toString();
        const qint64 clusterVersion = m_f->sim.store().currentVersion();
        m_controller->resetStats();
        m_controller->resyncNow();
        const qsizetype keys = m_controller->desiredState()->objects.size();
        QVERIFY(ReconcileFixture::waitFor([&] { return m_controller->stats().syncs >= keys && m_controller->isIdle(); }));
        QCOMPARE(m_controller->stats().writes, 0);
        QCOMPARE(m_controller->stats().reads, 0);
        QCOMPARE(m_f->sim.store().currentVersion(), clusterVersion);
        QCOMPARE(at(m_f->live("Deployment", kNamespace, kService), "metadata.resourceVersion").toString(), deploymentVersion);
    }

    void editedReplicasArePutBack()
    {
        const QString path = QStringLiteral("/apis/apps/v1/namespaces/%1/deployments/%2?fieldManager=kubectl-edit").arg(kNamespace, kService);
        const auto r = test::httpRequest(m_f->sim.url().toString() + path, "PATCH", "{\"spec\":{\"replicas\":5}}", "application/merge-patch+json");
        QCOMPARE(r.status, 200);
        QVERIFY(ReconcileFixture::waitFor([&] {
            return at(m_f->live("Deployment", kNamespace, kService), "spec.replicas").toInt() == 2;
        }));
        QVERIFY(ReconcileFixture::waitFor([&] {
            return m_f->sql("SELECT action || ' ' || kind || ' ' || name || ' ' || fields::text FROM drift_events ORDER BY id DESC LIMIT 1")
                == QStringLiteral("reapplied Deployment waybill-api [\"spec.replicas\"]");
        }));
        QVERIFY(m_f->sql("SELECT count(*) FROM events WHERE topic = 'drift' AND payload->>'action' = 'reapplied'"
                         " AND payload->'fields' = '[\"spec.replicas\"]'::jsonb").toInt() == 1);
        QVERIFY(m_f->sql("SELECT message FROM deployment_events WHERE service = 'waybill-api' AND type = 'drift' ORDER BY id DESC LIMIT 1")
                    .contains(QStringLiteral("spec.replicas")));
    }

    void aDeletedServiceIsRecreated()
    {
        const QString uid = at(m_f->live("Service", kNamespace, kService), "metadata.uid").toString();
        QVERIFY(!uid.isEmpty());
        const auto removed = m_f->client().remove("Service", kNamespace, kService);
        QVERIFY2(removed.ok(), qPrintable(removed.error().toString()));
        QVERIFY(ReconcileFixture::waitFor([&] {
            const QJsonObject s = m_f->live("Service", kNamespace, kService);
            return !s.isEmpty() && at(s, "metadata.uid").toString() != uid;
        }));
        QVERIFY(ReconcileFixture::waitFor([&] {
            return m_f->sql("SELECT action || ' ' || kind || ' ' || name FROM drift_events ORDER BY id DESC LIMIT 1")
                == QStringLiteral("recreated Service waybill-api");
        }));
        const QJsonObject item = m_f->repository->drift(1).first().toObject();
        QCOMPARE(item.value("service").toString(), kService);
        QCOMPARE(item.value("namespace").toString(), kNamespace);
        QVERIFY(item.value("at").toString().endsWith(u'Z'));
        QCOMPARE(m_f->repository->find(kService)->value("lastDrift").toObject().value("action").toString(), QStringLiteral("recreated"));
    }

    void ownedLeftoversArePrunedOthersStay()
    {
        const auto service = [](const QString &name, bool ours) {
            QJsonObject labels{{"app.kubernetes.io/name", "old-thing"}};
            if (ours)
                labels.insert("app.kubernetes.io/managed-by", "enclii");
            return QJsonObject{{"apiVersion", "v1"}, {"kind", "Service"},
                               {"metadata", QJsonObject{{"name", name}, {"namespace", kNamespace}, {"labels", labels}}},
                               {"spec", QJsonObject{{"ports", QJsonArray{QJsonObject{{"port", 80}}}}}}};
        };
        QVERIFY(m_f->client().create(service("stale-ours", true)).ok());
        QVERIFY(m_f->client().create(service("not-ours", false)).ok());
        QVERIFY(ReconcileFixture::waitFor([&] { return m_f->live("Service", kNamespace, "stale-ours").isEmpty(); }));
        QVERIFY(ReconcileFixture::waitFor([&] {
            return m_f->sql("SELECT action || ' ' || name || ' ' || service FROM drift_events ORDER BY id DESC LIMIT 1")
                == QStringLiteral("pruned stale-ours old-thing");
        }));
        m_controller->resyncNow();
        QTest::qWait(500);
        QVERIFY(!m_f->live("Service", kNamespace, "not-ours").isEmpty());
        // A name taken by an unlabelled object is not ours to apply over either.
        QVERIFY(m_f->client().remove("Service", kNamespace, "not-ours").ok());
    }

    void driftedFieldsOfOurRenderAreForcedBack()
    {
        // Another manager takes our image by force, without changing our render.
        const QJsonObject takeover{{"apiVersion", "apps/v1"}, {"kind", "Deployment"},
                                   {"metadata", QJsonObject{{"name", kService}, {"namespace", kNamespace}}},
                                   {"spec", QJsonObject{{"template", QJsonObject{{"spec", QJsonObject{{"containers", QJsonArray{
                                        QJsonObject{{"name", "api"}, {"image", "ghcr.io/someone/else@sha256:" + QString(64, u'e')}}}}}}}}}}};
        const auto taken = m_f->client().apply(takeover, QStringLiteral("ops"), true);
        QVERIFY2(taken.ok(), qPrintable(taken.error().toString()));
        QVERIFY(ReconcileFixture::waitFor([&] {
            return at(m_f->live("Deployment", kNamespace, kService), "spec.template.spec.containers.0.image").toString().contains("madfam-org");
        }));
        QVERIFY(ReconcileFixture::waitFor([&] {
            return m_f->sql("SELECT fields::text FROM drift_events ORDER BY id DESC LIMIT 1")
                == QStringLiteral("[\"spec.template.spec.containers[0].image\"]");
        }));
    }

    void aFieldNeverOursIsReportedNotForced()
    {
        // With the controller stopped: someone pins the image, and a new release comes.
        m_controller->stop();
        const QString pinned = "ghcr.io/someone/pinned@sha256:" + QString(64, u'a');
        const QJsonObject pin{{"apiVersion", "apps/v1"}, {"kind", "Deployment"},
                              {"metadata", QJsonObject{{"name", kService}, {"namespace", kNamespace}}},
                              {"spec", QJsonObject{{"template", QJsonObject{{"spec", QJsonObject{{"containers", QJsonArray{
                                   QJsonObject{{"name", "api"}, {"image", pinned}}}}}}}}}}};
        QVERIFY(m_f->client().apply(pin, QStringLiteral("ops"), true).ok());
        const qint64 next = m_f->release(kService, QStringLiteral("v2"));
        m_controller->start();
        QVERIFY2(ReconcileFixture::waitFor([&] {
            return m_f->sql("SELECT conditions::text FROM deployments WHERE service = 'waybill-api'").contains("ApplyConflict");
        }), qPrintable(m_f->sql("SELECT state || conditions::text FROM deployments WHERE service = 'waybill-api'")));
        QCOMPARE(at(m_f->live("Deployment", kNamespace, kService), "spec.template.spec.containers.0.image").toString(), pinned);
        QVERIFY(m_controller->stats().conflicts >= 1);
        const QString conditions = m_f->sql("SELECT conditions::text FROM deployments WHERE service = 'waybill-api'");
        QVERIFY2(conditions.contains("ops: .spec.template.spec.containers[name=\\\"api\\\"].image"), qPrintable(conditions));
        QCOMPARE(m_f->sql("SELECT release_id FROM deployments WHERE service = 'waybill-api'").toLongLong(), next);

        // The other manager agrees to the release's image (shared ownership): it goes out.
        const QString wanted = at(m_controller->desiredState()->find("Deployment/" + kNamespace + "/" + kService)->object,
                                  "spec.template.spec.containers.0.image").toString();
        QVERIFY(wanted.contains("madfam-org"));
        QJsonObject agree = pin;
        agree["spec"] = QJsonObject{{"template", QJsonObject{{"spec", QJsonObject{{"containers", QJsonArray{
                            QJsonObject{{"name", "api"}, {"image", wanted}}}}}}}}};
        const auto agreed = m_f->client().apply(agree, QStringLiteral("ops"), false);
        QVERIFY2(agreed.ok(), qPrintable(agreed.error().toString()));
        QVERIFY(ReconcileFixture::waitFor([&] {
            return at(m_f->live("Deployment", kNamespace, kService), "spec.template.spec.containers.0.image").toString().contains("madfam-org");
        }, 30000));
        QVERIFY(ReconcileFixture::waitFor([&] {
            return !m_f->sql("SELECT conditions::text FROM deployments WHERE service = 'waybill-api'").contains("ApplyConflict");
        }));
    }

    void aWatchTooLateToResumeRelists()
    {
        // A cluster with a short history, reached through a relay that can be cut.
        ReconcileFixture f(QStringLiteral("expiry"), stoppedSim(20));
        QVERIFY2(f.ok, qPrintable(f.error));
        f.release(kService);
        CutProxy proxy(f.sim.url().port());
        reconcile::Controller controller(f.cluster(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(proxy.port()))),
                                         ReconcileFixture::fastOptions(), f.source(), f.repository.get());
        controller.start();
        QVERIFY(ReconcileFixture::waitFor([&] { return controller.isIdle(); }));
        QVERIFY(!f.live("Service", kNamespace, kService).isEmpty());

        proxy.cut();
        // Meanwhile: our Service is deleted, and more changes than the history keeps.
        QVERIFY(f.client().remove("Service", kNamespace, kService).ok());
        for (int i = 0; i < 30; ++i) {
            const QJsonObject cm{{"apiVersion", "v1"}, {"kind", "ConfigMap"},
                                 {"metadata", QJsonObject{{"name", QStringLiteral("noise-%1").arg(i)}, {"namespace", kNamespace}}}};
            QVERIFY(f.client().create(cm).ok());
        }
        QVERIFY(f.sim.store().compactedVersion() > 0);
        QTest::qWait(300);
        proxy.restore();
        QVERIFY(ReconcileFixture::waitFor([&] { return !f.live("Service", kNamespace, kService).isEmpty(); }, 30000));
        QVERIFY(ReconcileFixture::waitFor([&] {
            return f.sql("SELECT action || ' ' || kind FROM drift_events ORDER BY id DESC LIMIT 1") == QStringLiteral("recreated Service");
        }));
    }

    void eachNewPlanGoesToTheGitOpsTarget()
    {
        ReconcileFixture f(QStringLiteral("gitops"));
        QVERIFY2(f.ok, qPrintable(f.error));
        f.release(kService);
        QTemporaryDir repo;
        reconcile::GitOpsWriter::Options target;
        target.repoDir = repo.path() + "/manifests";
        reconcile::GitOpsWriter writer(target);
        std::atomic<int> commits{0};
        auto options = ReconcileFixture::fastOptions();
        options.onPlanned = [&](const reconcile::DesiredState &state) {
            QList<QJsonObject> objects;
            for (const reconcile::DesiredObject &o : state.objects)
                objects << o.object;
            if (writer.write(objects, QStringLiteral("plan %1").arg(state.fingerprint)).committed)
                ++commits;
        };
        reconcile::Controller controller(f.cluster(), options, f.source(), f.repository.get());
        controller.start();
        QVERIFY(ReconcileFixture::waitFor([&] { return controller.isIdle() && commits == 1; }));
        QVERIFY(QFile::exists(repo.path() + "/manifests/enclii-platform/deployment-waybill-api.yaml"));
        QVERIFY(QFile::exists(repo.path() + "/manifests/cluster/namespace-enclii-forgesight.yaml"));
        // A new release is a new plan and a new commit; an unchanged one is neither.
        f.release(kService, QStringLiteral("v2"));
        QVERIFY(ReconcileFixture::waitFor([&] { return commits == 2; }));
        controller.resyncNow();
        QTest::qWait(500);
        QCOMPARE(commits.load(), 2);
    }

private:
    std::unique_ptr<ReconcileFixture> m_f;
    std::unique_ptr<reconcile::Controller> m_controller;
    qint64 m_release = 0;
};

QTEST_GUILESS_MAIN(TestController)
#include "tst_controller.moc"
