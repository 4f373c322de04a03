#include "BudgetModel.h"

#include "JsonRead.h"
#include "Units.h"

#include <QBrush>
#include <QColor>
#include <QJsonArray>

namespace enclii::ui {

using namespace Qt::StringLiterals;

namespace {

Amount readAmount(const QJsonObject &o)
{
    return {json::integer(o, "cpuMillis"_L1), json::integer(o, "memoryBytes"_L1)};
}

AppScenario readAppScenario(const QJsonObject &o)
{
    return {readAmount(json::object(o, "requests"_L1)), readAmount(json::object(o, "limits"_L1))};
}

ScenarioSummary readScenario(const QJsonObject &o)
{
    ScenarioSummary s;
    s.present = true;
    s.name = json::string(o, "name"_L1);
    s.requests = readAmount(json::object(o, "requests"_L1));
    s.limits = readAmount(json::object(o, "limits"_L1));
    s.cpuPercent = json::number(o, "cpuPercent"_L1);
    s.memoryPercent = json::number(o, "memoryPercent"_L1);
    s.overflowingApps = json::strings(o, "overflowingApps"_L1);
    // An absent verdict is read from the list rather than assumed good.
    s.fits = json::boolean(o, "fits"_L1, s.overflowingApps.isEmpty() && o.contains("fits"_L1));
    return s;
}

} // namespace

BudgetModel::BudgetModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void BudgetModel::clear()
{
    setEcosystem({});
}

void BudgetModel::setEcosystem(const QJsonObject &ecosystem)
{
    beginResetModel();
    m_apps.clear();
    m_min = {};
    m_max = {};
    m_unschedulable.clear();

    const QJsonObject capacity = json::object(ecosystem, "capacity"_L1);
    m_hasCapacity = !capacity.isEmpty();
    m_allocatable = readAmount(json::object(capacity, "allocatable"_L1));
    m_unschedulable = json::strings(capacity, "unschedulable"_L1);

    for (const QJsonValue &v : json::array(capacity, "scenarios"_L1)) {
        const ScenarioSummary s = readScenario(v.toObject());
        if (s.name == "min"_L1)
            m_min = s;
        else if (s.name == "max"_L1)
            m_max = s;
    }

    for (const QJsonValue &v : json::array(capacity, "apps"_L1)) {
        const QJsonObject o = v.toObject();
        AppBudget app;
        app.app = json::string(o, "app"_L1);
        if (app.app.isEmpty())
            continue;
        app.tier = json::integer32(o, "tier"_L1);
        app.waveOrder = json::integer32(o, "waveOrder"_L1);
        app.services = json::strings(o, "services"_L1);
        app.min = readAppScenario(json::object(o, "min"_L1));
        app.max = readAppScenario(json::object(o, "max"_L1));
        app.overflowsAtMin = m_min.overflowingApps.contains(app.app);
        app.overflowsAtMax = m_max.overflowingApps.contains(app.app);
        m_apps.append(app);
    }

    const QJsonObject cluster = json::object(ecosystem, "cluster"_L1);
    m_cluster = {json::string(cluster, "provider"_L1), json::string(cluster, "nodeType"_L1),
                 json::integer32(cluster, "nodes"_L1), json::integer32(cluster, "overheadPercent"_L1)};
    endResetModel();
}

int BudgetModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_apps.size());
}

int BudgetModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant BudgetModel::displayValue(const AppBudget &app, int column) const
{
    switch (column) {
    case AppColumn: return app.app;
    case TierColumn: return app.tier;
    case RequestsCpuMinColumn: return units::cpu(app.min.requests.cpuMillis);
    case RequestsMemoryMinColumn: return units::memory(app.min.requests.memoryBytes);
    case LimitsCpuMinColumn: return units::cpu(app.min.limits.cpuMillis);
    case LimitsMemoryMinColumn: return units::memory(app.min.limits.memoryBytes);
    case RequestsCpuMaxColumn: return units::cpu(app.max.requests.cpuMillis);
    case RequestsMemoryMaxColumn: return units::memory(app.max.requests.memoryBytes);
    case LimitsCpuMaxColumn: return units::cpu(app.max.limits.cpuMillis);
    case LimitsMemoryMaxColumn: return units::memory(app.max.limits.memoryBytes);
    case OverflowsMinColumn: return app.overflowsAtMin ? tr("Overflows") : tr("Fits");
    case OverflowsMaxColumn: return app.overflowsAtMax ? tr("Overflows") : tr("Fits");
    case ServicesColumn: return app.services.join(u", ");
    }
    return {};
}

QVariant BudgetModel::rawValue(const AppBudget &app, int column) const
{
    switch (column) {
    case AppColumn: return app.app;
    case TierColumn: return app.tier;
    case RequestsCpuMinColumn: return app.min.requests.cpuMillis;
    case RequestsMemoryMinColumn: return app.min.requests.memoryBytes;
    case LimitsCpuMinColumn: return app.min.limits.cpuMillis;
    case LimitsMemoryMinColumn: return app.min.limits.memoryBytes;
    case RequestsCpuMaxColumn: return app.max.requests.cpuMillis;
    case RequestsMemoryMaxColumn: return app.max.requests.memoryBytes;
    case LimitsCpuMaxColumn: return app.max.limits.cpuMillis;
    case LimitsMemoryMaxColumn: return app.max.limits.memoryBytes;
    case OverflowsMinColumn: return app.overflowsAtMin;
    case OverflowsMaxColumn: return app.overflowsAtMax;
    case ServicesColumn: return app.services.join(u", ");
    }
    return {};
}

QVariant BudgetModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_apps.size())
        return {};
    const AppBudget &app = m_apps.at(index.row());
    const int column = index.column();
    const bool overflowColumn = column == OverflowsMinColumn || column == OverflowsMaxColumn;
    const bool overflows = column == OverflowsMinColumn ? app.overflowsAtMin : app.overflowsAtMax;

    switch (role) {
    case Qt::DisplayRole: return displayValue(app, column);
    case RawValueRole: return rawValue(app, column);
    case OverflowsAtMinRole: return app.overflowsAtMin;
    case OverflowsAtMaxRole: return app.overflowsAtMax;
    case ServicesRole: return app.services;
    case Qt::TextAlignmentRole:
        if (column == AppColumn || column == ServicesColumn)
            return QVariant(Qt::AlignLeft | Qt::AlignVCenter);
        if (overflowColumn || column == TierColumn)
            return QVariant(Qt::AlignCenter);
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::BackgroundRole:
        if (overflowColumn)
            return QBrush(overflows ? QColor(0xf8, 0xd7, 0xd4) : QColor(0xdf, 0xf0, 0xd8));
        return {};
    case Qt::ForegroundRole:
        if (overflowColumn)
            return QBrush(overflows ? QColor(0x9b, 0x1c, 0x12) : QColor(0x2d, 0x6a, 0x1f));
        return {};
    case Qt::ToolTipRole:
        if (column == AppColumn || column == ServicesColumn)
            return tr("Services: %1").arg(app.services.join(u", "));
        if (overflowColumn && overflows)
            return tr("Added in deploy order, this app's requests no longer fit the allocatable capacity: its pods would stay Pending.");
        return {};
    }
    return {};
}

QVariant BudgetModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::ToolTipRole) {
        if (section >= RequestsCpuMinColumn && section <= LimitsMemoryMinColumn)
            return tr("Every service of the app at its minimum replicas");
        if (section >= RequestsCpuMaxColumn && section <= LimitsMemoryMaxColumn)
            return tr("Every service of the app at its maximum replicas");
        return {};
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case AppColumn: return tr("App");
    case TierColumn: return tr("Tier");
    case RequestsCpuMinColumn: return tr("CPU request\nat min");
    case RequestsMemoryMinColumn: return tr("Memory request\nat min");
    case LimitsCpuMinColumn: return tr("CPU limit\nat min");
    case LimitsMemoryMinColumn: return tr("Memory limit\nat min");
    case RequestsCpuMaxColumn: return tr("CPU request\nat max");
    case RequestsMemoryMaxColumn: return tr("Memory request\nat max");
    case LimitsCpuMaxColumn: return tr("CPU limit\nat max");
    case LimitsMemoryMaxColumn: return tr("Memory limit\nat max");
    case OverflowsMinColumn: return tr("At min");
    case OverflowsMaxColumn: return tr("At max");
    case ServicesColumn: return tr("Services");
    }
    return {};
}

} // namespace enclii::ui
