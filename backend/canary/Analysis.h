#pragma once

#include "Condition.h"

#include "core/ServiceSpec.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace enclii::canary {

class PrometheusClient;

// One thing analysis measures: a PromQL query that gives one number, and the condition that
// number must meet.
struct AnalysisMetric
{
    QString name;  // "success-rate", "latency-p99", or the spec's own query name
    QString track; // canary | stable (what the query selects)
    QString query;
    Condition condition;
    bool gates = true; // false: measured for comparison only (the stable track)
};

enum class Verdict { Successful, Failed, Inconclusive, Error };
QString verdictName(Verdict v); // "successful", "failed", "inconclusive", "error"

struct Measurement
{
    QString metric;
    QString track;
    std::optional<double> value;
    QString condition; // the condition's text: the threshold as the console shows it
    Verdict verdict = Verdict::Error;
    QString message;   // why it is not successful, in words
    QDateTime at;
    bool gates = true;
};

// Takes one measurement. Prometheus unreachable or refusing the query -> Error (never a pass);
// no series (no traffic yet) or NaN (0/0) -> Inconclusive; otherwise the condition decides.
Measurement measure(PrometheusClient &prometheus, const AnalysisMetric &metric, const QDateTime &at);

// The metrics a service's canary analysis runs, from its spec: the request success rate and the
// latency percentile of each track (the canary's gate the step; the stable track's are measured
// beside them for comparison), and the spec's own PromQL queries ($namespace, $deployment and
// $track are substituted; they gate), as rates over the last windowSeconds. Empty with *error when a spec condition does not parse.
QList<AnalysisMetric> analysisMetrics(const core::ServiceSpec &service, const QString &namespaceName, const QString &stableDeployment,
                                      const QString &canaryDeployment, int windowSeconds, QString *error);

// Argo Rollouts' semantics over a step's measurements: more failed gating measurements than
// failureLimit -> Failed; more inconclusive than inconclusiveLimit -> Inconclusive (a person
// decides); more errors in a row than errorLimit -> Error (the rollout pauses or aborts, it
// is never promoted); otherwise Running until the window is complete, then Successful.
class AnalysisTally
{
public:
    enum class Phase { Running, Successful, Failed, Inconclusive, Error };
    static QString phaseName(Phase p);

    AnalysisTally(int failureLimit, int inconclusiveLimit, int errorLimit);

    void add(const Measurement &m);
    Phase phase(bool windowComplete) const;
    // The measurement that decided a non-successful phase, for the notification and the console.
    QString reason() const { return m_reason; }
    int failed() const { return m_failed; }
    int inconclusive() const { return m_inconclusive; }
    int consecutiveErrors() const { return m_consecutiveErrors; }
    int successful() const { return m_successful; }

private:
    int m_failureLimit, m_inconclusiveLimit, m_errorLimit;
    int m_failed = 0, m_inconclusive = 0, m_consecutiveErrors = 0, m_successful = 0;
    QString m_reason;
};

} // namespace enclii::canary
