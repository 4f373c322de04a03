#pragma once

#include "Quantity.h"

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace enclii::core {

// The enclii.dev/v1 Service document: one deployable component of a repository.
// specs/README.md documents every field; spec/ServiceLoader.cpp is the parser.

struct BuildSource
{
    QString repo;        // clone URL
    QString branch = QStringLiteral("main");
    QString path = QStringLiteral(".");       // folder inside the repository
    QString builder = QStringLiteral("native"); // native | dockerfile
    QString dockerfile;  // with builder: dockerfile
    QString baseImage;   // with builder: native
};

struct HttpProbe
{
    QString path;
    int port = 0;
    int initialDelaySeconds = 0;
    int periodSeconds = 10;
    int timeoutSeconds = 1;
    int failureThreshold = 3;
};

struct Probes
{
    std::optional<HttpProbe> liveness;
    std::optional<HttpProbe> readiness;
    std::optional<HttpProbe> startup;
};

struct ResourceList
{
    Quantity cpu;
    Quantity memory;
};

struct Resources
{
    ResourceList requests;
    ResourceList limits;
};

struct Autoscaling
{
    int minReplicas = 1;
    int maxReplicas = 1;
    int targetCPUUtilizationPercent = 0;    // 0: not a target
    int targetMemoryUtilizationPercent = 0; // 0: not a target
};

struct EnvVar
{
    QString name;
    QString value;        // literal value, or
    QString secretName;   // secretRef.name
    QString secretKey;    // secretRef.key
    bool isSecret() const { return !secretName.isEmpty(); }
};

struct Domain
{
    QString host;
    bool tls = true;
};

struct CanaryStep
{
    int weight = 0;          // percent of traffic
    int pauseSeconds = 0;    // analysis window before the next step
    bool pauseIndefinite = false; // wait for a person
};

struct CanaryQuery
{
    QString name;
    QString query;            // PromQL
    QString successCondition; // e.g. "result >= 0.99"
};

struct CanaryAnalysis
{
    int intervalSeconds = 60;
    double minSuccessRatePercent = 99.0; // request success rate per track
    int latencyPercentile = 99;
    int maxLatencyMs = 500;
    int failureLimit = 1;
    int inconclusiveLimit = 2;
    int errorLimit = 3;       // measurements that could not be taken
    QList<CanaryQuery> queries;
};

struct DeployStrategy
{
    QString strategy = QStringLiteral("rolling"); // rolling | canary | recreate
    bool autoDeploy = true;
    QString maxSurge = QStringLiteral("25%");
    QString maxUnavailable = QStringLiteral("0");
    QList<CanaryStep> canarySteps;
    CanaryAnalysis analysis;
    QString rollback = QStringLiteral("automatic"); // automatic | manual
};

struct NetworkPolicy
{
    QString ingress = QStringLiteral("none"); // public | internal | none
    QStringList allowFrom; // services allowed to call this one (besides the ingress controller)
};

struct Dependency
{
    QString kind;    // auth | database | cache | objectStore | search | service
    QString service; // for auth and service
    QString engine;  // for database/cache/objectStore/search: postgresql, redis, minio, opensearch
    QString name;    // database name, cache prefix, bucket, index
};

struct Slo
{
    double availabilityPercent = 99.9;
    int latencyP99Ms = 0;
};

struct ServiceSpec
{
    // metadata
    QString name;
    QString project;   // the repository / app it belongs to
    QString component; // api | web | worker | site | admin-ui | ...
    QString namespaceName;
    QString description;
    QMap<QString, QString> labels;
    QStringList defaulted; // field paths whose values the seed does not give

    // spec
    BuildSource build;
    int port = 0; // runtime.port; 0 for a component that serves nothing (a worker)
    QStringList command;
    QStringList args;
    Probes probes;
    Resources resources;
    int replicas = 1;
    std::optional<Autoscaling> autoscaling;
    QList<EnvVar> env;
    QList<Domain> domains;
    DeployStrategy deploy;
    NetworkPolicy network;
    QList<Dependency> dependencies;
    Slo slo;

    int minReplicas() const { return autoscaling ? autoscaling->minReplicas : replicas; }
    int maxReplicas() const { return autoscaling ? autoscaling->maxReplicas : replicas; }
    bool isDefaulted(const QString &path) const { return defaulted.contains(path); }
};

} // namespace enclii::core
