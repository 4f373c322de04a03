// Simulated load driving the HPA up and down, injected faults seen in the Prometheus
// exposition and in pod state, and the metrics.k8s.io API.
#include "SimFixture.h"

#include <QRegularExpression>

using namespace enclii::test;

namespace {

const QString kDeployments = QStringLiteral("/apis/apps/v1/namespaces/app/deployments");
const QString kPods = QStringLiteral("/api/v1/namespaces/app/pods");

// The sum of a metric's samples whose labels contain every `needle`.
double sample(const QByteArray &exposition, const QString &metric, const QStringList &needles)
{
    double sum = 0;
    for (const QString &line : QString::fromUtf8(exposition).split(u'\n')) {
        if (!line.startsWith(metric + u'{'))
            continue;
        if (std::all_of(needles.begin(), needles.end(), [&](const QString &n) { return line.contains(n); }))
            sum += line.section(u' ', -1).toDouble();
    }
    return sum;
}

QJsonObject hpa(const QString &target, int min, int max, int utilization)
{
    return {{"apiVersion", "autoscaling/v2"}, {"kind", "HorizontalPodAutoscaler"}, {"metadata", QJsonObject{{"name", target}}},
            {"spec", QJsonObject{{"scaleTargetRef", QJsonObject{{"apiVersion", "apps/v1"}, {"kind", "Deployment"}, {"name", target}}},
                                 {"minReplicas", min},
                                 {"maxReplicas", max},
                                 {"metrics", QJsonArray{QJsonObject{{"type", "Resource"},
                                                                    {"resource", QJsonObject{{"name", "cpu"},
                                                                                             {"target", QJsonObject{{"type", "Utilization"},
                                                                                                                    {"averageUtilization", utilization}}}}}}}}}}};
}

// A Deployment whose pods carry app and track labels, for the synthetic traffic's routing.
QJsonObject trackDeployment(const QString &name, const QString &track, int replicas)
{
    const QJsonObject labels{{"app", "web"}, {"enclii.dev/track", track}};
    return {{"apiVersion", "apps/v1"}, {"kind", "Deployment"}, {"metadata", QJsonObject{{"name", name}}},
            {"spec", QJsonObject{{"replicas", replicas},
                                 {"selector", QJsonObject{{"matchLabels", labels}}},
                                 {"template", QJsonObject{{"metadata", QJsonObject{{"labels", labels}}},
                                                          {"spec", QJsonObject{{"containers", QJsonArray{QJsonObject{
                                                              {"name", "web"}, {"image", "registry.local/web:1"},
                                                              {"resources", QJsonObject{{"requests", QJsonObject{{"cpu", "100m"}, {"memory", "64Mi"}}}}}}}}}}}}}}};
}

QJsonObject service(const QString &name, const QJsonObject &selector, const QJsonObject &labels = {})
{
    return {{"apiVersion", "v1"}, {"kind", "Service"}, {"metadata", QJsonObject{{"name", name}, {"labels", labels}}},
            {"spec", QJsonObject{{"selector", selector}, {"ports", QJsonArray{QJsonObject{{"port", 80}}}}}}};
}

QJsonObject ingress(const QString &name, const QString &backend, const QJsonObject &annotations = {})
{
    const QJsonObject path{{"path", "/"}, {"pathType", "Prefix"},
                           {"backend", QJsonObject{{"service", QJsonObject{{"name", backend}, {"port", QJsonObject{{"number", 80}}}}}}}};
    return {{"apiVersion", "networking.k8s.io/v1"}, {"kind", "Ingress"},
            {"metadata", QJsonObject{{"name", name}, {"annotations", annotations}}},
            {"spec", QJsonObject{{"rules", QJsonArray{QJsonObject{{"host", "web.test"}, {"http", QJsonObject{{"paths", QJsonArray{path}}}}}}}}}};
}

} // namespace

class TestSimAutoscale : public QObject
{
    Q_OBJECT
private slots:
    void init()
    {
        m_sim = std::make_unique<SimFixture>();
        m_sim->createNamespace("app");
    }
    void cleanup() { m_sim.reset(); }

    void hpaScalesUpUnderLoadAndDownAfterTheWindow()
    {
        QCOMPARE(m_sim->create(kDeployments, deployment("api", 2, "250m")).status, 201);
        QCOMPARE(m_sim->create("/apis/autoscaling/v2/namespaces/app/horizontalpodautoscalers", hpa("api", 1, 5, 50)).status, 201);
        m_sim->advance(20);
        QCOMPARE(at(m_sim->get(kDeployments + "/api").json(), "spec.replicas").toInt(), 2); // idle, within the window

        // 100 req/s at 10m each: far above 50% of 250m per pod.
        QCOMPARE(m_sim->send("PUT", "/sim/v1/loads/app/api", {{"requestsPerSecond", 100}, {"cpuMillicoresPerRequest", 10}}).status, 200);
        m_sim->advance(20);
        QJsonObject d = m_sim->get(kDeployments + "/api").json();
        QCOMPARE(at(d, "spec.replicas").toInt(), 4); // 2 pods at 100% of request, target 50%
        m_sim->advance(60);
        d = m_sim->get(kDeployments + "/api").json();
        QCOMPARE(at(d, "spec.replicas").toInt(), 5);
        QCOMPARE(at(d, "status.readyReplicas").toInt(), 5);
        const QJsonObject h = m_sim->get("/apis/autoscaling/v2/namespaces/app/horizontalpodautoscalers/api").json();
        QCOMPARE(at(h, "status.desiredReplicas").toInt(), 5);
        QCOMPARE(condition(h, "ScalingLimited").value("reason").toString(), QStringLiteral("TooManyReplicas"));
        QCOMPARE(condition(h, "ScalingActive").value("reason").toString(), QStringLiteral("ValidMetricFound"));
        QVERIFY(at(h, "status.currentMetrics").toArray().first().toObject().value("resource").toObject()
                    .value("current").toObject().value("averageUtilization").toInt() > 50);
        // The autoscaler, not the applier, owns replicas now.
        bool owned = false;
        for (const QJsonValue &m : at(d, "metadata.managedFields").toArray())
            owned = owned || (m.toObject().value("manager") == QLatin1String("kube-controller-manager")
                              && at(m.toObject(), "fieldsV1.f:spec.f:replicas").isObject());
        QVERIFY(owned);

        // The load goes; scale-down waits out the 300 s stabilisation window.
        QCOMPARE(m_sim->send("DELETE", "/sim/v1/loads/app/api", {}).status, 200);
        m_sim->advance(120);
        QCOMPARE(at(m_sim->get(kDeployments + "/api").json(), "spec.replicas").toInt(), 5);
        QCOMPARE(condition(m_sim->get("/apis/autoscaling/v2/namespaces/app/horizontalpodautoscalers/api").json(), "AbleToScale")
                     .value("reason").toString(), QStringLiteral("ScaleDownStabilized"));
        m_sim->advance(240);
        d = m_sim->get(kDeployments + "/api").json();
        QCOMPARE(at(d, "spec.replicas").toInt(), 1);
        m_sim->advance(5);
        QCOMPARE(items(m_sim->get(kPods)).size(), 1);
    }

    void faultsShowInTheExposition()
    {
        QCOMPARE(m_sim->create(kDeployments, deployment("shop", 2, "500m")).status, 201);
        m_sim->advance(3);
        QCOMPARE(m_sim->send("PUT", "/sim/v1/loads/app/shop", {{"requestsPerSecond", 20}, {"baseLatencySeconds", 0.02}}).status, 200);
        m_sim->advance(10);
        QByteArray text = m_sim->get("/sim/v1/metrics").body;
        QCOMPARE(sample(text, "http_requests_total", {"deployment=\"shop\"", "code=\"200\""}), 200.0);
        QCOMPARE(sample(text, "http_requests_total", {"deployment=\"shop\"", "code=\"500\""}), 0.0);
        QCOMPARE(sample(text, "http_request_duration_seconds_bucket", {"le=\"0.05\""}),
                 sample(text, "http_request_duration_seconds_count", {"deployment=\"shop\""}));

        const HttpResult fault = m_sim->send("PUT", "/sim/v1/faults/shop-errors",
                                             {{"match", QJsonObject{{"namespace", "app"}, {"deployment", "shop"}}},
                                              {"errorRate", 0.25}, {"addedLatencySeconds", 0.5}});
        QCOMPARE(fault.status, 200);
        m_sim->advance(20);
        text = m_sim->get("/sim/v1/metrics").body;
        QCOMPARE(sample(text, "http_requests_total", {"code=\"500\""}), 100.0); // 25% of 400
        QCOMPARE(sample(text, "http_requests_total", {"code=\"200\""}), 500.0);
        // Latency now ~0.52 s: nothing new under 0.25 s, everything under 1 s.
        const double under250ms = sample(text, "http_request_duration_seconds_bucket", {"le=\"0.25\""});
        const double under1s = sample(text, "http_request_duration_seconds_bucket", {"le=\"1\""});
        QCOMPARE(under250ms, 200.0);
        QCOMPARE(under1s, 600.0);
        QVERIFY(text.contains("# TYPE http_request_duration_seconds histogram"));

        // One pod's own scrape target.
        const QString pod = at(items(m_sim->get(kPods)).first(), "metadata.name").toString();
        const HttpResult one = m_sim->get("/sim/v1/namespaces/app/pods/" + pod + "/metrics");
        QCOMPARE(one.status, 200);
        QVERIFY(one.contentType.startsWith("text/plain; version=0.0.4"));
        QVERIFY(one.body.contains("pod=\"" + pod.toUtf8() + "\""));
        QCOMPARE(sample(one.body, "http_requests_total", {"code=\"500\""}), 50.0);
        QCOMPARE(m_sim->send("DELETE", "/sim/v1/faults/shop-errors", {}).status, 200);
        QCOMPARE(m_sim->get("/sim/v1/faults").json().value("items").toArray().size(), 0);
    }

    // Users, simulated: every Service gets requests through its Ingress; a canary Ingress takes
    // its weight's share to the canary's Service; a Service that selects both tracks spreads
    // its share by replica count.
    void syntheticLoadIsRoutedByIngressWeightAndBySelector()
    {
        enclii::kube::sim::SimOptions o = SimFixture::stoppedClock();
        o.syntheticRequestsPerSecond = 10;
        m_sim = std::make_unique<SimFixture>(o);
        m_sim->createNamespace("app");
        QCOMPARE(m_sim->create(kDeployments, trackDeployment("web", "stable", 2)).status, 201);
        QCOMPARE(m_sim->create(kDeployments, trackDeployment("web-canary", "canary", 1)).status, 201);
        const QString services = QStringLiteral("/api/v1/namespaces/app/services");
        const QString ingresses = QStringLiteral("/apis/networking.k8s.io/v1/namespaces/app/ingresses");
        QCOMPARE(m_sim->create(services, service("web", {{"app", "web"}, {"enclii.dev/track", "stable"}})).status, 201);
        QCOMPARE(m_sim->create(services, service("web-canary", {{"app", "web"}, {"enclii.dev/track", "canary"}},
                                                 {{"enclii.dev/track", "canary"}})).status, 201);
        QCOMPARE(m_sim->create(ingresses, ingress("web", "web")).status, 201);
        QCOMPARE(m_sim->create(ingresses, ingress("web-canary", "web-canary",
                                                  {{"nginx.ingress.kubernetes.io/canary", "true"},
                                                   {"nginx.ingress.kubernetes.io/canary-weight", "20"}})).status, 201);
        m_sim->advance(5); // pods ready
        const auto requests = [&](const char *deployment) {
            return sample(m_sim->get("/sim/v1/metrics").body, "http_requests_total", {QStringLiteral("deployment=\"%1\"").arg(deployment)});
        };
        const double stable0 = requests("web"), canary0 = requests("web-canary");
        m_sim->advance(30);
        const double stable = requests("web") - stable0, canary = requests("web-canary") - canary0;
        QVERIFY2(stable + canary > 30 * 10 * 0.25, qPrintable(QString::number(stable + canary))); // at least the trough's rate
        QVERIFY2(qAbs(canary / (stable + canary) - 0.20) < 0.01, qPrintable(QString::number(canary / (stable + canary))));

        // No canary Ingress, and the stable Service selects both tracks: 1 pod of 3.
        QCOMPARE(m_sim->send("DELETE", ingresses + "/web-canary", {}).status, 200);
        QCOMPARE(m_sim->send("PUT", services + "/web", service("web", {{"app", "web"}})).status, 200);
        const double stable1 = requests("web"), canary1 = requests("web-canary");
        m_sim->advance(30);
        const double byReplicas = (requests("web-canary") - canary1) / (requests("web") - stable1 + requests("web-canary") - canary1);
        QVERIFY2(qAbs(byReplicas - 1.0 / 3) < 0.01, qPrintable(QString::number(byReplicas)));
    }

    void crashLoopingAndNeverReadyPods()
    {
        QCOMPARE(m_sim->send("PUT", "/sim/v1/faults/bad-image", {{"match", QJsonObject{{"image", "registry.local/bad"}}}, {"crashLoop", true}}).status, 200);
        QJsonObject bad = deployment("bad", 1, "100m", 0, "registry.local/bad:3");
        QJsonObject spec = bad.value("spec").toObject();
        spec.insert("progressDeadlineSeconds", 60);
        bad.insert("spec", spec);
        QCOMPARE(m_sim->create(kDeployments, bad).status, 201);
        m_sim->advance(100);
        const QJsonObject pod = items(m_sim->get(kPods + "?labelSelector=app%3Dbad")).first();
        const QJsonObject cs = at(pod, "status.containerStatuses").toArray().first().toObject();
        QCOMPARE(at(cs, "state.waiting.reason").toString(), QStringLiteral("CrashLoopBackOff"));
        QVERIFY2(cs.value("restartCount").toInt() >= 3, qPrintable(QString::number(cs.value("restartCount").toInt())));
        QVERIFY(!cs.value("ready").toBool());
        const QJsonObject d = m_sim->get(kDeployments + "/bad").json();
        QCOMPARE(condition(d, "Available").value("status").toString(), QStringLiteral("False"));
        QCOMPARE(condition(d, "Progressing").value("reason").toString(), QStringLiteral("ProgressDeadlineExceeded"));

        QCOMPARE(m_sim->send("PUT", "/sim/v1/faults/stuck", {{"match", QJsonObject{{"namespace", "app"}, {"deployment", "slow"}}}, {"neverReady", true}}).status, 200);
        QCOMPARE(m_sim->create(kDeployments, deployment("slow", 1, "100m")).status, 201);
        m_sim->advance(30);
        const QJsonObject slow = items(m_sim->get(kPods + "?labelSelector=app%3Dslow")).first();
        QCOMPARE(at(slow, "status.phase").toString(), QStringLiteral("Running"));
        QCOMPARE(condition(slow, "Ready").value("status").toString(), QStringLiteral("False"));
        QCOMPARE(m_sim->send("DELETE", "/sim/v1/faults/stuck", {}).status, 200);
        m_sim->advance(2);
        QCOMPARE(condition(items(m_sim->get(kPods + "?labelSelector=app%3Dslow")).first(), "Ready").value("status").toString(), QStringLiteral("True"));
    }

    void metricsApiReportsUsage()
    {
        QCOMPARE(m_sim->create(kDeployments, deployment("api", 2, "500m")).status, 201);
        m_sim->advance(3);
        m_sim->send("PUT", "/sim/v1/loads/app/api", {{"requestsPerSecond", 30}, {"cpuMillicoresPerRequest", 10}});
        m_sim->advance(5);
        const auto pods = items(m_sim->get("/apis/metrics.k8s.io/v1beta1/namespaces/app/pods"));
        QCOMPARE(pods.size(), 2);
        for (const QJsonObject &p : pods) {
            QCOMPARE(p.value("kind").toString(), QStringLiteral("PodMetrics"));
            const QString cpu = at(p.value("containers").toArray().first().toObject(), "usage.cpu").toString();
            QVERIFY(cpu.endsWith(u'n'));
            QCOMPARE(cpu.chopped(1).toLongLong(), 160LL * 1000000); // 15 req/s x 10m + a 10m idle floor
            QVERIFY(at(p.value("containers").toArray().first().toObject(), "usage.memory").toString().endsWith("Ki"));
        }
        const auto nodes = items(m_sim->get("/apis/metrics.k8s.io/v1beta1/nodes"));
        QCOMPARE(nodes.size(), 3);
        const QJsonObject groups = m_sim->get("/apis").json();
        QVERIFY(QJsonDocument(groups).toJson().contains("metrics.k8s.io/v1beta1"));
    }

private:
    std::unique_ptr<SimFixture> m_sim;
};

QTEST_GUILESS_MAIN(TestSimAutoscale)
#include "tst_simautoscale.moc"
