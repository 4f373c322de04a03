#pragma once

#include "client/ApiClient.h"
#include "client/BuildsClient.h"
#include "models/BuildListModel.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QListView;
class QPushButton;
class QStackedWidget;
class QTableView;
class QTimer;

namespace enclii::ui {

class BuildDurationChart;
class BuildFilterModel;
class BuildLogModel;
class BuildStageBar;
class BuildStepsModel;
class ScreenStack;
struct Build;

// The Pipeline screen: Roundhouse's builds as they happen. The list (filtered by app and
// state) and a chart of finished builds' durations against the five-minute goal on the left;
// on the right the selected build: its stages as a live timeline, its image, SBOM, signature
// and release, Cancel and Retry, and the tail of its log, which follows new lines unless the
// reader has scrolled up. Every empty or failed state says so in words.
class PipelineView : public QWidget
{
    Q_OBJECT

public:
    explicit PipelineView(BuildsClient *client, QWidget *parent = nullptr);
    ~PipelineView() override;

    BuildsClient *client() const { return m_client; }
    BuildListModel *buildModel() const { return m_builds; }
    BuildFilterModel *filterModel() const { return m_filter; }
    BuildStepsModel *stepsModel() const { return m_steps; }
    BuildLogModel *logModel() const { return m_log; }
    QTableView *buildTable() const { return m_table; }
    BuildStageBar *stageBar() const { return m_stageBar; }
    QListView *logView() const { return m_logView; }
    BuildDurationChart *durationChart() const { return m_chart; }
    QComboBox *projectFilter() const { return m_projectFilter; }
    QComboBox *stateFilter() const { return m_stateFilter; }
    QPushButton *cancelButton() const { return m_cancel; }
    QPushButton *retryButton() const { return m_retry; }

    // Whether encliid has answered the build list once, with builds or with a refusal.
    bool hasAnswer() const { return m_answered; }
    bool showsPlaceholder() const;
    QString placeholderText() const;
    QString headlineText() const;
    QString liveText() const;
    // The last outcome of Cancel or Retry, or why the log could not be read.
    QString messageText() const;
    QString artifactsText() const;
    bool logFollowsTail() const { return m_followTail; }

    qint64 selectedBuild() const { return m_selected; }
    void selectBuild(qint64 id);

signals:
    // The first answer to the build list (see hasAnswer()).
    void answered();

private:
    QWidget *buildListPane();
    QWidget *detailsPane();
    void onBuilds(const QJsonArray &items);
    void onBuildsFailed(int status, const QString &message);
    void onBuildUpdated(const QJsonObject &json);
    void onAction(qint64 buildId, BuildsClient::Action action, int status, const QString &message);
    void onApiState(ApiClient::State state, const QString &error);
    void onModeChanged(BuildsClient::Mode mode, const QString &detail);
    void onCurrentRowChanged();
    void markAnswered();
    void refreshProjects();
    void refreshHeadline();
    void refreshDetails();
    void refreshArtifacts(const Build &build);
    void refreshActions();
    void scheduleChart();
    void setMessage(const QString &text, bool error);
    void setPlaceholder(const QString &text);
    void showContent();

    BuildsClient *m_client; // not owned
    BuildListModel *m_builds;
    BuildFilterModel *m_filter;
    BuildStepsModel *m_steps;
    BuildLogModel *m_log;

    ScreenStack *m_stack = nullptr;
    QLabel *m_headline;
    QLabel *m_live;
    QComboBox *m_projectFilter;
    QComboBox *m_stateFilter;
    QLabel *m_filterCount;
    QTableView *m_table;
    BuildDurationChart *m_chart;

    QStackedWidget *m_detailsStack;
    QLabel *m_buildTitle;
    QLabel *m_buildSubtitle;
    QPushButton *m_cancel;
    QPushButton *m_retry;
    QLabel *m_message;
    BuildStageBar *m_stageBar;
    QLabel *m_imageCard;
    QLabel *m_sbomCard;
    QLabel *m_signatureCard;
    QLabel *m_logTitle;
    QStackedWidget *m_logStack; // the log, or a note that it is empty
    QListView *m_logView;

    QTimer *m_tick;
    QTimer *m_chartTimer;
    qint64 m_selected = 0;
    qint64 m_actionInFlight = 0;
    bool m_answered = false;
    bool m_followTail = true;
    QList<BuildDuration> m_chartedDurations;
};

} // namespace enclii::ui
