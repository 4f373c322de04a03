#pragma once

#include "Deployment.h"

#include <QAbstractItemModel>
#include <QJsonArray>

namespace enclii::ui {

// What is deployed, by app (project) and component: apps at the top level in the order
// encliid lists them, their components below. A component's row says its ready and desired
// replicas and its state; an app's row adds its components up and takes the worst state.
//
// Fed by whole lists (GET /v1/deployments) and single summaries ("deployment" events). Both
// update rows in place, so a view's selection and expanded apps survive every refresh.
class DeploymentTreeModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Column { NameColumn, ReplicasColumn, StateColumn, ReleaseColumn, ColumnCount };
    enum Role { ServiceRole = Qt::UserRole + 1, ProjectRole, StateRole, IsAppRole };

    struct Summary
    {
        int components = 0;
        int ready = 0;
        int progressing = 0;
        int pending = 0;
        int degraded = 0;
        int failed = 0;
    };

    explicit DeploymentTreeModel(QObject *parent = nullptr);

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // A GET /v1/deployments answer: what it lacks is removed, the rest updated or added.
    void setDeployments(const QJsonArray &items);
    // Returns false when the summary was unreadable.
    bool upsert(const QJsonObject &json);
    bool upsert(const Deployment &deployment);
    void clear();

    bool hasLoaded() const { return m_loaded; }
    int deploymentCount() const;
    const Deployment *deployment(const QString &service) const;
    QModelIndex indexOf(const QString &service, int column = 0) const;
    QStringList projects() const;
    Summary summary(const QString &project = {}) const;
    // How many of `services` are ready.
    int readyCount(const QStringList &services) const;
    bool anySimulated() const;

signals:
    void loaded();

private:
    struct App
    {
        QString project;
        QList<Deployment> components;
    };

    QVariant appData(const App &app, int column, int role) const;
    QVariant componentData(const Deployment &d, int column, int role) const;
    DeploymentState appState(const App &app) const;
    void remove(const QString &service);

    QList<App> m_apps;
    bool m_loaded = false;
};

} // namespace enclii::ui
