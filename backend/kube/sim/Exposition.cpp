#include "Exposition.h"

#include <cmath>

namespace enclii::kube::sim {

namespace {

QByteArray escaped(const QString &v)
{
    QByteArray out;
    for (const char c : v.toUtf8()) {
        if (c == '\\' || c == '"')
            out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out;
}

QByteArray labels(const PodTraffic &p, const QByteArray &extra = {})
{
    QByteArray l = "namespace=\"" + escaped(p.ns) + "\",pod=\"" + escaped(p.pod) + "\",deployment=\"" + escaped(p.deployment)
                   + "\",track=\"" + escaped(p.track.isEmpty() ? QStringLiteral("stable") : p.track) + '"';
    if (!extra.isEmpty())
        l += ',' + extra;
    return '{' + l + '}';
}

// Counters are whole requests: what a real application would have counted by now.
QByteArray whole(double v)
{
    return QByteArray::number(qint64(std::floor(v + 1e-9)));
}

} // namespace

QByteArray exposition(const QList<PodTraffic> &pods)
{
    QByteArray out;
    out += "# HELP http_requests_total HTTP requests served, by status code (simulated).\n"
           "# TYPE http_requests_total counter\n";
    for (const PodTraffic &p : pods)
        for (auto it = p.requestsByCode.begin(); it != p.requestsByCode.end(); ++it)
            out += "http_requests_total" + labels(p, "method=\"GET\",code=\"" + it.key().toUtf8() + '"') + ' ' + whole(it.value()) + '\n';
    out += "# HELP http_request_duration_seconds HTTP request latency (simulated).\n"
           "# TYPE http_request_duration_seconds histogram\n";
    for (const PodTraffic &p : pods) {
        for (size_t b = 0; b < PodTraffic::kBuckets.size(); ++b)
            out += "http_request_duration_seconds_bucket" + labels(p, "le=\"" + QByteArray::number(PodTraffic::kBuckets[b]) + '"') + ' '
                   + whole(p.buckets[b]) + '\n';
        out += "http_request_duration_seconds_bucket" + labels(p, "le=\"+Inf\"") + ' ' + whole(p.count) + '\n';
        out += "http_request_duration_seconds_sum" + labels(p) + ' ' + QByteArray::number(p.sumSeconds, 'f', 6) + '\n';
        out += "http_request_duration_seconds_count" + labels(p) + ' ' + whole(p.count) + '\n';
    }
    out += "# HELP container_cpu_usage_seconds_total CPU time used by the pod's containers (simulated).\n"
           "# TYPE container_cpu_usage_seconds_total counter\n";
    for (const PodTraffic &p : pods)
        out += "container_cpu_usage_seconds_total" + labels(p) + ' ' + QByteArray::number(p.cpuSeconds, 'f', 6) + '\n';
    out += "# HELP container_memory_working_set_bytes Memory in use by the pod's containers (simulated).\n"
           "# TYPE container_memory_working_set_bytes gauge\n";
    for (const PodTraffic &p : pods)
        out += "container_memory_working_set_bytes" + labels(p) + ' ' + QByteArray::number(p.memoryBytes) + '\n';
    return out;
}

} // namespace enclii::kube::sim
