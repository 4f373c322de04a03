#pragma once

#include <QDateTime>

namespace enclii::kube::sim {

class Admission;
class EventRecorder;
class Faults;
class ObjectStore;
class SimClock;
class Traffic;
struct SimOptions;

// What the in-cluster controllers work with. They run on the simulation's thread, one after
// another, and write to the store directly (as the real ones do through the API).
struct SimContext
{
    ObjectStore &store;
    const SimClock &clock;
    const Admission &admission;
    EventRecorder &events;
    const Faults &faults;
    const Traffic &traffic;
    const SimOptions &options;

    QDateTime now() const;
    QString nowText() const;
};

class Controller
{
public:
    virtual ~Controller() = default;
    // One pass over the objects this controller owns; it writes only what changes.
    virtual void sync(SimContext &ctx) = 0;
};

} // namespace enclii::kube::sim
