#pragma once

#include "ClusterView.h"

#include "kube/client/KubeClient.h"
#include "kube/client/KubeConfig.h"

#include <QThread>
#include <QUrl>

#include <memory>

namespace enclii::reconcile {

class SamplerLoop;

// Every intervalMs, on a thread of its own: the cluster's pods and nodes (requests summed per
// node), each pod's CPU and memory from the metrics API (metrics.k8s.io), and per service the
// request rate, error ratio (5xx) and p95 latency from the pods' http_requests_total and
// http_request_duration_seconds, read from a Prometheus text exposition (the simulated
// cluster's /sim/v1/metrics: rates from the difference between two samples) or asked of a
// Prometheus server (rate() over a minute). Everything goes into the ClusterView.
class ClusterSampler
{
public:
    struct Options
    {
        int intervalMs = 15000;
        QUrl exposition;  // a Prometheus text page covering every pod (the simulated cluster's)
        QUrl prometheus;  // or a Prometheus server's base URL (its HTTP query API)
        kube::KubeClient::Options client;
    };

    ClusterSampler(kube::KubeConfig cluster, Options options, ClusterView &view);
    ~ClusterSampler();

    void start();
    void stop();

private:
    kube::KubeConfig m_cluster;
    Options m_options;
    ClusterView &m_view;
    QThread m_thread;
    SamplerLoop *m_loop = nullptr; // lives in m_thread
};

} // namespace enclii::reconcile
