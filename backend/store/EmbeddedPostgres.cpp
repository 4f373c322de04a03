#include "EmbeddedPostgres.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QLoggingCategory>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryFile>
#include <QThread>
#include <QUrl>
#include <QVersionNumber>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <optional>

namespace enclii::store {

namespace {

Q_LOGGING_CATEGORY(lcPostgres, "enclii.store.postgres")

// Where a root-run cluster lives when the requested folder sits below a directory the
// postgres user cannot traverse (see Private::prepareDataDir).
const QString kFallbackRoot = QStringLiteral("/var/lib/enclii/clusters");
const QString kServerUser = QStringLiteral("postgres");
// Operators with PostgreSQL outside /usr/lib/postgresql (and the tests) point this at a bin
// folder; when set it is the only candidate, so a wrong value fails loudly instead of
// silently picking another version.
const char kBinDirEnv[] = "ENCLII_PG_BINDIR";

constexpr int kInitdbTimeoutMs = 180000;  // initdb fsyncs the new cluster; slow disks take a while
constexpr int kToolTimeoutMs = 30000;     // psql, pg_isready, runuser test, pg_config
constexpr int kStopWaitSeconds = 60;
constexpr int kStartAttempts = 4;         // the first try plus three retries on a port race
constexpr int kLogTailLines = 20;

struct RunResult
{
    bool started = false;
    bool timedOut = false;
    int exitCode = -1;
    QString output;  // stdout and stderr merged; never holds a secret (we pass none on argv)

    bool ok() const { return started && !timedOut && exitCode == 0; }
};

// Closes a POSIX descriptor on every path out of a scope.
struct FdGuard
{
    int fd = -1;
    explicit FdGuard(int f) : fd(f) {}
    ~FdGuard()
    {
        if (fd >= 0)
            ::close(fd);
    }
    FdGuard(const FdGuard &) = delete;
    FdGuard &operator=(const FdGuard &) = delete;
};

// The children see none of the caller's PG* variables: a stray PGHOST, PGPASSWORD or
// PGSERVICE must not redirect or authenticate our tools. Messages stay untranslated so the
// few we recognise (port races, locale failures) are matched reliably.
QProcessEnvironment toolEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const QStringList keys = env.keys();
    for (const QString &key : keys) {
        if (key.startsWith(QLatin1String("PG")))
            env.remove(key);
    }
    env.insert(QStringLiteral("LC_MESSAGES"), QStringLiteral("C"));
    return env;
}

RunResult runProgram(const QString &program, const QStringList &args, int timeoutMs,
                     const QProcessEnvironment &env)
{
    RunResult result;
    QProcess process;
    process.setProgram(program);
    process.setArguments(args);
    process.setProcessEnvironment(env);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.setStandardInputFile(QProcess::nullDevice());
    // "/" because the postgres user may not be allowed into our current directory.
    process.setWorkingDirectory(QStringLiteral("/"));
    process.start();
    if (!process.waitForStarted(10000)) {
        result.output = process.errorString();
        return result;
    }
    result.started = true;
    if (!process.waitForFinished(timeoutMs)) {
        result.timedOut = true;
        process.terminate();  // runuser forwards SIGTERM to its child; SIGKILL it could not
        if (!process.waitForFinished(3000)) {
            process.kill();
            process.waitForFinished(3000);
        }
    }
    result.output = QString::fromLocal8Bit(process.readAll()).trimmed();
    if (!result.timedOut && process.exitStatus() == QProcess::NormalExit)
        result.exitCode = process.exitCode();
    return result;
}

QString describe(const RunResult &r, const QString &what)
{
    if (!r.started)
        return QStringLiteral("%1 could not be run: %2").arg(what, r.output);
    if (r.timedOut)
        return QStringLiteral("%1 timed out").arg(what);
    return QStringLiteral("%1 failed (exit %2): %3").arg(what).arg(r.exitCode).arg(r.output);
}

bool hasServerPrograms(const QString &dir)
{
    if (dir.isEmpty())
        return false;
    for (const char *tool : {"initdb", "pg_ctl", "postgres"}) {
        const QFileInfo fi(dir + QLatin1Char('/') + QLatin1String(tool));
        if (!fi.isFile() || !fi.isExecutable())
            return false;
    }
    return true;
}

// Binds 127.0.0.1:0 and lets the kernel choose. The port is free now, not necessarily when
// the server binds it a moment later; startServer() retries on that race.
int freeLoopbackPort()
{
    const FdGuard sock(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (sock.fd < 0)
        return 0;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (::bind(sock.fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0)
        return 0;
    socklen_t len = sizeof addr;
    if (::getsockname(sock.fd, reinterpret_cast<sockaddr *>(&addr), &len) != 0)
        return 0;
    return ntohs(addr.sin_port);
}

QString randomHexPassword()
{
    QFile urandom(QStringLiteral("/dev/urandom"));
    if (!urandom.open(QIODevice::ReadOnly | QIODevice::Unbuffered))
        return {};
    const QByteArray bytes = urandom.read(32);
    if (bytes.size() != 32)
        return {};
    return QString::fromLatin1(bytes.toHex());  // 64 characters
}

// Writes a secret readable by its owner only. The temporary file is created 0600 up front
// (and fchmod'ed, since the umask could only narrow it) so the secret is never readable by
// others, not even for an instant; rename() makes the replacement atomic.
bool writePrivateFile(const QString &path, const QByteArray &content, QString *error)
{
    const QByteArray target = QFile::encodeName(path);
    const QByteArray temp = target + ".tmp." + QByteArray::number(::getpid());
    ::unlink(temp.constData());
    const FdGuard fd(::open(temp.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600));
    if (fd.fd < 0) {
        *error = QStringLiteral("cannot create %1: %2").arg(path, QString::fromLocal8Bit(strerror(errno)));
        return false;
    }
    bool ok = ::fchmod(fd.fd, 0600) == 0;
    qsizetype written = 0;
    while (ok && written < content.size()) {
        const ssize_t n = ::write(fd.fd, content.constData() + written, size_t(content.size() - written));
        if (n < 0 && errno == EINTR)
            continue;
        ok = n > 0;
        written += n > 0 ? n : 0;
    }
    ok = ok && ::fsync(fd.fd) == 0;
    ok = ok && ::rename(temp.constData(), target.constData()) == 0;
    if (!ok) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, QString::fromLocal8Bit(strerror(errno)));
        ::unlink(temp.constData());
    }
    return ok;
}

QString readLink(const QString &path)
{
    char buf[PATH_MAX];
    const ssize_t n = ::readlink(QFile::encodeName(path).constData(), buf, sizeof buf - 1);
    if (n <= 0)
        return {};
    return QFile::decodeName(QByteArray(buf, int(n)));
}

enum class ProcessState { Gone, Zombie, Alive };

// kill(pid, 0) also succeeds for a zombie: a postmaster that exited but whose new parent
// (init, or a container's pid 1) has not reaped it yet. It is dead for us, yet PostgreSQL's
// own lock-file check still sees it, so a new server must wait until it is reaped.
ProcessState processState(qint64 pid)
{
    if (pid <= 0 || (::kill(pid_t(pid), 0) != 0 && errno != EPERM))
        return ProcessState::Gone;
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return ProcessState::Alive;  // no /proc: trust kill()
    // "pid (comm) S ...": the name may hold spaces and parentheses, the state follows the last ')'.
    const QByteArray line = stat.readLine();
    const qsizetype paren = line.lastIndexOf(')');
    const bool zombie = paren >= 0 && paren + 2 < line.size() && line.at(paren + 2) == 'Z';
    return zombie ? ProcessState::Zombie : ProcessState::Alive;
}

bool processAlive(qint64 pid)
{
    return processState(pid) == ProcessState::Alive;
}

// The lines of postmaster.pid we use (see PostgreSQL's pidfile.h: LOCK_FILE_LINE_*).
struct PidFile
{
    qint64 pid = 0;
    QString dataDir;
    int port = 0;
    QString status;
};

std::optional<PidFile> readPidFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QList<QByteArray> lines = file.read(8192).split('\n');
    if (lines.size() < 4)
        return std::nullopt;
    PidFile pf;
    bool ok = false;
    pf.pid = lines.at(0).trimmed().toLongLong(&ok);
    if (!ok || pf.pid <= 0)
        return std::nullopt;
    pf.dataDir = QFile::decodeName(lines.at(1).trimmed());
    pf.port = lines.at(3).trimmed().toInt();
    if (lines.size() > 7)
        pf.status = QString::fromLatin1(lines.at(7).trimmed());
    return pf;
}

enum class Ownership { Yes, No, Unknown };

// Whether a live pid is a postgres process serving realDir. After a reboot or a container
// restart the pid in a stale postmaster.pid can belong to anything.
Ownership postgresServes(qint64 pid, const QString &realDir)
{
    const QString proc = QStringLiteral("/proc/%1/").arg(pid);
    const QString exe = readLink(proc + QLatin1String("exe"));
    const QString cwd = readLink(proc + QLatin1String("cwd"));
    if (exe.isEmpty() || cwd.isEmpty())
        return Ownership::Unknown;  // another user's process, or no /proc
    // " (deleted)" follows the name after a package upgrade replaced the binary.
    if (!QFileInfo(exe).fileName().startsWith(QLatin1String("postgres")))
        return Ownership::No;
    // The postmaster chdir()s into its data directory.
    return cwd == QFileInfo(realDir).canonicalFilePath() ? Ownership::Yes : Ownership::No;
}

QString logTail(const QString &path, qint64 fromOffset = 0)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("(no server log at %1)").arg(path);
    const qint64 start = std::max(fromOffset, file.size() - 64 * 1024);
    file.seek(start);
    QStringList lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    if (lines.size() > kLogTailLines)
        lines = lines.mid(lines.size() - kLogTailLines);
    return lines.join(QLatin1Char('\n'));
}

QString quoteLiteral(const QString &s)
{
    QString q = s;
    q.replace(QLatin1Char('\''), QLatin1String("''"));
    return QLatin1Char('\'') + q + QLatin1Char('\'');
}

QString quoteIdentifier(const QString &s)
{
    QString q = s;
    q.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + q + QLatin1Char('"');
}

// libpq keyword/value syntax: single quotes around values with spaces or quotes.
QString conninfoValue(const QString &v)
{
    if (!v.isEmpty() && !v.contains(QLatin1Char(' ')) && !v.contains(QLatin1Char('\''))
        && !v.contains(QLatin1Char('\\')))
        return v;
    QString q = v;
    q.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    q.replace(QLatin1Char('\''), QLatin1String("\\'"));
    return QLatin1Char('\'') + q + QLatin1Char('\'');
}

QString fallbackDirFor(const QString &absDir)
{
    const QByteArray hash = QCryptographicHash::hash(absDir.toUtf8(), QCryptographicHash::Sha256);
    return kFallbackRoot + QLatin1Char('/') + QString::fromLatin1(hash.toHex().left(16));
}

} // namespace

struct EmbeddedPostgres::Private
{
    Options options;
    QString binDir;
    QString absDir;        // the requested folder, absolute
    QString realDir;       // where the cluster really lives (differs only via a symlink)
    QString passwordFile;  // <absDir>.password, 0600, owned by the invoking user
    QString logFile;
    QString password;
    int port = 0;
    // The postmaster we started or adopted: stop() and isRunning() concern that process only,
    // never a later server another owner started on the same folder.
    qint64 serverPid = 0;
    bool running = false;
    QString error;

    // Set when we run as root: the server programs then run as the postgres user.
    bool asServerUser = false;
    uid_t serverUid = 0;
    gid_t serverGid = 0;
    QString runuser;

    bool fail(const QString &message)
    {
        error = message;
        qCWarning(lcPostgres).noquote() << message;
        return false;
    }

    bool resolveServerUser();
    bool resolvePaths();
    bool prepareDataDir();
    bool postgresCanTraverse(const QString &dir);
    bool giveToServerUser(const QString &path, bool recursive);
    QString clusterBinDir() const;
    bool readPassword();
    bool initCluster();
    bool initdb(const QString &pwfile, const QString &locale, RunResult *result);
    bool ensureSettings();
    enum class Adoption { None, Adopted, Failed };
    Adoption adoptRunningServer(const QDeadlineTimer &deadline);
    bool startServer(const QDeadlineTimer &deadline);
    bool ensureDatabase();
    bool ownServerAlive() const;
    void shutdown();
    void stopServer(const char *mode, int waitSeconds);

    RunResult runServerTool(const QString &tool, const QStringList &args, int timeoutMs) const;
    RunResult runPsql(const QString &sql) const;
    RunResult runAsServerUser(const QString &program, const QStringList &args, int timeoutMs) const;
};

EmbeddedPostgres::EmbeddedPostgres(Options options)
    : d(std::make_unique<Private>())
{
    d->options = std::move(options);
}

EmbeddedPostgres::~EmbeddedPostgres()
{
    if (d->options.stopOnDestroy)
        stop();
}

QString EmbeddedPostgres::findBinDir()
{
    const QString override = qEnvironmentVariable(kBinDirEnv);
    if (!override.isEmpty())
        return hasServerPrograms(override) ? QDir::cleanPath(override) : QString();

    // Debian/Ubuntu lay out one folder per major version; the newest wins.
    const QDir base(QStringLiteral("/usr/lib/postgresql"));
    QList<QVersionNumber> versions;
    for (const QString &entry : base.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        const QVersionNumber v = QVersionNumber::fromString(entry);
        if (!v.isNull() && hasServerPrograms(base.filePath(entry + QLatin1String("/bin"))))
            versions.append(v);
    }
    if (!versions.isEmpty()) {
        std::sort(versions.begin(), versions.end());
        return base.filePath(versions.last().toString() + QLatin1String("/bin"));
    }

    // Elsewhere (Fedora, source builds) pg_config knows, provided it is on PATH.
    const QString pgConfig = QStandardPaths::findExecutable(QStringLiteral("pg_config"));
    if (pgConfig.isEmpty())
        return {};
    const RunResult r = runProgram(pgConfig, {QStringLiteral("--bindir")}, kToolTimeoutMs, toolEnvironment());
    const QString dir = r.ok() ? r.output.trimmed() : QString();
    return hasServerPrograms(dir) ? dir : QString();
}

bool EmbeddedPostgres::start()
{
    if (d->running)
        return true;
    d->error.clear();

    d->binDir = findBinDir();
    if (d->binDir.isEmpty()) {
        return d->fail(QStringLiteral(
            "PostgreSQL server programs (initdb, pg_ctl, postgres) not found: looked in %1, "
            "/usr/lib/postgresql/<version>/bin and `pg_config --bindir`. Install the PostgreSQL "
            "server package (e.g. postgresql-15) or set DATABASE_URL to an existing server.")
            .arg(qEnvironmentVariableIsEmpty(kBinDirEnv)
                     ? QStringLiteral("$%1 (unset)").arg(QLatin1String(kBinDirEnv))
                     : QStringLiteral("$%1=%2").arg(QLatin1String(kBinDirEnv), qEnvironmentVariable(kBinDirEnv))));
    }
    // PostgreSQL would silently truncate a longer name, and the next start would no longer
    // find the database it created.
    for (const QString *name : {&d->options.database, &d->options.user}) {
        if (name->isEmpty() || name->toUtf8().size() > 63)
            return d->fail(QStringLiteral("database and user names must be 1 to 63 bytes long: \"%1\"").arg(*name));
    }
    if (!d->resolveServerUser() || !d->resolvePaths())
        return false;

    // Two processes starting the same cluster at once would race on initdb and on the port;
    // QLockFile notices a holder that died (kill -9) through its pid.
    QLockFile lock(d->absDir + QLatin1String(".lock"));
    lock.setStaleLockTime(0);  // a slow initdb must not make our own lock look stale
    if (!lock.tryLock(d->options.startTimeoutMs))
        return d->fail(QStringLiteral("%1 is locked by another process starting or stopping this cluster")
                           .arg(lock.fileName()));

    if (!d->prepareDataDir())
        return false;
    d->binDir = d->clusterBinDir();

    QDeadlineTimer deadline(d->options.startTimeoutMs);
    const bool initialised = QFileInfo::exists(d->realDir + QLatin1String("/PG_VERSION"));
    if (initialised && !d->readPassword())
        return false;

    if (initialised) {
        switch (d->adoptRunningServer(deadline)) {
        case Private::Adoption::Failed:
            return false;
        case Private::Adoption::Adopted:
            d->running = true;
            if (!d->ensureDatabase()) {
                d->running = false;  // not ours to stop: another owner may still use it
                d->port = 0;
                d->serverPid = 0;
                return false;
            }
            return true;
        case Private::Adoption::None:
            break;
        }
    } else {
        if (!d->initCluster())
            return false;
        // The start timeout bounds the wait for the server, not the one-off initdb.
        deadline = QDeadlineTimer(d->options.startTimeoutMs);
    }

    if (!d->ensureSettings() || !d->startServer(deadline))
        return false;
    d->running = true;
    if (!d->ensureDatabase()) {
        d->shutdown();  // we hold the lock already; stop() would wait for it
        return false;
    }
    return true;
}

void EmbeddedPostgres::stop()
{
    if (!d->running)
        return;
    QLockFile lock(d->absDir + QLatin1String(".lock"));
    lock.setStaleLockTime(0);
    // Stopping without the lock beats leaving a server behind; the lock only orders us
    // against a concurrent start().
    lock.tryLock(kStopWaitSeconds * 1000);
    d->shutdown();
}

bool EmbeddedPostgres::isRunning() const
{
    return d->running && d->ownServerAlive();
}

QString EmbeddedPostgres::connectionString() const
{
    if (!d->running)
        return {};
    return QStringLiteral("host=127.0.0.1 port=%1 dbname=%2 user=%3 password=%4 connect_timeout=10")
        .arg(d->port)
        .arg(conninfoValue(d->options.database), conninfoValue(d->options.user), conninfoValue(d->password));
}

QString EmbeddedPostgres::url() const
{
    if (!d->running)
        return {};
    const auto enc = [](const QString &s) { return QString::fromLatin1(QUrl::toPercentEncoding(s)); };
    return QStringLiteral("postgresql://%1:%2@127.0.0.1:%3/%4")
        .arg(enc(d->options.user), enc(d->password))
        .arg(d->port)
        .arg(enc(d->options.database));
}

int EmbeddedPostgres::port() const
{
    return d->running ? d->port : 0;
}

QString EmbeddedPostgres::error() const
{
    return d->error;
}

// --- Private -------------------------------------------------------------------------------

bool EmbeddedPostgres::Private::resolveServerUser()
{
    asServerUser = ::geteuid() == 0;
    if (!asServerUser)
        return true;
    // PostgreSQL refuses to run as root, so root hands the server to the postgres user.
    struct passwd pw{};
    struct passwd *found = nullptr;
    char buf[4096];
    if (::getpwnam_r(kServerUser.toLatin1().constData(), &pw, buf, sizeof buf, &found) != 0 || !found)
        return fail(QStringLiteral("running as root, but there is no `%1` system user to run PostgreSQL "
                                   "as (PostgreSQL refuses to run as root)").arg(kServerUser));
    serverUid = pw.pw_uid;
    serverGid = pw.pw_gid;
    runuser = QStandardPaths::findExecutable(QStringLiteral("runuser"));
    if (runuser.isEmpty())
        runuser = QStandardPaths::findExecutable(QStringLiteral("runuser"),
                                                 {QStringLiteral("/usr/sbin"), QStringLiteral("/sbin")});
    if (runuser.isEmpty())
        return fail(QStringLiteral("running as root, but `runuser` (util-linux) is missing; it is needed "
                                   "to run PostgreSQL as the `%1` user").arg(kServerUser));
    return true;
}

bool EmbeddedPostgres::Private::resolvePaths()
{
    if (options.dataDir.isEmpty())
        return fail(QStringLiteral("no data directory given for the embedded PostgreSQL"));
    const QFileInfo requested(QDir::cleanPath(QFileInfo(options.dataDir).absoluteFilePath()));
    const QString parent = requested.absolutePath();
    if (!QDir().mkpath(parent))
        return fail(QStringLiteral("cannot create %1").arg(parent));
    // Canonical parent: the same folder spelled differently maps to the same fallback and lock.
    absDir = QDir(parent).canonicalPath() + QLatin1Char('/') + requested.fileName();
    passwordFile = absDir + QLatin1String(".password");
    return true;
}

// Makes realDir an existing 0700 folder the server user owns. As root, when the requested
// folder sits below a directory the postgres user cannot traverse (/root/..., a 0700
// QTemporaryDir), the cluster goes to /var/lib/enclii/clusters/<hash of the requested path>
// and the requested folder becomes a symlink to it: callers still find the cluster "under"
// their folder, it persists across runs, and the hash keeps clusters of different folders apart.
bool EmbeddedPostgres::Private::prepareDataDir()
{
    const QFileInfo info(absDir);
    realDir = absDir;
    if (info.isSymLink()) {
        const QString target = info.symLinkTarget();
        if (!QFileInfo::exists(target)) {
            // Our own fallback may have been wiped (tmpfs /var); recreate it, nothing else.
            if (target != fallbackDirFor(absDir) || !QDir().mkpath(target))
                return fail(QStringLiteral("%1 is a symlink to the missing %2").arg(absDir, target));
        }
        realDir = QFileInfo(target).canonicalFilePath();
    }

    // Never initdb into, or chown, a folder holding something else.
    const QDir existing(realDir);
    if (existing.exists() && !QFileInfo::exists(realDir + QLatin1String("/PG_VERSION"))
        && !existing.isEmpty(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot))
        return fail(QStringLiteral("%1 is not empty and holds no PostgreSQL cluster (no PG_VERSION); "
                                   "refusing to use it").arg(absDir));

    if (!asServerUser) {
        if (!QDir().mkpath(realDir))
            return fail(QStringLiteral("cannot create %1").arg(realDir));
        // initdb and the postmaster insist on 0700 (or 0750).
        ::chmod(QFile::encodeName(realDir).constData(), 0700);
        return true;
    }

    if (!postgresCanTraverse(QFileInfo(realDir).absolutePath())) {
        if (info.isSymLink())
            return fail(QStringLiteral("%1 points to %2, which the `%3` user cannot reach")
                            .arg(absDir, realDir, kServerUser));
        if (info.exists()) {
            if (!QDir(absDir).isEmpty(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot))
                return fail(QStringLiteral("%1 holds files, but the `%2` user cannot reach it (a parent "
                                           "folder is not traversable); move it below a folder that "
                                           "user can traverse").arg(absDir, kServerUser));
            if (!QDir().rmdir(absDir))
                return fail(QStringLiteral("cannot replace the empty %1 with a link").arg(absDir));
        }
        realDir = fallbackDirFor(absDir);
        const QString enclii = QFileInfo(kFallbackRoot).absolutePath();
        if (!QDir().mkpath(kFallbackRoot) || !QDir().mkpath(realDir))
            return fail(QStringLiteral("cannot create %1").arg(realDir));
        for (const QString &dir : {enclii, kFallbackRoot})
            ::chmod(QFile::encodeName(dir).constData(), 0755);
        if (!QFile::link(realDir, absDir))
            return fail(QStringLiteral("cannot link %1 to %2").arg(absDir, realDir));
        qCInfo(lcPostgres).noquote() << "cluster for" << absDir << "lives in" << realDir
                                     << "(the postgres user cannot traverse the requested folder)";
    }

    if (!QDir().mkpath(realDir))
        return fail(QStringLiteral("cannot create %1").arg(realDir));
    struct stat st{};
    if (::stat(QFile::encodeName(realDir).constData(), &st) != 0)
        return fail(QStringLiteral("cannot stat %1").arg(realDir));
    // Walking a big cluster on every start is wasteful: only a folder not yet ours is walked.
    if (st.st_uid != serverUid && !giveToServerUser(realDir, true))
        return false;
    ::chmod(QFile::encodeName(realDir).constData(), 0700);
    return true;
}

bool EmbeddedPostgres::Private::postgresCanTraverse(const QString &dir)
{
    // `test -x` on the folder fails as well when any ancestor denies search permission.
    const RunResult r = runAsServerUser(QStringLiteral("test"), {QStringLiteral("-x"), dir}, kToolTimeoutMs);
    return r.ok();
}

bool EmbeddedPostgres::Private::giveToServerUser(const QString &path, bool recursive)
{
    const auto own = [this](const QString &p) {
        if (::lchown(QFile::encodeName(p).constData(), serverUid, serverGid) == 0)
            return true;
        return fail(QStringLiteral("cannot hand %1 to the `%2` user: %3")
                        .arg(p, kServerUser, QString::fromLocal8Bit(strerror(errno))));
    };
    if (!own(path))
        return false;
    if (!recursive)
        return true;
    QDirIterator it(path, QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);  // does not follow symlinks
    while (it.hasNext()) {
        if (!own(it.next()))
            return false;
    }
    return true;
}

// After an upgrade both the old and the new major version may be installed; an existing
// cluster must run with the programs of its own version.
QString EmbeddedPostgres::Private::clusterBinDir() const
{
    QFile versionFile(realDir + QLatin1String("/PG_VERSION"));
    if (!qEnvironmentVariableIsEmpty(kBinDirEnv) || !versionFile.open(QIODevice::ReadOnly))
        return binDir;
    const QString version = QString::fromLatin1(versionFile.readAll().trimmed());
    const QString candidate = QStringLiteral("/usr/lib/postgresql/%1/bin").arg(version);
    return hasServerPrograms(candidate) ? candidate : binDir;
}

bool EmbeddedPostgres::Private::readPassword()
{
    QFile file(passwordFile);
    if (!file.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("the cluster in %1 exists but its password file %2 cannot be read (%3); "
                                   "without it nobody can log in. Restore the file or remove the folder "
                                   "to start afresh.").arg(absDir, passwordFile, file.errorString()));
    password = QString::fromUtf8(file.readAll()).trimmed();
    if (password.isEmpty())
        return fail(QStringLiteral("the password file %1 is empty").arg(passwordFile));
    return true;
}

bool EmbeddedPostgres::Private::initCluster()
{
    password = randomHexPassword();
    if (password.isEmpty())
        return fail(QStringLiteral("cannot read random bytes from /dev/urandom for the cluster password"));
    // Next to the folder, not in it: a restore of the data folder must not bring back or lose
    // the secret, and the file belongs to the invoking user, not to the server user.
    QString writeError;
    if (!writePrivateFile(passwordFile, password.toLatin1() + '\n', &writeError))
        return fail(writeError);

    // initdb reads the superuser password from a file only; it lives beside realDir, where
    // the server user can reach it, for the few seconds initdb runs.
    QTemporaryFile pwfile(QFileInfo(realDir).absolutePath() + QLatin1String("/.enclii-initdb-XXXXXX"));
    if (!pwfile.open())
        return fail(QStringLiteral("cannot create a temporary password file: %1").arg(pwfile.errorString()));
    if (asServerUser && ::fchown(pwfile.handle(), serverUid, serverGid) != 0)
        return fail(QStringLiteral("cannot hand the temporary password file to the `%1` user").arg(kServerUser));
    pwfile.write(password.toLatin1() + '\n');
    if (!pwfile.flush())
        return fail(QStringLiteral("cannot write the temporary password file"));

    QElapsedTimer timer;
    timer.start();
    RunResult r;
    if (!initdb(pwfile.fileName(), QStringLiteral("C.UTF-8"), &r)) {
        // Older or minimal systems lack C.UTF-8; the C locale always exists.
        if (!r.output.contains(QLatin1String("locale"), Qt::CaseInsensitive)
            || !initdb(pwfile.fileName(), QStringLiteral("C"), &r))
            return fail(describe(r, QStringLiteral("initdb in %1").arg(realDir)));
    }
    qCInfo(lcPostgres).noquote() << "initialised cluster in" << realDir << "in" << timer.elapsed() << "ms";
    return true;
}

// The cluster's lasting settings, appended to postgresql.conf once (checked on every start, so
// an owner killed between initdb and here is caught up later). An operator may still tune them
// there. The per-start ones (port, listen address, sockets) go on the postmaster's command
// line instead, so no edit of the file can expose the server beyond loopback.
bool EmbeddedPostgres::Private::ensureSettings()
{
    static const QByteArray marker = "# Enclii embedded cluster";
    QFile conf(realDir + QLatin1String("/postgresql.conf"));
    if (!conf.open(QIODevice::ReadWrite | QIODevice::Append))
        return fail(QStringLiteral("cannot open %1: %2").arg(conf.fileName(), conf.errorString()));
    conf.seek(0);
    if (conf.readAll().contains(marker))
        return true;
    const QByteArray settings = "\n" + marker + "\n"
                                "max_connections = 100\n"
                                "shared_buffers = 32MB\n"
                                "fsync = on\n"
                                "password_encryption = 'scram-sha-256'\n";
    if (conf.write(settings) != settings.size() || !conf.flush())
        return fail(QStringLiteral("cannot append to %1: %2").arg(conf.fileName(), conf.errorString()));
    return true;
}

bool EmbeddedPostgres::Private::initdb(const QString &pwfile, const QString &locale, RunResult *result)
{
    *result = runServerTool(QStringLiteral("initdb"),
                            {QStringLiteral("-D"), realDir,
                             QStringLiteral("-U"), options.user,
                             QStringLiteral("--auth-local=scram-sha-256"),
                             QStringLiteral("--auth-host=scram-sha-256"),
                             QStringLiteral("--pwfile=") + pwfile,
                             QStringLiteral("-E"), QStringLiteral("UTF8"),
                             QStringLiteral("--locale=") + locale},
                            kInitdbTimeoutMs);
    return result->ok();
}

// A previous owner killed with -9 leaves its server running (pg_ctl detaches it): reuse it
// rather than start a second postmaster, which PostgreSQL would refuse anyway.
EmbeddedPostgres::Private::Adoption EmbeddedPostgres::Private::adoptRunningServer(const QDeadlineTimer &deadline)
{
    const QString pidPath = realDir + QLatin1String("/postmaster.pid");
    const QString isReady = binDir + QLatin1String("/pg_isready");
    while (true) {
        const std::optional<PidFile> pf = readPidFile(pidPath);
        if (!pf)
            return Adoption::None;
        const ProcessState state = processState(pf->pid);
        if (state == ProcessState::Zombie && !deadline.hasExpired()) {
            QThread::msleep(100);
            continue;
        }
        // Dead pid: a stale file, which pg_ctl start copes with by itself.
        if (state != ProcessState::Alive)
            return Adoption::None;
        const Ownership owner = postgresServes(pf->pid, realDir);
        if (owner == Ownership::No) {
            // The pid was recycled by an unrelated process (reboot, container restart);
            // the postmaster would take it for a live server and refuse to start.
            qCWarning(lcPostgres).noquote() << "removing stale" << pidPath << "- pid" << pf->pid
                                            << "is no PostgreSQL server of this cluster";
            QFile::remove(pidPath);
            return Adoption::None;
        }
        if (owner == Ownership::Unknown
            && QFileInfo(pf->dataDir).canonicalFilePath() != QFileInfo(realDir).canonicalFilePath()) {
            fail(QStringLiteral("%1 names process %2 for another data directory (%3); refusing to guess")
                     .arg(pidPath).arg(pf->pid).arg(pf->dataDir));
            return Adoption::Failed;
        }
        if (pf->port > 0 && !pf->status.startsWith(QLatin1String("stopping"))) {
            const RunResult r = runProgram(isReady,
                                           {QStringLiteral("-q"), QStringLiteral("-h"), QStringLiteral("127.0.0.1"),
                                            QStringLiteral("-p"), QString::number(pf->port),
                                            QStringLiteral("-t"), QStringLiteral("2")},
                                           kToolTimeoutMs, toolEnvironment());
            if (r.ok()) {
                port = pf->port;
                serverPid = pf->pid;
                logFile = realDir + QLatin1String("/log/postgresql.log");
                qCInfo(lcPostgres).noquote() << "reusing the running server (pid" << pf->pid << ") of"
                                             << absDir << "on port" << port;
                return Adoption::Adopted;
            }
        }
        if (deadline.hasExpired()) {
            fail(QStringLiteral("a PostgreSQL server (pid %1) runs on %2 but did not accept connections "
                                "on 127.0.0.1:%3 within %4 ms; last lines of its log:\n%5")
                     .arg(pf->pid).arg(realDir).arg(pf->port).arg(options.startTimeoutMs)
                     .arg(logTail(realDir + QLatin1String("/log/postgresql.log"))));
            return Adoption::Failed;
        }
        QThread::msleep(200);  // starting up, or shutting down and about to go away
    }
}

bool EmbeddedPostgres::Private::startServer(const QDeadlineTimer &deadline)
{
    const QString logDir = realDir + QLatin1String("/log");
    logFile = logDir + QLatin1String("/postgresql.log");
    if (!QFileInfo::exists(logDir)) {
        if (!QDir().mkpath(logDir) || (asServerUser && !giveToServerUser(logDir, false)))
            return fail(QStringLiteral("cannot create the log folder %1").arg(logDir));
    }

    for (int attempt = 1; attempt <= kStartAttempts;) {
        const int candidate = freeLoopbackPort();
        if (candidate == 0)
            return fail(QStringLiteral("cannot find a free port on 127.0.0.1: %1")
                            .arg(QString::fromLocal8Bit(strerror(errno))));
        const qint64 logOffset = QFileInfo(logFile).size();
        const std::optional<PidFile> before = readPidFile(realDir + QLatin1String("/postmaster.pid"));
        const int waitSeconds = std::max<qint64>(1, (deadline.remainingTime() + 999) / 1000);
        QElapsedTimer timer;
        timer.start();
        // pg_ctl hands -o to /bin/sh, hence the shell quoting of the empty socket list: no
        // Unix socket at all, so only loopback TCP with SCRAM reaches the server.
        const RunResult r = runServerTool(
            QStringLiteral("pg_ctl"),
            {QStringLiteral("start"), QStringLiteral("-D"), realDir, QStringLiteral("-l"), logFile,
             QStringLiteral("-w"), QStringLiteral("-t"), QString::number(waitSeconds), QStringLiteral("-s"),
             QStringLiteral("-o"),
             QStringLiteral("-c listen_addresses=127.0.0.1 -c unix_socket_directories='' -p %1").arg(candidate)},
            waitSeconds * 1000 + 15000);
        const std::optional<PidFile> started = readPidFile(realDir + QLatin1String("/postmaster.pid"));
        if (r.ok() && started) {
            port = candidate;
            serverPid = started->pid;
            qCInfo(lcPostgres).noquote() << "started PostgreSQL for" << absDir << "on port" << port << "in"
                                         << timer.elapsed() << "ms";
            return true;
        }
        const QString newLog = logTail(logFile, logOffset);
        const bool portTaken = newLog.contains(QLatin1String("Address already in use"))
            || newLog.contains(QLatin1String("could not create any TCP/IP sockets"));
        if (portTaken && attempt < kStartAttempts && !deadline.hasExpired()) {
            qCInfo(lcPostgres) << "port" << candidate << "was taken before the server bound it; retrying";
            ++attempt;
            continue;
        }
        // Right after a crash (kill -9 of the postmaster) its backends take a moment to notice
        // and detach from shared memory, and the dead postmaster may not be reaped yet; both
        // make the new server refuse to start for that moment only.
        const bool crashLeftovers = newLog.contains(QLatin1String("pre-existing shared memory block"))
            || newLog.contains(QLatin1String("lock file \"postmaster.pid\" already exists"));
        if (crashLeftovers && deadline.remainingTime() > 1000) {
            QThread::msleep(500);
            continue;
        }
        // A server of ours still starting after the timeout must not linger unowned.
        const bool launched = started && started->pid != (before ? before->pid : 0) && processAlive(started->pid);
        if (launched)
            stopServer("immediate", 30);
        return fail(QStringLiteral("PostgreSQL did not start in %1 (%2). Last lines of %3:\n%4")
                        .arg(absDir, describe(r, QStringLiteral("pg_ctl start")), logFile, logTail(logFile)));
    }
    return false;
}

bool EmbeddedPostgres::Private::ownServerAlive() const
{
    const std::optional<PidFile> pf = readPidFile(realDir + QLatin1String("/postmaster.pid"));
    return pf && pf->pid == serverPid && processAlive(pf->pid);
}

void EmbeddedPostgres::Private::shutdown()
{
    if (ownServerAlive()) {
        stopServer("fast", kStopWaitSeconds);
        if (ownServerAlive())
            stopServer("immediate", 30);
    }
    running = false;
    port = 0;
    serverPid = 0;
}

bool EmbeddedPostgres::Private::ensureDatabase()
{
    const QString exists = QStringLiteral("SELECT 1 FROM pg_database WHERE datname = %1")
                               .arg(quoteLiteral(options.database));
    RunResult r = runPsql(exists);
    if (!r.ok())
        return fail(describe(r, QStringLiteral("checking for database %1").arg(options.database)));
    if (r.output == QLatin1String("1"))
        return true;
    r = runPsql(QStringLiteral("CREATE DATABASE %1").arg(quoteIdentifier(options.database)));
    if (r.ok())
        return true;
    // Another process may have created it between our two statements.
    const RunResult again = runPsql(exists);
    if (again.ok() && again.output == QLatin1String("1"))
        return true;
    return fail(describe(r, QStringLiteral("creating database %1").arg(options.database)));
}

void EmbeddedPostgres::Private::stopServer(const char *mode, int waitSeconds)
{
    const RunResult r = runServerTool(QStringLiteral("pg_ctl"),
                                      {QStringLiteral("stop"), QStringLiteral("-D"), realDir,
                                       QStringLiteral("-m"), QLatin1String(mode), QStringLiteral("-w"),
                                       QStringLiteral("-t"), QString::number(waitSeconds), QStringLiteral("-s")},
                                      waitSeconds * 1000 + 15000);
    if (!r.ok())
        qCWarning(lcPostgres).noquote() << describe(r, QStringLiteral("pg_ctl stop -m %1").arg(QLatin1String(mode)));
}

RunResult EmbeddedPostgres::Private::runServerTool(const QString &tool, const QStringList &args, int timeoutMs) const
{
    return runAsServerUser(binDir + QLatin1Char('/') + tool, args, timeoutMs);
}

RunResult EmbeddedPostgres::Private::runAsServerUser(const QString &program, const QStringList &args,
                                                     int timeoutMs) const
{
    if (!asServerUser)
        return runProgram(program, args, timeoutMs, toolEnvironment());
    QStringList wrapped{QStringLiteral("-u"), kServerUser, QStringLiteral("--"), program};
    wrapped += args;
    return runProgram(runuser, wrapped, timeoutMs, toolEnvironment());
}

// psql runs as the invoking user over loopback TCP; the password travels in the
// environment, never on the command line where `ps` would show it.
RunResult EmbeddedPostgres::Private::runPsql(const QString &sql) const
{
    QString psql = binDir + QLatin1String("/psql");
    if (!QFileInfo(psql).isExecutable())
        psql = QStandardPaths::findExecutable(QStringLiteral("psql"));
    if (psql.isEmpty()) {
        RunResult missing;
        missing.output = QStringLiteral("psql not found in %1 or on PATH").arg(binDir);
        return missing;
    }
    QProcessEnvironment env = toolEnvironment();
    env.insert(QStringLiteral("PGPASSWORD"), password);
    env.insert(QStringLiteral("PGCONNECT_TIMEOUT"), QStringLiteral("10"));
    return runProgram(psql,
                      {QStringLiteral("-X"), QStringLiteral("-q"), QStringLiteral("-A"), QStringLiteral("-t"),
                       QStringLiteral("-v"), QStringLiteral("ON_ERROR_STOP=1"),
                       QStringLiteral("-h"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"), QString::number(port),
                       QStringLiteral("-U"), options.user, QStringLiteral("-d"), QStringLiteral("postgres"),
                       QStringLiteral("-c"), sql},
                      kToolTimeoutMs, env);
}

} // namespace enclii::store
