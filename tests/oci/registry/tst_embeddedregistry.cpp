// EmbeddedRegistry with the real docker-registry: start, stop, restart, an owner killed -9,
// a stolen port, a registry that never comes up.

#include "oci/registry/EmbeddedRegistry.h"
#include "oci/registry/RegistryClient.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <csignal>

using namespace enclii::oci;

namespace {

const char kOwnerFlag[] = "--embedded-registry-owner";

bool processAlive(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray line = stat.readAll();
    return line.mid(line.lastIndexOf(')') + 2, 1) != "Z";
}

bool waitGone(qint64 pid)
{
    for (int i = 0; i < 500 && processAlive(pid); ++i)
        QThread::msleep(20);
    return !processAlive(pid);
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

EmbeddedRegistry::Options optionsFor(const QString &stateDir)
{
    EmbeddedRegistry::Options o;
    o.stateDir = stateDir;
    o.stopGraceMs = 2000;
    return o;
}

// The owner process of ownerKilled(): starts a registry, says where, then waits to be killed.
int runOwner(const QString &stateDir)
{
    EmbeddedRegistry registry(optionsFor(stateDir));
    if (!registry.start()) {
        fprintf(stderr, "%s\n", qPrintable(registry.error()));
        return 1;
    }
    printf("READY %lld %d\n", registry.pid(), registry.port());
    fflush(stdout);
    QThread::sleep(600);
    return 0;
}

} // namespace

class TestEmbeddedRegistry : public QObject
{
    Q_OBJECT

private slots:
    void startServesAndStops();
    void restartKeepsPortAndData();
    void ownerKilled();
    void rememberedPortTaken();
    void secondOwnerRefused();
    void neverAnswersFailsWithLogTail();
    void exitsAtOnceFailsClearly();
};

void TestEmbeddedRegistry::startServesAndStops()
{
    QTemporaryDir dir;
    EmbeddedRegistry registry(optionsFor(dir.filePath(QStringLiteral("state"))));
    QVERIFY2(registry.start(), qPrintable(registry.error()));
    QVERIFY(registry.isRunning());
    QVERIFY(registry.port() > 0);
    QCOMPARE(registry.address(), QStringLiteral("127.0.0.1:%1").arg(registry.port()));
    QCOMPARE(registry.url(), QUrl(QStringLiteral("http://127.0.0.1:%1").arg(registry.port())));

    const QByteArray config = readFile(registry.configPath());
    QVERIFY(config.contains("version: 0.1"));
    QVERIFY(config.contains("rootdirectory: \"" + registry.dataDir().toUtf8() + "\""));
    QVERIFY(config.contains("delete:\n    enabled: true"));
    QVERIFY(config.contains("addr: 127.0.0.1:" + QByteArray::number(registry.port())));
    QVERIFY(!config.contains("auth:"));
    QCOMPARE(QFile::permissions(registry.configPath()) & (QFile::ReadOther | QFile::ReadGroup), QFile::Permissions());

    RegistryClient::Options o;
    o.registry = registry.address();
    RegistryClient client(o);
    QVERIFY2(client.ping().ok(), qPrintable(client.ping().error().toString()));
    QVERIFY(client.pushBlobData(QStringLiteral("embedded/app"), "content").ok());

    const qint64 pid = registry.pid();
    const int port = registry.port();
    registry.stop();
    QVERIFY(!registry.isRunning());
    QVERIFY(waitGone(pid));
    // The port is free again: a registry asked for exactly that port gets it.
    EmbeddedRegistry::Options samePort = optionsFor(dir.filePath(QStringLiteral("other")));
    samePort.port = port;
    EmbeddedRegistry next(samePort);
    QVERIFY2(next.start(), qPrintable(next.error()));
    QCOMPARE(next.port(), port);
}

void TestEmbeddedRegistry::restartKeepsPortAndData()
{
    QTemporaryDir dir;
    const QString state = dir.filePath(QStringLiteral("state"));
    int port = 0;
    QString digest;
    {
        EmbeddedRegistry registry(optionsFor(state));
        QVERIFY2(registry.start(), qPrintable(registry.error()));
        port = registry.port();
        RegistryClient::Options o;
        o.registry = registry.address();
        RegistryClient client(o);
        RegistryResult<RegistryClient::PushedBlob> pushed = client.pushBlobData(QStringLiteral("keep/app"), "kept");
        QVERIFY(pushed.ok());
        digest = pushed->digest;
    } // destroyed: stopped
    EmbeddedRegistry again(optionsFor(state));
    QVERIFY2(again.start(), qPrintable(again.error()));
    QCOMPARE(again.port(), port);
    RegistryClient::Options o;
    o.registry = again.address();
    RegistryClient client(o);
    QCOMPARE(client.pullBlob(QStringLiteral("keep/app"), digest).value(), QByteArray("kept"));
}

void TestEmbeddedRegistry::ownerKilled()
{
    QTemporaryDir dir;
    const QString state = dir.filePath(QStringLiteral("state"));
    QProcess owner;
    owner.start(QCoreApplication::applicationFilePath(), {QLatin1String(kOwnerFlag), state});
    QVERIFY(owner.waitForStarted());
    QByteArray line;
    for (int i = 0; i < 300 && !line.contains('\n'); ++i) {
        owner.waitForReadyRead(100);
        line += owner.readAllStandardOutput();
    }
    QVERIFY2(line.startsWith("READY "), (line + owner.readAllStandardError()).constData());
    const QList<QByteArray> parts = line.trimmed().split(' ');
    const qint64 orphanPid = parts.value(1).toLongLong();
    const int port = parts.value(2).toInt();

    RegistryClient::Options o;
    o.registry = QStringLiteral("127.0.0.1:%1").arg(port);
    {
        RegistryClient client(o);
        QVERIFY(client.pushBlobData(QStringLiteral("orphan/app"), "before the crash").ok());
    }

    owner.kill(); // SIGKILL: no destructor runs
    QVERIFY(owner.waitForFinished());
    QVERIFY2(processAlive(orphanPid), "the registry outlives its owner");

    EmbeddedRegistry successor(optionsFor(state));
    QVERIFY2(successor.start(), qPrintable(successor.error()));
    QVERIFY(waitGone(orphanPid));
    QVERIFY(successor.pid() != orphanPid);
    QCOMPARE(successor.port(), port);
    RegistryClient client(o);
    QVERIFY2(client.ping().ok(), "the new registry serves the same address");
    RegistryResult<bool> exists = client.blobExists(QStringLiteral("orphan/app"),
                                                    QStringLiteral("sha256:") + QCryptographicHash::hash("before the crash", QCryptographicHash::Sha256).toHex());
    QVERIFY(exists.ok() && exists.value());
}

void TestEmbeddedRegistry::rememberedPortTaken()
{
    QTemporaryDir dir;
    const QString state = dir.filePath(QStringLiteral("state"));
    QVERIFY(QDir().mkpath(state));
    // The port remembered from an earlier run is now another program's.
    QTcpServer squatter;
    QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
    const int port = squatter.serverPort();
    QFile remembered(state + QLatin1String("/registry.port"));
    QVERIFY(remembered.open(QIODevice::WriteOnly));
    remembered.write(QByteArray::number(port));
    remembered.close();

    EmbeddedRegistry registry(optionsFor(state));
    QVERIFY2(registry.start(), qPrintable(registry.error()));
    QVERIFY(registry.port() != port);
    QCOMPARE(readFile(state + QLatin1String("/registry.port")).trimmed(), QByteArray::number(registry.port()));

    // A port given explicitly is not swapped for another: the failure says why.
    EmbeddedRegistry::Options pinned = optionsFor(dir.filePath(QStringLiteral("pinned")));
    pinned.port = port;
    pinned.startTimeoutMs = 5000;
    EmbeddedRegistry refused(pinned);
    QVERIFY(!refused.start());
    QVERIFY2(refused.error().contains(QLatin1String("address already in use")), qPrintable(refused.error()));
}

void TestEmbeddedRegistry::secondOwnerRefused()
{
    QTemporaryDir dir;
    const QString state = dir.filePath(QStringLiteral("state"));
    EmbeddedRegistry first(optionsFor(state));
    QVERIFY2(first.start(), qPrintable(first.error()));
    EmbeddedRegistry::Options o = optionsFor(state);
    o.startTimeoutMs = 300;
    EmbeddedRegistry second(o);
    QVERIFY(!second.start());
    QVERIFY2(second.error().contains(QLatin1String("registry.lock")), qPrintable(second.error()));
    QVERIFY(first.isRunning());
}

void TestEmbeddedRegistry::neverAnswersFailsWithLogTail()
{
    QTemporaryDir dir;
    const QString script = dir.filePath(QStringLiteral("silent-registry"));
    QFile f(script);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("#!/bin/sh\necho 'pretending to start, never listening' >&2\nexec sleep 60\n");
    f.close();
    f.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    EmbeddedRegistry::Options o = optionsFor(dir.filePath(QStringLiteral("state")));
    o.executable = script;
    o.startTimeoutMs = 1500;
    EmbeddedRegistry registry(o);
    QVERIFY(!registry.start());
    const QString error = registry.error();
    QVERIFY2(error.contains(QLatin1String("did not answer")), qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("1500 ms")), qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("pretending to start, never listening")), qPrintable(error));
    QVERIFY2(error.contains(registry.logPath()), qPrintable(error));
    QVERIFY(!registry.isRunning());
}

void TestEmbeddedRegistry::exitsAtOnceFailsClearly()
{
    QTemporaryDir dir;
    const QString state = dir.filePath(QStringLiteral("state"));
    QVERIFY(QDir().mkpath(state));
    // A broken token configuration: docker-registry refuses to start and says why.
    EmbeddedRegistry::Options o = optionsFor(state);
    o.tokenAuth = EmbeddedRegistry::TokenAuth{QStringLiteral("http://127.0.0.1:1/token"), QStringLiteral("svc"),
                                              QStringLiteral("iss"), dir.filePath(QStringLiteral("missing.pem"))};
    EmbeddedRegistry registry(o);
    QVERIFY(!registry.start());
    const QString error = registry.error();
    QVERIFY2(error.contains(QLatin1String("exited right after starting")), qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("missing.pem")), qPrintable(error));

    EmbeddedRegistry::Options absent = optionsFor(state);
    absent.executable = dir.filePath(QStringLiteral("no-such-registry"));
    EmbeddedRegistry none(absent);
    QVERIFY(!none.start());
    QVERIFY2(none.error().contains(QLatin1String("docker-registry")), qPrintable(none.error()));
}

int main(int argc, char **argv)
{
    if (argc == 3 && qstrcmp(argv[1], kOwnerFlag) == 0) {
        QCoreApplication app(argc, argv);
        return runOwner(QString::fromLocal8Bit(argv[2]));
    }
    QCoreApplication app(argc, argv);
    TestEmbeddedRegistry test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_embeddedregistry.moc"
