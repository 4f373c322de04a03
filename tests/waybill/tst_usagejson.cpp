// The wire shape of usage events: exact numbers from the JSON text, strict fields and
// timestamps, and the canonical body that tells a retry from a conflict.
#include "waybill/ExactJson.h"
#include "waybill/UsageJson.h"

#include <QTest>

using namespace enclii::waybill;

namespace {

QByteArray eventText(const QByteArray &quantities, const QByteArray &extra = {})
{
    return R"({"idempotencyKey":"k1","type":"deployment.started","project":"janua","resource":"api",)"
           R"("quantities":)" + quantities + R"(,"timestamp":"2024-05-01T12:00:00.250Z")" + extra + "}";
}

ParsedEvent single(const QByteArray &body)
{
    const ParsedBody b = parseUsageBody(body, 1000);
    if (!b.error.isEmpty() || b.items.size() != 1)
        return ParsedEvent{{}, b.error.isEmpty() ? QStringLiteral("no item") : b.error};
    return b.items.first();
}

} // namespace

class TestUsageJson : public QObject
{
    Q_OBJECT
private slots:
    void numbersKeepTheirText()
    {
        const auto v = ExactJson::parse(R"({"a": 0.1, "b": -12345678901234567890.123456789, "c": "0.1", "d": 1e3, "e": [true, null]})");
        QVERIFY(v);
        QCOMPARE(v->member(QStringLiteral("a"))->text, QStringLiteral("0.1"));
        QCOMPARE(v->member(QStringLiteral("b"))->text, QStringLiteral("-12345678901234567890.123456789"));
        QVERIFY(v->member(QStringLiteral("c"))->isString());
        QCOMPARE(v->member(QStringLiteral("d"))->text, QStringLiteral("1e3"));
        QCOMPARE(v->member(QStringLiteral("e"))->items.size(), std::size_t(2));
    }

    void strictJson_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("error");
        QTest::newRow("trailing comma") << QByteArray(R"({"a":1,})") << QStringLiteral("expected a quoted key");
        QTest::newRow("leading zero") << QByteArray("[01]") << QStringLiteral("leading zero");
        QTest::newRow("bare dot") << QByteArray("[1.]") << QStringLiteral("digit after '.'");
        QTest::newRow("duplicate key") << QByteArray(R"({"a":1,"a":2})") << QStringLiteral("appears twice");
        QTest::newRow("two values") << QByteArray("{} {}") << QStringLiteral("after the JSON value");
        QTest::newRow("raw newline") << QByteArray("[\"a\nb\"]") << QStringLiteral("control character");
        QTest::newRow("bad utf-8") << QByteArray("[\"\xff\"]") << QStringLiteral("UTF-8");
        QTest::newRow("lone surrogate") << QByteArray(R"(["\udc00"])") << QStringLiteral("surrogate");
        QTest::newRow("deep") << QByteArray(100, '[') + QByteArray(100, ']') << QStringLiteral("nested deeper");
        QTest::newRow("unclosed") << QByteArray("{\"a\":\"b") << QStringLiteral("not closed");
        QTest::newRow("empty") << QByteArray() << QStringLiteral("end of the text");
    }

    void strictJson()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, error);
        QString why;
        QVERIFY(!ExactJson::parse(text, &why));
        QVERIFY2(why.contains(error), qPrintable(why));
    }

    void escapesDecode()
    {
        const auto v = ExactJson::parse("[\"a\\\"b\\\\c\\/\\n\\u00e9\\ud83d\\ude00\", \"\xc3\xb1\"]");
        QVERIFY(v);
        QCOMPARE(v->items[0].text, QStringLiteral("a\"b\\c/\n\u00e9") + QString::fromUtf8("\xf0\x9f\x98\x80"));
        QCOMPARE(v->items[1].text, QString::fromUtf8("ñ"));
    }

    void eventFromNumbersOrStrings()
    {
        // 0.1 and 0.3 are not doubles here: they are exactly one and three tenths.
        const ParsedEvent p = single(eventText(R"({"replicas": 3, "vcpu": 0.1, "memoryGb": "0.3"})"));
        QVERIFY2(p.problem.isEmpty(), qPrintable(p.problem));
        QCOMPARE(p.event.quantities.value(QStringLiteral("vcpu")).toString(), QStringLiteral("0.1"));
        QCOMPARE(p.event.quantities.value(QStringLiteral("vcpu")) * 3, *Decimal::parse(u"0.3"));
        QCOMPARE(p.event.quantities.value(QStringLiteral("memoryGb")).toString(), QStringLiteral("0.3"));
        QCOMPARE(p.event.timestamp, QDateTime(QDate(2024, 5, 1), QTime(12, 0, 0, 250), Qt::UTC));
        QCOMPARE(p.event.type, UsageType::DeploymentStarted);
        // Digits beyond a double's precision survive.
        const ParsedEvent big = single(eventText(R"({"replicas": 3, "vcpu": 12345678901234567.000000001, "memoryGb": 1})"));
        QVERIFY2(big.problem.isEmpty(), qPrintable(big.problem));
        QCOMPARE(big.event.quantities.value(QStringLiteral("vcpu")).toString(), QStringLiteral("12345678901234567.000000001"));
    }

    void refusedEvents_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("problem");
        QTest::newRow("exponent") << eventText(R"({"replicas": 1e3, "vcpu": 1, "memoryGb": 1})") << QStringLiteral("exponents are not accepted");
        QTest::newRow("bool quantity") << eventText(R"({"replicas": true, "vcpu": 1, "memoryGb": 1})") << QStringLiteral("not a boolean");
        QTest::newRow("unknown field") << eventText(R"({})", R"(,"projcet":"x")") << QStringLiteral("unknown field \"projcet\"");
        QTest::newRow("no key") << QByteArray(R"({"type":"domain.added","project":"p","resource":"r","timestamp":"2024-05-01T12:00:00Z"})")
                                << QStringLiteral("\"idempotencyKey\" is missing");
        QTest::newRow("numeric key") << QByteArray(R"({"idempotencyKey":7})") << QStringLiteral("must be a string, not a number");
        QTest::newRow("bad type") << QByteArray(R"({"idempotencyKey":"k","type":"deploy.start","project":"p","resource":"r","timestamp":"2024-05-01T12:00:00Z"})")
                                  << QStringLiteral("not a usage type");
        QTest::newRow("offset") << QByteArray(R"({"idempotencyKey":"k","type":"domain.added","project":"p","resource":"r","timestamp":"2024-05-01T12:00:00+02:00"})")
                                << QStringLiteral("must be in UTC");
        QTest::newRow("microseconds") << QByteArray(R"({"idempotencyKey":"k","type":"domain.added","project":"p","resource":"r","timestamp":"2024-05-01T12:00:00.0001Z"})")
                                      << QStringLiteral("finer than a millisecond");
        QTest::newRow("no such day") << QByteArray(R"({"idempotencyKey":"k","type":"domain.added","project":"p","resource":"r","timestamp":"2023-02-29T12:00:00Z"})")
                                     << QStringLiteral("no such date");
        QTest::newRow("not rfc 3339") << QByteArray(R"({"idempotencyKey":"k","type":"domain.added","project":"p","resource":"r","timestamp":"1714564800000"})")
                                      << QStringLiteral("expected RFC 3339");
        QTest::newRow("quantities array") << eventText(R"([1])") << QStringLiteral("\"quantities\" must be an object");
    }

    void refusedEvents()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, problem);
        const ParsedEvent p = single(body);
        QVERIFY2(p.problem.contains(problem), qPrintable(p.problem));
    }

    void keyIsKeptForRefusedEvents()
    {
        const ParsedEvent p = single(R"({"idempotencyKey":"still-here","type":"nope"})");
        QVERIFY(!p.problem.isEmpty());
        QCOMPARE(p.event.idempotencyKey, QStringLiteral("still-here"));
    }

    void timestampsWithoutFractionAndWithZeros()
    {
        QCOMPARE(parseUtcTimestamp(QStringLiteral("2024-05-01T12:00:00Z")), QDateTime(QDate(2024, 5, 1), QTime(12, 0), Qt::UTC));
        QCOMPARE(parseUtcTimestamp(QStringLiteral("2024-05-01t12:00:00.5z")), QDateTime(QDate(2024, 5, 1), QTime(12, 0, 0, 500), Qt::UTC));
        QCOMPARE(parseUtcTimestamp(QStringLiteral("2024-05-01T12:00:00.123000000Z")), QDateTime(QDate(2024, 5, 1), QTime(12, 0, 0, 123), Qt::UTC));
        QVERIFY(!parseUtcTimestamp(QStringLiteral("2024-05-01T12:00:00Z\n")).isValid());
        QVERIFY(!parseUtcTimestamp(QStringLiteral("2024-05-01T24:00:00Z")).isValid());
        QCOMPARE(formatUtcTimestamp(QDateTime(QDate(2024, 5, 1), QTime(12, 0, 0, 7), Qt::UTC)), QStringLiteral("2024-05-01T12:00:00.007Z"));
    }

    void batches()
    {
        ParsedBody b = parseUsageBody(R"({"mode":"partial","events":[)" + eventText(R"({"replicas":1,"vcpu":1,"memoryGb":1})") + R"(, 5]})", 1000);
        QVERIFY2(b.error.isEmpty(), qPrintable(b.error));
        QVERIFY(!b.single);
        QCOMPARE(b.mode, BatchMode::Partial);
        QCOMPARE(b.items.size(), 2);
        QVERIFY(b.items[0].problem.isEmpty());
        QVERIFY(b.items[1].problem.contains(QStringLiteral("not a number")));
        b = parseUsageBody(R"({"events":[{}]})", 1000);
        QCOMPARE(b.mode, BatchMode::AllOrNothing); // the default
        QVERIFY(parseUsageBody(R"({"events":[], "mode":"partial"})", 1000).error.contains(QStringLiteral("empty")));
        QVERIFY(parseUsageBody(R"({"events":[{}], "mode":"some"})", 1000).error.contains(QStringLiteral("\"mode\"")));
        QVERIFY(parseUsageBody(R"({"events":[{}], "extra":1})", 1000).error.contains(QStringLiteral("unknown field")));
        QVERIFY(parseUsageBody(R"([{}])", 1000).error.contains(QStringLiteral("the body is an array")));
        QVERIFY(parseUsageBody("nope", 1000).notJson);
        b = parseUsageBody(R"({"events":[{},{},{}]})", 2);
        QVERIFY(b.tooMany);
        QCOMPARE(b.count, 3);
    }

    void canonicalBodyIgnoresSpellingAndKey()
    {
        const ParsedEvent a = single(eventText(R"({"replicas": 3, "vcpu": 0.25, "memoryGb": "0.5"})"));
        const ParsedEvent b = single(R"({"timestamp":"2024-05-01T12:00:00.25Z","quantities":{"memoryGb":0.500,"vcpu":"0.250","replicas":"3.0"},)"
                                     R"("resource":"api","project":"janua","type":"deployment.started","idempotencyKey":"other"})");
        QVERIFY(a.problem.isEmpty() && b.problem.isEmpty());
        QCOMPARE(canonicalBody(a.event), canonicalBody(b.event));
        QCOMPARE(bodyHash(a.event), bodyHash(b.event));
        UsageEvent c = a.event;
        c.quantities[QStringLiteral("replicas")] = Decimal::fromInt(4);
        QVERIFY(bodyHash(c) != bodyHash(a.event));
        c = a.event;
        c.timestamp = c.timestamp.addMSecs(1);
        QVERIFY(bodyHash(c) != bodyHash(a.event));
    }

    void quantitiesRoundTrip()
    {
        QMap<QString, Decimal> q{{QStringLiteral("vcpu"), *Decimal::parse(u"0.000000001")}, {QStringLiteral("replicas"), Decimal::fromInt(12)}};
        QCOMPARE(quantitiesJson(q), QByteArray(R"({"replicas":"12","vcpu":"0.000000001"})"));
        QCOMPARE(*quantitiesFromJson(quantitiesJson(q)), q);
        QString why;
        QVERIFY(!quantitiesFromJson(R"({"vcpu":0.5})", &why));
        QVERIFY(why.contains(QStringLiteral("decimal string")));
    }
};

QTEST_APPLESS_MAIN(TestUsageJson)
#include "tst_usagejson.moc"
