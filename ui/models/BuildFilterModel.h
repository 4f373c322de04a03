#pragma once

#include "Build.h"

#include <QSet>
#include <QSortFilterProxyModel>

namespace enclii::ui {

// The build list narrowed to one app (the seed's project) and to some states.
class BuildFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit BuildFilterModel(QObject *parent = nullptr);

    QString project() const { return m_project; }
    // Empty: every project.
    void setProject(const QString &project);
    QSet<BuildState> states() const { return m_states; }
    // Empty: every state.
    void setStates(const QSet<BuildState> &states);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_project;
    QSet<BuildState> m_states;
};

} // namespace enclii::ui
