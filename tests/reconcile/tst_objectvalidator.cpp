// validateObject: every rendered kind passes, and each broken variant is refused with the
// field and reason named.
#include "RenderFixture.h"

#include "reconcile/ObjectValidator.h"
#include "reconcile/Renderer.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QTest>

using namespace enclii;
using namespace enclii::reconcile;
using namespace Qt::StringLiterals;

namespace {

// Sets (or, with an undefined value, removes) the value at a dotted path such as
// "spec.template.spec.containers[0].image"; a key with dots in it is quoted: 'enclii.dev/track'.
QJsonValue withValue(const QJsonValue &node, QStringList path, const QJsonValue &value)
{
    if (path.isEmpty())
        return value;
    QString head = path.takeFirst();
    static const QRegularExpression indexed(u"^(.*)\\[(\\d+)\\]$"_s);
    const auto m = indexed.match(head);
    QJsonObject o = node.toObject();
    if (m.hasMatch()) {
        QJsonArray a = o.value(m.captured(1)).toArray();
        const int i = m.captured(2).toInt();
        if (path.isEmpty() && value.isUndefined())
            a.removeAt(i);
        else
            a[i] = withValue(a.at(i), path, value);
        o.insert(m.captured(1), a);
        return o;
    }
    if (path.isEmpty() && value.isUndefined())
        o.remove(head);
    else
        o.insert(head, withValue(o.value(head), path, value));
    return o;
}

QJsonObject with(const QJsonObject &o, const QString &path, const QJsonValue &value)
{
    static const QRegularExpression part(u"'([^']*)'|([^.]+)"_s);
    QStringList keys;
    for (auto it = part.globalMatch(path); it.hasNext();) {
        const auto m = it.next();
        keys << (m.hasCaptured(1) ? m.captured(1) : m.captured(2));
    }
    return withValue(o, keys, value).toObject();
}

QJsonObject rendered(const QString &kind)
{
    static const QList<QJsonObject> objects = [] {
        QList<QJsonObject> out = renderNamespace(testing::seedSpecs(), u"enclii-forgesight"_s, {});
        const core::ServiceSpec *s = testing::seedSpecs().service(u"forgesight-web"_s);
        out << renderService(testing::seedSpecs(), *s, testing::releaseFor(*s), {});
        return out;
    }();
    for (const auto &o : objects)
        if (o[u"kind"] == kind && (kind != u"NetworkPolicy"_s || o[u"metadata"][u"name"] == u"forgesight-web"_s))
            return o;
    qFatal("no %s rendered", qPrintable(kind));
}

// A mutation leaves the render hash stale; drop it so only the mutation is reported.
QJsonObject unhashed(QJsonObject o)
{
    return with(o, u"metadata.annotations"_s, QJsonValue::Undefined);
}

} // namespace

class TestObjectValidator : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY2(testing::seed().ok(), "the seed specs must load");
    }

    void renderedKindsPass_data()
    {
        QTest::addColumn<QString>("kind");
        for (const char *kind : {"Namespace", "ResourceQuota", "LimitRange", "NetworkPolicy", "Service", "Deployment",
                                 "HorizontalPodAutoscaler", "PodDisruptionBudget", "Ingress"})
            QTest::newRow(kind) << QString::fromLatin1(kind);
    }
    void renderedKindsPass()
    {
        QFETCH(QString, kind);
        const QStringList problems = validateObject(rendered(kind));
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    }

    void brokenObjectsAreRefused_data()
    {
        QTest::addColumn<QJsonObject>("object");
        QTest::addColumn<QString>("problem");
        const QJsonObject deployment = unhashed(rendered(u"Deployment"_s));
        const QJsonObject service = unhashed(rendered(u"Service"_s));
        const QJsonObject ingress = unhashed(rendered(u"Ingress"_s));
        const QJsonObject hpa = unhashed(rendered(u"HorizontalPodAutoscaler"_s));
        const QJsonObject pdb = unhashed(rendered(u"PodDisruptionBudget"_s));
        const QJsonObject policy = unhashed(rendered(u"NetworkPolicy"_s));
        const QJsonObject quota = unhashed(rendered(u"ResourceQuota"_s));
        const QJsonObject limits = unhashed(rendered(u"LimitRange"_s));
        const QJsonObject ns = unhashed(rendered(u"Namespace"_s));

        QTest::newRow("kind under the wrong group")
            << with(service, u"apiVersion"_s, u"apps/v1"_s) << u"Service enclii-forgesight/forgesight-web: apiVersion/kind: \"apps/v1\" \"Service\" is not a kind Enclii renders"_s;
        QTest::newRow("old Ingress group")
            << with(ingress, u"apiVersion"_s, u"extensions/v1beta1"_s) << u"is not a kind Enclii renders"_s;
        QTest::newRow("HPA v1")
            << with(hpa, u"apiVersion"_s, u"autoscaling/v1"_s) << u"is not a kind Enclii renders"_s;
        QTest::newRow("namespace name too long")
            << with(ns, u"metadata.name"_s, QString(64, u'a')) << u"metadata.name: \"aaaa"_s;
        QTest::newRow("namespaced Namespace")
            << with(ns, u"metadata.namespace"_s, u"x"_s) << u"metadata.namespace: a Namespace is not namespaced"_s;
        QTest::newRow("service name starts with a digit")
            << with(service, u"metadata.name"_s, u"1web"_s) << u"is not a DNS-1035 label"_s;
        QTest::newRow("deployment name not a subdomain")
            << with(deployment, u"metadata.name"_s, u"Web_App"_s) << u"is not a DNS subdomain"_s;
        QTest::newRow("no namespace")
            << with(deployment, u"metadata.namespace"_s, QJsonValue::Undefined) << u"metadata.namespace: missing"_s;
        QTest::newRow("bad label value")
            << with(deployment, u"metadata.labels.team"_s, u"web team!"_s) << u"is not a valid label value"_s;
        QTest::newRow("bad label key")
            << with(deployment, u"metadata.labels.bad key"_s, u"x"_s) << u"is not a valid qualified name"_s;
        QTest::newRow("selector does not match template")
            << with(deployment, u"spec.selector.matchLabels.'enclii.dev/track'"_s, u"canary"_s)
            << u"spec.selector.matchLabels: \"enclii.dev/track\" does not match the template's labels"_s;
        QTest::newRow("empty selector")
            << with(deployment, u"spec.selector"_s, QJsonObject{}) << u"spec.selector: must select something"_s;
        QTest::newRow("container without image")
            << with(deployment, u"spec.template.spec.containers[0].image"_s, QJsonValue::Undefined)
            << u"spec.template.spec.containers[0].image: missing"_s;
        QTest::newRow("no containers")
            << with(deployment, u"spec.template.spec.containers"_s, QJsonArray{}) << u"spec.template.spec.containers: must not be empty"_s;
        QTest::newRow("bad cpu quantity")
            << with(deployment, u"spec.template.spec.containers[0].resources.requests.cpu"_s, u"12xyz"_s)
            << u"resources.requests.cpu: \"12xyz\" is not a quantity"_s;
        QTest::newRow("requests above limits")
            << with(deployment, u"spec.template.spec.containers[0].resources.requests.memory"_s, u"1Gi"_s)
            << u"resources.requests.memory: exceeds its bound"_s;
        QTest::newRow("mount of no volume")
            << with(deployment, u"spec.template.spec.volumes"_s, QJsonArray{}) << u"names no volume of the pod"_s;
        QTest::newRow("probe port out of range")
            << with(deployment, u"spec.template.spec.containers[0].livenessProbe.httpGet.port"_s, 70000)
            << u"livenessProbe.httpGet.port: must be from 1 to 65535"_s;
        QTest::newRow("both zero")
            << with(deployment, u"spec.strategy.rollingUpdate.maxSurge"_s, 0)
            << u"maxSurge and maxUnavailable may not both be 0"_s;
        QTest::newRow("negative replicas") << with(deployment, u"spec.replicas"_s, -1) << u"spec.replicas: must not be negative"_s;
        QTest::newRow("bad spread") << with(deployment, u"spec.template.spec.topologySpreadConstraints[0].maxSkew"_s, 0)
                                    << u"maxSkew: must be at least 1"_s;
        QTest::newRow("service without ports") << with(service, u"spec.ports"_s, QJsonArray{}) << u"spec.ports: must not be empty"_s;
        QTest::newRow("service port zero") << with(service, u"spec.ports[0].port"_s, 0) << u"spec.ports[0].port: must be from 1 to 65535"_s;
        QTest::newRow("ingress without rules") << with(ingress, u"spec.rules"_s, QJsonArray{}) << u"spec.rules: must not be empty"_s;
        QTest::newRow("ingress bad host") << with(ingress, u"spec.rules[0].host"_s, u"Forgesight.Quest"_s) << u"is not a DNS subdomain"_s;
        QTest::newRow("tls host without rule")
            << with(ingress, u"spec.tls[0].hosts[0]"_s, u"other.example.com"_s) << u"\"other.example.com\" has no rule"_s;
        QTest::newRow("hpa min above max") << with(hpa, u"spec.minReplicas"_s, 9) << u"spec.minReplicas: exceeds spec.maxReplicas"_s;
        QTest::newRow("hpa without metrics") << with(hpa, u"spec.metrics"_s, QJsonArray{}) << u"spec.metrics: must not be empty"_s;
        QTest::newRow("hpa without target") << with(hpa, u"spec.scaleTargetRef"_s, QJsonValue::Undefined) << u"spec.scaleTargetRef: missing"_s;
        QTest::newRow("pdb with both")
            << with(pdb, u"spec.minAvailable"_s, 1) << u"give exactly one of minAvailable and maxUnavailable"_s;
        QTest::newRow("policy without podSelector")
            << with(policy, u"spec.podSelector"_s, QJsonValue::Undefined) << u"spec.podSelector: missing"_s;
        QTest::newRow("policy without policyTypes")
            << with(policy, u"spec.policyTypes"_s, QJsonValue::Undefined) << u"spec.policyTypes: missing"_s;
        QTest::newRow("policy types without Egress")
            << with(policy, u"spec.policyTypes"_s, QJsonArray{u"Ingress"_s}) << u"spec.egress: rules without Egress in policyTypes are ignored"_s;
        QTest::newRow("peer with ipBlock and selector")
            << with(policy, u"spec.ingress[0].from[0].ipBlock"_s, QJsonObject{{u"cidr"_s, u"10.0.0.0/8"_s}})
            << u"spec.ingress[0].from[0]: give ipBlock, or podSelector and/or namespaceSelector"_s;
        QTest::newRow("bad cidr")
            << with(policy, u"spec.egress[0].to[0]"_s, QJsonObject{{u"ipBlock"_s, QJsonObject{{u"cidr"_s, u"10.0.0.1/8"_s}}}})
            << u"has host bits set"_s;
        QTest::newRow("except outside cidr")
            << with(policy, u"spec.egress[0].to[0]"_s,
                    QJsonObject{{u"ipBlock"_s, QJsonObject{{u"cidr"_s, u"10.0.0.0/8"_s}, {u"except"_s, QJsonArray{u"192.168.0.0/16"_s}}}}})
            << u"192.168.0.0/16 is not strictly inside 10.0.0.0/8"_s;
        QTest::newRow("quota with a bad quantity") << with(quota, u"spec.hard.'requests.cpu'"_s, u"lots"_s) << u"is not a quantity"_s;
        QTest::newRow("empty quota") << with(quota, u"spec.hard"_s, QJsonObject{}) << u"spec.hard: must not be empty"_s;
        QTest::newRow("limit default above max")
            << with(limits, u"spec.limits[0].default.memory"_s, u"4Gi"_s) << u"spec.limits[0].default.memory: exceeds its bound"_s;
    }
    void brokenObjectsAreRefused()
    {
        QFETCH(QJsonObject, object);
        QFETCH(QString, problem);
        const QStringList problems = validateObject(object);
        const bool found = std::any_of(problems.begin(), problems.end(), [&](const QString &p) { return p.contains(problem); });
        QVERIFY2(found, qPrintable(u"expected \"%1\" among:\n%2"_s.arg(problem, problems.join(u'\n'))));
    }

    void staleRenderHashIsReported()
    {
        const QJsonObject d = rendered(u"Deployment"_s);
        QVERIFY(validateObject(d).isEmpty());
        const QJsonObject changed = with(d, u"spec.template.spec.containers[0].image"_s,
                                         u"ghcr.io/x/y@sha256:"_s + QString(64, u'1'));
        QCOMPARE(validateObject(changed),
                 QStringList{u"Deployment enclii-forgesight/forgesight-web: metadata.annotations: "
                             "enclii.dev/render-hash is not the hash of this object"_s});
    }
};

QTEST_GUILESS_MAIN(TestObjectValidator)
#include "tst_objectvalidator.moc"
