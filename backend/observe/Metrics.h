#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <memory>

namespace enclii::observe {

// Counters, gauges and histograms, rendered in the Prometheus text exposition format
// (version 0.0.4). Thread-safe. Label values are escaped; names are the caller's constants.
class Metrics
{
public:
    using Labels = QList<QPair<QString, QString>>;

    Metrics();
    ~Metrics();
    static Metrics &global();

    void describe(const QString &name, const QString &type, const QString &help);
    void increment(const QString &name, const Labels &labels = {}, double by = 1.0);
    void set(const QString &name, const Labels &labels, double value);
    // Histograms use the buckets given at describeHistogram (seconds by default).
    void describeHistogram(const QString &name, const QString &help, const QList<double> &buckets);
    void observe(const QString &name, const Labels &labels, double value);

    QByteArray exposition() const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace enclii::observe
