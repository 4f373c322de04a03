// toYaml: scalars a YAML reader would take for something else are quoted, the layout is
// fixed, and the whole seed reads back (yaml-cpp) as exactly the objects it came from.
#include "RenderFixture.h"

#include "reconcile/ManifestYaml.h"
#include "reconcile/Renderer.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QTest>

#include <yaml-cpp/yaml.h>

using namespace enclii;
using namespace enclii::reconcile;
using namespace Qt::StringLiterals;

namespace {

// YAML 1.2 core-schema resolution of a plain scalar, as a Kubernetes reader does it; a quoted
// scalar is always a string.
QJsonValue toJson(const YAML::Node &n)
{
    switch (n.Type()) {
    case YAML::NodeType::Map: {
        QJsonObject o;
        for (const auto &kv : n)
            o.insert(QString::fromStdString(kv.first.Scalar()), toJson(kv.second));
        return o;
    }
    case YAML::NodeType::Sequence: {
        QJsonArray a;
        for (const auto &item : n)
            a << toJson(item);
        return a;
    }
    case YAML::NodeType::Null:
        return QJsonValue::Null;
    case YAML::NodeType::Scalar: {
        const QString s = QString::fromStdString(n.Scalar());
        if (n.Tag() == "!")
            return s;
        if (s == u"true"_s || s == u"false"_s)
            return s == u"true"_s;
        if (s == u"null"_s || s == u"~"_s)
            return QJsonValue::Null;
        static const QRegularExpression integer(u"^[-+]?[0-9]+$"_s);
        if (integer.match(s).hasMatch())
            return s.toLongLong();
        static const QRegularExpression number(u"^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$"_s);
        if (number.match(s).hasMatch())
            return s.toDouble();
        return s;
    }
    default:
        return QJsonValue::Undefined;
    }
}

QByteArray one(const QString &key, const QJsonValue &value)
{
    return toYaml({QJsonObject{{key, value}}});
}

} // namespace

class TestManifestYaml : public QObject
{
    Q_OBJECT
private slots:
    void scalars_data()
    {
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("written");
        QTest::newRow("cpu") << QJsonValue(u"250m"_s) << u"250m"_s;
        QTest::newRow("memory") << QJsonValue(u"512Mi"_s) << u"512Mi"_s;
        QTest::newRow("percent") << QJsonValue(u"25%"_s) << u"25%"_s;
        QTest::newRow("path") << QJsonValue(u"/healthz"_s) << u"/healthz"_s;
        QTest::newRow("url") << QJsonValue(u"https://auth.janua.dev"_s) << u"https://auth.janua.dev"_s;
        QTest::newRow("module:attr") << QJsonValue(u"app.main:app"_s) << u"app.main:app"_s;
        QTest::newRow("cidr") << QJsonValue(u"10.0.0.0/8"_s) << u"10.0.0.0/8"_s;
        QTest::newRow("image") << QJsonValue(u"ghcr.io/a/b@sha256:0f"_s) << u"ghcr.io/a/b@sha256:0f"_s;
        QTest::newRow("digits") << QJsonValue(u"2"_s) << u"\"2\""_s;
        QTest::newRow("zero") << QJsonValue(u"0"_s) << u"\"0\""_s;
        QTest::newRow("float") << QJsonValue(u"1.5"_s) << u"\"1.5\""_s;
        QTest::newRow("exponent") << QJsonValue(u"1e3"_s) << u"\"1e3\""_s;
        QTest::newRow("hex") << QJsonValue(u"0x1f"_s) << u"\"0x1f\""_s;
        QTest::newRow("octal") << QJsonValue(u"0o17"_s) << u"\"0o17\""_s;
        QTest::newRow("sexagesimal") << QJsonValue(u"10:30"_s) << u"\"10:30\""_s;
        QTest::newRow("date") << QJsonValue(u"2024-01-01"_s) << u"\"2024-01-01\""_s;
        QTest::newRow("timestamp") << QJsonValue(u"2024-01-01T10:00:00Z"_s) << u"\"2024-01-01T10:00:00Z\""_s;
        QTest::newRow("hash starting with a digit") << QJsonValue(u"3bc25117"_s) << u"\"3bc25117\""_s;
        QTest::newRow("hash starting with a letter") << QJsonValue(u"a13d37b2"_s) << u"a13d37b2"_s;
        QTest::newRow("true") << QJsonValue(u"true"_s) << u"\"true\""_s;
        QTest::newRow("yes") << QJsonValue(u"yes"_s) << u"\"yes\""_s;
        QTest::newRow("Off") << QJsonValue(u"Off"_s) << u"\"Off\""_s;
        QTest::newRow("y") << QJsonValue(u"y"_s) << u"\"y\""_s;
        QTest::newRow("null word") << QJsonValue(u"null"_s) << u"\"null\""_s;
        QTest::newRow("tilde") << QJsonValue(u"~"_s) << u"\"~\""_s;
        QTest::newRow(".inf") << QJsonValue(u".inf"_s) << u"\".inf\""_s;
        QTest::newRow("empty") << QJsonValue(u""_s) << u"\"\""_s;
        QTest::newRow("dash flag") << QJsonValue(u"-g"_s) << u"\"-g\""_s;
        QTest::newRow("blank") << QJsonValue(u"daemon off;"_s) << u"\"daemon off;\""_s;
        QTest::newRow("comment sign") << QJsonValue(u"#x"_s) << u"\"#x\""_s;
        QTest::newRow("alias sign") << QJsonValue(u"*x"_s) << u"\"*x\""_s;
        QTest::newRow("trailing colon") << QJsonValue(u"key:"_s) << u"\"key:\""_s;
        QTest::newRow("escapes") << QJsonValue(u"a\"b\\c\nd\te\u0001"_s) << u"\"a\\\"b\\\\c\\nd\\te\\u0001\""_s;
        QTest::newRow("non-ascii") << QJsonValue(u"señal"_s) << u"\"señal\""_s;
        QTest::newRow("int") << QJsonValue(8000) << u"8000"_s;
        QTest::newRow("negative") << QJsonValue(-3) << u"-3"_s;
        QTest::newRow("fraction") << QJsonValue(2.5) << u"2.5"_s;
        QTest::newRow("bool") << QJsonValue(false) << u"false"_s;
        QTest::newRow("null") << QJsonValue(QJsonValue::Null) << u"null"_s;
        QTest::newRow("empty map") << QJsonValue(QJsonObject{}) << u"{}"_s;
        QTest::newRow("empty list") << QJsonValue(QJsonArray{}) << u"[]"_s;
    }
    void scalars()
    {
        QFETCH(QJsonValue, value);
        QFETCH(QString, written);
        QCOMPARE(QString::fromUtf8(one(u"v"_s, value)), u"---\nv: "_s + written + u'\n');
        // And it reads back as what was written.
        const YAML::Node doc = YAML::Load(one(u"v"_s, value).toStdString());
        QCOMPARE(toJson(doc), QJsonValue(QJsonObject{{u"v"_s, value}}));
    }

    void layout()
    {
        const QJsonObject o{
            {u"kind"_s, u"X"_s},
            {u"a"_s, QJsonObject{{u"z"_s, 1}, {u"b"_s, QJsonArray{u"x"_s, QJsonObject{{u"n"_s, 1}, {u"m"_s, QJsonArray{}}}}}}},
            {u"list"_s, QJsonArray{QJsonArray{1, 2}, QJsonObject{}}},
        };
        const QByteArray expected =
            "---\n"
            "a:\n"
            "  b:\n"
            "    - x\n"
            "    - m: []\n"
            "      \"n\": 1\n" // a key too: YAML 1.1 reads a plain n as false
            "  z: 1\n"
            "kind: X\n"
            "list:\n"
            "  -\n"
            "    - 1\n"
            "    - 2\n"
            "  - {}\n"
            "---\n"
            "{}\n";
        QCOMPARE(toYaml({o, QJsonObject{}}), expected);
        QCOMPARE(toJson(YAML::LoadAll(expected.toStdString()).at(0)), QJsonValue(o));
        QVERIFY(toYaml({}).isEmpty());
    }

    void wholeSeedReadsBack()
    {
        QVERIFY(testing::seed().ok());
        const auto objects = renderAll(testing::seedSpecs(), testing::seedReleases(), {});
        QVERIFY(!objects.isEmpty());
        const QByteArray yaml = toYaml(objects);
        QCOMPARE(yaml.count("\n---\n") + 1, qsizetype(objects.size()));
        const std::vector<YAML::Node> docs = YAML::LoadAll(yaml.toStdString());
        QCOMPARE(qsizetype(docs.size()), objects.size());
        for (size_t i = 0; i < docs.size(); ++i)
            QCOMPARE(toJson(docs[i]), QJsonValue(objects[qsizetype(i)]));
        QCOMPARE(toYaml(objects), yaml);
    }
};

QTEST_GUILESS_MAIN(TestManifestYaml)
#include "tst_manifestyaml.moc"
