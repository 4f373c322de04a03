// Usage ingest throughput: events/s through UsageIngest (validation, canonical body hashes,
// one multi-row INSERT ... ON CONFLICT DO NOTHING and the duplicate lookup per batch of
// 1,000), against a plain COPY of the same rows into a table of the same shape in the same
// database (same columns, defaults, constraints and indexes). Rounds alternate between the
// two so that both tables grow alike.
//   bench_ingest [EVENTS]   default 100000
#include "store/Database.h"
#include "store/Migrator.h"
#include "support/TestPostgres.h"
#include "waybill/UsageIngest.h"

#include <pqxx/pqxx>

#include <QCoreApplication>
#include <QElapsedTimer>

#include <cstdio>

using namespace enclii;
using namespace enclii::waybill;

namespace {

constexpr int kBatch = 1000;
constexpr int kRounds = 4;

QList<UsageEvent> makeEvents(int n, int offset, qint64 nowMs)
{
    QList<UsageEvent> out;
    out.reserve(n);
    const qint64 spreadMs = 47LL * 3600 * 1000; // inside the 48-hour grace window
    for (int i = offset; i < offset + n; ++i) {
        UsageEvent e;
        e.project = QStringLiteral("project-%1").arg(i % 33);
        e.resource = QStringLiteral("service-%1").arg(i % 97);
        e.timestamp = QDateTime::fromMSecsSinceEpoch(nowMs - spreadMs + (qint64(i) * 7919) % spreadMs, Qt::UTC);
        e.idempotencyKey = QStringLiteral("bench-%1-%2").arg(i).arg(nowMs);
        switch (i % 3) {
        case 0:
            e.type = UsageType::BandwidthUsage;
            e.quantities = {{quantity::Gb, *Decimal::parse(QStringLiteral("0.%1").arg(i % 1000, 3, 10, QLatin1Char('0')))}};
            break;
        case 1:
            e.type = UsageType::DeploymentScaled;
            e.quantities = {{quantity::Replicas, Decimal::fromInt(1 + i % 5)}, {quantity::Vcpu, *Decimal::parse(u"0.25")}};
            break;
        default:
            e.type = UsageType::BuildCompleted;
            e.quantities = {{quantity::Minutes, *Decimal::parse(QStringLiteral("%1.5").arg(i % 30))}};
            break;
        }
        out << e;
    }
    return out;
}

// The rows exactly as UsageIngest stores them, as COPY text fields.
std::vector<std::tuple<std::string, std::string, std::string, std::string, std::string, std::string, std::string, std::string>>
copyRows(const QList<UsageEvent> &events)
{
    std::vector<std::tuple<std::string, std::string, std::string, std::string, std::string, std::string, std::string, std::string>> rows;
    rows.reserve(std::size_t(events.size()));
    for (const UsageEvent &e : events)
        rows.emplace_back(e.idempotencyKey.toStdString(), bodyHash(e).toStdString(), usageTypeName(e.type).toStdString(),
                          e.project.toStdString(), e.resource.toStdString(), quantitiesJson(e.quantities).toStdString(),
                          formatUtcTimestamp(e.timestamp).toStdString(), std::string("bench"));
    return rows;
}

double seconds(const QElapsedTimer &t)
{
    return double(t.nsecsElapsed()) / 1e9;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int total = argc > 1 ? std::max(kBatch * kRounds, QByteArray(argv[1]).toInt()) : 100000;
    const int perRound = total / kRounds / kBatch * kBatch;

    test::TestPostgres pg(QStringLiteral("bench_ingest"));
    if (!pg.isValid()) {
        std::fprintf(stderr, "bench_ingest: no PostgreSQL: %s\n", qPrintable(pg.error()));
        return 1;
    }
    store::Database db({pg.connectionString(), 2, 30000});
    QString error;
    if (store::Migrator(db).migrate(&error) < 0) {
        std::fprintf(stderr, "bench_ingest: %s\n", qPrintable(error));
        return 1;
    }
    db.withConnection([](pqxx::connection_base &c) {
        pqxx::work tx(c);
        tx.exec("CREATE TABLE usage_events_copy (LIKE usage_events INCLUDING ALL)");
        tx.commit();
    });

    UsageIngest ingest(db);
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    double ingestS = 0, duplicateS = 0, copyS = 0;
    int stored = 0, duplicates = 0;
    for (int round = 0; round < kRounds; ++round) {
        const QList<UsageEvent> events = makeEvents(perRound, round * perRound, nowMs);
        QElapsedTimer t;
        t.start();
        for (int b = 0; b < perRound; b += kBatch)
            stored += ingest.ingest(events.mid(b, kBatch), BatchMode::AllOrNothing, QStringLiteral("bench")).accepted;
        ingestS += seconds(t);

        // The same rows again: every one a duplicate, nothing written.
        t.restart();
        for (int b = 0; b < perRound; b += kBatch)
            duplicates += ingest.ingest(events.mid(b, kBatch), BatchMode::AllOrNothing, QStringLiteral("bench")).duplicates;
        duplicateS += seconds(t);

        // The baseline: COPY of the same rows, prepared beforehand, one transaction per 1,000.
        const auto rows = copyRows(events);
        t.restart();
        db.withConnection([&](pqxx::connection_base &c) {
            for (std::size_t b = 0; b < rows.size(); b += kBatch) {
                pqxx::work tx(c);
                pqxx::stream_to copy(tx, "usage_events_copy",
                                     std::vector<std::string>{"idempotency_key", "body_hash", "type", "project", "resource",
                                                              "quantities", "occurred_at", "source"});
                for (std::size_t i = b; i < std::min(rows.size(), b + kBatch); ++i)
                    copy << rows[i];
                copy.complete();
                tx.commit();
            }
        });
        copyS += seconds(t);
    }
    const int n = perRound * kRounds;
    bool ok = false;
    const int copied = pg.query(QStringLiteral("SELECT count(*) FROM usage_events_copy"), &ok).trimmed().toInt();
    if (stored != n || duplicates != n || copied != n) {
        std::fprintf(stderr, "bench_ingest: stored %d, duplicates %d, copied %d of %d\n", stored, duplicates, copied, n);
        return 1;
    }
    const double ingestRate = n / ingestS;
    const double copyRate = n / copyS;
    std::printf("ingest: %d events, batches of %d, %d rounds alternating with the baseline\n", n, kBatch, kRounds);
    std::printf("ingest: UsageIngest, new events (validate, hash, INSERT ... ON CONFLICT, lookup): %.0f events/s\n", ingestRate);
    std::printf("ingest: UsageIngest, the same events again (all duplicates): %.0f events/s\n", n / duplicateS);
    std::printf("ingest: plain COPY of the same rows into the same table shape, %d a transaction: %.0f events/s\n", kBatch, copyRate);
    std::printf("ingest: ratio UsageIngest / COPY = %.2f\n", ingestRate / copyRate);
    return 0;
}
