// The store against a real, throwaway PostgreSQL started by the fixture.
#include "spec/SpecJson.h"
#include "store/AuditLog.h"
#include "store/Database.h"
#include "store/Migrator.h"
#include "store/SpecRepository.h"
#include "support/TestPostgres.h"

#include <QTest>

#include <thread>

using namespace enclii;

namespace {

store::DocumentToApply serviceDoc(const QString &name, int replicas)
{
    const QJsonObject content{{QStringLiteral("kind"), QStringLiteral("Service")},
                              {QStringLiteral("spec"), QJsonObject{{QStringLiteral("replicas"), replicas}}}};
    store::DocumentToApply d;
    d.kind = QStringLiteral("Service");
    d.name = name;
    d.content = content;
    d.contentHash = spec::contentHash(content);
    d.source = QStringLiteral("test");
    d.project = QStringLiteral("demo");
    d.namespaceName = QStringLiteral("enclii-demo");
    return d;
}

store::DocumentToApply ecosystemDoc()
{
    store::DocumentToApply d;
    d.kind = QStringLiteral("Ecosystem");
    d.name = QStringLiteral("test");
    d.content = QJsonObject{{QStringLiteral("kind"), QStringLiteral("Ecosystem")}};
    d.contentHash = spec::contentHash(d.content);
    d.projects = {store::ProjectRow{QStringLiteral("demo"), 2, QStringLiteral("Demo app"), QStringLiteral("enclii-demo"), true, {}}};
    return d;
}

} // namespace

class TestStore : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY2(m_pg.isValid(), qPrintable(m_pg.error()));
        m_db = std::make_unique<store::Database>(store::Database::Options{m_pg.connectionString(), 8, 10000});
        QString error;
        QVERIFY2(m_db->open(&error), qPrintable(error));
    }

    void migrationsRunOnceThenAreANoOp()
    {
        store::Migrator m(*m_db);
        QString error;
        const int first = m.migrate(&error);
        QVERIFY2(first >= 1, qPrintable(error));
        QCOMPARE(m.migrate(&error), 0);
        QCOMPARE(m.migrate(&error), 0);
        QCOMPARE(m.appliedVersions().size(), store::Migrator::embedded().size());
    }

    void changedMigrationIsRefused()
    {
        auto migrations = store::Migrator::embedded();
        migrations.first().sql += QStringLiteral("\n-- edited");
        migrations.first().checksum = QStringLiteral("different");
        QString error;
        QCOMPARE(store::Migrator(*m_db).migrate(&error, migrations), -1);
        QVERIFY2(error.contains(QStringLiteral("was changed after it was applied")), qPrintable(error));
    }

    void failedMigrationLeavesNothing()
    {
        auto migrations = store::Migrator::embedded();
        migrations << store::Migration{9998, QStringLiteral("good"), QStringLiteral("CREATE TABLE half_done (x int)"), QStringLiteral("a")};
        migrations << store::Migration{9999, QStringLiteral("bad"), QStringLiteral("CREATE TABLE broken (x nosuchtype)"), QStringLiteral("b")};
        QString error;
        QCOMPARE(store::Migrator(*m_db).migrate(&error, migrations), -1);
        QVERIFY(error.contains(QStringLiteral("nosuchtype")));
        bool ok = false;
        QCOMPARE(m_pg.query(QStringLiteral("SELECT count(*) FROM pg_tables WHERE tablename = 'half_done'"), &ok).trimmed(), QStringLiteral("0"));
        QVERIFY(!store::Migrator(*m_db).appliedVersions().contains(9998));
    }

    void revisionRoundTrips()
    {
        store::SpecRepository repo(*m_db);
        auto out = repo.apply({ecosystemDoc(), serviceDoc(QStringLiteral("demo-api"), 2)}, QStringLiteral("alice"));
        QCOMPARE(out.size(), 2);
        QVERIFY(out[1].created);
        QVERIFY(out[1].changed);
        QCOMPARE(out[1].revision, 1);

        // Same content: nothing written.
        const qint64 before = repo.generation();
        out = repo.apply({serviceDoc(QStringLiteral("demo-api"), 2)}, QStringLiteral("bob"));
        QVERIFY(!out[0].changed);
        QCOMPARE(out[0].revision, 1);
        QCOMPARE(repo.generation(), before);

        // New content: revision 2, the first kept.
        out = repo.apply({serviceDoc(QStringLiteral("demo-api"), 3)}, QStringLiteral("bob"));
        QVERIFY(out[0].changed);
        QCOMPARE(out[0].revision, 2);

        const auto current = repo.current(QStringLiteral("Service"), QStringLiteral("demo-api"));
        QVERIFY(current);
        QCOMPARE(current->info.revision, 2);
        QCOMPARE(current->info.author, QStringLiteral("bob"));
        QCOMPARE(current->content.value(QStringLiteral("spec")).toObject().value(QStringLiteral("replicas")).toInt(), 3);
        QCOMPARE(current->info.contentHash, spec::contentHash(current->content));
        QVERIFY(current->info.createdAt.isValid());

        const auto first = repo.revision(QStringLiteral("Service"), QStringLiteral("demo-api"), 1);
        QVERIFY(first);
        QCOMPARE(first->content.value(QStringLiteral("spec")).toObject().value(QStringLiteral("replicas")).toInt(), 2);
        QCOMPARE(first->info.author, QStringLiteral("alice"));
        QCOMPARE(repo.history(QStringLiteral("Service"), QStringLiteral("demo-api")).size(), 2);
        QVERIFY(!repo.revision(QStringLiteral("Service"), QStringLiteral("demo-api"), 3));

        const auto projects = repo.projects();
        QCOMPARE(projects.size(), 1);
        QCOMPARE(projects.first().namespaceName, QStringLiteral("enclii-demo"));

        // Every change is in the audit log with its actor.
        const auto audit = store::AuditLog(*m_db).list(10, 0, QStringLiteral("Service/demo-api"));
        QCOMPARE(audit.size(), 2);
        QCOMPARE(audit.first().actor, QStringLiteral("bob"));
        QCOMPARE(audit.first().action, QStringLiteral("spec.apply"));
        QCOMPARE(audit.first().detail.value(QStringLiteral("revision")).toInt(), 2);
    }

    void concurrentAppliesSerialize()
    {
        // Eight writers apply eight different contents to one new service at once: every
        // apply gets its own revision, 1..8, none lost, none duplicated.
        store::SpecRepository repo(*m_db);
        const int writers = 8;
        QList<int> revisions(writers, 0);
        std::vector<std::thread> threads;
        for (int i = 0; i < writers; ++i) {
            threads.emplace_back([&, i] {
                store::SpecRepository r(*m_db);
                revisions[i] = r.apply({serviceDoc(QStringLiteral("race-api"), 100 + i)}, QStringLiteral("writer")).first().revision;
            });
        }
        for (auto &t : threads)
            t.join();
        std::sort(revisions.begin(), revisions.end());
        for (int i = 0; i < writers; ++i)
            QCOMPARE(revisions[i], i + 1);
        QCOMPARE(repo.history(QStringLiteral("Service"), QStringLiteral("race-api")).size(), writers);
        QCOMPARE(repo.current(QStringLiteral("Service"), QStringLiteral("race-api"))->info.revision, writers);
    }

    void failedApplyWritesNothing()
    {
        store::SpecRepository repo(*m_db);
        const qint64 before = repo.generation();
        auto bad = serviceDoc(QStringLiteral("orphan-api"), 1);
        bad.project = QStringLiteral("no-such-project"); // violates the services -> projects reference
        QVERIFY_THROWS_EXCEPTION(std::exception, repo.apply({serviceDoc(QStringLiteral("fine-api"), 1), bad}, QStringLiteral("x")));
        QCOMPARE(repo.generation(), before);
        QVERIFY(!repo.current(QStringLiteral("Service"), QStringLiteral("fine-api")));
    }

    void poolSurvivesAKilledConnection()
    {
        // Terminate every other backend; the pool notices and reconnects.
        bool ok = false;
        m_pg.query(QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND datname = current_database()"), &ok);
        QVERIFY(ok);
        QString error;
        // The first use may hit a dead connection; the next one must work.
        m_db->ping(&error);
        QVERIFY2(m_db->ping(&error), qPrintable(error));
    }

private:
    test::TestPostgres m_pg{QStringLiteral("store")};
    std::unique_ptr<store::Database> m_db;
};

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"
