#pragma once

#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

class QJsonObject;

namespace enclii::ui {

// The map's vocabulary, as GET /v1/ecosystem sends it (tests/data/ECOSYSTEM_CONTRACT.md).
// Plain values: the model owns them, views copy what they draw.

struct ResourceAmount
{
    qint64 cpuMillis = 0;
    qint64 memoryBytes = 0;
    QString cpu;    // canonical text as sent ("250m"); may be empty
    QString memory; // "512Mi"

    static ResourceAmount fromJson(const QJsonObject &o);
};

struct NodeResources
{
    ResourceAmount requests;
    ResourceAmount limits;
};

struct NodeAutoscaling
{
    int minReplicas = 0;
    int maxReplicas = 0;
    int targetCpuPercent = 0;    // 0: not a target
    int targetMemoryPercent = 0; // 0: not a target
};

struct NodeDomain
{
    QString host;
    bool tls = true;
};

struct NodeDependency
{
    QString kind;    // auth | database | cache | objectStore | search | service
    QString service; // for auth and service
    QString engine;  // for data dependencies
    QString name;    // database, cache prefix, bucket, index
};

struct NodeWave
{
    int order = 0;
    QString name;
    QString step;
};

struct MapNode
{
    enum class Kind { Repo, Service, Infrastructure, Library, Unknown };

    QString id; // "service:switchyard-api"
    Kind kind = Kind::Unknown;
    QString kindName; // as sent: "service"
    QString name;
    int tier = 0;     // 0 for infrastructure
    QString purpose;
    QString description;
    QString namespaceName;
    bool deployed = true;

    // repos and libraries
    QStringList components;
    QStringList dependsOn;
    QStringList usedBy;
    QString auth;
    QString type;
    QString hosting;

    // services
    QString repo;
    QString component;
    QString strategy;
    QList<NodeDomain> domains;
    int port = 0;
    int replicas = 0;
    std::optional<NodeAutoscaling> autoscaling;
    std::optional<NodeResources> resources;
    std::optional<NodeWave> wave;
    QList<NodeDependency> dependencies;
    QStringList defaulted; // field paths the seed does not give ("spec.resources")
    int revision = 0;

    // infrastructure
    QString infraKind; // database | cache | objectStore | registry | cluster | ...
    QString provider;
    QStringList holds;

    static std::optional<MapNode> fromJson(const QJsonObject &o);
    static Kind kindFromName(const QString &name);

    QStringList domainHosts() const;
    int minReplicas() const { return autoscaling ? autoscaling->minReplicas : replicas; }
    int maxReplicas() const { return autoscaling ? autoscaling->maxReplicas : replicas; }
    // True when `path` itself or one of its parents was defaulted ("spec.autoscaling"
    // covers "spec.autoscaling.minReplicas").
    bool isDefaulted(const QString &path) const;
    // True when some field below `path` was defaulted, though maybe not all of it.
    bool hasDefaultedPart(const QString &path) const;
};

struct MapEdge
{
    QString from;
    QString to;
    QString kind; // auth | platform | data | service | component | library
    QString label;
};

struct TierInfo
{
    int id = 0;
    QString name;
    QString description;
    bool deployed = true;
};

} // namespace enclii::ui

Q_DECLARE_METATYPE(enclii::ui::MapNode)
