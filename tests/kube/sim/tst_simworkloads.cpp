// Deployments rolling out on simulated time, the scheduler on a full cluster, quota
// admission, and deletion with each propagation policy.
#include "SimFixture.h"

using namespace enclii::test;

namespace {

const QString kDeployments = QStringLiteral("/apis/apps/v1/namespaces/app/deployments");
const QString kPods = QStringLiteral("/api/v1/namespaces/app/pods");
const QString kReplicaSets = QStringLiteral("/apis/apps/v1/namespaces/app/replicasets");

bool ready(const QJsonObject &pod)
{
    return condition(pod, "Ready").value("status") == QLatin1String("True");
}

} // namespace

class TestSimWorkloads : public QObject
{
    Q_OBJECT
private slots:
    void init()
    {
        m_sim = std::make_unique<SimFixture>();
        m_sim->createNamespace("app");
    }
    void cleanup() { m_sim.reset(); }

    void simulationSaysWhatItIs()
    {
        QVERIFY(m_sim->get("/version").json().value("gitVersion").toString().endsWith("-enclii-sim"));
        const auto nodes = items(m_sim->get("/api/v1/nodes"));
        QCOMPARE(nodes.size(), 3);
        for (const QJsonObject &n : nodes) {
            QCOMPARE(at(n, "metadata.labels").toObject().value("enclii.dev/simulated").toString(), QStringLiteral("true"));
            QCOMPARE(at(n, "status.capacity.cpu").toString(), QStringLiteral("4"));
            QCOMPARE(at(n, "status.capacity.memory").toString(), QStringLiteral("8Gi"));
            QCOMPARE(at(n, "status.allocatable.cpu").toString(), QStringLiteral("3800m"));
        }
        QVERIFY(m_sim->get("/sim/v1").json().value("simulated").toBool());
    }

    void deploymentRollsOutAsTheClockAdvances()
    {
        QCOMPARE(m_sim->create(kDeployments, deployment("web", 3, "250m", 10)).status, 201);
        m_sim->cluster.settle();
        QCOMPARE(items(m_sim->get(kPods)).size(), 3);
        m_sim->advance(2); // scheduled, started, readiness probe not yet passed
        QJsonObject d = m_sim->get(kDeployments + "/web").json();
        QCOMPARE(at(d, "status.replicas").toInt(), 3);
        QCOMPARE(at(d, "status.readyReplicas").toInt(), 0);
        QCOMPARE(condition(d, "Available").value("status").toString(), QStringLiteral("False"));
        for (const QJsonObject &p : items(m_sim->get(kPods))) {
            QCOMPARE(at(p, "status.phase").toString(), QStringLiteral("Running"));
            QVERIFY(!at(p, "spec.nodeName").toString().isEmpty());
            QVERIFY(!ready(p));
        }
        m_sim->advance(10);
        d = m_sim->get(kDeployments + "/web").json();
        QCOMPARE(at(d, "status.readyReplicas").toInt(), 3);
        QCOMPARE(at(d, "status.availableReplicas").toInt(), 3);
        QCOMPARE(at(d, "status.updatedReplicas").toInt(), 3);
        QCOMPARE(at(d, "status.observedGeneration").toInt(), at(d, "metadata.generation").toInt());
        QCOMPARE(condition(d, "Available").value("status").toString(), QStringLiteral("True"));
        QCOMPARE(condition(d, "Progressing").value("reason").toString(), QStringLiteral("NewReplicaSetAvailable"));

        // A new image rolls with maxSurge 25% (1) and maxUnavailable 25% (0 of 3): never fewer
        // than 3 available pods, never more than 4 pods.
        const HttpResult patched = m_sim->send("PATCH", kDeployments + "/web",
                                               {{"spec", QJsonObject{{"template", QJsonObject{{"spec", QJsonObject{{"containers", QJsonArray{
                                                   at(deployment("web", 3, "250m", 10, "registry.local/app:2"), "spec.template.spec.containers").toArray().first()}}}}}}}}},
                                               "application/merge-patch+json");
        QCOMPARE(patched.status, 200);
        QCOMPARE(at(patched.json(), "metadata.generation").toInt(), 2);
        int maxPods = 0, minAvailable = 99;
        for (int second = 0; second < 120; ++second) {
            m_sim->advance(1);
            const auto pods = items(m_sim->get(kPods));
            maxPods = std::max(maxPods, int(pods.size()));
            minAvailable = std::min(minAvailable, int(std::count_if(pods.begin(), pods.end(), ready)));
            d = m_sim->get(kDeployments + "/web").json();
            if (condition(d, "Progressing").value("reason") == QLatin1String("NewReplicaSetAvailable")
                && at(d, "status.replicas").toInt() == 3)
                break;
        }
        QCOMPARE(condition(d, "Progressing").value("reason").toString(), QStringLiteral("NewReplicaSetAvailable"));
        QCOMPARE(at(d, "status.updatedReplicas").toInt(), 3);
        QCOMPARE(maxPods, 4);
        QCOMPARE(minAvailable, 3);
        QCOMPARE(at(d, "metadata.annotations").toObject().value("deployment.kubernetes.io/revision").toString(), QStringLiteral("2"));
        const auto sets = items(m_sim->get(kReplicaSets));
        QCOMPARE(sets.size(), 2);
        for (const QJsonObject &rs : sets) {
            const bool isNew = at(rs, "spec.template.spec.containers").toArray().first().toObject().value("image") == QLatin1String("registry.local/app:2");
            QCOMPARE(at(rs, "spec.replicas").toInt(), isNew ? 3 : 0);
            QVERIFY(at(rs, "metadata.name").toString().startsWith("web-"));
            QCOMPARE(at(rs, "metadata.ownerReferences").toArray().first().toObject().value("kind").toString(), QStringLiteral("Deployment"));
        }
        for (const QJsonObject &p : items(m_sim->get(kPods)))
            QCOMPARE(at(p, "spec.containers").toArray().first().toObject().value("image").toString(), QStringLiteral("registry.local/app:2"));
    }

    void podsThatFitNowhereStayPending()
    {
        // 2 CPU each: one per node (3.8 CPU allocatable), so two of five cannot be placed.
        QCOMPARE(m_sim->create(kDeployments, deployment("big", 5, "2")).status, 201);
        m_sim->advance(3);
        const auto pods = items(m_sim->get(kPods));
        QCOMPARE(pods.size(), 5);
        QStringList nodes;
        int pending = 0;
        for (const QJsonObject &p : pods) {
            if (at(p, "status.phase") == QLatin1String("Pending")) {
                ++pending;
                const QJsonObject scheduled = condition(p, "PodScheduled");
                QCOMPARE(scheduled.value("status").toString(), QStringLiteral("False"));
                QCOMPARE(scheduled.value("reason").toString(), QStringLiteral("Unschedulable"));
                QCOMPARE(scheduled.value("message").toString(), QStringLiteral("0/3 nodes are available: 3 Insufficient cpu."));
            } else {
                nodes << at(p, "spec.nodeName").toString();
            }
        }
        QCOMPARE(pending, 2);
        nodes.sort();
        QCOMPARE(nodes, (QStringList{"sim-node-1", "sim-node-2", "sim-node-3"}));
        const auto events = items(m_sim->get("/api/v1/namespaces/app/events?fieldSelector=metadata.namespace=app"));
        QVERIFY(std::any_of(events.begin(), events.end(), [](const QJsonObject &e) {
            return e.value("reason") == QLatin1String("FailedScheduling") && e.value("type") == QLatin1String("Warning");
        }));
        // Room appears: the pending pods are placed.
        QCOMPARE(m_sim->send("PATCH", kDeployments + "/big", {{"spec", QJsonObject{{"replicas", 3}}}}, "application/merge-patch+json").status, 200);
        m_sim->advance(2);
        const auto after = items(m_sim->get(kPods));
        QCOMPARE(after.size(), 3);
        for (const QJsonObject &p : after)
            QCOMPARE(at(p, "status.phase").toString(), QStringLiteral("Running"));
    }

    void quotaRefusesPodsOverItsLimits()
    {
        const QJsonObject quota{{"apiVersion", "v1"}, {"kind", "ResourceQuota"}, {"metadata", QJsonObject{{"name", "compute"}}},
                                {"spec", QJsonObject{{"hard", QJsonObject{{"requests.cpu", "1"}, {"limits.memory", "4Gi"}, {"pods", "10"}}}}}};
        QCOMPARE(m_sim->create("/api/v1/namespaces/app/resourcequotas", quota).status, 201);
        QCOMPARE(m_sim->create(kDeployments, deployment("web", 3, "500m")).status, 201);
        m_sim->advance(2);
        QCOMPARE(items(m_sim->get(kPods)).size(), 2);
        const auto sets = items(m_sim->get(kReplicaSets));
        QCOMPARE(sets.size(), 1);
        const QJsonObject failure = condition(sets.first(), "ReplicaFailure");
        QCOMPARE(failure.value("reason").toString(), QStringLiteral("FailedCreate"));
        QVERIFY2(failure.value("message").toString().contains(
                     "exceeded quota: compute, requested: requests.cpu=500m, used: requests.cpu=1, limited: requests.cpu=1"),
                 qPrintable(failure.value("message").toString()));
        QCOMPARE(condition(m_sim->get(kDeployments + "/web").json(), "ReplicaFailure").value("status").toString(), QStringLiteral("True"));
        const QJsonObject used = at(m_sim->get("/api/v1/namespaces/app/resourcequotas/compute").json(), "status.used").toObject();
        QCOMPARE(used.value("requests.cpu").toString(), QStringLiteral("1"));
        QCOMPARE(used.value("pods").toString(), QStringLiteral("2"));
        QCOMPARE(used.value("limits.memory").toString(), QStringLiteral("512Mi"));

        // A pod without a limit the quota constrains is refused too.
        const QJsonObject bare{{"apiVersion", "v1"}, {"kind", "Pod"}, {"metadata", QJsonObject{{"name", "bare"}}},
                               {"spec", QJsonObject{{"containers", QJsonArray{QJsonObject{{"name", "c"}, {"image", "x"}}}}}}};
        const HttpResult refused = m_sim->create(kPods, bare);
        QCOMPARE(refused.status, 403);
        QCOMPARE(refused.json().value("reason").toString(), QStringLiteral("Forbidden"));
        QVERIFY2(refused.json().value("message").toString().contains("failed quota: compute: must specify limits.memory"),
                 refused.body.constData());
    }

    void deletionFollowsThePropagationPolicy()
    {
        for (const char *name : {"orphan", "fore", "back"})
            QCOMPARE(m_sim->create(kDeployments, deployment(name, 2, "100m")).status, 201);
        m_sim->advance(2);
        QCOMPARE(items(m_sim->get(kPods)).size(), 6);

        QCOMPARE(m_sim->send("DELETE", kDeployments + "/orphan?propagationPolicy=Orphan", {}).status, 200);
        m_sim->advance(1);
        const auto orphans = items(m_sim->get(kReplicaSets + "?labelSelector=app%3Dorphan"));
        QCOMPARE(orphans.size(), 1);
        QVERIFY(!orphans.first().value("metadata").toObject().contains("ownerReferences"));
        QCOMPARE(items(m_sim->get(kPods + "?labelSelector=app%3Dorphan")).size(), 2);

        const HttpResult fore = m_sim->send("DELETE", kDeployments + "/fore", {{"kind", "DeleteOptions"}, {"apiVersion", "v1"}, {"propagationPolicy", "Foreground"}});
        QCOMPARE(fore.status, 202);
        QVERIFY(at(fore.json(), "metadata.deletionTimestamp").isString());
        QVERIFY(at(fore.json(), "metadata.finalizers").toArray().contains("foregroundDeletion"));

        QCOMPARE(m_sim->send("DELETE", kDeployments + "/back", {}).status, 200);
        QCOMPARE(m_sim->get(kDeployments + "/back").status, 404);
        m_sim->advance(1);
        QCOMPARE(m_sim->get(kDeployments + "/fore").status, 404);
        QCOMPARE(items(m_sim->get(kReplicaSets + "?labelSelector=app%20in%20(fore,back)")).size(), 0);
        QCOMPARE(items(m_sim->get(kPods + "?labelSelector=app%20in%20(fore,back)")).size(), 0);
        QCOMPARE(items(m_sim->get(kPods)).size(), 2); // the orphans'
    }

    void namespaceDeletionRemovesItsContent()
    {
        QCOMPARE(m_sim->create(kDeployments, deployment("web", 1, "100m")).status, 201);
        // A finalizer someone else must clear holds one object, and with it the namespace.
        const QJsonObject held{{"apiVersion", "v1"}, {"kind", "ConfigMap"},
                               {"metadata", QJsonObject{{"name", "held"}, {"finalizers", QJsonArray{"example.com/hold"}}}}};
        QCOMPARE(m_sim->create("/api/v1/namespaces/app/configmaps", held).status, 201);
        m_sim->advance(2);
        const HttpResult deleted = m_sim->send("DELETE", "/api/v1/namespaces/app", {});
        QCOMPARE(at(deleted.json(), "status.phase").toString(), QStringLiteral("Terminating"));
        m_sim->advance(1);
        QCOMPARE(items(m_sim->get(kPods)).size(), 0);
        QCOMPARE(m_sim->get(kDeployments + "/web").status, 404);
        const QJsonObject cm = m_sim->get("/api/v1/namespaces/app/configmaps/held").json();
        QVERIFY(at(cm, "metadata.deletionTimestamp").isString());
        const HttpResult refused = m_sim->create(kDeployments, deployment("late", 1));
        QCOMPARE(refused.status, 403);
        QVERIFY(refused.json().value("message").toString().contains("because it is being terminated"));

        QCOMPARE(m_sim->send("PATCH", "/api/v1/namespaces/app/configmaps/held", {{"metadata", QJsonObject{{"finalizers", QJsonValue::Null}}}},
                             "application/merge-patch+json").status, 200);
        m_sim->advance(1);
        QCOMPARE(m_sim->get("/api/v1/namespaces/app/configmaps/held").status, 404);
        QCOMPARE(m_sim->get("/api/v1/namespaces/app").status, 404);
    }

private:
    std::unique_ptr<SimFixture> m_sim;
};

QTEST_GUILESS_MAIN(TestSimWorkloads)
#include "tst_simworkloads.moc"
