#pragma once

#include <QSortFilterProxyModel>
#include <QStringList>

namespace enclii::ui {

// The search box's view of EcosystemModel: rows whose name (or one of whose domains)
// contains the search text, optionally limited to some node kinds.
class EcosystemFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit EcosystemFilterModel(QObject *parent = nullptr);

    QString searchText() const { return m_searchText; }
    void setSearchText(const QString &text);
    // Empty: every kind.
    void setKinds(const QStringList &kinds);

    // Ids of the rows that pass, in source order.
    QStringList matchingIds() const;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_searchText;
    QStringList m_kinds;
};

} // namespace enclii::ui
