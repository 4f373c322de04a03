// KubeClient's blocking calls against a fake API server that answers as the real one
// documents: server-side apply with conflicts and force, pagination, delete options,
// retries (429 + Retry-After, 5xx, dropped connections), rate limiting, token rotation.

#include "FakeApi.h"

#include "kube/client/KubeClient.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <optional>

using namespace enclii::kube;
using namespace enclii::kube::test;

namespace {

const QString kDeployments = QStringLiteral("/apis/apps/v1/namespaces/shop/deployments");
const QString kConfigMaps = kConfigMapsPath;

KubeClient::Options fast()
{
    return FakeApi::fastOptions();
}

QJsonObject deployment(const QString &name, int replicas, const QString &ns = QStringLiteral("shop"))
{
    QJsonObject meta{{QStringLiteral("name"), name},
                     {QStringLiteral("labels"), QJsonObject{{QStringLiteral("app.kubernetes.io/name"), name}}}};
    if (!ns.isEmpty())
        meta.insert(QStringLiteral("namespace"), ns);
    return {{QStringLiteral("apiVersion"), QStringLiteral("apps/v1")},
            {QStringLiteral("kind"), QStringLiteral("Deployment")},
            {QStringLiteral("metadata"), meta},
            {QStringLiteral("spec"), QJsonObject{{QStringLiteral("replicas"), replicas}}}};
}

QString meta(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String("metadata")).toObject().value(QLatin1String(key)).toString();
}

int replicas(const QJsonObject &o)
{
    return o.value(QLatin1String("spec")).toObject().value(QLatin1String("replicas")).toInt();
}

} // namespace

class TestKubeClient : public QObject
{
    Q_OBJECT

private slots:
    void applyCreatesThenUpdates();
    void applyConflictNamesManagersAndForceTakesOver();
    void applyDryRunStoresNothing();
    void getMissingObjectIsNotFound();
    void listFollowsContinueToTheEnd();
    void listStartsOverWhenContinueExpires();
    void deleteSendsOptionsInTheBody();
    void createAndReplaceUseOptimisticConcurrency();
    void tooManyRequestsIsRetriedAfterRetryAfter();
    void serverErrorsAreRetriedBounded();
    void clientErrorsAreNotRetried();
    void droppedConnectionsRetriedOnlyWhenIdempotent();
    void rateLimiterSpacesRequests();
    void rotatedTokenFileIsReread();
    void errorsCarryNoCredentials();
    void invalidArgumentsSendNothing();
    void silentServerTimesOut();
    void oversizedAnswerIsRefused();
    void otherThreadIsRefused();
    void plainHttpWithCredentialsOnlyToLoopback();
};

void TestKubeClient::applyCreatesThenUpdates()
{
    FakeApi h;
    QVERIFY(h.listening);
    KubeClient client(h.config(), fast());

    const KubeResult<QJsonObject> created = client.apply(deployment(QStringLiteral("web"), 2));
    QVERIFY2(created.ok(), qPrintable(created.error().toString()));
    QCOMPARE(replicas(*created), 2);
    const QString uid = meta(*created, "uid");
    QVERIFY(!uid.isEmpty());

    const FakeRequest first = h.server.requests().last();
    QCOMPARE(first.method, QByteArray("PATCH"));
    QCOMPARE(first.path, kDeployments + QStringLiteral("/web"));
    QCOMPARE(first.header("content-type"), QByteArray("application/apply-patch+yaml"));
    QCOMPARE(first.param(QStringLiteral("fieldManager")), QStringLiteral("enclii"));
    QVERIFY(!first.hasParam(QStringLiteral("force")));
    QVERIFY(!first.hasParam(QStringLiteral("dryRun")));
    QCOMPARE(first.header("authorization"), QByteArray("Bearer t"));
    QCOMPARE(first.json(), deployment(QStringLiteral("web"), 2));

    // The live object (with managedFields and resourceVersion) applied back with a change:
    // the same object, updated, not a second one.
    QJsonObject changed = *created;
    QJsonObject spec = changed.value(QLatin1String("spec")).toObject();
    spec.insert(QStringLiteral("replicas"), 4);
    changed.insert(QStringLiteral("spec"), spec);
    const KubeResult<QJsonObject> updated = client.apply(changed);
    QVERIFY2(updated.ok(), qPrintable(updated.error().toString()));
    QCOMPARE(replicas(*updated), 4);
    QCOMPARE(meta(*updated, "uid"), uid);
    QVERIFY(meta(*updated, "resourceVersion").toLongLong() > meta(*created, "resourceVersion").toLongLong());
    QVERIFY(!h.server.requests().last().json().value(QLatin1String("metadata")).toObject().contains(
        QLatin1String("managedFields")));

    // Without metadata.namespace, the object goes to the configured default namespace.
    const KubeResult<QJsonObject> defaulted = client.apply(deployment(QStringLiteral("api"), 1, QString()));
    QVERIFY2(defaulted.ok(), qPrintable(defaulted.error().toString()));
    QCOMPARE(h.server.requests().last().path, kDeployments + QStringLiteral("/api"));
    QVERIFY(h.cluster.contains(kDeployments + QStringLiteral("/api")));
}

void TestKubeClient::applyConflictNamesManagersAndForceTakesOver()
{
    FakeApi h;
    QVERIFY(h.listening);
    KubeClient client(h.config(), fast());
    QVERIFY(client.apply(deployment(QStringLiteral("web"), 2)).ok());
    // The autoscaler takes .spec.replicas over, as an Update.
    h.cluster.update(kDeployments + QStringLiteral("/web"),
                     QJsonObject{{QStringLiteral("spec"), QJsonObject{{QStringLiteral("replicas"), 5}}}},
                     QStringLiteral("horizontal-pod-autoscaler"));

    const KubeResult<QJsonObject> refused = client.apply(deployment(QStringLiteral("web"), 2));
    QVERIFY(!refused.ok());
    const KubeError &e = refused.error();
    QCOMPARE(e.httpStatus, 409);
    QVERIFY(e.isConflict());
    QCOMPARE(e.reason, QStringLiteral("Conflict"));
    const QList<FieldConflict> conflicts = e.fieldConflicts();
    QCOMPARE(conflicts.size(), 1);
    QCOMPARE(conflicts[0].manager, QStringLiteral("horizontal-pod-autoscaler"));
    QCOMPARE(conflicts[0].field, QStringLiteral(".spec.replicas"));
    QVERIFY2(e.toString().contains(QStringLiteral(".spec.replicas owned by \"horizontal-pod-autoscaler\"")),
             qPrintable(e.toString()));
    QVERIFY(e.toString().contains(QStringLiteral("force")));
    QCOMPARE(replicas(h.cluster.object(kDeployments + QStringLiteral("/web"))), 5);

    const KubeResult<QJsonObject> forced = client.apply(deployment(QStringLiteral("web"), 2), QStringLiteral("enclii"), true);
    QVERIFY2(forced.ok(), qPrintable(forced.error().toString()));
    QCOMPARE(h.server.requests().last().param(QStringLiteral("force")), QStringLiteral("true"));
    QCOMPARE(replicas(*forced), 2);
    // Ownership moved: applying again without force no longer conflicts.
    QVERIFY(client.apply(deployment(QStringLiteral("web"), 3)).ok());
}

void TestKubeClient::applyDryRunStoresNothing()
{
    FakeApi h;
    QVERIFY(h.listening);
    KubeClient client(h.config(), fast());
    KubeClient::ApplyOptions o;
    o.dryRun = true;
    const KubeResult<QJsonObject> r = client.apply(deployment(QStringLiteral("web"), 2), o);
    QVERIFY2(r.ok(), qPrintable(r.error().toString()));
    QCOMPARE(h.server.requests().last().param(QStringLiteral("dryRun")), QStringLiteral("All"));
    QCOMPARE(replicas(*r), 2);
    QVERIFY(!h.cluster.contains(kDeployments + QStringLiteral("/web")));
}

void TestKubeClient::getMissingObjectIsNotFound()
{
    FakeApi h;
    QVERIFY(h.listening);
    KubeClient client(h.config(), fast());
    const KubeResult<QJsonObject> missing = client.get(QStringLiteral("Deployment"), QStringLiteral("shop"),
                                                       QStringLiteral("nope"));
    QVERIFY(!missing.ok());
    QVERIFY(missing.error().isNotFound());
    QCOMPARE(missing.error().reason, QStringLiteral("NotFound"));
    QCOMPARE(missing.error().detailsName, QStringLiteral("nope"));
    QCOMPARE(h.server.requests().size(), 1); // a 404 is an answer, not a failure to retry

    QVERIFY(client.apply(deployment(QStringLiteral("web"), 2)).ok());
    const KubeResult<QJsonObject> found = client.get(QStringLiteral("Deployment"), {}, QStringLiteral("web"));
    QVERIFY2(found.ok(), qPrintable(found.error().toString()));
    QCOMPARE(h.server.requests().last().path, kDeployments + QStringLiteral("/web"));
    QCOMPARE(replicas(*found), 2);
}

void TestKubeClient::listFollowsContinueToTheEnd()
{
    FakeApi h;
    QVERIFY(h.listening);
    for (int i = 0; i < 7; ++i)
        h.putConfigMap(QStringLiteral("cm-%1").arg(i), QStringLiteral("v"));
    h.putConfigMap(QStringLiteral("other"), QStringLiteral("v"), QStringLiteral("helm"));
    KubeClient client(h.config(), fast());
    KubeClient::ListOptions o;
    o.labelSelector = QStringLiteral("app.kubernetes.io/managed-by=enclii");
    o.pageSize = 3;
    const KubeResult<KubeClient::ObjectList> r = client.list(QStringLiteral("ConfigMap"), QStringLiteral("shop"), o);
    QVERIFY2(r.ok(), qPrintable(r.error().toString()));
    QCOMPARE(r->items.size(), 7);
    QCOMPARE(r->pages, 3);
    QCOMPARE(r->resourceVersion, QString::number(h.cluster.resourceVersion()));
    for (int i = 0; i < 7; ++i) {
        QCOMPARE(meta(r->items[i], "name"), QStringLiteral("cm-%1").arg(i));
        QCOMPARE(r->items[i].value(QLatin1String("kind")).toString(), QStringLiteral("ConfigMap"));
        QCOMPARE(r->items[i].value(QLatin1String("apiVersion")).toString(), QStringLiteral("v1"));
    }
    const QList<FakeRequest> pages = h.server.requests("GET", kConfigMaps);
    QCOMPARE(pages.size(), 3);
    QVERIFY(!pages[0].hasParam(QStringLiteral("continue")));
    QVERIFY(!pages[1].param(QStringLiteral("continue")).isEmpty());
    QVERIFY(pages[2].param(QStringLiteral("continue")) != pages[1].param(QStringLiteral("continue")));
    for (const FakeRequest &p : pages) {
        QCOMPARE(p.param(QStringLiteral("limit")), QStringLiteral("3"));
        QCOMPARE(p.param(QStringLiteral("labelSelector")), o.labelSelector);
    }
}

void TestKubeClient::listStartsOverWhenContinueExpires()
{
    FakeApi h;
    QVERIFY(h.listening);
    for (int i = 0; i < 5; ++i)
        h.putConfigMap(QStringLiteral("cm-%1").arg(i), QStringLiteral("v"));
    h.cluster.expireNextContinue();
    KubeClient client(h.config(), fast());
    KubeClient::ListOptions o;
    o.pageSize = 2;
    const KubeResult<KubeClient::ObjectList> r = client.list(QStringLiteral("ConfigMap"), QStringLiteral("shop"), o);
    QVERIFY2(r.ok(), qPrintable(r.error().toString()));
    QCOMPARE(r->items.size(), 5); // no duplicates from the abandoned first pass
    const QList<FakeRequest> pages = h.server.requests("GET", kConfigMaps);
    // page 1, page 2 refused with 410, then pages 1..3 again
    QCOMPARE(pages.size(), 5);
    QVERIFY(!pages[2].hasParam(QStringLiteral("continue")));
}

void TestKubeClient::deleteSendsOptionsInTheBody()
{
    FakeApi h;
    QVERIFY(h.listening);
    KubeClient client(h.config(), fast());
    const KubeResult<QJsonObject> live = client.apply(deployment(QStringLiteral("web"), 2));
    QVERIFY(live.ok());

    KubeClient::DeleteOptions wrongUid;
    wrongUid.preconditionUid = QStringLiteral("someone-else");
    const KubeResult<KubeClient::DeleteResult> refused =
        client.remove(QStringLiteral("Deployment"), QStringLiteral("shop"), QStringLiteral("web"), wrongUid);
    QVERIFY(!refused.ok());
    QVERIFY(refused.error().isConflict());
    QVERIFY(h.cluster.contains(kDeployments + QStringLiteral("/web")));

    KubeClient::DeleteOptions o;
    o.propagation = KubeClient::Propagation::Foreground;
    o.preconditionUid = meta(*live, "uid");
    o.gracePeriodSeconds = 0;
    const KubeResult<KubeClient::DeleteResult> r =
        client.remove(QStringLiteral("Deployment"), QStringLiteral("shop"), QStringLiteral("web"), o);
    QVERIFY2(r.ok(), qPrintable(r.error().toString()));
    QVERIFY(!r->alreadyGone);
    QVERIFY(!meta(r->object, "deletionTimestamp").isEmpty());
    const FakeRequest sent = h.server.requests().last();
    QCOMPARE(sent.method, QByteArray("DELETE"));
    QCOMPARE(sent.path, kDeployments + QStringLiteral("/web"));
    const QJsonObject body = sent.json();
    QCOMPARE(body.value(QLatin1String("kind")).toString(), QStringLiteral("DeleteOptions"));
    QCOMPARE(body.value(QLatin1String("propagationPolicy")).toString(), QStringLiteral("Foreground"));
    QCOMPARE(body.value(QLatin1String("preconditions")).toObject().value(QLatin1String("uid")).toString(),
             meta(*live, "uid"));
    QCOMPARE(body.value(QLatin1String("gracePeriodSeconds")).toInt(-1), 0);
    QVERIFY(!h.cluster.contains(kDeployments + QStringLiteral("/web")));

    const KubeResult<KubeClient::DeleteResult> again =
        client.remove(QStringLiteral("Deployment"), QStringLiteral("shop"), QStringLiteral("web"));
    QVERIFY2(again.ok(), qPrintable(again.error().toString()));
    QVERIFY(again->alreadyGone);
    QCOMPARE(h.server.requests().last().json().value(QLatin1String("propagationPolicy")).toString(),
             QStringLiteral("Background"));
}

void TestKubeClient::createAndReplaceUseOptimisticConcurrency()
{
    FakeApi h;
    QVERIFY(h.listening);
    KubeClient client(h.config(), fast());
    const QJsonObject lease{{QStringLiteral("apiVersion"), QStringLiteral("coordination.k8s.io/v1")},
                            {QStringLiteral("kind"), QStringLiteral("Lease")},
                            {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), QStringLiteral("reconciler")}}},
                            {QStringLiteral("spec"), QJsonObject{{QStringLiteral("holderIdentity"), QStringLiteral("a")}}}};
    const KubeResult<QJsonObject> created = client.create(lease);
    QVERIFY2(created.ok(), qPrintable(created.error().toString()));
    QCOMPARE(h.server.requests().last().path, QStringLiteral("/apis/coordination.k8s.io/v1/namespaces/shop/leases"));
    const KubeResult<QJsonObject> twice = client.create(lease);
    QVERIFY(!twice.ok());
    QVERIFY(twice.error().isAlreadyExists());

    QJsonObject mine = *created;
    mine.insert(QStringLiteral("spec"), QJsonObject{{QStringLiteral("holderIdentity"), QStringLiteral("b")}});
    QVERIFY(client.replace(mine).ok());
    // The same stale resourceVersion again: someone (we) changed it meanwhile.
    const KubeResult<QJsonObject> stale = client.replace(mine);
    QVERIFY(!stale.ok());
    QVERIFY(stale.error().isConflict());
    QCOMPARE(h.server.requests().last().method, QByteArray("PUT"));
}

void TestKubeClient::tooManyRequestsIsRetriedAfterRetryAfter()
{
    FakeApi h;
    QVERIFY(h.listening);
    int refusals = 1;
    h.intercept = [&](const FakeRequest &) -> std::optional<FakeReply> {
        if (refusals-- <= 0)
            return std::nullopt;
        FakeReply r = FakeReply::failure(429, QStringLiteral("TooManyRequests"), QStringLiteral("slow down"),
                                        QJsonObject{{QStringLiteral("retryAfterSeconds"), 1}});
        r.headers.append(qMakePair(QByteArray("Retry-After"), QByteArray("1")));
        return r;
    };
    KubeClient client(h.config(), fast());
    QElapsedTimer clock;
    clock.start();
    const KubeResult<QJsonObject> r = client.apply(deployment(QStringLiteral("web"), 2));
    QVERIFY2(r.ok(), qPrintable(r.error().toString()));
    QCOMPARE(h.server.requests().size(), 2);
    QVERIFY2(clock.elapsed() >= 900, qPrintable(QString::number(clock.elapsed()))); // Retry-After, not the 10 ms backoff

    // A Retry-After beyond the limit is not waited for.
    refusals = 10;
    KubeClient::Options impatient = fast();
    impatient.maxRetryAfterMs = 500;
    KubeClient other(h.config(), impatient);
    h.server.clearRequests();
    const KubeResult<QJsonObject> refused = other.get(QStringLiteral("Deployment"), {}, QStringLiteral("web"));
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().httpStatus, 429);
    QCOMPARE(refused.error().retryAfterSeconds, 1);
    QCOMPARE(h.server.requests().size(), 1);
}

void TestKubeClient::serverErrorsAreRetriedBounded()
{
    FakeApi h;
    QVERIFY(h.listening);
    int failures = 2;
    h.intercept = [&](const FakeRequest &) -> std::optional<FakeReply> {
        if (failures-- <= 0)
            return std::nullopt;
        return FakeReply::failure(503, QStringLiteral("ServiceUnavailable"), QStringLiteral("etcd is busy"));
    };
    KubeClient client(h.config(), fast());
    QVERIFY(client.apply(deployment(QStringLiteral("web"), 2)).ok());
    QCOMPARE(h.server.requests().size(), 3);

    failures = 100;
    h.server.clearRequests();
    const KubeResult<QJsonObject> r = client.get(QStringLiteral("Deployment"), {}, QStringLiteral("web"));
    QVERIFY(!r.ok());
    QCOMPARE(h.server.requests().size(), 3); // maxAttempts
    QCOMPARE(r.error().attempts, 3);
    QCOMPARE(r.error().httpStatus, 503);
    QVERIFY(r.error().isTransient());
    QVERIFY(r.error().toString().contains(QStringLiteral("after 3 attempts")));
}

void TestKubeClient::clientErrorsAreNotRetried()
{
    FakeApi h;
    QVERIFY(h.listening);
    h.intercept = [](const FakeRequest &) -> std::optional<FakeReply> {
        return FakeReply::failure(
            422, QStringLiteral("Invalid"), QStringLiteral("Deployment.apps \"web\" is invalid"),
            QJsonObject{{QStringLiteral("name"), QStringLiteral("web")},
                        {QStringLiteral("causes"),
                         QJsonArray{QJsonObject{{QStringLiteral("reason"), QStringLiteral("FieldValueInvalid")},
                                                {QStringLiteral("message"), QStringLiteral("must be greater than or equal to 0")},
                                                {QStringLiteral("field"), QStringLiteral("spec.replicas")}}}}});
    };
    KubeClient client(h.config(), fast());
    const KubeResult<QJsonObject> r = client.apply(deployment(QStringLiteral("web"), -1));
    QVERIFY(!r.ok());
    QCOMPARE(h.server.requests().size(), 1);
    QCOMPARE(r.error().reason, QStringLiteral("Invalid"));
    QCOMPARE(r.error().causes.size(), 1);
    QCOMPARE(r.error().causes[0].type, QStringLiteral("FieldValueInvalid"));
    QVERIFY(r.error().toString().contains(QStringLiteral("spec.replicas: must be greater than or equal to 0")));
    QVERIFY(r.error().fieldConflicts().isEmpty());
}

void TestKubeClient::droppedConnectionsRetriedOnlyWhenIdempotent()
{
    FakeApi h;
    QVERIFY(h.listening);
    int drops = 0;
    h.intercept = [&](const FakeRequest &) -> std::optional<FakeReply> {
        if (drops-- <= 0)
            return std::nullopt;
        FakeReply r;
        r.ending = FakeReply::Ending::Refuse;
        return r;
    };
    KubeClient client(h.config(), fast());
    // Qt Network itself sends a request again once when a connection closes before any byte
    // of the answer (a stale keep-alive connection); our retries come on top, for idempotent
    // requests only.
    drops = 100;
    const KubeResult<QJsonObject> got = client.get(QStringLiteral("ConfigMap"), {}, QStringLiteral("c"));
    QCOMPARE(got.error().kind, KubeError::Kind::Network);
    QCOMPARE(got.error().attempts, 3);
    const qsizetype idempotentTries = h.server.requests().size();
    QVERIFY(idempotentTries >= 3);

    drops = 100;
    h.server.clearRequests();
    const KubeResult<QJsonObject> created = client.create(FakeApi::configMap(QStringLiteral("c"), QStringLiteral("v")));
    QCOMPARE(created.error().kind, KubeError::Kind::Network);
    QCOMPARE(created.error().attempts, 1);
    QVERIFY(h.server.requests().size() <= 2); // a POST that may have landed is not sent again by us
    QVERIFY(h.server.requests().size() < idempotentTries);

    drops = 2; // more than Qt's own resend alone gets past: our retry gets the apply through
    h.server.clearRequests();
    const KubeResult<QJsonObject> applied = client.apply(deployment(QStringLiteral("web"), 2));
    QVERIFY2(applied.ok(), qPrintable(applied.error().toString()));
    QCOMPARE(h.server.requests().size(), 3);
}

void TestKubeClient::rateLimiterSpacesRequests()
{
    FakeApi h;
    QVERIFY(h.listening);
    KubeClient::Options o = fast();
    o.qps = 20; // one request every 50 ms once the burst is spent
    o.burst = 2;
    KubeClient client(h.config(), o);
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < 6; ++i)
        QVERIFY(client.get(QStringLiteral("ConfigMap"), {}, QStringLiteral("cm-%1").arg(i)).error().isNotFound());
    // Two at once, four more each waiting for a token: at least 4 x 50 ms in all. (Only a
    // lower bound: a loaded machine is slower, never faster.)
    QVERIFY2(clock.elapsed() >= 190, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(h.server.requests().size(), 6);
    for (int i = 0; i < 6; ++i)
        QCOMPARE(h.server.requests()[i].path, kConfigMaps + QStringLiteral("/cm-%1").arg(i));
}

void TestKubeClient::rotatedTokenFileIsReread()
{
    FakeApi h;
    QVERIFY(h.listening);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString tokenPath = dir.filePath(QStringLiteral("token"));
    const auto writeToken = [&](const QByteArray &token) {
        QFile f(tokenPath);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(token + '\n');
    };
    writeToken("token-one");
    QByteArray accepted = "Bearer token-one";
    h.intercept = [&](const FakeRequest &r) -> std::optional<FakeReply> {
        if (r.header("authorization") != accepted)
            return FakeReply::failure(401, QStringLiteral("Unauthorized"), QStringLiteral("Unauthorized"));
        return std::nullopt;
    };
    KubeConfig config = h.config();
    config.token.clear();
    config.tokenFile = tokenPath;
    KubeClient client(config, fast());
    QVERIFY(client.get(QStringLiteral("ConfigMap"), {}, QStringLiteral("a")).error().isNotFound());

    // Rotated: a new file (another size) is noticed before the next request.
    writeToken("token-two-longer");
    accepted = "Bearer token-two-longer";
    QVERIFY(client.get(QStringLiteral("ConfigMap"), {}, QStringLiteral("a")).error().isNotFound());
    QCOMPARE(h.server.requests().last().header("authorization"), accepted);

    // Rotated behind our back (same size, same mtime): the 401 makes the client read it again.
    const QDateTime mtime = QFileInfo(tokenPath).lastModified();
    writeToken("token-3-x-longer");
    {
        QFile f(tokenPath);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.setFileTime(mtime, QFileDevice::FileModificationTime));
    }
    accepted = "Bearer token-3-x-longer";
    h.server.clearRequests();
    QVERIFY(client.get(QStringLiteral("ConfigMap"), {}, QStringLiteral("a")).error().isNotFound());
    QCOMPARE(h.server.requests().size(), 2);
    QCOMPARE(h.server.requests().first().header("authorization"), QByteArray("Bearer token-two-longer"));
    QCOMPARE(h.server.requests().last().header("authorization"), accepted);

    // A token the server keeps refusing is reported, not retried in a loop.
    accepted = "Bearer nobody";
    h.server.clearRequests();
    const KubeResult<QJsonObject> refused = client.get(QStringLiteral("ConfigMap"), {}, QStringLiteral("a"));
    QVERIFY(refused.error().isUnauthorized());
    QCOMPARE(h.server.requests().size(), 1);
}

void TestKubeClient::errorsCarryNoCredentials()
{
    FakeApi h;
    QVERIFY(h.listening);
    h.intercept = [](const FakeRequest &) -> std::optional<FakeReply> {
        return FakeReply::failure(403, QStringLiteral("Forbidden"),
                                 QStringLiteral("deployments.apps \"web\" is forbidden: User \"system:serviceaccount:enclii:"
                                                "encliid\" cannot patch resource \"deployments\""));
    };
    KubeConfig config = h.config();
    config.token = "s3cr3t-t0ken-value";
    KubeClient client(config, fast());
    const KubeResult<QJsonObject> r = client.apply(deployment(QStringLiteral("web"), 2));
    QVERIFY(!r.ok());
    QVERIFY(r.error().isForbidden());
    const QString text = r.error().toString();
    QVERIFY(!text.contains(QStringLiteral("s3cr3t")));
    QVERIFY(!config.describe().contains(QStringLiteral("s3cr3t")));
    QVERIFY2(text.contains(QStringLiteral("apply Deployment shop/web failed")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("PATCH http://127.0.0.1:")));
    QVERIFY(text.contains(QStringLiteral("HTTP 403 Forbidden")));
    QVERIFY(text.contains(QStringLiteral("RBAC")));
}

void TestKubeClient::invalidArgumentsSendNothing()
{
    FakeApi h;
    QVERIFY(h.listening);
    KubeClient client(h.config(), fast());
    const auto isInvalid = [](const KubeError &e, const QString &words) {
        return e.kind == KubeError::Kind::InvalidArgument && e.message.contains(words);
    };
    QVERIFY(isInvalid(client.get(QStringLiteral("CronJob"), {}, QStringLiteral("x")).error(), QStringLiteral("unknown kind")));
    QVERIFY(isInvalid(client.get(QStringLiteral("Deployment"), {}, QStringLiteral("Web_1")).error(),
                      QStringLiteral("not a valid Deployment name")));
    QVERIFY(isInvalid(client.get(QStringLiteral("Deployment"), QStringLiteral("../x"), QStringLiteral("web")).error(),
                      QStringLiteral("not a valid namespace")));
    QJsonObject ns{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                   {QStringLiteral("kind"), QStringLiteral("Namespace")},
                   {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), QStringLiteral("shop")},
                                                            {QStringLiteral("namespace"), QStringLiteral("x")}}}};
    QVERIFY(isInvalid(client.apply(ns).error(), QStringLiteral("cluster-scoped")));
    QJsonObject wrongGroup = deployment(QStringLiteral("web"), 1);
    wrongGroup.insert(QStringLiteral("apiVersion"), QStringLiteral("extensions/v1beta1"));
    QVERIFY(isInvalid(client.apply(wrongGroup).error(), QStringLiteral("does not serve")));
    QVERIFY(isInvalid(client.apply(deployment(QString(), 1)).error(), QStringLiteral("needs a name")));
    QCOMPARE(h.server.requests().size(), 0);
}

void TestKubeClient::silentServerTimesOut()
{
    FakeApi h;
    QVERIFY(h.listening);
    h.intercept = [](const FakeRequest &) -> std::optional<FakeReply> {
        FakeReply r;
        r.ending = FakeReply::Ending::Silent;
        return r;
    };
    KubeClient::Options o = fast();
    o.requestTimeoutMs = 300;
    o.maxAttempts = 2;
    KubeClient client(h.config(), o);
    const KubeResult<QJsonObject> r = client.get(QStringLiteral("Deployment"), {}, QStringLiteral("web"));
    QVERIFY(!r.ok());
    QCOMPARE(r.error().kind, KubeError::Kind::Timeout);
    QCOMPARE(r.error().attempts, 2);
    QCOMPARE(h.server.requests().size(), 2);
}

void TestKubeClient::oversizedAnswerIsRefused()
{
    FakeApi h;
    QVERIFY(h.listening);
    h.intercept = [](const FakeRequest &) -> std::optional<FakeReply> {
        return FakeReply::json(200, {{QStringLiteral("kind"), QStringLiteral("ConfigMap")},
                                     {QStringLiteral("data"), QString(100000, QLatin1Char('x'))}});
    };
    KubeClient::Options o = fast();
    o.maxResponseBytes = 4096;
    KubeClient client(h.config(), o);
    const KubeResult<QJsonObject> r = client.get(QStringLiteral("ConfigMap"), {}, QStringLiteral("big"));
    QVERIFY(!r.ok());
    QCOMPARE(r.error().kind, KubeError::Kind::Protocol);
    QVERIFY(r.error().message.contains(QStringLiteral("4096")));
}

void TestKubeClient::otherThreadIsRefused()
{
    FakeApi h;
    QVERIFY(h.listening);
    KubeClient client(h.config(), fast());
    QVERIFY(client.get(QStringLiteral("ConfigMap"), {}, QStringLiteral("a")).error().isNotFound());
    KubeError fromThread;
    std::unique_ptr<QThread> thread(QThread::create([&] {
        fromThread = client.get(QStringLiteral("ConfigMap"), {}, QStringLiteral("a")).error();
    }));
    thread->start();
    QVERIFY(thread->wait(10000));
    QCOMPARE(fromThread.kind, KubeError::Kind::InvalidArgument);
    QVERIFY(fromThread.message.contains(QStringLiteral("one client per thread")));
}

void TestKubeClient::plainHttpWithCredentialsOnlyToLoopback()
{
    KubeConfig config;
    config.server = QUrl(QStringLiteral("http://api.example.com:8080"));
    config.token = "t";
    KubeClient client(config, fast());
    const KubeError e = client.get(QStringLiteral("ConfigMap"), QStringLiteral("shop"), QStringLiteral("a")).error();
    QCOMPARE(e.kind, KubeError::Kind::Config);
    QVERIFY(e.message.contains(QStringLiteral("plain http")));
}

QTEST_GUILESS_MAIN(TestKubeClient)
#include "tst_kubeclient.moc"
