// KubeWatch against the fake API server: a newline-delimited event stream cut at arbitrary
// byte boundaries, live events on an open stream, bookmarks, the two shapes of 410 (an ERROR
// event, an HTTP status), dropped connections, oversized events, stop().

#include "FakeApi.h"

#include "kube/client/KubeClient.h"
#include "kube/client/KubeWatch.h"

#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

#include <optional>

using namespace enclii::kube;
using namespace enclii::kube::test;

namespace {

const QString kConfigMaps = kConfigMapsPath;

// The fake API and a client whose watches record their events.
struct Harness : FakeApi
{
    Harness()
    {
        KubeClient::Options o = fastOptions();
        o.maxWatchEventBytes = 2048;
        client = std::make_unique<KubeClient>(config(), o);
    }

    std::unique_ptr<KubeWatch> watch(const QString &rv, int timeoutSeconds = 0)
    {
        KubeClient::WatchOptions o;
        o.resourceVersion = rv;
        o.timeoutSeconds = timeoutSeconds;
        KubeResult<std::unique_ptr<KubeWatch>> w = client->watch(QStringLiteral("ConfigMap"), QStringLiteral("shop"), o);
        if (!w.ok())
            return nullptr;
        std::unique_ptr<KubeWatch> out = std::move(w.value());
        QObject::connect(out.get(), &KubeWatch::eventReceived, out.get(), [this](const WatchEvent &e) { events << e; });
        return out;
    }

    std::unique_ptr<KubeClient> client;
    QList<WatchEvent> events;
};

QString nameOf(const WatchEvent &e)
{
    return e.object.value(QLatin1String("metadata")).toObject().value(QLatin1String("name")).toString();
}

QByteArray line(const char *type, const QJsonObject &object)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("type"), QLatin1String(type)}, {QStringLiteral("object"), object}})
               .toJson(QJsonDocument::Compact)
        + '\n';
}

QJsonObject withRv(QJsonObject o, int rv)
{
    QJsonObject meta = o.value(QLatin1String("metadata")).toObject();
    meta.insert(QStringLiteral("resourceVersion"), QString::number(rv));
    o.insert(QStringLiteral("metadata"), meta);
    return o;
}

// Cuts bytes into pieces of 1 to 9 bytes: boundaries inside JSON strings, numbers and
// between the last '}' and its newline.
QList<QByteArray> ragged(const QByteArray &bytes, quint32 seed)
{
    QRandomGenerator random(seed);
    QList<QByteArray> pieces;
    for (qsizetype at = 0; at < bytes.size();) {
        const qsizetype n = qMin<qsizetype>(bytes.size() - at, 1 + random.bounded(9));
        pieces << bytes.mid(at, n);
        at += n;
    }
    return pieces;
}

} // namespace

class TestKubeWatch : public QObject
{
    Q_OBJECT

private slots:
    void eventsSplitAtArbitraryBoundaries();
    void liveEventsOnAnOpenStream();
    void errorEvent410IsExpired();
    void http410IsExpired();
    void otherErrorEventFails();
    void droppedConnectionFails();
    void oversizedEventFails();
    void stopEndsQuietly();
    void openWatchesDoNotHoldUpCalls();
    void unknownKindIsRefused();
};

void TestKubeWatch::eventsSplitAtArbitraryBoundaries()
{
    Harness h;
    QVERIFY(h.listening);
    const QJsonObject a = h.configMap(QStringLiteral("a"), QStringLiteral("1"));
    const QJsonObject b = h.configMap(QStringLiteral("b"), QStringLiteral("multi\nline \"quoted\" \u00e9"));
    const QJsonObject bookmark{{QStringLiteral("kind"), QStringLiteral("ConfigMap")},
                               {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("resourceVersion"), QStringLiteral("120")}}}};
    const QByteArray stream = line("ADDED", withRv(a, 101)) + line("ADDED", withRv(b, 102))
        + line("MODIFIED", withRv(a, 103)) + line("BOOKMARK", bookmark) + line("DELETED", withRv(b, 104))
        + line("BOOKMARK", withRv(bookmark, 130));
    for (const quint32 seed : {1u, 7u, 42u}) {
        h.events.clear();
        h.intercept = [&](const FakeRequest &) -> std::optional<FakeReply> {
            return FakeReply::stream(ragged(stream, seed), FakeReply::Ending::Complete, 1);
        };
        std::unique_ptr<KubeWatch> w = h.watch(QStringLiteral("100"), 30);
        QVERIFY(w);
        QSignalSpy finished(w.get(), &KubeWatch::finished);
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.first().first().value<KubeWatch::End>(), KubeWatch::End::Closed);
        QCOMPARE(h.events.size(), 6);
        const QList<WatchEvent::Type> types{WatchEvent::Type::Added, WatchEvent::Type::Added, WatchEvent::Type::Modified,
                                            WatchEvent::Type::Bookmark, WatchEvent::Type::Deleted,
                                            WatchEvent::Type::Bookmark};
        for (int i = 0; i < 6; ++i)
            QCOMPARE(h.events[i].type, types[i]);
        QCOMPARE(nameOf(h.events[1]), QStringLiteral("b"));
        QCOMPARE(h.events[1].object.value(QLatin1String("data")).toObject().value(QLatin1String("v")).toString(),
                 QStringLiteral("multi\nline \"quoted\" \u00e9"));
        QCOMPARE(h.events[3].resourceVersion(), QStringLiteral("120"));
        QCOMPARE(w->lastResourceVersion(), QStringLiteral("130"));
        QCOMPARE(w->eventCount(), 6);
    }
    const FakeRequest sent = h.server.requests().last();
    QCOMPARE(sent.path, kConfigMaps);
    QCOMPARE(sent.param(QStringLiteral("watch")), QStringLiteral("1"));
    QCOMPARE(sent.param(QStringLiteral("resourceVersion")), QStringLiteral("100"));
    QCOMPARE(sent.param(QStringLiteral("allowWatchBookmarks")), QStringLiteral("true"));
    QCOMPARE(sent.param(QStringLiteral("timeoutSeconds")), QStringLiteral("30"));
    QCOMPARE(sent.header("authorization"), QByteArray("Bearer t"));
}

void TestKubeWatch::liveEventsOnAnOpenStream()
{
    Harness h;
    QVERIFY(h.listening);
    h.putConfigMap(QStringLiteral("a"), QStringLiteral("1"));
    const QString from = QString::number(h.cluster.resourceVersion());
    std::unique_ptr<KubeWatch> w = h.watch(from);
    QVERIFY(w);
    QSignalSpy finished(w.get(), &KubeWatch::finished);
    QTRY_COMPARE(h.server.openStreams().size(), 1);
    QVERIFY(h.events.isEmpty()); // nothing happened since `from`

    h.putConfigMap(QStringLiteral("a"), QStringLiteral("2"));
    QTRY_COMPARE(h.events.size(), 1);
    QCOMPARE(h.events[0].type, WatchEvent::Type::Modified);
    h.cluster.erase(kConfigMaps + QStringLiteral("/a"));
    h.cluster.bookmark();
    QTRY_COMPARE(h.events.size(), 3);
    QCOMPARE(h.events[1].type, WatchEvent::Type::Deleted);
    QCOMPARE(h.events[2].type, WatchEvent::Type::Bookmark);
    QCOMPARE(w->lastResourceVersion(), QString::number(h.cluster.resourceVersion()));
    QVERIFY(w->isRunning());
    QVERIFY(finished.isEmpty());

    h.server.finish(h.server.openStreams().first().first, false);
    QVERIFY(finished.wait(5000));
    QCOMPARE(finished.first().first().value<KubeWatch::End>(), KubeWatch::End::Closed);
    QVERIFY(!w->isRunning());
}

void TestKubeWatch::errorEvent410IsExpired()
{
    Harness h;
    QVERIFY(h.listening);
    h.putConfigMap(QStringLiteral("a"), QStringLiteral("1"));
    const QString old = QString::number(h.cluster.resourceVersion());
    h.putConfigMap(QStringLiteral("a"), QStringLiteral("2"));
    h.cluster.compact();
    std::unique_ptr<KubeWatch> w = h.watch(old);
    QSignalSpy finished(w.get(), &KubeWatch::finished);
    QVERIFY(finished.wait(5000));
    QCOMPARE(finished.first().first().value<KubeWatch::End>(), KubeWatch::End::Expired);
    QVERIFY(w->error().isExpired());
    QCOMPARE(w->error().httpStatus, 410);
    QVERIFY(w->error().message.contains(QStringLiteral("too old resource version")));
    QVERIFY(h.events.isEmpty()); // the ERROR event itself is not delivered as an event
}

void TestKubeWatch::http410IsExpired()
{
    Harness h;
    QVERIFY(h.listening);
    h.intercept = [](const FakeRequest &) -> std::optional<FakeReply> {
        return FakeReply::failure(410, QStringLiteral("Gone"), QStringLiteral("too old resource version: 1 (5)"));
    };
    std::unique_ptr<KubeWatch> w = h.watch(QStringLiteral("1"));
    QSignalSpy finished(w.get(), &KubeWatch::finished);
    QVERIFY(finished.wait(5000));
    QCOMPARE(finished.first().first().value<KubeWatch::End>(), KubeWatch::End::Expired);
    QCOMPARE(w->error().httpStatus, 410);
    QCOMPARE(w->error().reason, QStringLiteral("Gone"));
}

void TestKubeWatch::otherErrorEventFails()
{
    Harness h;
    QVERIFY(h.listening);
    const QJsonObject status{{QStringLiteral("kind"), QStringLiteral("Status")},
                             {QStringLiteral("code"), 500},
                             {QStringLiteral("reason"), QStringLiteral("InternalError")},
                             {QStringLiteral("message"), QStringLiteral("etcd went away")}};
    h.intercept = [&](const FakeRequest &) -> std::optional<FakeReply> {
        return FakeReply::stream({line("ADDED", withRv(h.configMap(QStringLiteral("a"), QStringLiteral("1")), 7)),
                                  line("ERROR", status)},
                                 FakeReply::Ending::KeepOpen);
    };
    std::unique_ptr<KubeWatch> w = h.watch(QStringLiteral("5"));
    QSignalSpy finished(w.get(), &KubeWatch::finished);
    QVERIFY(finished.wait(5000));
    QCOMPARE(finished.first().first().value<KubeWatch::End>(), KubeWatch::End::Failed);
    QCOMPARE(w->error().httpStatus, 500);
    QCOMPARE(w->error().message, QStringLiteral("etcd went away"));
    QCOMPARE(h.events.size(), 1);
    QCOMPARE(w->lastResourceVersion(), QStringLiteral("7"));
}

void TestKubeWatch::droppedConnectionFails()
{
    Harness h;
    QVERIFY(h.listening);
    const QByteArray full = line("ADDED", withRv(h.configMap(QStringLiteral("a"), QStringLiteral("1")), 11))
        + line("MODIFIED", withRv(h.configMap(QStringLiteral("a"), QStringLiteral("2")), 12));
    const QByteArray cut = line("MODIFIED", withRv(h.configMap(QStringLiteral("a"), QStringLiteral("3")), 13)).left(20);
    h.intercept = [&](const FakeRequest &) -> std::optional<FakeReply> {
        return FakeReply::stream({full, cut}, FakeReply::Ending::Drop, 5);
    };
    std::unique_ptr<KubeWatch> w = h.watch(QStringLiteral("10"));
    QSignalSpy finished(w.get(), &KubeWatch::finished);
    QVERIFY(finished.wait(5000));
    QCOMPARE(finished.first().first().value<KubeWatch::End>(), KubeWatch::End::Failed);
    QCOMPARE(h.events.size(), 2);
    QCOMPARE(w->lastResourceVersion(), QStringLiteral("12")); // where to resume
    QVERIFY(w->error().kind == KubeError::Kind::Network || w->error().kind == KubeError::Kind::Protocol);
}

void TestKubeWatch::oversizedEventFails()
{
    Harness h;
    QVERIFY(h.listening);
    const QByteArray huge = line("ADDED", withRv(h.configMap(QStringLiteral("a"), QString(5000, QLatin1Char('x'))), 3));
    h.intercept = [&](const FakeRequest &) -> std::optional<FakeReply> {
        return FakeReply::stream(ragged(huge, 3), FakeReply::Ending::KeepOpen);
    };
    std::unique_ptr<KubeWatch> w = h.watch(QStringLiteral("1")); // maxWatchEventBytes = 2048
    QSignalSpy finished(w.get(), &KubeWatch::finished);
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.first().first().value<KubeWatch::End>(), KubeWatch::End::Failed);
    QCOMPARE(w->error().kind, KubeError::Kind::Protocol);
    QVERIFY(w->error().message.contains(QStringLiteral("larger than 2048")));
    QVERIFY(h.events.isEmpty());
}

void TestKubeWatch::stopEndsQuietly()
{
    Harness h;
    QVERIFY(h.listening);
    std::unique_ptr<KubeWatch> w = h.watch(QString::number(h.cluster.resourceVersion()));
    QSignalSpy finished(w.get(), &KubeWatch::finished);
    QTRY_COMPARE(h.server.openStreams().size(), 1);
    w->stop();
    QVERIFY(!w->isRunning());
    QTRY_COMPARE(h.server.openStreams().size(), 0); // the connection is closed
    h.putConfigMap(QStringLiteral("a"), QStringLiteral("1"));
    QTest::qWait(50);
    QVERIFY(finished.isEmpty());
    QVERIFY(h.events.isEmpty());
}

void TestKubeWatch::openWatchesDoNotHoldUpCalls()
{
    Harness h;
    QVERIFY(h.listening);
    // More open streams than HTTP/1.1 connections Qt keeps to one host (six).
    std::vector<std::unique_ptr<KubeWatch>> watches;
    for (int i = 0; i < 8; ++i)
        watches.push_back(h.watch(QString::number(h.cluster.resourceVersion())));
    QTRY_COMPARE(h.server.openStreams().size(), 8);
    const KubeResult<QJsonObject> r = h.client->get(QStringLiteral("ConfigMap"), {}, QStringLiteral("x"));
    QVERIFY2(r.error().isNotFound(), qPrintable(r.error().toString()));
}

void TestKubeWatch::unknownKindIsRefused()
{
    Harness h;
    QVERIFY(h.listening);
    const KubeResult<std::unique_ptr<KubeWatch>> w =
        h.client->watch(QStringLiteral("Widget"), QStringLiteral("shop"), KubeClient::WatchOptions());
    QVERIFY(!w.ok());
    QCOMPARE(w.error().kind, KubeError::Kind::InvalidArgument);
    QVERIFY(h.server.requests().isEmpty());
}

QTEST_GUILESS_MAIN(TestKubeWatch)
#include "tst_kubewatch.moc"
