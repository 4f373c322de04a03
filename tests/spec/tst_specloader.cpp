// One Service document at a time: each broken variant gives its exact diagnostic.
#include "spec/Duration.h"
#include "spec/JsonDiff.h"
#include "spec/SpecJson.h"
#include "spec/SpecLoader.h"

#include <QTest>

using namespace enclii;

namespace {

const char *kValid = R"(apiVersion: enclii.dev/v1
kind: Service
metadata:
  name: demo-api
  project: demo
  component: api
  namespace: enclii-demo
spec:
  build:
    repo: https://github.com/madfam-org/demo.git
    baseImage: docker.io/library/debian:12-slim
  runtime:
    port: 8080
  probes:
    readiness: {path: /readyz, port: 8080}
  resources:
    requests: {cpu: 250m, memory: 512Mi}
    limits: {cpu: "1", memory: 1Gi}
  replicas: 2
  autoscaling: {minReplicas: 2, maxReplicas: 4, targetCPUUtilizationPercent: 70}
  domains:
    - {host: api.demo.dev}
  deploy:
    strategy: canary
    canary:
      steps:
        - {weight: 10, pause: 5m}
        - {weight: 100}
  network:
    ingress: public
)";

spec::LoadResult load(const QByteArray &text)
{
    spec::LoadResult r;
    spec::SpecLoader().loadText(text, QStringLiteral("case.yaml"), r);
    return r;
}

QStringList texts(const core::Diagnostics &ds)
{
    QStringList out;
    for (const auto &d : ds)
        out << d.toString();
    return out;
}

} // namespace

class TestSpecLoader : public QObject
{
    Q_OBJECT
private slots:
    void validDocumentLoads()
    {
        const auto r = load(kValid);
        QVERIFY2(r.ok(), qPrintable(texts(r.diagnostics).join(u'\n')));
        QCOMPARE(r.specs.services.size(), 1);
        const auto &s = r.specs.services.first();
        QCOMPARE(s.name, QStringLiteral("demo-api"));
        QCOMPARE(s.resources.requests.cpu.millicores(), 250);
        QCOMPARE(s.resources.limits.memory.bytes(), 1073741824LL);
        QCOMPARE(s.deploy.canarySteps.size(), 2);
        QCOMPARE(s.deploy.canarySteps[0].pauseSeconds, 300);
        QCOMPARE(s.build.branch, QStringLiteral("main")); // default
        QCOMPARE(s.minReplicas(), 2);
        QCOMPARE(s.maxReplicas(), 4);
        QCOMPARE(r.serviceLocations.value(QStringLiteral("demo-api")).line, 1);
    }

    void brokenDocument_data()
    {
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::addColumn<QString>("expected");
        auto row = [](const char *name, const char *from, const char *to, const char *expected) {
            QTest::newRow(name) << QString::fromUtf8(from) << QString::fromUtf8(to) << QString::fromUtf8(expected);
        };
        row("typo in a field", "  replicas: 2", "  replcas: 2",
            "case.yaml:19:3: error: spec.replcas: unknown field; did you mean \"replicas\"?");
        row("wrong apiVersion", "apiVersion: enclii.dev/v1", "apiVersion: enclii.dev/v2",
            "case.yaml:1:13: error: apiVersion: \"enclii.dev/v2\" is not supported; expected enclii.dev/v1");
        row("unknown kind", "kind: Service", "kind: Servce",
            "case.yaml:2:7: error: kind: \"Servce\" is not a known kind; expected Service or Ecosystem");
        row("name not a DNS label", "  name: demo-api", "  name: Demo_API",
            "case.yaml:4:9: error: metadata.name: \"Demo_API\" is not a valid name; use lower-case letters, digits and '-', "
            "starting and ending with a letter or digit, at most 63 characters");
        row("missing project", "  project: demo\n", "",
            "case.yaml:4:3: error: metadata.project: missing; this field is required");
        row("bad cpu suffix", "cpu: 250m,", "cpu: 250x,",
            "case.yaml:17:21: error: spec.resources.requests.cpu: unknown suffix \"x\"; expected one of Ki Mi Gi Ti Pi Ei, "
            "n u m k M G T P E, or an exponent such as e3");
        row("fractional bytes", "memory: 512Mi}", "memory: 0.5}",
            "case.yaml:17:35: error: spec.resources.requests.memory: memory must be a whole number of bytes, such as 512Mi");
        row("request above limit", "memory: 512Mi}", "memory: 2Gi}",
            "case.yaml:17:15: error: spec.resources.requests.memory: request 2Gi is above the limit 1Gi");
        row("replicas as text", "  replicas: 2", "  replicas: \"2\"",
            "case.yaml:19:13: error: spec.replicas: expected a whole number from 0 to 1000, found quoted text");
        row("replicas outside autoscaling", "  replicas: 2", "  replicas: 7",
            "case.yaml:19:13: error: spec.replicas: 7 is outside autoscaling's 2..4");
        row("min above max", "minReplicas: 2, maxReplicas: 4", "minReplicas: 5, maxReplicas: 4",
            "case.yaml:20:30: error: spec.autoscaling.minReplicas: 5 is above maxReplicas 4");
        row("bad host", "{host: api.demo.dev}", "{host: api..demo}",
            "case.yaml:22:14: error: spec.domains[0].host: \"api..demo\" is not a valid host name");
        row("bad strategy", "strategy: canary", "strategy: bluegreen",
            "case.yaml:24:15: error: spec.deploy.strategy: \"bluegreen\" is not allowed; expected one of: rolling, canary, recreate");
        row("weights must rise", "{weight: 100}", "{weight: 5}",
            "case.yaml:27:9: error: spec.deploy.canary.steps[1].weight: weights must increase from step to step");
        row("bad pause", "pause: 5m", "pause: 5 minutes",
            "case.yaml:27:31: error: spec.deploy.canary.steps[0].pause: \"5 minutes\" is not a duration; expected a number with "
            "a unit h, m or s, such as 30s, 5m or 1h30m");
        row("unknown field near a known one", "  network:\n    ingress: public", "  network:\n    ingress: public\n  domains2: yes",
            "case.yaml:31:3: error: spec.domains2: unknown field; did you mean \"domains\"?");
        row("domains need public ingress", "ingress: public", "ingress: internal",
            "case.yaml:30:14: error: spec.network.ingress: a service with domains must have ingress: public");
        row("list where a mapping belongs", "  runtime:\n    port: 8080", "  runtime: [8080]",
            "case.yaml:12:12: error: spec.runtime: expected a mapping (key: value lines), found a list");
        row("duplicate key", "  replicas: 2", "  replicas: 2\n  replicas: 3",
            "case.yaml:20:3: error: spec.replicas: appears twice; keep one");
        row("path escaping the repository", "    baseImage:", "    path: ../../etc\n    baseImage:",
            "case.yaml:11:11: error: spec.build.path: must be a relative path inside the repository (no '/' prefix, no '..')");
        row("rolling settings on a canary", "    strategy: canary\n", "    strategy: canary\n    rolling: {maxSurge: 1}\n",
            "case.yaml:25:14: error: spec.deploy.rolling: only allowed with strategy: rolling");
        row("a rollout that cannot progress",
            "    strategy: canary\n    canary:\n      steps:\n        - {weight: 10, pause: 5m}\n        - {weight: 100}\n",
            "    strategy: rolling\n    rolling: {maxSurge: 0, maxUnavailable: 0%}\n",
            "case.yaml:25:14: error: spec.deploy.rolling: maxSurge and maxUnavailable cannot both be 0; a rollout could never progress");
        row("not YAML", "  replicas: 2", "  replicas: [2",
            "case.yaml:20:14: error: not valid YAML: end of sequence flow not found");
    }
    void brokenDocument()
    {
        QFETCH(QString, from);
        QFETCH(QString, to);
        QFETCH(QString, expected);
        QString text = QString::fromUtf8(kValid);
        QVERIFY2(text.contains(from), qPrintable(from));
        text.replace(text.indexOf(from), from.size(), to);
        const auto r = load(text.toUtf8());
        QVERIFY(!r.ok());
        const QStringList got = texts(r.diagnostics);
        QVERIFY2(got.contains(expected), qPrintable(QStringLiteral("expected:\n  %1\ngot:\n  %2").arg(expected, got.join(QStringLiteral("\n  ")))));
    }

    void canonicalJsonRoundTrips()
    {
        const auto first = load(kValid);
        QVERIFY(first.ok());
        const QJsonObject json = spec::toJson(first.specs.services.first());
        const auto second = load(spec::canonicalBytes(json));
        QVERIFY2(second.ok(), qPrintable(texts(second.diagnostics).join(u'\n')));
        QCOMPARE(spec::toJson(second.specs.services.first()), json);
        QCOMPARE(spec::contentHash(json).size(), 64);
    }

    void durations()
    {
        QCOMPARE(spec::parseDurationSeconds(u"5m"), std::optional<int>(300));
        QCOMPARE(spec::parseDurationSeconds(u"1h30m"), std::optional<int>(5400));
        QCOMPARE(spec::parseDurationSeconds(u"45s"), std::optional<int>(45));
        QVERIFY(!spec::parseDurationSeconds(u"5").has_value());
        QVERIFY(!spec::parseDurationSeconds(u"m5").has_value());
        QVERIFY(!spec::parseDurationSeconds(u"999999h").has_value());
        QCOMPARE(spec::formatDuration(300), QStringLiteral("5m"));
        QCOMPARE(spec::formatDuration(5400), QStringLiteral("90m"));
        QCOMPARE(spec::formatDuration(7200), QStringLiteral("2h"));
        QCOMPARE(spec::formatDuration(45), QStringLiteral("45s"));
    }

    void jsonDiffNamesEveryChange()
    {
        const QJsonObject a{{QStringLiteral("spec"), QJsonObject{{QStringLiteral("replicas"), 2},
                                                                 {QStringLiteral("domains"), QJsonArray{QStringLiteral("a.dev")}}}}};
        const QJsonObject b{{QStringLiteral("spec"), QJsonObject{{QStringLiteral("replicas"), 3},
                                                                 {QStringLiteral("domains"), QJsonArray{QStringLiteral("a.dev"), QStringLiteral("b.dev")}},
                                                                 {QStringLiteral("slo"), 99.9}}}};
        const QJsonArray d = spec::jsonDiff(a, b);
        QCOMPARE(d.size(), 3);
        QCOMPARE(d[0].toObject().value(QStringLiteral("path")).toString(), QStringLiteral("spec.domains[1]"));
        QCOMPARE(d[0].toObject().value(QStringLiteral("op")).toString(), QStringLiteral("added"));
        QCOMPARE(d[1].toObject().value(QStringLiteral("path")).toString(), QStringLiteral("spec.replicas"));
        QCOMPARE(d[1].toObject().value(QStringLiteral("from")).toInt(), 2);
        QCOMPARE(d[1].toObject().value(QStringLiteral("to")).toInt(), 3);
        QCOMPARE(d[2].toObject().value(QStringLiteral("path")).toString(), QStringLiteral("spec.slo"));
        QVERIFY(spec::jsonDiff(a, a).isEmpty());
    }
};

QTEST_APPLESS_MAIN(TestSpecLoader)
#include "tst_specloader.moc"
