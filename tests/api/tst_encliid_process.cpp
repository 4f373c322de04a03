// The encliid binary as an operator runs it: validate's exit codes, and serve on its embedded
// PostgreSQL from a cold state folder, stopped by SIGTERM with the database stopped too.
#include "OidcTestClient.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using enclii::test::httpRequest;

namespace {

const QString kBinary = QStringLiteral(ENCLIID_BINARY);
const QString kSpecs = QStringLiteral(ENCLII_SOURCE_DIR "/specs");

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run run(const QStringList &args, int timeoutMs = 30000)
{
    QProcess p;
    p.start(kBinary, args);
    p.waitForFinished(timeoutMs);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

} // namespace

class TestEncliidProcess : public QObject
{
    Q_OBJECT
private slots:
    void validateAcceptsTheSeed()
    {
        const Run r = run({QStringLiteral("validate"), kSpecs});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QStringLiteral("33 services, 1 ecosystem document(s): 0 error(s)")), qPrintable(r.out));
    }

    void validateRejectsABrokenFolder()
    {
        QTemporaryDir dir;
        QFile f(dir.filePath(QStringLiteral("bad.yaml")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("apiVersion: enclii.dev/v1\nkind: Service\nmetadata:\n  name: x\n  replcas: 2\n");
        f.close();
        const Run r = run({QStringLiteral("validate"), dir.path()});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("bad.yaml:5:3: error: metadata.replcas: unknown field")), qPrintable(r.err));
    }

    void badCommandLineExits2()
    {
        QCOMPARE(run({QStringLiteral("--listen"), QStringLiteral("nonsense")}).exitCode, 2);
        QCOMPARE(run({QStringLiteral("frobnicate")}).exitCode, 2);
        const Run help = run({QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains(QStringLiteral("--state-dir")));
        QVERIFY(help.out.contains(QStringLiteral("DATABASE_URL")));
    }

    void serveOnTheEmbeddedDatabase()
    {
        QTemporaryDir state;
        // Traversable by the postgres user, so the embedded cluster lives in this folder and
        // goes with it (a private folder would put it under /var/lib/enclii/clusters when root).
        QFile::setPermissions(state.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup
                                                | QFile::ExeGroup | QFile::ReadOther | QFile::ExeOther);
        const int port = enclii::test::freePort();
        QProcess daemon;
        daemon.setProcessChannelMode(QProcess::MergedChannels);
        daemon.start(kBinary, {QStringLiteral("serve"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port),
                               QStringLiteral("--state-dir"), state.path(), QStringLiteral("--specs"), kSpecs,
                               QStringLiteral("--log-format"), QStringLiteral("json")});
        QVERIFY(daemon.waitForStarted());
        const QString base = QStringLiteral("http://127.0.0.1:%1").arg(port);
        int status = 0;
        for (int i = 0; i < 120 && status != 200; ++i) {
            QTest::qWait(500);
            status = httpRequest(base + QStringLiteral("/readyz"), "GET", {}, {}, {}, 2000).status;
        }
        QCOMPARE(status, 200);
        // Without a token the API says to sign in.
        QCOMPARE(httpRequest(base + QStringLiteral("/v1/ecosystem")).status, 401);
        // The first start printed the generated administrator password once, on stdout.
        QTest::qWait(200);
        const QString startup = QString::fromUtf8(daemon.readAll());
        static const QRegularExpression printed(QStringLiteral("has the password\\s+(\\S+)"));
        const QString password = printed.match(startup).captured(1);
        QVERIFY2(password.size() >= 20, qPrintable(startup));
        const QString token = enclii::test::signIn(base, QStringLiteral("admin@enclii.local"), password)
                                  .value(QStringLiteral("access_token")).toString();
        QVERIFY(!token.isEmpty());
        QCOMPARE(httpRequest(base + QStringLiteral("/v1/ecosystem"), "GET", {}, {}, enclii::test::bearer(token)).json()
                     .value(QStringLiteral("name")).toString(),
                 QStringLiteral("madfam"));
        const QString pidFile = QDir(state.path()).filePath(QStringLiteral("postgres/postmaster.pid"));
        QVERIFY(QFile::exists(pidFile));

        ::kill(pid_t(daemon.processId()), SIGTERM);
        QVERIFY(daemon.waitForFinished(30000));
        QCOMPARE(daemon.exitCode(), 0);
        const QString log = startup + QString::fromUtf8(daemon.readAll());
        // JSON lines, one object each.
        for (const QString &line : log.split(u'\n', Qt::SkipEmptyParts)) {
            if (line.startsWith(u'{'))
                QVERIFY2(QJsonDocument::fromJson(line.toUtf8()).isObject(), qPrintable(line));
        }
        QVERIFY2(log.contains(QStringLiteral("\"msg\":\"imported")), qPrintable(log));
        QVERIFY2(!log.contains(QStringLiteral("password=")), "no secret in the log");
        // The generated password appears once: in the notice on stdout, not in any log line.
        QCOMPARE(log.count(password), 1);
        QVERIFY2(!QFile::exists(pidFile), "the embedded PostgreSQL stops with the daemon");

        // A second start reuses the cluster and imports nothing new.
        QProcess again;
        again.setProcessChannelMode(QProcess::MergedChannels);
        // A fresh port: the first one may have gone to a test running beside this one.
        const int port2 = enclii::test::freePort();
        const QString base2 = QStringLiteral("http://127.0.0.1:%1").arg(port2);
        again.start(kBinary, {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port2), QStringLiteral("--state-dir"),
                              state.path(), QStringLiteral("--specs"), kSpecs});
        status = 0;
        for (int i = 0; i < 120 && status != 200; ++i) {
            QTest::qWait(500);
            status = httpRequest(base2 + QStringLiteral("/readyz"), "GET", {}, {}, {}, 2000).status;
        }
        if (status != 200)
            QFAIL(again.readAll().constData());
        ::kill(pid_t(again.processId()), SIGTERM);
        QVERIFY(again.waitForFinished(30000));
        const QString second = QString::fromUtf8(again.readAll());
        QVERIFY2(second.contains(QStringLiteral("34 documents, 0 changed")), qPrintable(QStringLiteral("unchanged specs write nothing:\n") + second));
    }
};

QTEST_GUILESS_MAIN(TestEncliidProcess)
#include "tst_encliid_process.moc"
