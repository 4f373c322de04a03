// Hourly aggregation of usage events: RollupAggregator::runOnce() over N events stored in
// usage_events (metering every hour per project, resource and metric, writing the hourly rows
// and deriving days and months), against a bare SQL GROUP BY over the same rows into a table
// in the same database (hour, project, resource, type: count and sums) - the floor of any
// hourly rollup that reads every row once.
//   bench_rollup [EVENTS]   default 10000000
//
// The events span 30 days and 200 resources of 20 projects: 81 % bandwidth reports, 19 %
// builds, 0.1 % scale events, and a deployment started per resource at the beginning. They are
// generated inside PostgreSQL (generate_series), so the figures are the aggregation's alone.
#include "store/Database.h"
#include "store/Migrator.h"
#include "support/TestPostgres.h"
#include "waybill/RollupAggregator.h"

#include <pqxx/pqxx>

#include <QCoreApplication>
#include <QElapsedTimer>

#include <cstdio>

using namespace enclii;

namespace {

constexpr qint64 kHourMs = 3600LL * 1000;
constexpr int kDays = 30;

double seconds(const QElapsedTimer &t)
{
    return double(t.nsecsElapsed()) / 1e9;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const long long n = argc > 1 ? QByteArray(argv[1]).toLongLong() : 10'000'000LL;
    test::TestPostgres pg(QStringLiteral("bench_rollup"));
    if (!pg.isValid()) {
        std::fprintf(stderr, "bench_rollup: no PostgreSQL: %s\n", qPrintable(pg.error()));
        return 1;
    }
    store::Database db(store::Database::Options{pg.connectionString(), 2, 20000});
    QString error;
    if (store::Migrator(db).migrate(&error) < 0) {
        std::fprintf(stderr, "bench_rollup: %s\n", qPrintable(error));
        return 1;
    }
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    const long long endMs = (nowMs / kHourMs - 24) * kHourMs;
    const long long startMs = endMs - kDays * 24 * kHourMs;
    const long long spanMs = endMs - startMs;

    pqxx::connection c(pg.connectionString().toStdString());
    QElapsedTimer t;
    t.start();
    {
        pqxx::work tx(c);
        tx.exec_params(
            "INSERT INTO usage_events (idempotency_key, body_hash, type, project, resource, quantities, occurred_at, source)"
            " SELECT 'start-' || r, md5('start-' || r), 'deployment.started', 'project-' || (r % 20), 'service-' || r,"
            "        jsonb_build_object('replicas', '2', 'vcpu', '0.5', 'memoryGb', '1'),"
            "        timestamptz 'epoch' + $1::bigint * interval '1 millisecond', 'bench'"
            " FROM generate_series(0, 199) r",
            startMs);
        tx.exec_params(
            "INSERT INTO usage_events (idempotency_key, body_hash, type, project, resource, quantities, occurred_at, source)"
            " SELECT 'bench-' || i, md5(i::text),"
            "        CASE WHEN i % 1000 = 0 THEN 'deployment.scaled' WHEN i % 100 < 19 THEN 'build.completed' ELSE 'bandwidth.usage' END,"
            "        'project-' || (i % 200 % 20), 'service-' || (i % 200),"
            "        CASE WHEN i % 1000 = 0 THEN jsonb_build_object('replicas', (1 + i % 5)::text)"
            "             WHEN i % 100 < 19 THEN jsonb_build_object('minutes', (i % 30)::text || '.5')"
            "             ELSE jsonb_build_object('gb', '0.' || lpad((i % 997)::text, 3, '0')) END,"
            "        timestamptz 'epoch' + ($2::bigint + 1 + (i * 7919) % ($3::bigint - 2)) * interval '1 millisecond', 'bench'"
            " FROM generate_series(1, $1::bigint) i",
            n, startMs, spanMs);
        tx.commit();
    }
    pqxx::nontransaction(c).exec("ANALYZE usage_events");
    std::fprintf(stderr, "bench_rollup: generated %lld events in %.1f s\n", n + 200, seconds(t));

    // Baseline: one pass over every row, grouped by hour, written to a table.
    t.restart();
    pqxx::nontransaction(c).exec(
        "CREATE TABLE baseline_hourly AS"
        " SELECT date_trunc('hour', occurred_at, 'UTC') AS hour, project, resource, type, count(*) AS events,"
        "        sum((quantities->>'gb')::numeric) AS gb, sum(ceil((quantities->>'minutes')::numeric)) AS minutes"
        " FROM usage_events GROUP BY 1, 2, 3, 4");
    const double baseline = seconds(t);

    waybill::RollupAggregator::Options o;
    o.settleMs = 0;
    o.clock = [endMs] { return QDateTime::fromMSecsSinceEpoch(endMs, Qt::UTC); };
    waybill::RollupAggregator aggregator(pg.connectionString(), o);
    t.restart();
    const auto report = aggregator.runOnce();
    const double rollup = seconds(t);
    if (!report.error.isEmpty()) {
        std::fprintf(stderr, "bench_rollup: %s\n", qPrintable(report.error));
        return 1;
    }
    pqxx::nontransaction q(c);
    const long long rows = q.exec("SELECT count(*) FROM usage_rollups WHERE granularity = 'hour'")[0][0].as<long long>();
    // The rollups and the baseline must agree where both count the same thing.
    const std::string rolled = q.exec("SELECT trim_scale(sum(quantity))::text FROM usage_rollups WHERE granularity = 'month'"
                                      " AND metric = 'bandwidth.gb'")[0][0].as<std::string>();
    const std::string direct = q.exec("SELECT trim_scale(sum(gb))::text FROM baseline_hourly")[0][0].as<std::string>();
    const std::string builds = q.exec("SELECT trim_scale(sum(quantity))::text FROM usage_rollups WHERE granularity = 'month'"
                                      " AND metric = 'build.minutes'")[0][0].as<std::string>();
    const std::string buildsDirect = q.exec("SELECT trim_scale(sum(minutes))::text FROM baseline_hourly")[0][0].as<std::string>();

    t.restart();
    const auto differences = aggregator.check(QDateTime::fromMSecsSinceEpoch(endMs - 24 * kHourMs, Qt::UTC),
                                              QDateTime::fromMSecsSinceEpoch(endMs, Qt::UTC), &error);
    const double checkS = seconds(t);

    std::printf("rollup: %lld events over %d days, 200 resources; %d hourly windows, %lld hourly rows, %d transactions\n", n + 200, kDays,
                report.hoursMetered, rows, report.chunks);
    std::printf("rollup: RollupAggregator, hourly + daily + monthly from nothing: %.1f s (%.0f events/s)\n", rollup, (n + 200) / rollup);
    std::printf("rollup: baseline bare SQL GROUP BY (hour, project, resource, type) into a table: %.1f s (%.0f events/s)\n", baseline,
                (n + 200) / baseline);
    std::printf("rollup: ratio RollupAggregator / GROUP BY = %.2f\n", rollup / baseline);
    std::printf("rollup: totals agree with the baseline: bandwidth %s, build minutes %s\n",
                rolled == direct ? "yes" : "NO", builds == buildsDirect ? "yes" : "NO");
    std::printf("rollup: check mode over the last day: %.1f s, %lld difference(s)%s\n", checkS, (long long)differences.size(),
                error.isEmpty() ? "" : qPrintable(QStringLiteral(" (") + error + u')'));
    return rolled == direct && builds == buildsDirect && differences.isEmpty() ? 0 : 1;
}
