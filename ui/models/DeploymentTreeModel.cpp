#include "DeploymentTreeModel.h"

#include "DeploymentFormat.h"

#include <QFont>
#include <QSet>

namespace enclii::ui {

using namespace Qt::StringLiterals;

namespace {
// internalId: 0 for an app row, 1 + the app's row for a component row.
constexpr quintptr AppId = 0;
} // namespace

DeploymentTreeModel::DeploymentTreeModel(QObject *parent)
    : QAbstractItemModel(parent)
{
}

QModelIndex DeploymentTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount)
        return {};
    if (!parent.isValid())
        return row < m_apps.size() ? createIndex(row, column, AppId) : QModelIndex();
    if (parent.internalId() != AppId || parent.row() >= m_apps.size())
        return {};
    return row < m_apps.at(parent.row()).components.size() ? createIndex(row, column, quintptr(parent.row()) + 1)
                                                            : QModelIndex();
}

QModelIndex DeploymentTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == AppId)
        return {};
    return createIndex(int(child.internalId() - 1), 0, AppId);
}

int DeploymentTreeModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_apps.size());
    if (parent.internalId() != AppId || parent.column() != 0 || parent.row() >= m_apps.size())
        return 0;
    return int(m_apps.at(parent.row()).components.size());
}

int DeploymentTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant DeploymentTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn: return tr("App / component");
    case ReplicasColumn: return tr("Ready");
    case StateColumn: return tr("State");
    case ReleaseColumn: return tr("Release");
    default: return {};
    }
}

QVariant DeploymentTreeModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    if (index.internalId() == AppId)
        return index.row() < m_apps.size() ? appData(m_apps.at(index.row()), index.column(), role) : QVariant();
    const qsizetype app = qsizetype(index.internalId() - 1);
    if (app >= m_apps.size() || index.row() >= m_apps.at(app).components.size())
        return {};
    return componentData(m_apps.at(app).components.at(index.row()), index.column(), role);
}

DeploymentState DeploymentTreeModel::appState(const App &app) const
{
    DeploymentState worst = DeploymentState::Ready;
    for (const Deployment &d : app.components)
        if (DeploymentFormat::severity(d.state) > DeploymentFormat::severity(worst))
            worst = d.state;
    return app.components.isEmpty() ? DeploymentState::Unknown : worst;
}

QVariant DeploymentTreeModel::appData(const App &app, int column, int role) const
{
    const DeploymentState state = appState(app);
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case NameColumn: return app.project;
        case ReplicasColumn: {
            int ready = 0, desired = 0;
            for (const Deployment &d : app.components) {
                ready += d.readyReplicas;
                desired += d.desiredReplicas;
            }
            return DeploymentFormat::replicas(ready, desired);
        }
        case StateColumn: return DeploymentFormat::stateName(state);
        case ReleaseColumn: return tr("%n component(s)", nullptr, int(app.components.size()));
        }
        return {};
    case Qt::FontRole: {
        QFont bold;
        bold.setBold(true);
        return column == NameColumn ? QVariant(bold) : QVariant();
    }
    case Qt::ForegroundRole:
        if (column == StateColumn)
            return DeploymentFormat::stateColor(state);
        if (column == ReleaseColumn)
            return QColor(0x56, 0x65, 0x7a);
        return {};
    case Qt::DecorationRole: return column == StateColumn ? QVariant(DeploymentFormat::stateColor(state)) : QVariant();
    case Qt::TextAlignmentRole:
        return column == ReplicasColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case ProjectRole: return app.project;
    case StateRole: return int(state);
    case IsAppRole: return true;
    }
    return {};
}

QVariant DeploymentTreeModel::componentData(const Deployment &d, int column, int role) const
{
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case NameColumn: return d.service;
        case ReplicasColumn: return DeploymentFormat::replicas(d.readyReplicas, d.desiredReplicas);
        case StateColumn: return DeploymentFormat::stateName(d.state);
        case ReleaseColumn: return d.release.id > 0 ? tr("#%1").arg(d.release.id) : tr("none");
        }
        return {};
    case Qt::ForegroundRole:
        if (column == StateColumn)
            return DeploymentFormat::stateColor(d.state);
        if (column == ReplicasColumn && d.readyReplicas < d.desiredReplicas)
            return DeploymentFormat::stateColor(d.state);
        if (column == ReleaseColumn)
            return QColor(0x56, 0x65, 0x7a);
        return {};
    case Qt::DecorationRole: return column == StateColumn ? QVariant(DeploymentFormat::stateColor(d.state)) : QVariant();
    case Qt::TextAlignmentRole:
        return column == ReplicasColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case Qt::ToolTipRole: {
        QStringList lines{tr("%1 in %2 (%3)").arg(d.service, d.namespaceName, d.component)};
        if (!d.wave.isEmpty())
            lines << tr("Wave: %1").arg(d.wave);
        lines << tr("Replicas: %1 ready, %2 up to date, %3 available, %4 desired")
                     .arg(d.readyReplicas).arg(d.updatedReplicas).arg(d.availableReplicas).arg(d.desiredReplicas);
        if (const QString why = d.explanation(); !why.isEmpty())
            lines << why;
        if (!d.release.image.isEmpty())
            lines << d.release.image;
        return lines.join(u'\n');
    }
    case ServiceRole: return d.service;
    case ProjectRole: return d.project;
    case StateRole: return int(d.state);
    case IsAppRole: return false;
    }
    return {};
}

void DeploymentTreeModel::setDeployments(const QJsonArray &items)
{
    QSet<QString> seen;
    for (const QJsonValue &v : items) {
        if (seen.size() >= DeploymentLimits::MaxDeployments)
            break;
        const std::optional<Deployment> d = Deployment::fromJson(v.toObject());
        if (!d || seen.contains(d->service))
            continue;
        seen.insert(d->service);
        upsert(*d);
    }
    QStringList gone;
    for (const App &app : std::as_const(m_apps))
        for (const Deployment &d : app.components)
            if (!seen.contains(d.service))
                gone << d.service;
    for (const QString &service : std::as_const(gone))
        remove(service);
    if (!m_loaded) {
        m_loaded = true;
        emit loaded();
    }
}

bool DeploymentTreeModel::upsert(const QJsonObject &json)
{
    const std::optional<Deployment> d = Deployment::fromJson(json);
    return d && upsert(*d);
}

bool DeploymentTreeModel::upsert(const Deployment &deployment)
{
    // A service that moved to another app leaves its old one first.
    const Deployment *known = this->deployment(deployment.service);
    if (known && known->project != deployment.project)
        remove(deployment.service);
    else if (!known && deploymentCount() >= DeploymentLimits::MaxDeployments)
        return false;

    int appRow = -1;
    for (int i = 0; i < m_apps.size(); ++i)
        if (m_apps.at(i).project == deployment.project)
            appRow = i;
    if (appRow < 0) {
        appRow = int(m_apps.size());
        beginInsertRows({}, appRow, appRow);
        m_apps.append({deployment.project, {}});
        endInsertRows();
    }
    QList<Deployment> &components = m_apps[appRow].components;
    const QModelIndex appIndex = index(appRow, 0);
    int row = -1;
    for (int i = 0; i < components.size(); ++i)
        if (components.at(i).service == deployment.service)
            row = i;
    if (row < 0) {
        row = int(components.size());
        beginInsertRows(appIndex, row, row);
        components.append(deployment);
        endInsertRows();
    } else {
        components[row] = deployment;
        emit dataChanged(index(row, 0, appIndex), index(row, ColumnCount - 1, appIndex));
    }
    emit dataChanged(index(appRow, 0), index(appRow, ColumnCount - 1)); // its totals and state
    return true;
}

void DeploymentTreeModel::remove(const QString &service)
{
    for (int a = 0; a < m_apps.size(); ++a) {
        QList<Deployment> &components = m_apps[a].components;
        for (int i = 0; i < components.size(); ++i) {
            if (components.at(i).service != service)
                continue;
            if (components.size() == 1) {
                beginRemoveRows({}, a, a);
                m_apps.removeAt(a);
                endRemoveRows();
                return;
            }
            beginRemoveRows(index(a, 0), i, i);
            components.removeAt(i);
            endRemoveRows();
            emit dataChanged(index(a, 0), index(a, ColumnCount - 1));
            return;
        }
    }
}

void DeploymentTreeModel::clear()
{
    beginResetModel();
    m_apps.clear();
    m_loaded = false;
    endResetModel();
}

int DeploymentTreeModel::deploymentCount() const
{
    int n = 0;
    for (const App &app : m_apps)
        n += int(app.components.size());
    return n;
}

const Deployment *DeploymentTreeModel::deployment(const QString &service) const
{
    for (const App &app : m_apps)
        for (const Deployment &d : app.components)
            if (d.service == service)
                return &d;
    return nullptr;
}

QModelIndex DeploymentTreeModel::indexOf(const QString &service, int column) const
{
    for (int a = 0; a < m_apps.size(); ++a)
        for (int i = 0; i < m_apps.at(a).components.size(); ++i)
            if (m_apps.at(a).components.at(i).service == service)
                return index(i, column, index(a, 0));
    return {};
}

QStringList DeploymentTreeModel::projects() const
{
    QStringList out;
    for (const App &app : m_apps)
        out << app.project;
    return out;
}

DeploymentTreeModel::Summary DeploymentTreeModel::summary(const QString &project) const
{
    Summary s;
    for (const App &app : m_apps) {
        if (!project.isEmpty() && app.project != project)
            continue;
        for (const Deployment &d : app.components) {
            ++s.components;
            s.ready += d.state == DeploymentState::Ready;
            s.progressing += d.state == DeploymentState::Progressing;
            s.pending += d.state == DeploymentState::Pending;
            s.degraded += d.state == DeploymentState::Degraded;
            s.failed += d.state == DeploymentState::Failed;
        }
    }
    return s;
}

int DeploymentTreeModel::readyCount(const QStringList &services) const
{
    int n = 0;
    for (const QString &service : services) {
        const Deployment *d = deployment(service);
        n += d && d->state == DeploymentState::Ready;
    }
    return n;
}

bool DeploymentTreeModel::anySimulated() const
{
    for (const App &app : m_apps)
        for (const Deployment &d : app.components)
            if (d.simulated)
                return true;
    return false;
}

} // namespace enclii::ui
