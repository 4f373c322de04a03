#include "EcosystemFilterModel.h"

#include "EcosystemModel.h"

#include <algorithm>

namespace enclii::ui {

EcosystemFilterModel::EcosystemFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
}

void EcosystemFilterModel::setSearchText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_searchText)
        return;
    m_searchText = trimmed;
    invalidateFilter();
}

void EcosystemFilterModel::setKinds(const QStringList &kinds)
{
    if (kinds == m_kinds)
        return;
    m_kinds = kinds;
    invalidateFilter();
}

QStringList EcosystemFilterModel::matchingIds() const
{
    QList<QPair<int, QString>> rows;
    for (int r = 0; r < rowCount(); ++r) {
        const QModelIndex source = mapToSource(index(r, 0));
        rows.append({source.row(), source.data(EcosystemModel::IdRole).toString()});
    }
    std::sort(rows.begin(), rows.end());
    QStringList ids;
    for (const auto &row : std::as_const(rows))
        ids << row.second;
    return ids;
}

bool EcosystemFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (!m_kinds.isEmpty() && !m_kinds.contains(index.data(EcosystemModel::KindRole).toString()))
        return false;
    if (m_searchText.isEmpty())
        return true;
    if (index.data(EcosystemModel::NameRole).toString().contains(m_searchText, Qt::CaseInsensitive))
        return true;
    const QStringList domains = index.data(EcosystemModel::DomainsRole).toStringList();
    for (const QString &host : domains)
        if (host.contains(m_searchText, Qt::CaseInsensitive))
            return true;
    return false;
}

} // namespace enclii::ui
