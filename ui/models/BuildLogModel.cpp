#include "BuildLogModel.h"

#include "BuildFormat.h"

#include <QColor>
#include <QLocale>

namespace enclii::ui {

using namespace Qt::StringLiterals;

BuildLogModel::BuildLogModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

int BuildLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_lines.size());
}

QVariant BuildLogModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || size_t(index.row()) >= m_lines.size())
        return {};
    const BuildLogLine &l = m_lines.at(size_t(index.row()));
    switch (role) {
    case Qt::DisplayRole: {
        const QString time = l.at.isValid() ? l.at.toLocalTime().toString(u"HH:mm:ss"_s) : u"--:--:--"_s;
        return u"%1  %2  %3"_s.arg(time, l.step.leftJustified(7, u' ', true), l.text);
    }
    case SeqRole: return l.seq;
    case StepRole: return l.step;
    case StreamRole: return l.stream;
    case TextRole: return l.text;
    case Qt::ForegroundRole:
        if (l.stream == "stderr"_L1)
            return BuildFormat::stateColor(BuildState::Failed);
        if (l.stream == "info"_L1)
            return BuildFormat::stateColor(BuildState::Running);
        return {};
    case Qt::ToolTipRole: return tr("Line %1 · %2 · %3").arg(l.seq).arg(BuildFormat::stageTitle(l.step), l.stream);
    default: return {};
    }
}

void BuildLogModel::setBuild(qint64 buildId)
{
    beginResetModel();
    m_lines.clear();
    m_buildId = buildId;
    m_lastSeq = 0;
    m_dropped = 0;
    endResetModel();
}

int BuildLogModel::append(qint64 buildId, const QJsonArray &lines)
{
    QList<BuildLogLine> parsed;
    parsed.reserve(lines.size());
    for (const QJsonValue &v : lines)
        if (std::optional<BuildLogLine> line = BuildLogLine::fromJson(v.toObject(), maxLineLength()))
            parsed.append(std::move(*line));
    return append(buildId, parsed);
}

int BuildLogModel::append(qint64 buildId, const QList<BuildLogLine> &lines)
{
    if (buildId != m_buildId || buildId == 0)
        return 0;
    QList<BuildLogLine> fresh;
    qint64 last = m_lastSeq;
    for (const BuildLogLine &line : lines)
        if (line.seq > last) {
            last = line.seq;
            fresh.append(line);
        }
    if (fresh.isEmpty())
        return 0;
    // Of a batch larger than the model, only the tail can stay.
    const qsizetype skip = std::max<qsizetype>(0, fresh.size() - m_maxLines);
    m_dropped += skip;
    const int incoming = int(fresh.size() - skip);
    dropOldest(int(m_lines.size()) + incoming - m_maxLines);

    const int first = int(m_lines.size());
    beginInsertRows({}, first, first + incoming - 1);
    for (qsizetype i = skip; i < fresh.size(); ++i)
        m_lines.push_back(fresh.at(i));
    m_lastSeq = last;
    endInsertRows();
    return int(fresh.size());
}

void BuildLogModel::setMaxLines(int max)
{
    m_maxLines = std::max(1, max);
    dropOldest(int(m_lines.size()) - m_maxLines);
}

void BuildLogModel::dropOldest(int count)
{
    count = std::min(count, int(m_lines.size()));
    if (count <= 0)
        return;
    beginRemoveRows({}, 0, count - 1);
    m_lines.erase(m_lines.begin(), m_lines.begin() + count);
    m_dropped += count;
    endRemoveRows();
}

} // namespace enclii::ui
