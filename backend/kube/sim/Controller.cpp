#include "Controller.h"

#include "Json.h"
#include "SimClock.h"

namespace enclii::kube::sim {

QDateTime SimContext::now() const
{
    return clock.now();
}

QString SimContext::nowText() const
{
    return json::timestamp(clock.now());
}

} // namespace enclii::kube::sim
