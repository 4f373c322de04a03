#pragma once

#include <QString>
#include <QStringList>
#include <QUrl>

#include <memory>

namespace enclii::observe {

// A real Prometheus (Debian's package) as encliid's embedded default: with no --prometheus-url
// and the simulated cluster, encliid starts one that scrapes the simulated pods, and canary
// analysis and the dashboards query it through the same HTTP API as an external one.
//
//   EmbeddedPrometheus prometheus({.stateDir = dir, .targets = {{"127.0.0.1:7001", "/sim/v1/metrics"}}});
//   if (!prometheus.start()) spdlog::error(prometheus.error());
//   QUrl api = prometheus.url();
//
// The process is a child that dies with the thread that started it (PR_SET_PDEATHSIG), so a
// daemon killed with -9 leaves no Prometheus behind and the next start has the port and the
// data folder to itself. Start it from a thread that lives as long as the daemon (the main
// thread). Layout of stateDir: prometheus.yml (written at each start), data/ (the TSDB,
// kept across restarts within the retention), prometheus.log. Not thread-safe; start()
// blocks up to startTimeoutMs until /-/ready answers.
class EmbeddedPrometheus
{
public:
    struct Target
    {
        QString address;                                  // host:port
        QString metricsPath = QStringLiteral("/metrics");
    };

    struct Options
    {
        QString stateDir;
        QList<Target> targets;
        int scrapeIntervalSeconds = 5;
        QString retention = QStringLiteral("2d");
        QString executable = QStringLiteral("/usr/bin/prometheus");
        int startTimeoutMs = 60000;
    };

    explicit EmbeddedPrometheus(Options options);
    ~EmbeddedPrometheus();
    EmbeddedPrometheus(const EmbeddedPrometheus &) = delete;
    EmbeddedPrometheus &operator=(const EmbeddedPrometheus &) = delete;

    // False with error() naming the cause and quoting the end of prometheus.log.
    bool start();
    void stop();
    bool isRunning() const;

    QString error() const;
    QUrl url() const; // http://127.0.0.1:<port>
    int port() const;
    qint64 pid() const;
    QString configPath() const;
    // The configuration start() writes, for these options and port.
    static QByteArray configYaml(const Options &options);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace enclii::observe
