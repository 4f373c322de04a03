#include "EcosystemModel.h"

#include "JsonRead.h"

#include <QJsonArray>
#include <QSet>

#include <algorithm>

namespace enclii::ui {

using namespace Qt::StringLiterals;

namespace {

QVariantMap toVariant(const ResourceAmount &r)
{
    return {{u"cpuMillis"_s, r.cpuMillis}, {u"memoryBytes"_s, r.memoryBytes},
            {u"cpu"_s, r.cpu}, {u"memory"_s, r.memory}};
}

QString kindTitle(MapNode::Kind kind)
{
    switch (kind) {
    case MapNode::Kind::Repo: return EcosystemModel::tr("Repository");
    case MapNode::Kind::Service: return EcosystemModel::tr("Service");
    case MapNode::Kind::Infrastructure: return EcosystemModel::tr("Infrastructure");
    case MapNode::Kind::Library: return EcosystemModel::tr("Library");
    case MapNode::Kind::Unknown: break;
    }
    return EcosystemModel::tr("Other");
}

} // namespace

EcosystemModel::EcosystemModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void EcosystemModel::setEcosystem(const QJsonObject &ecosystem)
{
    beginResetModel();
    m_nodes.clear();
    m_rowById.clear();
    m_edges.clear();
    m_tiers.clear();
    m_warnings.clear();
    m_name = json::string(ecosystem, "name"_L1);
    m_principle = json::string(ecosystem, "principle"_L1);
    readNodes(ecosystem);
    readEdges(ecosystem);
    readTiers(ecosystem);
    endResetModel();
}

void EcosystemModel::clear()
{
    setEcosystem({});
    m_warnings.clear(); // emptied on purpose, nothing was malformed
}

void EcosystemModel::readNodes(const QJsonObject &ecosystem)
{
    if (!ecosystem.value("nodes"_L1).isArray()) {
        m_warnings << tr("\"nodes\" is missing or not a list");
        return;
    }
    const QJsonArray nodes = json::array(ecosystem, "nodes"_L1);
    for (qsizetype i = 0; i < nodes.size(); ++i) {
        std::optional<MapNode> node = MapNode::fromJson(nodes.at(i).toObject());
        if (!node) {
            m_warnings << tr("nodes[%1] has no id or name").arg(i);
            continue;
        }
        if (m_rowById.contains(node->id)) {
            m_warnings << tr("nodes[%1] repeats the id %2").arg(i).arg(node->id);
            continue;
        }
        m_rowById.insert(node->id, int(m_nodes.size()));
        m_nodes.append(std::move(*node));
    }
}

void EcosystemModel::readEdges(const QJsonObject &ecosystem)
{
    const QJsonArray edges = json::array(ecosystem, "edges"_L1);
    for (qsizetype i = 0; i < edges.size(); ++i) {
        const QJsonObject o = edges.at(i).toObject();
        MapEdge e{json::string(o, "from"_L1), json::string(o, "to"_L1), json::string(o, "kind"_L1),
                  json::string(o, "label"_L1)};
        if (!m_rowById.contains(e.from) || !m_rowById.contains(e.to)) {
            m_warnings << tr("edges[%1] joins unknown nodes (%2 -> %3)").arg(i).arg(e.from, e.to);
            continue;
        }
        m_edges.append(std::move(e));
    }
}

void EcosystemModel::readTiers(const QJsonObject &ecosystem)
{
    QSet<int> seen;
    for (const QJsonValue &v : json::array(ecosystem, "tiers"_L1)) {
        const QJsonObject o = v.toObject();
        TierInfo t{json::integer32(o, "id"_L1), json::string(o, "name"_L1), json::string(o, "description"_L1),
                   json::boolean(o, "deployed"_L1, true)};
        if (t.id <= 0 || seen.contains(t.id))
            continue;
        seen.insert(t.id);
        m_tiers.append(t);
    }
    // A node in a tier the list forgot still needs a band to sit in.
    for (const MapNode &n : std::as_const(m_nodes)) {
        if (n.kind == MapNode::Kind::Infrastructure || n.tier <= 0 || seen.contains(n.tier))
            continue;
        seen.insert(n.tier);
        m_tiers.append(TierInfo{n.tier, {}, {}, n.kind != MapNode::Kind::Library});
    }
    std::sort(m_tiers.begin(), m_tiers.end(), [](const TierInfo &a, const TierInfo &b) { return a.id < b.id; });
}

int EcosystemModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_nodes.size());
}

int EcosystemModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

const MapNode *EcosystemModel::node(const QString &id) const
{
    const auto it = m_rowById.constFind(id);
    return it == m_rowById.cend() ? nullptr : &m_nodes.at(*it);
}

const MapNode *EcosystemModel::nodeAt(int row) const
{
    return row >= 0 && row < m_nodes.size() ? &m_nodes.at(row) : nullptr;
}

QModelIndex EcosystemModel::indexOf(const QString &id) const
{
    const auto it = m_rowById.constFind(id);
    return it == m_rowById.cend() ? QModelIndex() : index(*it, 0);
}

QVariant EcosystemModel::data(const QModelIndex &index, int role) const
{
    const MapNode *n = index.isValid() ? nodeAt(index.row()) : nullptr;
    if (!n)
        return {};

    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn: return n->name;
        case KindColumn: return kindTitle(n->kind);
        case TierColumn: return n->tier > 0 ? QVariant(n->tier) : QVariant();
        case NamespaceColumn: return n->namespaceName;
        case DetailColumn:
            if (!n->domains.isEmpty())
                return n->domainHosts().join(u", ");
            return n->provider.isEmpty() ? n->purpose : n->provider;
        }
        return {};
    case Qt::ToolTipRole:
        return n->description.isEmpty() ? n->purpose : n->description;
    case IdRole: return n->id;
    case KindRole: return n->kindName;
    case TierRole: return n->tier;
    case NameRole: return n->name;
    case NamespaceRole: return n->namespaceName;
    case DomainsRole: return n->domainHosts();
    case ReplicasRole: return n->replicas;
    case AutoscalingRole:
        if (!n->autoscaling)
            return {};
        return QVariantMap{{u"minReplicas"_s, n->autoscaling->minReplicas},
                           {u"maxReplicas"_s, n->autoscaling->maxReplicas},
                           {u"targetCPUUtilizationPercent"_s, n->autoscaling->targetCpuPercent},
                           {u"targetMemoryUtilizationPercent"_s, n->autoscaling->targetMemoryPercent}};
    case ResourcesRole:
        if (!n->resources)
            return {};
        return QVariantMap{{u"requests"_s, toVariant(n->resources->requests)},
                           {u"limits"_s, toVariant(n->resources->limits)}};
    case WaveRole:
        if (!n->wave)
            return {};
        return QVariantMap{{u"order"_s, n->wave->order}, {u"name"_s, n->wave->name}, {u"step"_s, n->wave->step}};
    case DependenciesRole: {
        QVariantList deps;
        for (const NodeDependency &d : n->dependencies)
            deps << QVariantMap{{u"kind"_s, d.kind}, {u"service"_s, d.service}, {u"engine"_s, d.engine},
                                {u"name"_s, d.name}};
        return deps;
    }
    case DefaultedRole: return n->defaulted;
    case HasDefaultsRole: return !n->defaulted.isEmpty();
    case RepoRole: return n->repo;
    case NodeRole: return QVariant::fromValue(*n);
    }
    return {};
}

QVariant EcosystemModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn: return tr("Name");
    case KindColumn: return tr("Kind");
    case TierColumn: return tr("Tier");
    case NamespaceColumn: return tr("Namespace");
    case DetailColumn: return tr("Domain / provider");
    }
    return {};
}

QHash<int, QByteArray> EcosystemModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(QHash<int, QByteArray>{
        {IdRole, "id"}, {KindRole, "kind"}, {TierRole, "tier"}, {NameRole, "name"},
        {NamespaceRole, "namespace"}, {DomainsRole, "domains"}, {ReplicasRole, "replicas"},
        {AutoscalingRole, "autoscaling"}, {ResourcesRole, "resources"}, {WaveRole, "wave"},
        {DependenciesRole, "dependencies"}, {DefaultedRole, "defaulted"},
        {HasDefaultsRole, "hasDefaults"}, {RepoRole, "repo"}, {NodeRole, "node"}});
    return names;
}

} // namespace enclii::ui
