#pragma once

#include "Deployment.h"

#include <QAbstractTableModel>

namespace enclii::ui {

// A feed of what happened, newest first: a deployment's own events (deploys, scaling,
// readiness, drift) or the cluster-wide drift log. Live drift items are added at the top as
// they arrive; one already held is not added twice. Holds at most maxEntries().
class EventFeedModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { WhenColumn, TypeColumn, SubjectColumn, MessageColumn, ColumnCount };
    enum Role { TypeRole = Qt::UserRole + 1, TimeRole };

    struct Entry
    {
        QDateTime at;
        QString type;    // deploy, drift, ready, failed, scaled
        QString subject; // the service, in the cluster-wide feed
        QString message;
        friend bool operator==(const Entry &, const Entry &) = default;
    };

    explicit EventFeedModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setEvents(const QList<DeploymentEvent> &events);
    void setDrift(const QList<DriftItem> &items);
    // Returns false when the item is already held.
    bool addDrift(const DriftItem &item);
    void clear();

    const QList<Entry> &entries() const { return m_entries; }
    static int maxEntries() { return DeploymentLimits::MaxDrift; }
    void tick();

private:
    static Entry entry(const DriftItem &item);
    void setEntries(QList<Entry> entries);

    QList<Entry> m_entries; // newest first
};

} // namespace enclii::ui
