// Usage ingest against a real PostgreSQL: exactly-once storage under concurrency, conflicts,
// all-or-nothing and partial batches, the time window, the append-only table, and metering
// over what was stored.
#include "store/Database.h"
#include "store/Migrator.h"
#include "store/UsageRepository.h"
#include "support/TestPostgres.h"
#include "waybill/Metering.h"
#include "waybill/UsageIngest.h"

#include <QTest>

#include <algorithm>
#include <atomic>
#include <random>
#include <thread>

using namespace enclii;
using namespace enclii::waybill;
using Status = UsageIngest::Status;

namespace {

Decimal dec(const char *text)
{
    return *Decimal::parse(QString::fromLatin1(text));
}

UsageEvent bandwidth(const QString &key, const char *gb, const QDateTime &at, const QString &project = QStringLiteral("janua"))
{
    UsageEvent e;
    e.type = UsageType::BandwidthUsage;
    e.project = project;
    e.resource = QStringLiteral("edge");
    e.quantities = {{quantity::Gb, dec(gb)}};
    e.timestamp = at;
    e.idempotencyKey = key;
    return e;
}

QDateTime minutesAgo(int minutes)
{
    // Whole milliseconds, as stored.
    return QDateTime::fromMSecsSinceEpoch(QDateTime::currentMSecsSinceEpoch() - qint64(minutes) * 60000, Qt::UTC);
}

QList<Status> statuses(const UsageIngest::BatchResult &r)
{
    QList<Status> out;
    for (const auto &i : r.items)
        out << i.status;
    return out;
}

} // namespace

class TestUsageIngest : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY2(m_pg.isValid(), qPrintable(m_pg.error()));
        m_db = std::make_unique<store::Database>(store::Database::Options{m_pg.connectionString(), 8, 20000});
        QString error;
        QVERIFY2(store::Migrator(*m_db).migrate(&error) >= 0, qPrintable(error));
        m_ingest = std::make_unique<UsageIngest>(*m_db);
    }

    void sameEventThousandTimesConcurrentlyIsStoredOnce()
    {
        const UsageEvent e = bandwidth(QStringLiteral("burst-1"), "1.5", minutesAgo(10));
        std::atomic<int> accepted = 0, duplicates = 0, other = 0;
        std::vector<std::thread> threads;
        for (int t = 0; t < 8; ++t) {
            threads.emplace_back([&] {
                for (int i = 0; i < 125; ++i) {
                    try {
                        const auto r = m_ingest->record(e);
                        (r.status == Status::Accepted ? accepted : r.status == Status::Duplicate ? duplicates : other)++;
                    } catch (const std::exception &) {
                        other++;
                    }
                }
            });
        }
        for (auto &t : threads)
            t.join();
        QCOMPARE(accepted.load(), 1);
        QCOMPARE(duplicates.load(), 999);
        QCOMPARE(other.load(), 0);
        QCOMPARE(count(QStringLiteral("idempotency_key = 'burst-1'")), 1);
        QCOMPARE(m_pg.query(QStringLiteral("SELECT quantities->>'gb' || '|' || source FROM usage_events WHERE idempotency_key = 'burst-1'")),
                 QStringLiteral("1.5|encliid"));
    }

    void concurrentBatchesSharingKeysNeitherDeadlockNorDuplicate()
    {
        // Four batches of the same 300 keys in different orders, at once: each key stored once.
        QList<UsageEvent> events;
        const QDateTime at = minutesAgo(20);
        for (int i = 0; i < 300; ++i)
            events << bandwidth(QStringLiteral("shared-%1").arg(i), "0.001", at.addMSecs(i));
        std::atomic<int> accepted = 0, duplicates = 0, failures = 0;
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t) {
            QList<UsageEvent> mine = events;
            std::shuffle(mine.begin(), mine.end(), std::mt19937(t));
            threads.emplace_back([&, mine] {
                try {
                    const auto r = m_ingest->ingest(mine, BatchMode::AllOrNothing, QStringLiteral("test"));
                    accepted += r.accepted;
                    duplicates += r.duplicates;
                } catch (const std::exception &) {
                    failures++;
                }
            });
        }
        for (auto &t : threads)
            t.join();
        QCOMPARE(failures.load(), 0);
        QCOMPARE(accepted.load(), 300);
        QCOMPARE(duplicates.load(), 900);
        QCOMPARE(count(QStringLiteral("idempotency_key LIKE 'shared-%'")), 300);
    }

    void sameKeyOtherBodyIsAConflictAndChangesNothing()
    {
        const UsageEvent first = bandwidth(QStringLiteral("conflict-1"), "2", minutesAgo(5));
        QCOMPARE(m_ingest->record(first).status, Status::Accepted);
        const QString before = m_pg.query(QStringLiteral("SELECT id, body_hash, quantities::text, occurred_at, received_at FROM usage_events "
                                                         "WHERE idempotency_key = 'conflict-1'"));
        UsageEvent other = first;
        other.quantities[quantity::Gb] = dec("3");
        const auto r = m_ingest->record(other);
        QCOMPARE(r.status, Status::Conflict);
        QVERIFY2(r.reason.contains(QStringLiteral("different body")), qPrintable(r.reason));
        other = first;
        other.timestamp = first.timestamp.addMSecs(1);
        QCOMPARE(m_ingest->record(other).status, Status::Conflict);
        // The same body spelt differently ("2.000") is the same event.
        other = first;
        other.quantities[quantity::Gb] = dec("2.000");
        QCOMPARE(m_ingest->record(other).status, Status::Duplicate);
        QCOMPARE(m_pg.query(QStringLiteral("SELECT id, body_hash, quantities::text, occurred_at, received_at FROM usage_events "
                                           "WHERE idempotency_key = 'conflict-1'")),
                 before);
    }

    void allOrNothingWithOneBadItemStoresNothing()
    {
        const QDateTime at = minutesAgo(30);
        // The last item is stored already, as it is: a duplicate, whatever happens to the rest.
        QList<UsageEvent> batch = {bandwidth(QStringLiteral("aon-1"), "1", at), bandwidth(QStringLiteral("aon-2"), "1", at),
                                   bandwidth(QStringLiteral("aon-3"), "-1", at), storedBurst()};
        const auto r = m_ingest->ingest(batch, BatchMode::AllOrNothing, QStringLiteral("test"));
        QVERIFY(r.refused());
        QCOMPARE(statuses(r), (QList<Status>{Status::Rejected, Status::Rejected, Status::Invalid, Status::Duplicate}));
        QVERIFY2(r.items[2].reason.contains(QStringLiteral("negative")), qPrintable(r.items[2].reason));
        QVERIFY2(r.items[0].reason.contains(QStringLiteral("all-or-nothing")), qPrintable(r.items[0].reason));
        QCOMPARE(r.items[0].idempotencyKey, QStringLiteral("aon-1"));
        QCOMPARE(count(QStringLiteral("idempotency_key LIKE 'aon-%'")), 0);

        // A conflict refuses the batch as well, after the insert: it is rolled back.
        batch[2] = bandwidth(QStringLiteral("conflict-1"), "99", at);
        const auto c = m_ingest->ingest(batch, BatchMode::AllOrNothing, QStringLiteral("test"));
        QCOMPARE(statuses(c), (QList<Status>{Status::Rejected, Status::Rejected, Status::Conflict, Status::Duplicate}));
        QCOMPARE(count(QStringLiteral("idempotency_key LIKE 'aon-%'")), 0);

        // Fixed, the same batch goes in whole.
        batch.removeAt(2);
        const auto ok = m_ingest->ingest(batch, BatchMode::AllOrNothing, QStringLiteral("test"));
        QVERIFY(!ok.refused());
        QCOMPARE(statuses(ok), (QList<Status>{Status::Accepted, Status::Accepted, Status::Duplicate}));
        QCOMPARE(count(QStringLiteral("idempotency_key LIKE 'aon-%'")), 2);
    }

    void partialStoresTheGoodOnes()
    {
        const QDateTime at = minutesAgo(40);
        UsageEvent unknownKey = bandwidth(QStringLiteral("part-4"), "1", at);
        unknownKey.quantities.insert(QStringLiteral("gigabytes"), dec("1"));
        const QList<UsageEvent> batch = {bandwidth(QStringLiteral("part-1"), "1", at), bandwidth(QStringLiteral("part-2"), "2", at),
                                         bandwidth(QStringLiteral("conflict-1"), "7", at), unknownKey,
                                         bandwidth(QStringLiteral("part-1"), "1", at),  // again in the batch: a duplicate
                                         bandwidth(QStringLiteral("part-2"), "5", at)}; // again, other body: a conflict
        const auto r = m_ingest->ingest(batch, BatchMode::Partial, QStringLiteral("test"));
        QCOMPARE(statuses(r), (QList<Status>{Status::Accepted, Status::Accepted, Status::Conflict, Status::Invalid, Status::Duplicate,
                                             Status::Conflict}));
        QVERIFY2(r.items[3].reason.contains(QStringLiteral("\"gigabytes\"")), qPrintable(r.items[3].reason));
        QVERIFY2(r.items[5].reason.contains(QStringLiteral("item 1 of this batch")), qPrintable(r.items[5].reason));
        QCOMPARE(r.accepted, 2);
        QCOMPARE(r.conflicts, 2);
        QCOMPARE(count(QStringLiteral("idempotency_key LIKE 'part-%'")), 2);
        QCOMPARE(m_pg.query(QStringLiteral("SELECT quantities->>'gb' FROM usage_events WHERE idempotency_key = 'part-2'")), QStringLiteral("2"));
    }

    void timestampsOutsideTheWindowAreRefused()
    {
        // More than 5 minutes ahead of the server's clock.
        auto r = m_ingest->record(bandwidth(QStringLiteral("future-1"), "1", minutesAgo(-6)));
        QCOMPARE(r.status, Status::Invalid);
        QVERIFY2(r.reason.contains(QStringLiteral("more than 5 minutes ahead of the server's clock")), qPrintable(r.reason));
        QCOMPARE(m_ingest->record(bandwidth(QStringLiteral("future-2"), "1", minutesAgo(-4))).status, Status::Accepted);
        // Older than the 48-hour grace window.
        r = m_ingest->record(bandwidth(QStringLiteral("old-1"), "1", minutesAgo(48 * 60 + 1)));
        QCOMPARE(r.status, Status::Invalid);
        QVERIFY2(r.reason.contains(QStringLiteral("older than the grace window of 48 hours")), qPrintable(r.reason));
        QCOMPARE(m_ingest->record(bandwidth(QStringLiteral("old-2"), "1", minutesAgo(47 * 60))).status, Status::Accepted);
        QCOMPARE(count(QStringLiteral("idempotency_key IN ('future-1', 'old-1')")), 0);

        // The window is configurable; an event stored in time stays a duplicate when retried too late.
        UsageIngest::Options options;
        options.graceMs = 3600 * 1000;
        UsageIngest strict(*m_db, options);
        r = strict.record(bandwidth(QStringLiteral("old-3"), "1", minutesAgo(61)));
        QCOMPARE(r.status, Status::Invalid);
        QVERIFY2(r.reason.contains(QStringLiteral("grace window of 1 hour ")), qPrintable(r.reason));
        const UsageEvent retried = [&] {
            const auto rows = store::UsageRepository(*m_db).list({QString(), 0, 0, 0, 0, 1000});
            for (const auto &row : rows)
                if (row.idempotencyKey == QLatin1String("old-2"))
                    return *usageEventFromRow(row);
            return UsageEvent{};
        }();
        QCOMPARE(strict.record(retried).status, Status::Duplicate);
        UsageEvent changed = retried;
        changed.quantities[quantity::Gb] = dec("2");
        QCOMPARE(strict.record(changed).status, Status::Conflict);
    }

    void limitsOnBatchAndNames()
    {
        QList<UsageEvent> many;
        for (int i = 0; i < 1001; ++i)
            many << bandwidth(QStringLiteral("many-%1").arg(i), "1", minutesAgo(1));
        const auto r = m_ingest->ingest(many, BatchMode::Partial, QStringLiteral("test"));
        QVERIFY(r.error.contains(QStringLiteral("at most 1000")));
        QVERIFY(r.items.isEmpty());
        QCOMPARE(count(QStringLiteral("idempotency_key LIKE 'many-%'")), 0);
        UsageEvent longKey = bandwidth(QString(201, u'k'), "1", minutesAgo(1));
        QCOMPARE(m_ingest->record(longKey).status, Status::Invalid);
        UsageEvent nul = bandwidth(QStringLiteral("nul"), "1", minutesAgo(1));
        nul.resource = QStringLiteral("a") + QChar(u'\0') + QStringLiteral("b");
        QCOMPARE(m_ingest->record(nul).status, Status::Invalid);
        // Quotes, backslashes, braces and commas travel through the array parameters intact.
        const QString odd = QStringLiteral("odd \"key\" \\ {a,b} ñ");
        const QDateTime at = minutesAgo(1);
        QCOMPARE(m_ingest->record(bandwidth(odd, "1", at, odd)).status, Status::Accepted);
        QCOMPARE(m_ingest->record(bandwidth(odd, "1.0", at, odd)).status, Status::Duplicate);
        QCOMPARE(m_ingest->record(bandwidth(odd, "1", at.addMSecs(5), odd)).status, Status::Conflict);
        QCOMPARE(store::UsageRepository(*m_db).bodyHashes({odd}).size(), 1);
    }

    void rowsAreNeverUpdatedOrDeleted()
    {
        for (const QString &sql : {QStringLiteral("UPDATE usage_events SET project = 'x' WHERE idempotency_key = 'burst-1'"),
                                   QStringLiteral("DELETE FROM usage_events WHERE idempotency_key = 'burst-1'"),
                                   QStringLiteral("TRUNCATE usage_events")}) {
            bool ok = true;
            m_pg.query(sql, &ok);
            QVERIFY2(!ok, qPrintable(sql));
            QVERIFY2(m_pg.error().contains(QStringLiteral("append-only")), qPrintable(m_pg.error()));
        }
        QCOMPARE(count(QStringLiteral("idempotency_key = 'burst-1' AND project = 'janua'")), 1);
    }

    void meteringOverStoredEventsGivesTheHandWorkedFigures()
    {
        // Three hours ago, on the hour: well inside the grace window.
        const qint64 hourMs = 3600 * 1000;
        const QDateTime base = QDateTime::fromMSecsSinceEpoch((QDateTime::currentMSecsSinceEpoch() / hourMs - 3) * hourMs, Qt::UTC);
        const QString project = QStringLiteral("metered");
        auto deployment = [&](UsageType type, const QString &key, qint64 offsetMs, std::initializer_list<std::pair<QString, const char *>> q) {
            UsageEvent e;
            e.type = type;
            e.project = project;
            e.resource = QStringLiteral("api");
            e.timestamp = base.addMSecs(offsetMs);
            e.idempotencyKey = key;
            for (const auto &[k, v] : q)
                e.quantities.insert(k, dec(v));
            return e;
        };
        using namespace quantity;
        const QList<UsageEvent> events = {
            // 00:00:30 start at 2 x max(0.5 vCPU, 1 GB) = 2 GB per minute
            deployment(UsageType::DeploymentStarted, QStringLiteral("m-start"), 30000, {{Replicas, "2"}, {Vcpu, "0.5"}, {MemoryGb, "1"}}),
            // 00:10:00 scaled to 3 replicas: 3 GB per minute
            deployment(UsageType::DeploymentScaled, QStringLiteral("m-scale"), 10 * 60000, {{Replicas, "3"}}),
            // 00:20:30 stopped
            deployment(UsageType::DeploymentStopped, QStringLiteral("m-stop"), 20 * 60000 + 30000, {}),
        };
        // Sent in reverse, twice: order and retries must not matter.
        QList<UsageEvent> sent(events.rbegin(), events.rend());
        QCOMPARE(m_ingest->ingest(sent, BatchMode::AllOrNothing, QStringLiteral("test")).accepted, 3);
        QCOMPARE(m_ingest->ingest(sent, BatchMode::AllOrNothing, QStringLiteral("test")).duplicates, 3);

        store::UsageQuery q;
        q.project = project;
        q.limit = 1000;
        QList<UsageEvent> stored;
        for (const auto &row : store::UsageRepository(*m_db).list(q)) {
            QString error;
            const auto e = usageEventFromRow(row, &error);
            QVERIFY2(e, qPrintable(error));
            stored << *e;
        }
        QCOMPARE(stored.size(), 3);
        QCOMPARE(stored.first(), events.first()); // read back exactly as sent
        // Minutes 00:01..00:09 at 2 GB (18) and 00:10..00:20 at 3 GB (33): 51 GB-minutes.
        const MeterResult m = meter(stored, base, base.addSecs(3600));
        QVERIFY(m.problems.isEmpty());
        QCOMPARE(m.quantity(project, metric::ComputeGbMinutes), dec("51"));
        QCOMPARE(minutesToHours(m.quantity(project, metric::ComputeGbMinutes), Rounding::HalfEven), dec("0.85"));
        // Split at 00:10 the windows add up to the same.
        const MeterResult a = meter(stored, base, base.addSecs(600));
        const MeterResult b = meter(stored, base.addSecs(600), base.addSecs(3600));
        QCOMPARE(a.quantity(project, metric::ComputeGbMinutes), dec("18"));
        QCOMPARE(b.quantity(project, metric::ComputeGbMinutes), dec("33"));
    }

    void listingPagesByTime()
    {
        store::UsageRepository repo(*m_db);
        store::UsageQuery q;
        q.limit = 7;
        QSet<qint64> seen;
        qint64 lastMs = std::numeric_limits<qint64>::min();
        int pages = 0;
        for (;;) {
            const auto rows = repo.list(q);
            for (const auto &r : rows) {
                QVERIFY(!seen.contains(r.id));
                QVERIFY(r.occurredAtMs >= lastMs);
                seen.insert(r.id);
                lastMs = r.occurredAtMs;
            }
            ++pages;
            if (rows.size() < q.limit)
                break;
            q.afterMs = rows.last().occurredAtMs;
            q.afterId = rows.last().id;
        }
        QCOMPARE(int(seen.size()), count(QStringLiteral("true")));
        QVERIFY(pages > 10);
    }

private:
    int count(const QString &where)
    {
        bool ok = false;
        const int n = m_pg.query(QStringLiteral("SELECT count(*) FROM usage_events WHERE ") + where, &ok).trimmed().toInt();
        return ok ? n : -1;
    }

    UsageEvent storedBurst()
    {
        store::UsageQuery q;
        q.limit = 1000;
        for (const auto &row : store::UsageRepository(*m_db).list(q))
            if (row.idempotencyKey == QLatin1String("burst-1"))
                return *usageEventFromRow(row);
        return {};
    }

    test::TestPostgres m_pg{QStringLiteral("usageingest")};
    std::unique_ptr<store::Database> m_db;
    std::unique_ptr<UsageIngest> m_ingest;
};

QTEST_GUILESS_MAIN(TestUsageIngest)
#include "tst_usageingest.moc"
