// EcosystemModel, EcosystemFilterModel and BudgetModel fed from tests/data/ecosystem.json,
// and fed garbage. Expectations are read from the fixture itself wherever they can be, so
// the fixture may be regenerated from encliid's real output without touching this file.

#include "FixtureServer.h"
#include "models/BudgetModel.h"
#include "models/EcosystemFilterModel.h"
#include "models/EcosystemModel.h"
#include "models/Units.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTest>

using namespace enclii::ui;
using namespace Qt::StringLiterals;

namespace {

QJsonObject fixture()
{
    return QJsonDocument::fromJson(enclii::test::FixtureServer::fixture()).object();
}

QJsonObject fixtureNode(const QJsonObject &doc, const QString &id)
{
    for (const QJsonValue &v : doc.value("nodes"_L1).toArray())
        if (v.toObject().value("id"_L1).toString() == id)
            return v.toObject();
    return {};
}

int countKind(const QJsonObject &doc, const QString &kind)
{
    int n = 0;
    for (const QJsonValue &v : doc.value("nodes"_L1).toArray())
        n += v.toObject().value("kind"_L1).toString() == kind;
    return n;
}

QJsonObject parse(const char *json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}

} // namespace

class TestConsoleModels : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void ecosystemRowsMatchFixture();
    void ecosystemRolesOfAService();
    void ecosystemRolesOfOtherKinds();
    void ecosystemEdgesAndTiers();
    void ecosystemPassesModelTester();
    void filterByName();
    void filterByDomainAndKind();

    void budgetRowsAndScenarios();
    void budgetOverflowFlags();
    void budgetDisplayAndSortValues();

    void unitsFormatting();

    void malformedTopLevel();
    void malformedNodesAndEdges();
    void malformedCapacity();

private:
    QJsonObject m_doc;
};

void TestConsoleModels::initTestCase()
{
    QLocale::setDefault(QLocale::c()); // formatted numbers compared below use '.'
    m_doc = fixture();
    QVERIFY2(!m_doc.isEmpty(), "tests/data/ecosystem.json is missing or not a JSON object");
    QVERIFY(m_doc.value("nodes"_L1).toArray().size() > 0);
}

void TestConsoleModels::ecosystemRowsMatchFixture()
{
    EcosystemModel model;
    model.setEcosystem(m_doc);
    QCOMPARE(model.rowCount(), m_doc.value("nodes"_L1).toArray().size());
    QCOMPARE(model.columnCount(), int(EcosystemModel::ColumnCount));
    QVERIFY2(model.warnings().isEmpty(), qPrintable(model.warnings().join(u'\n')));
    QCOMPARE(model.ecosystemName(), m_doc.value("name"_L1).toString());

    QHash<QString, int> kinds;
    for (int r = 0; r < model.rowCount(); ++r)
        ++kinds[model.index(r, 0).data(EcosystemModel::KindRole).toString()];
    for (const QString &kind : {u"repo"_s, u"service"_s, u"infrastructure"_s, u"library"_s}) {
        QCOMPARE(kinds.value(kind), countKind(m_doc, kind));
        QVERIFY2(kinds.value(kind) > 0, qPrintable(u"fixture has no "_s + kind));
    }
    // The seed's landmarks are on the map.
    for (const char *id : {"repo:enclii", "repo:janua", "repo:forgesight", "repo:electrochem-sim",
                           "service:switchyard-api", "service:janua-api", "infra:postgresql", "library:geom-core"})
        QVERIFY2(model.indexOf(QString::fromLatin1(id)).isValid(), id);
}

void TestConsoleModels::ecosystemRolesOfAService()
{
    EcosystemModel model;
    model.setEcosystem(m_doc);
    const QString id = u"service:switchyard-api"_s;
    const QJsonObject json = fixtureNode(m_doc, id);
    const QModelIndex index = model.indexOf(id);
    QVERIFY(index.isValid());

    QCOMPARE(index.data(EcosystemModel::IdRole).toString(), id);
    QCOMPARE(index.data(EcosystemModel::KindRole).toString(), u"service"_s);
    QCOMPARE(index.data(EcosystemModel::NameRole).toString(), u"switchyard-api"_s);
    QCOMPARE(index.data(Qt::DisplayRole).toString(), u"switchyard-api"_s);
    QCOMPARE(index.data(EcosystemModel::TierRole).toInt(), json.value("tier"_L1).toInt());
    QCOMPARE(index.data(EcosystemModel::NamespaceRole).toString(), json.value("namespace"_L1).toString());
    QCOMPARE(index.data(EcosystemModel::RepoRole).toString(), u"enclii"_s);
    QVERIFY(index.data(EcosystemModel::DomainsRole).toStringList().contains(u"api.enclii.dev"_s));
    QCOMPARE(index.data(EcosystemModel::ReplicasRole).toInt(), json.value("replicas"_L1).toInt());

    const QVariantMap scaling = index.data(EcosystemModel::AutoscalingRole).toMap();
    const QJsonObject jsonScaling = json.value("autoscaling"_L1).toObject();
    QCOMPARE(scaling.value(u"minReplicas"_s).toInt(), jsonScaling.value("minReplicas"_L1).toInt());
    QCOMPARE(scaling.value(u"maxReplicas"_s).toInt(), jsonScaling.value("maxReplicas"_L1).toInt());
    QVERIFY(scaling.value(u"maxReplicas"_s).toInt() >= scaling.value(u"minReplicas"_s).toInt());

    const QVariantMap resources = index.data(EcosystemModel::ResourcesRole).toMap();
    const QJsonObject jsonRequests = json.value("resources"_L1).toObject().value("requests"_L1).toObject();
    const QJsonObject jsonLimits = json.value("resources"_L1).toObject().value("limits"_L1).toObject();
    QCOMPARE(resources.value(u"requests"_s).toMap().value(u"cpuMillis"_s).toLongLong(),
             qint64(jsonRequests.value("cpuMillis"_L1).toDouble()));
    QCOMPARE(resources.value(u"requests"_s).toMap().value(u"memoryBytes"_s).toLongLong(),
             qint64(jsonRequests.value("memoryBytes"_L1).toDouble()));
    QCOMPARE(resources.value(u"limits"_s).toMap().value(u"cpuMillis"_s).toLongLong(),
             qint64(jsonLimits.value("cpuMillis"_L1).toDouble()));
    QCOMPARE(resources.value(u"requests"_s).toMap().value(u"cpu"_s).toString(), jsonRequests.value("cpu"_L1).toString());

    const QVariantMap wave = index.data(EcosystemModel::WaveRole).toMap();
    QCOMPARE(wave.value(u"order"_s).toInt(), json.value("wave"_L1).toObject().value("order"_L1).toInt());
    QCOMPARE(wave.value(u"step"_s).toString(), json.value("wave"_L1).toObject().value("step"_L1).toString());

    const QVariantList deps = index.data(EcosystemModel::DependenciesRole).toList();
    QCOMPARE(deps.size(), json.value("dependencies"_L1).toArray().size());
    bool hasJanua = false;
    for (const QVariant &d : deps)
        hasJanua |= d.toMap().value(u"kind"_s) == u"auth"_s && d.toMap().value(u"service"_s) == u"janua-api"_s;
    QVERIFY2(hasJanua, "switchyard-api authenticates through janua-api");

    QStringList defaulted;
    for (const QJsonValue &v : json.value("defaulted"_L1).toArray())
        defaulted << v.toString();
    QCOMPARE(index.data(EcosystemModel::DefaultedRole).toStringList(), defaulted);
    QCOMPARE(index.data(EcosystemModel::HasDefaultsRole).toBool(), !defaulted.isEmpty());

    const auto node = index.data(EcosystemModel::NodeRole).value<MapNode>();
    QCOMPARE(node.id, id);
    QCOMPARE(node.kind, MapNode::Kind::Service);
    for (const QString &path : defaulted) {
        QVERIFY(node.isDefaulted(path));
        QVERIFY(node.isDefaulted(path + u".child"_s));
    }
    QVERIFY(!node.isDefaulted(u"spec.nothing-like-this"_s));
}

void TestConsoleModels::ecosystemRolesOfOtherKinds()
{
    EcosystemModel model;
    model.setEcosystem(m_doc);

    const MapNode *postgres = model.node(u"infra:postgresql"_s);
    QVERIFY(postgres);
    QCOMPARE(postgres->kind, MapNode::Kind::Infrastructure);
    QCOMPARE(postgres->infraKind, fixtureNode(m_doc, u"infra:postgresql"_s).value("infraKind"_L1).toString());
    QVERIFY(!model.indexOf(u"infra:postgresql"_s).data(EcosystemModel::AutoscalingRole).isValid());
    QVERIFY(!model.indexOf(u"infra:postgresql"_s).data(EcosystemModel::ResourcesRole).isValid());

    const MapNode *geom = model.node(u"library:geom-core"_s);
    QVERIFY(geom);
    QCOMPARE(geom->kind, MapNode::Kind::Library);
    QVERIFY(!geom->deployed);
    QVERIFY(geom->usedBy.contains(u"forgesight"_s));

    const MapNode *enclii = model.node(u"repo:enclii"_s);
    QVERIFY(enclii);
    QCOMPARE(enclii->kind, MapNode::Kind::Repo);
    QVERIFY(enclii->components.contains(u"switchyard-api"_s));
    QCOMPARE(enclii->tier, 1);
}

void TestConsoleModels::ecosystemEdgesAndTiers()
{
    EcosystemModel model;
    model.setEcosystem(m_doc);
    QCOMPARE(model.edges().size(), m_doc.value("edges"_L1).toArray().size());

    QSet<QString> kinds;
    for (const MapEdge &e : model.edges()) {
        QVERIFY(model.node(e.from));
        QVERIFY(model.node(e.to));
        kinds.insert(e.kind);
    }
    for (const QString &kind : {u"auth"_s, u"platform"_s, u"data"_s, u"service"_s, u"component"_s, u"library"_s})
        QVERIFY2(kinds.contains(kind), qPrintable(u"no edge of kind "_s + kind));

    QVERIFY(model.tiers().size() >= m_doc.value("tiers"_L1).toArray().size());
    for (int i = 1; i < model.tiers().size(); ++i)
        QVERIFY(model.tiers().at(i - 1).id < model.tiers().at(i).id);
    QCOMPARE(model.tiers().constFirst().id, 1);
}

void TestConsoleModels::ecosystemPassesModelTester()
{
    EcosystemModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setEcosystem(m_doc);
    model.clear();
    model.setEcosystem(m_doc);

    EcosystemFilterModel filter;
    filter.setSourceModel(&model);
    QAbstractItemModelTester filterTester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
    filter.setSearchText(u"api"_s);
    filter.setSearchText({});

    BudgetModel budgets;
    QAbstractItemModelTester budgetTester(&budgets, QAbstractItemModelTester::FailureReportingMode::QtTest);
    budgets.setEcosystem(m_doc);
}

void TestConsoleModels::filterByName()
{
    EcosystemModel model;
    model.setEcosystem(m_doc);
    EcosystemFilterModel filter;
    filter.setSourceModel(&model);
    QCOMPARE(filter.rowCount(), model.rowCount());

    filter.setSearchText(u"JANUA"_s);
    QStringList expected;
    for (const QJsonValue &v : m_doc.value("nodes"_L1).toArray()) {
        const QJsonObject o = v.toObject();
        bool hit = o.value("name"_L1).toString().contains("janua"_L1, Qt::CaseInsensitive);
        for (const QJsonValue &d : o.value("domains"_L1).toArray())
            hit |= d.toObject().value("host"_L1).toString().contains("janua"_L1, Qt::CaseInsensitive);
        if (hit)
            expected << o.value("id"_L1).toString();
    }
    QCOMPARE(filter.matchingIds(), expected);
    QVERIFY(filter.matchingIds().contains(u"service:janua-api"_s));
    QVERIFY(filter.matchingIds().contains(u"repo:janua"_s));

    filter.setSearchText(u"  no-such-node-anywhere "_s);
    QCOMPARE(filter.rowCount(), 0);
    filter.setSearchText(QString());
    QCOMPARE(filter.rowCount(), model.rowCount());
}

void TestConsoleModels::filterByDomainAndKind()
{
    EcosystemModel model;
    model.setEcosystem(m_doc);
    EcosystemFilterModel filter;
    filter.setSourceModel(&model);

    filter.setSearchText(u"api.enclii.dev"_s);
    QVERIFY(filter.matchingIds().contains(u"service:switchyard-api"_s));

    filter.setSearchText({});
    filter.setKinds({u"infrastructure"_s});
    QCOMPARE(filter.rowCount(), countKind(m_doc, u"infrastructure"_s));
    filter.setKinds({u"service"_s});
    filter.setSearchText(u"forgesight"_s);
    for (const QString &id : filter.matchingIds())
        QVERIFY2(id.startsWith("service:"_L1), qPrintable(id));
    QVERIFY(filter.matchingIds().contains(u"service:forgesight-api"_s));
    QVERIFY(!filter.matchingIds().contains(u"repo:forgesight"_s));
}

void TestConsoleModels::budgetRowsAndScenarios()
{
    BudgetModel model;
    model.setEcosystem(m_doc);
    const QJsonObject capacity = m_doc.value("capacity"_L1).toObject();
    QVERIFY(model.hasCapacity());
    QCOMPARE(model.rowCount(), capacity.value("apps"_L1).toArray().size());
    QCOMPARE(model.columnCount(), int(BudgetModel::ColumnCount));
    QCOMPARE(model.allocatable().cpuMillis,
             qint64(capacity.value("allocatable"_L1).toObject().value("cpuMillis"_L1).toDouble()));
    QCOMPARE(model.allocatable().memoryBytes,
             qint64(capacity.value("allocatable"_L1).toObject().value("memoryBytes"_L1).toDouble()));

    for (const QJsonValue &v : capacity.value("scenarios"_L1).toArray()) {
        const QJsonObject s = v.toObject();
        const ScenarioSummary &summary = s.value("name"_L1).toString() == "min"_L1 ? model.atMin() : model.atMax();
        QVERIFY(summary.present);
        QCOMPARE(summary.fits, s.value("fits"_L1).toBool());
        QCOMPARE(summary.cpuPercent, s.value("cpuPercent"_L1).toDouble());
        QCOMPARE(summary.memoryPercent, s.value("memoryPercent"_L1).toDouble());
        QCOMPARE(summary.overflowingApps.size(), s.value("overflowingApps"_L1).toArray().size());
        QCOMPARE(summary.fits, summary.overflowingApps.isEmpty());
    }
    // The fixture is built so that the max scenario overflows; the Budgets screen is about that.
    QVERIFY(!model.atMax().fits);
    QVERIFY(!model.atMax().overflowingApps.isEmpty());
}

void TestConsoleModels::budgetOverflowFlags()
{
    BudgetModel model;
    model.setEcosystem(m_doc);
    int overflowingAtMax = 0;
    for (int r = 0; r < model.rowCount(); ++r) {
        const QString app = model.index(r, BudgetModel::AppColumn).data().toString();
        const bool atMin = model.atMin().overflowingApps.contains(app);
        const bool atMax = model.atMax().overflowingApps.contains(app);
        QCOMPARE(model.index(r, BudgetModel::OverflowsMinColumn).data(BudgetModel::RawValueRole).toBool(), atMin);
        QCOMPARE(model.index(r, BudgetModel::OverflowsMaxColumn).data(BudgetModel::RawValueRole).toBool(), atMax);
        QCOMPARE(model.index(r, BudgetModel::TierColumn).data(BudgetModel::OverflowsAtMaxRole).toBool(), atMax);
        QCOMPARE(model.apps().at(r).overflowsAtMax, atMax);
        overflowingAtMax += atMax;
        // A flagged cell says so in words, not only in colour.
        QCOMPARE(model.index(r, BudgetModel::OverflowsMaxColumn).data().toString(),
                 atMax ? BudgetModel::tr("Overflows") : BudgetModel::tr("Fits"));
    }
    QCOMPARE(overflowingAtMax, model.atMax().overflowingApps.size());
}

void TestConsoleModels::budgetDisplayAndSortValues()
{
    BudgetModel model;
    model.setEcosystem(m_doc);
    const QJsonArray apps = m_doc.value("capacity"_L1).toObject().value("apps"_L1).toArray();
    for (int r = 0; r < model.rowCount(); ++r) {
        const QJsonObject app = apps.at(r).toObject();
        QCOMPARE(model.index(r, BudgetModel::AppColumn).data().toString(), app.value("app"_L1).toString());
        const QJsonObject max = app.value("max"_L1).toObject();
        const qint64 cpu = qint64(max.value("requests"_L1).toObject().value("cpuMillis"_L1).toDouble());
        const qint64 mem = qint64(max.value("limits"_L1).toObject().value("memoryBytes"_L1).toDouble());
        QCOMPARE(model.index(r, BudgetModel::RequestsCpuMaxColumn).data(BudgetModel::RawValueRole).toLongLong(), cpu);
        QCOMPARE(model.index(r, BudgetModel::RequestsCpuMaxColumn).data().toString(), units::cpu(cpu));
        QCOMPARE(model.index(r, BudgetModel::LimitsMemoryMaxColumn).data(BudgetModel::RawValueRole).toLongLong(), mem);
        QCOMPARE(model.index(r, BudgetModel::LimitsMemoryMaxColumn).data().toString(), units::memory(mem));
        // At max there are at least as many pods as at min.
        QVERIFY(model.apps().at(r).max.requests.cpuMillis >= model.apps().at(r).min.requests.cpuMillis);
    }
    QVERIFY(!model.headerData(BudgetModel::RequestsCpuMinColumn, Qt::Horizontal).toString().isEmpty());
}

void TestConsoleModels::unitsFormatting()
{
    QCOMPARE(units::cpu(250), u"250m"_s);
    QCOMPARE(units::cpu(1000), u"1 core"_s);
    QCOMPARE(units::cpu(8400), u"8.4 cores"_s);
    QCOMPARE(units::cpu(2000), u"2 cores"_s);
    QCOMPARE(units::cpu(0), u"0 cores"_s);
    QCOMPARE(units::memory(536870912), u"512 MiB"_s);
    QCOMPARE(units::memory(2147483648), u"2 GiB"_s);
    QCOMPARE(units::memory(18038862643), u"16.8 GiB"_s);
    QCOMPARE(units::percent(97.94), u"97.9 %"_s);
}

void TestConsoleModels::malformedTopLevel()
{
    EcosystemModel model;
    BudgetModel budgets;
    model.setEcosystem(m_doc);
    budgets.setEcosystem(m_doc);

    // Not JSON at all: fromJson yields an empty object, the models empty out.
    const QJsonObject garbage = QJsonDocument::fromJson("this is { not json").object();
    model.setEcosystem(garbage);
    budgets.setEcosystem(garbage);
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(model.isEmpty());
    QVERIFY(model.edges().isEmpty());
    QVERIFY(model.tiers().isEmpty());
    QVERIFY(!model.warnings().isEmpty());
    QCOMPARE(budgets.rowCount(), 0);
    QVERIFY(!budgets.hasCapacity());
    QVERIFY(!budgets.atMin().present);

    // Every key of the wrong type.
    model.setEcosystem(parse(R"({"name": 7, "nodes": "many", "edges": {"a": 1}, "tiers": 3, "capacity": []})"));
    budgets.setEcosystem(parse(R"({"capacity": {"apps": {"x": 1}, "scenarios": "none", "allocatable": [1]}})"));
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.ecosystemName(), QString());
    QCOMPARE(budgets.rowCount(), 0);
    QCOMPARE(budgets.allocatable().cpuMillis, 0);
    QVERIFY(!model.data(model.index(0, 0)).isValid());
    QVERIFY(!budgets.data(budgets.index(3, 3)).isValid());
}

void TestConsoleModels::malformedNodesAndEdges()
{
    EcosystemModel model;
    model.setEcosystem(parse(R"({
        "nodes": [
            {"id": 5, "name": "numeric id"},
            {"name": "no id"},
            42, null, "text",
            {"id": "service:a", "name": "a", "kind": "service", "tier": "one", "replicas": "three",
             "domains": "nope", "autoscaling": [1, 2], "resources": {"requests": "x"}, "wave": 2,
             "dependencies": [1, {"kind": 3}], "defaulted": ["spec.replicas", 4]},
            {"id": "service:a", "name": "duplicate"},
            {"id": "repo:r", "name": "r", "kind": "repo", "tier": 9, "components": "a"},
            {"id": "x:new", "name": "future kind", "kind": "gizmo", "tier": 2}
        ],
        "edges": [
            {"from": "service:a", "to": "repo:r", "kind": "component"},
            {"from": "service:a", "to": "service:missing", "kind": "auth"},
            {"from": 1, "to": 2},
            "edge"
        ],
        "tiers": [{"id": 2, "name": "Two"}, {"id": "3"}, {"id": 2, "name": "again"}]
    })"));

    QCOMPARE(model.rowCount(), 3);
    QVERIFY(model.warnings().size() >= 5);
    const QModelIndex a = model.indexOf(u"service:a"_s);
    QVERIFY(a.isValid());
    QCOMPARE(a.data(EcosystemModel::NameRole).toString(), u"a"_s); // the first one wins
    QCOMPARE(a.data(EcosystemModel::TierRole).toInt(), 0);
    QCOMPARE(a.data(EcosystemModel::ReplicasRole).toInt(), 0);
    QVERIFY(a.data(EcosystemModel::DomainsRole).toStringList().isEmpty());
    QVERIFY(!a.data(EcosystemModel::AutoscalingRole).isValid());
    QVERIFY(!a.data(EcosystemModel::WaveRole).isValid());
    const QVariantMap resources = a.data(EcosystemModel::ResourcesRole).toMap();
    QCOMPARE(resources.value(u"requests"_s).toMap().value(u"cpuMillis"_s).toLongLong(), 0);
    QCOMPARE(a.data(EcosystemModel::DependenciesRole).toList().size(), 1); // the object one, emptied
    QCOMPARE(a.data(EcosystemModel::DefaultedRole).toStringList(), QStringList{u"spec.replicas"_s});

    const MapNode *repo = model.node(u"repo:r"_s);
    QVERIFY(repo);
    QVERIFY(repo->components.isEmpty());
    const MapNode *future = model.node(u"x:new"_s);
    QVERIFY(future);
    QCOMPARE(future->kind, MapNode::Kind::Unknown);

    QCOMPARE(model.edges().size(), 1);
    // Tier 2 from the list, tier 9 because a node lives there.
    QCOMPARE(model.tiers().size(), 2);
    QCOMPARE(model.tiers().at(0).id, 2);
    QCOMPARE(model.tiers().at(0).name, u"Two"_s);
    QCOMPARE(model.tiers().at(1).id, 9);

    EcosystemFilterModel filter;
    filter.setSourceModel(&model);
    filter.setSearchText(u"a"_s);
    QVERIFY(filter.matchingIds().contains(u"service:a"_s));
}

void TestConsoleModels::malformedCapacity()
{
    BudgetModel model;
    model.setEcosystem(parse(R"({
        "capacity": {
            "allocatable": {"cpuMillis": "lots", "memoryBytes": 1024},
            "apps": [
                {"app": "ok", "tier": 1, "min": {"requests": {"cpuMillis": 100}}},
                {"tier": 2},
                {"app": "bare"},
                7
            ],
            "scenarios": [
                {"name": "max", "overflowingApps": ["bare", 3, null], "cpuPercent": "high"},
                {"name": "min", "fits": true, "overflowingApps": "none"},
                {"name": "sideways"}
            ]
        }
    })"));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.allocatable().cpuMillis, 0);
    QCOMPARE(model.allocatable().memoryBytes, 1024);
    QCOMPARE(model.apps().at(0).min.requests.cpuMillis, 100);
    QCOMPARE(model.apps().at(0).max.requests.cpuMillis, 0);
    QVERIFY(model.atMin().present);
    QVERIFY(model.atMin().fits);
    QVERIFY(model.atMax().present);
    QVERIFY(!model.atMax().fits); // no "fits" key and someone overflows
    QCOMPARE(model.atMax().overflowingApps, QStringList{u"bare"_s});
    QCOMPARE(model.atMax().cpuPercent, 0.0);
    QVERIFY(!model.apps().at(0).overflowsAtMax);
    QVERIFY(model.apps().at(1).overflowsAtMax);
    QCOMPARE(model.index(1, BudgetModel::RequestsCpuMinColumn).data().toString(), units::cpu(0));
}

QTEST_GUILESS_MAIN(TestConsoleModels)
#include "tst_console_models.moc"
