#pragma once

// A real Prometheus (Debian's package) for a test: its own data folder, a free loopback port,
// one scrape job with a 1 s interval; killed with the fixture.
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include "HttpClient.h"

namespace enclii::test {

class TestPrometheus
{
public:
    // target: "127.0.0.1:<port>", path: the exposition's path on it.
    bool start(const QString &target, const QString &metricsPath)
    {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        m_port = probe.serverPort();
        probe.close();
        QFile config(m_dir.filePath(QStringLiteral("prometheus.yml")));
        if (!config.open(QIODevice::WriteOnly))
            return false;
        config.write(QStringLiteral("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n"
                                    "  - job_name: sim\n    honor_labels: true\n    metrics_path: %1\n"
                                    "    static_configs:\n      - targets: ['%2']\n")
                         .arg(metricsPath, target)
                         .toUtf8());
        config.close();
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_process.start(QStringLiteral("prometheus"), {QStringLiteral("--config.file=") + config.fileName(),
                                                       QStringLiteral("--storage.tsdb.path=") + m_dir.filePath(QStringLiteral("data")),
                                                       QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(m_port),
                                                       QStringLiteral("--log.level=warn")});
        if (!m_process.waitForStarted(10000))
            return false;
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 30000) {
            if (httpRequest(url() + QStringLiteral("/-/ready"), "GET", {}, {}, {}, 1000).status == 200)
                return true;
            QTest::qWait(100);
        }
        return false;
    }
    void kill()
    {
        m_process.kill();
        m_process.waitForFinished(10000);
    }
    ~TestPrometheus() { kill(); }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_port); }
    QString log() { return QString::fromUtf8(m_process.readAll()); }

private:
    QTemporaryDir m_dir;
    QProcess m_process;
    int m_port = 0;
};

} // namespace enclii::test
