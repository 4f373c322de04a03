// What the renderer produces for the seed ecosystem, applied through the client: every
// object's apiVersion and kind must resolve, land at its own URL, and apply again cleanly.

#include "FakeApi.h"

#include "../../reconcile/RenderFixture.h"
#include "kube/client/KubeClient.h"
#include "kube/client/Resources.h"
#include "reconcile/Renderer.h"

#include <QSet>
#include <QTest>

using namespace enclii;
using namespace enclii::kube;
using namespace enclii::kube::test;

class TestApplyRendered : public QObject
{
    Q_OBJECT

private slots:
    void seedAppliesAndReapplies();
};

void TestApplyRendered::seedAppliesAndReapplies()
{
    QVERIFY2(!core::hasErrors(testing::seed().diagnostics), "the seed specs load");
    QString error;
    const QList<QJsonObject> objects = reconcile::renderAll(testing::seedSpecs(), testing::seedReleases(), {}, &error);
    QVERIFY2(!objects.isEmpty(), qPrintable(error));

    FakeApi api;
    QVERIFY(api.listening);
    KubeClient client(api.config(), FakeApi::fastOptions());
    QSet<QString> kinds;
    for (const QJsonObject &object : objects) {
        const KubeResult<QJsonObject> live = client.apply(object);
        QVERIFY2(live.ok(), qPrintable(live.error().toString()));
        const KubeResult<ResourceType> type = resourceForObject(object);
        const QJsonObject meta = object.value(QLatin1String("metadata")).toObject();
        const QString path = type->objectPath(meta.value(QLatin1String("namespace")).toString(),
                                              meta.value(QLatin1String("name")).toString());
        QCOMPARE(api.server.requests().last().path, path);
        QVERIFY(api.cluster.contains(path));
        kinds.insert(type->kind);
    }
    // The renderer's whole vocabulary went through.
    for (const char *kind : {"Namespace", "ResourceQuota", "LimitRange", "NetworkPolicy", "Service", "Deployment",
                             "PodDisruptionBudget"})
        QVERIFY2(kinds.contains(QLatin1String(kind)), kind);

    // Applying the same objects again is an update of what the same manager owns: no conflict.
    for (const QJsonObject &object : objects) {
        const KubeResult<QJsonObject> again = client.apply(object);
        QVERIFY2(again.ok(), qPrintable(again.error().toString()));
    }
}

QTEST_GUILESS_MAIN(TestApplyRendered)
#include "tst_applyrendered.moc"
