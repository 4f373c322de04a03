// The seed as specs: every document in specs/ loads and the set validates; broken sets give
// their exact cross-document error.
#include "core/Capacity.h"
#include "spec/SpecLoader.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace enclii;

namespace {

const QString kSpecs = QStringLiteral(ENCLII_SOURCE_DIR "/specs");

QStringList errors(const spec::LoadResult &r)
{
    QStringList out;
    for (const auto &d : r.diagnostics)
        if (d.isError())
            out << d.toString();
    return out;
}

// A copy of specs/ in a temporary folder, so a test can break one file.
class SpecsCopy
{
public:
    SpecsCopy()
    {
        QDirIterator it(kSpecs, {QStringLiteral("*.yaml")}, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString src = it.next();
            const QString dst = m_dir.filePath(QDir(kSpecs).relativeFilePath(src));
            QDir().mkpath(QFileInfo(dst).path());
            QFile::copy(src, dst);
        }
    }
    QString path() const { return m_dir.path(); }
    bool edit(const QString &file, const QString &from, const QString &to)
    {
        QFile f(m_dir.filePath(file));
        if (!f.open(QIODevice::ReadOnly))
            return false;
        QString text = QString::fromUtf8(f.readAll());
        f.close();
        if (!text.contains(from))
            return false;
        text.replace(text.indexOf(from), from.size(), to);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return false;
        f.write(text.toUtf8());
        return true;
    }

private:
    QTemporaryDir m_dir;
};

} // namespace

class TestSpecSet : public QObject
{
    Q_OBJECT
private slots:
    void seedLoadsAndValidates()
    {
        const auto r = spec::SpecLoader().loadDirectory(kSpecs);
        QVERIFY2(r.ok(), qPrintable(errors(r).join(u'\n')));
        QCOMPARE(r.ecosystemDocuments, 1);
        QCOMPARE(r.specs.services.size(), 33);
        // The only finding is the expected warning: at maximum replicas the seed overflows.
        QCOMPARE(r.diagnostics.size(), 1);
        QVERIFY(r.diagnostics.first().message.startsWith(QStringLiteral("at maximum replicas")));
    }

    void seedValuesAreExact_data()
    {
        QTest::addColumn<QString>("service");
        QTest::addColumn<QString>("domain");
        QTest::addColumn<int>("minReplicas");
        QTest::addColumn<int>("maxReplicas");
        QTest::addColumn<QString>("namespaceName");
        QTest::newRow("switchyard-api") << "switchyard-api" << "api.enclii.dev" << 3 << 10 << "enclii-platform";
        QTest::newRow("switchyard-ui") << "switchyard-ui" << "app.enclii.dev" << 2 << 8 << "enclii-platform";
        QTest::newRow("janua-api") << "janua-api" << "auth.janua.dev" << 3 << 10 << "enclii-janua";
        QTest::newRow("roundhouse-api") << "roundhouse-api" << "builds.enclii.dev" << 2 << 5 << "enclii-platform";
        QTest::newRow("roundhouse-worker") << "roundhouse-worker" << "" << 2 << 10 << "enclii-platform";
        QTest::newRow("waybill-api") << "waybill-api" << "billing.enclii.dev" << 2 << 5 << "enclii-platform";
        QTest::newRow("forgesight-api") << "forgesight-api" << "api.forgesight.quest" << 2 << 10 << "enclii-forgesight";
        QTest::newRow("forgesight-web") << "forgesight-web" << "forgesight.quest" << 2 << 5 << "enclii-forgesight";
        QTest::newRow("dhanam-api") << "dhanam-api" << "api.dhanam.app" << 2 << 6 << "enclii-dhanam";
        QTest::newRow("dhanam-web") << "dhanam-web" << "dhanam.app" << 2 << 4 << "enclii-dhanam";
        QTest::newRow("fortuna-api") << "fortuna-api" << "api.fortuna.app" << 2 << 6 << "enclii-fortuna";
        QTest::newRow("fortuna-web") << "fortuna-web" << "fortuna.app" << 2 << 4 << "enclii-fortuna";
        QTest::newRow("electrochem-sim-api") << "electrochem-sim-api" << "api.electrochem.sim" << 2 << 6 << "enclii-electrochem";
        QTest::newRow("electrochem-sim-web") << "electrochem-sim-web" << "electrochem.sim" << 2 << 4 << "enclii-electrochem";
        QTest::newRow("electrochem-sim-worker") << "electrochem-sim-worker" << "" << 2 << 8 << "enclii-electrochem";
        QTest::newRow("bloom-scroll-api") << "bloom-scroll-api" << "api.bloomscroll.app" << 2 << 6 << "enclii-bloomscroll";
        QTest::newRow("bloom-scroll-web") << "bloom-scroll-web" << "bloomscroll.app" << 2 << 4 << "enclii-bloomscroll";
    }
    void seedValuesAreExact()
    {
        QFETCH(QString, service);
        QFETCH(QString, domain);
        QFETCH(int, minReplicas);
        QFETCH(int, maxReplicas);
        QFETCH(QString, namespaceName);
        static const auto r = spec::SpecLoader().loadDirectory(kSpecs);
        const core::ServiceSpec *s = r.specs.service(service);
        QVERIFY(s);
        if (!domain.isEmpty()) {
            QVERIFY(!s->domains.isEmpty());
            QCOMPARE(s->domains.first().host, domain);
        } else {
            QVERIFY(s->domains.isEmpty());
        }
        QCOMPARE(s->minReplicas(), minReplicas);
        QCOMPARE(s->maxReplicas(), maxReplicas);
        QCOMPARE(s->namespaceName, namespaceName);
    }

    void seedBudgetsAndCluster()
    {
        const auto r = spec::SpecLoader().loadDirectory(kSpecs);
        const auto &eco = r.specs.ecosystem;
        QCOMPARE(eco.budgets.size(), 7);
        const core::ServiceSpec *worker = r.specs.service(QStringLiteral("electrochem-sim-worker"));
        QVERIFY(worker);
        QCOMPARE(worker->resources.requests.cpu.millicores(), 1000);
        QCOMPARE(worker->resources.limits.memory.bytes(), 8LL << 30);
        QCOMPARE(eco.cluster.nodes, 3);
        QCOMPARE(eco.cluster.totalCpu().millicores(), 12000);
        QCOMPARE(eco.cluster.totalMemory().bytes(), 24LL << 30);
        QCOMPARE(eco.cluster.totalStorage().bytes(), 480LL << 30);
        QCOMPARE(eco.cluster.allocatableCpu().millicores(), 8400);
        QCOMPARE(eco.tiers.size(), 5);
        QCOMPARE(eco.repos.size(), 17);
        const core::CapacityPlan plan = core::planCapacity(r.specs);
        QVERIFY(plan.atMin.fits);
        QVERIFY(!plan.atMax.fits);
        QVERIFY(plan.unschedulable.isEmpty());
    }

    void brokenSet_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::addColumn<QString>("expected");
        QTest::newRow("dependency on a missing service") << "services/dhanam.yaml" << "service: janua-api" << "service: janua-apl"
            << "dependencies: depends on service \"janua-apl\", which no spec defines";
        QTest::newRow("duplicate domain") << "services/dhanam.yaml" << "host: dhanam.app" << "host: fortuna.app"
            << "spec.domains: domain fortuna.app is already used by";
        QTest::newRow("wrong namespace") << "services/dhanam.yaml" << "namespace: enclii-dhanam" << "namespace: enclii-fortuna"
            << "metadata.namespace: \"enclii-fortuna\" differs from repository dhanam's namespace \"enclii-dhanam\"";
        QTest::newRow("budget differs from spec") << "services/janua.yaml" << "cpu: 200m" << "cpu: 300m"
            << "spec.resources: differs from the ecosystem budget for janua";
        QTest::newRow("another app's database") << "services/dhanam.yaml" << "name: dhanam_prod" << "name: fortuna_prod"
            << "an app must not use another app's database";
        QTest::newRow("does not fit the cluster") << "ecosystem.yaml" << "overheadPercent: 30" << "overheadPercent: 60"
            << "at minimum replicas the ecosystem does not fit";
        QTest::newRow("unknown project") << "services/dhanam.yaml" << "project: dhanam" << "project: dhanm"
            << "metadata.project: \"dhanm\" is not a repository of the ecosystem";
    }
    void brokenSet()
    {
        QFETCH(QString, file);
        QFETCH(QString, from);
        QFETCH(QString, to);
        QFETCH(QString, expected);
        SpecsCopy copy;
        QVERIFY2(copy.edit(file, from, to), qPrintable(QStringLiteral("%1 has no \"%2\"").arg(file, from)));
        const auto r = spec::SpecLoader().loadDirectory(copy.path());
        const QStringList got = errors(r);
        QVERIFY(!r.ok());
        bool found = false;
        for (const auto &e : got)
            found = found || e.contains(expected);
        QVERIFY2(found, qPrintable(QStringLiteral("expected \"%1\" in:\n%2").arg(expected, got.join(u'\n'))));
        // Every cross-document error points at a file and a line.
        for (const auto &d : r.diagnostics)
            QVERIFY2(!d.file.isEmpty() && d.line > 0, qPrintable(d.toString()));
    }

    void missingEcosystem()
    {
        QTemporaryDir dir;
        QFile::copy(kSpecs + QStringLiteral("/services/dhanam.yaml"), dir.filePath(QStringLiteral("dhanam.yaml")));
        const auto r = spec::SpecLoader().loadDirectory(dir.path());
        QVERIFY(errors(r).join(u'\n').contains(QStringLiteral("no Ecosystem document")));
    }
};

QTEST_APPLESS_MAIN(TestSpecSet)
#include "tst_specset.moc"
