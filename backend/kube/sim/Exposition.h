#pragma once

#include "Traffic.h"

#include <QByteArray>

namespace enclii::kube::sim {

// The Prometheus text exposition (format 0.0.4) of simulated pods, as their application
// would expose it: http_requests_total{code}, the http_request_duration_seconds histogram,
// and the container CPU and memory series. Each series carries namespace, pod, deployment
// and track labels, so one scrape of all pods reads like a relabelled per-pod scrape.
QByteArray exposition(const QList<PodTraffic> &pods);

} // namespace enclii::kube::sim
