#pragma once

#include "MapNode.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QJsonObject>

namespace enclii::ui {

// The nodes of the dogfooding map (repos, services, infrastructure, libraries), one row
// each, plus the edges and tiers that connect and group them. Fed the JSON of
// GET /v1/ecosystem; what it cannot read it skips and reports in warnings().
class EcosystemModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { NameColumn, KindColumn, TierColumn, NamespaceColumn, DetailColumn, ColumnCount };

    enum Role {
        IdRole = Qt::UserRole + 1,
        KindRole,         // QString: repo | service | infrastructure | library
        TierRole,         // int, 0 for infrastructure
        NameRole,         // QString
        NamespaceRole,    // QString
        DomainsRole,      // QStringList of hosts
        ReplicasRole,     // int
        AutoscalingRole,  // QVariantMap {minReplicas, maxReplicas, targetCPUUtilizationPercent, ...}; invalid if none
        ResourcesRole,    // QVariantMap {requests: {cpuMillis, memoryBytes, cpu, memory}, limits: {...}}; invalid if none
        WaveRole,         // QVariantMap {order, name, step}; invalid if none
        DependenciesRole, // QVariantList of QVariantMap {kind, service, engine, name}
        DefaultedRole,    // QStringList of defaulted field paths
        HasDefaultsRole,  // bool: some value was filled in by a default
        RepoRole,         // QString: the repo a service belongs to
        NodeRole,         // MapNode, everything at once
    };
    Q_ENUM(Role)

    explicit EcosystemModel(QObject *parent = nullptr);

    // Replaces everything. A document that is not in the contract's shape yields an empty
    // or partial model, never a crash.
    void setEcosystem(const QJsonObject &ecosystem);
    void clear();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    bool isEmpty() const { return m_nodes.isEmpty(); }
    QString ecosystemName() const { return m_name; }
    QString principle() const { return m_principle; }
    const QList<MapNode> &nodes() const { return m_nodes; }
    const MapNode *node(const QString &id) const;
    const MapNode *nodeAt(int row) const;
    QModelIndex indexOf(const QString &id) const;
    // Edges whose both ends are known nodes.
    const QList<MapEdge> &edges() const { return m_edges; }
    // Tiers as sent, plus any tier a node names that the list lacks; ordered by id.
    const QList<TierInfo> &tiers() const { return m_tiers; }
    // What was skipped while reading, one line each; empty for a clean document.
    const QStringList &warnings() const { return m_warnings; }

private:
    void readNodes(const QJsonObject &ecosystem);
    void readEdges(const QJsonObject &ecosystem);
    void readTiers(const QJsonObject &ecosystem);

    QString m_name;
    QString m_principle;
    QList<MapNode> m_nodes;
    QHash<QString, int> m_rowById;
    QList<MapEdge> m_edges;
    QList<TierInfo> m_tiers;
    QStringList m_warnings;
};

} // namespace enclii::ui
