#pragma once

#include "Build.h"

#include <QAbstractTableModel>
#include <QJsonArray>

namespace enclii::ui {

// A finished build on the duration chart.
struct BuildDuration
{
    qint64 id = 0;
    QString service;
    QDateTime finishedAt;
    qint64 durationMs = 0;
    bool succeeded = false;

    friend bool operator==(const BuildDuration &, const BuildDuration &) = default;
};

// Roundhouse's builds, newest first, one row each. Fed by whole lists (GET /v1/builds) and by
// single builds (GET /v1/builds/{id} and "build" events); an answer older than what the model
// holds (by updatedAt) does not overwrite it, so a slow list cannot undo a live event. Holds
// at most maxBuilds(); the oldest go first.
class BuildListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { ServiceColumn, CommitColumn, ReasonColumn, StateColumn, StartedColumn, DurationColumn,
                  AttemptsColumn, ColumnCount };
    enum Role { BuildIdRole = Qt::UserRole + 1, ProjectRole, StateRole, SortRole };

    explicit BuildListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // A GET /v1/builds answer: builds missing from it are dropped, except ones newer than
    // all of it (an event can bring a build the list did not have yet).
    void setBuilds(const QJsonArray &items);
    // Returns false when the build was unreadable or older than what is held.
    bool upsert(const QJsonObject &json);
    bool upsert(Build build);
    void clear();

    bool hasLoaded() const { return m_loaded; }
    const QList<Build> &builds() const { return m_builds; }
    const Build *build(qint64 id) const;
    int rowOf(qint64 id) const;
    QStringList projects() const;
    // Finished (succeeded or failed) builds that ran, oldest first; all projects when empty.
    QList<BuildDuration> finishedDurations(const QString &project = {}) const;

    int maxBuilds() const { return m_maxBuilds; }
    void setMaxBuilds(int max) { m_maxBuilds = std::max(1, max); }
    // Running builds' durations move on their own; the view calls this every second.
    void tick();

signals:
    // The first list has arrived (empty or not): "no data yet" is over.
    void loaded();

private:
    QVariant display(const Build &build, int column) const;
    QVariant sortValue(const Build &build, int column) const;
    void trim();

    QList<Build> m_builds; // newest (highest id) first
    bool m_loaded = false;
    int m_maxBuilds = 500;
};

} // namespace enclii::ui
