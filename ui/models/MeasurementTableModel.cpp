#include "MeasurementTableModel.h"

#include "BuildFormat.h"
#include "RolloutFormat.h"

#include <QLocale>

#include <algorithm>

namespace enclii::ui {

using namespace Qt::StringLiterals;

MeasurementTableModel::MeasurementTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

int MeasurementTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_measurements.size());
}

int MeasurementTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MeasurementTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case WhenColumn: return tr("When");
    case StepColumn: return tr("Step · run");
    case MetricColumn: return tr("Metric");
    case TrackColumn: return tr("Track");
    case ValueColumn: return tr("Value");
    case ThresholdColumn: return tr("Threshold");
    case VerdictColumn: return tr("Verdict");
    case MessageColumn: return tr("Why");
    default: return {};
    }
}

void MeasurementTableModel::setMeasurements(const QList<RolloutMeasurement> &measurements)
{
    QList<RolloutMeasurement> sorted = measurements;
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const RolloutMeasurement &a, const RolloutMeasurement &b) { return a.at > b.at; });
    beginResetModel();
    m_measurements = sorted;
    endResetModel();
}

QVariant MeasurementTableModel::display(const RolloutMeasurement &m, int column) const
{
    switch (column) {
    case WhenColumn: return m.at.isValid() ? QLocale().toString(m.at.toLocalTime(), u"HH:mm:ss"_s) : u"—"_s;
    case StepColumn: return tr("%1 · %2").arg(m.step + 1).arg(m.run);
    case MetricColumn: return RolloutFormat::metricName(m.metric);
    case TrackColumn: return RolloutFormat::trackName(m.track);
    case ValueColumn: return RolloutFormat::value(m.metric, m.value);
    case ThresholdColumn: return m.threshold;
    case VerdictColumn: {
        const QString verdict = RolloutFormat::verdictName(m.verdict);
        if (!m.gates)
            return tr("%1 (for comparison)").arg(verdict);
        if (m.isFailure() && !m.counted)
            return tr("%1 (excused)").arg(verdict);
        return verdict;
    }
    case MessageColumn: return m.message;
    default: return {};
    }
}

QVariant MeasurementTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_measurements.size())
        return {};
    const RolloutMeasurement &m = m_measurements.at(index.row());
    switch (role) {
    case Qt::DisplayRole: return display(m, index.column());
    case FailureRole: return m.isFailure();
    case VerdictRole: return m.verdict;
    case Qt::DecorationRole:
        return index.column() == VerdictColumn ? QVariant(RolloutFormat::verdictColor(m.verdict)) : QVariant();
    case Qt::ForegroundRole:
        if (index.column() == VerdictColumn || (index.column() == ValueColumn && m.isFailure()))
            return RolloutFormat::verdictColor(m.verdict);
        return {};
    case Qt::BackgroundRole:
        // A failure that counts against the canary stands out in the whole row.
        return m.isFailure() && m.counted && m.gates ? QVariant(BuildFormat::tint(RolloutFormat::verdictColor(m.verdict)))
                                                     : QVariant();
    case Qt::TextAlignmentRole:
        return index.column() == ValueColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case Qt::ToolTipRole:
        if (m.isFailure() && !m.counted)
            return tr("The stable track failed the same analysis, so this does not count against the canary.");
        return m.message.isEmpty() ? QVariant() : QVariant(m.message);
    default: return {};
    }
}

} // namespace enclii::ui
