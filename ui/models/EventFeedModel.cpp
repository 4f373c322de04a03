#include "EventFeedModel.h"

#include "DeploymentFormat.h"

#include <QLocale>

#include <algorithm>

namespace enclii::ui {

using namespace Qt::StringLiterals;

namespace {

bool newerFirst(const EventFeedModel::Entry &a, const EventFeedModel::Entry &b)
{
    return a.at.isValid() && (!b.at.isValid() || a.at > b.at);
}

} // namespace

EventFeedModel::EventFeedModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

int EventFeedModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int EventFeedModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventFeedModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case WhenColumn: return tr("When");
    case TypeColumn: return tr("Event");
    case SubjectColumn: return tr("Service");
    case MessageColumn: return tr("What happened");
    default: return {};
    }
}

QVariant EventFeedModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_entries.size())
        return {};
    const Entry &e = m_entries.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case WhenColumn: return DeploymentFormat::ago(e.at, QDateTime::currentDateTimeUtc());
        case TypeColumn: return DeploymentFormat::eventTypeName(e.type);
        case SubjectColumn: return e.subject;
        case MessageColumn: return e.message;
        }
        return {};
    case Qt::ForegroundRole:
        return index.column() == TypeColumn ? QVariant(DeploymentFormat::eventTypeColor(e.type)) : QVariant();
    case Qt::DecorationRole:
        return index.column() == TypeColumn ? QVariant(DeploymentFormat::eventTypeColor(e.type)) : QVariant();
    case Qt::ToolTipRole:
        return u"%1\n%2"_s.arg(QLocale().toString(e.at.toLocalTime(), QLocale::LongFormat), e.message);
    case Qt::TextAlignmentRole:
        return index.column() == WhenColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case TypeRole: return e.type;
    case TimeRole: return e.at;
    }
    return {};
}

EventFeedModel::Entry EventFeedModel::entry(const DriftItem &item)
{
    return {item.at, u"drift"_s, item.service, DeploymentFormat::driftSentence(item)};
}

void EventFeedModel::setEntries(QList<Entry> entries)
{
    std::stable_sort(entries.begin(), entries.end(), newerFirst);
    if (entries.size() > maxEntries())
        entries.resize(maxEntries());
    if (entries == m_entries)
        return;
    beginResetModel();
    m_entries = std::move(entries);
    endResetModel();
}

void EventFeedModel::setEvents(const QList<DeploymentEvent> &events)
{
    QList<Entry> entries;
    for (const DeploymentEvent &e : events)
        entries.append({e.at, e.type, QString(), e.message});
    setEntries(std::move(entries));
}

void EventFeedModel::setDrift(const QList<DriftItem> &items)
{
    QList<Entry> entries;
    for (const DriftItem &item : items)
        entries.append(entry(item));
    setEntries(std::move(entries));
}

bool EventFeedModel::addDrift(const DriftItem &item)
{
    const Entry e = entry(item);
    if (m_entries.contains(e))
        return false;
    const auto at = std::upper_bound(m_entries.begin(), m_entries.end(), e, newerFirst);
    const int row = int(at - m_entries.begin());
    if (row >= maxEntries())
        return false; // older than everything kept
    beginInsertRows({}, row, row);
    m_entries.insert(row, e);
    endInsertRows();
    if (m_entries.size() > maxEntries()) {
        beginRemoveRows({}, maxEntries(), int(m_entries.size()) - 1);
        m_entries.resize(maxEntries());
        endRemoveRows();
    }
    return true;
}

void EventFeedModel::clear()
{
    setEntries({});
}

void EventFeedModel::tick()
{
    if (!m_entries.isEmpty())
        emit dataChanged(index(0, WhenColumn), index(rowCount() - 1, WhenColumn), {Qt::DisplayRole});
}

} // namespace enclii::ui
