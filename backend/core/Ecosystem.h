#pragma once

#include "Quantity.h"
#include "ServiceSpec.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace enclii::core {

// The enclii.dev/v1 Ecosystem document: the dogfooding map as data.

struct Tier
{
    int id = 0;
    QString name;
    QString description;
    bool deployed = true; // Tier 5 libraries are not deployed
};

struct Repo
{
    QString name;
    int tier = 0;
    QString purpose;
    QString namespaceName;   // empty for libraries
    QStringList components;  // service names (deployables)
    QString auth;            // "janua" or empty
    QStringList dependsOn;   // infrastructure and other repos: postgresql, redis, janua, ...
    bool deployed = true;
    QStringList usedBy;      // for libraries
    QString type;            // for Tier 4 sites: "Static Next.js", "Static"
    QString hosting;         // for Tier 4 sites: "Enclii (or Cloudflare Pages)"
};

struct Infrastructure
{
    QString name;        // postgresql, redis, object-store, registry, ...
    QString kind;        // database | cache | objectStore | registry | ingress | cluster | monitoring | search
    QString provider;
    QString description;
    QStringList holds;   // e.g. per-app databases, sessions, SBOMs
};

struct NamespaceInfo
{
    QString name;
    QString purpose;
};

struct TrafficRule
{
    QString from;
    QString to;
    QList<int> ports;
    QString except;
    QString description;
};

struct ClusterSpec
{
    QString provider;
    QString nodeType;
    int nodes = 0;
    Quantity cpuPerNode;      // millicores
    Quantity memoryPerNode;   // milli-bytes
    Quantity storagePerNode;
    int overheadPercent = 0;
    QStringList overhead;

    Quantity totalCpu() const { return cpuPerNode * nodes; }
    Quantity totalMemory() const { return memoryPerNode * nodes; }
    Quantity totalStorage() const { return storagePerNode * nodes; }
    Quantity allocatableCpu() const { return totalCpu().percentOf(100 - overheadPercent); }
    Quantity allocatableMemory() const { return totalMemory().percentOf(100 - overheadPercent); }
    Quantity allocatableCpuPerNode() const { return cpuPerNode.percentOf(100 - overheadPercent); }
    Quantity allocatableMemoryPerNode() const { return memoryPerNode.percentOf(100 - overheadPercent); }
};

struct Budget
{
    QString app;      // the name the seed uses ("janua", "electrochem-worker")
    QString service;  // the Service it applies to
    Resources resources;
};

struct FlowEdge
{
    QString from;
    QString to;
    QString label;
};

struct WaveStep
{
    QString name;
    QStringList repos;
    QStringList services;
    QStringList infrastructure;
    QStringList planned; // named by the seed but not yet specified (enclii docs site, ...)
    QString note;
};

struct Wave
{
    int order = 0;
    QString name;
    QString title;
    QString weeks;
    QList<WaveStep> steps;
};

struct Criterion
{
    QString id;
    QString text;
    QString measure; // how Enclii will measure it
};

struct CriteriaGroup
{
    QString name;
    QList<Criterion> items;
};

struct EcosystemSpec
{
    QString name;
    QString description;
    QString principle;
    QList<Tier> tiers;
    QList<Repo> repos;
    QList<Infrastructure> infrastructure;
    QList<NamespaceInfo> namespaces;
    QList<TrafficRule> allowed;
    QList<TrafficRule> denied;
    ClusterSpec cluster;
    QList<Budget> budgets;
    QList<FlowEdge> platformFlow;
    QList<Wave> waves;
    QList<CriteriaGroup> criteria;

    const Repo *repo(const QString &name) const
    {
        for (const auto &r : repos)
            if (r.name == name)
                return &r;
        return nullptr;
    }
};

// Everything loaded from a specs folder.
struct SpecSet
{
    EcosystemSpec ecosystem;
    QList<ServiceSpec> services;

    const ServiceSpec *service(const QString &name) const
    {
        for (const auto &s : services)
            if (s.name == name)
                return &s;
        return nullptr;
    }
};

} // namespace enclii::core
