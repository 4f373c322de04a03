#pragma once

#include "Ecosystem.h"
#include "Quantity.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace enclii::core {

// Requests and limits summed over a set of pods.
struct ResourceTotals
{
    Quantity cpuRequests;
    Quantity memoryRequests;
    Quantity cpuLimits;
    Quantity memoryLimits;

    ResourceTotals &operator+=(const ResourceTotals &o);
};

struct AppCapacity
{
    QString app; // repository name
    int tier = 0;
    int waveOrder = 0;
    QStringList services;
    ResourceTotals atMin; // every service at its minimum replicas
    ResourceTotals atMax; // every service at its maximum replicas
};

struct CapacityScenario
{
    QString name; // "min" or "max"
    ResourceTotals totals;
    bool fits = true;
    QStringList overflowingApps; // apps that no longer fit, adding apps in deploy order
    double cpuPercent = 0;       // requests over allocatable, for display only
    double memoryPercent = 0;
};

// How the ecosystem's requests compare with the cluster's allocatable capacity
// (total x (100 - overhead) %), with every service at its minimum and at its maximum replicas.
struct CapacityPlan
{
    Quantity allocatableCpu;
    Quantity allocatableMemory;
    QList<AppCapacity> apps; // in deploy order: wave, then tier, then name
    CapacityScenario atMin;
    CapacityScenario atMax;
    QStringList unschedulable; // services whose one pod asks more than a node can give
};

// The wave a repository or service is deployed in (its `order`), or 0 when no wave names it.
int waveOrderOf(const EcosystemSpec &eco, const QString &repo, const QString &service = {});

CapacityPlan planCapacity(const SpecSet &specs);

} // namespace enclii::core
