#pragma once

#include "Build.h"

#include <QAbstractListModel>
#include <QJsonArray>

#include <deque>

namespace enclii::ui {

// The tail of one build's log: lines in sequence order, at most maxLines() of them (the oldest
// go first), each line at most maxLineLength() characters. Lines of another build, and lines
// not newer than the last one held, are ignored, so replays and overlaps do no harm.
class BuildLogModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role { SeqRole = Qt::UserRole + 1, StepRole, StreamRole, TextRole };

    explicit BuildLogModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    qint64 buildId() const { return m_buildId; }
    // Empties the model for `buildId` (0: none).
    void setBuild(qint64 buildId);
    // Returns how many lines were taken.
    int append(qint64 buildId, const QJsonArray &lines);
    int append(qint64 buildId, const QList<BuildLogLine> &lines);

    qint64 lastSeq() const { return m_lastSeq; }
    // Lines that fell off the top since setBuild().
    qint64 droppedLines() const { return m_dropped; }
    const BuildLogLine &line(int row) const { return m_lines.at(size_t(row)); }

    int maxLines() const { return m_maxLines; }
    void setMaxLines(int max);
    static constexpr qsizetype maxLineLength() { return 4000; }

private:
    void dropOldest(int count);

    std::deque<BuildLogLine> m_lines;
    qint64 m_buildId = 0;
    qint64 m_lastSeq = 0;
    qint64 m_dropped = 0;
    int m_maxLines = 5000;
};

} // namespace enclii::ui
