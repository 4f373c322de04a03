#include "oci/registry/EmbeddedRegistry.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QLockFile>
#include <QLoggingCategory>
#include <QProcess>
#include <QRandomGenerator>
#include <QSaveFile>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>

namespace enclii::oci {

Q_LOGGING_CATEGORY(lcEmbeddedRegistry, "enclii.oci.embeddedregistry")

namespace {

constexpr int kPortAttempts = 3;
constexpr int kProbeIntervalMs = 50;
constexpr int kPortSettleMs = 2000;
constexpr qint64 kLogTailBytes = 2000;

bool processAlive(qint64 pid)
{
    if (pid <= 0 || (::kill(pid_t(pid), 0) != 0 && errno != EPERM))
        return false;
    // A zombie has exited but still answers kill(pid, 0). With a multi-threaded program
    // (Go) the leader shows Z while the other threads still tear down and hold the
    // sockets, so only a zombie without other threads is dead for us.
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return true;
    bool zombie = false;
    int threads = 1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("State:"))
            zombie = line.mid(6).trimmed().startsWith('Z');
        else if (line.startsWith("Threads:"))
            threads = line.mid(8).trimmed().toInt();
    }
    return !(zombie && threads <= 1);
}

// Whether pid is docker-registry serving this config (a recycled pid is anything else).
bool servesConfig(qint64 pid, const QString &configPath)
{
    QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(pid));
    if (!cmdline.open(QIODevice::ReadOnly))
        return false;
    const QList<QByteArray> args = cmdline.readAll().split('\0');
    return !args.isEmpty() && args.first().endsWith("docker-registry") && args.contains(configPath.toLocal8Bit());
}

bool waitGone(qint64 pid, int ms)
{
    QDeadlineTimer deadline(ms);
    while (processAlive(pid)) {
        if (deadline.hasExpired())
            return false;
        QThread::msleep(20);
    }
    return true;
}

void terminate(qint64 pid, int graceMs)
{
    if (!processAlive(pid))
        return;
    ::kill(pid_t(pid), SIGTERM);
    if (waitGone(pid, graceMs))
        return;
    qCWarning(lcEmbeddedRegistry) << "docker-registry" << pid << "ignored SIGTERM for" << graceMs << "ms; killing it";
    ::kill(pid_t(pid), SIGKILL);
    waitGone(pid, 5000);
}

// Whether docker-registry could listen on the port. Go listens with SO_REUSEADDR, so
// connections of a registry that just died (FIN_WAIT2 until their clients close) do not
// block it; the probe binds the same way, or it would see them as a taken port.
bool portFree(int port, QString *why = nullptr)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        if (why)
            *why = QString::fromLocal8Bit(strerror(errno));
        return false;
    }
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(quint16(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool free = port > 0 && ::bind(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) == 0
        && ::listen(fd, 1) == 0;
    if (!free && why)
        *why = QString::fromLocal8Bit(strerror(errno));
    ::close(fd);
    return free;
}

int freePort()
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, 0) ? probe.serverPort() : 0;
}

QString yamlQuote(const QString &value)
{
    QString v = value;
    v.replace(QLatin1Char('\\'), QLatin1String("\\\\")).replace(QLatin1Char('"'), QLatin1String("\\\""));
    return QLatin1Char('"') + v + QLatin1Char('"');
}

QByteArray readSmallFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.read(4096).trimmed() : QByteArray();
}

bool writeSmallFile(const QString &path, const QByteArray &content, QFileDevice::Permissions permissions)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return false;
    f.setPermissions(permissions);
    f.write(content);
    return f.commit();
}

// One GET /v2/ over a plain socket: true when a distribution registry answers (200, or
// 401 when it wants tokens). Blocking, so it works on threads without an event loop.
// HTTP/1.1 and our side closing first: a connection the registry closed first would leave
// a TIME_WAIT on its port for a minute, and that keeps a restarted registry off the port.
bool registryAnswers(int port)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, quint16(port));
    if (!socket.waitForConnected(500))
        return false;
    socket.write(QByteArrayLiteral("GET /v2/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
    QByteArray answer;
    while (!answer.contains("\r\n\r\n") && answer.size() < 8192 && socket.waitForReadyRead(1000))
        answer += socket.readAll();
    socket.abort();
    const bool status = answer.startsWith("HTTP/1.1 200") || answer.startsWith("HTTP/1.1 401");
    return status && answer.toLower().contains("docker-distribution-api-version");
}

} // namespace

struct EmbeddedRegistry::Private
{
    Options options;
    QString stateDir;
    QString error;
    int port = 0;
    qint64 pid = 0;
    std::unique_ptr<QLockFile> lock;

    QString path(const char *name) const { return stateDir + QLatin1Char('/') + QLatin1String(name); }
    bool fail(const QString &message)
    {
        error = message;
        qCWarning(lcEmbeddedRegistry).noquote() << message;
        return false;
    }
    QString logTail() const;
    void stopStale();
    int choosePort();
    QByteArray secret();
    bool writeConfig();
    bool launch(QString *why);
    bool waitReady(QString *why);
    void killProcess();
};

void EmbeddedRegistry::Private::killProcess()
{
    if (pid > 0) {
        terminate(pid, options.stopGraceMs);
        pid = 0;
        QFile::remove(path("registry.pid"));
    }
}

QString EmbeddedRegistry::Private::logTail() const
{
    QFile log(path("registry.log"));
    if (!log.open(QIODevice::ReadOnly))
        return QStringLiteral("(no log)");
    if (log.size() > kLogTailBytes)
        log.seek(log.size() - kLogTailBytes);
    const QString tail = QString::fromUtf8(log.readAll()).trimmed();
    return tail.isEmpty() ? QStringLiteral("(the log is empty)") : tail;
}

void EmbeddedRegistry::Private::stopStale()
{
    const qint64 stale = readSmallFile(path("registry.pid")).toLongLong();
    if (stale > 0 && processAlive(stale) && servesConfig(stale, path("config.yml"))) {
        qCInfo(lcEmbeddedRegistry) << "stopping docker-registry" << stale << "left running by a previous owner of"
                                   << stateDir;
        terminate(stale, options.stopGraceMs);
    }
    QFile::remove(path("registry.pid"));
}

int EmbeddedRegistry::Private::choosePort()
{
    if (options.port > 0)
        return options.port;
    const int remembered = readSmallFile(path("registry.port")).toInt();
    QString why;
    // A registry that just exited may hold its port for a moment longer.
    QDeadlineTimer settle(kPortSettleMs);
    while (remembered > 0 && !portFree(remembered, &why) && !settle.hasExpired())
        QThread::msleep(kProbeIntervalMs);
    if (remembered > 0 && portFree(remembered, &why))
        return remembered;
    if (remembered > 0)
        qCWarning(lcEmbeddedRegistry).noquote() << "port" << remembered << "of the embedded registry is taken ("
                                                << why << "); choosing another";
    return freePort();
}

QByteArray EmbeddedRegistry::Private::secret()
{
    QByteArray s = readSmallFile(path("http.secret"));
    if (s.size() >= 32)
        return s;
    QByteArray raw(32, Qt::Uninitialized);
    QRandomGenerator::system()->generate(reinterpret_cast<quint32 *>(raw.data()),
                                         reinterpret_cast<quint32 *>(raw.data() + raw.size()));
    s = raw.toHex();
    writeSmallFile(path("http.secret"), s, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return s;
}

bool EmbeddedRegistry::Private::writeConfig()
{
    QString yaml = QStringLiteral(
                       "# Generated by encliid at each start of the embedded registry; edits are overwritten.\n"
                       "version: 0.1\n"
                       "log:\n"
                       "  level: warn\n"
                       "  formatter: text\n"
                       "  accesslog:\n"
                       "    disabled: true\n"
                       "storage:\n"
                       "  filesystem:\n"
                       "    rootdirectory: %1\n"
                       "  delete:\n"
                       "    enabled: true\n"
                       "  maintenance:\n"
                       "    uploadpurging:\n"
                       "      enabled: false\n"
                       "http:\n"
                       "  addr: 127.0.0.1:%2\n"
                       "  secret: %3\n")
                       .arg(yamlQuote(path("data")))
                       .arg(port)
                       .arg(yamlQuote(QString::fromLatin1(secret())));
    if (options.tokenAuth) {
        const TokenAuth &t = *options.tokenAuth;
        yaml += QStringLiteral("auth:\n"
                               "  token:\n"
                               "    realm: %1\n"
                               "    service: %2\n"
                               "    issuer: %3\n"
                               "    rootcertbundle: %4\n")
                    .arg(yamlQuote(t.realm), yamlQuote(t.service), yamlQuote(t.issuer), yamlQuote(t.rootCertBundle));
    }
    // 0600: the file holds the HTTP secret.
    return writeSmallFile(path("config.yml"), yaml.toUtf8(), QFileDevice::ReadOwner | QFileDevice::WriteOwner);
}

bool EmbeddedRegistry::Private::launch(QString *why)
{
    QProcess process;
    process.setProgram(options.executable);
    process.setArguments({QStringLiteral("serve"), path("config.yml")});
    process.setWorkingDirectory(stateDir);
    // REGISTRY_* variables override the configuration file; none of the caller's may.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &key : env.keys())
        if (key.startsWith(QLatin1String("REGISTRY_")))
            env.remove(key);
    process.setProcessEnvironment(env);
    process.setStandardInputFile(QProcess::nullDevice());
    process.setStandardOutputFile(path("registry.log"), QIODevice::Append);
    process.setStandardErrorFile(path("registry.log"), QIODevice::Append);
    // Detached: the registry never depends on our event loop, and stop() and a later owner
    // handle it the same way, by pid.
    if (!process.startDetached(&pid)) {
        *why = QStringLiteral("cannot run %1: %2").arg(options.executable, process.errorString());
        return false;
    }
    writeSmallFile(path("registry.pid"), QByteArray::number(pid), QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return true;
}

bool EmbeddedRegistry::Private::waitReady(QString *why)
{
    QDeadlineTimer deadline(options.startTimeoutMs);
    for (;;) {
        if (!processAlive(pid)) {
            *why = QStringLiteral("docker-registry exited right after starting on 127.0.0.1:%1").arg(port);
            pid = 0;
            return false;
        }
        if (registryAnswers(port))
            return true;
        if (deadline.hasExpired()) {
            *why = QStringLiteral("docker-registry (pid %1) did not answer on http://127.0.0.1:%2/v2/ within %3 ms")
                       .arg(pid).arg(port).arg(options.startTimeoutMs);
            return false;
        }
        QThread::msleep(kProbeIntervalMs);
    }
}

EmbeddedRegistry::EmbeddedRegistry(Options options)
    : d(std::make_unique<Private>())
{
    d->options = std::move(options);
    d->stateDir = QDir(d->options.stateDir).absolutePath();
}

EmbeddedRegistry::~EmbeddedRegistry()
{
    if (d->options.stopOnDestroy)
        stop();
}

bool EmbeddedRegistry::start()
{
    if (isRunning())
        return true;
    d->error.clear();
    if (d->options.stateDir.isEmpty())
        return d->fail(QStringLiteral("the embedded registry needs a state folder"));
    if (!QFileInfo(d->options.executable).isExecutable())
        return d->fail(QStringLiteral("%1 is not installed (Debian package docker-registry)").arg(d->options.executable));
    if (!QDir().mkpath(d->path("data")))
        return d->fail(QStringLiteral("cannot create %1").arg(d->path("data")));
    if (!d->lock) {
        auto lock = std::make_unique<QLockFile>(d->path("registry.lock"));
        lock->setStaleLockTime(0); // only a dead holder makes the lock stale, never its age
        if (!lock->tryLock(d->options.startTimeoutMs))
            return d->fail(QStringLiteral("%1 is held by another running process (another encliid on the same "
                                          "state folder?)").arg(lock->fileName()));
        d->lock = std::move(lock);
    }
    d->stopStale();

    QString why;
    for (int attempt = 1; attempt <= kPortAttempts; ++attempt) {
        d->port = d->choosePort();
        if (d->port <= 0)
            return d->fail(QStringLiteral("no free loopback port for the embedded registry"));
        if (!d->writeConfig())
            return d->fail(QStringLiteral("cannot write %1").arg(d->path("config.yml")));
        const qint64 logStart = QFileInfo(d->path("registry.log")).size();
        if (!d->launch(&why))
            return d->fail(why);
        if (d->waitReady(&why)) {
            writeSmallFile(d->path("registry.port"), QByteArray::number(d->port),
                           QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther);
            qCInfo(lcEmbeddedRegistry) << "docker-registry" << d->pid << "serves" << d->path("data") << "on"
                                       << address();
            return true;
        }
        d->killProcess();
        QFile log(d->path("registry.log"));
        const bool portTaken = log.open(QIODevice::ReadOnly) && log.seek(logStart)
            && log.readAll().contains("address already in use");
        // Someone took the port between our check and the registry's bind: try another.
        if (!portTaken || d->options.port > 0)
            break;
        QFile::remove(d->path("registry.port"));
    }
    return d->fail(QStringLiteral("%1. Log %2 ends with:\n%3").arg(why, d->path("registry.log"), d->logTail()));
}

void EmbeddedRegistry::stop()
{
    d->killProcess();
    if (d->lock) {
        d->lock->unlock();
        d->lock.reset();
    }
}

bool EmbeddedRegistry::isRunning() const
{
    return d->pid > 0 && processAlive(d->pid);
}

QString EmbeddedRegistry::error() const
{
    return d->error;
}

QString EmbeddedRegistry::address() const
{
    return d->port > 0 ? QStringLiteral("127.0.0.1:%1").arg(d->port) : QString();
}

QUrl EmbeddedRegistry::url() const
{
    return d->port > 0 ? QUrl(QLatin1String("http://") + address()) : QUrl();
}

int EmbeddedRegistry::port() const
{
    return d->port;
}

qint64 EmbeddedRegistry::pid() const
{
    return d->pid;
}

QString EmbeddedRegistry::logPath() const
{
    return d->path("registry.log");
}

QString EmbeddedRegistry::dataDir() const
{
    return d->path("data");
}

QString EmbeddedRegistry::configPath() const
{
    return d->path("config.yml");
}

} // namespace enclii::oci
