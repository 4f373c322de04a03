// The rollout routes through the router and the role policy (a guard that takes the caller's
// grants from a test header and asks auth::allows, as the daemon's guard does after
// authentication): the role matrix for the controls, the state rules and their 409s, 404 and
// 422 answers as problem+json, the detail document (steps, thresholds, timeline, every
// measurement, the traffic split and its mode, the actions allowed), and the audit entries.
#include "RolloutFixture.h"

#include "api/CanaryResources.h"
#include "auth/Policy.h"
#include "canary/RolloutControls.h"
#include "canary/RolloutMachine.h"
#include "store/AuditLog.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace enclii;
using namespace enclii::canary;

namespace {

http::Guard testGuard()
{
    return [](http::Request &req, const http::RouteAccess &access) -> std::optional<http::Response> {
        const auto permission = auth::permissionFromName(access.permission);
        if (!permission)
            return http::internalError(QStringLiteral("unknown permission")).toResponse(req.path);
        req.principal.subject = QString::fromLatin1(req.header("x-test-user"));
        req.principal.email = req.principal.subject;
        for (const QByteArray &g : req.header("x-test-roles").split(','))
            if (!g.isEmpty())
                req.principal.grants << core::RoleGrant::fromString(QString::fromLatin1(g));
        const QStringList projects = access.projects ? access.projects(req) : QStringList();
        if (!auth::allows(req.principal, *permission, projects))
            return http::forbidden(QStringLiteral("%1 needs %2").arg(req.path, access.permission)).toResponse(req.path);
        return std::nullopt;
    };
}

} // namespace

class TestCanaryResources : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY2(m_db.ok(), qPrintable(m_db.error));
        m_store = std::make_unique<RolloutStore>(*m_db.db);
        m_audit = std::make_unique<store::AuditLog>(*m_db.db);
        m_controls = std::make_unique<RolloutControls>(*m_store, m_audit.get(), m_clock.clock(), Timeouts{});
        m_machine = std::make_unique<RolloutMachine>(*m_store, m_driver, m_metrics.measurer(), m_clock.clock(), RolloutMachine::Options{}, nullptr);
        m_resources = std::make_unique<api::CanaryResources>(*m_store, *m_controls);
        m_resources->registerRoutes(m_router);
        m_router.setGuard(testGuard());
    }

    void theRoleMatrix_data()
    {
        QTest::addColumn<QString>("roles");
        QTest::addColumn<int>("status");
        QTest::newRow("admin") << "admin" << 200;
        QTest::newRow("oncall") << "oncall" << 200;
        QTest::newRow("owner of the project") << "owner:shop" << 200;
        QTest::newRow("owner of another project") << "owner:other" << 403;
        QTest::newRow("developer") << "developer:shop" << 403;
        QTest::newRow("viewer") << "viewer:shop" << 403;
        QTest::newRow("finance") << "finance" << 403;
        QTest::newRow("nobody") << "" << 403;
    }

    void theRoleMatrix()
    {
        QFETCH(QString, roles);
        QFETCH(int, status);
        const qint64 id = startAndRun(QStringLiteral("matrix-%1").arg(QString::number(qHash(roles))));
        http::Response r = call("POST", QStringLiteral("/v1/rollouts/%1/pause").arg(id), roles);
        QCOMPARE(r.status, status);
        // Everyone who may read the catalog sees the rollout.
        if (!roles.isEmpty())
            QCOMPARE(call("GET", QStringLiteral("/v1/rollouts/%1").arg(id), roles).status, 200);
        QCOMPARE(stateName(m_store->rollout(id)->state), status == 200 ? QStringLiteral("paused") : QStringLiteral("progressing"));
    }

    void theDetailHasWhatOnCallNeeds()
    {
        const qint64 id = startAndRun(QStringLiteral("detail"), 8);
        const http::Response r = call("GET", QStringLiteral("/v1/rollouts/%1").arg(id), QStringLiteral("viewer:shop"));
        QCOMPARE(r.status, 200);
        const QJsonObject o = QJsonDocument::fromJson(r.body).object();
        QCOMPARE(o.value("state").toString(), QStringLiteral("progressing"));
        QCOMPARE(o.value("steps").toArray().size(), 3);
        QCOMPARE(o.value("steps").toArray().first().toObject().value("status").toString(), QStringLiteral("analysing"));
        QCOMPARE(o.value("traffic").toObject().value("mode").toString(), QStringLiteral("replicas"));
        QCOMPARE(o.value("traffic").toObject().value("canaryWeight").toDouble(), 25.0);
        QCOMPARE(o.value("thresholds").toObject().value("successRate").toObject().value("condition").toString(), QStringLiteral("result >= 0.99"));
        QCOMPARE(o.value("thresholds").toObject().value("latency").toObject().value("maxMs").toInt(), 300);
        const QJsonArray ms = o.value("measurements").toArray();
        QVERIFY(ms.size() >= 4);
        const QJsonObject m = ms.first().toObject();
        QVERIFY(m.contains("value") && m.contains("threshold") && m.contains("verdict") && m.contains("at"));
        QVERIFY(o.value("timeline").toArray().size() >= 2);
        QCOMPARE(o.value("actions").toArray().toVariantList(),
                 (QVariantList{QStringLiteral("promote"), QStringLiteral("promote-full"), QStringLiteral("pause"), QStringLiteral("abort")}));
        // And the list, filtered.
        const QJsonArray items = QJsonDocument::fromJson(call("GET", QStringLiteral("/v1/rollouts?service=detail&state=progressing"), QStringLiteral("viewer:shop")).body)
                                     .object().value("items").toArray();
        QCOMPARE(items.size(), 1);
        QCOMPARE(items.first().toObject().value("id").toInteger(), id);
        QCOMPARE(call("GET", QStringLiteral("/v1/rollouts?state=sideways"), QStringLiteral("viewer:shop")).status, 400);
    }

    void theStateRulesAndTheirConflicts()
    {
        const qint64 id = startAndRun(QStringLiteral("rules"));
        const QString oncall = QStringLiteral("oncall");
        // Resume needs a pause; a paused rollout cannot be paused again.
        expectConflict(call("POST", QStringLiteral("/v1/rollouts/%1/resume").arg(id), oncall), QStringLiteral("resume needs it paused"));
        QCOMPARE(call("POST", QStringLiteral("/v1/rollouts/%1/pause").arg(id), oncall).status, 200);
        expectConflict(call("POST", QStringLiteral("/v1/rollouts/%1/pause").arg(id), oncall), QStringLiteral("pause needs it pending or progressing"));
        QCOMPARE(call("POST", QStringLiteral("/v1/rollouts/%1/resume").arg(id), oncall).status, 200);
        // Promote one step: on to 50 %.
        http::Response r = call("POST", QStringLiteral("/v1/rollouts/%1/promote").arg(id), oncall, R"({"reason":"looks good"})");
        QCOMPARE(r.status, 200);
        QCOMPARE(m_store->rollout(id)->stepIndex, 1);
        // Retry needs an ended rollout.
        expectConflict(call("POST", QStringLiteral("/v1/rollouts/%1/retry").arg(id), oncall), QStringLiteral("retry needs it aborted or rolled_back or failed"));
        // Abort needs a reason.
        r = call("POST", QStringLiteral("/v1/rollouts/%1/abort").arg(id), oncall);
        QCOMPARE(r.status, 422);
        QCOMPARE(header(r, "content-type"), QByteArray("application/problem+json"));
        QCOMPARE(call("POST", QStringLiteral("/v1/rollouts/%1/abort").arg(id), oncall, R"({"reason":"p99 looks off"})").status, 200);
        m_machine->tick();
        QVERIFY(m_store->rollout(id)->settled);
        // Nothing but retry now.
        for (const char *action : {"promote", "promote-full", "pause", "resume", "abort"})
            QCOMPARE(call("POST", QStringLiteral("/v1/rollouts/%1/%2").arg(id).arg(QLatin1String(action)), oncall, R"({"reason":"x"})").status, 409);
        r = call("POST", QStringLiteral("/v1/rollouts/%1/retry").arg(id), oncall);
        QCOMPARE(r.status, 202);
        const qint64 retried = QJsonDocument::fromJson(r.body).object().value("id").toInteger();
        QVERIFY(retried > id);
        QCOMPARE(header(r, "location"), QByteArray("/v1/rollouts/") + QByteArray::number(retried));
        QCOMPARE(m_store->rollout(retried)->retryOf, id);
        QCOMPARE(m_store->rollout(retried)->image, m_store->rollout(id)->image);
        // The old one is no longer the newest: retrying it again is refused.
        expectConflict(call("POST", QStringLiteral("/v1/rollouts/%1/retry").arg(id), oncall), QStringLiteral("not the newest rollout"));
        // Promote fully from the start, and no abort once promoting.
        QCOMPARE(call("POST", QStringLiteral("/v1/rollouts/%1/pause").arg(retried), oncall).status, 200);
        QCOMPARE(call("POST", QStringLiteral("/v1/rollouts/%1/promote-full").arg(retried), oncall).status, 200);
        QCOMPARE(stateName(m_store->rollout(retried)->state), QStringLiteral("promoting"));
        expectConflict(call("POST", QStringLiteral("/v1/rollouts/%1/abort").arg(retried), oncall, R"({"reason":"too late"})"),
                       QStringLiteral("abort needs it pending or progressing or paused"));

        // Every control was audited, with who and why.
        QStringList actions;
        for (const store::AuditEntry &e : m_audit->list(50, 0, QStringLiteral("rollout/%1").arg(id)))
            actions.prepend(e.action);
        QCOMPARE(actions, (QStringList{"canary.pause", "canary.resume", "canary.promote", "canary.abort", "canary.retry"}));
        const store::AuditEntry abort = m_audit->list(50, 0, QStringLiteral("rollout/%1").arg(id))[1];
        QCOMPARE(abort.actor, QStringLiteral("tester@test.local"));
        QCOMPARE(abort.detail.value("reason").toString(), QStringLiteral("p99 looks off"));
    }

    void unknownAndHostileRequests()
    {
        QCOMPARE(call("GET", QStringLiteral("/v1/rollouts/999999"), QStringLiteral("admin")).status, 404);
        QCOMPARE(call("GET", QStringLiteral("/v1/rollouts/abc"), QStringLiteral("admin")).status, 404);
        QCOMPARE(call("POST", QStringLiteral("/v1/rollouts/999999/pause"), QStringLiteral("admin")).status, 404);
        // An unknown rollout names no project: a project role cannot act on it.
        QCOMPARE(call("POST", QStringLiteral("/v1/rollouts/999999/pause"), QStringLiteral("owner:shop")).status, 403);
        const qint64 id = startAndRun(QStringLiteral("hostile"));
        QCOMPARE(call("POST", QStringLiteral("/v1/rollouts/%1/pause").arg(id), QStringLiteral("admin"), "{not json").status, 400);
        QCOMPARE(call("POST", QStringLiteral("/v1/rollouts/%1/pause").arg(id), QStringLiteral("admin"), R"({"reason":5})").status, 422);
        QCOMPARE(call("POST", QStringLiteral("/v1/rollouts/%1/abort").arg(id), QStringLiteral("admin"),
                      QJsonDocument(QJsonObject{{"reason", QString(1001, u'x')}}).toJson())
                     .status,
                 422);
        http::Request req;
        req.method = "POST";
        req.path = QStringLiteral("/v1/rollouts/%1/pause").arg(id);
        req.body = R"({"reason":"x"})";
        req.headers.insert("content-type", "text/plain");
        req.headers.insert("x-test-roles", "admin");
        req.headers.insert("x-test-user", "tester@test.local");
        QCOMPARE(m_router.dispatch(req).status, 415);
        QCOMPARE(call("GET", QStringLiteral("/v1/rollouts?limit=0"), QStringLiteral("admin")).status, 400);
    }

private:
    qint64 startAndRun(const QString &service, int ticks = 4)
    {
        const qint64 id = m_store->start(test::release(service, QStringLiteral("1"), test::seedStrategy()), m_clock.now).rollout.id;
        for (int i = 0; i < ticks; ++i) {
            m_machine->tick();
            m_clock.advance(30);
        }
        return id;
    }

    http::Response call(const QByteArray &method, const QString &target, const QString &roles, const QByteArray &body = {})
    {
        http::Request req;
        req.method = method;
        const QUrl url(target);
        req.path = url.path();
        req.query = QUrlQuery(url.query());
        req.body = body;
        if (!body.isEmpty())
            req.headers.insert("content-type", "application/json");
        req.headers.insert("x-test-user", "tester@test.local");
        req.headers.insert("x-test-roles", roles.toLatin1());
        return m_router.dispatch(req);
    }

    static QByteArray header(const http::Response &r, const QByteArray &name)
    {
        for (const auto &h : r.headers)
            if (h.first.toLower() == name)
                return h.second;
        return {};
    }

    static void expectConflict(const http::Response &r, const QString &says)
    {
        QCOMPARE(r.status, 409);
        const QJsonObject o = QJsonDocument::fromJson(r.body).object();
        QCOMPARE(o.value("code").toString(), QStringLiteral("rollout-state"));
        QVERIFY2(o.value("detail").toString().contains(says), qPrintable(o.value("detail").toString()));
    }

    test::RolloutDatabase m_db{QStringLiteral("rollout_routes")};
    test::FakeClock m_clock;
    test::FakeDriver m_driver;
    test::ScriptedMetrics m_metrics;
    std::unique_ptr<RolloutStore> m_store;
    std::unique_ptr<store::AuditLog> m_audit;
    std::unique_ptr<RolloutControls> m_controls;
    std::unique_ptr<RolloutMachine> m_machine;
    std::unique_ptr<api::CanaryResources> m_resources;
    http::Router m_router;
};

QTEST_GUILESS_MAIN(TestCanaryResources)
#include "tst_canaryresources.moc"
