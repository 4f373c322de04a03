// The text/event-stream parser on its own: the HTML standard's field rules, every line
// ending, chunks split anywhere, and peers that never end a line or an event.

#include "client/EventStreamParser.h"

#include <QRandomGenerator>
#include <QTest>

using namespace enclii::ui;

class TestConsoleEventStream : public QObject
{
    Q_OBJECT

private slots:
    void dispatchesOnBlankLine();
    void joinsDataLines();
    void readsTypeIdAndRetry();
    void fieldValueSpacing();
    void lineEndings_data();
    void lineEndings();
    void crlfSplitAcrossChunks();
    void anyChunkingGivesTheSameEvents();
    void commentsAreIgnored();
    void leadingBomIsDropped();
    void bomSplitAcrossChunks();
    void laterBomIsNotDropped();
    void idRules();
    void invalidRetryIsIgnored();
    void unknownFieldsAndEmptyEvents();
    void resetDropsPartialEventKeepsId();
    void endlessLineStaysBounded();
    void endlessEventStaysBounded();
    void longCommentDoesNotSpoilTheEvent();

private:
    static QList<ServerSentEvent> parseAll(const QByteArray &stream)
    {
        EventStreamParser parser;
        return parser.feed(stream);
    }
};

void TestConsoleEventStream::dispatchesOnBlankLine()
{
    EventStreamParser parser;
    QVERIFY(parser.feed("data: hello\n").isEmpty()); // not before the blank line
    const QList<ServerSentEvent> events = parser.feed("\n");
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.at(0).type, QByteArray("message"));
    QCOMPARE(events.at(0).data, QByteArray("hello"));
    QCOMPARE(events.at(0).lastEventId, QByteArray());
}

void TestConsoleEventStream::joinsDataLines()
{
    const auto events = parseAll("data: first\ndata: second\ndata:\ndata: fourth\n\n");
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.at(0).data, QByteArray("first\nsecond\n\nfourth"));
}

void TestConsoleEventStream::readsTypeIdAndRetry()
{
    EventStreamParser parser;
    const auto events = parser.feed("event: build\nid: 41\nretry: 2500\ndata: {\"id\":12}\n\n"
                                    "event: log\nid: 42\ndata: {\"seq\":1}\n\n");
    QCOMPARE(events.size(), 2);
    QCOMPARE(events.at(0).type, QByteArray("build"));
    QCOMPARE(events.at(0).lastEventId, QByteArray("41"));
    QCOMPARE(events.at(0).data, QByteArray("{\"id\":12}"));
    QCOMPARE(events.at(1).type, QByteArray("log"));
    QCOMPARE(events.at(1).lastEventId, QByteArray("42"));
    QCOMPARE(parser.lastEventId(), QByteArray("42"));
    QCOMPARE(parser.reconnectionTime().value_or(-1), 2500);
}

void TestConsoleEventStream::fieldValueSpacing()
{
    // One space after the colon goes; any further spaces are the value's.
    const auto events = parseAll("data:tight\n\ndata:  two spaces\n\ndata: a: b\n\n");
    QCOMPARE(events.size(), 3);
    QCOMPARE(events.at(0).data, QByteArray("tight"));
    QCOMPARE(events.at(1).data, QByteArray(" two spaces"));
    QCOMPARE(events.at(2).data, QByteArray("a: b"));
}

void TestConsoleEventStream::lineEndings_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::newRow("LF") << QByteArray("event: build\ndata: x\ndata: y\n\n");
    QTest::newRow("CR") << QByteArray("event: build\rdata: x\rdata: y\r\r");
    QTest::newRow("CRLF") << QByteArray("event: build\r\ndata: x\r\ndata: y\r\n\r\n");
    QTest::newRow("mixed") << QByteArray("event: build\rdata: x\r\ndata: y\n\r\n");
}

void TestConsoleEventStream::lineEndings()
{
    QFETCH(QByteArray, stream);
    const auto events = parseAll(stream);
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.at(0).type, QByteArray("build"));
    QCOMPARE(events.at(0).data, QByteArray("x\ny"));
}

void TestConsoleEventStream::crlfSplitAcrossChunks()
{
    // The CR ends the line at once; the LF in the next chunk must not end an empty line
    // (which would dispatch early).
    EventStreamParser parser;
    QVERIFY(parser.feed("data: one\r").isEmpty());
    QVERIFY(parser.feed("\ndata: two\r").isEmpty());
    QVERIFY(parser.feed("\n").isEmpty());
    const auto events = parser.feed("\r\n");
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.at(0).data, QByteArray("one\ntwo"));
}

void TestConsoleEventStream::anyChunkingGivesTheSameEvents()
{
    const QByteArray stream = "\xEF\xBB\xBF: hello\r\nretry: 1000\nevent: build\rid: 7\r\ndata: {\"a\":1}\n\n"
                              "data: line1\r\ndata: line2\r\r: keepalive\n\nevent: log\nid: 8\ndata: x\r\n\r\n";
    const auto whole = parseAll(stream);
    QCOMPARE(whole.size(), 3);

    QRandomGenerator rng(20240611);
    for (int round = 0; round < 300; ++round) {
        EventStreamParser parser;
        QList<ServerSentEvent> events;
        qsizetype at = 0;
        while (at < stream.size()) {
            const qsizetype n = std::min<qsizetype>(stream.size() - at, rng.bounded(1, 9));
            events += parser.feed(QByteArrayView(stream).sliced(at, n));
            at += n;
        }
        QCOMPARE(events.size(), whole.size());
        for (int i = 0; i < events.size(); ++i) {
            QCOMPARE(events.at(i).type, whole.at(i).type);
            QCOMPARE(events.at(i).data, whole.at(i).data);
            QCOMPARE(events.at(i).lastEventId, whole.at(i).lastEventId);
        }
    }
    QCOMPARE(whole.at(0).type, QByteArray("build"));
    QCOMPARE(whole.at(1).data, QByteArray("line1\nline2"));
    QCOMPARE(whole.at(1).lastEventId, QByteArray("7"));
    QCOMPARE(whole.at(2).lastEventId, QByteArray("8"));
}

void TestConsoleEventStream::commentsAreIgnored()
{
    const auto events = parseAll(": keepalive\n\n:\n\ndata: real\n: in between\n\n");
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.at(0).data, QByteArray("real"));
}

void TestConsoleEventStream::leadingBomIsDropped()
{
    const auto events = parseAll("\xEF\xBB\xBF" "data: after bom\n\n");
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.at(0).data, QByteArray("after bom"));
}

void TestConsoleEventStream::bomSplitAcrossChunks()
{
    EventStreamParser parser;
    QVERIFY(parser.feed("\xEF").isEmpty());
    QVERIFY(parser.feed("\xBB").isEmpty());
    QVERIFY(parser.feed("\xBF" "data: x\n").isEmpty());
    QCOMPARE(parser.feed("\n").value(0).data, QByteArray("x"));

    // Two bytes that start like a BOM but are not one are kept as they are.
    EventStreamParser other;
    QVERIFY(other.feed("\xEF").isEmpty());
    const auto events = other.feed("\xBB" "Xdata: y\n\ndata: z\n\n");
    QCOMPARE(events.size(), 1); // the first line's field is "\xEF\xBBXdata": ignored
    QCOMPARE(events.at(0).data, QByteArray("z"));
}

void TestConsoleEventStream::laterBomIsNotDropped()
{
    // Only the stream's first bytes may be a BOM; later it is part of a field name.
    EventStreamParser parser;
    QCOMPARE(parser.feed("data: a\n\n").size(), 1);
    QVERIFY(parser.feed("\xEF\xBB\xBF" "data: b\n\n").isEmpty());
    parser.reset(); // a new connection starts with a fresh stream
    QCOMPARE(parser.feed("\xEF\xBB\xBF" "data: c\n\n").value(0).data, QByteArray("c"));
}

void TestConsoleEventStream::idRules()
{
    EventStreamParser parser;
    auto events = parser.feed("id: 5\ndata: a\n\ndata: b\n\n");
    QCOMPARE(events.size(), 2);
    QCOMPARE(events.at(1).lastEventId, QByteArray("5")); // persists until changed

    events = parser.feed(QByteArray("id: 6\0x\ndata: c\n\n", 17));
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.at(0).lastEventId, QByteArray("5")); // an ID with NULL is ignored

    events = parser.feed("id\ndata: d\n\n");
    QCOMPARE(events.at(0).lastEventId, QByteArray()); // an empty id resets it

    // An id on an event without data still moves the last event ID.
    parser.feed("id: 9\n\n");
    QCOMPARE(parser.lastEventId(), QByteArray("9"));
}

void TestConsoleEventStream::invalidRetryIsIgnored()
{
    EventStreamParser parser;
    parser.feed("retry: 1500\n\n");
    QCOMPARE(parser.reconnectionTime().value_or(-1), 1500);
    for (const char *bad : {"retry: 15s\n\n", "retry: -1\n\n", "retry:\n\n", "retry: 1 5\n\n",
                            "retry: 99999999999999999999999\n\n"})
        parser.feed(bad);
    QCOMPARE(parser.reconnectionTime().value_or(-1), 1500);
}

void TestConsoleEventStream::unknownFieldsAndEmptyEvents()
{
    const auto events = parseAll("foo: bar\nDATA: upper\nevent: build\n\ndata: plain\n\n");
    // "event: build" alone dispatches nothing, and its type does not leak into the next event.
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.at(0).type, QByteArray("message"));
    QCOMPARE(events.at(0).data, QByteArray("plain"));

    // A bare "data" line is an empty data line: an event with empty data.
    const auto bare = parseAll("data\n\n");
    QCOMPARE(bare.size(), 1);
    QCOMPARE(bare.at(0).data, QByteArray());
}

void TestConsoleEventStream::resetDropsPartialEventKeepsId()
{
    EventStreamParser parser;
    parser.feed("id: 12\ndata: done\n\nid: 13\nevent: build\ndata: half");
    QCOMPARE(parser.lastEventId(), QByteArray("12"));
    parser.reset();
    QCOMPARE(parser.bufferedBytes(), 0);
    QCOMPARE(parser.lastEventId(), QByteArray("12"));
    const auto events = parser.feed("data: fresh\n\n");
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.at(0).type, QByteArray("message"));
    QCOMPARE(events.at(0).data, QByteArray("fresh"));
}

void TestConsoleEventStream::endlessLineStaysBounded()
{
    EventStreamParser::Limits limits;
    limits.maxLineBytes = 64 * 1024;
    limits.maxEventBytes = 256 * 1024;
    EventStreamParser parser(limits);
    QVERIFY(parser.feed("data: before\n\n").size() == 1);

    // 64 MiB without a line end, in 64 KiB chunks: the parser must not keep it.
    const QByteArray chunk(64 * 1024, 'x');
    QVERIFY(parser.feed("data: ").isEmpty());
    qsizetype highest = 0;
    for (int i = 0; i < 1024; ++i) {
        QVERIFY(parser.feed(chunk).isEmpty());
        highest = std::max(highest, parser.bufferedBytes());
    }
    QVERIFY2(highest <= limits.maxLineBytes, qPrintable(QString::number(highest)));

    // The giant line is dropped with its event; the stream goes on afterwards.
    const auto events = parser.feed("\ndata: tail of the same event\n\nevent: build\ndata: after\n\n");
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.at(0).type, QByteArray("build"));
    QCOMPARE(events.at(0).data, QByteArray("after"));
    QCOMPARE(parser.droppedLines(), 1);
    QCOMPARE(parser.droppedEvents(), 1);
}

void TestConsoleEventStream::endlessEventStaysBounded()
{
    EventStreamParser::Limits limits;
    limits.maxLineBytes = 4096;
    limits.maxEventBytes = 64 * 1024;
    EventStreamParser parser(limits);

    // Short data lines forever, never a blank line.
    const QByteArray line = "data: " + QByteArray(1000, 'y') + "\n";
    QByteArray block;
    for (int i = 0; i < 64; ++i)
        block += line;
    qsizetype highest = 0;
    for (int i = 0; i < 1000; ++i) {
        QVERIFY(parser.feed(block).isEmpty());
        highest = std::max(highest, parser.bufferedBytes());
    }
    QVERIFY2(highest <= limits.maxEventBytes + limits.maxLineBytes, qPrintable(QString::number(highest)));
    const auto events = parser.feed("\ndata: next\n\n");
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.at(0).data, QByteArray("next"));
    QCOMPARE(parser.droppedEvents(), 1);
}

void TestConsoleEventStream::longCommentDoesNotSpoilTheEvent()
{
    EventStreamParser::Limits limits;
    limits.maxLineBytes = 128;
    EventStreamParser parser(limits);
    const auto events = parser.feed("data: kept\n:" + QByteArray(10000, 'c') + "\ndata: too\n\n");
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.at(0).data, QByteArray("kept\ntoo"));
    QCOMPARE(parser.droppedLines(), 1);
    QCOMPARE(parser.droppedEvents(), 0);
}

QTEST_GUILESS_MAIN(TestConsoleEventStream)
#include "tst_console_eventstream.moc"
