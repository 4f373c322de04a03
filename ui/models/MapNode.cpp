#include "MapNode.h"

#include "JsonRead.h"

#include <QJsonArray>
#include <QJsonObject>

namespace enclii::ui {

using namespace Qt::StringLiterals;

ResourceAmount ResourceAmount::fromJson(const QJsonObject &o)
{
    ResourceAmount r;
    r.cpuMillis = json::integer(o, "cpuMillis"_L1);
    r.memoryBytes = json::integer(o, "memoryBytes"_L1);
    r.cpu = json::string(o, "cpu"_L1);
    r.memory = json::string(o, "memory"_L1);
    return r;
}

MapNode::Kind MapNode::kindFromName(const QString &name)
{
    if (name == "repo"_L1)
        return Kind::Repo;
    if (name == "service"_L1)
        return Kind::Service;
    if (name == "infrastructure"_L1)
        return Kind::Infrastructure;
    if (name == "library"_L1)
        return Kind::Library;
    return Kind::Unknown;
}

std::optional<MapNode> MapNode::fromJson(const QJsonObject &o)
{
    MapNode n;
    n.id = json::string(o, "id"_L1);
    n.name = json::string(o, "name"_L1);
    if (n.id.isEmpty() || n.name.isEmpty())
        return std::nullopt; // nothing to draw it by, nothing to link it to
    n.kindName = json::string(o, "kind"_L1);
    n.kind = kindFromName(n.kindName);
    n.tier = json::integer32(o, "tier"_L1);
    n.purpose = json::string(o, "purpose"_L1);
    n.description = json::string(o, "description"_L1);
    n.namespaceName = json::string(o, "namespace"_L1);
    n.deployed = json::boolean(o, "deployed"_L1, n.kind != Kind::Library);

    n.components = json::strings(o, "components"_L1);
    n.dependsOn = json::strings(o, "dependsOn"_L1);
    n.usedBy = json::strings(o, "usedBy"_L1);
    n.auth = json::string(o, "auth"_L1);
    n.type = json::string(o, "type"_L1);
    n.hosting = json::string(o, "hosting"_L1);

    n.repo = json::string(o, "repo"_L1);
    n.component = json::string(o, "component"_L1);
    n.strategy = json::string(o, "strategy"_L1);
    for (const QJsonValue &v : json::array(o, "domains"_L1)) {
        const QJsonObject d = v.toObject();
        const QString host = json::string(d, "host"_L1);
        if (!host.isEmpty())
            n.domains.append({host, json::boolean(d, "tls"_L1, true)});
    }
    n.port = json::integer32(o, "port"_L1);
    n.replicas = json::integer32(o, "replicas"_L1);
    if (o.value("autoscaling"_L1).isObject()) {
        const QJsonObject a = json::object(o, "autoscaling"_L1);
        NodeAutoscaling as;
        as.minReplicas = json::integer32(a, "minReplicas"_L1, n.replicas);
        as.maxReplicas = json::integer32(a, "maxReplicas"_L1, as.minReplicas);
        as.targetCpuPercent = json::integer32(a, "targetCPUUtilizationPercent"_L1);
        as.targetMemoryPercent = json::integer32(a, "targetMemoryUtilizationPercent"_L1);
        n.autoscaling = as;
    }
    if (o.value("resources"_L1).isObject()) {
        const QJsonObject r = json::object(o, "resources"_L1);
        n.resources = NodeResources{ResourceAmount::fromJson(json::object(r, "requests"_L1)),
                                    ResourceAmount::fromJson(json::object(r, "limits"_L1))};
    }
    if (o.value("wave"_L1).isObject()) {
        const QJsonObject w = json::object(o, "wave"_L1);
        n.wave = NodeWave{json::integer32(w, "order"_L1), json::string(w, "name"_L1), json::string(w, "step"_L1)};
    }
    for (const QJsonValue &v : json::array(o, "dependencies"_L1)) {
        if (!v.isObject())
            continue;
        const QJsonObject d = v.toObject();
        n.dependencies.append({json::string(d, "kind"_L1), json::string(d, "service"_L1),
                               json::string(d, "engine"_L1), json::string(d, "name"_L1)});
    }
    n.defaulted = json::strings(o, "defaulted"_L1);
    n.revision = json::integer32(o, "revision"_L1);

    n.infraKind = json::string(o, "infraKind"_L1);
    n.provider = json::string(o, "provider"_L1);
    n.holds = json::strings(o, "holds"_L1);
    return n;
}

QStringList MapNode::domainHosts() const
{
    QStringList hosts;
    for (const NodeDomain &d : domains)
        hosts << d.host;
    return hosts;
}

bool MapNode::isDefaulted(const QString &path) const
{
    for (const QString &d : defaulted)
        if (path == d || path.startsWith(d + u'.'))
            return true;
    return false;
}

bool MapNode::hasDefaultedPart(const QString &path) const
{
    if (isDefaulted(path))
        return true;
    for (const QString &d : defaulted)
        if (d.startsWith(path + u'.'))
            return true;
    return false;
}

} // namespace enclii::ui
