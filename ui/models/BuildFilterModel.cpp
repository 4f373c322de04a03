#include "BuildFilterModel.h"

#include "BuildListModel.h"

namespace enclii::ui {

BuildFilterModel::BuildFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(BuildListModel::SortRole);
    setDynamicSortFilter(true);
}

void BuildFilterModel::setProject(const QString &project)
{
    if (project == m_project)
        return;
    m_project = project;
    invalidateRowsFilter();
}

void BuildFilterModel::setStates(const QSet<BuildState> &states)
{
    if (states == m_states)
        return;
    m_states = states;
    invalidateRowsFilter();
}

bool BuildFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (!m_project.isEmpty() && index.data(BuildListModel::ProjectRole).toString() != m_project)
        return false;
    return m_states.isEmpty() || m_states.contains(BuildState(index.data(BuildListModel::StateRole).toInt()));
}

} // namespace enclii::ui
