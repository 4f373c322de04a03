#pragma once

// A git "remote" made by the test: a bare repository and a working clone to commit from.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

namespace enclii::test {

class GitFixture
{
public:
    GitFixture() : m_bare(m_dir.path() + QStringLiteral("/remote.git")), m_work(m_dir.path() + QStringLiteral("/work"))
    {
        m_ok = git(m_dir.path(), {QStringLiteral("init"), QStringLiteral("-q"), QStringLiteral("--bare"), QStringLiteral("-b"),
                                  QStringLiteral("main"), m_bare})
            && git(m_dir.path(), {QStringLiteral("init"), QStringLiteral("-q"), QStringLiteral("-b"), QStringLiteral("main"), m_work})
            && git(m_work, {QStringLiteral("remote"), QStringLiteral("add"), QStringLiteral("origin"), m_bare});
    }

    bool isValid() const { return m_ok && m_dir.isValid(); }
    QString remote() const { return m_bare; }
    QString workTree() const { return m_work; }
    QString lastError() const { return m_error; }

    bool write(const QString &relative, const QByteArray &content, bool executable = false)
    {
        const QString path = m_work + u'/' + relative;
        QDir().mkpath(QFileInfo(path).absolutePath());
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return false;
        f.write(content);
        f.close();
        if (executable)
            f.setPermissions(f.permissions() | QFileDevice::ExeOwner | QFileDevice::ExeGroup | QFileDevice::ExeOther);
        return true;
    }

    // Commits everything and pushes to the bare remote; returns the commit id ("" on failure).
    QString commitAndPush(const QString &message, const QString &branch = QStringLiteral("main"))
    {
        if (!git(m_work, {QStringLiteral("add"), QStringLiteral("-A")})
            || !git(m_work, {QStringLiteral("-c"), QStringLiteral("user.name=Enclii Test"), QStringLiteral("-c"),
                             QStringLiteral("user.email=test@enclii.local"), QStringLiteral("commit"), QStringLiteral("-q"),
                             QStringLiteral("--allow-empty"), QStringLiteral("-m"), message})
            || !git(m_work, {QStringLiteral("push"), QStringLiteral("-q"), QStringLiteral("-f"), QStringLiteral("origin"),
                             QStringLiteral("HEAD:refs/heads/") + branch}))
            return {};
        return head();
    }

    QString head()
    {
        QProcess p;
        p.setWorkingDirectory(m_work);
        p.start(QStringLiteral("git"), {QStringLiteral("rev-parse"), QStringLiteral("HEAD")});
        p.waitForFinished(30000);
        return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
    }

    bool git(const QString &dir, const QStringList &args)
    {
        QProcess p;
        p.setWorkingDirectory(dir);
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(QStringLiteral("git"), args);
        if (!p.waitForFinished(60000) || p.exitCode() != 0) {
            m_error = QStringLiteral("git %1: %2").arg(args.join(u' '), QString::fromUtf8(p.readAll()));
            return false;
        }
        return true;
    }

private:
    QTemporaryDir m_dir;
    QString m_bare;
    QString m_work;
    QString m_error;
    bool m_ok = false;
};

} // namespace enclii::test
