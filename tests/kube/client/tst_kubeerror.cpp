// KubeError: reading metav1.Status objects, apply conflicts, classification, text for people.

#include "kube/client/KubeError.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace enclii::kube;

class TestKubeError : public QObject
{
    Q_OBJECT

private slots:
    void readsApplyConflict();
    void classifies();
    void boundsHostileStatus();
    void ignoresWhatIsNotAStatus();
};

void TestKubeError::readsApplyConflict()
{
    // As the API server answers a conflicting server-side apply.
    const QJsonObject status = QJsonDocument::fromJson(R"({
        "kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
        "message":"Apply failed with 2 conflicts: conflict with \"kubectl-client-side-apply\" using apps/v1: .spec.replicas,conflict with \"hpa\": .spec.template.spec.containers[name=\"web\"].image",
        "reason":"Conflict",
        "details":{"name":"web","group":"apps","kind":"deployments","causes":[
            {"reason":"FieldManagerConflict","message":"conflict with \"kubectl-client-side-apply\" using apps/v1","field":".spec.replicas"},
            {"reason":"FieldManagerConflict","message":"conflict with \"hpa\"","field":".spec.template.spec.containers[name=\"web\"].image"}]},
        "code":409})").object();
    KubeError e;
    e.operation = QStringLiteral("apply Deployment shop/web");
    e.verb = QStringLiteral("PATCH");
    e.url = QStringLiteral("https://10.0.0.1:6443/apis/apps/v1/namespaces/shop/deployments/web?fieldManager=enclii");
    e.readStatus(status);
    QCOMPARE(e.httpStatus, 409);
    QCOMPARE(e.reason, QStringLiteral("Conflict"));
    QCOMPARE(e.detailsName, QStringLiteral("web"));
    QCOMPARE(e.detailsGroup, QStringLiteral("apps"));
    QCOMPARE(e.detailsKind, QStringLiteral("deployments"));
    QVERIFY(e.isConflict());
    QVERIFY(!e.isAlreadyExists());
    const QList<FieldConflict> c = e.fieldConflicts();
    QCOMPARE(c.size(), 2);
    QCOMPARE(c[0].manager, QStringLiteral("kubectl-client-side-apply"));
    QCOMPARE(c[0].field, QStringLiteral(".spec.replicas"));
    QCOMPARE(c[1].manager, QStringLiteral("hpa"));
    const QString text = e.toString();
    QVERIFY2(text.startsWith(QStringLiteral("apply Deployment shop/web failed: Apply failed with 2 conflicts")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("PATCH https://10.0.0.1:6443/apis/apps/v1/namespaces/shop/deployments/web"
                                         "?fieldManager=enclii -> HTTP 409 Conflict")));
    QVERIFY(text.contains(QStringLiteral(".spec.replicas owned by \"kubectl-client-side-apply\"")));
    QVERIFY(text.contains(QStringLiteral("apply with force")));
}

void TestKubeError::classifies()
{
    KubeError e;
    e.httpStatus = 410;
    QVERIFY(e.isExpired());
    e = {};
    e.readStatus(QJsonObject{{QStringLiteral("kind"), QStringLiteral("Status")}, {QStringLiteral("code"), 409},
                             {QStringLiteral("reason"), QStringLiteral("AlreadyExists")}});
    QVERIFY(e.isAlreadyExists());
    QVERIFY(!e.isConflict());
    e = {};
    e.kind = KubeError::Kind::Http;
    e.httpStatus = 503;
    QVERIFY(e.isTransient());
    e.httpStatus = 429;
    QVERIFY(e.isTransient());
    e.httpStatus = 404;
    QVERIFY(!e.isTransient());
    QVERIFY(e.isNotFound());
    e.kind = KubeError::Kind::Timeout;
    QVERIFY(e.isTransient());
    e.kind = KubeError::Kind::Config;
    QVERIFY(!e.isTransient());
    e = {};
    e.kind = KubeError::Kind::Network;
    e.message = QStringLiteral("Connection refused");
    e.url = QStringLiteral("https://10.0.0.1:6443/api/v1");
    e.attempts = 3;
    QVERIFY(e.toString().contains(QStringLiteral("after 3 attempts")));
    QVERIFY(e.toString().contains(QStringLiteral("certificate")));
}

void TestKubeError::boundsHostileStatus()
{
    QJsonArray causes;
    for (int i = 0; i < 1000; ++i)
        causes.append(QJsonObject{{QStringLiteral("reason"), QStringLiteral("FieldValueInvalid")},
                                  {QStringLiteral("message"), QString(10000, QLatin1Char('m'))},
                                  {QStringLiteral("field"), QStringLiteral("spec.x")}});
    KubeError e;
    e.readStatus(QJsonObject{{QStringLiteral("kind"), QStringLiteral("Status")},
                             {QStringLiteral("code"), 422},
                             {QStringLiteral("message"), QString(100000, QLatin1Char('x'))},
                             {QStringLiteral("details"), QJsonObject{{QStringLiteral("causes"), causes}}}});
    QCOMPARE(e.causes.size(), 32);
    QVERIFY(e.message.size() < 2100);
    QVERIFY(e.causes[0].message.size() < 600);
    QVERIFY(e.toString().size() < 40000);
}

void TestKubeError::ignoresWhatIsNotAStatus()
{
    KubeError e;
    e.httpStatus = 502;
    e.message = QStringLiteral("bad gateway");
    e.readStatus(QJsonObject{{QStringLiteral("kind"), QStringLiteral("Deployment")}, {QStringLiteral("code"), 200}});
    QCOMPARE(e.httpStatus, 502);
    QCOMPARE(e.message, QStringLiteral("bad gateway"));
}

QTEST_APPLESS_MAIN(TestKubeError)
#include "tst_kubeerror.moc"
