// The pure rules of GitHub webhooks: signatures, repository URLs, which services a push selects.
#include "roundhouse/GitHubWebhook.h"

#include <QJsonDocument>
#include <QTest>

using namespace enclii;
using namespace enclii::roundhouse;

static core::ServiceSpec makeService(const QString &name, const QString &repo, const QString &branch, const QString &path)
{
    core::ServiceSpec s;
    s.name = name;
    s.project = QStringLiteral("p");
    s.build.repo = repo;
    s.build.branch = branch;
    s.build.path = path;
    return s;
}

class TestGitHubWebhook : public QObject
{
    Q_OBJECT
private slots:
    void signatureMatchesGitHubsExample()
    {
        // The example in GitHub's "Validating webhook deliveries".
        const QByteArray sig = githubSignature("It's a Secret to Everybody", "Hello, World!");
        QCOMPARE(sig, QByteArray("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"));
        QVERIFY(verifyGithubSignature("It's a Secret to Everybody", "Hello, World!", sig));
        QVERIFY(verifyGithubSignature("It's a Secret to Everybody", "Hello, World!", sig.toUpper().replace("SHA256=", "sha256=")));
        QVERIFY(!verifyGithubSignature("It's a Secret to Everybody", "Hello, World?", sig));
        QVERIFY(!verifyGithubSignature("another secret", "Hello, World!", sig));
        QVERIFY(!verifyGithubSignature("It's a Secret to Everybody", "Hello, World!", sig.mid(7)));
        QVERIFY(!verifyGithubSignature("It's a Secret to Everybody", "Hello, World!", "sha1=abc"));
        QVERIFY(!verifyGithubSignature("It's a Secret to Everybody", "Hello, World!", {}));
    }

    void repoUrlsNormalise()
    {
        QCOMPARE(normaliseRepoUrl(QStringLiteral("https://github.com/Madfam-Org/Enclii.git")), QStringLiteral("https://github.com/madfam-org/enclii"));
        QCOMPARE(normaliseRepoUrl(QStringLiteral("https://github.com/madfam-org/enclii/")), QStringLiteral("https://github.com/madfam-org/enclii"));
        const auto payload = QJsonDocument::fromJson("{\"repository\":{\"clone_url\":\"https://github.com/a/b.git\",\"html_url\":\"https://github.com/a/b\"}}").object();
        QCOMPARE(payloadRepos(payload), QStringList{QStringLiteral("https://github.com/a/b")});
    }

    void pathsSelectByFolder()
    {
        QVERIFY(pathSelects(QStringLiteral("."), QStringLiteral("README.md")));
        QVERIFY(pathSelects(QStringLiteral("apps/api"), QStringLiteral("apps/api/src/main.cpp")));
        QVERIFY(pathSelects(QStringLiteral("./apps/api/"), QStringLiteral("apps/api/x")));
        QVERIFY(!pathSelects(QStringLiteral("apps/api"), QStringLiteral("apps/api-gateway/x")));
        QVERIFY(!pathSelects(QStringLiteral("apps/api"), QStringLiteral("apps/web/x")));
    }

    void pushSelectsServices()
    {
        core::SpecSet specs;
        specs.services << makeService(QStringLiteral("api"), QStringLiteral("https://github.com/o/r.git"), QStringLiteral("main"), QStringLiteral("apps/api"))
                       << makeService(QStringLiteral("web"), QStringLiteral("https://github.com/o/r.git"), QStringLiteral("main"), QStringLiteral("apps/web"))
                       << makeService(QStringLiteral("all"), QStringLiteral("https://github.com/o/r"), QStringLiteral("main"), QStringLiteral("."))
                       << makeService(QStringLiteral("dev"), QStringLiteral("https://github.com/o/r"), QStringLiteral("develop"), QStringLiteral("."))
                       << makeService(QStringLiteral("other"), QStringLiteral("https://github.com/o/other"), QStringLiteral("main"), QStringLiteral("."));
        const QByteArray json = "{\"commits\":[{\"added\":[\"apps/api/a.cpp\"],\"modified\":[],\"removed\":[]},"
                                "{\"added\":[],\"modified\":[\"docs/x.md\"],\"removed\":[\"apps/api/old.cpp\"]}]}";
        const auto push = QJsonDocument::fromJson(json).object();
        const QStringList changed = changedPaths(push);
        QCOMPARE(changed, (QStringList{QStringLiteral("apps/api/a.cpp"), QStringLiteral("docs/x.md"), QStringLiteral("apps/api/old.cpp")}));
        QStringList names;
        for (const auto &s : servicesFor(specs, {QStringLiteral("https://github.com/o/r")}, QStringLiteral("main"), &changed))
            names << s.name;
        QCOMPARE(names, (QStringList{QStringLiteral("api"), QStringLiteral("all")}));
        names.clear();
        for (const auto &s : servicesFor(specs, {QStringLiteral("https://github.com/o/r")}, QStringLiteral("main"), nullptr))
            names << s.name;
        QCOMPARE(names, (QStringList{QStringLiteral("api"), QStringLiteral("web"), QStringLiteral("all")}));
    }
};

QTEST_GUILESS_MAIN(TestGitHubWebhook)
#include "tst_githubwebhook.moc"
