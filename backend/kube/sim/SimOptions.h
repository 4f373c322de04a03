#pragma once

#include <QString>

namespace enclii::kube::sim {

// The simulated nodes: by default the seed's cluster, three Hetzner CPX31 (4 vCPU, 8 GiB)
// running K3s, each keeping a system reserve back from what pods may request.
struct NodeShape
{
    int count = 3;
    qint64 cpuMillicores = 4000;
    qint64 memoryBytes = 8LL << 30;
    qint64 reservedCpuMillicores = 200;
    qint64 reservedMemoryBytes = 512LL << 20;
    int maxPods = 110;
    QString instanceType = QStringLiteral("cpx31");
    QString namePrefix = QStringLiteral("sim-node-");
};

struct SimOptions
{
    NodeShape nodes;
    double timeFactor = 1.0;   // simulated seconds per real second; 0: only advance() moves time
    int tickMs = 100;          // how often (real time) the simulation catches up with its clock
    int stepMs = 1000;         // the simulated time one controller pass covers, at most
    int podStartSeconds = 1;   // from scheduling to a running container
    double syntheticRequestsPerSecond = 0; // the synthetic load per Service (Traffic); 0: none
    int hpaSyncSeconds = 15;   // the HPA controller's period (--horizontal-pod-autoscaler-sync-period)
    int eventTtlSeconds = 3600;
    int maxEvents = 5000;
    int watchHistory = 10000;
    qint64 maxBodyBytes = 3 * 1024 * 1024;
    int bookmarkIntervalMs = 60000;
    QString gitVersion = QStringLiteral("v1.29.0-enclii-sim");
};

} // namespace enclii::kube::sim
