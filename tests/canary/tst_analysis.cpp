// Canary analysis against a real Prometheus scraping the simulated cluster: a healthy canary
// passes its step; a canary with a raised error rate (fault injection) fails on success rate
// and one with added latency fails on the latency percentile, while the stable track stays
// healthy; Prometheus down counts as errors up to the limit and never as a pass; no traffic
// is inconclusive; hostile Prometheus answers are errors with a reason.
#include "TestPrometheus.h"

#include "canary/Analysis.h"
#include "canary/PrometheusClient.h"
#include "kube/sim/Faults.h"
#include "kube/sim/SimCluster.h"
#include "kube/sim/Traffic.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace enclii;
using namespace enclii::canary;

namespace {

QJsonObject trackDeployment(const QString &name, const QString &track, int replicas)
{
    const QJsonObject labels{{"app", name}, {"enclii.dev/track", track}};
    QJsonObject container{{"name", "app"},
                          {"image", QStringLiteral("registry.local/shop/web:%1").arg(track)},
                          {"ports", QJsonArray{QJsonObject{{"containerPort", 8080}}}},
                          {"resources", QJsonObject{{"requests", QJsonObject{{"cpu", "250m"}, {"memory", "128Mi"}}},
                                                    {"limits", QJsonObject{{"cpu", "1"}, {"memory", "256Mi"}}}}}};
    return {{"apiVersion", "apps/v1"},
            {"kind", "Deployment"},
            {"metadata", QJsonObject{{"name", name}, {"namespace", "shop"}, {"labels", labels}}},
            {"spec", QJsonObject{{"replicas", replicas},
                                 {"selector", QJsonObject{{"matchLabels", labels}}},
                                 {"template", QJsonObject{{"metadata", QJsonObject{{"labels", labels}}},
                                                          {"spec", QJsonObject{{"containers", QJsonArray{container}}}}}}}}};
}

core::ServiceSpec webSpec()
{
    core::ServiceSpec s;
    s.name = QStringLiteral("web");
    s.deploy.strategy = QStringLiteral("canary");
    s.deploy.analysis.minSuccessRatePercent = 99.0;
    s.deploy.analysis.latencyPercentile = 99;
    s.deploy.analysis.maxLatencyMs = 300;
    s.deploy.analysis.failureLimit = 1;
    s.deploy.analysis.queries << core::CanaryQuery{QStringLiteral("canary-pods-up"),
                                                   QStringLiteral("count(http_requests_total{namespace=\"$namespace\",deployment=\"$deployment\",code=\"200\"})"),
                                                   QStringLiteral("result >= 1")};
    return s;
}

} // namespace

class TestAnalysis : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        m_port = m_sim.listen();
        QVERIFY(m_port);
        auto post = [this](const QString &path, const QJsonObject &o) {
            kube::sim::ApiRequest r;
            r.method = "POST";
            r.path = path;
            r.body = QJsonDocument(o).toJson(QJsonDocument::Compact);
            r.headers.insert("content-type", "application/json");
            return m_sim.handle(r);
        };
        QCOMPARE(post(QStringLiteral("/api/v1/namespaces"), {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", QJsonObject{{"name", "shop"}}}}).status, 201);
        QCOMPARE(post(QStringLiteral("/apis/apps/v1/namespaces/shop/deployments"), trackDeployment(QStringLiteral("web"), QStringLiteral("stable"), 3)).status, 201);
        QCOMPARE(post(QStringLiteral("/apis/apps/v1/namespaces/shop/deployments"), trackDeployment(QStringLiteral("web-canary"), QStringLiteral("canary"), 1)).status, 201);
        m_sim.traffic().setLoad({QStringLiteral("shop"), QStringLiteral("web"), 90, 2, 0.02});
        m_sim.traffic().setLoad({QStringLiteral("shop"), QStringLiteral("web-canary"), 30, 2, 0.02});
        QVERIFY2(m_prometheus.start(QStringLiteral("127.0.0.1:%1").arg(m_port), QStringLiteral("/sim/v1/metrics")), qPrintable(m_prometheus.log()));
        QString error;
        m_metrics = analysisMetrics(webSpec(), QStringLiteral("shop"), QStringLiteral("web"), QStringLiteral("web-canary"), 5, &error);
        QVERIFY2(m_metrics.size() == 5, qPrintable(error));
        // Pods ready, traffic flowing and a few scrapes in: both tracks measurable.
        PrometheusClient prometheus({QUrl(m_prometheus.url())});
        QElapsedTimer t;
        t.start();
        auto measurable = [&] {
            return measure(prometheus, m_metrics[0], {}).value.has_value() && measure(prometheus, m_metrics[2], {}).value.has_value()
                && measure(prometheus, m_metrics[1], {}).value.has_value();
        };
        while (!measurable() && t.elapsed() < 60000)
            QTest::qWait(500);
        QVERIFY2(measurable(), "no data from Prometheus after 60 s");
        QTest::qWait(2000);
    }

    void aHealthyCanaryPasses()
    {
        PrometheusClient prometheus({QUrl(m_prometheus.url())});
        AnalysisTally tally(1, 2, 3);
        QList<Measurement> all;
        for (const AnalysisMetric &m : m_metrics) {
            const Measurement x = measure(prometheus, m, {});
            all << x;
            tally.add(x);
        }
        for (const Measurement &x : all)
            QVERIFY2(x.verdict == Verdict::Successful, qPrintable(QStringLiteral("%1/%2: %3 %4").arg(x.metric, x.track, verdictName(x.verdict), x.message)));
        QCOMPARE(tally.phase(true), AnalysisTally::Phase::Successful);
        QVERIFY(all.first().value && *all.first().value >= 0.99);
    }

    void aRaisedErrorRateFailsTheCanaryOnly()
    {
        kube::sim::Fault f;
        f.name = QStringLiteral("errors");
        f.ns = QStringLiteral("shop");
        f.deployment = QStringLiteral("web-canary");
        f.errorRate = 0.25;
        m_sim.faults().set(f);
        QTest::qWait(7000); // the 5 s window fills with the faulty requests
        PrometheusClient prometheus({QUrl(m_prometheus.url())});
        const Measurement canary = measure(prometheus, m_metrics[0], {});
        const Measurement stable = measure(prometheus, m_metrics[2], {});
        QCOMPARE(canary.metric, QStringLiteral("success-rate"));
        QCOMPARE(canary.verdict, Verdict::Failed);
        QVERIFY2(canary.value && *canary.value < 0.9 && *canary.value > 0.6, qPrintable(QString::number(canary.value.value_or(-1))));
        QVERIFY(canary.message.contains(QLatin1String("result >= 0.99")));
        QCOMPARE(stable.track, QStringLiteral("stable"));
        QCOMPARE(stable.verdict, Verdict::Successful);
        AnalysisTally tally(1, 2, 3);
        tally.add(canary);
        QCOMPARE(tally.phase(false), AnalysisTally::Phase::Running); // one failure is within the limit of 1
        tally.add(canary);
        QCOMPARE(tally.phase(false), AnalysisTally::Phase::Failed);
        QVERIFY(tally.reason().contains(QLatin1String("success-rate of the canary track")));
        tally.add(stable); // the stable track never gates
        QCOMPARE(tally.failed(), 2);
        m_sim.faults().remove(QStringLiteral("errors"));
    }

    void addedLatencyFailsThePercentile()
    {
        kube::sim::Fault f;
        f.name = QStringLiteral("slow");
        f.ns = QStringLiteral("shop");
        f.deployment = QStringLiteral("web-canary");
        f.addedLatencySeconds = 0.8;
        m_sim.faults().set(f);
        QTest::qWait(7000);
        PrometheusClient prometheus({QUrl(m_prometheus.url())});
        const Measurement latency = measure(prometheus, m_metrics[1], {});
        QCOMPARE(latency.metric, QStringLiteral("latency-p99"));
        QCOMPARE(latency.verdict, Verdict::Failed);
        QVERIFY(latency.value && *latency.value > 0.3);
        QCOMPARE(measure(prometheus, m_metrics[3], {}).verdict, Verdict::Successful); // stable p99
        m_sim.faults().remove(QStringLiteral("slow"));
    }

    void noTrafficIsInconclusive()
    {
        PrometheusClient prometheus({QUrl(m_prometheus.url())});
        AnalysisMetric idle = m_metrics[0];
        idle.query.replace(QStringLiteral("web-canary"), QStringLiteral("nothing-here"));
        const Measurement m = measure(prometheus, idle, {});
        QCOMPARE(m.verdict, Verdict::Inconclusive);
        AnalysisTally tally(1, 2, 3);
        for (int i = 0; i < 3; ++i)
            tally.add(m);
        QCOMPARE(tally.phase(false), AnalysisTally::Phase::Inconclusive);
    }

    // Last: it stops Prometheus.
    void prometheusDownIsAnErrorNeverAPass()
    {
        m_prometheus.kill();
        PrometheusClient prometheus({QUrl(m_prometheus.url()), 2000});
        AnalysisTally tally(1, 2, 3);
        for (int i = 0; i < 4; ++i) {
            const Measurement m = measure(prometheus, m_metrics[0], {});
            QCOMPARE(m.verdict, Verdict::Error);
            QVERIFY2(m.message.contains(QLatin1String("did not answer")), qPrintable(m.message));
            tally.add(m);
            QVERIFY(tally.phase(true) != AnalysisTally::Phase::Successful);
        }
        QCOMPARE(tally.phase(false), AnalysisTally::Phase::Error);
        QVERIFY(tally.reason().contains(QLatin1String("could not be measured 4 times")));
    }

    void hostileAnswersAreErrors()
    {
        QVERIFY(!PrometheusClient::parse("not json", 200).ok);
        QVERIFY(!PrometheusClient::parse(R"({"status":"error","errorType":"bad_data","error":"parse error"})", 400).ok);
        QVERIFY(PrometheusClient::parse(R"({"status":"error","errorType":"bad_data","error":"parse error"})", 400).error.contains(QLatin1String("bad_data")));
        QVERIFY(!PrometheusClient::parse(R"({"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"x"]}]}})", 200).ok);
        QVERIFY(!PrometheusClient::parse(R"({"status":"success","data":{"resultType":"weird","result":[]}})", 200).ok);
        const PromResult nan = PrometheusClient::parse(R"({"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"NaN"]}]}})", 200);
        QVERIFY(nan.ok && nan.scalar() && std::isnan(*nan.scalar()));
        const PromResult range = PrometheusClient::parse(
            R"({"status":"success","data":{"resultType":"matrix","result":[{"metric":{"track":"canary"},"values":[[1,"0.5"],[2,"+Inf"]]}]}})", 200);
        QVERIFY(range.ok);
        QCOMPARE(range.series.first().labels.value(QStringLiteral("track")), QStringLiteral("canary"));
        QCOMPARE(range.series.first().samples.size(), 2);
        QVERIFY(std::isinf(range.series.first().samples.last().second));
    }

private:
    kube::sim::SimCluster m_sim;
    quint16 m_port = 0;
    test::TestPrometheus m_prometheus;
    QList<AnalysisMetric> m_metrics;
};

QTEST_GUILESS_MAIN(TestAnalysis)
#include "tst_analysis.moc"
