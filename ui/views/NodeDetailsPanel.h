#pragma once

#include <QWidget>

class QLabel;
class QTextBrowser;

namespace enclii::ui {

class EcosystemModel;
struct MapNode;

// The map's side panel: the selected node's spec — domains, replicas and autoscaling,
// requests and limits, namespace, dependencies, wave — marking the values that are
// defaults rather than the seed's.
class NodeDetailsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit NodeDetailsPanel(QWidget *parent = nullptr);

    void showNode(const EcosystemModel &model, const QString &id);
    // With nothing selected: what the map holds, and how to read it.
    void showOverview(const EcosystemModel &model);
    void showNothing();
    // The text shown, for tests and screen readers.
    QString plainText() const;

private:
    QString serviceHtml(const MapNode &node) const;
    QString repoHtml(const MapNode &node) const;
    QString infrastructureHtml(const MapNode &node) const;
    QString connectionsHtml(const EcosystemModel &model, const MapNode &node) const;

    QTextBrowser *m_browser;
};

} // namespace enclii::ui
