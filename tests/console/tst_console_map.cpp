// The Map: MapLayout is deterministic and legible (no overlaps, services inside their repo
// frame, bands in deploy order), and MapView's search and selection do what they say.

#include "FixtureServer.h"
#include "models/EcosystemModel.h"
#include "views/MapGraphicsView.h"
#include "views/MapLayout.h"
#include "views/MapScene.h"
#include "views/MapView.h"
#include "views/NodeDetailsPanel.h"

#include <QApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace enclii::ui;
using namespace Qt::StringLiterals;

class TestConsoleMap : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void layoutIsDeterministic();
    void layoutHasNoOverlaps();
    void layoutPutsNodesInTheirBands();
    void sceneDrawsEveryEdgeButNesting();
    void searchHighlightsAndCentres();
    void selectingShowsSpecWithDefaults();
    void emptyModelShowsPlaceholder();

private:
    EcosystemModel m_model;
};

void TestConsoleMap::initTestCase()
{
    QLocale::setDefault(QLocale::c());
    m_model.setEcosystem(QJsonDocument::fromJson(enclii::test::FixtureServer::fixture()).object());
    QVERIFY(!m_model.isEmpty());
}

void TestConsoleMap::layoutIsDeterministic()
{
    const MapLayout a = MapLayout::compute(m_model.nodes(), m_model.tiers());
    const MapLayout b = MapLayout::compute(m_model.nodes(), m_model.tiers());
    QCOMPARE(a.bounds(), b.bounds());
    QCOMPARE(a.boxes().size(), b.boxes().size());
    for (auto it = a.boxes().cbegin(); it != a.boxes().cend(); ++it)
        QCOMPARE(b.box(it.key())->rect, it.value().rect);
    // Every node of the model has a place.
    for (const MapNode &n : m_model.nodes())
        QVERIFY2(a.box(n.id), qPrintable(n.id));
}

void TestConsoleMap::layoutHasNoOverlaps()
{
    const MapLayout layout = MapLayout::compute(m_model.nodes(), m_model.tiers());
    QList<MapLayout::Box> nodes;
    QList<MapLayout::Box> frames;
    for (const MapLayout::Box &b : layout.boxes())
        (b.isFrame ? frames : nodes).append(b);

    for (int i = 0; i < nodes.size(); ++i)
        for (int j = i + 1; j < nodes.size(); ++j)
            QVERIFY2(!nodes[i].rect.intersects(nodes[j].rect),
                     qPrintable(nodes[i].id + u" overlaps "_s + nodes[j].id));
    for (int i = 0; i < frames.size(); ++i)
        for (int j = i + 1; j < frames.size(); ++j)
            QVERIFY2(!frames[i].rect.intersects(frames[j].rect),
                     qPrintable(frames[i].id + u" overlaps "_s + frames[j].id));
    for (const MapLayout::Box &n : std::as_const(nodes)) {
        for (const MapLayout::Box &f : std::as_const(frames)) {
            if (n.frameId == f.id)
                QVERIFY2(f.rect.contains(n.rect), qPrintable(n.id + u" sticks out of "_s + f.id));
            else
                QVERIFY2(!f.rect.intersects(n.rect), qPrintable(n.id + u" lies on "_s + f.id));
        }
        QVERIFY(layout.bounds().contains(n.rect));
    }
    // Legible at the console's usual size: the whole map shows at a readable scale.
    const qreal scale = std::min(1120 / layout.bounds().width(), 780 / layout.bounds().height());
    QVERIFY2(scale > 0.5, qPrintable(u"map would be drawn at %1 %"_s.arg(scale * 100)));
}

void TestConsoleMap::layoutPutsNodesInTheirBands()
{
    const MapLayout layout = MapLayout::compute(m_model.nodes(), m_model.tiers());
    QHash<int, QRectF> bandOfTier;
    qreal previousTop = -1;
    for (const MapLayout::Band &band : layout.bands()) {
        QVERIFY2(band.rect.top() > previousTop, "bands run top to bottom");
        previousTop = band.rect.top();
        bandOfTier.insert(band.tier, band.rect);
    }
    QVERIFY(bandOfTier.contains(0)); // infrastructure
    QCOMPARE(layout.bands().constFirst().tier, 0);
    for (const MapNode &n : m_model.nodes()) {
        const int tier = n.kind == MapNode::Kind::Infrastructure ? 0 : n.tier;
        QVERIFY2(bandOfTier.value(tier).contains(layout.box(n.id)->rect), qPrintable(n.id));
    }
    // Services of a repo sit in its frame; the repo prefix is dropped from their labels.
    const MapLayout::Box *api = layout.box(u"service:forgesight-api"_s);
    QVERIFY(api);
    QCOMPARE(api->frameId, u"repo:forgesight"_s);
    QCOMPARE(api->label, u"api"_s);
}

void TestConsoleMap::sceneDrawsEveryEdgeButNesting()
{
    MapScene scene;
    scene.rebuild(m_model);
    int nesting = 0;
    for (const MapEdge &e : m_model.edges()) {
        const MapLayout::Box *to = scene.layout().box(e.to);
        const MapLayout::Box *from = scene.layout().box(e.from);
        // Nesting shows as a service inside its repo frame; a self-edge (janua-api
        // authenticating through itself) shows in the node's details, not as a line.
        nesting += (to && to->frameId == e.from) || (from && from->frameId == e.to) || e.from == e.to;
    }
    QCOMPARE(scene.edgeCount(), m_model.edges().size() - nesting);
    QVERIFY(scene.hasNode(u"service:janua-api"_s));
    QCOMPARE(scene.nodeAt(scene.nodeRect(u"service:janua-api"_s).center()), u"service:janua-api"_s);
    QVERIFY(scene.nodeAt(QPointF(-100, -100)).isEmpty());
}

void TestConsoleMap::searchHighlightsAndCentres()
{
    MapView view(&m_model);
    view.resize(1400, 900);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));

    view.setSearchText(u"electrochem"_s);
    const QStringList matches = view.searchMatches();
    QVERIFY(matches.contains(u"repo:electrochem-sim"_s));
    QVERIFY(matches.contains(u"service:electrochem-sim-worker"_s));
    QVERIFY(!matches.contains(u"service:janua-api"_s));

    // The first match is centred, at a zoom one can read.
    MapGraphicsView *gv = view.graphicsView();
    QVERIFY(gv->zoom() >= 0.89);
    const QPointF centre = gv->mapToScene(gv->viewport()->rect().center());
    const QRectF first = view.scene()->nodeRect(matches.constFirst());
    QVERIFY2(QLineF(centre, first.center()).length() < 60,
             qPrintable(u"centre %1,%2 vs match %3,%4"_s.arg(centre.x()).arg(centre.y()).arg(first.center().x()).arg(first.center().y())));

    view.setSearchText(QString());
    QVERIFY(view.searchMatches().isEmpty());
}

void TestConsoleMap::selectingShowsSpecWithDefaults()
{
    MapView view(&m_model);
    view.resize(1400, 900);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));

    // Click the node itself, as a person would.
    MapGraphicsView *gv = view.graphicsView();
    gv->fitAll();
    const QPoint at = gv->mapFromScene(view.scene()->nodeRect(u"service:switchyard-api"_s).center());
    QTest::mouseClick(gv->viewport(), Qt::LeftButton, {}, at);
    QCOMPARE(view.scene()->selectedNode(), u"service:switchyard-api"_s);

    const QString text = view.detailsPanel()->plainText();
    const MapNode *node = m_model.node(u"service:switchyard-api"_s);
    QVERIFY(text.contains(u"switchyard-api"_s));
    for (const QString &host : node->domainHosts())
        QVERIFY2(text.contains(host), qPrintable(text));
    QVERIFY2(text.contains(node->namespaceName), qPrintable(text));
    QVERIFY2(text.contains(NodeDetailsPanel::tr("Autoscaling")), qPrintable(text));
    QVERIFY2(text.contains(NodeDetailsPanel::tr("Requests")), qPrintable(text));
    QVERIFY2(text.contains(u"janua-api"_s), qPrintable(text));
    if (!node->defaulted.isEmpty()) {
        QVERIFY2(text.contains(NodeDetailsPanel::tr("default")), qPrintable(text));
        QVERIFY2(text.contains(node->defaulted.constFirst()), qPrintable(text));
    }

    // Clicking the empty margin clears the selection.
    QTest::mouseClick(gv->viewport(), Qt::LeftButton, {}, gv->mapFromScene(QPointF(2, 2)));
    QVERIFY(view.scene()->selectedNode().isEmpty());
}

void TestConsoleMap::emptyModelShowsPlaceholder()
{
    EcosystemModel empty;
    MapView view(&empty);
    view.setPlaceholderText(u"nothing yet"_s);
    QCOMPARE(view.scene()->edgeCount(), 0);
    empty.setEcosystem(QJsonDocument::fromJson(enclii::test::FixtureServer::fixture()).object());
    QVERIFY(view.scene()->edgeCount() > 0);
    empty.clear();
    QCOMPARE(view.scene()->edgeCount(), 0);
}

QTEST_MAIN(TestConsoleMap)
#include "tst_console_map.moc"
