#include "oci/registry/ImageReference.h"

#include <QTest>

using enclii::oci::ImageReference;

class TestImageReference : public QObject
{
    Q_OBJECT

private slots:
    void parsesDockerForms_data();
    void parsesDockerForms();
    void refusesBadInput_data();
    void refusesBadInput();
    void formats();
    void loopback();
    void withTagAndDigest();
};

void TestImageReference::parsesDockerForms_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("registry");
    QTest::addColumn<QString>("repository");
    QTest::addColumn<QString>("tag");
    QTest::addColumn<QString>("digest");

    const QString d = QStringLiteral("sha256:") + QString(64, QLatin1Char('a'));
    QTest::newRow("official") << "nginx" << "docker.io" << "library/nginx" << "" << "";
    QTest::newRow("official tag") << "nginx:1.25" << "docker.io" << "library/nginx" << "1.25" << "";
    QTest::newRow("user repo") << "bitnami/redis:7" << "docker.io" << "bitnami/redis" << "7" << "";
    QTest::newRow("index.docker.io") << "index.docker.io/nginx" << "docker.io" << "library/nginx" << "" << "";
    QTest::newRow("docker.io explicit") << "docker.io/library/alpine:3" << "docker.io" << "library/alpine" << "3" << "";
    QTest::newRow("localhost") << "localhost/app" << "localhost" << "app" << "" << "";
    QTest::newRow("localhost port") << "localhost:5000/team/app:dev" << "localhost:5000" << "team/app" << "dev" << "";
    QTest::newRow("ip port") << "127.0.0.1:41234/app@" + d << "127.0.0.1:41234" << "app" << "" << d;
    QTest::newRow("host.domain") << "ghcr.io/enclii/api:v1.2.3" << "ghcr.io" << "enclii/api" << "v1.2.3" << "";
    QTest::newRow("tag and digest") << "ghcr.io/a/b:t@" + d << "ghcr.io" << "a/b" << "t" << d;
    QTest::newRow("ipv6") << "[::1]:5000/app:x" << "[::1]:5000" << "app" << "x" << "";
    QTest::newRow("separators") << "reg.example:443/a.b/c__d/e---f/g_h" << "reg.example:443" << "a.b/c__d/e---f/g_h" << ""
                                << "";
    QTest::newRow("capital first component is a host") << "Registry/app" << "Registry" << "app" << "" << "";
    QTest::newRow("tag grammar") << "app:_W.1-x" << "docker.io" << "library/app" << "_W.1-x" << "";
    QTest::newRow("sha512") << "app@sha512:" + QString(128, QLatin1Char('0')) << "docker.io" << "library/app" << ""
                            << "sha512:" + QString(128, QLatin1Char('0'));
}

void TestImageReference::parsesDockerForms()
{
    QFETCH(QString, text);
    QString error;
    const auto ref = ImageReference::parse(text, &error);
    QVERIFY2(ref, qPrintable(error));
    QTEST(ref->registry(), "registry");
    QTEST(ref->repository(), "repository");
    QTEST(ref->tag(), "tag");
    QTEST(ref->digest(), "digest");
    // Canonical text parses back to the same reference.
    QCOMPARE(ImageReference::parse(ref->toString()), ref);
}

void TestImageReference::refusesBadInput_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("why");

    QTest::newRow("empty") << "" << "empty";
    QTest::newRow("upper case repo") << "Nginx" << "lower case";
    QTest::newRow("upper case path") << "ghcr.io/Team/app" << "lower case";
    QTest::newRow("leading separator") << "ghcr.io/-app" << "invalid component";
    QTest::newRow("double dot") << "ghcr.io/a..b" << "invalid component";
    QTest::newRow("triple underscore") << "a___b" << "invalid component";
    QTest::newRow("empty component") << "ghcr.io/a//b" << "invalid component";
    QTest::newRow("path traversal") << "ghcr.io/../etc" << "invalid component";
    QTest::newRow("bad tag start") << "app:.x" << "tag";
    QTest::newRow("tag too long") << "app:" + QString(129, QLatin1Char('a')) << "1 to 128";
    QTest::newRow("short digest") << "app@sha256:abc" << "64 lower-case hex";
    QTest::newRow("upper hex digest") << "app@sha256:" + QString(64, QLatin1Char('A')) << "64 lower-case hex";
    QTest::newRow("unknown algorithm") << "app@md5:" + QString(32, QLatin1Char('a')) << "sha256:<64 hex>";
    QTest::newRow("bad port") << "localhost:99999/app" << "port";
    QTest::newRow("port letters") << "localhost:50x0/app" << "port";
    QTest::newRow("space") << "ng inx" << "space";
    QTest::newRow("non-ascii") << QStringLiteral("ngïnx") << "non-ASCII";
    QTest::newRow("missing repo") << ":tag" << "missing";
    QTest::newRow("too long") << QString(600, QLatin1Char('a')) << "longer than";
    QTest::newRow("long name") << "ghcr.io/" + QString(250, QLatin1Char('a')) << "longer than 255";
    QTest::newRow("bad host") << "-bad.example/app" << "host name";
    QTest::newRow("bracket") << "[zz]:1/app" << "IPv6";
}

void TestImageReference::refusesBadInput()
{
    QFETCH(QString, text);
    QFETCH(QString, why);
    QString error;
    QVERIFY(!ImageReference::parse(text, &error));
    QVERIFY2(error.contains(why), qPrintable(error));
    QVERIFY2(error.startsWith(QLatin1String("invalid image reference")), qPrintable(error));
}

void TestImageReference::formats()
{
    const auto ref = ImageReference::parse(QStringLiteral("nginx:1.25"));
    QVERIFY(ref);
    QCOMPARE(ref->toString(), QStringLiteral("docker.io/library/nginx:1.25"));
    QCOMPARE(ref->familiarString(), QStringLiteral("nginx:1.25"));
    QCOMPARE(ref->reference(), QStringLiteral("1.25"));
    const auto bare = ImageReference::parse(QStringLiteral("localhost:5000/app"));
    QCOMPARE(bare->reference(), QStringLiteral("latest"));
    QCOMPARE(bare->toString(), QStringLiteral("localhost:5000/app"));
    QCOMPARE(bare->familiarString(), QStringLiteral("localhost:5000/app"));
    const QString d = QStringLiteral("sha256:") + QString(64, QLatin1Char('b'));
    const auto pinned = ImageReference::parse(QStringLiteral("ghcr.io/a/b:v1@") + d);
    QCOMPARE(pinned->reference(), d);
    QVERIFY(ImageReference().isNull());
    QVERIFY(ImageReference().toString().isEmpty());
}

void TestImageReference::loopback()
{
    QVERIFY(ImageReference::parse(QStringLiteral("localhost:5000/a"))->isLoopbackRegistry());
    QVERIFY(ImageReference::parse(QStringLiteral("127.0.0.1:5000/a"))->isLoopbackRegistry());
    QVERIFY(ImageReference::parse(QStringLiteral("127.1.2.3/a"))->isLoopbackRegistry());
    QVERIFY(ImageReference::parse(QStringLiteral("[::1]:5000/a"))->isLoopbackRegistry());
    QVERIFY(!ImageReference::parse(QStringLiteral("ghcr.io/a"))->isLoopbackRegistry());
    QVERIFY(!ImageReference::parse(QStringLiteral("localhost.evil.example/a"))->isLoopbackRegistry());
    QVERIFY(!ImageReference::parse(QStringLiteral("a"))->isLoopbackRegistry());
}

void TestImageReference::withTagAndDigest()
{
    const auto ref = ImageReference::parse(QStringLiteral("ghcr.io/a/b:v1"));
    const QString d = QStringLiteral("sha256:") + QString(64, QLatin1Char('c'));
    const ImageReference pinned = ref->withDigest(d);
    QCOMPARE(pinned.toString(), QStringLiteral("ghcr.io/a/b:v1@") + d);
    const ImageReference retagged = pinned.withTag(QStringLiteral("v2"));
    QCOMPARE(retagged.toString(), QStringLiteral("ghcr.io/a/b:v2"));
    QCOMPARE(ref->withDigest(QStringLiteral("sha256:nothex")).digest(), QString());
    const auto made = ImageReference::fromParts(QString(), QStringLiteral("redis"), QStringLiteral("7"));
    QVERIFY(made);
    QCOMPARE(made->toString(), QStringLiteral("docker.io/library/redis:7"));
    QString error;
    QVERIFY(!ImageReference::fromParts(QStringLiteral("ghcr.io"), QStringLiteral("A"), {}, {}, &error));
    QVERIFY(error.contains(QLatin1String("lower case")));
}

QTEST_GUILESS_MAIN(TestImageReference)
#include "tst_imagereference.moc"
