#include "Analysis.h"

#include "PrometheusClient.h"

#include <cmath>

namespace enclii::canary {

QString verdictName(Verdict v)
{
    switch (v) {
    case Verdict::Successful: return QStringLiteral("successful");
    case Verdict::Failed: return QStringLiteral("failed");
    case Verdict::Inconclusive: return QStringLiteral("inconclusive");
    case Verdict::Error: return QStringLiteral("error");
    }
    return {};
}

Measurement measure(PrometheusClient &prometheus, const AnalysisMetric &metric, const QDateTime &at)
{
    Measurement m;
    m.metric = metric.name;
    m.track = metric.track;
    m.condition = metric.condition.text();
    m.at = at.isValid() ? at : QDateTime::currentDateTimeUtc();
    m.gates = metric.gates;
    const PromResult r = prometheus.query(metric.query, at);
    if (!r.ok) {
        m.verdict = Verdict::Error;
        m.message = r.error;
        return m;
    }
    const auto value = r.scalar();
    if (!value || std::isnan(*value)) {
        m.verdict = Verdict::Inconclusive;
        m.message = value ? QStringLiteral("no requests in the window (0/0)") : QStringLiteral("no data for this query yet");
        return m;
    }
    m.value = *value;
    if (metric.condition.holds(*value)) {
        m.verdict = Verdict::Successful;
    } else {
        m.verdict = Verdict::Failed;
        m.message = QStringLiteral("%1 of the %2 track is %3, which fails %4").arg(metric.name, metric.track).arg(*value).arg(m.condition);
    }
    return m;
}

QList<AnalysisMetric> analysisMetrics(const core::ServiceSpec &service, const QString &ns, const QString &stableDeployment,
                                      const QString &canaryDeployment, int windowSeconds, QString *error)
{
    const core::CanaryAnalysis &a = service.deploy.analysis;
    const QString window = QStringLiteral("%1s").arg(std::max(windowSeconds, 1));
    QList<AnalysisMetric> out;
    for (const auto &[track, deployment] : {std::pair{QStringLiteral("canary"), canaryDeployment}, std::pair{QStringLiteral("stable"), stableDeployment}}) {
        const QString selector = QStringLiteral("namespace=\"%1\",deployment=\"%2\"").arg(ns, deployment);
        const bool gates = track == QLatin1String("canary");
        // Success rate: the share of answers that are not 5xx.
        const QString success = QStringLiteral("sum(rate(http_requests_total{%1,code!~\"5..\"}[%2])) / sum(rate(http_requests_total{%1}[%2]))")
                                    .arg(selector, window);
        const auto successCondition = Condition::parse(QStringLiteral("result >= %1").arg(a.minSuccessRatePercent / 100.0, 0, 'g', 6), error);
        const QString latency = QStringLiteral("histogram_quantile(%1, sum by (le) (rate(http_request_duration_seconds_bucket{%2}[%3])))")
                                    .arg(double(a.latencyPercentile) / 100.0, 0, 'g', 4)
                                    .arg(selector, window);
        const auto latencyCondition = Condition::parse(QStringLiteral("result <= %1").arg(double(a.maxLatencyMs) / 1000.0, 0, 'g', 6), error);
        if (!successCondition || !latencyCondition)
            return {};
        out << AnalysisMetric{QStringLiteral("success-rate"), track, success, *successCondition, gates}
            << AnalysisMetric{QStringLiteral("latency-p%1").arg(a.latencyPercentile), track, latency, *latencyCondition, gates};
    }
    for (const core::CanaryQuery &q : a.queries) {
        const auto condition = Condition::parse(q.successCondition, error);
        if (!condition) {
            if (error)
                *error = QStringLiteral("analysis query %1: %2").arg(q.name, *error);
            return {};
        }
        QString query = q.query;
        query.replace(QStringLiteral("$namespace"), ns).replace(QStringLiteral("$deployment"), canaryDeployment).replace(QStringLiteral("$track"),
                                                                                                                         QStringLiteral("canary"));
        out << AnalysisMetric{q.name, QStringLiteral("canary"), query, *condition, true};
    }
    return out;
}

QString AnalysisTally::phaseName(Phase p)
{
    switch (p) {
    case Phase::Running: return QStringLiteral("running");
    case Phase::Successful: return QStringLiteral("successful");
    case Phase::Failed: return QStringLiteral("failed");
    case Phase::Inconclusive: return QStringLiteral("inconclusive");
    case Phase::Error: return QStringLiteral("error");
    }
    return {};
}

AnalysisTally::AnalysisTally(int failureLimit, int inconclusiveLimit, int errorLimit)
    : m_failureLimit(failureLimit), m_inconclusiveLimit(inconclusiveLimit), m_errorLimit(errorLimit)
{
}

void AnalysisTally::add(const Measurement &m)
{
    if (!m.gates)
        return;
    switch (m.verdict) {
    case Verdict::Successful:
        ++m_successful;
        m_consecutiveErrors = 0;
        break;
    case Verdict::Failed:
        ++m_failed;
        m_consecutiveErrors = 0;
        if (m_failed > m_failureLimit && m_reason.isEmpty())
            m_reason = m.message;
        break;
    case Verdict::Inconclusive:
        ++m_inconclusive;
        m_consecutiveErrors = 0;
        if (m_inconclusive > m_inconclusiveLimit && m_reason.isEmpty())
            m_reason = QStringLiteral("%1 of the %2 track: %3").arg(m.metric, m.track, m.message);
        break;
    case Verdict::Error:
        ++m_consecutiveErrors;
        if (m_consecutiveErrors > m_errorLimit && m_reason.isEmpty())
            m_reason = QStringLiteral("%1 could not be measured %2 times in a row: %3").arg(m.metric).arg(m_consecutiveErrors).arg(m.message);
        break;
    }
}

AnalysisTally::Phase AnalysisTally::phase(bool windowComplete) const
{
    if (m_failed > m_failureLimit)
        return Phase::Failed;
    if (m_consecutiveErrors > m_errorLimit)
        return Phase::Error;
    if (m_inconclusive > m_inconclusiveLimit)
        return Phase::Inconclusive;
    if (!windowComplete)
        return Phase::Running;
    // A window that ends on errors or with nothing measured never counts as a pass.
    if (m_successful == 0 || m_consecutiveErrors > 0)
        return m_consecutiveErrors > 0 ? Phase::Error : Phase::Inconclusive;
    return Phase::Successful;
}

} // namespace enclii::canary
