#pragma once

#include <QDateTime>
#include <QList>
#include <QMap>
#include <QString>
#include <QUrl>

#include <memory>
#include <optional>

namespace enclii::canary {

// One series of a Prometheus answer: its labels and its samples (one for an instant vector,
// many for a range). Values are what Prometheus sent, parsed; NaN and ±Inf stay as they are.
struct PromSeries
{
    QMap<QString, QString> labels;
    QList<std::pair<qint64, double>> samples; // (epoch milliseconds, value)
};

struct PromResult
{
    bool ok = false;
    QString error;      // why not: unreachable, HTTP status, Prometheus's errorType: error
    QString resultType; // vector | matrix | scalar | string
    QList<PromSeries> series;
    // The first series' last sample, when there is one: what a single-valued query gives.
    std::optional<double> scalar() const;
};

// A client of the Prometheus HTTP API (/api/v1/query and /api/v1/query_range). Blocking, on a
// local event loop, so it works on any thread; one client per thread. Every failure is a
// result with a reason (never an exception): a measurement that cannot be taken must count as
// an error, never as a pass.
class PrometheusClient
{
public:
    struct Options
    {
        QUrl baseUrl;             // http://127.0.0.1:9090
        int timeoutMs = 10000;
        qint64 maxResponseBytes = 8 << 20;
    };

    explicit PrometheusClient(Options options);
    ~PrometheusClient();

    PromResult query(const QString &promql, const QDateTime &at = {});
    PromResult queryRange(const QString &promql, const QDateTime &start, const QDateTime &end, int stepSeconds);

    // Parses an API answer (exposed for tests of hostile bodies).
    static PromResult parse(const QByteArray &body, int httpStatus);

private:
    PromResult get(const QString &path, const QList<std::pair<QString, QString>> &params);

    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace enclii::canary
