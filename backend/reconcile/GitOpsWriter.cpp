#include "GitOpsWriter.h"

#include "K8sNames.h"
#include "ManifestYaml.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QProcess>
#include <QSaveFile>
#include <QSet>

namespace enclii::reconcile {

namespace {

const QString kManagedList = QStringLiteral(".enclii/managed");

QStringList readManaged(const QString &repo)
{
    QFile f(repo + u'/' + kManagedList);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QStringList out;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (!line.trimmed().isEmpty())
            out << QString::fromUtf8(line.trimmed());
    return out;
}

bool writeFile(const QString &path, const QByteArray &bytes, QString *error)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, f.errorString());
        return false;
    }
    return true;
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

GitOpsWriter::GitOpsWriter(Options options) : m_options(std::move(options)) {}

QString GitOpsWriter::pathFor(const QJsonObject &object)
{
    const QJsonObject meta = object.value(QStringLiteral("metadata")).toObject();
    const QString kind = object.value(QStringLiteral("kind")).toString().toLower();
    const QString name = meta.value(QStringLiteral("name")).toString();
    const QString ns = meta.value(QStringLiteral("namespace")).toString();
    // Names become paths: only what Kubernetes allows in a name gets that far.
    if (kind.isEmpty() || !isDnsSubdomain(name) || (!ns.isEmpty() && !isDnsLabel(ns)))
        return {};
    return (ns.isEmpty() ? QStringLiteral("cluster") : ns) + u'/' + kind + u'-' + name + QStringLiteral(".yaml");
}

bool GitOpsWriter::git(const QStringList &args, QString *output, QString *error, const QString &dir) const
{
    QProcess p;
    p.setWorkingDirectory(dir.isEmpty() ? m_options.repoDir : dir);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("GIT_TERMINAL_PROMPT"), QStringLiteral("0"));
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
    p.setProcessEnvironment(env);
    p.start(m_options.gitProgram, args);
    if (!p.waitForFinished(120000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        *error = QStringLiteral("git %1 failed: %2").arg(args.value(0), QString::fromUtf8(p.readAllStandardError()).trimmed().right(400));
        if (p.state() != QProcess::NotRunning)
            p.kill();
        return false;
    }
    if (output)
        *output = QString::fromUtf8(p.readAllStandardOutput());
    return true;
}

bool GitOpsWriter::ensureRepository(QString *error)
{
    if (QFileInfo::exists(m_options.repoDir + QStringLiteral("/.git")))
        return true;
    const QString parent = QFileInfo(m_options.repoDir).absolutePath();
    QDir().mkpath(parent);
    if (!m_options.remote.isEmpty()) {
        if (!git({QStringLiteral("clone"), QStringLiteral("-q"), m_options.remote, m_options.repoDir}, nullptr, error, parent))
            return false;
        // An empty remote has no branch yet: start it.
        QString head;
        if (!git({QStringLiteral("rev-parse"), QStringLiteral("--verify"), QStringLiteral("-q"), QStringLiteral("HEAD")}, &head, error))
            return git({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("-b"), m_options.branch}, nullptr, error);
        return true;
    }
    QDir().mkpath(m_options.repoDir);
    return git({QStringLiteral("init"), QStringLiteral("-q"), QStringLiteral("-b"), m_options.branch}, nullptr, error);
}

GitOpsWriter::Result GitOpsWriter::write(const QList<QJsonObject> &objects, const QString &reason)
{
    Result r;
    if (!ensureRepository(&r.error))
        return r;
    const QString repo = m_options.repoDir;
    // Desired files.
    QMap<QString, QByteArray> desired;
    for (const QJsonObject &o : objects) {
        const QString path = pathFor(o);
        if (path.isEmpty()) {
            r.error = QStringLiteral("an object without a valid kind, name or namespace cannot be written: %1")
                          .arg(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact).left(200)));
            return r;
        }
        if (desired.contains(path)) {
            r.error = QStringLiteral("two objects would be written to %1").arg(path);
            return r;
        }
        desired.insert(path, toYaml({o}));
    }
    for (auto it = desired.begin(); it != desired.end(); ++it) {
        const QString file = repo + u'/' + it.key();
        const bool exists = QFileInfo::exists(file);
        if (exists && readFile(file) == it.value())
            continue;
        if (!writeFile(file, it.value(), &r.error))
            return r;
        (exists ? r.changed : r.added) << it.key();
    }
    const QStringList managed = readManaged(repo);
    for (const QString &path : managed) {
        if (desired.contains(path) || path.contains(QLatin1String("..")) || path.startsWith(u'/'))
            continue;
        if (QFile::remove(repo + u'/' + path))
            r.removed << path;
        QDir(repo).rmpath(QFileInfo(path).path()); // the folder too, once empty
    }
    QStringList list = desired.keys();
    if (list != managed && !writeFile(repo + u'/' + kManagedList, list.join(u'\n').toUtf8() + '\n', &r.error))
        return r;

    QString head;
    if (r.added.isEmpty() && r.changed.isEmpty() && r.removed.isEmpty() && list == managed) {
        git({QStringLiteral("rev-parse"), QStringLiteral("HEAD")}, &head, &r.error);
        r.commit = head.trimmed();
        r.ok = true;
        return r;
    }
    QStringList summary;
    if (!r.changed.isEmpty())
        summary << QStringLiteral("%1 changed").arg(r.changed.size());
    if (!r.added.isEmpty())
        summary << QStringLiteral("%1 added").arg(r.added.size());
    if (!r.removed.isEmpty())
        summary << QStringLiteral("%1 removed").arg(r.removed.size());
    if (summary.isEmpty())
        summary << QStringLiteral("bookkeeping");
    r.message = QStringLiteral("enclii: %1\n\n%2\n").arg(summary.join(QStringLiteral(", ")), reason.isEmpty() ? QStringLiteral("desired state") : reason);
    for (const QString &p : r.changed)
        r.message += QStringLiteral("\nchanged  %1").arg(p);
    for (const QString &p : r.added)
        r.message += QStringLiteral("\nadded    %1").arg(p);
    for (const QString &p : r.removed)
        r.message += QStringLiteral("\nremoved  %1").arg(p);
    const QStringList identity{QStringLiteral("-c"), QStringLiteral("user.name=") + m_options.authorName, QStringLiteral("-c"),
                               QStringLiteral("user.email=") + m_options.authorEmail};
    const QStringList staged = QStringList{QStringLiteral("add"), QStringLiteral("-A"), QStringLiteral("--")} + r.added + r.changed + r.removed
        + QStringList{kManagedList};
    if (!git(staged, nullptr, &r.error)
        || !git(identity + QStringList{QStringLiteral("commit"), QStringLiteral("-q"), QStringLiteral("-m"), r.message}, nullptr, &r.error)
        || !git({QStringLiteral("rev-parse"), QStringLiteral("HEAD")}, &head, &r.error))
        return r;
    r.commit = head.trimmed();
    r.committed = true;
    if (!m_options.remote.isEmpty()
        && !git({QStringLiteral("push"), QStringLiteral("-q"), QStringLiteral("origin"), QStringLiteral("HEAD:refs/heads/") + m_options.branch}, nullptr,
                &r.error))
        return r; // committed locally; the next write pushes it along
    r.ok = true;
    return r;
}

} // namespace enclii::reconcile
