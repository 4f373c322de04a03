// Resource addressing: the kinds table, URLs for every kind, name grammars, apiVersion checks.

#include "kube/client/Resources.h"

#include <QJsonObject>
#include <QTest>

using namespace enclii::kube;

class TestResources : public QObject
{
    Q_OBJECT

private slots:
    void urlsForEveryKind_data();
    void urlsForEveryKind();
    void everyKnownKindIsTested();
    void clusterScopedIgnoresNamespace();
    void names_data();
    void names();
    void namespaces();
    void apiVersionMustMatchTheGroup();
    void unknownKindListsTheKnownOnes();
};

void TestResources::urlsForEveryKind_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("apiVersion");
    QTest::addColumn<QString>("collection"); // in namespace "shop"
    QTest::addColumn<QString>("object");     // "shop/x"
    const auto row = [](const char *kind, const char *apiVersion, const char *collection, const char *object) {
        QTest::newRow(kind) << QString::fromLatin1(kind) << QString::fromLatin1(apiVersion)
                            << QString::fromLatin1(collection) << QString::fromLatin1(object);
    };
    row("Namespace", "v1", "/api/v1/namespaces", "/api/v1/namespaces/x");
    row("Deployment", "apps/v1", "/apis/apps/v1/namespaces/shop/deployments", "/apis/apps/v1/namespaces/shop/deployments/x");
    row("Service", "v1", "/api/v1/namespaces/shop/services", "/api/v1/namespaces/shop/services/x");
    row("Ingress", "networking.k8s.io/v1", "/apis/networking.k8s.io/v1/namespaces/shop/ingresses",
        "/apis/networking.k8s.io/v1/namespaces/shop/ingresses/x");
    row("HorizontalPodAutoscaler", "autoscaling/v2", "/apis/autoscaling/v2/namespaces/shop/horizontalpodautoscalers",
        "/apis/autoscaling/v2/namespaces/shop/horizontalpodautoscalers/x");
    row("PodDisruptionBudget", "policy/v1", "/apis/policy/v1/namespaces/shop/poddisruptionbudgets",
        "/apis/policy/v1/namespaces/shop/poddisruptionbudgets/x");
    row("ResourceQuota", "v1", "/api/v1/namespaces/shop/resourcequotas", "/api/v1/namespaces/shop/resourcequotas/x");
    row("LimitRange", "v1", "/api/v1/namespaces/shop/limitranges", "/api/v1/namespaces/shop/limitranges/x");
    row("NetworkPolicy", "networking.k8s.io/v1", "/apis/networking.k8s.io/v1/namespaces/shop/networkpolicies",
        "/apis/networking.k8s.io/v1/namespaces/shop/networkpolicies/x");
    row("Pod", "v1", "/api/v1/namespaces/shop/pods", "/api/v1/namespaces/shop/pods/x");
    row("ReplicaSet", "apps/v1", "/apis/apps/v1/namespaces/shop/replicasets", "/apis/apps/v1/namespaces/shop/replicasets/x");
    row("Lease", "coordination.k8s.io/v1", "/apis/coordination.k8s.io/v1/namespaces/shop/leases",
        "/apis/coordination.k8s.io/v1/namespaces/shop/leases/x");
    row("Event", "v1", "/api/v1/namespaces/shop/events", "/api/v1/namespaces/shop/events/x");
    row("ConfigMap", "v1", "/api/v1/namespaces/shop/configmaps", "/api/v1/namespaces/shop/configmaps/x");
    row("Secret", "v1", "/api/v1/namespaces/shop/secrets", "/api/v1/namespaces/shop/secrets/x");
    row("ServiceAccount", "v1", "/api/v1/namespaces/shop/serviceaccounts", "/api/v1/namespaces/shop/serviceaccounts/x");
    row("Node", "v1", "/api/v1/nodes", "/api/v1/nodes/x");
    row("NodeMetrics", "metrics.k8s.io/v1beta1", "/apis/metrics.k8s.io/v1beta1/nodes", "/apis/metrics.k8s.io/v1beta1/nodes/x");
    row("PodMetrics", "metrics.k8s.io/v1beta1", "/apis/metrics.k8s.io/v1beta1/namespaces/shop/pods",
        "/apis/metrics.k8s.io/v1beta1/namespaces/shop/pods/x");
}

void TestResources::urlsForEveryKind()
{
    QFETCH(QString, kind);
    QFETCH(QString, apiVersion);
    QFETCH(QString, collection);
    QFETCH(QString, object);
    const KubeResult<ResourceType> t = resourceForKind(kind);
    QVERIFY(t.ok());
    QCOMPARE(t->apiVersion(), apiVersion);
    QCOMPARE(t->collectionPath(QStringLiteral("shop")), collection);
    QCOMPARE(t->objectPath(QStringLiteral("shop"), QStringLiteral("x")), object);
    // The same resource from an object's apiVersion + kind.
    const KubeResult<ResourceType> fromObject = resourceForObject(
        QJsonObject{{QStringLiteral("apiVersion"), apiVersion}, {QStringLiteral("kind"), kind}});
    QVERIFY(fromObject.ok());
    QCOMPARE(fromObject->plural, t->plural);
    // Across all namespaces: the collection without the namespace part.
    if (t->namespaced)
        QCOMPARE(t->collectionPath(), t->groupVersionPath() + QLatin1Char('/') + t->plural);
}

void TestResources::everyKnownKindIsTested()
{
    QCOMPARE(knownResources().size(), 19);
}

void TestResources::clusterScopedIgnoresNamespace()
{
    const KubeResult<ResourceType> ns = resourceForKind(QStringLiteral("Namespace"));
    QVERIFY(!ns->namespaced);
    QCOMPARE(ns->collectionPath(QStringLiteral("shop")), QStringLiteral("/api/v1/namespaces"));
    QCOMPARE(ns->objectPath(QStringLiteral("ignored"), QStringLiteral("shop")), QStringLiteral("/api/v1/namespaces/shop"));
}

void TestResources::names_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("valid");
    QTest::newRow("deployment") << "Deployment" << "web-1" << true;
    QTest::newRow("subdomain dots") << "ConfigMap" << "kube-root-ca.crt" << true;
    QTest::newRow("event name") << "Event" << "web-1.17a8b2c3d4e5f6a7" << true;
    QTest::newRow("upper case") << "Deployment" << "Web" << false;
    QTest::newRow("underscore") << "Secret" << "db_password" << false;
    QTest::newRow("slash") << "Pod" << "a/b" << false;
    QTest::newRow("dot dot") << "Pod" << ".." << false;
    QTest::newRow("percent") << "Pod" << "a%2Fb" << false;
    QTest::newRow("empty") << "Pod" << "" << false;
    QTest::newRow("leading dash") << "Pod" << "-a" << false;
    QTest::newRow("subdomain max") << "Pod" << QString(63, QLatin1Char('a')) + "." + QString(63, QLatin1Char('b')) << true;
    QTest::newRow("subdomain too long") << "Pod" << QString(254, QLatin1Char('a')) << false;
    QTest::newRow("service digit first") << "Service" << "1web" << false;
    QTest::newRow("service letter first") << "Service" << "web1" << true;
    QTest::newRow("service no dots") << "Service" << "web.shop" << false;
    QTest::newRow("namespace label") << "Namespace" << "shop" << true;
    QTest::newRow("namespace no dots") << "Namespace" << "shop.prod" << false;
    QTest::newRow("namespace too long") << "Namespace" << QString(64, QLatin1Char('a')) << false;
}

void TestResources::names()
{
    QFETCH(QString, kind);
    QFETCH(QString, name);
    QFETCH(bool, valid);
    const QString why = resourceForKind(kind)->checkName(name);
    QCOMPARE(why.isEmpty(), valid);
    if (!valid)
        QVERIFY(why.contains(kind));
}

void TestResources::namespaces()
{
    QVERIFY(checkNamespace(QStringLiteral("shop")).isEmpty());
    QVERIFY(checkNamespace(QStringLiteral("kube-system")).isEmpty());
    QVERIFY(!checkNamespace(QString()).isEmpty());
    QVERIFY(!checkNamespace(QStringLiteral("Shop")).isEmpty());
    QVERIFY(!checkNamespace(QStringLiteral("../etc")).isEmpty());
}

void TestResources::apiVersionMustMatchTheGroup()
{
    const KubeResult<ResourceType> v1 = resourceFor(QStringLiteral("autoscaling/v1"), QStringLiteral("HorizontalPodAutoscaler"));
    QVERIFY(v1.ok());
    QCOMPARE(v1->collectionPath(QStringLiteral("shop")),
             QStringLiteral("/apis/autoscaling/v1/namespaces/shop/horizontalpodautoscalers"));
    const KubeResult<ResourceType> wrong = resourceFor(QStringLiteral("extensions/v1beta1"), QStringLiteral("Deployment"));
    QVERIFY(!wrong.ok());
    QCOMPARE(wrong.error().kind, KubeError::Kind::InvalidArgument);
    QVERIFY(wrong.error().message.contains(QStringLiteral("apps/v1")));
    QVERIFY(!resourceFor(QStringLiteral("apps/v1"), QStringLiteral("Service")).ok()); // core kind, group given
    QVERIFY(!resourceFor(QStringLiteral("v1"), QStringLiteral("Deployment")).ok());   // group kind, core given
    QVERIFY(!resourceFor(QStringLiteral("apps/../v1"), QStringLiteral("Deployment")).ok());
    QVERIFY(!resourceForObject(QJsonObject{{QStringLiteral("kind"), QStringLiteral("Pod")}}).ok());
}

void TestResources::unknownKindListsTheKnownOnes()
{
    const KubeResult<ResourceType> r = resourceForKind(QStringLiteral("CronJob"));
    QVERIFY(!r.ok());
    QVERIFY(r.error().message.contains(QStringLiteral("CronJob")));
    QVERIFY(r.error().message.contains(QStringLiteral("Deployment")));
    QVERIFY(!resourceForKind(QStringLiteral("deployment")).ok()); // kinds are case-sensitive
}

QTEST_APPLESS_MAIN(TestResources)
#include "tst_resources.moc"
