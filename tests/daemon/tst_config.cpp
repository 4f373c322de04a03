// encliid's settings: flags over environment over the config file over defaults, and a
// clear error for every bad value.
#include "Config.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace enclii::daemon;

class TestConfig : public QObject
{
    Q_OBJECT
private slots:
    void defaults()
    {
        const auto r = parseConfig({QStringLiteral("encliid")}, {QStringLiteral("HOME=/home/ops")});
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QCOMPARE(r.config.command, QStringLiteral("serve"));
        QCOMPARE(r.config.listen, QStringLiteral("127.0.0.1:4200"));
        QCOMPARE(r.config.stateDir, QStringLiteral("/home/ops/.local/state/enclii"));
        QCOMPARE(r.config.authMode, QStringLiteral("builtin"));
        QCOMPARE(r.config.logFormat, QStringLiteral("text"));
        QVERIFY(r.config.databaseUrl.isEmpty());
        QCOMPARE(parseConfig({QStringLiteral("encliid")}, {QStringLiteral("XDG_STATE_HOME=/var/state")}).config.stateDir,
                 QStringLiteral("/var/state/enclii"));
    }

    void precedence()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("encliid.yaml"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("listen: 127.0.0.1:5000\nlogFormat: json\ndbPoolSize: 7\nspecs: /from/file\n");
        f.close();
        const auto r = parseConfig({QStringLiteral("encliid"), QStringLiteral("--config"), file, QStringLiteral("--listen"), QStringLiteral("0.0.0.0:6000")},
                                   {QStringLiteral("ENCLII_LOG_FORMAT=text"), QStringLiteral("ENCLII_SPECS=/from/env")});
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QCOMPARE(r.config.listen, QStringLiteral("0.0.0.0:6000")); // flag over file
        QCOMPARE(r.config.logFormat, QStringLiteral("text"));      // environment over file
        QCOMPARE(r.config.specsDir, QStringLiteral("/from/env"));
        QCOMPARE(r.config.dbPoolSize, 7);                          // file over default
        // An issuer alone switches sign-in to external.
        const auto ext = parseConfig({QStringLiteral("encliid")}, {QStringLiteral("ENCLII_OIDC_ISSUER=https://auth.janua.dev")});
        QCOMPARE(ext.config.authMode, QStringLiteral("external"));
        QCOMPARE(ext.config.oidcIssuer, QStringLiteral("https://auth.janua.dev"));
    }

    void errors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("fileText");
        QTest::addColumn<QString>("expected");
        QTest::newRow("listen") << QStringList{QStringLiteral("--listen"), QStringLiteral("nowhere")} << QString()
                                << "listen must be ADDRESS:PORT";
        QTest::newRow("log format") << QStringList{QStringLiteral("--log-format"), QStringLiteral("xml")} << QString()
                                    << "log-format must be text or json";
        QTest::newRow("pool") << QStringList{QStringLiteral("--db-pool-size"), QStringLiteral("0")} << QString()
                              << "db-pool-size must be a whole number from 1 to 100";
        QTest::newRow("body limit") << QStringList{QStringLiteral("--max-body-bytes"), QStringLiteral("12")} << QString()
                                    << "max-body-bytes must be a whole number of at least 1024";
        QTest::newRow("auth") << QStringList{QStringLiteral("--auth"), QStringLiteral("maybe")} << QString()
                              << "auth must be builtin, external or disabled";
        QTest::newRow("external without issuer") << QStringList{QStringLiteral("--auth"), QStringLiteral("external")} << QString()
                                                 << "auth external needs --oidc-issuer";
        QTest::newRow("unknown command") << QStringList{QStringLiteral("launch")} << QString() << "unknown command \"launch\"";
        QTest::newRow("validate needs a folder") << QStringList{QStringLiteral("validate")} << QString() << "validate takes one folder";
        QTest::newRow("unknown flag") << QStringList{QStringLiteral("--lisen"), QStringLiteral("x")} << QString() << "Unknown option 'lisen'";
        QTest::newRow("unknown file key") << QStringList{} << QStringLiteral("listen: 127.0.0.1:1\nlisten_port: 3\n")
                                          << ":2:1: unknown setting \"listen_port\"";
        QTest::newRow("file not a mapping") << QStringList{} << QStringLiteral("- a\n- b\n") << "expected key: value lines";
        QTest::newRow("prometheus url") << QStringList{QStringLiteral("--prometheus-url"), QStringLiteral("prometheus:9090")} << QString()
                                        << "prometheus-url must be an http(s) URL";
        QTest::newRow("reconcile workers") << QStringList{QStringLiteral("--reconcile-workers"), QStringLiteral("0")} << QString()
                                           << "reconcile-workers must be a whole number from 1 to 64";
        QTest::newRow("wave deadline") << QStringList{QStringLiteral("--wave-deadline-seconds"), QStringLiteral("never")} << QString()
                                       << "wave-deadline-seconds must be a whole number from 1 to 604800";
        QTest::newRow("build workers") << QStringList{QStringLiteral("--build-workers"), QStringLiteral("65")} << QString()
                                       << "build-workers must be a whole number from 0";
        QTest::newRow("file not YAML") << QStringList{} << QStringLiteral("listen: [\n") << "not valid YAML";
    }
    void errors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, fileText);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        QStringList argv{QStringLiteral("encliid")};
        if (!fileText.isEmpty()) {
            QFile f(dir.filePath(QStringLiteral("c.yaml")));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(fileText.toUtf8());
            f.close();
            argv << QStringLiteral("--config") << f.fileName();
        }
        const auto r = parseConfig(argv + args, {});
        QVERIFY2(r.error.contains(expected), qPrintable(r.error));
    }

    void clusterAndRolloutSettings()
    {
        const auto flags = parseConfig({QStringLiteral("encliid"), QStringLiteral("--kubeconfig"), QStringLiteral("/etc/k3s.yaml"),
                                        QStringLiteral("--kube-context"), QStringLiteral("prod"), QStringLiteral("--prometheus-url"),
                                        QStringLiteral("http://prometheus.monitoring:9090"), QStringLiteral("--reconcile-workers"),
                                        QStringLiteral("8"), QStringLiteral("--wave-deadline-seconds"), QStringLiteral("120"),
                                        QStringLiteral("--simulated-releases")},
                                       {});
        QVERIFY2(flags.error.isEmpty(), qPrintable(flags.error));
        QCOMPARE(flags.config.kubeconfig, QStringLiteral("/etc/k3s.yaml"));
        QCOMPARE(flags.config.kubeContext, QStringLiteral("prod"));
        QCOMPARE(flags.config.prometheusUrl, QStringLiteral("http://prometheus.monitoring:9090"));
        QCOMPARE(flags.config.reconcileWorkers, 8);
        QCOMPARE(flags.config.waveDeadlineSeconds, 120);
        QVERIFY(flags.config.simulatedReleases);
        QVERIFY(!parseConfig({QStringLiteral("encliid")}, {}).config.simulatedReleases); // off by default
        QVERIFY(parseConfig({QStringLiteral("encliid")}, {QStringLiteral("ENCLII_SIMULATED_RELEASES=1")}).config.simulatedReleases);
        QTemporaryDir dir;
        QFile f(dir.filePath(QStringLiteral("c.yaml")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("simulatedReleases: true\nprometheusUrl: https://prom.example:9090\n");
        f.close();
        const auto file = parseConfig({QStringLiteral("encliid"), QStringLiteral("--config"), f.fileName()}, {});
        QVERIFY2(file.error.isEmpty(), qPrintable(file.error));
        QVERIFY(file.config.simulatedReleases);
        QCOMPARE(file.config.prometheusUrl, QStringLiteral("https://prom.example:9090"));
    }

    void helpDocumentsEverySetting()
    {
        const auto r = parseConfig({QStringLiteral("encliid"), QStringLiteral("--help")}, {});
        QVERIFY(r.exitNow);
        for (const char *s : {"--listen", "--state-dir", "--specs", "--database-url", "--log-format", "--log-level", "--max-body-bytes",
                              "--db-pool-size", "--role", "--config", "--auth", "--oidc-issuer", "--oidc-audience", "--public-url",
                              "--kubeconfig", "--prometheus-url", "--reconcile-workers", "--wave-deadline-seconds",
                              "--simulated-releases", "--build-workers", "--registry", "--gitops-repo",
                              "ENCLII_LISTEN", "DATABASE_URL", "ENCLII_ADMIN_PASSWORD", "ENCLII_MASTER_KEY", "validate DIR"})
            QVERIFY2(r.output.contains(QLatin1String(s)), s);
    }
};

QTEST_GUILESS_MAIN(TestConfig)
#include "tst_config.moc"
