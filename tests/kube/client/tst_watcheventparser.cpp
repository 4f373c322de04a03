// WatchEventParser: newline-delimited watch events whatever the read boundaries, bounded.

#include "kube/client/WatchEvent.h"

#include <QTest>

using namespace enclii::kube;

namespace {

const QByteArray kStream =
    R"({"type":"ADDED","object":{"kind":"Pod","metadata":{"name":"a","resourceVersion":"5"}}})" "\n"
    R"({"type":"MODIFIED","object":{"kind":"Pod","metadata":{"name":"a\nb","resourceVersion":"6"}}})" "\n"
    "\n"
    R"({"type":"BOOKMARK","object":{"kind":"Pod","metadata":{"resourceVersion":"9"}}})" "\n"
    R"({"type":"DELETED","object":{"kind":"Pod","metadata":{"name":"a","resourceVersion":"10"}}})" "\n"
    R"({"type":"ERROR","object":{"kind":"Status","code":410,"reason":"Expired"}})" "\n";

void checkStream(const QList<WatchEvent> &events)
{
    QCOMPARE(events.size(), 5);
    QCOMPARE(events[0].type, WatchEvent::Type::Added);
    QCOMPARE(events[1].type, WatchEvent::Type::Modified);
    QCOMPARE(events[1].object.value(QLatin1String("metadata")).toObject().value(QLatin1String("name")).toString(),
             QStringLiteral("a\nb"));
    QCOMPARE(events[2].type, WatchEvent::Type::Bookmark);
    QCOMPARE(events[2].resourceVersion(), QStringLiteral("9"));
    QCOMPARE(events[3].type, WatchEvent::Type::Deleted);
    QCOMPARE(events[4].type, WatchEvent::Type::Error);
    QCOMPARE(events[4].object.value(QLatin1String("code")).toInt(), 410);
}

} // namespace

class TestWatchEventParser : public QObject
{
    Q_OBJECT

private slots:
    void wholeStream();
    void everySplitPoint();
    void byteByByte();
    void partialEventIsPending();
    void oversizedEventStops();
    void malformedLineStops();
    void unknownTypeStops();
    void typeNames();
};

void TestWatchEventParser::wholeStream()
{
    WatchEventParser p;
    QList<WatchEvent> events;
    QVERIFY(p.feed(kStream, &events));
    checkStream(events);
    QCOMPARE(p.pending(), 0);
}

void TestWatchEventParser::everySplitPoint()
{
    for (qsizetype i = 0; i <= kStream.size(); ++i) {
        for (qsizetype j = i; j <= kStream.size(); j += 7) {
            WatchEventParser p;
            QList<WatchEvent> events;
            QVERIFY(p.feed(QByteArrayView(kStream).first(i), &events));
            QVERIFY(p.feed(QByteArrayView(kStream).sliced(i, j - i), &events));
            QVERIFY(p.feed(QByteArrayView(kStream).sliced(j), &events));
            checkStream(events);
        }
    }
}

void TestWatchEventParser::byteByByte()
{
    WatchEventParser p;
    QList<WatchEvent> events;
    for (const char c : kStream)
        QVERIFY(p.feed(QByteArrayView(&c, 1), &events));
    checkStream(events);
}

void TestWatchEventParser::partialEventIsPending()
{
    WatchEventParser p;
    QList<WatchEvent> events;
    const qsizetype cut = kStream.indexOf('\n') + 10;
    QVERIFY(p.feed(kStream.left(cut), &events));
    QCOMPARE(events.size(), 1);
    QCOMPARE(p.pending(), 9);
}

void TestWatchEventParser::oversizedEventStops()
{
    WatchEventParser p(4096);
    QList<WatchEvent> events;
    QVERIFY(p.feed(kStream.left(kStream.indexOf('\n') + 1), &events));
    const QByteArray big = R"({"type":"ADDED","object":{"data":")" + QByteArray(5000, 'x') + "\"}}\n";
    bool ok = true;
    for (qsizetype at = 0; at < big.size() && ok; at += 1000)
        ok = p.feed(QByteArrayView(big).sliced(at, qMin<qsizetype>(1000, big.size() - at)), &events);
    QVERIFY(!ok);
    QVERIFY(p.failed());
    QVERIFY(p.error().contains(QStringLiteral("larger than 4096")));
    QCOMPARE(events.size(), 1);
    QVERIFY(p.pending() <= 4096); // the buffer never grew past the bound by more than one read
    QVERIFY(!p.feed("\n", &events)); // stays stopped
}

void TestWatchEventParser::malformedLineStops()
{
    WatchEventParser p;
    QList<WatchEvent> events;
    QVERIFY(!p.feed(R"({"type":"ADDED","object":{}})" "\n" "{not json}\n" R"({"type":"ADDED","object":{}})" "\n", &events));
    QCOMPARE(events.size(), 1);
    QVERIFY(p.error().contains(QStringLiteral("not a JSON object")));
    WatchEventParser q;
    QVERIFY(!q.feed("[1,2]\n", &events));
}

void TestWatchEventParser::unknownTypeStops()
{
    WatchEventParser p;
    QList<WatchEvent> events;
    QVERIFY(!p.feed(R"({"type":"EXPLODED","object":{}})" "\n", &events));
    QVERIFY(p.error().contains(QStringLiteral("EXPLODED")));
    QVERIFY(events.isEmpty());
}

void TestWatchEventParser::typeNames()
{
    QCOMPARE(WatchEvent::typeName(WatchEvent::Type::Bookmark), QStringLiteral("BOOKMARK"));
    QCOMPARE(WatchEvent::typeName(WatchEvent::Type::Error), QStringLiteral("ERROR"));
}

QTEST_APPLESS_MAIN(TestWatchEventParser)
#include "tst_watcheventparser.moc"
