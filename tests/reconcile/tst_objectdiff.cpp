// Drift detection compares only the fields we set (server defaults, status and others'
// additions are not drift), and ownership is read from managedFields in the form apply
// conflicts name fields.
#include "reconcile/ObjectDiff.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace enclii::reconcile;

namespace {

QJsonObject parse(const char *json)
{
    return QJsonDocument::fromJson(json).object();
}

} // namespace

class TestObjectDiff : public QObject
{
    Q_OBJECT
private slots:
    void defaultsAndStatusAreNotDrift()
    {
        const QJsonObject desired = parse("{\"metadata\":{\"name\":\"web\",\"labels\":{\"app.kubernetes.io/name\":\"web\"}},"
            "            \"spec\":{\"replicas\":2,\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"r/web@sha256:1\",\"ports\":[{\"containerPort\":8080}]}]}}}}");
        const QJsonObject live = parse("{\"metadata\":{\"name\":\"web\",\"uid\":\"u\",\"resourceVersion\":\"9\",\"labels\":{\"app.kubernetes.io/name\":\"web\",\"extra\":\"x\"}},"
            "            \"spec\":{\"replicas\":2,\"revisionHistoryLimit\":10,\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"r/web@sha256:1\","
            "            \"imagePullPolicy\":\"IfNotPresent\",\"ports\":[{\"containerPort\":8080,\"protocol\":\"TCP\"}]}]}}},\"status\":{\"replicas\":2}}");
        QVERIFY(driftedFields(desired, live).isEmpty());
    }

    void changedAndMissingFieldsAreNamed()
    {
        const QJsonObject desired = parse("{\"metadata\":{\"labels\":{\"app.kubernetes.io/name\":\"web\"}},"
            "            \"spec\":{\"replicas\":2,\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"r/web@sha256:1\"}]}}}}");
        const QJsonObject live = parse("{\"metadata\":{\"labels\":{}},"
            "            \"spec\":{\"replicas\":5,\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"r/web@sha256:2\"}]}}}}");
        QCOMPARE(driftedFields(desired, live),
                 (QStringList{QStringLiteral("metadata.labels[\"app.kubernetes.io/name\"]"), QStringLiteral("spec.replicas"),
                              QStringLiteral("spec.template.spec.containers[0].image")}));
        // A list of another length is one path; the number of paths is bounded.
        const QJsonObject more = parse("{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"a\"},{\"name\":\"b\"}]}}}}");
        QCOMPARE(driftedFields(more, live), QStringList{QStringLiteral("spec.template.spec.containers")});
        QCOMPARE(driftedFields(desired, QJsonObject(), 1).size(), 1);
    }

    void ownershipIsReadFromManagedFields()
    {
        const QJsonObject live = parse("{\"metadata\":{\"managedFields\":["
            "            {\"manager\":\"enclii\",\"operation\":\"Apply\",\"fieldsV1\":{\"f:spec\":{\"f:replicas\":{},\"f:template\":{\"f:spec\":{\"f:containers\":{"
            "                \"k:{\\\"name\\\":\\\"web\\\"}\":{\".\":{},\"f:image\":{},\"f:ports\":{\"k:{\\\"containerPort\\\":8080,\\\"protocol\\\":\\\"TCP\\\"}\":{\".\":{},\"f:containerPort\":{}}}}}}}}}},"
            "            {\"manager\":\"kubectl-edit\",\"operation\":\"Update\",\"fieldsV1\":{\"f:metadata\":{\"f:labels\":{\"f:x\":{}}}}},"
            "            {\"manager\":\"enclii\",\"operation\":\"Apply\",\"subresource\":\"status\",\"fieldsV1\":{\"f:status\":{\"f:replicas\":{}}}}]}}");
        const QSet<QString> owned = fieldsOwnedBy(live, QStringLiteral("enclii"));
        QVERIFY(owned.contains(QStringLiteral(".spec.replicas")));
        QVERIFY(owned.contains(QStringLiteral(".spec.template.spec.containers[name=\"web\"].image")));
        QVERIFY(owned.contains(QStringLiteral(".spec.template.spec.containers[name=\"web\"].ports[containerPort=8080,protocol=\"TCP\"].containerPort")));
        QVERIFY(!owned.contains(QStringLiteral(".metadata.labels.x")));
        QVERIFY(!owned.contains(QStringLiteral(".status.replicas")));
        QVERIFY(fieldsOwnedBy(live, QStringLiteral("kubectl-edit")).isEmpty()); // not an Apply
        QVERIFY(fieldsOwnedBy(live, QStringLiteral("kubectl-edit"), QString()).contains(QStringLiteral(".metadata.labels.x")));
    }
};

QTEST_GUILESS_MAIN(TestObjectDiff)
#include "tst_objectdiff.moc"
