#pragma once

#include "Controller.h"

namespace enclii::kube::sim {

// Deletes what its owners left behind: dependents whose owners are all gone (background
// deletion), dependents of an owner deleted in the foreground (then the owner, once they are
// gone), and the content of terminating Namespaces (then the Namespace).
class GarbageCollector : public Controller
{
public:
    void sync(SimContext &ctx) override;

private:
    void foreground(SimContext &ctx);
    void orphans(SimContext &ctx);
    void namespaces(SimContext &ctx);
};

} // namespace enclii::kube::sim
