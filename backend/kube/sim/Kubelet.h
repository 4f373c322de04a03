#pragma once

#include "Controller.h"

#include <QHash>
#include <QJsonObject>

namespace enclii::kube::sim {

// The simulated kubelets: no container runs, but a bound pod goes Pending -> Running after a
// start delay, gets an IP, and turns Ready once its readiness probe's initialDelaySeconds
// have passed (simulated time). Faults change the story: a crash-looping pod restarts with
// the real back-off (10 s doubling to 5 min) and never becomes ready; a never-ready pod runs
// without passing its probe.
class Kubelet : public Controller
{
public:
    void sync(SimContext &ctx) override;

private:
    QJsonObject running(SimContext &ctx, QJsonObject pod);
    QString allocateIp(const QString &node);

    QHash<QString, quint32> m_nextIp; // per node
};

} // namespace enclii::kube::sim
