// The catalog: import all-or-nothing, then applies validated against the whole stored set
// inside the write transaction, so two replicas cannot both take the same domain.
#include "catalog/Catalog.h"
#include "store/Database.h"
#include "store/Migrator.h"
#include "support/TestPostgres.h"

#include <QFile>
#include <QTest>

#include <thread>

using namespace enclii;

namespace {

const QString kSpecs = QStringLiteral(ENCLII_SOURCE_DIR "/specs");

QByteArray firstDocument(const QString &file)
{
    QFile f(kSpecs + QStringLiteral("/services/") + file);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QByteArray all = f.readAll();
    const qsizetype start = all.indexOf("apiVersion");
    const qsizetype end = all.indexOf("\n---", start);
    return all.mid(start, end < 0 ? -1 : end - start + 1);
}

} // namespace

class TestCatalog : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY2(m_pg.isValid(), qPrintable(m_pg.error()));
        m_db = std::make_unique<store::Database>(store::Database::Options{m_pg.connectionString(), 6, 10000});
        QString error;
        QVERIFY2(store::Migrator(*m_db).migrate(&error) >= 0, qPrintable(error));
    }

    void applyBeforeImportIsRefused()
    {
        catalog::Catalog cat(*m_db, 0);
        const auto report = cat.applyService(QStringLiteral("dhanam-api"), firstDocument(QStringLiteral("dhanam.yaml")), QStringLiteral("t"));
        QCOMPARE(report.status, catalog::Catalog::ApplyReport::Status::NoEcosystem);
    }

    void importIsAllOrNothingThenIdempotent()
    {
        catalog::Catalog cat(*m_db, 0);
        const auto first = cat.importDirectory(kSpecs, QStringLiteral("import"));
        QVERIFY(first.ok());
        QCOMPARE(first.documents, 34);
        QCOMPARE(first.changed, 34);
        QCOMPARE(cat.importDirectory(kSpecs, QStringLiteral("import")).changed, 0);
        const auto snap = cat.snapshot();
        QVERIFY(snap->hasEcosystem);
        QCOMPARE(snap->specs.services.size(), 33);
        QCOMPARE(snap->revisions.value(QStringLiteral("janua-api")), 1);

        const auto broken = cat.importDirectory(QStringLiteral("/nonexistent"), QStringLiteral("import"));
        QVERIFY(!broken.ok());
        QCOMPARE(cat.snapshot()->specs.services.size(), 33);
    }

    void twoReplicasCannotTakeTheSameDomain()
    {
        // Two catalogs (two encliid replicas) each move a different service onto one new
        // domain at the same moment: exactly one wins; the other is told the domain is taken.
        QByteArray dhanam = firstDocument(QStringLiteral("dhanam.yaml"));
        QByteArray fortuna = firstDocument(QStringLiteral("fortuna.yaml"));
        QVERIFY(dhanam.contains("host: api.dhanam.app") && fortuna.contains("host: api.fortuna.app"));
        dhanam.replace("host: api.dhanam.app", "host: contested.example.dev");
        fortuna.replace("host: api.fortuna.app", "host: contested.example.dev");
        for (int round = 0; round < 5; ++round) {
            const QByteArray host = "contested" + QByteArray::number(round) + ".example.dev";
            QByteArray a = dhanam, b = fortuna;
            a.replace("contested.example.dev", host);
            b.replace("contested.example.dev", host);
            catalog::Catalog one(*m_db, 0), two(*m_db, 0);
            catalog::Catalog::ApplyReport ra, rb;
            std::thread ta([&] { ra = one.applyService(QStringLiteral("dhanam-api"), a, QStringLiteral("a")); });
            std::thread tb([&] { rb = two.applyService(QStringLiteral("fortuna-api"), b, QStringLiteral("b")); });
            ta.join();
            tb.join();
            using S = catalog::Catalog::ApplyReport::Status;
            const int applied = (ra.status == S::Applied) + (rb.status == S::Applied);
            QCOMPARE(applied, 1);
            const auto &loser = ra.status == S::Applied ? rb : ra;
            QCOMPARE(loser.status, S::Invalid);
            QVERIFY(loser.diagnostics.first().message.contains(QStringLiteral("is already used by")));
            // Give the domain back for the next round.
            catalog::Catalog reset(*m_db, 0);
            const QString winner = ra.status == S::Applied ? QStringLiteral("dhanam-api") : QStringLiteral("fortuna-api");
            QByteArray original = firstDocument(winner == QLatin1String("dhanam-api") ? QStringLiteral("dhanam.yaml") : QStringLiteral("fortuna.yaml"));
            QCOMPARE(reset.applyService(winner, original, QStringLiteral("reset")).status, S::Applied);
        }
    }

private:
    test::TestPostgres m_pg{QStringLiteral("catalog")};
    std::unique_ptr<store::Database> m_db;
};

QTEST_GUILESS_MAIN(TestCatalog)
#include "tst_catalog.moc"
