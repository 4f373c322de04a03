#include "GitCheckout.h"

#include "BuildLog.h"
#include "Subprocess.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>

namespace enclii::roundhouse {

namespace {

bool isLocal(const QString &url)
{
    return url.startsWith(u'/') || url.startsWith(QLatin1String("file://"));
}

QProcessEnvironment gitEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("GIT_TERMINAL_PROMPT"), QStringLiteral("0"));
    env.insert(QStringLiteral("GIT_ASKPASS"), QStringLiteral("/bin/false"));
    env.insert(QStringLiteral("SSH_ASKPASS"), QStringLiteral("/bin/false"));
    env.insert(QStringLiteral("GIT_SSH_COMMAND"), QStringLiteral("ssh -o BatchMode=yes -o StrictHostKeyChecking=accept-new"));
    env.insert(QStringLiteral("GIT_CONFIG_NOSYSTEM"), QStringLiteral("1"));
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
    return env;
}

// What git says when the commit is not there to fetch: retrying will not make it appear.
bool missingCommit(const QString &output)
{
    static const QRegularExpression re(QStringLiteral("not our ref|couldn't find remote ref|no such remote ref|"
                                                      "unadvertised object|does not appear to be a git repository|"
                                                      "repository .* not found|fatal: invalid refspec"),
                                       QRegularExpression::CaseInsensitiveOption);
    return re.match(output).hasMatch();
}

} // namespace

QString rewriteUrl(const QString &url, const QList<QPair<QString, QString>> &rewrites)
{
    for (const auto &[from, to] : rewrites)
        if (!from.isEmpty() && url.startsWith(from))
            return to + url.mid(from.size());
    return url;
}

CheckoutResult checkoutCommit(const QString &requestedUrl, const QString &commit, const QString &directory, BuildLog &log,
                              const StopFlag &stop, const CheckoutOptions &options)
{
    CheckoutResult r;
    const QString repoUrl = rewriteUrl(requestedUrl, options.urlRewrites);
    static const QRegularExpression hex40(QStringLiteral("^[0-9a-f]{40}$"));
    if (!hex40.match(commit).hasMatch()) {
        r.permanent = true;
        r.error = QStringLiteral("\"%1\" is not a 40-hex commit id").arg(commit.left(64));
        return r;
    }
    const QProcessEnvironment env = gitEnvironment();
    // Asked for a local repository (tests, a path on purpose): its submodules may be local too.
    // Asked for a remote one: the file protocol only for the URL we pass ourselves (a mirror
    // reached by a rewrite), never for its submodules ("user": git forbids it for them).
    const QString fileProtocol = isLocal(requestedUrl) ? QStringLiteral("protocol.file.allow=always") : QStringLiteral("protocol.file.allow=user");
    auto git = [&](const QStringList &args, int timeout) {
        QStringList full{QStringLiteral("-c"), fileProtocol, QStringLiteral("-c"), QStringLiteral("advice.detachedHead=false")};
        full += args;
        return runSubprocess(options.gitProgram, full, directory, env, timeout, log, stop);
    };
    auto fail = [&](const SubprocessResult &p, const QString &what) {
        r.ok = false;
        if (p.stopped)
            r.error = QStringLiteral("stopped while %1").arg(what);
        else if (p.timedOut)
            r.error = QStringLiteral("%1 took longer than %2 s").arg(what).arg(options.timeoutSeconds);
        else
            r.error = QStringLiteral("%1 failed (exit %2): %3").arg(what).arg(p.exitCode).arg(p.lastLines.trimmed().right(600));
        return r;
    };

    if (!QDir().mkpath(directory)) {
        r.error = QStringLiteral("cannot create the scratch folder %1").arg(directory);
        return r;
    }
    log.info(QStringLiteral("fetching %1 at %2").arg(BuildLog::redact(repoUrl), commit));
    SubprocessResult p = git({QStringLiteral("init"), QStringLiteral("-q"), QStringLiteral(".")}, 60);
    if (!p.ok())
        return fail(p, QStringLiteral("git init"));
    p = git({QStringLiteral("remote"), QStringLiteral("add"), QStringLiteral("origin"), repoUrl}, 60);
    if (!p.ok())
        return fail(p, QStringLiteral("git remote add"));
    // By commit id, depth 1: exactly the tree that was pushed, whatever the branch says now.
    p = git({QStringLiteral("-c"), QStringLiteral("uploadpack.allowAnySHA1InWant=true"), QStringLiteral("fetch"), QStringLiteral("--depth"),
             QStringLiteral("1"), QStringLiteral("--no-tags"), QStringLiteral("origin"), commit},
            options.timeoutSeconds);
    if (!p.ok()) {
        fail(p, QStringLiteral("fetching commit %1").arg(commit));
        r.permanent = !p.stopped && !p.timedOut && missingCommit(p.lastLines);
        if (r.permanent)
            r.error = QStringLiteral("commit %1 is not in %2 (deleted or force-pushed away?): %3")
                          .arg(commit, BuildLog::redact(repoUrl), p.lastLines.trimmed().right(300));
        return r;
    }
    p = git({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("FETCH_HEAD")}, 300);
    if (!p.ok())
        return fail(p, QStringLiteral("git checkout"));
    if (QFileInfo::exists(directory + QStringLiteral("/.gitmodules"))) {
        log.info(QStringLiteral("updating submodules"));
        p = git({QStringLiteral("submodule"), QStringLiteral("update"), QStringLiteral("--init"), QStringLiteral("--recursive"),
                 QStringLiteral("--depth"), QStringLiteral("1")},
                options.timeoutSeconds);
        if (!p.ok())
            return fail(p, QStringLiteral("git submodule update"));
    }
    // The checked-out commit must be the one asked for.
    QProcess head;
    head.setWorkingDirectory(directory);
    head.setProcessEnvironment(env);
    head.start(options.gitProgram, {QStringLiteral("log"), QStringLiteral("-1"), QStringLiteral("--format=%H %ct")});
    head.waitForFinished(30000);
    const QStringList parts = QString::fromUtf8(head.readAllStandardOutput()).trimmed().split(u' ');
    if (parts.size() != 2 || parts[0] != commit) {
        r.permanent = true;
        r.error = QStringLiteral("the checkout is at %1, not %2").arg(parts.value(0), commit);
        return r;
    }
    r.commitTime = QDateTime::fromSecsSinceEpoch(parts[1].toLongLong(), Qt::UTC);
    QDirIterator it(directory, QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        if (!it.filePath().contains(QLatin1String("/.git/")))
            ++r.files;
    }
    log.info(QStringLiteral("checked out %1 (%2 files, committed %3)").arg(commit.left(12)).arg(r.files).arg(r.commitTime.toString(Qt::ISODate)));
    r.ok = true;
    return r;
}

QString resolveBuildPath(const QString &checkout, const QString &path, QString *error)
{
    const QString root = QFileInfo(checkout).canonicalFilePath();
    const QString wanted = QDir::cleanPath(checkout + u'/' + (path.isEmpty() ? QStringLiteral(".") : path));
    const QFileInfo info(wanted);
    const QString real = info.canonicalFilePath();
    if (root.isEmpty() || real.isEmpty() || !info.isDir()) {
        *error = QStringLiteral("build path \"%1\" is not a folder of the repository at this commit").arg(path);
        return {};
    }
    if (real != root && !real.startsWith(root + u'/')) {
        *error = QStringLiteral("build path \"%1\" leads outside the repository (to %2); it must stay inside the clone").arg(path, real);
        return {};
    }
    return real;
}

} // namespace enclii::roundhouse
