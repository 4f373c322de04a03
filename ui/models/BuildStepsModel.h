#pragma once

#include "Build.h"

#include <QAbstractTableModel>

namespace enclii::ui {

// One stage of a build's timeline: the wait in the queue, then each step.
struct BuildStage
{
    QString name; // queued, clone, build, sbom, sign, push, release, or what the daemon adds
    StepState state = StepState::Pending;
    qint64 durationMs = -1;
    double progress = -1; // 0..1 while running, when the step reports it
    QString detail;
};

// The stages of one build in the seed's order: queued (createdAt to startedAt), clone, build,
// SBOM, sign, push, release; steps the daemon reports beyond those follow in its order.
// Steps it has not reported yet are pending, or skipped once the build is over.
class BuildStepsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { StageColumn, StateColumn, DurationColumn, DetailColumn, ColumnCount };
    enum Role { StageNameRole = Qt::UserRole + 1, StepStateRole, DurationRole, ProgressRole };

    explicit BuildStepsModel(QObject *parent = nullptr);

    static QStringList canonicalSteps();
    static QList<BuildStage> stagesOf(const Build &build, const QDateTime &now);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setBuild(const Build &build);
    void clear();
    bool hasBuild() const { return m_build.id != 0; }
    const Build &build() const { return m_build; }
    const QList<BuildStage> &stages() const { return m_stages; }
    // -1 when no stage has that name.
    int rowOf(const QString &stageName) const;
    // Running stages' durations move on; the view calls this every second.
    void tick();

private:
    void recompute();

    Build m_build;
    QList<BuildStage> m_stages;
};

} // namespace enclii::ui
