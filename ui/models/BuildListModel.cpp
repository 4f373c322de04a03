#include "BuildListModel.h"

#include "BuildFormat.h"

#include <QFont>
#include <QLocale>
#include <QSet>

#include <algorithm>

namespace enclii::ui {

using namespace Qt::StringLiterals;

namespace {

QString startedText(const Build &b)
{
    if (!b.startedAt.isValid())
        return b.state == BuildState::Queued ? BuildListModel::tr("waiting") : u"—"_s;
    const QDateTime local = b.startedAt.toLocalTime();
    const QLocale locale;
    if (local.date() == QDate::currentDate())
        return locale.toString(local.time(), u"HH:mm:ss"_s);
    return locale.toString(local, u"d MMM HH:mm"_s);
}

} // namespace

BuildListModel::BuildListModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

int BuildListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_builds.size());
}

int BuildListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant BuildListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ServiceColumn: return tr("Service");
    case CommitColumn: return tr("Commit");
    case ReasonColumn: return tr("Reason");
    case StateColumn: return tr("State");
    case StartedColumn: return tr("Started");
    case DurationColumn: return tr("Duration");
    case AttemptsColumn: return tr("Attempts");
    default: return {};
    }
}

QVariant BuildListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_builds.size())
        return {};
    const Build &b = m_builds.at(index.row());
    switch (role) {
    case Qt::DisplayRole: return display(b, index.column());
    case BuildIdRole: return b.id;
    case ProjectRole: return b.project;
    case StateRole: return int(b.state);
    case SortRole: return sortValue(b, index.column());
    case Qt::ForegroundRole:
        if (index.column() == StateColumn)
            return BuildFormat::stateColor(b.state);
        return {};
    case Qt::DecorationRole:
        if (index.column() == StateColumn)
            return BuildFormat::stateColor(b.state);
        return {};
    case Qt::FontRole:
        if (index.column() == CommitColumn) {
            QFont mono(u"monospace"_s);
            mono.setStyleHint(QFont::Monospace);
            return mono;
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == DurationColumn || index.column() == AttemptsColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::ToolTipRole: {
        QStringList lines{tr("Build #%1 of %2 (%3)").arg(b.id).arg(b.service, b.project),
                          tr("Commit %1 on %2").arg(b.commit, b.ref)};
        if (!b.lastError.isEmpty())
            lines << tr("Last error: %1").arg(b.lastError);
        if (!b.leaseOwner.isEmpty() && b.isActive())
            lines << tr("Worker: %1").arg(b.leaseOwner);
        return lines.join(u'\n');
    }
    default: return {};
    }
}

QVariant BuildListModel::display(const Build &b, int column) const
{
    switch (column) {
    case ServiceColumn: return b.service;
    case CommitColumn: return b.shortCommit();
    case ReasonColumn: return BuildFormat::reasonName(b.reason);
    case StateColumn: return BuildFormat::stateName(b.state);
    case StartedColumn: return startedText(b);
    case DurationColumn: return BuildFormat::duration(b.durationMs(QDateTime::currentDateTimeUtc()));
    case AttemptsColumn:
        return b.maxAttempts > 0 ? tr("%1 of %2").arg(b.attempts).arg(b.maxAttempts) : QString::number(b.attempts);
    default: return {};
    }
}

QVariant BuildListModel::sortValue(const Build &b, int column) const
{
    switch (column) {
    case StartedColumn: return b.startedAt.isValid() ? b.startedAt : b.createdAt;
    case DurationColumn: return b.durationMs(QDateTime::currentDateTimeUtc());
    case AttemptsColumn: return b.attempts;
    case StateColumn: return int(b.state);
    default: return display(b, column);
    }
}

const Build *BuildListModel::build(qint64 id) const
{
    const int row = rowOf(id);
    return row >= 0 ? &m_builds.at(row) : nullptr;
}

int BuildListModel::rowOf(qint64 id) const
{
    // Newest first: a binary search on the descending ids.
    const auto it = std::lower_bound(m_builds.cbegin(), m_builds.cend(), id,
                                     [](const Build &b, qint64 wanted) { return b.id > wanted; });
    return it != m_builds.cend() && it->id == id ? int(it - m_builds.cbegin()) : -1;
}

bool BuildListModel::upsert(const QJsonObject &json)
{
    std::optional<Build> build = Build::fromJson(json);
    return build && upsert(std::move(*build));
}

bool BuildListModel::upsert(Build build)
{
    const int row = rowOf(build.id);
    if (row >= 0) {
        const Build &known = m_builds.at(row);
        if (build.updatedAt.isValid() && known.updatedAt.isValid() && build.updatedAt < known.updatedAt)
            return false;
        build.keepDetailsFrom(known);
        m_builds[row] = std::move(build);
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
        return true;
    }
    const auto it = std::lower_bound(m_builds.cbegin(), m_builds.cend(), build.id,
                                     [](const Build &b, qint64 wanted) { return b.id > wanted; });
    const int at = int(it - m_builds.cbegin());
    if (at >= m_maxBuilds)
        return false; // older than everything kept
    beginInsertRows({}, at, at);
    m_builds.insert(at, std::move(build));
    endInsertRows();
    trim();
    return true;
}

void BuildListModel::setBuilds(const QJsonArray &items)
{
    QSet<qint64> listed;
    qint64 newest = 0;
    for (const QJsonValue &v : items) {
        std::optional<Build> build = Build::fromJson(v.toObject());
        if (!build)
            continue;
        listed.insert(build->id);
        newest = std::max(newest, build->id);
        upsert(std::move(*build));
    }
    for (int row = int(m_builds.size()) - 1; row >= 0; --row) {
        const qint64 id = m_builds.at(row).id;
        if (!listed.contains(id) && id < newest) {
            beginRemoveRows({}, row, row);
            m_builds.removeAt(row);
            endRemoveRows();
        }
    }
    if (!m_loaded) {
        m_loaded = true;
        emit loaded();
    }
}

void BuildListModel::clear()
{
    beginResetModel();
    m_builds.clear();
    m_loaded = false;
    endResetModel();
}

void BuildListModel::trim()
{
    if (m_builds.size() <= m_maxBuilds)
        return;
    beginRemoveRows({}, m_maxBuilds, int(m_builds.size()) - 1);
    m_builds.resize(m_maxBuilds);
    endRemoveRows();
}

QStringList BuildListModel::projects() const
{
    QStringList out;
    for (const Build &b : m_builds)
        if (!b.project.isEmpty() && !out.contains(b.project))
            out << b.project;
    out.sort(Qt::CaseInsensitive);
    return out;
}

QList<BuildDuration> BuildListModel::finishedDurations(const QString &project) const
{
    QList<BuildDuration> out;
    for (auto it = m_builds.crbegin(); it != m_builds.crend(); ++it) {
        const Build &b = *it;
        if ((b.state != BuildState::Succeeded && b.state != BuildState::Failed) || !b.finishedAt.isValid()
            || (!project.isEmpty() && b.project != project))
            continue;
        const qint64 ms = b.durationMs(b.finishedAt);
        if (ms >= 0)
            out.append({b.id, b.service, b.finishedAt, ms, b.state == BuildState::Succeeded});
    }
    std::stable_sort(out.begin(), out.end(), [](const BuildDuration &a, const BuildDuration &b) { return a.finishedAt < b.finishedAt; });
    return out;
}

void BuildListModel::tick()
{
    for (int row = 0; row < m_builds.size(); ++row)
        if (m_builds.at(row).isActive())
            emit dataChanged(index(row, StartedColumn), index(row, DurationColumn), {Qt::DisplayRole});
}

} // namespace enclii::ui
