#pragma once

// A real Prometheus (Debian's package) for a test: the product's EmbeddedPrometheus in a
// throwaway folder, one scrape job with a 1 s interval; stopped with the fixture.
#include "observe/EmbeddedPrometheus.h"

#include <QTemporaryDir>

#include <memory>

namespace enclii::test {

class TestPrometheus
{
public:
    // target: "127.0.0.1:<port>", path: the exposition's path on it.
    bool start(const QString &target, const QString &metricsPath)
    {
        observe::EmbeddedPrometheus::Options o;
        o.stateDir = m_dir.path();
        o.targets = {{target, metricsPath}};
        o.scrapeIntervalSeconds = 1;
        m_prometheus = std::make_unique<observe::EmbeddedPrometheus>(o);
        return m_prometheus->start();
    }
    void kill() { m_prometheus->stop(); }
    QString url() const { return m_prometheus->url().toString(); }
    QString log() const { return m_prometheus ? m_prometheus->error() : QString(); }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<observe::EmbeddedPrometheus> m_prometheus;
};

} // namespace enclii::test
