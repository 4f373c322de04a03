#include "MapView.h"

#include "MapGraphicsView.h"
#include "MapLegend.h"
#include "MapScene.h"
#include "NodeDetailsPanel.h"
#include "models/EcosystemFilterModel.h"
#include "models/EcosystemModel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSplitter>
#include <QStackedWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace enclii::ui {

namespace {

QToolButton *toolButton(const QString &text, const QString &tip, QWidget *parent)
{
    auto *b = new QToolButton(parent);
    b->setText(text);
    b->setToolTip(tip);
    b->setAutoRaise(false);
    b->setMinimumWidth(34);
    return b;
}

} // namespace

MapView::MapView(EcosystemModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_filter(new EcosystemFilterModel(this))
    , m_scene(new MapScene(this))
    , m_view(new MapGraphicsView(m_scene, this))
    , m_details(new NodeDetailsPanel(this))
    , m_search(new QLineEdit(this))
    , m_matchLabel(new QLabel(this))
    , m_placeholder(new QLabel(this))
    , m_stack(new QStackedWidget(this))
{
    m_filter->setSourceModel(m_model);

    m_search->setPlaceholderText(tr("Search by name or domain…"));
    m_search->setClearButtonEnabled(true);
    m_search->setMinimumWidth(280);
    m_search->setToolTip(tr("Matches are highlighted and the first is centred; press Enter for the next one."));

    auto *zoomOut = toolButton(QStringLiteral("−"), tr("Zoom out"), this);
    auto *zoomIn = toolButton(QStringLiteral("+"), tr("Zoom in"), this);
    auto *fit = toolButton(tr("Fit"), tr("Show the whole map"), this);

    auto *toolbar = new QHBoxLayout;
    toolbar->setContentsMargins(8, 6, 8, 2);
    toolbar->addWidget(m_search);
    toolbar->addWidget(m_matchLabel);
    toolbar->addStretch(1);
    toolbar->addWidget(zoomOut);
    toolbar->addWidget(zoomIn);
    toolbar->addWidget(fit);

    auto *legend = new MapLegend(this);

    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_placeholder->setMargin(40);
    m_placeholder->setText(tr("Waiting for the ecosystem from encliid…"));
    m_stack->addWidget(m_placeholder);
    m_stack->addWidget(m_view);

    auto *mapColumn = new QWidget(this);
    auto *mapLayout = new QVBoxLayout(mapColumn);
    mapLayout->setContentsMargins(0, 0, 0, 0);
    mapLayout->setSpacing(0);
    mapLayout->addWidget(m_stack, 1);
    mapLayout->addWidget(legend);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(mapColumn);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 0);
    splitter->setChildrenCollapsible(false);
    m_details->setMinimumWidth(260);
    splitter->setSizes({1100, 310});

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(toolbar);
    layout->addWidget(splitter, 1);

    connect(zoomIn, &QToolButton::clicked, m_view, &MapGraphicsView::zoomIn);
    connect(zoomOut, &QToolButton::clicked, m_view, &MapGraphicsView::zoomOut);
    connect(fit, &QToolButton::clicked, m_view, &MapGraphicsView::fitAll);
    connect(legend, &MapLegend::edgeKindToggled, m_scene, &MapScene::setEdgeKindVisible);
    connect(m_view, &MapGraphicsView::nodeClicked, this, &MapView::selectNode);
    connect(m_view, &MapGraphicsView::backgroundClicked, this, [this] { selectNode({}); });
    connect(m_search, &QLineEdit::textChanged, this, &MapView::applySearch);
    connect(m_search, &QLineEdit::returnPressed, this, &MapView::focusNextMatch);
    connect(m_model, &QAbstractItemModel::modelReset, this, &MapView::rebuild);

    rebuild();
}

void MapView::setPlaceholderText(const QString &text)
{
    m_placeholder->setText(text);
}

void MapView::rebuild()
{
    const QString selected = m_scene->selectedNode();
    m_scene->rebuild(*m_model);
    m_stack->setCurrentWidget(m_model->isEmpty() ? static_cast<QWidget *>(m_placeholder) : m_view);
    m_view->fitAll();
    // Keep the user's place across a refetch: same selection, same search.
    if (m_scene->hasNode(selected))
        selectNode(selected);
    else
        m_details->showOverview(*m_model);
    applySearch();
}

void MapView::selectNode(const QString &id)
{
    m_scene->setSelectedNode(id);
    if (m_scene->selectedNode().isEmpty())
        m_details->showOverview(*m_model);
    else
        m_details->showNode(*m_model, id);
}

void MapView::setSearchText(const QString &text)
{
    m_search->setText(text); // textChanged -> applySearch
}

void MapView::applySearch()
{
    const QString text = m_search->text();
    m_filter->setSearchText(text);
    const bool searching = !text.trimmed().isEmpty();
    m_matches = searching ? m_filter->matchingIds() : QStringList();
    m_matchCursor = 0;
    m_scene->setMatches(m_matches, searching);
    if (!searching) {
        m_matchLabel->clear();
        return;
    }
    m_matchLabel->setText(m_matches.isEmpty() ? tr("no match") : tr("%n match(es)", nullptr, int(m_matches.size())));
    if (!m_matches.isEmpty())
        m_view->focusOn(m_scene->nodeRect(m_matches.constFirst()));
}

void MapView::focusNextMatch()
{
    if (m_matches.isEmpty())
        return;
    m_matchCursor = (m_matchCursor + 1) % int(m_matches.size());
    m_view->focusOn(m_scene->nodeRect(m_matches.at(m_matchCursor)));
}

} // namespace enclii::ui
