// Informer against the fake cluster: list then watch from the list's resourceVersion, live
// changes into the cache, a dropped watch resumed from the last resourceVersion (no relist),
// bookmarks, 410 -> relist reconciled into added/updated/deleted, failures retried.

#include "FakeApi.h"

#include "kube/client/Informer.h"
#include "kube/client/KubeClient.h"

#include <QSignalSpy>
#include <QTest>

#include <optional>

using namespace enclii::kube;
using namespace enclii::kube::test;

namespace {

const QString kConfigMaps = kConfigMapsPath;

QString nameOf(const QJsonObject &o)
{
    return o.value(QLatin1String("metadata")).toObject().value(QLatin1String("name")).toString();
}

QString valueOf(const QJsonObject &o)
{
    return o.value(QLatin1String("data")).toObject().value(QLatin1String("v")).toString();
}

// The fake API and an informer on its ConfigMaps that logs what it signals.
struct Harness : FakeApi
{
    Harness()
    {
        KubeClient::Options o = fastOptions();
        o.maxAttempts = 1; // the informer's own retries are under test
        client = std::make_unique<KubeClient>(config(), o);
        Informer::Options io;
        io.labelSelector = QStringLiteral("app.kubernetes.io/managed-by=enclii");
        io.watchTimeoutSeconds = 60;
        io.initialBackoffMs = 20;
        io.maxBackoffMs = 100;
        informer = std::make_unique<Informer>(client.get(), QStringLiteral("ConfigMap"), QStringLiteral("shop"), io);
        QObject::connect(informer.get(), &Informer::added, informer.get(),
                         [this](const QJsonObject &o) { log << QLatin1String("added ") + nameOf(o) + QLatin1Char('=') + valueOf(o); });
        QObject::connect(informer.get(), &Informer::updated, informer.get(),
                         [this](const QJsonObject &before, const QJsonObject &after) {
                             log << QLatin1String("updated ") + nameOf(after) + QLatin1Char('=') + valueOf(before)
                                     + QLatin1String("->") + valueOf(after);
                         });
        QObject::connect(informer.get(), &Informer::deleted, informer.get(),
                         [this](const QJsonObject &o) { log << QLatin1String("deleted ") + nameOf(o); });
    }

    QList<FakeRequest> watches() const { return server.requests("GET", kConfigMaps, QStringLiteral("watch")); }
    int lists() const
    {
        int n = 0;
        for (const FakeRequest &r : server.requests("GET", kConfigMaps))
            n += r.hasParam(QStringLiteral("watch")) ? 0 : 1;
        return n;
    }

    std::unique_ptr<KubeClient> client;
    std::unique_ptr<Informer> informer;
    QStringList log;
};

} // namespace

class TestInformer : public QObject
{
    Q_OBJECT

private slots:
    void listsThenWatchesFromTheListVersion();
    void resumesDroppedWatchFromLastVersion();
    void bookmarksAdvanceTheVersion();
    void relistsOn410AndReconciles();
    void restartsWatchTheServerClosed();
    void retriesFailedListWithBackoff();
    void stopEndsTheWatch();
};

void TestInformer::listsThenWatchesFromTheListVersion()
{
    Harness h;
    QVERIFY(h.listening);
    h.putConfigMap(QStringLiteral("a"), QStringLiteral("1"));
    h.putConfigMap(QStringLiteral("b"), QStringLiteral("1"));
    h.putConfigMap(QStringLiteral("helm"), QStringLiteral("1"), QStringLiteral("helm")); // outside the selector
    const QString listVersion = QString::number(h.cluster.resourceVersion());
    QSignalSpy synced(h.informer.get(), &Informer::synced);
    h.informer->start();
    QVERIFY(synced.wait(5000));
    QVERIFY(h.informer->hasSynced());
    QCOMPARE(h.informer->size(), 2);
    QCOMPARE(h.log, (QStringList{QStringLiteral("added a=1"), QStringLiteral("added b=1")}));
    QCOMPARE(valueOf(h.informer->item(QStringLiteral("shop"), QStringLiteral("a"))), QStringLiteral("1"));

    QTRY_COMPARE(h.server.openStreams().size(), 1);
    const FakeRequest watch = h.watches().first();
    QCOMPARE(watch.param(QStringLiteral("resourceVersion")), listVersion);
    QCOMPARE(watch.param(QStringLiteral("labelSelector")), QStringLiteral("app.kubernetes.io/managed-by=enclii"));
    QCOMPARE(watch.param(QStringLiteral("timeoutSeconds")), QStringLiteral("60"));

    h.log.clear();
    h.putConfigMap(QStringLiteral("a"), QStringLiteral("2"));
    h.putConfigMap(QStringLiteral("c"), QStringLiteral("1"));
    h.cluster.erase(kConfigMaps + QStringLiteral("/b"));
    QTRY_COMPARE(h.log.size(), 3);
    QCOMPARE(h.log, (QStringList{QStringLiteral("updated a=1->2"), QStringLiteral("added c=1"),
                                 QStringLiteral("deleted b")}));
    QCOMPARE(h.informer->size(), 2);
    QVERIFY(h.informer->item(QStringLiteral("shop"), QStringLiteral("b")).isEmpty());
    QCOMPARE(h.informer->resourceVersion(), QString::number(h.cluster.resourceVersion()));
    QCOMPARE(h.lists(), 1);
}

void TestInformer::resumesDroppedWatchFromLastVersion()
{
    Harness h;
    QVERIFY(h.listening);
    h.putConfigMap(QStringLiteral("a"), QStringLiteral("1"));
    h.informer->start();
    QTRY_COMPARE(h.server.openStreams().size(), 1);
    h.putConfigMap(QStringLiteral("a"), QStringLiteral("2"));
    QTRY_COMPARE(h.log.size(), 2);
    const QString seen = QString::number(h.cluster.resourceVersion());

    // The connection drops; a change lands before the informer is back.
    h.server.finish(h.server.openStreams().first().first, true);
    h.putConfigMap(QStringLiteral("a"), QStringLiteral("3"));
    QTRY_COMPARE(h.watches().size(), 2);
    QCOMPARE(h.watches().last().param(QStringLiteral("resourceVersion")), seen);
    QTRY_COMPARE(h.log.size(), 3);
    QCOMPARE(h.log.last(), QStringLiteral("updated a=2->3")); // from the new watch's backlog
    QCOMPARE(h.lists(), 1);                                   // resumed, not relisted
    QCOMPARE(h.informer->listCount(), 1);
    QCOMPARE(h.informer->watchCount(), 2);
}

void TestInformer::bookmarksAdvanceTheVersion()
{
    Harness h;
    QVERIFY(h.listening);
    h.informer->start();
    QTRY_COMPARE(h.server.openStreams().size(), 1);
    h.putConfigMap(QStringLiteral("other"), QStringLiteral("1"), QStringLiteral("helm")); // not ours: no event for us
    h.cluster.bookmark();
    QTRY_COMPARE(h.informer->resourceVersion(), QString::number(h.cluster.resourceVersion()));
    h.server.finish(h.server.openStreams().first().first, false);
    QTRY_COMPARE(h.watches().size(), 2);
    QCOMPARE(h.watches().last().param(QStringLiteral("resourceVersion")), QString::number(h.cluster.resourceVersion()));
    QVERIFY(h.log.isEmpty());
}

void TestInformer::relistsOn410AndReconciles()
{
    Harness h;
    QVERIFY(h.listening);
    h.putConfigMap(QStringLiteral("a"), QStringLiteral("1"));
    h.putConfigMap(QStringLiteral("b"), QStringLiteral("1"));
    h.putConfigMap(QStringLiteral("c"), QStringLiteral("1"));
    QSignalSpy synced(h.informer.get(), &Informer::synced);
    h.informer->start();
    QTRY_COMPARE(h.server.openStreams().size(), 1);
    QCOMPARE(synced.size(), 1);
    h.log.clear();

    // Disconnected while the cluster moves on and compacts its history: the informer's
    // resourceVersion is too old now.
    h.server.finish(h.server.openStreams().first().first, true);
    h.cluster.erase(kConfigMaps + QStringLiteral("/a"));
    h.putConfigMap(QStringLiteral("b"), QStringLiteral("2"));
    h.putConfigMap(QStringLiteral("d"), QStringLiteral("1"));
    h.cluster.compact();

    QVERIFY(synced.wait(5000));
    QCOMPARE(h.lists(), 2);
    QCOMPARE(h.informer->listCount(), 2);
    h.log.sort();
    QCOMPARE(h.log, (QStringList{QStringLiteral("added d=1"), QStringLiteral("deleted a"), QStringLiteral("updated b=1->2")}));
    QCOMPARE(h.informer->size(), 3);
    QTRY_COMPARE(h.server.openStreams().size(), 1);
    QCOMPARE(h.watches().last().param(QStringLiteral("resourceVersion")), QString::number(h.cluster.resourceVersion()));
}

void TestInformer::restartsWatchTheServerClosed()
{
    Harness h;
    QVERIFY(h.listening);
    h.informer->start();
    QTRY_COMPARE(h.server.openStreams().size(), 1);
    QTest::qWait(1100); // a watch that lived its time is restarted at once
    h.server.finish(h.server.openStreams().first().first, false);
    QTRY_COMPARE(h.watches().size(), 2);
    QCOMPARE(h.informer->listCount(), 1);
    QVERIFY(h.informer->lastError().message.isEmpty()); // a normal end, not a failure
}

void TestInformer::retriesFailedListWithBackoff()
{
    Harness h;
    QVERIFY(h.listening);
    int failures = 2;
    h.intercept = [&](const FakeRequest &r) -> std::optional<FakeReply> {
        if (r.hasParam(QStringLiteral("watch")) || failures-- <= 0)
            return std::nullopt;
        return FakeReply::failure(403, QStringLiteral("Forbidden"), QStringLiteral("configmaps is forbidden"));
    };
    h.putConfigMap(QStringLiteral("a"), QStringLiteral("1"));
    QSignalSpy errors(h.informer.get(), &Informer::errorOccurred);
    QSignalSpy synced(h.informer.get(), &Informer::synced);
    h.informer->start();
    QVERIFY(synced.wait(5000));
    QCOMPARE(errors.size(), 2);
    QVERIFY(h.informer->lastError().isForbidden());
    QCOMPARE(h.lists(), 3);
    QCOMPARE(h.informer->size(), 1);
}

void TestInformer::stopEndsTheWatch()
{
    Harness h;
    QVERIFY(h.listening);
    h.informer->start();
    QTRY_COMPARE(h.server.openStreams().size(), 1);
    h.informer->stop();
    QTRY_COMPARE(h.server.openStreams().size(), 0);
    h.putConfigMap(QStringLiteral("a"), QStringLiteral("1"));
    QTest::qWait(100);
    QVERIFY(h.log.isEmpty());
    QCOMPARE(h.watches().size(), 1);
}

QTEST_GUILESS_MAIN(TestInformer)
#include "tst_informer.moc"
