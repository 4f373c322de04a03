#include "oci/registry/AuthChallenge.h"

#include <QTest>

using namespace enclii::oci;

class TestAuthChallenge : public QObject
{
    Q_OBJECT

private slots:
    void dockerBearer();
    void severalChallenges();
    void basicWithToken68();
    void escapesAndSpaces();
    void malformedKeepsWhatParsed();
    void hostileInputIsBounded();
};

void TestAuthChallenge::dockerBearer()
{
    const QList<AuthChallenge> c = parseAuthChallenges(
        R"(Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull,push repository:a/b:pull",error="insufficient_scope")");
    QCOMPARE(c.size(), 1);
    QCOMPARE(c[0].scheme, QStringLiteral("bearer"));
    QCOMPARE(c[0].param(QStringLiteral("realm")), QStringLiteral("https://auth.docker.io/token"));
    QCOMPARE(c[0].param(QStringLiteral("service")), QStringLiteral("registry.docker.io"));
    QCOMPARE(c[0].param(QStringLiteral("scope")), QStringLiteral("repository:library/nginx:pull,push repository:a/b:pull"));
    QCOMPARE(c[0].param(QStringLiteral("error")), QStringLiteral("insufficient_scope"));
}

void TestAuthChallenge::severalChallenges()
{
    const QList<AuthChallenge> c = parseAuthChallenges(R"(Negotiate, Basic realm="Registry Realm", BEARER realm=r1 ,service=s)");
    QCOMPARE(c.size(), 3);
    QCOMPARE(c[0].scheme, QStringLiteral("negotiate"));
    QVERIFY(c[0].params.isEmpty());
    QCOMPARE(c[1].scheme, QStringLiteral("basic"));
    QCOMPARE(c[1].param(QStringLiteral("realm")), QStringLiteral("Registry Realm"));
    QCOMPARE(c[2].scheme, QStringLiteral("bearer"));
    QCOMPARE(c[2].param(QStringLiteral("realm")), QStringLiteral("r1"));
    QCOMPARE(c[2].param(QStringLiteral("service")), QStringLiteral("s"));
}

void TestAuthChallenge::basicWithToken68()
{
    const QList<AuthChallenge> c = parseAuthChallenges("Basic abc==, Bearer realm=\"x\"");
    QCOMPARE(c.size(), 2);
    QCOMPARE(c[0].scheme, QStringLiteral("basic"));
    QCOMPARE(c[1].param(QStringLiteral("realm")), QStringLiteral("x"));
}

void TestAuthChallenge::escapesAndSpaces()
{
    const QList<AuthChallenge> c = parseAuthChallenges("Bearer  Realm = \"a\\\"b\\\\c\" ,  Service=\"\"");
    QCOMPARE(c.size(), 1);
    QCOMPARE(c[0].param(QStringLiteral("realm")), QStringLiteral("a\"b\\c"));
    QVERIFY(c[0].params.contains(QStringLiteral("service")));
    QCOMPARE(c[0].param(QStringLiteral("service")), QString());
}

void TestAuthChallenge::malformedKeepsWhatParsed()
{
    QVERIFY(parseAuthChallenges("").isEmpty());
    QVERIFY(parseAuthChallenges(" , ,").isEmpty());
    const QList<AuthChallenge> unterminated = parseAuthChallenges("Bearer realm=\"https://x, service=y");
    QCOMPARE(unterminated.size(), 1);
    QVERIFY(!unterminated[0].params.contains(QStringLiteral("realm")));
    const QList<AuthChallenge> junk = parseAuthChallenges("Bearer realm=\"r\" ;;; service=s");
    QCOMPARE(junk.size(), 1);
    QCOMPARE(junk[0].param(QStringLiteral("realm")), QStringLiteral("r"));
}

void TestAuthChallenge::hostileInputIsBounded()
{
    QByteArray many = "Bearer ";
    for (int i = 0; i < 1000; ++i)
        many += "p" + QByteArray::number(i) + "=v,";
    const QList<AuthChallenge> c = parseAuthChallenges(many);
    int params = 0;
    for (const AuthChallenge &a : c)
        params += a.params.size();
    QVERIFY(params <= MaxAuthParams);

    const QByteArray huge = "Bearer realm=\"" + QByteArray(1 << 20, 'a') + "\"";
    const QList<AuthChallenge> cut = parseAuthChallenges(huge);
    QCOMPARE(cut.size(), 1);
    QVERIFY(cut[0].param(QStringLiteral("realm")).isEmpty()); // cut before the closing quote
}

QTEST_GUILESS_MAIN(TestAuthChallenge)
#include "tst_authchallenge.moc"
