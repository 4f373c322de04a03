// The GitOps target with real git: the seed ecosystem written as a folder per namespace and a
// file per object, pushed to a bare remote; an unchanged state makes no commit; a new release
// changes one file in one commit whose message names it; a service without a release has its
// files removed; files the writer did not write stay; objects that cannot be paths are refused.
#include "RenderFixture.h"

#include "reconcile/GitOpsWriter.h"
#include "reconcile/Renderer.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <yaml-cpp/yaml.h>

using namespace enclii;
using reconcile::GitOpsWriter;

namespace {

QString git(const QString &dir, const QStringList &args)
{
    QProcess p;
    p.setWorkingDirectory(dir);
    p.start(QStringLiteral("git"), args);
    p.waitForFinished(30000);
    return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
}

} // namespace

class TestGitOps : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        git(m_dir.path(), {QStringLiteral("init"), QStringLiteral("-q"), QStringLiteral("--bare"), QStringLiteral("remote.git")});
        m_options.repoDir = m_dir.path() + QStringLiteral("/work");
        m_options.remote = m_dir.path() + QStringLiteral("/remote.git");
    }

    void theSeedIsWrittenAndPushed()
    {
        QString error;
        const auto objects = reconcile::renderAll(testing::seedSpecs(), testing::seedReleases(), {}, &error);
        QVERIFY2(!objects.isEmpty(), qPrintable(error));
        GitOpsWriter writer(m_options);
        const auto r = writer.write(objects, QStringLiteral("initial state"));
        QVERIFY2(r.ok, qPrintable(r.error));
        QVERIFY(r.committed);
        QCOMPARE(r.added.size(), objects.size());
        QVERIFY(r.added.contains(QStringLiteral("enclii-platform/deployment-switchyard-api.yaml")));
        QVERIFY(r.added.contains(QStringLiteral("cluster/namespace-enclii-platform.yaml")));
        // Every file is one valid YAML document of its object.
        const YAML::Node doc = YAML::LoadFile((m_options.repoDir + QStringLiteral("/enclii-platform/deployment-switchyard-api.yaml")).toStdString());
        QCOMPARE(QString::fromStdString(doc["kind"].as<std::string>()), QStringLiteral("Deployment"));
        // Pushed: the remote's branch is the commit.
        QCOMPARE(git(m_options.remote, {QStringLiteral("rev-parse"), QStringLiteral("main")}), r.commit);
        QVERIFY(git(m_options.repoDir, {QStringLiteral("log"), QStringLiteral("-1"), QStringLiteral("--format=%B")}).contains(QLatin1String("initial state")));
        m_first = r.commit;
    }

    void anUnchangedStateMakesNoCommit()
    {
        const auto objects = reconcile::renderAll(testing::seedSpecs(), testing::seedReleases(), {});
        const auto r = GitOpsWriter(m_options).write(objects, QStringLiteral("resync"));
        QVERIFY2(r.ok, qPrintable(r.error));
        QVERIFY(!r.committed);
        QCOMPARE(r.commit, m_first);
    }

    void aNewReleaseIsOneCommitOfOneFile()
    {
        auto releases = testing::seedReleases();
        const core::ServiceSpec *s = testing::seedSpecs().service(QStringLiteral("switchyard-api"));
        releases[s->name] = testing::releaseFor(*s, QStringLiteral("v2"));
        const auto r = GitOpsWriter(m_options).write(reconcile::renderAll(testing::seedSpecs(), releases, {}), QStringLiteral("release 2 of switchyard-api"));
        QVERIFY2(r.ok, qPrintable(r.error));
        QVERIFY(r.committed);
        QCOMPARE(r.changed, QStringList{QStringLiteral("enclii-platform/deployment-switchyard-api.yaml")});
        QVERIFY(r.added.isEmpty() && r.removed.isEmpty());
        QVERIFY(r.message.startsWith(QLatin1String("enclii: 1 changed")));
        QVERIFY(r.message.contains(QLatin1String("release 2 of switchyard-api")));
        QCOMPARE(git(m_options.repoDir, {QStringLiteral("diff"), QStringLiteral("--name-only"), QStringLiteral("HEAD~1"), QStringLiteral("HEAD")}),
                 QStringLiteral("enclii-platform/deployment-switchyard-api.yaml"));
    }

    void aServiceWithoutAReleaseIsRemovedAndOtherFilesStay()
    {
        // Someone's own file in the repository: never ours to touch.
        QFile readme(m_options.repoDir + QStringLiteral("/enclii-platform/README.md"));
        QVERIFY(readme.open(QIODevice::WriteOnly));
        readme.write("kept\n");
        readme.close();
        auto releases = testing::seedReleases();
        releases.remove(QStringLiteral("switchyard-api"));
        const auto r = GitOpsWriter(m_options).write(reconcile::renderAll(testing::seedSpecs(), releases, {}), QStringLiteral("switchyard-api withdrawn"));
        QVERIFY2(r.ok, qPrintable(r.error));
        QVERIFY(r.removed.contains(QStringLiteral("enclii-platform/deployment-switchyard-api.yaml")));
        QVERIFY(!QFileInfo::exists(m_options.repoDir + QStringLiteral("/enclii-platform/deployment-switchyard-api.yaml")));
        QVERIFY(QFileInfo::exists(m_options.repoDir + QStringLiteral("/enclii-platform/README.md")));
        QVERIFY(r.message.contains(QLatin1String("removed  enclii-platform/deployment-switchyard-api.yaml")));
    }

    void objectsThatCannotBePathsAreRefused()
    {
        QCOMPARE(GitOpsWriter::pathFor(QJsonObject{{QStringLiteral("kind"), QStringLiteral("Service")},
                                                   {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), QStringLiteral("../../etc")},
                                                                                            {QStringLiteral("namespace"), QStringLiteral("x")}}}}),
                 QString());
        const auto r = GitOpsWriter(m_options).write({QJsonObject{{QStringLiteral("kind"), QStringLiteral("Service")}}}, {});
        QVERIFY(!r.ok);
        QVERIFY(r.error.contains(QLatin1String("cannot be written")));
    }

private:
    QTemporaryDir m_dir;
    GitOpsWriter::Options m_options;
    QString m_first;
};

QTEST_GUILESS_MAIN(TestGitOps)
#include "tst_gitops.moc"
