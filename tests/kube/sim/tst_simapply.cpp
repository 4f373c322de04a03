// Server-side apply, PUT with optimistic concurrency and merge patch against the simulated
// API server, over HTTP.
#include "SimFixture.h"

using namespace enclii::test;

namespace {

const QString kPath = QStringLiteral("/apis/apps/v1/namespaces/shop/deployments/web");

QByteArray webYaml(int replicas, const QByteArray &labels, const QByteArray &env)
{
    return "apiVersion: apps/v1\n"
           "kind: Deployment\n"
           "metadata:\n"
           "  name: web\n"
           "  labels:\n" + labels +
           "spec:\n"
           "  replicas: " + QByteArray::number(replicas) + "\n"
           "  selector:\n"
           "    matchLabels: {app: web}\n"
           "  template:\n"
           "    metadata:\n"
           "      labels: {app: web}\n"
           "    spec:\n"
           "      containers:\n"
           "      - name: app\n"
           "        image: \"registry.local/web:1\"\n"
           "        ports:\n"
           "        - containerPort: 8080\n"
           "        env:\n" + env;
}

QByteArray defaultWeb(int replicas = 2)
{
    return webYaml(replicas, "    team: shop\n    tier: front\n", "        - {name: MODE, value: prod}\n        - {name: LEVEL, value: info}\n");
}

QJsonObject managerEntry(const QJsonObject &o, const QString &manager, const QString &operation)
{
    for (const QJsonValue &v : at(o, QStringLiteral("metadata.managedFields")).toArray())
        if (v.toObject().value("manager") == manager && v.toObject().value("operation") == operation)
            return v.toObject();
    return {};
}

QStringList envNames(const QJsonObject &o)
{
    QStringList names;
    const QJsonObject c = at(o, QStringLiteral("spec.template.spec.containers")).toArray().first().toObject();
    for (const QJsonValue &e : c.value("env").toArray())
        names << e.toObject().value("name").toString();
    return names;
}

} // namespace

class TestSimApply : public QObject
{
    Q_OBJECT
private slots:
    void init()
    {
        m_sim = std::make_unique<SimFixture>();
        m_sim->createNamespace(QStringLiteral("shop"));
    }
    void cleanup() { m_sim.reset(); }

    void applyCreatesAndReapplyDoesNotWrite()
    {
        const HttpResult created = m_sim->apply(kPath, defaultWeb(), QStringLiteral("enclii"));
        QCOMPARE(created.status, 201);
        const QJsonObject o = created.json();
        QCOMPARE(at(o, "spec.replicas").toInt(), 2);
        QCOMPARE(at(o, "metadata.generation").toInt(), 1);
        QVERIFY(!at(o, "metadata.uid").toString().isEmpty());
        // Defaults are filled in and owned by nobody.
        QCOMPARE(at(o, "spec.strategy.type").toString(), QStringLiteral("RollingUpdate"));
        const QJsonObject mine = managerEntry(o, "enclii", "Apply");
        QVERIFY2(!mine.isEmpty(), created.body.constData());
        QVERIFY(at(mine, "fieldsV1.f:spec.f:replicas").isObject());
        QVERIFY(at(mine, "fieldsV1.f:spec.f:template.f:spec.f:containers").toObject().contains(R"(k:{"name":"app"})"));
        QVERIFY(!at(mine, "fieldsV1.f:spec").toObject().contains("f:strategy"));
        const QString rv = at(o, "metadata.resourceVersion").toString();

        const qint64 before = m_sim->cluster.store().currentVersion();
        m_sim->cluster.settle();
        const QString settledRv = m_sim->get(kPath).json().value("metadata").toObject().value("resourceVersion").toString();
        const HttpResult again = m_sim->apply(kPath, defaultWeb(), QStringLiteral("enclii"));
        QCOMPARE(again.status, 200);
        QCOMPARE(at(again.json(), "metadata.resourceVersion").toString(), settledRv);
        QVERIFY(before >= rv.toLongLong());
        QCOMPARE(m_sim->get(kPath).json().value("metadata").toObject().value("resourceVersion").toString(), settledRv);
    }

    void conflictingManagerGets409UnlessForced()
    {
        QCOMPARE(m_sim->apply(kPath, defaultWeb(2), QStringLiteral("enclii")).status, 201);
        const HttpResult conflict = m_sim->apply(kPath, defaultWeb(5), QStringLiteral("ops-console"));
        QCOMPARE(conflict.status, 409);
        const QJsonObject status = conflict.json();
        QCOMPARE(status.value("kind").toString(), QStringLiteral("Status"));
        QCOMPARE(status.value("reason").toString(), QStringLiteral("Conflict"));
        QVERIFY2(status.value("message").toString().startsWith("Apply failed with 1 conflict: conflict with \"enclii\" using apps/v1: .spec.replicas"),
                 qPrintable(status.value("message").toString()));
        const QJsonObject cause = at(status, "details.causes").toArray().first().toObject();
        QCOMPARE(cause.value("reason").toString(), QStringLiteral("FieldManagerConflict"));
        QCOMPARE(cause.value("field").toString(), QStringLiteral(".spec.replicas"));
        QCOMPARE(at(m_sim->get(kPath).json(), "spec.replicas").toInt(), 2);

        // The same value is shared ownership, not a conflict.
        QCOMPARE(m_sim->apply(kPath, defaultWeb(2), QStringLiteral("auditor")).status, 200);

        const HttpResult forced = m_sim->apply(kPath, defaultWeb(5), QStringLiteral("ops-console"), true);
        QCOMPARE(forced.status, 200);
        const QJsonObject o = forced.json();
        QCOMPARE(at(o, "spec.replicas").toInt(), 5);
        QVERIFY(!at(managerEntry(o, "enclii", "Apply"), "fieldsV1.f:spec").toObject().contains("f:replicas"));
        QVERIFY(at(managerEntry(o, "ops-console", "Apply"), "fieldsV1.f:spec.f:replicas").isObject());
        // The auditor shared the old value; forcing takes the field from it too.
        QVERIFY(!at(managerEntry(o, "auditor", "Apply"), "fieldsV1.f:spec").toObject().contains("f:replicas"));
    }

    void fieldsNoLongerAppliedAreRemoved()
    {
        QCOMPARE(m_sim->apply(kPath, defaultWeb(), QStringLiteral("enclii")).status, 201);
        // Another manager owns one env entry of the same container (a list-map keyed by name).
        const QByteArray sidecar = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n"
                                   "spec:\n  template:\n    spec:\n      containers:\n      - name: app\n"
                                   "        env:\n        - {name: TRACE, value: \"on\"}\n";
        const HttpResult side = m_sim->apply(kPath, sidecar, QStringLiteral("tracer"));
        QCOMPARE(side.status, 200);
        QCOMPARE(envNames(side.json()), (QStringList{"MODE", "LEVEL", "TRACE"}));
        QCOMPARE(at(side.json(), "spec.template.spec.containers").toArray().size(), 1);

        // enclii drops the "tier" label and the LEVEL variable.
        const HttpResult smaller = m_sim->apply(kPath, webYaml(2, "    team: shop\n", "        - {name: MODE, value: prod}\n"),
                                                QStringLiteral("enclii"));
        QCOMPARE(smaller.status, 200);
        const QJsonObject o = smaller.json();
        QVERIFY(!at(o, "metadata.labels").toObject().contains("tier"));
        QCOMPARE(at(o, "metadata.labels.team").toString(), QStringLiteral("shop"));
        QCOMPARE(envNames(o), (QStringList{"MODE", "TRACE"}));
        QCOMPARE(at(o, "metadata.generation").toInt(), 3); // created, the tracer's env, this change
    }

    void putNeedsTheCurrentResourceVersion()
    {
        QCOMPARE(m_sim->create("/apis/apps/v1/namespaces/shop/deployments", deployment("web", 1)).status, 201);
        QJsonObject live = m_sim->get(kPath).json();
        const QString rv = at(live, "metadata.resourceVersion").toString();
        QJsonObject spec = live.value("spec").toObject();
        spec.insert("replicas", 3);
        live.insert("spec", spec);
        const HttpResult ok = m_sim->send("PUT", kPath + "?fieldManager=editor", live);
        QCOMPARE(ok.status, 200);
        QVERIFY(at(ok.json(), "metadata.resourceVersion").toString() != rv);
        QCOMPARE(at(ok.json(), "metadata.generation").toInt(), 2);
        QVERIFY(at(managerEntry(ok.json(), "editor", "Update"), "fieldsV1.f:spec.f:replicas").isObject());

        spec.insert("replicas", 4);
        live.insert("spec", spec); // still carries the old resourceVersion
        const HttpResult stale = m_sim->send("PUT", kPath, live);
        QCOMPARE(stale.status, 409);
        QCOMPARE(stale.json().value("reason").toString(), QStringLiteral("Conflict"));
        QVERIFY(stale.json().value("message").toString().contains("the object has been modified"));
        QCOMPARE(at(m_sim->get(kPath).json(), "spec.replicas").toInt(), 3);

        // An apply now conflicts with the editor's Update ownership of replicas.
        const HttpResult conflict = m_sim->apply(kPath, defaultWeb(2), QStringLiteral("enclii"));
        QCOMPARE(conflict.status, 409);
        QVERIFY(conflict.json().value("message").toString().contains("\"editor\""));
    }

    void mergePatchAndLabelOnlyChanges()
    {
        QCOMPARE(m_sim->create("/apis/apps/v1/namespaces/shop/deployments", deployment("web", 1)).status, 201);
        const HttpResult patched = m_sim->send("PATCH", kPath, {{"metadata", QJsonObject{{"labels", QJsonObject{{"owner", "ana"}}}}}},
                                               "application/merge-patch+json");
        QCOMPARE(patched.status, 200);
        QCOMPARE(at(patched.json(), "metadata.labels.owner").toString(), QStringLiteral("ana"));
        QCOMPARE(at(patched.json(), "metadata.generation").toInt(), 1); // metadata is not spec
        const HttpResult removed = m_sim->send("PATCH", kPath, {{"metadata", QJsonObject{{"labels", QJsonObject{{"owner", QJsonValue::Null}}}}}},
                                               "application/merge-patch+json");
        QVERIFY(!at(removed.json(), "metadata.labels").toObject().contains("owner"));
        const HttpResult strategic = m_sim->send("PATCH", kPath, {}, "application/strategic-merge-patch+json");
        QCOMPARE(strategic.status, 415);
        QCOMPARE(strategic.json().value("reason").toString(), QStringLiteral("UnsupportedMediaType"));
    }

    void applyRequiresAFieldManagerAndAValidObject()
    {
        const HttpResult noManager = httpRequest(m_sim->base + kPath, "PATCH", defaultWeb(), "application/apply-patch+yaml");
        QCOMPARE(noManager.status, 400);
        QVERIFY(noManager.json().value("message").toString().contains("fieldManager"));
        const QByteArray noSelector = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n"
                                      "    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: app, image: x}]\n";
        const HttpResult invalid = m_sim->apply(kPath, noSelector, QStringLiteral("enclii"));
        QCOMPARE(invalid.status, 422);
        QCOMPARE(invalid.json().value("reason").toString(), QStringLiteral("Invalid"));
        QCOMPARE(at(invalid.json(), "details.causes").toArray().first().toObject().value("field").toString(), QStringLiteral("spec.selector"));
        QCOMPARE(m_sim->apply("/apis/apps/v1/namespaces/missing/deployments/web", defaultWeb(), QStringLiteral("enclii")).status, 404);
    }

private:
    std::unique_ptr<SimFixture> m_sim;
};

QTEST_GUILESS_MAIN(TestSimApply)
#include "tst_simapply.moc"
