// The embedded Prometheus: it starts, scrapes the simulated cluster's pods, answers queries,
// keeps its data across a restart, reports a missing binary or an empty target list clearly,
// and dies with its owner when the owner is killed with -9.
#include "HttpClient.h"

#include "kube/sim/SimCluster.h"
#include "observe/EmbeddedPrometheus.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QThread>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

#include <csignal>

using enclii::observe::EmbeddedPrometheus;

namespace {

// The value of an instant query's first sample, or -1.
double query(const QUrl &base, const QString &promql)
{
    QUrl url(base.toString() + QStringLiteral("/api/v1/query"));
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("query"), promql);
    url.setQuery(q);
    const auto r = enclii::test::httpRequest(url.toString(QUrl::FullyEncoded));
    const QJsonArray result = QJsonDocument::fromJson(r.body).object().value("data").toObject().value("result").toArray();
    if (r.status != 200 || result.isEmpty())
        return -1;
    return result.first().toObject().value("value").toArray().at(1).toString().toDouble();
}

// Running, and not a zombie waiting for its parent.
bool alive(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (pid <= 0 || !stat.open(QIODevice::ReadOnly))
        return false;
    return !QString::fromLatin1(stat.readAll()).section(u')', -1).trimmed().startsWith(u'Z');
}

} // namespace

class TestEmbeddedPrometheus : public QObject
{
    Q_OBJECT
private slots:
    void scrapesTheSimulatedClusterAndKeepsItsDataAcrossARestart()
    {
        enclii::kube::sim::SimCluster sim;
        QVERIFY(sim.listen());
        QTemporaryDir dir;
        EmbeddedPrometheus::Options o;
        o.stateDir = dir.path();
        o.targets = {{QStringLiteral("127.0.0.1:%1").arg(sim.url().port()), QStringLiteral("/sim/v1/metrics")}};
        o.scrapeIntervalSeconds = 1;
        {
            EmbeddedPrometheus prometheus(o);
            QVERIFY2(prometheus.start(), qPrintable(prometheus.error()));
            QVERIFY(prometheus.isRunning());
            QVERIFY(prometheus.url().port() > 0);
            QVERIFY(QTest::qWaitFor([&] { return query(prometheus.url(), QStringLiteral("up{job=\"enclii\"}")) == 1; }, 20000));
            prometheus.stop();
            QVERIFY(!prometheus.isRunning());
        }
        EmbeddedPrometheus again(o);
        QVERIFY2(again.start(), qPrintable(again.error()));
        // The samples of the first run are still there (count over the last minute).
        QVERIFY(query(again.url(), QStringLiteral("count_over_time(up{job=\"enclii\"}[5m])")) >= 1);
    }

    void theConfigurationQuotesWhatItIsGiven()
    {
        EmbeddedPrometheus::Options o;
        o.targets = {{QStringLiteral("127.0.0.1:1"), QStringLiteral("/odd \"path\"")}, {QStringLiteral("127.0.0.1:2")}};
        o.scrapeIntervalSeconds = 7;
        const QByteArray yaml = EmbeddedPrometheus::configYaml(o);
        QVERIFY(yaml.contains("scrape_interval: 7s"));
        QVERIFY(yaml.contains("metrics_path: \"/odd \\\"path\\\"\""));
        QVERIFY(yaml.contains("job_name: \"enclii\""));
        QVERIFY(yaml.contains("job_name: \"enclii-1\""));
        QVERIFY(yaml.contains("targets: [\"127.0.0.1:2\"]"));
        QVERIFY(yaml.contains("metrics_path: \"/metrics\""));
    }

    void aMissingBinaryOrNoTargetIsAClearError()
    {
        QTemporaryDir dir;
        EmbeddedPrometheus::Options o;
        o.stateDir = dir.path();
        o.targets = {{QStringLiteral("127.0.0.1:1")}};
        o.executable = QStringLiteral("/nonexistent/prometheus");
        EmbeddedPrometheus missing(o);
        QVERIFY(!missing.start());
        QVERIFY2(missing.error().contains(QLatin1String("Debian package prometheus")), qPrintable(missing.error()));

        o.executable = QStringLiteral("/usr/bin/prometheus");
        o.targets.clear();
        EmbeddedPrometheus nothing(o);
        QVERIFY(!nothing.start());
        QVERIFY2(nothing.error().contains(QLatin1String("nothing to scrape")), qPrintable(nothing.error()));
    }

    void aBadConfigurationQuotesTheLog()
    {
        QTemporaryDir dir;
        EmbeddedPrometheus::Options o;
        o.stateDir = dir.path();
        o.targets = {{QStringLiteral("127.0.0.1:1")}};
        o.retention = QStringLiteral("not-a-duration");
        EmbeddedPrometheus bad(o);
        QVERIFY(!bad.start());
        QVERIFY2(bad.error().contains(QLatin1String("prometheus.log ends with")), qPrintable(bad.error()));
        QVERIFY2(bad.error().contains(QLatin1String("not a valid duration string: \"not-a-duration\"")), qPrintable(bad.error()));
    }

    // The owner killed with -9: its Prometheus goes too (the child of a child here, so the
    // test can play the owner).
    void diesWithItsOwner()
    {
        if (qEnvironmentVariableIsSet("ENCLII_PROMETHEUS_OWNER")) {
            EmbeddedPrometheus::Options o;
            o.stateDir = qEnvironmentVariable("ENCLII_PROMETHEUS_OWNER");
            o.targets = {{QStringLiteral("127.0.0.1:1")}};
            EmbeddedPrometheus owned(o);
            if (!owned.start())
                ::_exit(2);
            printf("PID %lld\n", owned.pid());
            fflush(stdout);
            for (;;)
                QThread::sleep(1);
        }
        QTemporaryDir dir;
        QProcess owner;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("ENCLII_PROMETHEUS_OWNER"), dir.path());
        owner.setProcessEnvironment(env);
        owner.start(QCoreApplication::applicationFilePath(), {QStringLiteral("diesWithItsOwner")});
        QVERIFY(owner.waitForStarted());
        QByteArray out;
        QVERIFY(QTest::qWaitFor([&] {
            owner.waitForReadyRead(100);
            out += owner.readAll();
            return out.contains("PID ") && out.indexOf('\n', out.indexOf("PID ")) > 0;
        }, 60000));
        const int at = out.indexOf("PID ") + 4;
        const qint64 child = out.mid(at, out.indexOf('\n', at) - at).toLongLong();
        QVERIFY(child > 0);
        QVERIFY(alive(child));
        ::kill(pid_t(owner.processId()), SIGKILL);
        QVERIFY(owner.waitForFinished(10000));
        QVERIFY2(QTest::qWaitFor([&] { return !alive(child); }, 10000), "prometheus outlived its owner");
    }
};

QTEST_GUILESS_MAIN(TestEmbeddedPrometheus)
#include "tst_embeddedprometheus.moc"
