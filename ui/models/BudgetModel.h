#pragma once

#include <QAbstractTableModel>
#include <QJsonObject>
#include <QStringList>

namespace enclii::ui {

struct Amount
{
    qint64 cpuMillis = 0;
    qint64 memoryBytes = 0;
};

// One app's footprint in one scenario: every service at its minimum (or maximum) replicas.
struct AppScenario
{
    Amount requests;
    Amount limits;
};

struct AppBudget
{
    QString app;
    int tier = 0;
    int waveOrder = 0;
    QStringList services;
    AppScenario min;
    AppScenario max;
    bool overflowsAtMin = false;
    bool overflowsAtMax = false;
};

// A scenario's verdict as encliid computed it: totals, share of allocatable, who stays Pending.
struct ScenarioSummary
{
    bool present = false; // false when the document did not contain this scenario
    QString name;
    Amount requests;
    Amount limits;
    double cpuPercent = 0.0;
    double memoryPercent = 0.0;
    bool fits = false;
    QStringList overflowingApps;
};

struct ClusterSummary
{
    QString provider;
    QString nodeType;
    int nodes = 0;
    int overheadPercent = 0;
};

// capacity.apps of GET /v1/ecosystem, one row per app in deploy order, with the
// scenario summaries and the allocatable capacity they are measured against.
class BudgetModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        AppColumn,
        TierColumn,
        RequestsCpuMinColumn,
        RequestsMemoryMinColumn,
        LimitsCpuMinColumn,
        LimitsMemoryMinColumn,
        RequestsCpuMaxColumn,
        RequestsMemoryMaxColumn,
        LimitsCpuMaxColumn,
        LimitsMemoryMaxColumn,
        OverflowsMinColumn,
        OverflowsMaxColumn,
        ServicesColumn,
        ColumnCount
    };

    enum Role {
        RawValueRole = Qt::UserRole + 1, // numbers for sorting: millicores, bytes, tier, 0/1
        OverflowsAtMinRole,              // bool, on every column
        OverflowsAtMaxRole,              // bool, on every column
        ServicesRole,                    // QStringList
    };
    Q_ENUM(Role)

    explicit BudgetModel(QObject *parent = nullptr);

    // Reads the "capacity" (and "cluster") sections of an ecosystem document.
    void setEcosystem(const QJsonObject &ecosystem);
    void clear();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    bool hasCapacity() const { return m_hasCapacity; }
    const QList<AppBudget> &apps() const { return m_apps; }
    Amount allocatable() const { return m_allocatable; }
    const ScenarioSummary &atMin() const { return m_min; }
    const ScenarioSummary &atMax() const { return m_max; }
    const QStringList &unschedulable() const { return m_unschedulable; }
    const ClusterSummary &cluster() const { return m_cluster; }

private:
    QVariant displayValue(const AppBudget &app, int column) const;
    QVariant rawValue(const AppBudget &app, int column) const;

    bool m_hasCapacity = false;
    QList<AppBudget> m_apps;
    Amount m_allocatable;
    ScenarioSummary m_min;
    ScenarioSummary m_max;
    QStringList m_unschedulable;
    ClusterSummary m_cluster;
};

} // namespace enclii::ui
