#include "store/EmbeddedPostgres.h"
#include "support/TestPostgres.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <pwd.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>

using enclii::store::EmbeddedPostgres;
using enclii::test::TestPostgres;

namespace {

const QString kFallbackRoot = QStringLiteral("/var/lib/enclii/clusters/");

bool isRoot()
{
    return ::geteuid() == 0;
}

uid_t serverUid()
{
    if (!isRoot())
        return ::geteuid();
    const passwd *pw = ::getpwnam("postgres");
    return pw ? pw->pw_uid : uid_t(-1);
}

struct FileMode
{
    bool ok = false;
    mode_t mode = 0;
    uid_t uid = 0;
};

FileMode fileMode(const QString &path)
{
    struct stat st{};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return {};
    return {true, mode_t(st.st_mode & 07777), st.st_uid};
}

QString readPassword(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromLatin1(f.readAll()).trimmed() : QString();
}

qint64 postmasterPid(const QString &dataDir)
{
    QFile f(dataDir + QLatin1String("/postmaster.pid"));
    return f.open(QIODevice::ReadOnly) ? f.readLine().trimmed().toLongLong() : 0;
}

// A zombie (exited, not yet reaped by its new parent) counts as dead.
bool processAlive(qint64 pid)
{
    if (pid <= 0 || (::kill(pid_t(pid), 0) != 0 && errno != EPERM))
        return false;
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return true;
    const QByteArray line = stat.readLine();
    const qsizetype paren = line.lastIndexOf(')');
    return paren < 0 || paren + 2 >= line.size() || line.at(paren + 2) != 'Z';
}

struct Psql
{
    bool ok = false;
    QString out;
    QString err;
};

// The password goes through the environment, as the daemon's own tools do.
Psql psql(int port, const QString &password, const QString &sql, const QString &db = QStringLiteral("enclii"))
{
    const QString binDir = EmbeddedPostgres::findBinDir();
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PGPASSWORD"), password);
    env.insert(QStringLiteral("PGCONNECT_TIMEOUT"), QStringLiteral("5"));
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(binDir + QLatin1String("/psql"),
            {QStringLiteral("-X"), QStringLiteral("-q"), QStringLiteral("-A"), QStringLiteral("-t"),
             QStringLiteral("-v"), QStringLiteral("ON_ERROR_STOP=1"), QStringLiteral("-h"), QStringLiteral("127.0.0.1"),
             QStringLiteral("-p"), QString::number(port), QStringLiteral("-U"), QStringLiteral("enclii"),
             QStringLiteral("-d"), db, QStringLiteral("-c"), sql});
    Psql r;
    if (!p.waitForFinished(30000)) {
        p.kill();
        p.waitForFinished();
        r.err = QStringLiteral("psql timed out");
        return r;
    }
    r.ok = p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    r.out = QString::fromUtf8(p.readAllStandardOutput()).trimmed();
    r.err = QString::fromUtf8(p.readAllStandardError()).trimmed();
    return r;
}

// A temporary home for one cluster. Declared before the EmbeddedPostgres objects so it goes
// last: it stops a server a failed test left running and removes the fallback location a
// root-run cluster may have used.
class ClusterDir
{
public:
    explicit ClusterDir(bool openParent = false)
    {
        // QTemporaryDir is 0700: as root that makes the postgres user fall back to
        // /var/lib/enclii/clusters. An open parent keeps the cluster in place.
        if (openParent)
            QFile::setPermissions(m_tmp.path(), QFile::permissions(m_tmp.path()) | QFile::ExeOther | QFile::ExeGroup
                                                    | QFile::ReadOther | QFile::ReadGroup);
    }
    ~ClusterDir()
    {
        const QString real = realDir();
        if (real.isEmpty())
            return;
        if (QFileInfo::exists(real + QLatin1String("/postmaster.pid"))) {
            QString program = EmbeddedPostgres::findBinDir() + QLatin1String("/pg_ctl");
            QStringList args{QStringLiteral("stop"), QStringLiteral("-D"), real, QStringLiteral("-m"),
                             QStringLiteral("immediate"), QStringLiteral("-w"), QStringLiteral("-t"),
                             QStringLiteral("30")};
            if (isRoot()) {
                args = QStringList{QStringLiteral("-u"), QStringLiteral("postgres"), QStringLiteral("--"), program}
                    + args;
                program = QStringLiteral("runuser");
            }
            QProcess::execute(program, args);
        }
        if (real.startsWith(kFallbackRoot))
            QDir(real).removeRecursively();
    }
    QString dataDir() const { return m_tmp.filePath(QStringLiteral("pg")); }
    QString passwordFile() const { return dataDir() + QLatin1String(".password"); }
    QString realDir() const { return QFileInfo(dataDir()).canonicalFilePath(); }

private:
    QTemporaryDir m_tmp;
};

EmbeddedPostgres::Options optionsFor(const ClusterDir &dir, bool stopOnDestroy = true)
{
    EmbeddedPostgres::Options o;
    o.dataDir = dir.dataDir();
    o.stopOnDestroy = stopOnDestroy;
    o.startTimeoutMs = 60000;
    return o;
}

int fallbackCount()
{
    return QDir(kFallbackRoot).entryList(QDir::Dirs | QDir::NoDotAndDotDot).size();
}

// Child mode (`--owner <dataDir>`): start a cluster, report its port, wait to be killed -9.
int runOwner(const QString &dataDir)
{
    EmbeddedPostgres::Options o;
    o.dataDir = dataDir;
    EmbeddedPostgres pg(o);
    if (!pg.start()) {
        std::fprintf(stdout, "error\n");
        return 1;
    }
    std::fprintf(stdout, "port %d\n", pg.port());
    std::fflush(stdout);
    QThread::sleep(600);
    return 0;
}

} // namespace

class TestEmbeddedPostgres : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (EmbeddedPostgres::findBinDir().isEmpty())
            QSKIP("PostgreSQL server programs are not installed");
    }

    void findsBinDir()
    {
        const QString binDir = EmbeddedPostgres::findBinDir();
        QVERIFY(QFileInfo(binDir + QLatin1String("/initdb")).isExecutable());
        QVERIFY(QFileInfo(binDir + QLatin1String("/pg_ctl")).isExecutable());

        const auto restore = qScopeGuard([] { qunsetenv("ENCLII_PG_BINDIR"); });
        qputenv("ENCLII_PG_BINDIR", binDir.toLocal8Bit());
        QCOMPARE(EmbeddedPostgres::findBinDir(), binDir);
        qputenv("ENCLII_PG_BINDIR", "/nonexistent/postgresql/bin");
        QVERIFY(EmbeddedPostgres::findBinDir().isEmpty());
    }

    void startsQueriesAndStops_data()
    {
        QTest::addColumn<bool>("openParent");
        QTest::newRow("private parent") << false;
        QTest::newRow("open parent") << true;
    }

    void startsQueriesAndStops()
    {
        QFETCH(bool, openParent);
        ClusterDir dir(openParent);
        EmbeddedPostgres pg(optionsFor(dir));
        QVERIFY(!pg.isRunning());
        QVERIFY(pg.connectionString().isEmpty());

        QElapsedTimer timer;
        timer.start();
        QVERIFY2(pg.start(), qPrintable(pg.error()));
        qInfo("initdb + first start: %lld ms", timer.elapsed());
        QVERIFY(pg.isRunning());
        QVERIFY(pg.error().isEmpty());
        QVERIFY(pg.port() > 0);

        // The secret: next to the data folder, owner-only, owned by us.
        const FileMode pw = fileMode(dir.passwordFile());
        QVERIFY(pw.ok);
        QCOMPARE(pw.mode, mode_t(0600));
        QCOMPARE(pw.uid, ::geteuid());
        const QString password = readPassword(dir.passwordFile());
        QVERIFY(password.size() >= 32);
        QVERIFY(!QFileInfo::exists(dir.realDir() + QLatin1String("/enclii.password")));

        // The data folder: 0700 and owned by whoever runs the server.
        const FileMode data = fileMode(dir.realDir());
        QCOMPARE(data.mode, mode_t(0700));
        QCOMPARE(data.uid, serverUid());
        const bool expectFallback = isRoot() && !openParent;
        QCOMPARE(QFileInfo(dir.dataDir()).isSymLink(), expectFallback);
        QCOMPARE(dir.realDir().startsWith(kFallbackRoot), expectFallback);
        QVERIFY(QFileInfo::exists(dir.realDir() + QLatin1String("/log/postgresql.log")));

        const QString port = QString::number(pg.port());
        QCOMPARE(pg.connectionString(),
                 QStringLiteral("host=127.0.0.1 port=%1 dbname=enclii user=enclii password=%2 connect_timeout=10")
                     .arg(port, password));
        QCOMPARE(pg.url(), QStringLiteral("postgresql://enclii:%1@127.0.0.1:%2/enclii").arg(password, port));

        const Psql one = psql(pg.port(), password, QStringLiteral("SELECT 1"));
        QVERIFY2(one.ok, qPrintable(one.err));
        QCOMPARE(one.out, QStringLiteral("1"));
        const Psql wrong = psql(pg.port(), QStringLiteral("not-the-password"), QStringLiteral("SELECT 1"));
        QVERIFY(!wrong.ok);
        QVERIFY2(wrong.err.contains(QLatin1String("password authentication failed")), qPrintable(wrong.err));

        // Nothing secret in the server log.
        QFile log(dir.realDir() + QLatin1String("/log/postgresql.log"));
        QVERIFY(log.open(QIODevice::ReadOnly));
        QVERIFY(!log.readAll().contains(password.toLatin1()));

        const int oldPort = pg.port();
        pg.stop();
        QVERIFY(!pg.isRunning());
        QCOMPARE(pg.port(), 0);
        QVERIFY(pg.url().isEmpty());
        QVERIFY(!QFileInfo::exists(dir.realDir() + QLatin1String("/postmaster.pid")));
        QVERIFY(!psql(oldPort, password, QStringLiteral("SELECT 1")).ok);
    }

    void restartsWithTheSameData()
    {
        ClusterDir dir;
        QString password;
        {
            EmbeddedPostgres pg(optionsFor(dir));
            QVERIFY2(pg.start(), qPrintable(pg.error()));
            password = readPassword(dir.passwordFile());
            const Psql r = psql(pg.port(), password,
                                QStringLiteral("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')"));
            QVERIFY2(r.ok, qPrintable(r.err));
        }  // stopOnDestroy
        QVERIFY(!QFileInfo::exists(dir.realDir() + QLatin1String("/postmaster.pid")));

        EmbeddedPostgres again(optionsFor(dir));
        QElapsedTimer timer;
        timer.start();
        QVERIFY2(again.start(), qPrintable(again.error()));
        qInfo("restart of an initialised cluster: %lld ms", timer.elapsed());
        QCOMPARE(readPassword(dir.passwordFile()), password);
        QVERIFY(again.connectionString().contains(QLatin1String("password=") + password));
        const Psql r = psql(again.port(), password, QStringLiteral("SELECT v FROM kept"));
        QVERIFY2(r.ok, qPrintable(r.err));
        QCOMPARE(r.out, QStringLiteral("still here"));
    }

    // The brief's simulation: a second owner on the same folder must reuse the server.
    void secondOwnerReusesTheRunningServer()
    {
        ClusterDir dir;
        EmbeddedPostgres first(optionsFor(dir, true));
        QVERIFY2(first.start(), qPrintable(first.error()));
        const qint64 pid = postmasterPid(dir.realDir());
        {
            EmbeddedPostgres second(optionsFor(dir, false));
            QVERIFY2(second.start(), qPrintable(second.error()));
            QCOMPARE(second.port(), first.port());
            QCOMPARE(second.connectionString(), first.connectionString());
            QCOMPARE(postmasterPid(dir.realDir()), pid);  // no second postmaster
        }
        // stopOnDestroy=false: the server is still there for the first owner.
        QVERIFY(first.isRunning());
        const Psql r = psql(first.port(), readPassword(dir.passwordFile()), QStringLiteral("SELECT 1"));
        QVERIFY2(r.ok, qPrintable(r.err));
    }

    // The real thing: the owning process is killed -9 and a new process takes over.
    void reusesTheServerOfAKilledOwner()
    {
        ClusterDir dir;
        QProcess owner;
        owner.start(QCoreApplication::applicationFilePath(), {QStringLiteral("--owner"), dir.dataDir()});
        QVERIFY(owner.waitForStarted());
        QString line;
        QElapsedTimer timer;
        timer.start();
        while (!line.endsWith(QLatin1Char('\n')) && timer.elapsed() < 90000) {
            owner.waitForReadyRead(1000);
            line += QString::fromLatin1(owner.readAll());
        }
        QVERIFY2(line.startsWith(QLatin1String("port ")), qPrintable(line));
        const int ownerPort = line.mid(5).trimmed().toInt();
        owner.kill();  // SIGKILL: no destructor, no pg_ctl stop
        QVERIFY(owner.waitForFinished());
        const qint64 pid = postmasterPid(dir.realDir());
        QVERIFY(processAlive(pid));

        EmbeddedPostgres heir(optionsFor(dir));
        QVERIFY2(heir.start(), qPrintable(heir.error()));
        QCOMPARE(heir.port(), ownerPort);
        QCOMPARE(postmasterPid(dir.realDir()), pid);
        const Psql r = psql(heir.port(), readPassword(dir.passwordFile()), QStringLiteral("SELECT 1"));
        QVERIFY2(r.ok, qPrintable(r.err));
        heir.stop();
        QVERIFY(!heir.isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(!processAlive(pid), 10000);
    }

    // The server itself was killed -9: a stale postmaster.pid with a dead pid stays behind.
    void restartsAfterTheServerWasKilled()
    {
        ClusterDir dir;
        EmbeddedPostgres pg(optionsFor(dir));
        QVERIFY2(pg.start(), qPrintable(pg.error()));
        const qint64 pid = postmasterPid(dir.realDir());
        QVERIFY(pid > 0);
        QCOMPARE(::kill(pid_t(pid), SIGKILL), 0);
        QTRY_VERIFY_WITH_TIMEOUT(!processAlive(pid), 10000);
        QVERIFY(QFileInfo::exists(dir.realDir() + QLatin1String("/postmaster.pid")));

        EmbeddedPostgres again(optionsFor(dir));
        QVERIFY2(again.start(), qPrintable(again.error()));
        QVERIFY(postmasterPid(dir.realDir()) != pid);
        const Psql r = psql(again.port(), readPassword(dir.passwordFile()), QStringLiteral("SELECT 1"));
        QVERIFY2(r.ok, qPrintable(r.err));
    }

    // After a reboot the pid in a stale postmaster.pid may belong to an unrelated process.
    void ignoresAPidFileNamingAnotherProcess()
    {
        ClusterDir dir;
        {
            EmbeddedPostgres pg(optionsFor(dir));
            QVERIFY2(pg.start(), qPrintable(pg.error()));
        }
        QFile fake(dir.realDir() + QLatin1String("/postmaster.pid"));
        QVERIFY(fake.open(QIODevice::WriteOnly));
        fake.write(QByteArray::number(::getpid()) + '\n' + QFile::encodeName(dir.realDir())
                   + "\n1700000000\n5432\n\n127.0.0.1\n  1234 5678\nready   \n");
        fake.close();

        EmbeddedPostgres pg(optionsFor(dir));
        QVERIFY2(pg.start(), qPrintable(pg.error()));
        QVERIFY(postmasterPid(dir.realDir()) != ::getpid());
    }

    void failsClearlyWithoutServerPrograms()
    {
        ClusterDir dir;
        const auto restore = qScopeGuard([] { qunsetenv("ENCLII_PG_BINDIR"); });
        qputenv("ENCLII_PG_BINDIR", "/nonexistent/postgresql/bin");
        EmbeddedPostgres pg(optionsFor(dir));
        QVERIFY(!pg.start());
        QVERIFY2(pg.error().contains(QLatin1String("not found")), qPrintable(pg.error()));
        QVERIFY2(pg.error().contains(QLatin1String("/nonexistent/postgresql/bin")), qPrintable(pg.error()));
        QVERIFY(!pg.isRunning());
        QVERIFY(pg.url().isEmpty());
        QVERIFY(!QFileInfo::exists(dir.dataDir()));
    }

    void failsClearlyWithoutThePasswordFile()
    {
        ClusterDir dir;
        {
            EmbeddedPostgres pg(optionsFor(dir));
            QVERIFY2(pg.start(), qPrintable(pg.error()));
        }
        QVERIFY(QFile::remove(dir.passwordFile()));
        EmbeddedPostgres pg(optionsFor(dir));
        QVERIFY(!pg.start());
        QVERIFY2(pg.error().contains(dir.passwordFile()), qPrintable(pg.error()));
        QVERIFY(!QFileInfo::exists(dir.realDir() + QLatin1String("/postmaster.pid")));
    }

    void refusesAFolderHoldingSomethingElse()
    {
        ClusterDir dir;
        QVERIFY(QDir().mkpath(dir.dataDir()));
        QFile keep(dir.dataDir() + QLatin1String("/keep.txt"));
        QVERIFY(keep.open(QIODevice::WriteOnly));
        keep.close();
        EmbeddedPostgres pg(optionsFor(dir));
        QVERIFY(!pg.start());
        QVERIFY2(pg.error().contains(QLatin1String("no PG_VERSION")), qPrintable(pg.error()));
        QCOMPARE(fileMode(keep.fileName()).uid, ::geteuid());  // untouched, not chowned
    }

    void fixtureGivesAnIsolatedDatabase()
    {
        const int fallbacksBefore = fallbackCount();
        {
            TestPostgres fx(QStringLiteral("Fixture-One"));
            QVERIFY2(fx.isValid(), qPrintable(fx.error()));
            QVERIFY(!fx.isExternal());
            QCOMPARE(fx.databaseName(), QStringLiteral("fixture_one"));
            bool ok = false;
            QCOMPARE(fx.query(QStringLiteral("SELECT current_database()"), &ok), QStringLiteral("fixture_one"));
            QVERIFY2(ok, qPrintable(fx.error()));
            QVERIFY(fx.url().endsWith(QLatin1String("/fixture_one")));

            // Through ENCLII_TEST_DATABASE_URL a fixture gets a fresh database on that server.
            const auto restore = qScopeGuard([] { qunsetenv("ENCLII_TEST_DATABASE_URL"); });
            qputenv("ENCLII_TEST_DATABASE_URL", fx.url().toUtf8());
            QString name;
            {
                TestPostgres shared(QStringLiteral("shared"));
                QVERIFY2(shared.isValid(), qPrintable(shared.error()));
                QVERIFY(shared.isExternal());
                name = shared.databaseName();
                QVERIFY(name.startsWith(QLatin1String("shared_")));
                QCOMPARE(shared.query(QStringLiteral("SELECT current_database()")), name);
                QVERIFY(shared.connectionString().contains(QLatin1String("dbname=") + name));
                TestPostgres sibling(QStringLiteral("shared"));
                QVERIFY2(sibling.isValid(), qPrintable(sibling.error()));
                QVERIFY(sibling.databaseName() != name);
            }
            const QString left = fx.query(
                QStringLiteral("SELECT count(*) FROM pg_database WHERE datname LIKE 'shared\\_%'"));
            QCOMPARE(left, QStringLiteral("0"));
        }
        QCOMPARE(fallbackCount(), fallbacksBefore);
    }
};

int main(int argc, char **argv)
{
    if (argc == 3 && qstrcmp(argv[1], "--owner") == 0) {
        QCoreApplication app(argc, argv);
        return runOwner(QString::fromLocal8Bit(argv[2]));
    }
    QCoreApplication app(argc, argv);
    TestEmbeddedPostgres test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_embeddedpostgres.moc"
