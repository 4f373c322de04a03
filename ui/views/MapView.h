#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QStackedWidget;

namespace enclii::ui {

class EcosystemFilterModel;
class EcosystemModel;
class MapGraphicsView;
class MapScene;
class NodeDetailsPanel;

// The Map screen: the dogfooding map drawn from EcosystemModel, a search box (through
// EcosystemFilterModel), zoom controls, a legend, and the selected node's spec at the side.
class MapView : public QWidget
{
    Q_OBJECT

public:
    explicit MapView(EcosystemModel *model, QWidget *parent = nullptr);

    MapScene *scene() const { return m_scene; }
    MapGraphicsView *graphicsView() const { return m_view; }
    NodeDetailsPanel *detailsPanel() const { return m_details; }

    // Shown instead of the map while there is nothing to draw.
    void setPlaceholderText(const QString &text);
    void selectNode(const QString &id);
    void setSearchText(const QString &text);
    QStringList searchMatches() const { return m_matches; }

private:
    void rebuild();
    void applySearch();
    void focusNextMatch();

    EcosystemModel *m_model;          // not owned
    EcosystemFilterModel *m_filter;   // children of this widget from here on
    MapScene *m_scene;
    MapGraphicsView *m_view;
    NodeDetailsPanel *m_details;
    QLineEdit *m_search;
    QLabel *m_matchLabel;
    QLabel *m_placeholder;
    QStackedWidget *m_stack;
    QStringList m_matches;
    int m_matchCursor = 0;
};

} // namespace enclii::ui
