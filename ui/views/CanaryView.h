#pragma once

#include "client/ApiClient.h"
#include "client/RolloutsClient.h"
#include "models/Rollout.h"

#include <QMap>
#include <QWidget>

#include <optional>

class QInputDialog;
class QLabel;
class QModelIndex;
class QPushButton;
class QStackedWidget;
class QTabWidget;
class QTableView;
class QTableWidget;
class QTimer;

namespace enclii::ui {

class MeasurementTableModel;
class MetricChart;
class RolloutListModel;
class RolloutStepStrip;
class ScreenStack;

// The Canary screen: what on-call needs to decide about a rollout, in one screen. On the left
// the active and recent rollouts (active first); on the right the selected one: its steps
// (10 % → 50 % → 100 %) with where it is, the traffic split now and how exact it is, canary
// against stable success rate and latency over time with the thresholds drawn in, every
// measurement and its verdict, the timeline, why it was rolled back or paused, and the
// controls, each enabled only when encliid lists it in the rollout's "actions".
class CanaryView : public QWidget
{
    Q_OBJECT

public:
    enum class Chart { SuccessRate, Latency };
    Q_ENUM(Chart)

    explicit CanaryView(RolloutsClient *client, QWidget *parent = nullptr);
    ~CanaryView() override;

    RolloutsClient *client() const { return m_client; }
    RolloutListModel *listModel() const { return m_list; }
    MeasurementTableModel *measurementModel() const { return m_measurements; }
    QTableView *listView() const { return m_listView; }
    QTableView *measurementTable() const { return m_measurementTable; }
    QTableWidget *timelineTable() const { return m_timelineTable; }
    RolloutStepStrip *stepStrip() const { return m_steps; }
    MetricChart *chart(Chart chart) const;
    QPushButton *actionButton(RolloutAction action) const { return m_buttons.value(action); }
    QList<QPushButton *> actionButtons() const;
    // The dialog that asks why to abort, while it is open.
    QInputDialog *abortDialog() const;

    // Whether encliid has answered once: the list (with rollouts or a refusal) and, when it
    // has rollouts, the selected one's detail.
    bool hasAnswer() const { return m_answered; }
    bool showsPlaceholder() const;
    QString placeholderText() const;
    QString headlineText() const;
    QString detailTitle() const;
    QString detailSubtitle() const;
    QString trafficText() const;
    // Why it was rolled back, paused or aborted, in the daemon's terms and the console's.
    QString verdictText() const;
    // The last control's outcome, or why the detail could not be read.
    QString messageText() const;

    qint64 selectedRollout() const { return m_selected; }
    const std::optional<Rollout> &detail() const { return m_detail; }
    void selectRollout(qint64 id);

    // Why the person may not use the controls at all (no canary.operate); empty: they may,
    // as far as the state of each rollout allows.
    void setOperateDenied(const QString &reason);
    QString operateDenied() const { return m_operateDenied; }

signals:
    // The first answer to the rollout list (see hasAnswer()).
    void answered();

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    QWidget *buildListPane();
    QWidget *buildDetailsPane();
    QWidget *buildControls();
    void onRollouts(const QJsonArray &items);
    void onRolloutsFailed(int status, const QString &message);
    void onDetail(const QJsonObject &json);
    void onDetailFailed(qint64 id, int status, const QString &message);
    void onAction(qint64 id, const QString &action, int status, const QString &message, const QJsonObject &rollout);
    void onApiState(ApiClient::State state, const QString &error);
    void onCurrentChanged(const QModelIndex &current);
    void trigger(RolloutAction action);
    void askAbortReason();
    void markAnswered();
    void selectDefault();
    void refreshHeadline();
    void refreshLive();
    void refreshDetail();
    void refreshCharts();
    void refreshTimeline();
    void refreshActions();
    void setMessage(const QString &text, const QColor &color);

    RolloutsClient *m_client; // not owned
    RolloutListModel *m_list;
    MeasurementTableModel *m_measurements;

    ScreenStack *m_stack = nullptr;
    QLabel *m_headline;
    QLabel *m_live;
    QTableView *m_listView;

    QStackedWidget *m_detailStack;
    QLabel *m_title;
    QLabel *m_subtitle;
    QLabel *m_verdict;
    QLabel *m_message;
    RolloutStepStrip *m_steps;
    QLabel *m_traffic;
    MetricChart *m_successChart = nullptr;
    MetricChart *m_latencyChart = nullptr;
    QTabWidget *m_tabs;
    QTableView *m_measurementTable;
    QTableWidget *m_timelineTable;
    QMap<RolloutAction, QPushButton *> m_buttons;
    QTimer *m_tick;

    qint64 m_selected = 0;
    std::optional<Rollout> m_detail; // of m_selected, once GET /v1/rollouts/{id} answered
    QString m_detailError;
    qint64 m_actionInFlight = 0;
    qint64 m_pendingSelection = 0; // a retry's new rollout
    bool m_keepMessage = false;
    QString m_operateDenied;
    QString m_listProblem; // the last list refresh failed: shown beside the live indicator
    bool m_answered = false;
};

} // namespace enclii::ui
